"""Stage 1: load and validate articles.

An article is a Markdown file with YAML front matter (`title` and `date`, the publication
date, are required; `source` and `url` are optional) and the Arabic text as its body.
Plain `.txt` files carry no front matter; their publication date comes from the caller.

Nothing here writes: source files are read as bytes and never touched.

Every byte of an article is untrusted (scraped news). Whatever a file holds, loading it
either gives an Article or raises one ArticleError naming the file and the problem:
front matter that is not a mapping, keys that are not text, nested values, aliases (a
"billion laughs" bomb included) and tags are all answered that way, never by a traceback.
The front matter kept on the Article is plain text-keyed scalars only; a body past
MAX_ARTICLE_BYTES is cut (at a line or word break) and the Article says so in `warnings`.
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
# What MkDocs takes for Markdown (mkdocs.utils.markdown_extensions): each is an article.
MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkdn", ".mkd")
# The longest body extracted. Extraction is linear in the text, but a scraper's runaway
# page (a whole archive in one file) would still hold a build for minutes: past this, the
# body is cut and the build warns, naming the file.
MAX_ARTICLE_BYTES = 2 * 1024 * 1024
# What is read of a file at most: the body's cap plus room for its front matter.
MAX_FILE_BYTES = MAX_ARTICLE_BYTES + 256 * 1024
# Control characters (bar tab and line feed) are dropped from front-matter text.
_CONTROL = dict.fromkeys([*range(0x00, 0x09), *range(0x0B, 0x20), 0x7F])


class _FastYAMLHandler(frontmatter.YAMLHandler):
    """python-frontmatter with libyaml's safe loader when PyYAML has it (several times faster)."""

    def load(self, fm: str, **kwargs: object):
        return yaml.load(fm, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


_HANDLER = _FastYAMLHandler()
_SAFE_URL = re.compile(r"^https?://[^\s<>\"']+$", re.IGNORECASE)


class ArticleError(ValueError):
    """A malformed article: names the file and the problem in one line."""

    def __init__(self, path: str, problem: str):
        problem = " ".join(problem.split())  # one line, whatever a library's message holds
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
    meta: dict = field(default_factory=dict, compare=False, repr=False)  # the front matter's plain text-keyed scalars
    warnings: tuple[str, ...] = field(default=(), compare=False)  # e.g. the body was cut at MAX_ARTICLE_BYTES

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
    if not isinstance(value, (str, int)) or isinstance(value, bool):
        raise ArticleError(path, f"'{field}' must be a date as YYYY-MM-DD, got {_yaml_kind(value)}")
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


def decode_text(raw: bytes, path: str, *, cut: bool = False) -> str:
    """UTF-8 text (a BOM is allowed), NFC-normalised, with Unix line ends. `cut`: the bytes
    are the start of a longer file, so a character split at their end is dropped."""
    try:
        if cut:
            raw = raw[:len(raw) - _split_tail(raw)]
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ArticleError(path, f"not valid UTF-8 (byte {exc.start}: {raw[exc.start:exc.start + 1]!r})") from None
    if "\x00" in text:
        raise ArticleError(path, "contains NUL bytes (binary file?)")
    return unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))


def _split_tail(raw: bytes) -> int:
    """How many bytes at the end of `raw` begin a UTF-8 character they do not finish."""
    for back in range(1, min(4, len(raw)) + 1):
        byte = raw[-back]
        if byte < 0x80:
            return 0
        if byte >= 0xC0:  # a lead byte: its sequence needs 2, 3 or 4 bytes
            need = 2 if byte < 0xE0 else 3 if byte < 0xF0 else 4
            return back if need > back else 0
    return 0


def cut_text(text: str, limit: int = MAX_ARTICLE_BYTES) -> str | None:
    """`text` cut to at most `limit` UTF-8 bytes at its last line break (else space) before
    the limit; None when it is short enough."""
    encoded = text.encode("utf-8")
    if len(encoded) <= limit:
        return None
    head = encoded[:limit]
    head = head[:len(head) - _split_tail(head)].decode("utf-8")
    for stop in ("\n", " "):
        at = head.rfind(stop)
        if at > limit // 2:
            return head[:at]
    return head


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


def _optional_str(meta: dict, key: str, path: str) -> str | None:
    value = meta.get(key)
    if value is None:
        return None
    if not isinstance(value, (str, int, float)) or isinstance(value, bool):
        raise ArticleError(path, f"'{key}' must be text, got {_yaml_kind(value)}")
    value = str(value).translate(_CONTROL).strip()
    return value or None


def _yaml_kind(value: object) -> str:
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


def _front_matter(text: str, path: str) -> tuple[dict, str]:
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
        raise ArticleError(path, f"malformed front matter: expected 'key: value' lines, got {_yaml_kind(meta)}")
    if not meta:
        raise ArticleError(path, "empty front matter (expected 'key: value' lines)")
    # python-frontmatter strips the text around the body: so do we (extraction offsets index it)
    return meta, body.strip()


def parse_markdown_article(raw: bytes, path: str, *, cut: bool = False) -> Article:
    """An article from the bytes of a `.md` file with YAML front matter (`cut`: the bytes
    are the start of a longer file)."""
    text = decode_text(raw, path, cut=cut)
    meta, body = _front_matter(text, path)
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
    if not body.strip():
        raise ArticleError(path, "the article has no text after its front matter")
    body, warnings = _capped(body, cut)
    return Article(
        path=path,
        slug=Path(path).stem,
        title=title,
        published=published,
        text=body,
        source=_optional_str(meta, "source", path),
        url=url,
        meta=plain_meta(meta),
        warnings=warnings,
    )


def _capped(body: str, cut: bool) -> tuple[str, tuple[str, ...]]:
    """The body within MAX_ARTICLE_BYTES, and the warning when it was cut (here, or when
    the file was read: `cut`)."""
    shorter = cut_text(body)
    if shorter is None and not cut:
        return body, ()
    kept = body if shorter is None else shorter
    return kept, (f"the text is longer than {MAX_ARTICLE_BYTES // (1024 * 1024)} MB: only its first "
                  f"{len(kept.encode('utf-8')) // 1024} KB are read",)


def parse_text_article(raw: bytes, path: str, published: dt.date, title: str | None = None, *, cut: bool = False) -> Article:
    """An article from a plain `.txt` file; the publication date comes from outside."""
    text = decode_text(raw, path, cut=cut)
    if not text.strip():
        raise ArticleError(path, "empty file")
    text, warnings = _capped(text, cut)
    first_line = text.strip().splitlines()[0]
    return Article(path=path, slug=Path(path).stem, title=title or first_line[:120], published=published, text=text,
                   warnings=warnings)


def load_article(file: Path, *, display_path: str | None = None, published: dt.date | None = None) -> Article:
    """Read one article file (.md with front matter, or .txt with `published` given)."""
    shown = display_path or str(file)
    try:
        with file.open("rb") as handle:
            raw = handle.read(MAX_FILE_BYTES + 1)  # never more: a runaway file is not read whole
    except OSError as exc:
        raise ArticleError(shown, f"cannot be read: {exc.strerror or exc}") from None
    cut = len(raw) > MAX_FILE_BYTES
    raw = raw[:MAX_FILE_BYTES]
    if file.suffix.lower() in MARKDOWN_SUFFIXES:
        return parse_markdown_article(raw, shown, cut=cut)
    if published is None:
        raise ArticleError(shown, "a plain-text article needs a publication date (--published YYYY-MM-DD)")
    return parse_text_article(raw, shown, published, cut=cut)
