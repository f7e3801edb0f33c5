"""Front matter: split from the body, loaded safely, reduced to plain text-keyed values.

Every byte is untrusted: front matter that is not a mapping, keys that are not text,
nested values, aliases (a "billion laughs" bomb included) and tags are answered with one
ArticleError naming the file, never a traceback; what is kept on the Article is plain
scalars only, control characters dropped.
"""

from __future__ import annotations

import datetime as dt
import re

import frontmatter
import yaml

from .model import ArticleError

REQUIRED_FIELDS = ("title", "date")
# Control characters (bar tab and line feed) are dropped from front-matter text.
_CONTROL = dict.fromkeys([*range(0x00, 0x09), *range(0x0B, 0x20), 0x7F])


class _FastYAMLHandler(frontmatter.YAMLHandler):
    """python-frontmatter with libyaml's safe loader when PyYAML has it (several times faster)."""

    def load(self, fm: str, **kwargs: object):
        return yaml.load(fm, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


_HANDLER = _FastYAMLHandler()
SAFE_URL = re.compile(r"^https?://[^\s<>\"']+$", re.IGNORECASE)


_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_DATE_WITH_TIME = re.compile(r"(\d{4}-\d{2}-\d{2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:Z|[+-]\d{2}:?\d{2})?)?", re.ASCII)


def parse_date(value: object, path: str, field: str = "date") -> dt.date:
    """A publication date from front matter or the command line, or an ArticleError."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if value is None or (isinstance(value, str) and not value.strip()):
        raise ArticleError(path, f"missing publication date ('{field}')")
    if not isinstance(value, (str, int)) or isinstance(value, bool):
        raise ArticleError(path, f"'{field}' must be a date as YYYY-MM-DD, got {yaml_kind(value)}")
    text = str(value).strip()
    # Arabic-Indic (٢٠٢٤-٠٣-١٢) and Persian digits read as ASCII; a time after the day
    # (2024-03-12 14:30, 2016-08-25T10:00:00+03:00) is dropped, as `marsad import` does.
    match = _DATE_WITH_TIME.fullmatch(text.translate(_DIGITS))
    if match is None:
        raise ArticleError(path, f"'{field}' must be a date as YYYY-MM-DD, got {text!r}")
    try:
        return dt.date.fromisoformat(match.group(1))
    except ValueError:
        raise ArticleError(path, f"'{field}' is not a real calendar date: {text!r}") from None


_SCALARS = (str, int, float, bool, dt.date)


def plain_meta(meta: dict, depth: int = 1) -> dict:
    """The front matter's text-keyed scalar fields, and mappings of them one level down
    (`search: {exclude: true}`), control characters dropped from text. Lists, deeper
    mappings, binary and set values (and whatever an alias bomb expands into) go."""
    plain: dict = {}
    for key, value in meta.items():
        if not isinstance(key, str):
            continue
        if isinstance(value, dict) and depth > 0:
            value = plain_meta(value, depth - 1)
        elif isinstance(value, str):
            value = value.translate(_CONTROL)
        elif not (value is None or isinstance(value, _SCALARS)):
            continue
        plain[key.translate(_CONTROL)] = value
    return plain


def optional_str(meta: dict, key: str, path: str) -> str | None:
    value = meta.get(key)
    if value is None:
        return None
    if not isinstance(value, (str, int, float)) or isinstance(value, bool):
        raise ArticleError(path, f"'{key}' must be text, got {yaml_kind(value)}")
    value = str(value).translate(_CONTROL).strip()
    return value or None


def yaml_kind(value: object) -> str:
    """What a YAML value is, in the words of a YAML user."""
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, (dt.date, dt.datetime)):
        return "a date"
    if isinstance(value, (list, tuple)):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def split_front_matter(text: str, path: str) -> tuple[dict, str]:
    """(front matter, body) of a file's text, or an ArticleError."""
    if not text.startswith("---"):
        raise ArticleError(path, "no YAML front matter (the file must start with a '---' line)")
    try:
        fm, body = _HANDLER.split(text)
    except ValueError:
        raise ArticleError(path, "front matter is not closed (no second '---' line)") from None
    try:
        meta = _HANDLER.load(fm)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        raise ArticleError(path, f"malformed front matter{where}: {getattr(exc, 'problem', exc)}") from None
    except ValueError as exc:  # PyYAML reads 2015-02-30 as a timestamp and fails on it
        raise ArticleError(path, f"front matter holds a date that is not a real calendar date ({exc})") from None
    except RecursionError:  # the pure-Python loader on deeply nested values
        raise ArticleError(path, "malformed front matter: values nested too deeply") from None
    if meta is None:
        raise ArticleError(path, "empty front matter (expected 'key: value' lines)")
    if not isinstance(meta, dict):
        raise ArticleError(path, f"malformed front matter: expected 'key: value' lines, got {yaml_kind(meta)}")
    if not meta:
        raise ArticleError(path, "empty front matter (expected 'key: value' lines)")
    # python-frontmatter strips the text around the body: so do we (extraction offsets index it)
    return meta, body.strip()


