"""Stages 2-4 together: one article's text in, its dates, places and events out.

`extraction_to_json` is the stable extraction contract that `marsad extract` prints and
other tools read; change it only by adding fields.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .dates import DateMention, find_dates
from .events import Event, build_events
from .places import Gazetteer, PlaceMention, find_places


@dataclass(frozen=True)
class Extraction:
    published: dt.date
    dates: tuple[DateMention, ...]
    places: tuple[PlaceMention, ...]
    events: tuple[Event, ...]


def extract(text: str, published: dt.date, gazetteer: Gazetteer, *, week_start: int = 0) -> Extraction:
    dates = find_dates(text, published, week_start=week_start)
    places = find_places(text, gazetteer)
    events = build_events(text, published, dates, places)
    return Extraction(published, tuple(dates), tuple(places), tuple(events))


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def date_to_json(d: DateMention) -> dict:
    return {
        "text": d.text,
        "start": _iso(d.start),
        "end": _iso(d.end),
        "granularity": d.granularity,
        "offset": [d.offset[0], d.offset[1]],
        "rule": d.rule,
        "anchor": _iso(d.anchor),
    }


def place_to_json(m: PlaceMention) -> dict:
    p = m.place
    return {
        "text": m.text,
        "offset": [m.offset[0], m.offset[1]],
        "name": p.name,
        "name_ar": p.name_ar,
        "lat": p.lat,
        "lon": p.lon,
        "cc": p.cc,
        "kind": p.kind,
        "geonames": p.geonames,
        "precision": m.precision,
        "evidence": list(m.evidence),
    }


def event_to_json(e: Event) -> dict:
    return {
        "sentence": e.sentence,
        "start": _iso(e.start),
        "end": _iso(e.end),
        "granularity": e.granularity,
        "places": [m.place.name for m in e.places],
        "date_from": e.date_from,
        "offset": [e.offset[0], e.offset[1]],
    }


def extraction_to_json(ex: Extraction, **identity: str) -> dict:
    """The contract object: identity (`file` or `id`), `published`, dates, places, events."""
    return {
        **identity,
        "published": ex.published.isoformat(),
        "dates": [date_to_json(d) for d in ex.dates],
        "places": [place_to_json(m) for m in ex.places],
        "events": [event_to_json(e) for e in ex.events],
    }
