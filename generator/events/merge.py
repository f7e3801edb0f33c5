"""The same happening across sources: the events of many articles merged into one each.

Several outlets report one air strike, a headline repeats its body: each report is an
`Event` of one article, and `merge_events` groups the reports of one happening into a
`MergedEvent` that cites them all. Two reports are of the same happening when

- they have the same type and the same future-ness (a planned visit is not the visit);
- they share a place: the same place id, or two point-precision towns or features
  (kind city or feature) within `NEAR_KM` of each other;
- their dates agree: two day-precision dates are the same day, or one day apart when one
  of the two is only the article's publication day (`date_from == "published"`: the text
  gave no date, and a report of yesterday's strike is often published today); coarser
  dates have the same granularity and overlapping ranges. A day never merges with a
  month or a year.

A report joins a group only when it agrees with every report already in it (complete
linkage): chains never join two different places, or two different days the texts give.
Reports are taken in a fixed order (publication day, article, position), so the result is
deterministic; candidate groups are found through indexes by type, place (or a grid cell)
and day, so the work grows with the number of reports, not its square.

Generic over the report's record (anything with `.article.published/.slug/.source/.title`
and `.url`, see `Record`): the site's ArticleRecord, or a test's own.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
from dataclasses import dataclass
from typing import Generic, Iterable, Protocol, Sequence, TypeVar

from ..places import PIN_PRECISIONS, PlaceMention, haversine_km
from .model import Event

NEAR_KM = 5.0  # two towns closer than this are one place for merging
NEAR_KINDS = frozenset({"city", "feature"})
EARTH_KM = 6371.0088
_CELL_KM = 4 * NEAR_KM  # grid cells (in 3-D, on the sphere's chord): a point's neighbours lie in at most 8
# How a date is known, best first: the lead report (the one that dates a merged event) is the best-dated.
DATE_FROM_RANK = {"text": 0, "context": 1, "published": 2}
ID_CHARS = 10


class Article(Protocol):
    @property
    def published(self) -> dt.date: ...
    @property
    def slug(self) -> str: ...
    @property
    def source(self) -> str | None: ...
    @property
    def title(self) -> str: ...


class Record(Protocol):
    @property
    def article(self) -> Article: ...
    @property
    def url(self) -> str: ...


R = TypeVar("R", bound=Record)


@dataclass(frozen=True)
class MergedEvent(Generic[R]):
    """One happening and every report of it.

    The date (start, end, granularity, date_from, date) is the lead report's: the best
    dated one (from the text, else carried from context, else the publication day; the
    narrowest; the earliest). `id` comes from the earliest report, so it stays while the
    sources do."""

    id: str
    type: str
    subtype: str
    start: dt.date
    end: dt.date
    granularity: str
    places: tuple[PlaceMention, ...]  # distinct by place id, in first-seen order
    actors: tuple[str, ...]  # the union, in first-seen order
    future: bool
    reports: tuple[tuple[R, Event], ...]  # by publication day, article slug, position
    lead: int = 0  # the index in `reports` of the report that dates it

    @property
    def date_from(self) -> str:
        return self.reports[self.lead][1].date_from

    @property
    def date(self):
        return self.reports[self.lead][1].date

    @property
    def sentence(self) -> str:
        return self.reports[self.lead][1].sentence

    @property
    def lead_report(self) -> tuple[R, Event]:
        return self.reports[self.lead]

    @property
    def articles(self) -> tuple[R, ...]:
        """The distinct records that report it, in report order."""
        seen: dict[int, R] = {}
        for record, _ in self.reports:
            seen.setdefault(id(record), record)
        return tuple(seen.values())


def report_order(entry: tuple[Record, Event]) -> tuple:
    record, event = entry
    a = record.article
    return (a.published, a.slug, event.offset, event.trigger_offset, event.type, event.subtype,
            tuple(m.place.id for m in event.places), event.start, event.end)


def _near_point(m: PlaceMention) -> bool:
    return m.precision in PIN_PRECISIONS and m.place.kind in NEAR_KINDS


def _xyz(lat: float, lon: float) -> tuple[float, float, float]:
    la, lo = math.radians(lat), math.radians(lon)
    return (EARTH_KM * math.cos(la) * math.cos(lo), EARTH_KM * math.cos(la) * math.sin(lo), EARTH_KM * math.sin(la))


def distance_km(a: PlaceMention, b: PlaceMention) -> float:
    """Great-circle distance (haversine)."""
    return haversine_km(a.place.lat, a.place.lon, b.place.lat, b.place.lon, radius_km=EARTH_KM)


class _Report(Generic[R]):
    """A report with what the merge rule looks at, computed once."""

    __slots__ = ("entry", "event", "ids", "points", "day", "published_day")

    def __init__(self, entry: tuple[R, Event]) -> None:
        self.entry: tuple[R, Event] = entry
        e = self.event = entry[1]
        self.ids = frozenset(m.place.id for m in e.places)
        self.points = tuple(m for m in e.places if _near_point(m))
        self.day = e.granularity == "day"
        self.published_day = e.date_from == "published"


def _same_place(a: _Report, b: _Report) -> bool:
    if not a.ids.isdisjoint(b.ids):
        return True
    return any(distance_km(p, q) <= NEAR_KM for p in a.points for q in b.points)


def _same_time(a: _Report, b: _Report) -> bool:
    ea, eb = a.event, b.event
    if a.day or b.day:
        if not (a.day and b.day):
            return False
        gap = abs((ea.start - eb.start).days)
        return gap == 0 or (gap == 1 and (a.published_day or b.published_day))
    return ea.granularity == eb.granularity and ea.start <= eb.end and eb.start <= ea.end


def same_happening(a: tuple[Record, Event], b: tuple[Record, Event]) -> bool:
    """The pairwise rule (see the module docstring)."""
    ra, rb = _Report(a), _Report(b)
    return _compatible(ra, rb)


def _compatible(a: _Report, b: _Report) -> bool:
    ea, eb = a.event, b.event
    return ea.type == eb.type and ea.future == eb.future and _same_time(a, b) and _same_place(a, b)


class _Index:
    """Keys of the places and dates a report may merge on -> the groups registered there."""

    def __init__(self) -> None:
        self.groups: dict[tuple, list[int]] = {}
        self._cells: dict[str, tuple[tuple[int, int, int], tuple[tuple[int, int, int], ...]]] = {}

    def _cell(self, m: PlaceMention) -> tuple[tuple[int, int, int], tuple[tuple[int, int, int], ...]]:
        """The point's own grid cell and every cell that holds points within NEAR_KM of it."""
        known = self._cells.get(m.place.id)
        if known is None:
            x, y, z = _xyz(m.place.lat, m.place.lon)
            own = (math.floor(x / _CELL_KM), math.floor(y / _CELL_KM), math.floor(z / _CELL_KM))
            axes = [sorted({math.floor((v - NEAR_KM) / _CELL_KM), math.floor((v + NEAR_KM) / _CELL_KM)}) for v in (x, y, z)]
            near = tuple((i, j, k) for i in axes[0] for j in axes[1] for k in axes[2])
            known = self._cells[m.place.id] = (own, near)
        return known

    @staticmethod
    def _times(e: Event, probe: bool) -> list[tuple]:
        if e.granularity == "day":
            if probe:
                # the day itself and its neighbours (none past the calendar's ends: year 1, 9999)
                return [("d", e.start.fromordinal(o)) for k in (-1, 0, 1)
                        if 1 <= (o := e.start.toordinal() + k) <= dt.date.max.toordinal()]
            return [("d", e.start)]
        years = range(e.start.year, min(e.end.year, e.start.year + 20) + 1)
        return [("s", e.granularity, y) for y in years]

    def _keys(self, r: _Report, probe: bool) -> set[tuple]:
        e = r.event
        where: list[tuple] = [("p", pid) for pid in r.ids]
        for m in r.points:
            own, near = self._cell(m)
            where.extend(("c", c) for c in (near if probe else (own,)))
        return {(e.type, e.future, w, t) for w in where for t in self._times(e, probe)}

    def candidates(self, r: _Report) -> list[int]:
        found: set[int] = set()
        for key in self._keys(r, probe=True):
            found.update(self.groups.get(key, ()))
        return sorted(found)

    def add(self, r: _Report, group: int) -> None:
        for key in self._keys(r, probe=False):
            slot = self.groups.setdefault(key, [])
            if not slot or slot[-1] != group:
                slot.append(group)


