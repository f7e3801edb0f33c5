"""Sentence spans, and the former sentence-level events (replaced by `find`).

An event is a sentence that names at least one place. Its date is the most specific date
expression inside the sentence; a sentence with no date expression of its own takes the
article's publication date, and says so (`date_from == "published"`).
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass

from ..dates import DateMention
from ..places import PlaceMention
from .model import Event

# Narrower spans first: a day says more about when something happened than a year does.
GRANULARITY_RANK = {"day": 0, "week": 1, "month": 2, "quarter": 3, "range": 4, "year": 5, "vague": 9}

# A sentence ends at . ! ? ؟ followed by white space or a closing quote, or at a line break.
# Dots inside abbreviations such as "سي.إن.إن" are not followed by space, so they stay.
_SENTENCE_END = re.compile(r"(?<=[.!?؟…])[»\"')\]]*\s+|\n+")


def _separators(text: str) -> tuple[list[int], list[int]]:
    """Start and end offsets of the separators between sentences."""
    starts, ends = [], []
    for match in _SENTENCE_END.finditer(text):
        starts.append(match.start())
        ends.append(match.end())
    return starts, ends


def _trim(text: str, begin: int, end: int) -> tuple[int, int] | None:
    segment = text[begin:end]
    lead = len(segment) - len(segment.lstrip())
    tail = len(segment.rstrip())
    return (begin + lead, begin + tail) if tail > lead else None


def split_sentences(text: str) -> list[tuple[int, int]]:
    """[begin, end) spans of the sentences of a text, trimmed of surrounding white space."""
    starts, ends = _separators(text)
    bounds = zip([0] + ends, starts + [len(text)])
    return [span for b, e in bounds if (span := _trim(text, b, e)) is not None]


def _inside(span: tuple[int, int], sentence: tuple[int, int]) -> bool:
    return sentence[0] <= span[0] and span[1] <= sentence[1]


def pick_date(dates: list[DateMention]) -> DateMention | None:
    """The most specific dated expression (first one on ties); vague ones never date an event."""
    dated = [d for d in dates if d.start is not None and d.granularity != "vague"]
    if not dated:
        return None
    return min(dated, key=lambda d: (GRANULARITY_RANK.get(d.granularity, 8), d.offset[0]))


def build_events(
    text: str,
    published: dt.date,
    dates: list[DateMention],
    places: list[PlaceMention],
) -> list[Event]:
    """One event per sentence that names a place (sentences are found only around places)."""
    if not places:
        return []
    starts, ends = _separators(text)
    sentence_begins = [0] + ends  # sentence k runs from sentence_begins[k] to starts[k] (or the end)
    by_sentence: dict[int, list[PlaceMention]] = {}
    for mention in places:
        k = bisect.bisect_right(sentence_begins, mention.offset[0]) - 1
        by_sentence.setdefault(k, []).append(mention)
    events = []
    for k in sorted(by_sentence):
        span = _trim(text, sentence_begins[k], starts[k] if k < len(starts) else len(text))
        if span is None:
            continue
        in_sentence = [p for p in by_sentence[k] if _inside(p.offset, span)]
        if not in_sentence:
            continue
        seen: set[str] = set()
        unique = []
        for mention in in_sentence:
            if mention.place.id not in seen:
                seen.add(mention.place.id)
                unique.append(mention)
        date = pick_date([d for d in dates if _inside(d.offset, span)])
        if date is None:
            start = end = published
            granularity, date_from = "day", "published"
        else:
            start, end, granularity, date_from = date.start, date.end, date.granularity, "text"
        events.append(Event(text[span[0]:span[1]], span, start, end, granularity, tuple(unique), date, date_from))
    return events
