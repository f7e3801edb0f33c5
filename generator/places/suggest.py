"""Entries an editor may add for the names the resolver could not place.

``marsad places suggest`` takes the names ``find_unresolved`` reports (a name after a place
word, مدينة X, بلدة X, that the gazetteer lacks) and proposes, for each, what the site's own
gazetteer file could say:

- offline, from the gazetteer itself: a place it holds under a nearby spelling (the name
  with or without the article, one letter added, dropped or changed), in a country the
  articles are about — proposed as an alias of that place;
- online, only when asked (``--online``): the answer of the configured geocoder (geopy's
  Nominatim, at most one request a second on the public service, answers kept in the
  site's geocoded file so a name is never asked twice) — proposed as a new entry.

Nothing is written into a gazetteer: the proposals come out as a user-gazetteer document
(see overlay.py) for the editor to read, correct and paste into the site's file.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import yaml

from ..arabic import CLITICS, normalise
from .gazetteer import DATA_DIR, Gazetteer, Place, _clean

# The public Nominatim asks for at most one request a second (its usage policy).
PUBLIC_NOMINATIM = "nominatim.openstreetmap.org"
SPELLINGS_FILE = DATA_DIR / "spellings.yaml"


@dataclass(frozen=True)
class Spellings:
    """What may differ between two spellings of one name (data/spellings.yaml)."""

    vowels: frozenset[str]
    same_sound: dict[str, frozenset[str]]  # letter -> the letters that may stand for it
    min_letters: int
    min_country_share: float

    def one_letter_away(self, a: str, b: str) -> bool:
        """One long vowel added or dropped, or one letter swapped for one of its sound."""
        if a == b or abs(len(a) - len(b)) > 1:
            return False
        if len(a) > len(b):
            a, b = b, a
        i = 0
        while i < len(a) and a[i] == b[i]:
            i += 1
        if len(a) == len(b):
            return a[i + 1:] == b[i + 1:] and b[i] in self.same_sound.get(a[i], frozenset())
        return a[i:] == b[i + 1:] and b[i] in self.vowels


def load_spellings(path: Path = SPELLINGS_FILE) -> Spellings:
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    same: dict[str, set[str]] = {}
    for group in doc["groups"]:
        letters = {normalise(str(x)) for x in group}
        for x in letters:
            same.setdefault(x, set()).update(letters - {x})
    return Spellings(frozenset(normalise(str(v)) for v in doc["vowels"]),
                     {k: frozenset(v) for k, v in same.items()}, int(doc["min_letters"]),
                     float(doc["min_country_share"]))


@dataclass(frozen=True)
class Proposal:
    """What the site's gazetteer could say about one unresolved name."""

    name: str
    count: int
    files: tuple[str, ...]
    place: Place | None = None  # an existing place the name may be another spelling of
    why: str = ""  # how the place was found ("spelling: X")
    answer: dict | None = field(default=None, compare=False)  # the geocoder's answer


def polite_settings(settings: dict) -> dict:
    """The geocoder settings with the public Nominatim's usage policy applied: at most
    one request a second, whatever the site's config says."""
    out = dict(settings)
    if urlparse(str(out.get("url", ""))).netloc.endswith(PUBLIC_NOMINATIM):
        out["min_delay_seconds"] = max(1.0, float(out.get("min_delay_seconds") or 0))
    return out


def _spellings(key: str) -> list[str]:
    """Forms of a normalised name to look up as they are: with or without the article."""
    art = CLITICS.article
    out = [key[len(art):]] if key.startswith(art) and len(key) > len(art) + 2 else [art + key]
    return out


class NearNames:
    """The gazetteer's names of places in some countries, findable by near spelling."""

    def __init__(self, gazetteer: Gazetteer, countries: Iterable[str], spellings: Spellings) -> None:
        wanted = set(countries)
        self.spellings = spellings
        self.by_length: dict[int, list[tuple[str, int]]] = {}
        for key, hits in gazetteer.index.items():
            for i, weak in hits:
                if not weak and gazetteer.places[i].cc in wanted:
                    self.by_length.setdefault(len(key), []).append((key, i))

    def near(self, key: str) -> list[tuple[str, int]]:
        if len(key.replace(" ", "")) < self.spellings.min_letters:
            return []
        away = self.spellings.one_letter_away
        out = []
        for n in (len(key) - 1, len(key), len(key) + 1):
            out += [(k, i) for k, i in self.by_length.get(n, ()) if away(key, k)]
        return out


