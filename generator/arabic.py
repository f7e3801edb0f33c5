"""Arabic text normalisation shared by the date and place stages.

Both stages match vocabulary against article text, and news text spells the same word in
many ways (diacritics, tatweel, hamza and alef forms, ta marbuta, alef maqsura,
Arabic-Indic digits). Matching happens on a normalised copy; every match must still report
offsets into the original text, so normalisation keeps a map from each normalised
character back to its source position.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from itertools import accumulate
from dataclasses import dataclass

# Harakat, tanween, shadda, sukun, superscript alef, Quranic marks: dropped when matching.
_DIACRITICS = set(
    "\u0610\u0611\u0612\u0613\u0614\u0615\u0616\u0617\u0618\u0619\u061a"
    "\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0653\u0654\u0655\u0656"
    "\u0657\u0658\u0659\u065a\u065b\u065c\u065d\u065e\u065f\u0670"
    "\u06d6\u06d7\u06d8\u06d9\u06da\u06db\u06dc\u06df\u06e0\u06e1\u06e2\u06e3"
    "\u06e4\u06e7\u06e8\u06ea\u06eb\u06ec\u06ed"
)
_TATWEEL = "\u0640"
# Invisible format characters that editors leave inside words.
_INVISIBLE = set("\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff\u00ad")

# One character in, one character out: letters folded to the form used in all tables.
_FOLD = {
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا",
    "ى": "ي", "ئ": "ي", "ی": "ي",  # alef maqsura, yeh with hamza, Persian yeh
    "ؤ": "و",
    "ة": "ه",
    "ک": "ك",  # Persian keheh
    # Arabic-Indic and Eastern Arabic-Indic digits
    "٠": "0", "١": "1", "٢": "2", "٣": "3", "٤": "4",
    "٥": "5", "٦": "6", "٧": "7", "٨": "8", "٩": "9",
    "۰": "0", "۱": "1", "۲": "2", "۳": "3", "۴": "4",
    "۵": "5", "۶": "6", "۷": "7", "۸": "8", "۹": "9",
    "،": ",", "؛": ";", "؟": "?",
    "\u00a0": " ",
}


@dataclass(frozen=True)
class NormalisedText:
    """A normalised copy of a text and the source offset of each of its characters."""

    text: str
    source_index: tuple[int, ...]  # len(text) + 1 entries; the last is len(original)

    def source_span(self, begin: int, end: int) -> tuple[int, int]:
        """Map a [begin, end) span of the normalised text back to the original text."""
        if end <= begin:
            pos = self.source_index[begin]
            return pos, pos
        return self.source_index[begin], self.source_index[end - 1] + 1


def normalise_char(ch: str) -> str:
    """The folded form of one character ('' when it is dropped)."""
    if ch in _DIACRITICS or ch == _TATWEEL or ch in _INVISIBLE:
        return ""
    return _FOLD.get(ch, ch)


def normalise(text: str) -> str:
    """Fold a word or phrase for matching (no offsets kept)."""
    return "".join(normalise_char(ch) for ch in text)


def normalise_with_offsets(text: str) -> NormalisedText:
    """Fold a whole text for matching and keep the way back to source offsets."""
    out: list[str] = []
    index: list[int] = []
    for i, ch in enumerate(text):
        folded = normalise_char(ch)
        if folded:
            out.append(folded)
            index.append(i)
    index.append(len(text))
    return NormalisedText("".join(out), tuple(index))


# Arabic letters (after normalisation) for word-boundary checks in regular expressions.
ARABIC_LETTER = "\u0621-\u063a\u0641-\u064a\u0671-\u06d3"
WORD_CHAR_CLASS = f"[{ARABIC_LETTER}A-Za-z0-9]"
_WORD_RE = re.compile(f"{WORD_CHAR_CLASS}+")


def words(text: str) -> list[tuple[str, int, int]]:
    """Split a (normalised) text into (word, begin, end) triples."""
    return [(m.group(), m.start(), m.end()) for m in _WORD_RE.finditer(text)]


# str.translate table equivalent to normalise_char (dropped characters map to None).
_TRANSLATE = {ord(c): None for c in _DIACRITICS | _INVISIBLE | {_TATWEEL}}
_TRANSLATE.update({ord(k): v for k, v in _FOLD.items()})
_DROPPED_RE = re.compile("[" + re.escape("".join(sorted(_DIACRITICS | _INVISIBLE | {_TATWEEL}))) + "]+")


_FOLD_ITEMS = tuple(_FOLD.items())


def normalise_with_offsets_fast(text: str) -> NormalisedText:
    """Same result as ``normalise_with_offsets``, computed with str.translate (much faster)."""
    n = len(text)
    folded = _DROPPED_RE.sub("", text)
    for k, v in _FOLD_ITEMS:
        if k in folded:
            folded = folded.replace(k, v)
    if len(folded) == n:
        return NormalisedText(folded, tuple(range(n + 1)))
    index: list[int] = []
    pos = 0
    for m in _DROPPED_RE.finditer(text):
        index.extend(range(pos, m.start()))
        pos = m.end()
    index.extend(range(pos, n))
    index.append(n)
    return NormalisedText(folded, tuple(index))


class LazyNormalisedText:
    """A normalised copy of a text that maps offsets back to the source only on demand.

    Same ``text`` and ``source_span`` as the ``NormalisedText`` of
    ``normalise_with_offsets``; the map is built from the runs of dropped characters the
    first time it is needed (most callers map back only a few spans).
    """

    __slots__ = ("text", "_parts", "_runs")

    def __init__(self, text: str, parts: list[str] | None):
        self.text = text
        self._parts = parts  # kept, dropped, kept, ... pieces of the source (None: no drops)
        self._runs = None

    def _map(self):
        if self._runs is None:
            parts = self._parts
            # at[k]: normalised position before which the k-th dropped run sits;
            # shift[k]: dropped characters up to and including that run
            at = list(accumulate(map(len, parts[0:-1:2])))
            shift = list(accumulate(map(len, parts[1::2])))
            self._runs = (at, shift)
        return self._runs

    def source_pos(self, j: int) -> int:
        """Source offset of normalised character ``j`` (``len(text)`` maps to the end)."""
        if self._parts is None:
            return j
        at, shift = self._map()
        k = bisect_right(at, j)
        return j + (shift[k - 1] if k else 0)

    def source_span(self, begin: int, end: int) -> tuple[int, int]:
        """Map a [begin, end) span of the normalised text back to the original text."""
        if end <= begin:
            pos = self.source_pos(begin)
            return pos, pos
        return self.source_pos(begin), self.source_pos(end - 1) + 1


_DROPPED_SPLIT = re.compile("(" + _DROPPED_RE.pattern + ")")


def normalise_lazy(text: str) -> LazyNormalisedText:
    """``normalise_with_offsets`` without building the whole offset map up front."""
    parts = _DROPPED_SPLIT.split(text)
    if len(parts) == 1:
        folded, parts = text, None
    else:
        folded = "".join(parts[::2])
    for k, v in _FOLD_ITEMS:
        if k in folded:
            folded = folded.replace(k, v)
    return LazyNormalisedText(folded, parts)
