"""An article as the place resolver reads it: normalised text, tokens with offsets,
hashtags, flag emoji, and the clitic readings of a word."""

from __future__ import annotations

import re
from itertools import accumulate

from ..arabic import LazyNormalisedText, clitic_readings, normalise_lazy

# Arabic letters (normalised), Latin words, digits
TOKEN_RE = re.compile(r"[\u0621-\u063a\u0641-\u064a]+|[A-Za-z]+|[0-9]+")
# the same tokens as a capturing split: gaps and words alternate, all in C
_TOKEN_SPLIT = re.compile(r"([\u0621-\u063a\u0641-\u064a]+|[A-Za-z]+|[0-9]+)")
_JOIN_GAP = re.compile(r"^[ _\-#]{1,3}$")
_HASHTAG_RE = re.compile(r"#[^\s#]+")
_FLAG_RE = re.compile("([\U0001F1E6-\U0001F1FF])([\U0001F1E6-\U0001F1FF])\\s*$")
_LETTER_RE = re.compile(r"[^\W\d_]")


# (stem, clitic) readings of a normalised word, the word itself first: memoised by
# generator/arabic.py, whose clitic table they come from
readings = clitic_readings


class Doc:
    """One article: its normalised text, tokens (word, begin, end) and hashtags."""

    __slots__ = ("norm", "s", "toks", "n", "tags", "words", "parts")

    def __init__(self, text: str) -> None:
        self.norm: LazyNormalisedText = normalise_lazy(text)
        s = self.s = self.norm.text
        # split keeps the words at odd positions and the gaps between them at even ones;
        # offsets come from running sums of the part lengths (no per-token Python code)
        parts = self.parts = _TOKEN_SPLIT.split(s)
        words = self.words = parts[1::2]
        n = self.n = len(words)
        acc = list(accumulate(map(len, parts)))
        self.toks: list[tuple[str, int, int]] = list(zip(words, acc[0:2 * n:2], acc[1:2 * n:2]))
        self.tags: list[tuple[int, int]] = (
            [(m.start() + 1, m.end()) for m in _HASHTAG_RE.finditer(s)] if "#" in s else [])

    def in_compound_tag(self, b: int, e: int) -> bool:
        """Is [b, e) part of, but not all of, a hashtag (#امطار_الكويت is a topic label)?"""
        for tb, te in self.tags:
            if tb <= b and e <= te:
                body = self.s[tb:te].rstrip("_-.,:;!?")
                return bool(_LETTER_RE.search(body[: b - tb])) or bool(_LETTER_RE.search(body[e - tb:]))
        return False

    def flag_before(self, b: int) -> str | None:
        m = _FLAG_RE.search(self.s[max(0, b - 4):b])
        if not m:
            return None
        return chr(ord(m.group(1)) - 0x1F1E6 + 65) + chr(ord(m.group(2)) - 0x1F1E6 + 65)

    def joined(self, i: int) -> bool:
        """True if token i and i+1 are separated only by spaces/underscores (one phrase)."""
        return _JOIN_GAP.match(self.parts[2 * i + 2]) is not None

    def gap_before(self, i: int) -> str:
        return self.parts[2 * i]

    def source_span(self, b: int, e: int) -> tuple[int, int]:
        """The source span of a normalised span."""
        return self.norm.source_span(b, e)
