"""The site's data files: events and places as GeoJSON, CSV and iCalendar.

Each event is a merged event (events/merge.py): one happening, however many articles
report it, with its type, sub-type, actors, whether it is planned (future), its id and
link, and all its sources. Each carries precision (of the date and of the place) and
provenance (the date expression, whether the date came from the text, the story's context
or the publication date, the report that dates it), so other tools can tell a day from a
quarter and a town from a country.
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import datetime as dt
import io
import json
import os
import re
import shutil
import tempfile
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Iterator, TextIO, TypeGuard

from ..cache import ROWS, ExtractionCache, key_for
from ..events.merge import MergedEvent
from . import RENDER_STAGE
from .labels import NAMES_SEPARATOR
from .pages import ArticleRecord, SiteModel, date_label, event_excerpt, excerpt, map_precision, place_kind_label

ATTRIBUTION = ("Places: GeoNames (CC BY 4.0, https://www.geonames.org/); actor names: UniversalPetrarch (MIT); "
               "map tiles: OpenStreetMap contributors (ODbL)")


def _dumps(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")) + "\n"


def _point(place) -> dict:
    """A GeoJSON Point (longitude first, 5 decimals: about a metre)."""
    return {"type": "Point", "coordinates": [round(place.lon, 5), round(place.lat, 5)]}


@dataclass(frozen=True)
class _Facts:
    """What every data file says about a merged event, computed once per event."""

    type_label: str
    subtype_label: str
    actor_labels: tuple[str, ...]
    url: str  # its anchor on its month page
    sources: tuple[ArticleRecord, ...]  # the articles that report it


def _facts(model: SiteModel, m: MergedEvent) -> _Facts:
    return _Facts(model.type_mark(m.type).label, model.subtype_label(m.subtype),
                  tuple(model.actor_label(a) or a for a in m.actors), model.event_url(m), m.articles)


def _geojson_features(m: MergedEvent, f: _Facts) -> list[str]:
    """The event's features in events.geojson (RFC 7946 Points), one per place, as JSON."""
    record, event = m.lead_report
    sources = [{"article": r.url, "title": r.article.title, "source": r.article.source,
                "published": r.article.published.isoformat(), "sentences": [e.sentence for rr, e in m.reports if rr is r]}
               for r in f.sources]
    features = []
    for mention in m.places:
        p = mention.place
        features.append(_dumps({
            "type": "Feature",
            "geometry": _point(p),
            "properties": {
                "event": m.id,
                "type": m.type,
                "type_label": f.type_label,
                "subtype": m.subtype,
                "subtype_label": f.subtype_label,
                "actors": list(m.actors),
                "actor_labels": list(f.actor_labels),
                "future": m.future,
                "start": m.start.isoformat(),
                "end": m.end.isoformat(),
                "granularity": m.granularity,
                "date_text": event.date.text if event.date else None,
                "date_rule": event.date.rule if event.date else None,
                "date_from": event.date_from,
                "place": p.id,
                "name": p.name,
                "name_ar": p.name_ar,
                "place_text": mention.text,
                "cc": p.cc,
                "kind": p.kind,
                "precision": mention.precision,
                "geonames": p.geonames,
                "sentence": event.sentence,
                "article": record.url,
                "article_title": record.article.title,
                "published": record.article.published.isoformat(),
                "source": record.article.source,
                "source_count": len(sources),
                "sources": sources,
                "url": f.url,
            },
        })[:-1])
    return features


MAP_EXCERPT_CHARS = 160


