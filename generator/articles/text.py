"""An article's bytes as text: UTF-8 decoding, line ends, and the size cap."""

from __future__ import annotations

import unicodedata

from .model import ArticleError

# The longest body extracted. Extraction is linear in the text, but a scraper's runaway
# page (a whole archive in one file) would still hold a build for minutes: past this, the
# body is cut and the build warns, naming the file.
MAX_ARTICLE_BYTES = 2 * 1024 * 1024
# What is read of a file at most: the body's cap plus room for its front matter.
MAX_FILE_BYTES = MAX_ARTICLE_BYTES + 256 * 1024


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
    raw = encoded[:limit]
    head = raw[:len(raw) - _split_tail(raw)].decode("utf-8")
    for stop in ("\n", " "):
        at = head.rfind(stop)
        if at > limit // 2:
            return head[:at]
    return head



def capped(body: str, cut: bool) -> tuple[str, tuple[str, ...]]:
    """The body within MAX_ARTICLE_BYTES, and the warning when it was cut (here, or when
    the file was read: `cut`)."""
    shorter = cut_text(body)
    if shorter is None and not cut:
        return body, ()
    kept = body if shorter is None else shorter
    return kept, (f"the text is longer than {MAX_ARTICLE_BYTES // (1024 * 1024)} MB: only its first "
                  f"{len(kept.encode('utf-8')) // 1024} KB are read",)

