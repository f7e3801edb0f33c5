"""Import a corpus: records (JSON, JSONL, CSV, or a .zip of those) or saved HTML pages
become `site_src/articles/*.md` files with YAML front matter.

Rules:

- A record needs a title, a publication date and a text (field aliases below); one that
  lacks any of them, or whose date is not a real calendar date, is skipped with a reason
  naming the record (file and line or index). The rest are imported.
- File names are `<date>-<hash>.md`, where the hash is the first 10 hex digits of the
  SHA-256 of the record's URL (or of its title and text when it has no URL). Nothing of an
  untrusted title reaches a path.
- An existing file is never overwritten: identical bytes are "already imported", anything
  else is "exists, not overwritten". Files are written to a temporary name in the target
  folder and then hard-linked to their final name, which fails if the name is taken.
- The same input gives the same files, byte for byte.

Saved HTML pages need the optional dependency `trafilatura` (`pip install marsad[html]`);
it extracts the article text, title and publication date (through htmldate) offline.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import itertools
import json
import os
import re
import sys
import tempfile
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator

import yaml

from .load import parse_markdown_article
from .meta import SAFE_URL, parse_date
from .model import ArticleError

FIELD_ALIASES: dict[str, tuple[str, ...]] = {
    "title": ("title",),
    "date": ("date", "published", "publication_date", "date_extracted"),
    "text": ("text", "content", "body"),
    "source": ("source",),
    "url": ("url",),
}
RECORD_FORMATS = ("json", "jsonl", "csv")
HTML_SUFFIXES = (".html", ".htm")
LIST_KEYS = ("articles", "records", "items", "data", "documents")
# What a .zip may unpack: per file in it, and in all. An archive entry is read into memory
# whole (JSON and CSV are parsed whole), so these bound the import's memory; a file past
# them is skipped, named, and nothing of it is read further.
MAX_ZIP_ENTRY_BYTES = 256 * 1024 * 1024
MAX_ZIP_TOTAL_BYTES = 1024 * 1024 * 1024
_DATE_PREFIX = re.compile(r"(\d{4}-\d{2}-\d{2})(?:[T ][0-9:.+\-Z ]*)?")


class ImportSourceError(Exception):
    """The source cannot be read at all (missing, unknown format, not JSON...)."""


@dataclass
class ImportResult:
    written: list[Path] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (record label, reason)

    @property
    def processed(self) -> int:
        return len(self.written) + len(self.skipped)


@dataclass(frozen=True)
class Record:
    label: str  # e.g. "corpus.jsonl line 3"
    fields: Any  # the raw record (a dict when well formed)


class SkipRecord(Exception):
    """A record that cannot be imported; the message is the reason."""


# ---------------------------------------------------------------------------- reading


def _decode(raw: bytes, label: str) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportSourceError(f"{label}: not valid UTF-8 (byte {exc.start})") from None


def _json_records(raw: bytes, label: str) -> Iterator[Record]:
    try:
        data = json.loads(_decode(raw, label))
    except json.JSONDecodeError as exc:
        raise ImportSourceError(f"{label}: not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})") from None
    if isinstance(data, dict):
        lists = {k: v for k, v in data.items() if isinstance(v, list)}
        key = next((k for k in LIST_KEYS if k in lists), None)
        if key is None and len(lists) == 1:
            key = next(iter(lists))
        if key is None:
            if any(alias in data for alias in FIELD_ALIASES["text"]):
                yield Record(label, data)  # one record on its own
                return
            raise ImportSourceError(f"{label}: a JSON object must hold a list of records (e.g. under 'articles')")
        data, label = lists[key], f"{label} {key}"
    if not isinstance(data, list):
        raise ImportSourceError(f"{label}: expected a JSON array of records, got {type(data).__name__}")
    for index, item in enumerate(data):
        yield Record(f"{label}[{index}]", item)


def _jsonl_records(raw: bytes, label: str) -> Iterator[Record]:
    for number, line in enumerate(_decode(raw, label).splitlines(), 1):
        if not line.strip():
            continue
        where = f"{label} line {number}"
        try:
            yield Record(where, json.loads(line))
        except json.JSONDecodeError as exc:
            yield Record(where, SkipRecord(f"not valid JSON (column {exc.colno}: {exc.msg})"))


def _csv_records(raw: bytes, label: str) -> Iterator[Record]:
    text = _decode(raw, label)
    old_limit = csv.field_size_limit()
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))  # article texts exceed the 128 KiB default
    try:
        reader = csv.DictReader(io.StringIO(text, newline=""))
        try:
            header = reader.fieldnames
        except csv.Error as exc:
            raise ImportSourceError(f"{label}: not valid CSV ({exc})") from None
        if not header:
            return
        start = reader.line_num + 1
        while True:
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                yield Record(f"{label} line {start}", SkipRecord(f"not valid CSV ({exc})"))
                start = reader.line_num + 1
                continue
            where = f"{label} line {start}"
            start = reader.line_num + 1
            if None in row:
                yield Record(where, SkipRecord(f"more values than the {len(header)} header columns"))
                continue
            yield Record(where, row)
    finally:
        csv.field_size_limit(old_limit)


_READERS = {"json": _json_records, "jsonl": _jsonl_records, "csv": _csv_records}


def _format_of(name: str) -> str | None:
    suffix = Path(name).suffix.lower().lstrip(".")
    if suffix == "ndjson":
        return "jsonl"
    return suffix if suffix in RECORD_FORMATS else None


def _zip_records(source: Path, fmt: str | None) -> Iterator[Record]:
    try:
        archive = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, OSError) as exc:
        raise ImportSourceError(f"{source}: not a readable zip archive ({exc})") from None
    with archive:
        members = sorted(
            info.filename for info in archive.infolist()
            if not info.is_dir() and (fmt or _format_of(info.filename)) and not Path(info.filename).name.startswith(".")
        )
        if not members:
            raise ImportSourceError(f"{source}: the archive holds no .json, .jsonl or .csv file")
        budget = MAX_ZIP_TOTAL_BYTES
        for member in members:
            label = f"{source.name}:{member}"
            raw = _read_member(archive, member, min(MAX_ZIP_ENTRY_BYTES, budget))
            if raw is None:
                if budget < MAX_ZIP_ENTRY_BYTES:
                    reason = f"with it the archive would unpack more than {_megabytes(MAX_ZIP_TOTAL_BYTES)}"
                else:
                    reason = f"it unpacks to more than {_megabytes(MAX_ZIP_ENTRY_BYTES)}"
                yield Record(label, SkipRecord(f"not imported: {reason} (the cap on what an archive may unpack: split it)"))
                continue
            budget -= len(raw)
            yield from _READERS[fmt or _format_of(member) or ""](raw, label)


def _megabytes(n: int) -> str:
    return f"{n / (1024 * 1024):g} MB"


def _read_member(archive: zipfile.ZipFile, member: str, limit: int) -> bytes | None:
    """The member's bytes, or None past `limit`: counted as they are decompressed, since a
    zip's declared sizes are the archive's word, not a fact."""
    if archive.getinfo(member).file_size > limit:
        return None
    chunks, size = [], 0
    with archive.open(member) as handle:
        while chunk := handle.read(1024 * 1024):
            size += len(chunk)
            if size > limit:
                return None
            chunks.append(chunk)
    return b"".join(chunks)


def iter_records(source: Path, fmt: str | None = None) -> Iterator[Record]:
    """The records of a JSON, JSONL or CSV file, or of a .zip holding such files."""
    if fmt is not None and fmt not in RECORD_FORMATS:
        raise ImportSourceError(f"unknown format {fmt!r} (expected one of {', '.join(RECORD_FORMATS)})")
    if source.suffix.lower() == ".zip":
        yield from _zip_records(source, fmt)
        return
    fmt = fmt or _format_of(source.name)
    if fmt is None:
        raise ImportSourceError(f"{source}: unknown format (expected .json, .jsonl, .csv, .zip or a folder of .html pages)")
    try:
        raw = source.read_bytes()
    except OSError as exc:
        raise ImportSourceError(f"{source}: cannot be read: {exc.strerror or exc}") from None
    yield from _READERS[fmt](raw, source.name)


# ---------------------------------------------------------------------------- HTML pages


def _trafilatura():
    try:
        import trafilatura
    except ImportError:
        raise ImportSourceError(
            "importing HTML pages needs trafilatura: install marsad[html] (pip install 'marsad[html]')"
        ) from None
    return trafilatura


def html_record(raw: bytes, label: str) -> dict[str, str | None]:
    """Title, date, text, source and url of one saved news page (no network access)."""
    trafilatura = _trafilatura()
    doc = trafilatura.bare_extraction(
        raw,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        include_images=False,
        include_links=False,
        deduplicate=False,
        date_extraction_params={"original_date": True, "extensive_search": False},
    )
    if doc is None:
        raise SkipRecord("no article text found in the page")
    get = doc.get if isinstance(doc, dict) else (lambda key: getattr(doc, key, None))
    title, text = get("title"), get("text")
    if not get("date"):
        raise SkipRecord("no publication date found in the page (no date meta tag, <time> element or visible date)")
    if not text or not text.strip():
        raise SkipRecord("no article text found in the page")
    lines = text.strip().split("\n")
    if title and len(lines) > 1 and " ".join(lines[0].split()) == " ".join(title.split()):
        text = "\n".join(lines[1:])  # the headline repeated as the first line of the text
    return {
        "title": title,
        "date": get("date"),
        "text": text,
        "source": get("sitename") or get("hostname"),
        "url": get("url"),
    }


def iter_html_pages(folder: Path) -> Iterator[Record]:
    pages = sorted(p for p in folder.rglob("*") if p.suffix.lower() in HTML_SUFFIXES and p.is_file())
    if not pages:
        raise ImportSourceError(f"{folder}: no .html or .htm pages in this folder")
    _trafilatura()  # fail early and clearly when the extra is missing
    for page in pages:
        label = page.relative_to(folder).as_posix()
        try:
            raw = page.read_bytes()
        except OSError as exc:
            yield Record(label, SkipRecord(f"cannot be read: {exc.strerror or exc}"))
            continue
        try:
            yield Record(label, html_record(raw, label))
        except SkipRecord as exc:
            yield Record(label, exc)
        except Exception as exc:  # a parser failure on one page must not stop the import
            yield Record(label, SkipRecord(f"the page could not be parsed ({type(exc).__name__}: {exc})"))


# ---------------------------------------------------------------------------- one article


@dataclass(frozen=True)
class ArticleFile:
    name: str  # "<date>-<hash>.md"
    content: bytes


def _field(record: dict, name: str) -> Any:
    for alias in FIELD_ALIASES[name]:
        value = record.get(alias)
        if value is not None and not (isinstance(value, str) and not value.strip()):
            return value
    return None


def _clean(value: str) -> str:
    return unicodedata.normalize("NFC", value.replace("\r\n", "\n").replace("\r", "\n"))


def _text_field(record: dict, name: str) -> str | None:
    value = _field(record, name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise SkipRecord(f"'{name}' must be text, got {type(value).__name__}")
    return _clean(str(value)).strip() or None


def _record_date(record: dict) -> dt.date:
    value = _field(record, "date")
    if isinstance(value, str):
        match = _DATE_PREFIX.fullmatch(value.strip())
        if match:  # "2015-08-10 20:27:03", "2016-08-25T10:00:00+03:00" -> the day
            value = match.group(1)
    try:
        return parse_date(value, "record")
    except ArticleError as exc:
        raise SkipRecord(exc.problem) from None


def render_article(record: Any) -> ArticleFile:
    """The file name and bytes of one record, or SkipRecord with the reason."""
    if isinstance(record, SkipRecord):
        raise record
    if not isinstance(record, dict):
        raise SkipRecord(f"not a record (expected an object with fields, got {type(record).__name__})")
    title = _text_field(record, "title")
    text = _text_field(record, "text")
    missing = [name for name, value in (("title", title), ("date", _field(record, "date")), ("text", text)) if value is None]
    if missing or title is None or text is None:
        raise SkipRecord("missing " + ", ".join(f"'{m}'" for m in missing))
    title = " ".join(title.split())  # one line
    published = _record_date(record)
    source = _text_field(record, "source")
    url = _text_field(record, "url")
    if url is not None and not SAFE_URL.match(url):
        url = None  # only http(s) links are kept (the site would drop anything else)
    if "\x00" in title + text + (source or "") + (url or ""):
        raise SkipRecord("contains NUL characters")

    meta: dict[str, Any] = {"title": title, "date": published}
    if source:
        meta["source"] = " ".join(source.split())
    if url:
        meta["url"] = url
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=float("inf"), default_flow_style=False)
    try:
        content = f"---\n{front}---\n\n{text}\n".encode("utf-8")
    except UnicodeEncodeError:
        raise SkipRecord("contains characters that cannot be written as UTF-8 (lone surrogates)") from None

    key = url if url else f"{title}\0{text}"
    digest = hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:10]
    name = f"{published.isoformat()}-{digest}.md"

    # What is written must read back as the same article.
    try:
        article = parse_markdown_article(content, name)
    except ArticleError as exc:
        raise SkipRecord(f"would not make a valid article: {exc.problem}") from None
    if (article.title, article.published, article.text, article.url) != (title, published, text, url):
        raise SkipRecord("would not read back unchanged as an article")
    return ArticleFile(name, content)


# ---------------------------------------------------------------------------- writing


def _write_new(dest: Path, article: ArticleFile) -> str | None:
    """Write the file unless its name is taken; None when written, else the skip reason."""
    final = dest / article.name
    if final.exists() or final.is_symlink():
        return _existing_reason(final, article.content)
    fd, temp = tempfile.mkstemp(prefix=".marsad-import-", suffix=".tmp", dir=dest)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(article.content)
            handle.flush()
            os.fsync(handle.fileno())
        try:
            os.link(temp, final)  # atomic, and fails if the name exists: never overwrites
        except FileExistsError:
            return _existing_reason(final, article.content)
        except OSError:  # no hard links on this file system: exclusive create instead
            try:
                with open(final, "xb") as handle:
                    handle.write(article.content)
            except FileExistsError:
                return _existing_reason(final, article.content)
    finally:
        try:
            os.unlink(temp)
        except FileNotFoundError:
            pass
    return None


def _existing_reason(final: Path, content: bytes) -> str:
    try:
        same = not final.is_symlink() and final.is_file() and final.read_bytes() == content
    except OSError:
        same = False
    return f"already imported ({final.name})" if same else f"{final.name} exists, not overwritten"


def import_iter(records: Iterable[Record], dest: Path) -> ImportResult:
    records = iter(records)
    first = next(records, None)  # a source that cannot be read fails before DEST is created
    if first is not None:
        records = itertools.chain([first], records)
    try:
        dest.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ImportSourceError(f"{dest}: cannot create the folder: {exc.strerror or exc}") from None
    if not dest.is_dir():
        raise ImportSourceError(f"{dest}: not a folder")
    result = ImportResult()
    written_by: dict[str, str] = {}
    for record in records:
        try:
            article = render_article(record.fields)
        except SkipRecord as exc:
            result.skipped.append((record.label, str(exc)))
            continue
        if article.name in written_by:
            result.skipped.append((record.label, f"duplicate of {written_by[article.name]} ({article.name})"))
            continue
        try:
            reason = _write_new(dest, article)
        except OSError as exc:
            raise ImportSourceError(f"{dest}: cannot write {article.name}: {exc.strerror or exc}") from None
        if reason is None:
            result.written.append(dest / article.name)
            written_by[article.name] = record.label
        else:
            result.skipped.append((record.label, reason))
    return result


def import_records(source: Path, dest: Path, *, fmt: str | None = None) -> ImportResult:
    """Import SOURCE (a .json/.jsonl/.csv/.zip file or a folder of .html pages) into DEST.

    Raises ImportSourceError when the source as a whole cannot be read; bad records are
    reported in `ImportResult.skipped` and the others are imported.
    """
    source = Path(source)
    if fmt == "html" or (fmt is None and source.is_dir()):
        if not source.is_dir():
            raise ImportSourceError(f"{source}: HTML import needs a folder of .html pages")
        records = iter_html_pages(source)
    elif not source.exists():
        raise ImportSourceError(f"{source}: no such file or folder")
    elif source.is_dir():
        raise ImportSourceError(f"{source}: format {fmt!r} needs a file, not a folder")
    else:
        records = iter_records(source, fmt)
    return import_iter(records, Path(dest))
