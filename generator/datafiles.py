"""The site's data files: events and places as GeoJSON, CSV and iCalendar.

Each carries precision (of the date and of the place) and provenance (the date expression,
whether the date came from the text or the publication date, the article), so other tools
can tell a day from a quarter and a town from a country.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .cache import ROWS, ExtractionCache, key_for
from .events import Event
from .extract import code_version
from .site import ArticleRecord, SiteModel, date_label, excerpt

ATTRIBUTION = "Places: GeoNames (CC BY 4.0, https://www.geonames.org/); map tiles: OpenStreetMap contributors (ODbL)"


def event_id(record: ArticleRecord, event: Event) -> str:
    return f"{record.article.slug}#{event.offset[0]}"


def _dumps(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")) + "\n"


def _point(place) -> dict:
    """A GeoJSON Point (longitude first, 5 decimals: about a metre)."""
    return {"type": "Point", "coordinates": [round(place.lon, 5), round(place.lat, 5)]}


def _geojson_features(record: ArticleRecord, event: Event) -> list[str]:
    """The event's features in events.geojson (RFC 7946 Points), one per place, as JSON."""
    features = []
    for m in event.places:
        p = m.place
        features.append(_dumps({
            "type": "Feature",
            "geometry": _point(p),
            "properties": {
                "event": event_id(record, event),
                "start": event.start.isoformat(),
                "end": event.end.isoformat(),
                "granularity": event.granularity,
                "date_text": event.date.text if event.date else None,
                "date_rule": event.date.rule if event.date else None,
                "date_from": event.date_from,
                "place": p.id,
                "name": p.name,
                "name_ar": p.name_ar,
                "place_text": m.text,
                "cc": p.cc,
                "kind": p.kind,
                "precision": m.precision,
                "geonames": p.geonames,
                "sentence": event.sentence,
                "article": record.url,
                "article_title": record.article.title,
                "published": record.article.published.isoformat(),
                "source": record.article.source,
            },
        })[:-1])
    return features


def events_geojson(model: SiteModel, rows: dict[int, EventRows] | None = None) -> str:
    """RFC 7946 FeatureCollection: one Point feature per event and place."""
    rows = rows if rows is not None else _rows_of(model)
    head = _dumps({"type": "FeatureCollection", "attribution": ATTRIBUTION})[:-2] + ',"features":['
    return head + ",".join(f for _, event in model.entries for f in rows[id(event)].geojson) + "]}\n"


MAP_EXCERPT_CHARS = 160


def places_geojson(model: SiteModel) -> str:
    """One feature per place with its events: the data behind every map on the site.

    Kept compact, since the map loads it whole before it shows anything: articles are
    listed once (a foreign member `articles`, as RFC 7946 allows) and each event is a row
    [start, end, date label, granularity, article index]. The events' excerpts, most of
    the bytes, are in place_excerpts(), which the map loads once it is shown.
    """
    lang, w = model.settings.language, model.w
    article_index = {id(r): i for i, r in enumerate(model.records)}
    articles = [[r.url, r.article.title, r.article.source] for r in model.records]
    features = []
    for s in model.places:
        p = s.place
        features.append({
            "type": "Feature",
            "geometry": _point(p),
            "properties": {
                "id": p.id,
                "name": p.name,
                "name_ar": p.name_ar,
                "cc": p.cc,
                "kind": p.kind,
                "precision": s.precision,
                "precision_label": w["precision_country"] if s.precision == "country" else w.get(s.precision, s.precision),
                "geonames": p.geonames,
                "page": model.place_url(s),
                "spellings": sorted(s.spellings),
                "events": [
                    [e.start.isoformat(), e.end.isoformat(), date_label(e, lang), e.granularity, article_index[id(r)]]
                    for r, e in s.events
                ],
            },
        })
    return json.dumps({"type": "FeatureCollection", "attribution": ATTRIBUTION, "articles": articles, "features": features},
                      ensure_ascii=False, separators=(",", ":")) + "\n"


def place_excerpts(model: SiteModel) -> str:
    """{place id: [excerpt of each of its events, in the order of places.geojson]}."""
    out = {s.place.id: [excerpt(e.sentence, MAP_EXCERPT_CHARS) for _, e in s.events] for s in model.places}
    return json.dumps(out, ensure_ascii=False, separators=(",", ":")) + "\n"


