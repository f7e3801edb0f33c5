"""Words and clauses of a sentence: tokens with their bare forms, clause spans, and the
quick look that tells whether a sentence may report anything at all."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..arabic import ARABIC_LETTER, normalise_lazy, normalise_with_offsets_fast
from ..dates import DateMention
from .rules import EventRules

if TYPE_CHECKING:
    from .triggers import Hit
    from .where import PlaceRef

_TOKEN = re.compile(f"([{ARABIC_LETTER}A-Za-z0-9]+)|([,;:()\\[\\]\u2013\u2014|]|-(?=\\s)|(?<=\\s)-)|([«»\"\u201c\u201d])")
# A dateline: a place that opens a line, then a dash, colon or bracket (باريس ـ قال).


@dataclass(slots=True)
class Token:
    word: str
    b: int  # source offsets
    e: int
    punct: bool
    quote: bool = False
    forms: list[tuple[str, str]] = field(default_factory=list)
    formset: frozenset[str] = frozenset()  # the bare forms alone, for set tests
    actor: bool = False  # part of an actor's name: قوات الدعم السريع holds no cue of support


@dataclass
class Sentence:
    span: tuple[int, int]
    toks: list[Token]
    segs: list[tuple[int, int]]  # [start, end) token ranges of clauses
    places: list[PlaceRef]
    dates: list[tuple[DateMention, int, int]]
    hits: list[Hit]
    actors: list[tuple[int, int, str]]  # (first token, end token, actor id)


_WORDS = re.compile(f"[{ARABIC_LETTER}A-Za-z0-9]+")


def may_report(sentence: str, datelined: bool, rules: EventRules) -> bool:
    """A quick look before the close one: a trigger word other than a verb of saying, or a
    verb of saying with a dateline or a venue word (what a statement event needs)."""
    flags = 0
    cache, flag_of = rules.word_flags, rules.flags
    for w in _WORDS.findall(normalise_lazy(sentence).text):
        f = cache.get(w)
        flags |= f if f is not None else flag_of(w)
        if flags & rules.EVENT_WORD:
            return True
    return bool(flags & rules.SAYING) and (datelined or bool(flags & rules.VENUE))


def tokenize(text: str, begin: int, end: int, rules: EventRules) -> list[Token]:
    norm = normalise_with_offsets_fast(text[begin:end])
    index = norm.source_index
    cache = rules.word_info
    info = rules.info
    out: list[Token] = []
    append = out.append
    for m in _TOKEN.finditer(norm.text):
        nb, ne = m.span()
        group = m.lastindex  # 1: a word, 2: punctuation, 3: a quote mark
        word = m.group()
        if group == 1:
            got = cache.get(word) or info(word)
            append(Token(word, begin + index[nb], begin + index[ne - 1] + 1, False, False, got[0], got[1]))
        else:
            append(Token(word, begin + index[nb], begin + index[ne - 1] + 1, group == 2, group == 3))
    return out


def clauses_of(toks: list[Token], rules: EventRules) -> list[tuple[int, int]]:
    segs, start = [], 0
    for k, t in enumerate(toks):
        if t.quote:
            continue
        if t.punct:
            if k > start:
                segs.append((start, k))
            start = k + 1
        elif k > start and ((_opens_clause(t, rules) and not (
                _purpose_opener(t, rules) and word_in(toks[k - 1], rules.place_nouns)))
                or (k + 1 < len(toks) and toks[k + 1].word in rules.that_words and word_in(t, rules.sequence_words))):
            # ... بعد أن استولى: what came before is another happening, in another clause
            segs.append((start, k))
            start = k
    if start < len(toks):
        segs.append((start, len(toks)))
    return segs


def _opens_clause(t: Token, rules: EventRules) -> bool:
    got = rules.clause_cache.get(t.word)
    if got is None:
        got = rules.clause_cache[t.word] = (
            t.word in rules.clause_openers
            or any(f in rules.clause_openers for f, c in t.forms[1:2] if c in rules.conjunctions)
            or _purpose_opener(t, rules))
    return got


def same_word(w: str, r: str, rules: EventRules) -> bool:
    """A word of a phrase as written, with or without the article."""
    return w == r or w == rules.article + r or r == rules.article + w


def _purpose_opener(t: Token, rules: EventRules) -> bool:
    """لتنسيق, لإبعاد: a verbal noun after the preposition لـ opens a purpose clause."""
    return any(c in rules.purpose_clitics and not f.startswith(rules.article)
               and (f in rules.purpose_nouns or rules.purpose_pattern.match(f)) for f, c in t.forms[1:])


def span_tokens(starts: list[int], span: tuple[int, int]) -> tuple[int, int]:
    a = bisect_right(starts, span[0]) - 1
    z = bisect_left(starts, span[1])
    return max(a, 0), max(z, a + 1)


def word_in(tok: Token, words: frozenset[str]) -> bool:
    return not words.isdisjoint(tok.formset)


def only_within(toks: list[Token], a: int, z: int, spans: list[tuple[int, int]], rules: EventRules) -> bool:
    """Every word of toks[a:z] lies in one of the spans (or is a bare conjunction)."""
    for k in range(a, z):
        if toks[k].word in rules.conjunctions:
            continue
        if not any(x <= k < y for x, y in spans):
            return False
    return True
