"""The tables compiled: vocabularies as regex alternations, patterns, lead words, scans.

``_grammar()`` reads ``tables.py`` once (cached) and builds the ``_Grammar``: every
vocabulary normalised into a dict (``vocab``) and a character-trie alternation, the
``FRAGMENTS`` and ``PATTERNS`` expanded and compiled, the lead words each pattern can start
with (and their clitic variants), the head scans that find those leads and the numbers that
can start a date, and the regexes of the text between two dates that ``engine._merge`` reads
(double dates and ranges).  ``_W`` holds the tables' word sets the resolvers test, normalised
once at import.  Nothing here names an Arabic word: the words are the tables'.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Callable, Iterable

from ..arabic import normalise
from . import clitics
from . import tables as T


class _W:
    """Word sets of the tables, normalised once (read-only)."""
    DEIXIS_BLOCK_BEFORE = frozenset(normalise(w) for w in T.DEIXIS_BLOCK_BEFORE)
    DEIXIS_BLOCK_AFTER = frozenset(normalise(w) for w in T.DEIXIS_BLOCK_AFTER)
    WEEKDAY_BLOCK_BEFORE = frozenset(normalise(w) for w in T.WEEKDAY_BLOCK_BEFORE)
    QUANTITY_WORDS = frozenset(normalise(w) for w in T.QUANTITY_WORDS)
    QUANTITY_BEFORE = frozenset(normalise(w) for w in T.QUANTITY_BEFORE)
    OFFSET_BLOCK_AFTER = frozenset(normalise(w) for w in T.OFFSET_BLOCK_AFTER)
    FUTURE_MARKERS = frozenset(normalise(w) for w in T.FUTURE_MARKERS)
    YEAR_ADJ_ALLOWED_BEFORE = frozenset(normalise(w) for w in T.YEAR_ADJ_ALLOWED_BEFORE)
    WEEKDAYS_NEED_CONTEXT = frozenset(normalise(w) for w in T.WEEKDAYS_NEED_CONTEXT)
    MONTHS_NEED_CONTEXT = frozenset(normalise(w) for w in T.MONTHS_NEED_CONTEXT)
    HIJRI_MONTHS_NEED_CONTEXT = frozenset(normalise(w) for w in T.HIJRI_MONTHS_NEED_CONTEXT)
    FUTURE_PREFIX_FALSE = tuple(normalise(w) for w in T.FUTURE_PREFIX_FALSE)
    WEEKDAY_PLACE_HEADS = frozenset(normalise(w) for w in T.WEEKDAY_PLACE_HEADS)
    DEIXIS_NOUNS = frozenset(normalise(w) for w in T.DEIXIS_NOUNS)
    YEAR_ADJ_CALENDAR = frozenset(normalise(w) for w in T.YEAR_ADJ_CALENDAR)
    OFFSET_CONSTRUCT_UNITS = frozenset(normalise(w) for w in T.OFFSET_CONSTRUCT_UNITS)
    DEIXIS_NAME = tuple((re.compile(b), re.compile(a))
                        for b, a in zip(T.DEIXIS_NAME_BEFORE, T.DEIXIS_NAME_AFTER))
    DECIMAL_AFTER_NUMBER = re.compile(T.DECIMAL_AFTER_NUMBER)
    BARE_YEAR_MARKERS = frozenset(normalise(w) for w in T.BARE_YEAR_MARKERS)
    DEIXIS_NAME_WORDS = frozenset(normalise(w) for w in T.DEIXIS_NAME_WORDS)
    NOT_DEFINITE_NOUNS = frozenset(normalise(w) for w in T.NOT_DEFINITE_NOUNS)
    UNIT_NOUNS_ALSO_ADJECTIVES = frozenset(normalise(w) for w in T.UNIT_NOUNS_ALSO_ADJECTIVES)
    ORDINAL_DAY_AFTER = frozenset(normalise(w) for w in T.ORDINAL_DAY_AFTER)
    YEAR_RANGE_JOINERS_NEED_OPENER = frozenset(normalise(w) for w in T.YEAR_RANGE_JOINERS_NEED_OPENER)
    YEAR_RANGE_OPENERS = frozenset(normalise(w) for w in T.YEAR_RANGE_OPENERS)
    QUARTER_UNITS = {normalise(w): size for w, size in T.QUARTER_UNITS.items()}
    QUARTER_UNITS_NEED_YEAR = frozenset(normalise(w) for w in T.QUARTER_UNITS_NEED_YEAR)
    DAY_NOUN = normalise(T.DAY_NOUN)
    MONTH_NOUN = normalise(T.MONTH_NOUN)
    DEFINITE_ARTICLE = normalise(T.DEFINITE_ARTICLE)
    NISBA_ENDINGS = tuple(normalise(w) for w in T.NISBA_ENDINGS)


def _definite_adjective(word: str, g: _Grammar) -> bool:
    """A definite adjective (nisba in ي / ية) that is not a relative or weekday word."""
    return (word.startswith(_W.DEFINITE_ARTICLE) and len(word) > 4 and word.endswith(_W.NISBA_ENDINGS)
            and word not in g.vocab["REL"] and word not in g.vocab["WD"])


# --------------------------------------------------------------------------------------
# Compilation of the tables
# --------------------------------------------------------------------------------------

def _key(s: str) -> str:
    return re.sub(r"\s+", " ", normalise(s)).strip()


def _table(d) -> dict:
    return {_key(k): v for k, v in d.items()}


def _alt(words) -> str:
    """An alternation of the (normalised) words, factored as a character trie.

    Same matches, tried in the same order, as a longest-first alternation of the words
    (an extension of a word is tried before the word; words that are not prefixes of one
    another never match at the same place), but a failure costs a few character tests
    instead of one test per word.
    """
    return "(?:" + _trie_regex({_key(w) for w in words}) + ")"


@dataclass
class _Grammar:
    vocab: dict[str, dict[str, Any]]  # placeholder name -> normalised word -> value
    patterns: list[tuple[str, str, re.Pattern[str]]]  # (rule name, resolver kind, regex)
    leads: dict[str, list[int]]  # first word -> patterns that can start with it
    digit_patterns: tuple[int, ...]  # patterns that can start with a number
    ordinal_days: dict[str, int]
    variants: dict[str, tuple[int, ...]]  # lead word with its clitics -> patterns
    digit_head: re.Pattern[str]
    word_head: re.Pattern[str]
    digit_head_fast: re.Pattern[str]
    matchers: tuple[Callable[..., re.Match[str] | None], ...]  # bound ``match`` of each pattern
    kinds: tuple[str, ...]  # resolver kind of each pattern
    # the text between two dates: a double date, a range joiner, a joiner after an opener,
    # and the opener searched right before the first date
    double_gap: re.Pattern[str]
    range_join: re.Pattern[str]
    range_and: re.Pattern[str]
    range_open: re.Pattern[str]


@lru_cache(maxsize=1)
def _grammar() -> _Grammar:
    ordinal_days = _table(T.ORDINAL_DAYS)
    vocab = {
        "WD": _table(T.WEEKDAYS), "WDB": _table(T.WEEKDAYS_BARE), "DEIX": _table(T.DEIXIS),
        "POD": _table(T.PARTS_OF_DAY), "NIGHT": _table(T.NIGHT_PAST), "REL": _table(T.RELATIVE),
        "DEM": _table(T.DEMONSTRATIVES), "UNITN": _table(T.UNIT_NOUNS),
        "UNIT": _table(T.OFFSET_UNITS), "DIR": _table(T.OFFSET_DIRECTIONS),
        "APPROX": {_key(w): 1 for w in T.APPROXIMATORS}, "NUMW": _table(T.NUMBER_WORDS),
        "VAGUE": {_key(w): 1 for w in T.VAGUE_QUANTIFIERS}, "ORD": ordinal_days,
        "NTH": _table(T.NTH), "MONN": _table(T.MONTHS), "HMON": _table(T.HIJRI_MONTHS),
        "YEARW": {_key(w): 1 for w in T.YEAR_WORDS},
        "HM": {_key(w): 1 for w in T.HIJRI_MARKERS}, "GM": {_key(w): 1 for w in T.GREGORIAN_MARKERS},
        "HOL": _table(T.HOLIDAYS), "HOLPRE": _table(T.HOLIDAY_PREFIXES),
        "SEASON": _table(T.SEASONS), "DECADE": _table(T.DECADES), "PART": _table(T.PERIOD_PARTS),
        "VPER": _table(T.VAGUE_PERIODS),
    }
    sub = {name: _alt(table) for name, table in vocab.items()}
    sub["HM"] = "(?:" + "|".join(re.escape(w) for w in sorted(vocab["HM"], key=len, reverse=True)) + ")"
    sub["CL"] = clitics.CL
    mon1 = sub["MONN"]
    # "يونيو حزيران", "أغسطس آب": two names of the same month separated by spaces
    vocab["MONPAIR"] = {f"{a} {b}": v for a, v in vocab["MONN"].items()
                        for b, w in vocab["MONN"].items() if v == w and a != b}
    monp = _alt(list(vocab["MONN"]) + list(vocab["MONPAIR"]))
    sub["MON"] = rf"{monp}(?:\s*[(/]\s*{mon1}\s*\)?)?"
    frag = {name: template.format(**sub) for name, template in T.FRAGMENTS.items()}
    sub["WDP"] = frag["WDP"]
    sub["YR"] = f"(?:{frag['YEAR_TAIL']})?"
    sub["YRREQ"] = f"(?:{frag['YEAR_TAIL']})"
    sub["MREF"] = frag["MREF"]
    sub["YQ"] = frag["YQ"]
    fmt = {k: v for k, v in sub.items()}

    patterns = []
    leads: dict[str, list[int]] = {}
    digit_patterns: list[int] = []
    for idx, (name, kind, lead, template) in enumerate(T.PATTERNS):
        src = template.format(**fmt)
        # normalise literal Arabic in the template the same way as the text
        regex = re.compile(normalise(src) + r"(?!\w)")
        patterns.append((name, kind, regex))
        for item in lead:
            if item == "DIGIT":
                digit_patterns.append(idx)
                continue
            words = vocab[item].keys() if item in vocab else [item]
            if item == "MON":
                words = vocab["MONN"].keys()
            for w in words:
                first = _key(w).split(" ")[0]
                leads.setdefault(first, [])
                if idx not in leads[first]:
                    leads[first].append(idx)
    # MON is used as a lead name in the tables
    for w in vocab["MONN"]:
        first = w.split(" ")[0]
        for idx, (name, kind, lead, template) in enumerate(T.PATTERNS):
            if "MON" in lead and idx not in leads.setdefault(first, []):
                leads[first].append(idx)
    after_number = {normalise(w) for w in T.AFTER_DAY_NUMBER}
    for table in ("MONN", "HMON"):
        after_number |= {w.split(" ")[0] for w in vocab[table]}
    after_alt = "|".join(re.escape(w) for w in sorted(after_number, key=len, reverse=True))
    digit_head = re.compile(
        rf"(?<!\d)(?:\d{{4}}(?!\d)|\d{{1,3}}(?!\d)(?=\s?[/.\-–]|\s*{clitics.AFTER_NUMBER}(?:{after_alt})(?![^\W\d_])))")
    lead_lists: dict[str, list[int]] = {}
    for w, idxs in leads.items():
        for pre in clitics.VARIANT_PREFIXES:
            lst = lead_lists.setdefault(pre + w, [])
            lst.extend(i for i in idxs if i not in lst)
    variants = {w: tuple(sorted(lst)) for w, lst in lead_lists.items()}
    # One regex finds every lead word of the text in a single pass: a character-trie
    # alternation of all variants, preceded by a non-letter (the text is searched with a
    # space prepended) and followed by no letter.  The classes are explicit tables of the
    # Basic Multilingual Plane, equal there to [\W\d_] / [^\W\d_] / \d and much faster to
    # test than Unicode categories; texts with characters beyond the BMP take the exact path.
    cls = _bmp_classes()
    word_head = re.compile(f"[{cls['nonletter']}](" + _trie_regex(variants) + f")(?![{cls['letter']}])")
    # Same as digit_head, written to start with a digit so the regex engine can skip
    # quickly to the digits of the text.
    digit_head_fast = re.compile(
        rf"[{cls['digit']}](?<!\d\d)(?:\d{{3}}(?!\d)|\d{{0,2}}(?!\d)(?=\s?[/.\-–]|\s*{clitics.AFTER_NUMBER}(?:{after_alt})(?![^\W\d_])))")
    return _Grammar(vocab, patterns, leads, tuple(digit_patterns), ordinal_days,
                    variants, digit_head, word_head, digit_head_fast,
                    tuple(rx.match for _, _, rx in patterns), tuple(kind for _, kind, _ in patterns),
                    **_merge_regexes())


def _words_alt(words: Iterable[str]) -> str:
    """A plain alternation of the (normalised) words, in the table's order."""
    return "|".join(re.escape(normalise(w)) for w in words)


