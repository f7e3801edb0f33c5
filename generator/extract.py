"""Stages 2-4 together: one article's text in, its dates, places and events out.

`extraction_to_json` is the stable extraction contract that `marsad extract` prints and
other tools read; change it only by adding fields.
"""

from __future__ import annotations

import datetime as dt
import logging
import multiprocessing
import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Protocol

from .cache import EXTRACTION, ExtractionCache, Stage, key_for

from .dates import DateMention, find_dates
from .events import Event
from .events.actors import ActorTable, load_actors
from .events.find import build_events
from .places import Gazetteer, PlaceMention, find_places


@dataclass(frozen=True)
class Extraction:
    published: dt.date
    dates: tuple[DateMention, ...]
    places: tuple[PlaceMention, ...]
    events: tuple[Event, ...]
    # What the whole result depends on (article, stages' code and data, gazetteer), when
    # extract_many made it: later stages key their own caches by it. "" otherwise.
    key: str = field(default="", compare=False)


def extract(text: str, published: dt.date, gazetteer: Gazetteer, *, week_start: int = 0,
            actors: ActorTable | None = None) -> Extraction:
    dates = find_dates(text, published, week_start=week_start)
    places = find_places(text, gazetteer)
    events = build_events(text, published, dates, places, actors or load_actors())
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
        # the contract's two values: a date carried from elsewhere in the text is still
        # the text's (`date_carried` says so)
        "date_from": "published" if e.date_from == "published" else "text",
        "date_carried": e.date_from == "context",
        "offset": [e.offset[0], e.offset[1]],
        "id": e.key,
        "type": e.type,
        "subtype": e.subtype,
        "trigger": e.trigger,
        "trigger_offset": [e.trigger_offset[0], e.trigger_offset[1]],
        "actors": list(e.actors),
        "future": e.future,
        "date_text": e.date.text if e.date is not None else None,
        "place_offsets": [[m.offset[0], m.offset[1]] for m in e.places],
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


# ------------------------------------------------------------ many articles, cached and parallel

# What each stage's results depend on besides the article: its whole code, its data tables
# and its libraries (see cache.Stage). A package named here counts as its whole folder.
DATE_STAGE = Stage("dates", modules=("generator.dates", "generator.arabic"), libraries=("dateparser", "hijridate"))
PLACE_STAGE = Stage("places", modules=("generator.places", "generator.arabic"), data=("data/place_stop.yaml",),
                    libraries=("geopy", "PyYAML"))
EVENT_STAGE = Stage("events", modules=("generator.events", "generator.arabic"),
                    data=("data/events.yaml", "data/event_types.yaml"), libraries=("PyYAML",))
PARALLEL_THRESHOLD = 200  # below this, starting worker processes costs more than it saves
PROGRESS_EVERY = 500


@dataclass(frozen=True)
class Job:
    """One article to extract: everything the workers need, and nothing else."""

    text: str
    published: dt.date
    content_hash: str


@dataclass
class ExtractStats:
    articles: int = 0
    dates_cached: int = 0
    places_cached: int = 0
    extracted: int = 0  # articles whose dates or places were computed anew
    seconds: float = 0.0


def _date_key(job: Job, week_start: int) -> str:
    return key_for("dates", DATE_STAGE.version(), str(week_start), job.content_hash)


def _place_key(job: Job, gazetteer: Gazetteer) -> str:
    return key_for("places", PLACE_STAGE.version(), gazetteer.version, job.content_hash)


# Compact, explicit encodings for the cache: rows of plain values, decoded without
# reflection (thousands of articles are decoded on every rebuild).


def encode_dates(dates: list[DateMention]) -> list[list]:
    return [[d.text, d.offset[0], d.offset[1], _iso(d.start), _iso(d.end), d.granularity, d.rule, d.anchor.isoformat()] for d in dates]


def decode_dates(rows: list[list]) -> list[DateMention]:
    day = dt.date.fromisoformat
    return [
        DateMention(r[0], (int(r[1]), int(r[2])), day(r[3]) if r[3] else None, day(r[4]) if r[4] else None, r[5], r[6], day(r[7]))
        for r in rows
    ]