def write_places_geojson(model: SiteModel, out: TextIO) -> None:
    """One feature per place with its events: the data behind every map on the site.

    Kept compact, since the map loads it whole before it shows anything: articles, event
    types, sub-types, actors and month pages are listed once (foreign members, as RFC 7946
    allows) and each event is a row
    [start, end, date label, granularity, lead article, type, [actors], [articles],
     month page, id, future (0/1), sub-type (-1: none)], the last seven as indexes into
    those lists except the id. The events' excerpts, most of the bytes, are in one file
    per place (write_place_excerpts), which a popup loads when it opens; map_points() is
    what the map shows before this file has come.
    """
    lang, w = model.date_lang, model.w  # dates in the site's month names
    article_index = {id(r): i for i, r in enumerate(model.records)}
    articles = [[r.url, r.article.title, r.article.source] for r in model.records]
    type_keys = model.type_keys()
    type_index = {k: i for i, k in enumerate(type_keys)}
    types = [[k, (mark := model.type_mark(k)).label, mark.colour, mark.symbol] for k in type_keys]
    actor_ids = sorted({a for m in model.events for a in m.actors})
    actor_labels = {a: model.actor_label(a) or a for a in actor_ids}
    actor_ids.sort(key=lambda a: (actor_labels[a], a))
    actor_index = {a: i for i, a in enumerate(actor_ids)}
    actors = [[a, actor_labels[a]] for a in actor_ids]
    subtype_keys = sorted({m.subtype for m in model.events if m.subtype and model.subtype_label(m.subtype)})
    subtype_index = {k: i for i, k in enumerate(subtype_keys)}
    subtypes = [[k, model.subtype_label(k)] for k in subtype_keys]
    page_index = {p.src_uri: i for i, p in enumerate(model.timeline_pages)}
    pages = [model.url(p.src_uri) for p in model.timeline_pages]
    rows: dict[str, list] = {}
    for m in model.events:
        rows[m.id] = [
            m.start.isoformat(), m.end.isoformat(), date_label(m, lang), m.granularity, article_index[id(m.lead_report[0])],
            type_index[m.type], [actor_index[a] for a in m.actors], [article_index[id(r)] for r in m.articles],
            page_index[model.month_page_of[m.id].src_uri], m.id, int(m.future), subtype_index.get(m.subtype, -1),
        ]
    head = json.dumps({"type": "FeatureCollection", "attribution": ATTRIBUTION, "articles": articles, "types": types,
                       "subtypes": subtypes, "actors": actors, "pages": pages}, ensure_ascii=False, separators=(",", ":"))
    out.write(head[:-1] + ',"features":[')
    for n, s in enumerate(model.places):
        p = s.place
        out.write("," if n else "")
        out.write(json.dumps({
            "type": "Feature",
            "geometry": _point(p),
            "properties": {
                "id": p.id,
                "name": p.name,
                "name_ar": p.name_ar,
                "cc": p.cc,
                "kind": p.kind,
                "precision": map_precision(p, s.precision),
                # What the place is (the popup's line: «نهر · سوريا», «مدينة · العراق»), not how it was pinned.
                "precision_label": place_kind_label(p, s.precision, w, model.settings.language),
                "country": model.country_name(p.cc) if p.kind != "country" else "",
                "geonames": p.geonames,
                "page": model.place_url(s),
                "excerpts": excerpts_name(p.id),
                "spellings": sorted(s.spellings),
                "events": [rows[m.id] for m in s.events],
            },
        }, ensure_ascii=False, separators=(",", ":")))
    out.write("]}\n")


def excerpts_name(place_id: str) -> str:
    """The name of a place's excerpts file in EXCERPTS_DIR: a fixed hash of its id (an id
    may hold any character; the name must be a safe file name)."""
    return hashlib.sha1(place_id.encode("utf-8")).hexdigest()[:16] + ".json"


def write_place_excerpts(model: SiteModel, folder: Path) -> None:
    """One file per place: [excerpt of each of its events, in the order of places.geojson].
    A popup fetches its place's file when it opens: the map never loads them all."""
    texts = {m.id: "".join(event_excerpt(m, MAP_EXCERPT_CHARS)) for m in model.events}
    for s in model.places:
        with atomic_text(folder / excerpts_name(s.place.id)) as out:
            out.write(json.dumps([texts[m.id] for m in s.events], ensure_ascii=False, separators=(",", ":")) + "\n")


def _main_type(events: list[MergedEvent], type_index: dict[str, int]) -> int:
    """The most frequent type of the events (ties: the first in the legend), as the map's
    script finds it (mainType in marsad-map.js)."""
    counts: dict[int, int] = {}
    for m in events:
        counts[type_index[m.type]] = counts.get(type_index[m.type], 0) + 1
    return min(counts, key=lambda t: (-counts[t], t)) if counts else -1