def _merge_regexes() -> dict[str, re.Pattern]:
    """The regexes of the text between two neighbouring dates, from the tables."""
    return {
        "double_gap": re.compile(normalise(T.DOUBLE_DATE_GAP.format(JOINERS=_words_alt(T.DOUBLE_DATE_JOINERS)))),
        "range_join": re.compile(rf"^\s*(?:{_words_alt(T.RANGE_JOINERS)})\s*$"),
        "range_and": re.compile(rf"^\s*(?:{_words_alt(T.RANGE_JOINERS_AFTER_OPENER)})\s*$"),
        "range_open": re.compile(rf"(?:^|\s){clitics.CONJUNCTION}(?:{_words_alt(T.RANGE_OPENERS)})\s*$"),
    }


def _trie_regex(words) -> str:
    """A regex alternation of ``words`` factored as a character trie (fast to match)."""
    trie: dict = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node) -> str:
        kids = sorted(ch for ch in node if ch)
        if not kids:
            return ""
        alts = [(r"\s+" if ch == " " else re.escape(ch)) + build(node[ch]) for ch in kids]
        out = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        if "" in node:
            out = "(?:" + out + ")?"
        return out
    return build(trie)


def _as_ranges(codes: list[int]) -> str:
    """A regex class body of the given (ascending) code points, as ranges."""
    out: list[list[int]] = []
    for c in codes:
        if out and out[-1][1] == c - 1:
            out[-1][1] = c
        else:
            out.append([c, c])
    return "".join(f"\\u{a:04x}-\\u{b:04x}" for a, b in out)


