"""Stage 4: sentence-level events, each with a date and the places it mentions.

An event is a sentence that names at least one place. Its date is the most specific date
expression inside the sentence; a sentence with no date expression of its own takes the
article's publication date, and says so (`date_from == "published"`).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from .dates import DateMention
from .places import PlaceMention

# Narrower spans first: a day says more about when something happened than a year does.
GRANULARITY_RANK = {"day": 0, "week": 1, "month": 2, "quarter": 3, "range": 4, "year": 5, "vague": 9}

# A sentence ends at . ! ? ؟ followed by white space or a closing quote, or at a line break.
# Dots inside abbreviations such as "سي.إن.إن" are not followed by space, so they stay.
_SENTENCE_END = re.compile(r"(?<=[.!?؟…])[»\"')\]]*\s+|\n+")


@dataclass(frozen=True)
class Event:
    sentence: str
    offset: tuple[int, int]
    start: dt.date
    end: dt.date
    granularity: str
    places: tuple[PlaceMention, ...]
    date: DateMention | None  # None when the date is the publication date
    date_from: str  # "text" | "published"


def split_sentences(text: str) -> list[tuple[int, int]]:
    """[begin, end) spans of the sentences of a text, trimmed of surrounding white space."""
    spans = []
    begin = 0
    for match in _SENTENCE_END.finditer(text):
        spans.append((begin, match.start()))
        begin = match.end()
    spans.append((begin, len(text)))
    trimmed = []
    for b, e in spans:
        segment = text[b:e]
        lead = len(segment) - len(segment.lstrip())
        tail = len(segment.rstrip())
        if tail > lead:
            trimmed.append((b + lead, b + tail))
    return trimmed


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
    events = []
    for sentence in split_sentences(text):
        in_sentence = [p for p in places if _inside(p.offset, sentence)]
        if not in_sentence:
            continue
        seen: set[str] = set()
        unique = []
        for mention in in_sentence:
            if mention.place.id not in seen:
                seen.add(mention.place.id)
                unique.append(mention)
        date = pick_date([d for d in dates if _inside(d.offset, sentence)])
        if date is None:
            start = end = published
            granularity, date_from = "day", "published"
        else:
            start, end, granularity, date_from = date.start, date.end, date.granularity, "text"
        events.append(
            Event(
                sentence=text[sentence[0]:sentence[1]],
                offset=sentence,
                start=start,
                end=end,
                granularity=granularity,
                places=tuple(unique),
                date=date,
                date_from=date_from,
            )
        )
    return events
