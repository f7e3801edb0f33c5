"""Reading one article file: Markdown with front matter, or plain text dated by the caller."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from .meta import REQUIRED_FIELDS, SAFE_URL, optional_str, parse_date, plain_meta, split_front_matter
from .model import Article, ArticleError
from .text import MAX_FILE_BYTES, capped, decode_text

# What MkDocs takes for Markdown (mkdocs.utils.markdown_extensions): each is an article.
MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkdn", ".mkd")


def parse_markdown_article(raw: bytes, path: str, *, cut: bool = False) -> Article:
    """An article from the bytes of a `.md` file with YAML front matter (`cut`: the bytes
    are the start of a longer file)."""
    text = decode_text(raw, path, cut=cut)
    meta, body = split_front_matter(text, path)
    for key in REQUIRED_FIELDS:
        if key not in meta:
            raise ArticleError(path, f"front matter lacks '{key}'")
    title = optional_str(meta, "title", path)
    if not title:
        raise ArticleError(path, "empty 'title'")
    published = parse_date(meta["date"], path)
    url = optional_str(meta, "url", path)
    if url is not None and not SAFE_URL.match(url):
        url = None
    if not body.strip():
        raise ArticleError(path, "the article has no text after its front matter")
    body, warnings = capped(body, cut)
    return Article(
        path=path,
        slug=Path(path).stem,
        title=title,
        published=published,
        text=body,
        source=optional_str(meta, "source", path),
        url=url,
        meta=plain_meta(meta),
        warnings=warnings,
    )



def parse_text_article(raw: bytes, path: str, published: dt.date, title: str | None = None, *, cut: bool = False) -> Article:
    """An article from a plain `.txt` file; the publication date comes from outside."""
    text = decode_text(raw, path, cut=cut)
    if not text.strip():
        raise ArticleError(path, "empty file")
    text, warnings = capped(text, cut)
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