@lru_cache(maxsize=1)
def _bmp_classes() -> dict:
    # 'odd': characters [^\W\d_] takes for letters but str.isalpha does not (non-decimal
    # digits and numerals such as '²', '½'); texts holding one use the exact head scan.
    # One pass over the BMP (it is the first-use cost of a one-article rebuild).
    letter, nonletter, digit, odd = [], [], [], []
    for c in range(0x10000):
        if 0xD800 <= c <= 0xDFFF:
            continue
        ch = chr(c)
        if ch.isdecimal():
            digit.append(c)
            nonletter.append(c)
        elif ch.isalnum():
            letter.append(c)
            if not ch.isalpha():
                odd.append(c)
        else:
            nonletter.append(c)
    return {"letter": _as_ranges(letter), "nonletter": _as_ranges(nonletter),
            "digit": _as_ranges(digit), "odd": _as_ranges(odd)}


@lru_cache(maxsize=1)
def _odd_letters() -> re.Pattern:
    return re.compile(f"[{_bmp_classes()['odd']}]")


_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
# CPython stores a str holding any character beyond the BMP with 4 bytes per character
# (and otherwise with 1 or 2), so its size tells whether it holds one without a scan.
_UCS4_OVERHEAD = sys.getsizeof("\U00010000" * 8) - 4 * 8


def _has_astral(text: str) -> bool:
    if type(text) is str and sys.implementation.name == "cpython":
        return sys.getsizeof(text) - 4 * len(text) == _UCS4_OVERHEAD
    return _ASTRAL.search(text) is not None


def _needs_exact_heads(text: str) -> bool:
    return _has_astral(text) or _odd_letters().search(text) is not None



def _future_word_regex() -> re.Pattern:
    """A word of the window that marks the future: one of FUTURE_MARKERS, or a verb with
    the future prefix س (optionally after و/ف) of at least 5 letters after that conjunction
    that does not start with one of FUTURE_PREFIX_FALSE."""
    alt = lambda ws: "|".join(re.escape(w) for w in sorted(set(ws), key=len, reverse=True))  # noqa: E731
    return re.compile(rf"(?<![^\W\d_])(?:(?:{alt(_W.FUTURE_MARKERS)})(?![^\W\d_])"
                      rf"|{clitics.CONJUNCTION}(?!{alt(_W.FUTURE_PREFIX_FALSE)}){T.FUTURE_PREFIX}[^\W\d_]{{3}})")


_FUTURE_WORD = _future_word_regex()