def map_points(model: SiteModel) -> str:
    """What the map shows first, before places.geojson has come: each place as
    [id, longitude, latitude, precision, Arabic name, start of its latest event, main type]
    (the type an index into `types`, [key, colour] as in places.geojson). A few bytes a
    place, whatever the number of events."""
    type_keys = model.type_keys()
    type_index = {k: i for i, k in enumerate(type_keys)}
    points = []
    for s in model.places:
        p = s.place
        if not s.events:
            continue
        latest = max(m.start for m in s.events).isoformat()
        points.append([p.id, round(p.lon, 5), round(p.lat, 5), map_precision(p, s.precision), p.name_ar, latest,
                       _main_type(s.events, type_index)])
    types = [[k, model.type_mark(k).colour] for k in type_keys]
    return json.dumps({"types": types, "points": points}, ensure_ascii=False, separators=(",", ":")) + "\n"


# A text cell starting with one of these, or with one after characters nobody sees (spaces,
# line breaks, zero-width and direction marks), is shown as text, never run as a formula
# (CSV injection): spreadsheets read fullwidth ＝ as =, «|» starts a DDE call, «%0A=» is a
# formula after URL decoding. A number («-6.83255», a longitude) stays a number.
_CSV_FORMULA_STARTS = frozenset("=+-@\t\r\n|%＝＋－＠｜％")
_CSV_NUMBER = re.compile(r"[-+]?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?", re.ASCII)


def _invisible(char: str) -> bool:
    return char.isspace() or unicodedata.category(char) in ("Cc", "Cf", "Zs", "Zl", "Zp")


def csv_cell(value: object) -> str:
    """A value as a CSV cell that a spreadsheet shows and never evaluates."""
    text = "" if value is None else str(value)
    if not text or _CSV_NUMBER.fullmatch(text):
        return text
    first = next((ch for ch in text if not _invisible(ch)), "")
    if text[0] in _CSV_FORMULA_STARTS or first in _CSV_FORMULA_STARTS:
        return "'" + text
    return text
# Several values in one cell (actors, sources): joined by this.
CSV_LIST = " | "


CSV_COLUMNS = ["event", "start", "end", "granularity", "date_text", "date_rule", "date_from", "place", "name_ar", "name",
               "place_text", "lat", "lon", "cc", "kind", "precision", "geonames", "article", "article_title", "published",
               "source", "sentence", "type", "type_label", "subtype", "subtype_label", "actors", "actor_labels", "future",
               "source_count", "source_articles", "source_titles", "source_outlets", "url"]


def _csv_header() -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(CSV_COLUMNS)
    return buffer.getvalue()


def _csv_rows(m: MergedEvent, f: _Facts, buffer: io.StringIO) -> str:
    """The event's lines in events.csv, one per place."""
    buffer.seek(0)
    buffer.truncate()
    writer = csv.writer(buffer, lineterminator="\n")
    record, event = m.lead_report
    common = [m.type, f.type_label, m.subtype, f.subtype_label, CSV_LIST.join(m.actors), CSV_LIST.join(f.actor_labels),
              "true" if m.future else "false", len(f.sources), CSV_LIST.join(r.url for r in f.sources),
              CSV_LIST.join(" ".join(r.article.title.split()) for r in f.sources),
              CSV_LIST.join(r.article.source or "" for r in f.sources), f.url]
    for mention in m.places:
        p = mention.place
        row = [m.id, m.start.isoformat(), m.end.isoformat(), m.granularity,
               event.date.text if event.date else "", event.date.rule if event.date else "", event.date_from,
               p.id, p.name_ar, p.name, mention.text, f"{p.lat:.5f}", f"{p.lon:.5f}", p.cc or "", p.kind, mention.precision,
               p.geonames or "", record.url, record.article.title, record.article.published.isoformat(),
               record.article.source or "", " ".join(event.sentence.split()), *common]
        writer.writerow([csv_cell(v) for v in row])
    return buffer.getvalue()