def encode_places(places: list[PlaceMention]) -> list[list]:
    return [[m.text, m.offset[0], m.offset[1], m.place.id, list(m.evidence), [c.id for c in m.candidates], m.precision] for m in places]


def decode_places(rows: list[list], gazetteer: Gazetteer) -> list[PlaceMention]:
    """Places come back from the gazetteer by id; the key includes its version, so ids hold."""
    get = gazetteer.get
    out = []
    for r in rows:
        place = get(r[3])
        found = [get(c) for c in r[5]]
        candidates = tuple(c for c in found if c is not None)
        if place is None or len(candidates) != len(found):
            raise KeyError(f"unknown place id in cache: {r[3]}")
        out.append(PlaceMention(r[0], (int(r[1]), int(r[2])), place, tuple(r[4]), candidates, r[6]))
    return out


def encode_events(events: list[Event], dates: list[DateMention], places: list[PlaceMention]) -> list[list]:
    """Events point into the article's dates and places by index; the sentence is a span."""
    date_index = {id(d): i for i, d in enumerate(dates)}
    place_index = {id(m): i for i, m in enumerate(places)}
    return [[e.offset[0], e.offset[1], e.start.isoformat(), e.end.isoformat(), e.granularity,
             [place_index[id(m)] for m in e.places], -1 if e.date is None else date_index[id(e.date)], e.date_from,
             e.type, e.subtype, e.trigger_offset[0], e.trigger_offset[1], list(e.actors), e.future]
            for e in events]


def decode_events(rows: list[list], text: str, dates: list[DateMention], places: list[PlaceMention]) -> list[Event]:
    day = dt.date.fromisoformat
    out = []
    for r in rows:
        begin, end, date = int(r[0]), int(r[1]), int(r[6])
        tb, te = int(r[10]), int(r[11])
        if not (0 <= begin < end <= len(text) and -1 <= date < len(dates) and all(0 <= i < len(places) for i in r[5])
                and 0 <= tb <= te <= len(text)):
            raise IndexError("event outside its article")
        out.append(Event(text[begin:end], (begin, end), day(r[2]), day(r[3]), r[4], tuple(places[i] for i in r[5]),
                         dates[date] if date >= 0 else None, r[7], str(r[8]), str(r[9]), text[tb:te], (tb, te),
                         tuple(str(a) for a in r[12]), bool(r[13])))
    return out


# ------------------------------------------------------------ extraction elsewhere (a cluster)


@dataclass(frozen=True)
class Versions:
    """What the cache keys of a run depend on besides the articles. A worker elsewhere
    compares its own with the client's: another Marsad, library or table there would put
    its results under this run's keys."""

    dates: str
    places: str
    events: str
    gazetteer: str
    actors: str


def versions_of(gazetteer: Gazetteer, actors: ActorTable) -> Versions:
    return Versions(DATE_STAGE.version(), PLACE_STAGE.version(), EVENT_STAGE.version(), gazetteer.version, actors.version)


@dataclass(frozen=True)
class RowTask:
    """One article for a worker, with the rows of the stages the cache holds already (a
    worker never reads the cache: it may not even see the client's disk)."""

    job: Job
    dates: list[list] | None
    places: list[list] | None


# What a worker sends back: the cache rows of the dates and places it computed (None: they
# came with the task) and of the events. Rows, not objects: they are what the cache stores,
# a place travels as its id, and the client decodes them as it decodes the cache.
Rows = tuple[list[list] | None, list[list] | None, list[list]]


def extract_rows(task: RowTask, gazetteer: Gazetteer, actors: ActorTable, week_start: int) -> Rows:
    job = task.job
    dates = decode_dates(task.dates) if task.dates is not None else find_dates(job.text, job.published, week_start=week_start)
    places = decode_places(task.places, gazetteer) if task.places is not None else find_places(job.text, gazetteer)
    events = build_events(job.text, job.published, dates, places, actors)
    return (None if task.dates is not None else encode_dates(dates),
            None if task.places is not None else encode_places(places),
            encode_events(events, dates, places))


