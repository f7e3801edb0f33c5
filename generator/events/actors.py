"""Actors: who took part in an event, from a table (data/actors.yaml) and the site's own.

An actor has an id, Arabic and English names, a kind and the spellings news uses for it.
Names are matched on normalised words; a proclitic on the first word (والتحالف, لداعش,
بقوات) is allowed, as for places. A site adds or overrides actors with its own YAML files
of the same shape (plugin option `actors`).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from ..arabic import normalise
from .taxonomy import Bilingual

ACTORS_FILE = Path(__file__).resolve().parent.parent / "data" / "actors.yaml"
KINDS = ("state_forces", "armed_group", "coalition", "government", "militia", "international", "civilians", "other")


class ActorTableError(ValueError):
    """A wrong actor file: names the file, the entry and the problem."""


@dataclass(frozen=True)
class Actor(Bilingual):
    id: str
    ar: str
    en: str
    kind: str
    country: str
    names: tuple[str, ...]


class ActorTable:
    """Actors by id, and a matcher from normalised word sequences to actor ids."""

    def __init__(self, actors: Iterable[Actor]) -> None:
        self.by_id: dict[str, Actor] = {}
        for a in actors:
            self.by_id[a.id] = a  # a later file overrides an earlier one
        # first normalised word -> [(all words, actor id)], longest first
        self._first: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        for a in self.by_id.values():
            for name in (a.ar, *a.names):
                ws = tuple(normalise(name).split())
                if ws:
                    self._first.setdefault(ws[0], []).append((ws, a.id))
        for v in self._first.values():
            v.sort(key=lambda x: (-len(x[0]), x[1]))
        self.first_words = frozenset(self._first)  # a quick test before match_at
        self.version = _version(self.by_id)

    def get(self, actor_id: str) -> Actor | None:
        return self.by_id.get(actor_id)

    def match_at(self, words: list[str], i: int, first_forms: Iterable[str]) -> tuple[str, int] | None:
        """The actor whose name starts at word i (read as one of `first_forms`, i.e. with
        its proclitics stripped) and how many words it covers; the longest name wins."""
        best = None
        for form in first_forms:
            for ws, aid in self._first.get(form, ()):
                n = len(ws)
                if tuple(words[i + 1:i + n]) == ws[1:] and (best is None or n > best[1]):
                    best = (aid, n)
        return best


def _version(by_id: dict[str, Actor]) -> str:
    import hashlib

    h = hashlib.sha256()
    for aid in sorted(by_id):
        a = by_id[aid]
        h.update(repr((a.id, a.ar, a.en, a.kind, a.country, a.names)).encode())
    return h.hexdigest()[:12]


def _read(path: Path) -> list[Actor]:
    import yaml

    try:
        with open(path, encoding="utf-8") as fh:
            doc = yaml.load(fh, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except (OSError, yaml.YAMLError) as exc:
        raise ActorTableError(f"{path}: cannot read the actor table: {exc}") from exc
    if doc is None:
        return []
    if not isinstance(doc, dict) or not isinstance(doc.get("actors"), list):
        raise ActorTableError(f"{path}: expected a mapping with a list under 'actors'")
    out = []
    for n, entry in enumerate(doc["actors"], 1):
        where = f"{path}: actor {n}"
        if not isinstance(entry, dict):
            raise ActorTableError(f"{where}: expected a mapping, got {type(entry).__name__}")
        aid = entry.get("id")
        if not isinstance(aid, str) or not aid:
            raise ActorTableError(f"{where}: 'id' is missing")
        where = f"{path}: actor {aid!r}"
        ar = entry.get("ar")
        if not isinstance(ar, str) or not ar.strip():
            raise ActorTableError(f"{where}: 'ar' (the Arabic name) is missing")
        names = entry.get("names") or []
        if not isinstance(names, list) or not all(isinstance(x, str) for x in names):
            raise ActorTableError(f"{where}: 'names' must be a list of spellings")
        kind = entry.get("kind", "other")
        if kind not in KINDS:
            raise ActorTableError(f"{where}: unknown kind {kind!r} (one of {', '.join(KINDS)})")
        out.append(Actor(aid, ar.strip(), str(entry.get("en") or aid), kind, str(entry.get("country") or ""),
                         tuple(x.strip() for x in names if x.strip())))
    return out


@functools.lru_cache(maxsize=8)
def _load(files: tuple[tuple[Path, int, int], ...]) -> ActorTable:
    actors: list[Actor] = []
    for p, _, _ in files:
        actors.extend(_read(p))
    return ActorTable(actors)


def _stamp(path: Path) -> tuple[Path, int, int]:
    """A file with its modification time and size: an edited file is read again."""
    try:
        st = path.stat()
    except OSError:
        return path, -1, -1  # _read names the file and the problem
    return path, st.st_mtime_ns, st.st_size


def load_actors(extra: Iterable[Path] = ()) -> ActorTable:
    """The shipped actor table, then the site's own files (later entries override)."""
    return _load(tuple(_stamp(Path(p)) for p in (ACTORS_FILE, *extra)))
