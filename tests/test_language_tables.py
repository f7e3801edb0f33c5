"""Language knowledge lives in tables: the code of the stages names no Arabic word.

Every code module of the render, events, places and dates stages is read with `tokenize`;
a string literal (docstrings aside) that holds an Arabic character fails the test. The
tables are exempt: `site/labels.py` (the interface's words per language), `dates/tables.py`
(the date vocabulary), the YAML tables under generator/data/, and `generator/arabic.py`
(the Arabic text module) which lies outside the packages scanned.
"""

from __future__ import annotations

import ast
import io
import re
import tokenize
from pathlib import Path

import pytest

GENERATOR = Path(__file__).resolve().parent.parent / "generator"
PACKAGES = ("site", "events", "places", "dates")
TABLE_MODULES = {"site/labels.py", "dates/tables.py"}

# String literals allowed to hold Arabic, as (module, literal's text) with the reason. Empty:
# keep it so, or say here why a literal cannot live in a table.
ALLOWED: dict[tuple[str, str], str] = {}

ARABIC = re.compile("[\u0600-\u06ff]")
STRING_TOKENS = {tokenize.STRING} | ({tokenize.FSTRING_MIDDLE} if hasattr(tokenize, "FSTRING_MIDDLE") else set())


def code_modules() -> list[str]:
    return sorted(
        rel for pkg in PACKAGES for path in (GENERATOR / pkg).glob("*.py")
        if (rel := path.relative_to(GENERATOR).as_posix()) not in TABLE_MODULES)


def _docstring_starts(source: str) -> set[tuple[int, int]]:
    """(line, column) where each docstring (module, class, function) begins."""
    starts = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and isinstance(first.value.value, str):
                starts.add((first.lineno, first.col_offset))
    return starts


def arabic_literals(source: str) -> list[tuple[int, str]]:
    """(line, token text) of every non-docstring string literal with an Arabic character."""
    docstrings = _docstring_starts(source)
    return [(tok.start[0], tok.string) for tok in tokenize.generate_tokens(io.StringIO(source).readline)
            if tok.type in STRING_TOKENS and tok.start not in docstrings and ARABIC.search(tok.string)]


def test_the_scan_sees_every_stage():
    modules = code_modules()
    assert {m.split("/")[0] for m in modules} == set(PACKAGES)
    assert "site/pages.py" in modules and "site/labels.py" not in modules and "dates/tables.py" not in modules


def test_the_scan_tells_a_literal_from_a_docstring_and_a_comment():
    source = ('"""وحدة."""\n'
              'def f():\n    """دالة."""\n    return "، ".join([])  # تعليق\n'
              'X = f"{\'أ\' if 1 else \'\'}"\n')
    found = [line for line, _ in arabic_literals(source)]
    assert found == [4, 5]


@pytest.mark.parametrize("module", code_modules())
def test_code_names_no_arabic_word(module):
    source = (GENERATOR / module).read_text(encoding="utf-8")
    found = [f"{module}:{line}: {text}" for line, text in arabic_literals(source) if (module, text) not in ALLOWED]
    assert not found, "Arabic in code; move it to a table (site/labels.py, dates/tables.py, generator/data/*.yaml):\n" + "\n".join(found)


def test_allowed_exceptions_are_still_there():
    """An exception whose literal is gone is removed from ALLOWED too."""
    for module, text in ALLOWED:
        assert text in [t for _, t in arabic_literals((GENERATOR / module).read_text(encoding="utf-8"))], (module, text)


def test_every_language_says_every_word():
    """The interface tables of labels.py (those moved out of mapview.py, timelineview.py and
    pages.py included) have the same words in every language."""
    from generator.site import labels

    for name in ("WORDS", "MAP_WORDS", "TIMELINE_VIEW_WORDS", "PLACE_KINDS", "FEATURE_KINDS", "PLACE_EVIDENCE"):
        table = getattr(labels, name)
        assert table["ar"].keys() == table["en"].keys(), name
    for name in ("LIST_SEPARATORS", "GEONAMES_ATTRIBUTION", "OSM_ATTRIBUTIONS"):
        assert set(getattr(labels, name)) == {"ar", "en"}, name
    assert set(labels.EXTENDED_FEATURES) <= labels.FEATURE_KINDS["ar"].keys()