class Backend(Protocol):
    """Runs `extract_rows` somewhere else (see distributed.py)."""

    def run(self, tasks: list[RowTask], versions: Versions, week_start: int) -> Iterator[tuple[int, list[Rows]]]:
        """(index of the batch's first task, its rows) for consecutive batches of `tasks`,
        each batch once, in the order they finish."""
        ...


# Worker processes receive the gazetteer once, when they start (fork: no copy is pickled).
_worker_gazetteer: Gazetteer | None = None


def _init_worker(gazetteer: Gazetteer) -> None:
    global _worker_gazetteer
    _worker_gazetteer = gazetteer


def _work(task: tuple[Job, bool, bool, int]) -> tuple[list[DateMention] | None, list[PlaceMention] | None]:
    job, need_dates, need_places, week_start = task
    dates = find_dates(job.text, job.published, week_start=week_start) if need_dates else None
    assert _worker_gazetteer is not None  # _init_worker ran first, in this process or the worker
    places = find_places(job.text, _worker_gazetteer) if need_places else None
    return dates, places


def _read_cache(cache, jobs, gazetteer, keys, dates, places, events) -> None:
    date_keys, place_keys, event_keys = keys
    stored = cache.get_many(date_keys + place_keys + event_keys)
    for i in range(len(jobs)):
        try:
            if date_keys[i] in stored:
                dates[i] = decode_dates(stored[date_keys[i]])
            if place_keys[i] in stored:
                places[i] = decode_places(stored[place_keys[i]], gazetteer)
            if event_keys[i] in stored and dates[i] is not None and places[i] is not None:
                events[i] = decode_events(stored[event_keys[i]], jobs[i].text, dates[i], places[i])
        except (KeyError, ValueError, TypeError, IndexError) as exc:  # malformed entry: recompute
            logging.getLogger("mkdocs.plugins.marsad").debug("marsad: bad cache entry: %s", exc)
            dates[i] = places[i] = events[i] = None


WRITE_EVERY = 3000  # cache rows written per transaction when results come from a backend


