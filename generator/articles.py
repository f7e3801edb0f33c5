"""Stage 1: load and validate articles.

An article is a Markdown file with YAML front matter (`title` and `date`, the publication
date, are required; `source` and `url` are optional) and the Arabic text as its body.
Plain `.txt` files carry no front matter; their publication date comes from the caller.

Nothing here writes: source files are read as bytes and never touched.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import frontmatter
import yaml

REQUIRED_FIELDS = ("title", "date")


class _FastYAMLHandler(frontmatter.YAMLHandler):
    """python-frontmatter with libyaml's safe loader when PyYAML has it (several times faster)."""

    def load(self, fm: str, **kwargs: object):
        return yaml.load(fm, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


_HANDLER = _FastYAMLHandler()
_SAFE_URL = re.compile(r"^https?://[^\s<>\"']+$", re.IGNORECASE)


class ArticleError(ValueError):
    """A malformed article: names the file and the problem in one line."""

    def __init__(self, path: str, problem: str):
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem


@dataclass(frozen=True)
class Article:
    path: str  # path as given (relative to the docs dir for site articles)
    slug: str  # file stem, used in URLs and ids
    title: str
    published: dt.date
    text: str  # the body after front matter; extraction offsets index this string
    source: str | None = None
    url: str | None = None  # only http(s) URLs are kept as links; anything else is dropped
    meta: dict = field(default_factory=dict, compare=False, repr=False)  # the whole front matter

    @property
    def content_hash(self) -> str:
        """Hash of everything extraction depends on (text and publication date)."""
        digest = hashlib.sha256()
        digest.update(self.published.isoformat().encode())
        digest.update(b"\0")
        digest.update(self.text.encode("utf-8"))
        return digest.hexdigest()


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


def decode_text(raw: bytes, path: str) -> str:
    """UTF-8 text (a BOM is allowed), NFC-normalised, with Unix line ends."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ArticleError(path, f"not valid UTF-8 (byte {exc.start}: {raw[exc.start:exc.start + 1]!r})") from None
    if "\x00" in text:
        raise ArticleError(path, "contains NUL bytes (binary file?)")
    return unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))


def _optional_str(meta: dict, key: str, path: str) -> str | None:
    value = meta.get(key)
    if value is None:
        return None
    if not isinstance(value, (str, int, float)):
        raise ArticleError(path, f"'{key}' must be text, got {type(value).__name__}")
    value = str(value).strip()
    return value or None


def parse_markdown_article(raw: bytes, path: str) -> Article:
    """An article from the bytes of a `.md` file with YAML front matter."""
    text = decode_text(raw, path)
    if not text.startswith("---"):
        raise ArticleError(path, "no YAML front matter (the file must start with a '---' line)")
    try:
        post = frontmatter.loads(text, handler=_HANDLER)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        raise ArticleError(path, f"malformed front matter{where}: {getattr(exc, 'problem', exc)}") from None
    except ValueError as exc:  # PyYAML reads 2015-02-30 as a timestamp and fails on it
        raise ArticleError(path, f"front matter holds a date that is not a real calendar date ({exc})") from None
    meta = post.metadata
    if not isinstance(meta, dict) or not meta:
        raise ArticleError(path, "malformed front matter (expected 'key: value' lines)")
    for key in REQUIRED_FIELDS:
        if key not in meta:
            raise ArticleError(path, f"front matter lacks '{key}'")
    title = _optional_str(meta, "title", path)
    if not title:
        raise ArticleError(path, "empty 'title'")
    published = parse_date(meta["date"], path)
    url = _optional_str(meta, "url", path)
    if url is not None and not _SAFE_URL.match(url):
        url = None
    body = post.content
    if not body.strip():
        raise ArticleError(path, "the article has no text after its front matter")
    return Article(
        path=path,
        slug=Path(path).stem,
        title=title,
        published=published,
        text=body,
        source=_optional_str(meta, "source", path),
        url=url,
        meta=meta,
    )


def parse_text_article(raw: bytes, path: str, published: dt.date, title: str | None = None) -> Article:
    """An article from a plain `.txt` file; the publication date comes from outside."""
    text = decode_text(raw, path)
    if not text.strip():
        raise ArticleError(path, "empty file")
    first_line = text.strip().splitlines()[0]
    return Article(path=path, slug=Path(path).stem, title=title or first_line[:120], published=published, text=text)


def load_article(file: Path, *, display_path: str | None = None, published: dt.date | None = None) -> Article:
    """Read one article file (.md with front matter, or .txt with `published` given)."""
    shown = display_path or str(file)
    try:
        raw = file.read_bytes()
    except OSError as exc:
        raise ArticleError(shown, f"cannot be read: {exc.strerror or exc}") from None
    if file.suffix.lower() == ".md":
        return parse_markdown_article(raw, shown)
    if published is None:
        raise ArticleError(shown, "a plain-text article needs a publication date (--published YYYY-MM-DD)")
    return parse_text_article(raw, shown, published)
