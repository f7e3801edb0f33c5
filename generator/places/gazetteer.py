"""The gazetteer: Arabic names -> places, from the shipped data plus user overlays.

``generator/data/gazetteer.tsv.gz`` is built by ``gazetteer/build.py`` (GeoNames, CLDR, the
curated ``gazetteer/supplement.yaml``); user files in the same format (see overlay.py) are
applied at load time by the same code the build uses.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import math
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterable

from ..arabic import normalise
from .overlay import Record, apply_user_doc, clean_alias, read_user_file
from .tokens import TOKEN_RE

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
GAZETTEER_FILE = DATA_DIR / "gazetteer.tsv.gz"


@dataclass(frozen=True)
class Place:
    """One gazetteer entry."""

    id: str
    name: str
    name_ar: str
    lat: float
    lon: float
    cc: str | None
    kind: str  # city | country | admin | region | feature
    geonames: int | None
    population: int = 0


@dataclass(frozen=True)
class Priors:
    """A place's prior score before the article's context (the resolver adds to it)."""

    country: float = 12.0
    region: float = 6.5  # regions and features (rivers, seas, bases)
    admin: float = 6.0
    admin_mena: float = 0.5
    # a city: city_log * log10(population + city_log_offset) + city_base
    city_log: float = 1.6
    city_log_offset: int = 10
    city_base: float = 2.0  # subtracted
    capital: float = 2.0
    mena: float = 0.7
    weak_alias: float = 3.5  # subtracted when the name is a weak alias of the place


PRIORS = Priors()


@dataclass
class WordCache:
    """The resolver's per-word memory for one gazetteer: the words that start no name,
    organisation or demonym (``boring``) and, for the others, their place-name readings,
    organisation readings and demonym country (``info``). Cleared when it grows past the
    limits (a long-running server reads many articles)."""

    boring: set[str] = field(default_factory=set)
    info: dict[str, tuple] = field(default_factory=dict)
    max_boring: int = 400000
    max_info: int = 200000

    def trim(self) -> None:
        if len(self.boring) > self.max_boring:
            self.boring.clear()
        if len(self.info) > self.max_info:
            self.info.clear()


class Gazetteer:
    """Arabic names -> places. ``load()`` reads the shipped data plus user YAML files."""

    def __init__(self) -> None:
        self.places: list[Place] = []
        self._flags: list[frozenset[str]] = []
        self._by_id: dict[str, int] = {}
        # normalised alias -> list of (place index, weak)
        self.index: dict[str, list[tuple[int, bool]]] = {}
        # first word of an alias -> longest alias length in words
        self.starts: dict[str, int] = {}
        self.prefixes: set[str] = set()  # the first words of multi-word names
        self.words = WordCache()
        self._priors: list[float] = []
        self.version = ""

    # -- loading -------------------------------------------------------------------------
    @classmethod
    def load(cls, extra: Iterable[Path | dict] = (), data_file: Path | None = None) -> "Gazetteer":
        """The shipped gazetteer (or ``data_file``) with user files or documents applied
        in order. A wrong user entry raises ``GazetteerError``."""
        gaz = cls()
        path = Path(data_file) if data_file else GAZETTEER_FILE
        raw = path.read_bytes()
        h = hashlib.sha256(raw)
        text = gzip.decompress(raw).decode("utf-8")
        places = gaz.places
        flags_l = gaz._flags
        by_id = gaz._by_id
        aliases_of: list[list[str]] = []
        for line in text.split("\n"):
            if not line or line[0] == "#":
                continue
            (pid, name, name_ar, lat, lon, cc, kind, gn, pop, flags, aliases) = line.split("\t")
            by_id[pid] = len(places)
            places.append(Place(pid, name, name_ar, float(lat), float(lon), cc or None, kind,
                                int(gn) if gn else None, int(pop)))
            flags_l.append(frozenset(flags.split(",")) if flags else frozenset())
            aliases_of.append(aliases.split("|"))
        store = _LoadingStore(gaz, aliases_of)
        for f in extra:
            if isinstance(f, dict):  # entries given as data (e.g. stored geocoder answers)
                h.update(json.dumps(f, sort_keys=True, ensure_ascii=False).encode("utf-8"))
                apply_user_doc(f, store, "(user gazetteer data)")
                continue
            f = Path(f)
            h.update(f.read_bytes())
            apply_user_doc(read_user_file(f), store, str(f))
        gaz._index(aliases_of)
        gaz.version = h.hexdigest()[:16]
        return gaz

    def _resolve_ref(self, ref: str) -> int | None:
        if ref.startswith("country:"):
            cc = ref.split(":", 1)[1].upper()
            for i in self._by_id.values():
                p = self.places[i]
                if p.kind == "country" and p.cc == cc:
                    return i
            return None
        return self._by_id.get(ref)

    def _index(self, aliases_of: list[list[str]]) -> None:
        index: dict[str, list[tuple[int, bool]]] = {}
        starts: dict[str, int] = {}
        prefixes: set[str] = set()
        for i, aliases in enumerate(aliases_of):
            seen = set()
            for a in aliases:
                weak = a.endswith("~")
                key = a[:-1] if weak else a
                if not key or key in seen:
                    continue
                seen.add(key)
                index.setdefault(key, []).append((i, weak))
                ws = key.split(" ")
                if starts.get(ws[0], 0) < len(ws):
                    starts[ws[0]] = len(ws)
                for j in range(1, len(ws)):
                    prefixes.add(" ".join(ws[:j]))
        self.index = index
        self.starts = starts
        self.prefixes = prefixes

    # -- queries -------------------------------------------------------------------------
    def lookup(self, name: str) -> list[Place]:
        """Candidates for a surface name, best prior first."""
        key = _clean(name)
        hits = self.index.get(key, []) if key else []
        ranked = sorted(hits, key=lambda h: -self.prior(h[0], h[1]))
        return [self.places[i] for i, _ in ranked]

    def get(self, pid: str) -> Place | None:
        i = self._by_id.get(pid)
        return self.places[i] if i is not None else None

    def flags(self, place: Place) -> frozenset[str]:
        i = self._by_id.get(place.id)
        return self._flags[i] if i is not None else frozenset()

    def flags_at(self, i: int) -> frozenset[str]:
        """The flags (capital, mena, trigger) of the place at index ``i``."""
        return self._flags[i]

    def country(self, cc: str) -> Place | None:
        i = self._resolve_ref("country:" + cc)
        return self.places[i] if i is not None else None

    def prior(self, i: int, weak: bool) -> float:
        """The prior score of the place at index ``i`` read through a (weak) alias."""
        pr = self._priors
        if len(pr) != len(self.places):
            pr[:] = [self._prior_of(k) for k in range(len(self.places))]
        return pr[i] - PRIORS.weak_alias if weak else pr[i]

    def _prior_of(self, i: int) -> float:
        p = self.places[i]
        fl = self._flags[i]
        w = PRIORS
        if p.kind == "country":
            s = w.country
        elif p.kind in ("region", "feature"):
            s = w.region
        elif p.kind == "admin":
            s = w.admin + (w.admin_mena if "mena" in fl else 0.0)
        else:
            s = w.city_log * math.log10(p.population + w.city_log_offset) - w.city_base
            if "capital" in fl:
                s += w.capital
            if "mena" in fl:
                s += w.mena
        return s

    def __len__(self) -> int:
        return len(self.places)


class _LoadingStore:
    """A loading gazetteer as the user format's ``PlaceStore``."""

    def __init__(self, gaz: Gazetteer, aliases_of: list[list[str]]) -> None:
        self.gaz = gaz
        self.aliases_of = aliases_of

    def resolve_ref(self, ref: str) -> str | None:
        i = self.gaz._resolve_ref(ref)
        return self.gaz.places[i].id if i is not None else None

    def record(self, pid: str) -> Record | None:
        i = self.gaz._by_id.get(pid)
        if i is None:
            return None
        p = self.gaz.places[i]
        return dict(id=p.id, name=p.name, name_ar=p.name_ar, lat=p.lat, lon=p.lon, cc=p.cc, kind=p.kind,
                    geonames=p.geonames, population=p.population, flags=set(self.gaz._flags[i]),
                    aliases=list(self.aliases_of[i]), source="")

    def put(self, r: Record) -> None:
        gaz = self.gaz
        place = Place(r["id"], r["name"], r["name_ar"], float(r["lat"]), float(r["lon"]), r["cc"], r["kind"],
                      r["geonames"], int(r["population"]))
        i = gaz._by_id.get(place.id)
        if i is None:
            gaz._by_id[place.id] = len(gaz.places)
            gaz.places.append(place)
            gaz._flags.append(frozenset(r["flags"]))
            self.aliases_of.append(list(r["aliases"]))
        else:
            gaz.places[i] = place
            gaz._flags[i] = frozenset(r["flags"])
            self.aliases_of[i] = list(r["aliases"])

    def drop(self, pid: str) -> None:
        i = self.gaz._by_id.pop(pid, None)
        if i is not None:
            self.aliases_of[i] = []

    def find_seat(self, seat: str, cc: str | None) -> Record | None:
        key = clean_alias(seat)
        best: int | None = None
        for i in self.gaz._by_id.values():
            p = self.gaz.places[i]
            if p.cc == cc and p.kind == "city" and key in self.aliases_of[i]:
                if best is None or p.population > self.gaz.places[best].population:
                    best = i
        return self.record(self.gaz.places[best].id) if best is not None else None


def _clean(name: str) -> str:
    """A looked-up name as an index key."""
    n = normalise(str(name)).replace("_", " ").replace("-", " ")
    return " ".join(TOKEN_RE.findall(n))


@lru_cache(maxsize=1)
def default_gazetteer() -> Gazetteer:
    return Gazetteer.load()
