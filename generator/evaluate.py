"""Score extraction against gold annotations in the format of shared/gold/seeds.yaml.

Dates: a predicted date matches a gold date when their spans overlap and their inclusive
start and end are equal. Gold marked `optional` is not counted in recall, and a prediction
overlapping it is neither rewarded nor penalised.

Places: per article, the distinct predicted places against the gold places. They match by
GeoNames id where both have one, else by country code plus either distance (within 50 km
when the gold has coordinates) or kind (countries and regions without coordinates).

Events (gold in the format of shared/gold/seeds-events.yaml): a pin is one predicted event
at one of its places. A gold event is found when a pin is at its place (as for places) with
its date range (a week may start on Saturday, Sunday or Monday: two days either way).
Pins at the place of an optional gold event are neither rewarded nor penalised; every
other pin is a false pin.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from geopy.distance import distance

from .articles import load_article
from .extract import Extraction, extract
from .places import Gazetteer, Place

MATCH_KM = 50.0


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: "Score") -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn
        self.errors.extend(other.errors)

    def line(self, label: str) -> str:
        return f"{label:6} P={self.precision:.3f} R={self.recall:.3f} F1={self.f1:.3f} (tp={self.tp} fp={self.fp} fn={self.fn})"


def gold_span(text: str, surface: str, nth: int = 1) -> tuple[int, int] | None:
    """Offsets of the nth (1-based) occurrence of surface in text."""
    pos = -1
    for _ in range(nth):
        pos = text.find(surface, pos + 1)
        if pos < 0:
            return None
    return pos, pos + len(surface)


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _as_date(value) -> dt.date | None:
    if value is None:
        return None
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def score_dates(text: str, gold: list[dict], ex: Extraction, label: str = "") -> Score:
    score = Score()
    golds = []
    for g in gold:
        span = gold_span(text, g["text"], g.get("nth", 1))
        if span is None:
            score.errors.append(f"{label}: gold date text not found: {g['text']!r}")
            continue
        golds.append((span, _as_date(g["start"]), _as_date(g["end"]), bool(g.get("optional")), g))
    matched: set[int] = set()
    for d in ex.dates:
        hit = None
        for i, (span, start, end, optional, g) in enumerate(golds):
            if i not in matched and _overlap(span, d.offset) and d.start == start and d.end == end:
                hit = i
                break
        if hit is not None:
            matched.add(hit)
            if not golds[hit][3]:
                score.tp += 1
            continue
        if any(opt and _overlap(span, d.offset) for span, _, _, opt, _ in golds):
            continue
        score.fp += 1
        score.errors.append(f"{label}: extra or wrong date {d.text!r} -> {d.start}..{d.end} ({d.rule})")
    for i, (span, start, end, optional, g) in enumerate(golds):
        if i not in matched and not optional:
            score.fn += 1
            score.errors.append(f"{label}: missed date {g['text']!r} = {start}..{end}")
    return score


def place_matches(place: Place, gold: dict) -> bool:
    if gold.get("geonames") and place.geonames:
        return int(gold["geonames"]) == place.geonames
    if gold.get("cc") and place.cc and gold["cc"] != place.cc:
        return False
    if gold.get("lat") is not None and gold.get("lon") is not None:
        return distance((gold["lat"], gold["lon"]), (place.lat, place.lon)).km <= MATCH_KM
    return bool(gold.get("cc")) and gold.get("kind") == place.kind


def score_places(gold: list[dict], ex: Extraction, label: str = "") -> Score:
    score = Score()
    predicted: dict[str, tuple[Place, str]] = {}
    for m in ex.places:
        predicted.setdefault(m.place.id, (m.place, m.text))
    matched: set[int] = set()
    for place, surface in predicted.values():
        hit = next((i for i, g in enumerate(gold) if i not in matched and place_matches(place, g)), None)
        if hit is None:
            # The same place named twice in gold (e.g. twice optional) may match an already-matched entry.
            if any(place_matches(place, g) for g in gold):
                continue
            score.fp += 1
            score.errors.append(f"{label}: extra place {surface!r} -> {place.name} ({place.cc}, {place.kind})")
            continue
        matched.add(hit)
        if not gold[hit].get("optional"):
            score.tp += 1
    for i, g in enumerate(gold):
        if i not in matched and not g.get("optional"):
            score.fn += 1
            score.errors.append(f"{label}: missed place {g['text']!r} ({g.get('cc')}, {g.get('kind')})")
    return score


def _same_range(start: dt.date, end: dt.date, gold: dict) -> bool:
    gs, ge = _as_date(gold["start"]), _as_date(gold["end"])
    if gs is None or ge is None:
        return False
    if gold.get("granularity") == "week":
        return abs((start - gs).days) <= 2 and abs((end - ge).days) <= 2
    return start == gs and end == ge


def _pin_matches(m, gold: dict) -> bool:
    """A pin stands for a gold place as a place does; a region of a country said with a
    direction (شمال سوريا) also stands for a gold region of that country."""
    if place_matches(m.place, gold):
        return True
    return (gold.get("lat") is None and gold.get("kind") in ("region", "feature") and m.precision == "region"
            and bool(gold.get("cc")) and m.place.cc == gold["cc"])


def score_events(gold: list[dict], ex: Extraction, label: str = "") -> Score:
    score = Score()
    pins: dict[tuple, tuple] = {}
    for e in ex.events:
        for m in e.places:
            pins.setdefault((m.place.id, e.start, e.end), (m, e.start, e.end, e.trigger))
    used: set[tuple] = set()
    for g in gold:
        hit = next((k for k, (m, start, end, _) in pins.items()
                    if _pin_matches(m, g) and _same_range(start, end, g)), None)
        if hit is not None:
            used.add(hit)
            if not g.get("optional"):
                score.tp += 1
        elif not g.get("optional"):
            score.fn += 1
            score.errors.append(f"{label}: missed event {g.get('what')!r} at {g['place']} {g['start']}..{g['end']}")
    optional = [g for g in gold if g.get("optional")]
    for k, (m, start, end, trigger) in pins.items():
        if k in used or any(_pin_matches(m, g) for g in optional):
            continue
        score.fp += 1
        score.errors.append(f"{label}: false pin {m.place.name} {start}..{end} ({trigger!r})")
    return score


def find_text_file(textdir: Path, name: str) -> Path | None:
    candidate = textdir / name
    if candidate.exists():
        return candidate
    stem = Path(name).stem
    for suffix in (".md", ".txt"):
        candidate = textdir / f"{stem}{suffix}"
        if candidate.exists():
            return candidate
    return None


@dataclass
class Evaluation:
    dates: Score
    places: Score
    articles: int
    events: Score | None = None  # None: no gold events given or found


def events_gold_beside(gold_path: Path) -> Path | None:
    """seeds.yaml -> seeds-events.yaml in the same folder, when it exists."""
    candidate = gold_path.with_name(f"{gold_path.stem}-events{gold_path.suffix}")
    return candidate if candidate.exists() else None


def evaluate(gold_path: Path, textdir: Path, gazetteer: Gazetteer | None = None,
             events_path: Path | None = None) -> Evaluation:
    gold = yaml.safe_load(gold_path.read_text(encoding="utf-8"))
    gazetteer = gazetteer or Gazetteer.load()
    events_path = events_path or events_gold_beside(gold_path)
    gold_events = {}
    if events_path is not None:
        doc = yaml.safe_load(events_path.read_text(encoding="utf-8"))
        gold_events = {a["file"]: a.get("events") or [] for a in doc["articles"]}
    events_total = Score() if events_path is not None else None
    dates_total, places_total = Score(), Score()
    count = 0
    for entry in gold["articles"]:
        file = find_text_file(textdir, entry["file"])
        if file is None:
            raise FileNotFoundError(f"{textdir}: no file for gold article {entry['file']}")
        article = load_article(file, published=_as_date(entry["published"]))
        ex = extract(article.text, article.published, gazetteer)
        dates_total.add(score_dates(article.text, entry.get("dates", []), ex, entry["file"]))
        places_total.add(score_places(entry.get("places", []), ex, entry["file"]))
        if events_total is not None:
            events_total.add(score_events(gold_events.get(entry["file"], []), ex, entry["file"]))
        count += 1
    return Evaluation(dates_total, places_total, count, events_total)