CSV_BOM = "\ufeff"  # Excel reads a CSV file as UTF-8 (the Arabic readable) only after this mark


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


def _ics_date(day: dt.date) -> str:
    """YYYYMMDD, four digits of year even before 1000 (strftime writes «1» for year 1)."""
    return f"{day.year:04d}{day.month:02d}{day.day:02d}"


def _ics_event(m: MergedEvent, f: _Facts, w: dict[str, str]) -> str:
    """The event's VEVENT, folded, with CRLF line ends."""
    places = NAMES_SEPARATOR.join(p.place.name_ar for p in m.places)
    what = f.type_label + (f" ({w['future']})" if m.future else "")
    sources = [f"{w['sources']}: {len(f.sources)}"] + [
        f"{r.article.title} — {r.article.source or w['no_source']} ({r.article.published.isoformat()})" for r in f.sources]
    if f.actor_labels:
        sources.insert(0, f"{w['actors']}: {NAMES_SEPARATOR.join(f.actor_labels)}")
    categories = ",".join(_ics_text(c) for c in (f.type_label, f.subtype_label) if c)
    first_published = min(r.article.published for r in f.sources)
    summary = "".join(event_excerpt(m, 120))
    lines = [
        "BEGIN:VEVENT",
        f"UID:{_ics_text(m.id)}@marsad",
        f"DTSTAMP:{_ics_date(first_published)}T000000Z",
        f"DTSTART;VALUE=DATE:{_ics_date(m.start)}",
        f"SUMMARY:{_ics_text(what + ' — ' + places + ': ' + summary)}",
        f"DESCRIPTION:{_ics_text(m.sentence + chr(10) + chr(10).join(sources))}",
        f"LOCATION:{_ics_text(places)}",
        f"CATEGORIES:{categories}",
        f"STATUS:{'TENTATIVE' if m.future else 'CONFIRMED'}",
    ]
    if m.end < dt.date.max:  # (an all-day event without DTEND lasts its one day: RFC 5545 3.6.1)
        lines.insert(5, f"DTEND;VALUE=DATE:{_ics_date(m.end + dt.timedelta(days=1))}")
    first = m.places[0].place if m.places else None
    if first is not None:
        lines.append(f"GEO:{first.lat:.5f};{first.lon:.5f}")
    lines.append("END:VEVENT")
    return _ics_lines(lines)


def _ics_head(site_name: str) -> str:
    """The calendar's opening lines; DTSTAMP of each event is its first report's publication
    date, so output is stable."""
    return _ics_lines(["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Marsad//Arabic news events//EN", "CALSCALE:GREGORIAN",
                       f"X-WR-CALNAME:{_ics_text(site_name)}"])


ICS_TAIL = "END:VCALENDAR\r\n"


# ---------------------------------------------------------------- rows, cached per article



@dataclass(frozen=True)
class EventRows:
    """What one merged event adds to events.geojson (its features), events.csv and events.ics."""

    geojson: tuple[str, ...]
    csv: str
    ics: str


def _event_rows(model: SiteModel, m: MergedEvent, buffer: io.StringIO) -> EventRows:
    f = _facts(model, m)
    return EventRows(tuple(_geojson_features(m, f)), _csv_rows(m, f, buffer), _ics_event(m, f, model.w))


def _owned(model: SiteModel) -> dict[int, list[MergedEvent]]:
    """id(record) -> the merged events whose earliest report is the record's (the article
    that gives the event its id), in the data files' order."""
    owned: dict[int, list[MergedEvent]] = {id(r): [] for r in model.records}
    for m in model.events:
        owned[id(m.reports[0][0])].append(m)
    return owned