def propose(names: Counter, files: dict[str, list[str]], gazetteer: Gazetteer, countries: Counter,
            answers: dict[str, dict | None] | None = None, spellings: Spellings | None = None) -> list[Proposal]:
    """A proposal for each name (most frequent first). ``countries``: how often the
    articles name each country's places; the ones that make a share of them are the
    context, where other spellings are looked for (the most named first). ``answers``:
    the geocoder's, when it was asked."""
    spellings = spellings or load_spellings()
    total = sum(countries.values()) or 1
    context = [cc for cc, n in countries.most_common() if n / total >= spellings.min_country_share]
    near = NearNames(gazetteer, context, spellings)
    rank = {cc: k for k, cc in enumerate(context)}
    out = []
    for name, count in sorted(names.items(), key=lambda x: (-x[1], x[0])):
        key = _clean(name)
        found: list[tuple[int, str]] = []  # (place index, why)
        for form in _spellings(key):
            found += [(i, f"spelling: {form}") for i, _ in gazetteer.index.get(form, ())]
        found += [(i, f"spelling: {k}") for k, i in near.near(key)]
        found = [(i, why) for i, why in found if gazetteer.places[i].cc in rank]
        where = tuple(dict.fromkeys(files.get(name, ())))
        answer = (answers or {}).get(name)
        if found:
            i, why = min(found, key=lambda f: (rank[gazetteer.places[f[0]].cc], -gazetteer.prior(f[0], False),
                                                gazetteer.places[f[0]].id))
            out.append(Proposal(name, count, where, gazetteer.places[i], why, answer))
        else:
            out.append(Proposal(name, count, where, None, "", answer))
    return out


def _entry_id(name: str, answer: dict) -> str:
    slug = f"{answer.get('osm_type') or 'geo'}-{answer.get('osm_id') or hashlib.sha256(name.encode()).hexdigest()[:10]}"
    return f"x:suggested-{slug}"


def proposals_yaml(proposals: list[Proposal]) -> str:
    """The proposals as a user-gazetteer document, each with a comment saying where the
    name occurs and what the proposal rests on; names with nothing to propose are listed
    as comments, for the editor to place by hand."""
    aliases, entries, open_names = [], [], []
    for p in proposals:
        note = f"{p.name}: {p.count}x in {', '.join(p.files[:3])}{' …' if len(p.files) > 3 else ''}"
        if p.place is not None:
            aliases.append((note + f"; {p.why} = {p.place.name} ({p.place.cc})",
                            {"ref": p.place.id, "names": [p.name]}))
        elif p.answer:
            a = p.answer
            entries.append((note + f"; geocoder: {a.get('display_name') or a.get('source', '')}",
                            {"id": _entry_id(p.name, a), "name": (a.get("display_name") or p.name).split(",")[0],
                             "names": [p.name], "lat": a["lat"], "lon": a["lon"], "cc": a.get("cc"),
                             "kind": a.get("kind", "feature"), "source": a.get("source", "geocoder")}))
        else:
            open_names.append(note)
    lines = ["# Proposed by `marsad places suggest`: check each entry, then copy what is right into",
             "# the site's gazetteer file (the `gazetteer:` option of the marsad plugin).", ""]

    def section(title: str, items: list[tuple[str, dict]]) -> None:
        lines.append(f"{title}:")
        for comment, item in items:
            lines.append(f"  # {comment}")
            dumped = yaml.safe_dump([item], allow_unicode=True, sort_keys=False, default_flow_style=None).rstrip()
            lines.extend("  " + line for line in dumped.splitlines())
        lines.append("")

    if aliases:
        section("aliases", aliases)
    if entries:
        section("entries", entries)
    if open_names:
        lines.append("# Nothing to propose (place them by hand, or ask the geocoder with --online):")
        lines.extend(f"#   {n}" for n in open_names)
    if not proposals:
        lines.append("# Every name after a place word was found: nothing to propose.")
    return "\n".join(lines).rstrip() + "\n"
