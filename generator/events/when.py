"""When: the date expression attached to a trigger's clause, and a date an article gives
one happening carried to its undated mentions."""

from __future__ import annotations

from dataclasses import replace

from ..dates import DateMention
from ..places import PIN_PRECISIONS
from .clauses import Sentence
from .model import Event
from .rules import EventRules
from .triggers import Hit

def pick_date(s: Sentence, lo: int, hi: int, hit: Hit) -> DateMention | None:
    """The date expression of the scope nearest to the trigger (after it on a tie)."""
    best = None
    for d, a, z in s.dates:
        if lo <= a and z <= hi:
            dist = (a - hit.j, 0) if a >= hit.j else (hit.i - z, 1)
            if best is None or dist < best[0]:
                best = (dist, d)
    return best[1] if best else None


def date_from_article(events: list[Event], rules: EventRules) -> list[Event]:
    """An undated mention of a happening the article dates elsewhere (same kind, same place:
    a headline repeating the body) takes that date. Same kind is the same sub-type, or any
    violence for violence (a headline's killing is the body's shelling)."""
    def kind(e: Event) -> str:
        return "violence" if e.type in rules.violent_types else e.subtype

    dated: dict[tuple[str, str], Event] = {}
    for e in events:
        if e.date_from == "text" and not e.future:
            for m in e.places:
                if m.precision in PIN_PRECISIONS:  # a country or a region hosts many happenings
                    dated.setdefault((kind(e), m.place.id), e)
    out = []
    for e in events:
        if e.date_from == "published" and not e.future:
            src = next((dated[(kind(e), m.place.id)] for m in e.places if (kind(e), m.place.id) in dated), None)
            if src is not None:
                e = replace(e, start=src.start, end=src.end, granularity=src.granularity, date=src.date, date_from="context")
        out.append(e)
    return out