def merged_id(record: Record, event: Event) -> str:
    """A short id from the earliest report: its article, where its trigger is, its type and first place."""
    first_place = event.places[0].place.id if event.places else ""
    text = "\0".join((record.article.slug, str(event.trigger_offset[0]), str(event.trigger_offset[1]), event.type,
                      str(event.offset[0]), first_place))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:ID_CHARS]


def _lead(reports: Sequence[tuple[Record, Event]]) -> int:
    return min(range(len(reports)), key=lambda i: (DATE_FROM_RANK.get(reports[i][1].date_from, 3),
                                                   (reports[i][1].end - reports[i][1].start).days, i))


def _merged(reports: list[tuple[R, Event]], used: set[str]) -> MergedEvent[R]:
    lead = _lead(reports)
    lead_event = reports[lead][1]
    places: dict[str, PlaceMention] = {}
    actors: dict[str, None] = {}
    for _, e in reports:
        for m in e.places:
            places.setdefault(m.place.id, m)
        for a in e.actors:
            actors.setdefault(a, None)
    subtype = lead_event.subtype or next((e.subtype for _, e in reports if e.subtype), "")
    base = merged_id(*reports[0])
    mid, n = base, 1
    while mid in used:  # two groups from one trigger and first place: rare, and resolved in a fixed order
        n += 1
        mid = f"{base}-{n}"
    used.add(mid)
    return MergedEvent(mid, lead_event.type, subtype, lead_event.start, lead_event.end, lead_event.granularity,
                       tuple(places.values()), tuple(actors), lead_event.future, tuple(reports), lead)


def merge_events(entries: Iterable[tuple[R, Event]]) -> list[MergedEvent[R]]:
    """The merged events of all `entries` ((record, event) pairs), ordered by date (start,
    end) and then by their earliest report."""
    reports = [_Report(entry) for entry in sorted(entries, key=report_order)]
    index = _Index()
    groups: list[list[_Report[R]]] = []
    for r in reports:
        joined = None
        for g in index.candidates(r):
            if all(_compatible(r, other) for other in groups[g]):
                joined = g
                break
        if joined is None:
            joined = len(groups)
            groups.append([])
        groups[joined].append(r)
        index.add(r, joined)
    used: set[str] = set()
    # Ids are given in the order of the groups' earliest reports, so a suffix (-2) goes to the later one.
    merged = [_merged([r.entry for r in g], used) for g in groups]
    merged.sort(key=lambda m: (m.start, m.end, report_order(m.reports[0])))
    return merged