def _rows_key(model: SiteModel, record: ArticleRecord, events: list[MergedEvent], position: dict[int, int]) -> str | None:
    """The key of the rows of the events an article owns. Those rows show the other
    articles that report the same events too, so the key names every report of every
    owned event (by its article's extraction key and its place among that article's
    events, with the article's url, slug, title and source), and where each event's link
    points (paging can move it): an article that joins or leaves an event changes the key
    of the article that owns it, and no other."""
    if not record.extraction.key:
        return None
    a = record.article
    parts = [RENDER_STAGE.version(), model.actors.version if model.actors is not None else "", model.settings.language,
             record.extraction.key, record.url, a.slug, a.title, a.source or ""]
    for m in events:
        parts += ["event", m.id, model.event_url(m)]
        for other, event in m.reports:
            if not other.extraction.key:
                return None
            b = other.article
            parts += [other.extraction.key, str(position[id(event)]), other.url, b.slug, b.title, b.source or ""]
    return key_for("datafile-rows", *parts)


def _valid(value: object, events: list[MergedEvent]) -> TypeGuard[list]:
    return (isinstance(value, list) and len(value) == len(events) and all(
        isinstance(row, list) and len(row) == 3 and isinstance(row[0], list) and isinstance(row[1], str)
        and isinstance(row[2], str) and all(isinstance(f, str) for f in row[0]) and len(row[0]) == len(m.places)
        for row, m in zip(value, events)))


# How many events' rows are held at once while the data files are written: a batch of the
# cache's entries in, one batch of lines out, so memory does not grow with the site.
EVENT_BATCH = 2000


def stream_rows(model: SiteModel, cache: ExtractionCache | None = None) -> Iterator[EventRows]:
    """Every merged event's rows, in the data files' order, from the cache when they are there
    (one entry per article, holding the rows of the events it owns, see `_rows_key`), in
    batches of EVENT_BATCH events.

    Writing the rows is most of the data files' cost, and a rebuild after adding one
    article needs only the rows of the events it reports."""
    owned = _owned(model)
    position = {id(e): i for r in model.records for i, e in enumerate(r.extraction.events)}
    keys = {id(r): _rows_key(model, r, owned[id(r)], position) for r in model.records}
    owner_of = {m.id: m.reports[0][0] for m in model.events}
    buffer = io.StringIO()
    for start in range(0, len(model.events), EVENT_BATCH):
        batch = model.events[start:start + EVENT_BATCH]
        owners = list({id(r): r for r in (owner_of[m.id] for m in batch)}.values())
        wanted = [k for r in owners if (k := keys[id(r)])]
        stored = cache.get_many(wanted, table=ROWS) if cache is not None and wanted else {}
        rows: dict[str, EventRows] = {}
        fresh = []
        for record in owners:
            key, events = keys[id(record)], owned[id(record)]
            value = stored.get(key) if key else None
            if _valid(value, events):
                made = [EventRows(tuple(g), c, i) for g, c, i in value]
            else:  # not there, or a malformed entry: written (again) here
                made = [_event_rows(model, m, buffer) for m in events]
                if key:
                    fresh.append((key, [[list(r.geojson), r.csv, r.ics] for r in made]))
            rows.update((m.id, r) for m, r in zip(events, made))
        if cache is not None and fresh:
            cache.put_many(fresh, table=ROWS)  # (a later batch finds an owner's entry)
        for m in batch:
            yield rows[m.id]
    if cache is not None:
        # (an article that owns no event has no entry: prune counts the entries it keeps)
        cache.prune([k for r in model.records if owned[id(r)] and (k := keys[id(r)])], table=ROWS)


# ---------------------------------------------------------------- writing them


def write_events(model: SiteModel, site_name: str, folder: Path, cache: ExtractionCache | None = None) -> list[Path]:
    """events.geojson, events.csv and events.ics into `folder`, row by row (each atomically)."""
    from . import pages as site

    paths = [folder / Path(rel).name for rel in (site.EVENTS_GEOJSON, site.EVENTS_CSV, site.EVENTS_ICS)]
    with atomic_text(paths[0]) as geo, atomic_text(paths[1]) as table, atomic_text(paths[2]) as ics:
        geo.write(_dumps({"type": "FeatureCollection", "attribution": ATTRIBUTION})[:-2] + ',"features":[')
        table.write(CSV_BOM + _csv_header())
        ics.write(_ics_head(site_name))
        first = True
        for rows in stream_rows(model, cache):
            for feature in rows.geojson:
                geo.write(feature if first else "," + feature)
                first = False
            table.write(rows.csv)
            ics.write(rows.ics)
        geo.write("]}\n")
        ics.write(ICS_TAIL)
    return paths


