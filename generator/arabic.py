"""Arabic text shared by every stage: normalisation with offsets, and the clitic table.

Normalising
    Stages match vocabulary against article text, and news text spells the same word in
    many ways (diacritics, tatweel, hamza and alef forms, ta marbuta, alef maqsura,
    Arabic-Indic digits). Matching happens on a normalised copy; every match must still
    report offsets into the original text, so normalisation keeps a way back to each
    character's source position. ``normalise`` folds a word (no offsets, the reference
    definition); ``normalise_with_offsets`` folds a text and keeps every source offset;
    ``normalise_lazy`` folds a text and maps offsets back only when asked (the date and
    place stages, which map back a few spans).

Clitics
    ``CLITICS`` is the one table of the proclitics written before a word (conjunctions,
    prepositions, the article and the contraction of ل + ال); ``clitic_prefixes``,
    ``clitic_readings``, ``bare_forms``, ``definite_prefixes`` and ``clitic_regex`` derive
    what the stages need from it.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from itertools import accumulate
from dataclasses import dataclass, field
from functools import lru_cache

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


# Arabic letters (after normalisation) for word-boundary checks in regular expressions.
ARABIC_LETTER = "\u0621-\u063a\u0641-\u064a\u0671-\u06d3"
WORD_CHAR_CLASS = f"[{ARABIC_LETTER}A-Za-z0-9]"
_WORD_RE = re.compile(f"{WORD_CHAR_CLASS}+")

# What ends a sentence: the Latin marks, the Arabic question mark, the ellipsis.
SENTENCE_END_MARKS = ".!?؟…"


def words(text: str) -> list[tuple[str, int, int]]:
    """Split a (normalised) text into (word, begin, end) triples."""
    return [(m.group(), m.start(), m.end()) for m in _WORD_RE.finditer(text)]


_DROPPED_RE = re.compile("[" + re.escape("".join(sorted(_DIACRITICS | _INVISIBLE | {_TATWEEL}))) + "]+")


def display_form(text: str, vowels: bool = False) -> str:
    """A name as a page shows it: letters as written, without invisible direction marks or
    tatweel (GeoNames writes «حفر الباطن\u200e»: a stray mark can flip the words around it on
    a right-to-left page) and, unless ``vowels``, without short vowels (GeoNames' «اَلْوَفْرَة»).
    Keep the vowels where they tell two places apart: «عُمان», Oman, is not «عمان», Amman."""
    dropped = _INVISIBLE_RE if vowels else _DROPPED_RE
    return " ".join(dropped.sub("", text).split())


_INVISIBLE_RE = re.compile("[" + re.escape("".join(sorted(_INVISIBLE | {_TATWEEL}))) + "]+")


_FOLD_ITEMS = tuple(_FOLD.items())


def normalise_with_offsets(text: str) -> NormalisedText:
    """Fold a whole text for matching and keep the way back to every source offset.

    The same folding as ``normalise`` (one character at a time), computed with one regex
    for the dropped characters and a few ``str.replace`` calls for the folded ones."""
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


# the name events/clauses.py imports (once the faster twin of the per-character reference)
normalise_with_offsets_fast = normalise_with_offsets


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
        self._runs: tuple[list[int], list[int]] | None = None

    def _map(self) -> tuple[list[int], list[int]]:
        if self._runs is None:
            parts = self._parts
            assert parts is not None
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
    parts: list[str] | None = _DROPPED_SPLIT.split(text)
    assert parts is not None
    if len(parts) == 1:
        folded, parts = text, None
    else:
        folded = "".join(parts[::2])
    for k, v in _FOLD_ITEMS:
        if k in folded:
            folded = folded.replace(k, v)
    return LazyNormalisedText(folded, parts)


# ---------------------------------------------------------------------------------------
# Clitics: one table of the letters written before a word, and what the stages derive.


@dataclass(frozen=True)
class Proclitic:
    """A one-letter proclitic (normalised)."""

    letter: str
    role: str  # "conjunction" (comes first) or "preposition"
    before_bare: bool = True  # read before a word without the article
    contraction: str | None = None  # how it is written with the article, when not letter + article
    after: tuple[str, ...] | None = None  # the conjunctions it may follow (None: every one)


@dataclass(frozen=True)
class CliticTable:
    """The proclitics of Arabic news text: [conjunction] [preposition] [article] word."""

    article: str
    proclitics: tuple[Proclitic, ...] = field(default=())

    @property
    def conjunctions(self) -> tuple[Proclitic, ...]:
        return tuple(p for p in self.proclitics if p.role == "conjunction")

    @property
    def prepositions(self) -> tuple[Proclitic, ...]:
        return tuple(p for p in self.proclitics if p.role == "preposition")


CLITICS = CliticTable(
    article="ال",
    proclitics=(
        Proclitic("و", "conjunction"),  # and
        Proclitic("ف", "conjunction"),  # so, then
        Proclitic("ب", "preposition"),  # in, by
        Proclitic("ل", "preposition", contraction="لل"),  # to, for: ل + ال is written لل
        # ك (as, like) precedes place names rarely: read only before the article (كالقاهرة),
        # never alone (كاجين is not ك + Ujjain) and never after ف
        Proclitic("ك", "preposition", before_bare=False, after=("و",)),
    ),
)


@dataclass(frozen=True)
class CliticPrefix:
    """A written run of proclitics: ``surface`` at the start of a word, ``clitic`` the
    letters it stands for, ``article`` True when the word keeps the article (وال, لل)."""

    surface: str
    clitic: str
    article: bool


def clitic_prefixes(table: CliticTable = CLITICS) -> tuple[CliticPrefix, ...]:
    """Every run of proclitics a word may start with, longest first.

    [conjunction] [preposition] [article], at least one clitic letter: the article alone is
    part of the name, not a clitic. Two runs of the same length cannot both start one
    word, so longest first is the only order that matters to a reader of the readings."""
    out: list[CliticPrefix] = []
    for article in (True, False):
        for conj in (None, *table.conjunctions):
            for prep in (None, *table.prepositions):
                if conj is None and prep is None:
                    continue
                if prep is not None and not article and not prep.before_bare:
                    continue
                if prep is not None and conj is not None and prep.after is not None and conj.letter not in prep.after:
                    continue
                head = conj.letter if conj else ""
                if prep is None:
                    surface = head + (table.article if article else "")
                elif article:
                    surface = head + (prep.contraction or prep.letter + table.article)
                else:
                    surface = head + prep.letter
                out.append(CliticPrefix(surface, head + (prep.letter if prep else ""), article))
    out.sort(key=lambda p: -len(p.surface))
    return tuple(out)


_PREFIXES = clitic_prefixes()
_PREFIX_FIRST = frozenset(p.surface[0] for p in _PREFIXES)


@lru_cache(maxsize=200000)
def clitic_readings(word: str, min_stem: int = 2) -> tuple[tuple[str, str], ...]:
    """(stem, clitic) readings of a normalised word, the word itself first: وبالرياض gives
    (وبالرياض, ''), (الرياض, وب), (بالرياض, و). A clitic reading leaves at least ``min_stem``
    letters; a run with the article keeps it on the stem (memoised)."""
    out = [(word, "")]
    if not word or word[0] not in _PREFIX_FIRST:
        return tuple(out)
    for p in _PREFIXES:
        if word.startswith(p.surface) and len(word) - len(p.surface) >= min_stem:
            rest = word[len(p.surface):]
            out.append(((CLITICS.article + rest) if p.article else rest, p.clitic))
    return tuple(out)


def _bare_letters(table: CliticTable) -> tuple[str, str]:
    """The letters stripped from a word's start: a conjunction or a preposition read
    before bare words, then such a preposition."""
    preps = "".join(p.letter for p in table.prepositions if p.before_bare)
    return "".join(p.letter for p in table.conjunctions) + preps, preps


_BARE_FIRST, _BARE_SECOND = _bare_letters(CLITICS)


def bare_forms(word: str, min_stem: int = 3) -> tuple[str, ...]:
    """A word and its forms without one or two clitics (وفبل, then بل), each leaving at
    least ``min_stem`` letters (the rule of the date stage's ``_bare``)."""
    out = [word]
    if len(word) > min_stem and word[0] in _BARE_FIRST:
        out.append(word[1:])
        if len(word) > min_stem + 1 and word[1] in _BARE_SECOND:
            out.append(word[2:])
    return tuple(out)


def clitic_regex(table: CliticTable = CLITICS) -> str:
    """A regex fragment for an optional conjunction then an optional preposition:
    ``(?:[وف]?[بل]?)`` (prepositions read before bare words)."""
    conj = "".join(p.letter for p in table.conjunctions)
    preps = "".join(p.letter for p in table.prepositions if p.before_bare)
    return f"(?:[{conj}]?[{preps}]?)"


def definite_prefixes(table: CliticTable = CLITICS) -> tuple[str, ...]:
    """How a definite noun starts: the article, after a conjunction, or after a preposition
    read before bare words (ال, وال, فال, بال, لل)."""
    art = table.article
    out = [art]
    out += [c.letter + art for c in table.conjunctions]
    out += [p.contraction or p.letter + art for p in table.prepositions if p.before_bare]
    return tuple(out)


_DEFINITE = definite_prefixes()


def is_definite(word: str) -> bool:
    """Does a normalised word start like a definite noun (the date stage's ``_definite_noun``)?"""
    return word.startswith(_DEFINITE)


def has_article(word: str) -> bool:
    """Does a normalised word start with the article?"""
    return word.startswith(CLITICS.article)


# ---------------------------------------------------------------------------------------
# Spelling before a suffix.

# A ta marbuta (normalised to ه) is written ت before a suffix: غارة + ات = غارات.
TA_MARBUTA, TA_BEFORE_SUFFIX = "ه", "ت"


def before_suffix(stem: str) -> str:
    """How a normalised noun is written when a suffix follows it (غاره -> غارت)."""
    return stem[:-1] + TA_BEFORE_SUFFIX if stem.endswith(TA_MARBUTA) else stem