def _run_elsewhere(backend: Backend, jobs: list[Job], versions: Versions, week_start: int,
                   keys: tuple[list[str], list[str], list[str]], found: tuple[list, list, list],
                   gazetteer: Gazetteer, cache: ExtractionCache | None,
                   progress: Callable[[int, int], None] | None) -> None:
    """Fill in `found` (dates, places, events per job; None where missing) through the
    backend, writing each batch's rows to the cache as they come back (so the work of an
    interrupted run is kept)."""
    dates, places, events = found
    date_keys, place_keys, event_keys = keys
    todo = [i for i in range(len(jobs)) if dates[i] is None or places[i] is None or events[i] is None]
    tasks = [RowTask(jobs[i], None if dates[i] is None else encode_dates(dates[i]),
                     None if places[i] is None else encode_places(places[i])) for i in todo]
    fresh: list[tuple[str, object]] = []
    done = 0
    for start, batch in backend.run(tasks, versions, week_start):
        for i, (date_rows, place_rows, event_rows) in zip(todo[start:start + len(batch)], batch):
            if date_rows is not None:
                dates[i] = decode_dates(date_rows)
                fresh.append((date_keys[i], date_rows))
            if place_rows is not None:
                places[i] = decode_places(place_rows, gazetteer)
                fresh.append((place_keys[i], place_rows))
            events[i] = decode_events(event_rows, jobs[i].text, dates[i], places[i])
            fresh.append((event_keys[i], event_rows))
        if cache is not None and len(fresh) >= WRITE_EVERY:
            cache.put_many(fresh)
            fresh = []
        before, done = done, done + len(batch)
        if progress and (done // PROGRESS_EVERY > before // PROGRESS_EVERY or done == len(tasks)):
            progress(done, len(tasks))
    if done != len(tasks):
        raise RuntimeError(f"the backend returned {done} of {len(tasks)} results")
    if cache is not None and fresh:
        cache.put_many(fresh)


def extract_many(
    jobs: list[Job],
    gazetteer: Gazetteer,
    *,
    cache: ExtractionCache | None = None,
    week_start: int = 0,
    actors: ActorTable | None = None,
    processes: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    prune: bool = False,
    backend: Backend | None = None,
) -> tuple[list[Extraction], ExtractStats]:
    """Extract every job, reusing cached dates and places; misses run in parallel.

    prune: the jobs are the whole site, so cache entries no job used (removed articles,
    results of older code or gazetteers) are dropped and the cache does not grow forever.
    backend: the misses (events included) run there instead, in batches, and their rows
    reach the cache as each batch comes back; the results are the same."""
    started = time.perf_counter()
    stats = ExtractStats(articles=len(jobs))
    dates: list[list[DateMention] | None] = [None] * len(jobs)
    places: list[list[PlaceMention] | None] = [None] * len(jobs)
    events: list[list[Event] | None] = [None] * len(jobs)
    date_keys = [_date_key(j, week_start) for j in jobs]
    place_keys = [_place_key(j, gazetteer) for j in jobs]
    # Events follow from the dates and places (and the text, which the other keys cover);
    # their key is the whole extraction's key.
    actors = actors or load_actors()
    events_version = EVENT_STAGE.version() + actors.version
    event_keys = [key_for("extraction", events_version, d, p) for d, p in zip(date_keys, place_keys)]
    if cache is not None:
        _read_cache(cache, jobs, gazetteer, (date_keys, place_keys, event_keys), dates, places, events)
    stats.dates_cached = sum(d is not None for d in dates)
    stats.places_cached = sum(p is not None for p in places)
    todo = [i for i in range(len(jobs)) if dates[i] is None or places[i] is None]
    stats.extracted = len(todo)
    if backend is not None:
        _run_elsewhere(backend, jobs, versions_of(gazetteer, actors), week_start, (date_keys, place_keys, event_keys),
                       (dates, places, events), gazetteer, cache, progress)
        todo = []
    tasks = [(jobs[i], dates[i] is None, places[i] is None, week_start) for i in todo]
    workers = processes if processes is not None else (os.cpu_count() or 1)
    if workers > 1 and len(tasks) >= PARALLEL_THRESHOLD and "fork" in multiprocessing.get_all_start_methods():
        # Compile the rule tables once here, so forked workers inherit them ready.
        find_dates("أمس في 2015", dt.date(2015, 1, 1), week_start=week_start)
        find_places("في القاهرة", gazetteer)
        context = multiprocessing.get_context("fork")
        with context.Pool(workers, initializer=_init_worker, initargs=(gazetteer,)) as pool:
            results = []
            for n, result in enumerate(pool.imap(_work, tasks, chunksize=32), 1):
                results.append(result)
                if progress and (n % PROGRESS_EVERY == 0 or n == len(tasks)):
                    progress(n, len(tasks))
    else:
        _init_worker(gazetteer)
        results = []
        for n, task in enumerate(tasks, 1):
            results.append(_work(task))
            if progress and (n % PROGRESS_EVERY == 0 or n == len(tasks)):
                progress(n, len(tasks))
    fresh: list[tuple[str, object]] = []
    for i, (new_dates, new_places) in zip(todo, results):
        if new_dates is not None:
            dates[i] = new_dates
            fresh.append((date_keys[i], encode_dates(new_dates)))
        if new_places is not None:
            places[i] = new_places
            fresh.append((place_keys[i], encode_places(new_places)))
    extractions = []
    for i, (job, d, p, key) in enumerate(zip(jobs, dates, places, event_keys)):
        assert d is not None and p is not None  # every article has its dates and places by now
        e = events[i]
        if e is None:
            e = build_events(job.text, job.published, d, p, actors)
            fresh.append((key, encode_events(e, d, p)))
        extractions.append(Extraction(job.published, tuple(d), tuple(p), tuple(e), key))
    if cache is not None and fresh:
        cache.put_many(fresh)
    if cache is not None and prune:
        cache.prune(date_keys + place_keys + event_keys, table=EXTRACTION)
    stats.seconds = time.perf_counter() - started
    return extractions, stats