# Fixed so the same files give the same bytes (zipfile would stamp each member with now).
ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def write_zip(path: Path, members: list[Path]) -> None:
    """A deflated zip of `members` (by their names), byte-identical for the same files."""
    with atomic_binary(path) as out, zipfile.ZipFile(out, "w") as archive:
        for member in members:
            info = zipfile.ZipInfo(member.name, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # Unix, whatever builds it (the default follows the platform)
            info.external_attr = 0o644 << 16
            with member.open("rb") as src, archive.open(info, "w") as dst:
                shutil.copyfileobj(src, dst, 1 << 20)


def write_all(model: SiteModel, site_name: str, site_dir: Path, cache: ExtractionCache | None = None,
              *, raw_exports: bool | None = None) -> None:
    """Write every data file into the site, streamed and each by an atomic rename.

    The events go out as one zip of the three files; the files themselves too while the
    site is small (`model.raw_exports`), since a calendar subscribes to a URL and a map tool
    reads one, and a site of tens of thousands of articles would spend its size on them.

    (Rendering them in a forked process beside the pages was tried: on a two-core machine
    the copy-on-write faults it causes in the build cost more than it saves.)"""
    from . import pages as site, timelineview

    data = site_dir / Path(site.EVENTS_GEOJSON).parent
    data.mkdir(parents=True, exist_ok=True)
    raw = model.raw_exports if raw_exports is None else raw_exports
    with contextlib.ExitStack() as stack:
        folder = data if raw else Path(stack.enter_context(tempfile.TemporaryDirectory(prefix=".marsad-", dir=data)))
        write_zip(site_dir / site.EVENTS_ZIP, write_events(model, site_name, folder, cache))
    if not raw:  # a site that outgrew them: no stale copies from an earlier build
        for rel in (site.EVENTS_GEOJSON, site.EVENTS_CSV, site.EVENTS_ICS):
            with contextlib.suppress(FileNotFoundError):
                (site_dir / rel).unlink()
    with atomic_text(site_dir / site.PLACES_GEOJSON) as out:
        write_places_geojson(model, out)
    write_place_excerpts(model, site_dir / site.EXCERPTS_DIR)
    with atomic_text(site_dir / site.MAP_POINTS) as out:
        out.write(map_points(model))
    with atomic_text(site_dir / timelineview.DATA) as out:
        out.write(timelineview.timeline_json(model))


def render_all(model: SiteModel, site_name: str, cache: ExtractionCache | None = None) -> dict[str, str]:
    """Every text data file, by its path in the site (see pages.py), as write_all writes
    them with the events' files published; `cache` keeps the rows."""
    with tempfile.TemporaryDirectory() as tmp:
        write_all(model, site_name, Path(tmp), cache, raw_exports=True)
        return {p.relative_to(tmp).as_posix(): p.read_text(encoding="utf-8")
                for p in sorted(Path(tmp).rglob("*")) if p.is_file() and p.suffix != ".zip"}


_UMASK = os.umask(0o022)
os.umask(_UMASK)


@contextlib.contextmanager
def atomic_binary(path: Path) -> Iterator[BinaryIO]:
    """A file written beside `path` and renamed over it when the block ends without an
    error (else removed): readers never see half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            yield f
        os.chmod(tmp, 0o666 & ~_UMASK)  # mkstemp makes it private; a site file is public
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


@contextlib.contextmanager
def atomic_text(path: Path) -> Iterator[TextIO]:
    """atomic_binary as UTF-8 text, line ends as written (iCalendar's are CRLF)."""
    with atomic_binary(path) as raw:
        text = io.TextIOWrapper(raw, encoding="utf-8", newline="")
        yield text
        text.flush()
        text.detach()  # (the binary file is atomic_binary's to close)


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to `path` by an atomic rename (see atomic_binary)."""
    with atomic_binary(path) as f:
        f.write(data)