# A cell starting with one of these is shown as text, never run as a formula (CSV injection).
_CSV_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


CSV_COLUMNS = ["event", "start", "end", "granularity", "date_text", "date_rule", "date_from", "place", "name_ar", "name",
               "place_text", "lat", "lon", "cc", "kind", "precision", "geonames", "article", "article_title", "published",
               "source", "sentence"]


def _csv_header() -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(CSV_COLUMNS)
    return buffer.getvalue()


def _csv_rows(record: ArticleRecord, event: Event, buffer: io.StringIO) -> str:
    """The event's lines in events.csv, one per place."""
    buffer.seek(0)
    buffer.truncate()
    writer = csv.writer(buffer, lineterminator="\n")
    for m in event.places:
        p = m.place
        row = [event_id(record, event), event.start.isoformat(), event.end.isoformat(), event.granularity,
               event.date.text if event.date else "", event.date.rule if event.date else "", event.date_from,
               p.id, p.name_ar, p.name, m.text, f"{p.lat:.5f}", f"{p.lon:.5f}", p.cc or "", p.kind, m.precision,
               p.geonames or "", record.url, record.article.title, record.article.published.isoformat(),
               record.article.source or "", " ".join(event.sentence.split())]
        cells = ["" if v is None else str(v) for v in row]
        writer.writerow(["'" + c if c[:1] in _CSV_FORMULA_STARTS else c for c in cells])
    return buffer.getvalue()


def events_csv(model: SiteModel, rows: dict[int, EventRows] | None = None) -> str:
    rows = rows if rows is not None else _rows_of(model)
    return _csv_header() + "".join(rows[id(event)].csv for _, event in model.entries)


def _ics_text(value: str) -> str:
    """RFC 5545 TEXT: backslash, semicolon, comma and line breaks escaped."""
    return (value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n"))


def _fold(line: str) -> str:
    """Lines of at most 75 octets, continued with a space (RFC 5545 §3.1), never splitting a character."""
    if len(line) <= 25 or (len(line) <= 75 and line.isascii()):  # at most 3 octets a character
        return line
    data = line.encode("utf-8")
    if len(data) <= 75:
        return line
    parts, start, limit = [], 0, 75
    while start < len(data):
        end = min(start + limit, len(data))
        while end < len(data) and (data[end] & 0xC0) == 0x80:  # not inside a UTF-8 sequence
            end -= 1
        parts.append(data[start:end])
        start, limit = end, 74
    return b"\r\n ".join(parts).decode("utf-8")


def _ics_lines(lines: list[str]) -> str:
    return "".join(_fold(line) + "\r\n" for line in lines)


def _ics_event(record: ArticleRecord, event: Event) -> str:
    """The event's VEVENT, folded, with CRLF line ends."""
    places = "، ".join(m.place.name_ar for m in event.places)
    end_exclusive = event.end + dt.timedelta(days=1)
    lines = [
        "BEGIN:VEVENT",
        f"UID:{_ics_text(event_id(record, event))}@marsad",
        f"DTSTAMP:{record.article.published.strftime('%Y%m%d')}T000000Z",
        f"DTSTART;VALUE=DATE:{event.start.strftime('%Y%m%d')}",
        f"DTEND;VALUE=DATE:{end_exclusive.strftime('%Y%m%d')}",
        f"SUMMARY:{_ics_text(places + ': ' + excerpt(event.sentence, 120))}",
        f"DESCRIPTION:{_ics_text(event.sentence + chr(10) + record.article.title + ' (' + record.article.published.isoformat() + ')')}",
        f"LOCATION:{_ics_text(places)}",
        f"CATEGORIES:{_ics_text(event.granularity)}",
    ]
    first = event.places[0].place if event.places else None
    if first is not None:
        lines.append(f"GEO:{first.lat:.5f};{first.lon:.5f}")
    lines.append("END:VEVENT")
    return _ics_lines(lines)


def events_ics(model: SiteModel, site_name: str = "Marsad", rows: dict[int, EventRows] | None = None) -> str:
    """All-day iCalendar events; DTSTAMP is the article's publication date, so output is stable."""
    rows = rows if rows is not None else _rows_of(model)
    head = _ics_lines(["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Marsad//Arabic news events//EN", "CALSCALE:GREGORIAN",
                       f"X-WR-CALNAME:{_ics_text(site_name)}"])
    return head + "".join(rows[id(event)].ics for _, event in model.entries) + "END:VCALENDAR\r\n"


# ---------------------------------------------------------------- rows, cached per article

# What the rows depend on besides the article and its extraction: the code that writes them.
ROW_SOURCES = ("datafiles.py", "site.py")


@dataclass(frozen=True)
class EventRows:
    """What one event adds to events.geojson (its features), events.csv and events.ics."""

    geojson: tuple[str, ...]
    csv: str
    ics: str


def _article_rows(record: ArticleRecord) -> list[EventRows]:
    buffer = io.StringIO()
    return [EventRows(tuple(_geojson_features(record, e)), _csv_rows(record, e, buffer), _ics_event(record, e))
            for e in record.extraction.events]


def _rows_key(record: ArticleRecord) -> str | None:
    """The rows of an article change with its extraction and with what else they show."""
    if not record.extraction.key:
        return None
    a = record.article
    return key_for("datafile-rows", code_version(*ROW_SOURCES), record.extraction.key, record.url, a.slug, a.title,
                   a.source or "")


def _rows_of(model: SiteModel, cache: ExtractionCache | None = None) -> dict[int, EventRows]:
    """Every event's rows by id(event): from the cache when its article's are there.

    Writing the rows is most of the data files' cost, and a rebuild after adding one
    article needs only that article's."""
    keys = [_rows_key(r) for r in model.records]
    stored = cache.get_many([k for k in keys if k], table=ROWS) if cache is not None else {}
    out: dict[int, EventRows] = {}
    fresh = []
    for record, key in zip(model.records, keys):
        events = record.extraction.events
        rows = None
        value = stored.get(key) if key else None
        if isinstance(value, list) and len(value) == len(events):
            if all(isinstance(row, list) and len(row) == 3 and isinstance(row[0], list) and isinstance(row[1], str)
                   and isinstance(row[2], str) and all(isinstance(f, str) for f in row[0]) for row in value):
                rows = [EventRows(tuple(g), c, i) for g, c, i in value]
            # else: a malformed entry, written again below
        if rows is None:
            rows = _article_rows(record)
            if key:
                fresh.append((key, [[list(r.geojson), r.csv, r.ics] for r in rows]))
        for event, r in zip(events, rows):
            out[id(event)] = r
    if cache is not None:
        if fresh:
            cache.put_many(fresh, table=ROWS)
        cache.prune([k for k in keys if k], table=ROWS)
    return out


# ---------------------------------------------------------------- writing them


def render_all(model: SiteModel, site_name: str, cache: ExtractionCache | None = None) -> dict[str, str]:
    """Every data file, by its path in the site (see site.py); `cache` keeps the rows."""
    from . import site

    rows = _rows_of(model, cache)
    return {
        site.EVENTS_GEOJSON: events_geojson(model, rows),
        site.EVENTS_CSV: events_csv(model, rows),
        site.EVENTS_ICS: events_ics(model, site_name, rows),
        site.PLACES_GEOJSON: places_geojson(model),
        site.PLACE_EXCERPTS: place_excerpts(model),
    }


_UMASK = os.umask(0o022)
os.umask(_UMASK)


def write_atomic(path: Path, data: bytes) -> None:
    """Write to a temporary file beside `path`, then rename: readers never see half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.chmod(tmp, 0o666 & ~_UMASK)  # mkstemp makes it private; a site file is public
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def write_all(model: SiteModel, site_name: str, site_dir: Path, cache: ExtractionCache | None = None) -> None:
    """Render every data file and put it into the site, each by an atomic rename.

    (Rendering them in a forked process beside the pages was tried: on a two-core machine
    the copy-on-write faults it causes in the build cost more than it saves.)"""
    for rel, text in sorted(render_all(model, site_name, cache).items()):
        write_atomic(site_dir / rel, text.encode("utf-8"))
