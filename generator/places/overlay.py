"""The user gazetteer format: one implementation for the build and the run time.

``gazetteer/supplement.yaml`` and users' own files (``gazetteer/build.py --user FILE``, or
``Gazetteer.load(extra=[FILE])`` at run time, or the ``gazetteer:`` option of the plugin)
share one format, read here and applied to a ``PlaceStore``: the builder's table of
places, or a loading ``Gazetteer``. Three sections, applied in this order::

    aliases:  [{ref, names, weak, trigger, name_ar, lat, lon}]    more names for an entry
    entries:  [{id | geonames, name, names, weak_names, name_ar, lat, lon | seat, cc,
                kind, population, trigger, capital, replace_aliases, source}]  add or override
    remove:   [{ref, names}]      drop names, or (without names) the whole entry

``ref`` is ``gn:<GeoNames id>``, ``country:<ISO code>`` or an entry's id. A wrong entry
(no ``ref``, an unknown ``ref``, no coordinates, a value of the wrong type, a file that is
not a mapping) raises ``GazetteerError`` naming the file, the entry and the problem; an
unknown key is logged as a warning and ignored.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Any, Iterable, Protocol

from ..arabic import CLITICS, display_form, normalise

log = logging.getLogger("mkdocs.plugins.marsad")

# Arabic-speaking countries that Arabic news covers densely: their places carry the
# ``mena`` flag (a higher prior, smaller towns kept).
MENA = frozenset("SY IQ LB JO PS IL EG SA KW YE AE QA BH OM LY TN DZ MA MR SD SS SO DJ KM ER".split())
KINDS = frozenset({"city", "country", "admin", "region", "feature"})

SECTIONS = ("aliases", "entries", "remove")
KEYS = {
    "aliases": frozenset({"ref", "names", "weak", "trigger", "name_ar", "lat", "lon"}),
    "entries": frozenset({"id", "geonames", "name", "name_ar", "names", "weak_names", "lat", "lon", "seat",
                          "cc", "kind", "population", "trigger", "capital", "replace_aliases", "source"}),
    "remove": frozenset({"ref", "names"}),
}

# A place as the format edits it: id, name, name_ar, lat, lon, cc, kind, geonames,
# population, flags (a set), aliases (normalised; a weak one ends in ~), source and,
# from an alias row, curated_name (the build's preferred display name).
Record = dict[str, Any]

# Letters that exist only in Persian/Urdu/Kurdish/Pashto spellings.
_NON_ARABIC = re.compile("[\u067e\u0686\u0698\u06af\u06c1\u06c2\u06c3\u06be\u06d2\u06d5\u0695\u06b5\u06ce\u06c6"
                         "\u0679\u0688\u0691\u06ba\u06bb\u06c0\u06cd\u06d0\u0689\u0693\u0696\u069a\u06bc\u06ab]")
_ARABIC = re.compile("[\u0621-\u064a]")
_CLEAN = re.compile(r"^[\u0621-\u064a ]+$")
_SPACES = re.compile(r"\s+")
# A garbled article: the article's first letter typed more than once before it, at the start
# of a word (GeoNames spells Khartoum with three alefs). No word starts so: the extra letters go.
_GARBLED_ARTICLE = re.compile(f"(?<!\\S){re.escape(CLITICS.article[0])}+(?={re.escape(CLITICS.article)})")


def clean_alias(name: str) -> str | None:
    """The normalised matching form of an Arabic name, or None if it is not usable."""
    if not _ARABIC.search(name) or _NON_ARABIC.search(name):
        return None
    n = normalise(name).replace("-", " ").replace("_", " ")
    n = _GARBLED_ARTICLE.sub("", _SPACES.sub(" ", n).strip())
    if not _CLEAN.match(n) or len(n.replace(" ", "")) < 2:
        return None
    return n


class GazetteerError(ValueError):
    """A wrong user gazetteer entry: names the file, the entry and the problem in one line."""

    def __init__(self, path: str, entry: str, problem: str):
        problem = " ".join(problem.split())
        super().__init__(f"{path}: {entry}: {problem}" if entry else f"{path}: {problem}")
        self.path = path
        self.entry = entry
        self.problem = problem


class PlaceStore(Protocol):
    """What the format needs of a table of places."""

    def resolve_ref(self, ref: str) -> str | None:
        """The id of the place a ``ref`` names, or None."""

    def record(self, pid: str) -> Record | None:
        """The place as a record to edit (``put`` stores the edit)."""

    def put(self, record: Record) -> None:
        """Store a new or edited record."""

    def drop(self, pid: str) -> None:
        """Remove a place."""

    def find_seat(self, seat: str, cc: str | None) -> Record | None:
        """The most populous city of ``cc`` with the (strong) alias ``seat``."""


def read_user_file(path: Path) -> dict:
    """A user gazetteer file as a mapping (an empty file is an empty mapping)."""
    import yaml

    try:
        with open(path, encoding="utf-8") as fh:
            doc = yaml.load(fh, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as exc:
        raise GazetteerError(str(path), "", f"not valid YAML: {exc}") from None
    return doc if doc is not None else {}


def add_aliases(place: Record, names: Iterable[Any], weak: bool) -> None:
    """Add names (cleaned) to a record; a strong alias replaces a weak one, not the other way round."""
    have = set(place["aliases"])
    for n in names:
        a = clean_alias(str(n))
        if not a:
            continue
        a = a + "~" if weak else a
        if a.rstrip("~") in {x.rstrip("~") for x in have}:
            if not weak:
                have.discard(a + "~")
                have.add(a)
            continue
        have.add(a)
    place["aliases"] = sorted(have)


class _Checker:
    """Shape checks for one entry, with the file and entry named in every error."""

    def __init__(self, label: str, section: str, k: int, item: Any):
        self.label, self.section = label, section
        what = ""
        if isinstance(item, dict):
            key = item.get("ref", item.get("id", item.get("geonames")))
            what = f" ({key})" if key is not None else ""
        self.where = f"{section}[{k}]{what}"
        if not isinstance(item, dict):
            self.fail(f"expected a mapping, got {type(item).__name__}: {item!r}")
        unknown = sorted(str(x) for x in set(item) - KEYS[section])
        if unknown:
            log.warning("%s: %s: unknown key%s %s ignored", label, self.where, "s" * (len(unknown) > 1),
                        ", ".join(unknown))
        self.item: dict = item

    def fail(self, problem: str) -> None:
        raise GazetteerError(self.label, self.where, problem)

    def names(self, key: str) -> list:
        v = self.item.get(key)
        if v is None:
            return []
        if not isinstance(v, list):
            self.fail(f"{key} must be a list of names, got {type(v).__name__}")
        return v

    def number(self, key: str, value: Any) -> float:
        try:
            return float(value)
        except (TypeError, ValueError):
            self.fail(f"{key} must be a number, got {value!r}")
            raise  # unreachable: fail raises

    def ref(self, store: PlaceStore) -> str:
        if "ref" not in self.item or self.item["ref"] in (None, ""):
            self.fail("missing ref (gn:<id>, country:<CC> or an entry's id)")
        ref = str(self.item["ref"])
        pid = store.resolve_ref(ref)
        if pid is None:
            self.fail(f"unknown ref {ref}")
        assert pid is not None
        return pid


def apply_user_doc(doc: Any, store: PlaceStore, label: str) -> None:
    """Apply one user gazetteer document (aliases, then entries, then remove) to ``store``."""
    if not isinstance(doc, dict):
        raise GazetteerError(label, "", f"expected a mapping with {', '.join(SECTIONS)}, "
                                        f"got {type(doc).__name__}")
    for key in sorted(str(x) for x in set(doc) - set(SECTIONS)):
        log.warning("%s: unknown section %s ignored", label, key)
    for section in SECTIONS:
        items = doc.get(section) or []
        if not isinstance(items, list):
            raise GazetteerError(label, section, f"expected a list, got {type(items).__name__}")
        for k, item in enumerate(items):
            check = _Checker(label, section, k, item)
            if section == "aliases":
                _apply_alias(check, store)
            elif section == "entries":
                _apply_entry(check, store)
            else:
                _apply_remove(check, store)


def _apply_alias(check: _Checker, store: PlaceStore) -> None:
    a = check.item
    pid = check.ref(store)
    rec = store.record(pid)
    assert rec is not None
    names = check.names("names")
    weak = bool(a.get("weak"))
    add_aliases(rec, names, weak=weak)
    if names and not weak:
        if not rec["name_ar"]:
            rec["name_ar"] = display_form(str(names[0]))
        # A reviewed spelling: the build's display-name step prefers it to GeoNames' forms.
        rec.setdefault("curated_name", str(names[0]))
    if a.get("name_ar"):
        rec["name_ar"] = display_form(str(a["name_ar"]))
    for k in ("lat", "lon"):
        if k in a:
            rec[k] = check.number(k, a[k])
    if a.get("trigger") is not None:
        (rec["flags"].add if a["trigger"] else rec["flags"].discard)("trigger")
    store.put(rec)


def _apply_entry(check: _Checker, store: PlaceStore) -> None:
    e = check.item
    cc_raw = e.get("cc")
    gid = e.get("geonames")
    pid = e.get("id") or (f"gn:{gid}" if gid else None)
    if not pid:
        check.fail("entry without id (give id: x:<slug>, or geonames: <id>)")
    pid = str(pid)
    old = store.record(pid)
    cc = str(cc_raw).upper() if cc_raw else (old["cc"] if old and "cc" not in e else None)
    kind = e.get("kind") or (old["kind"] if old else "feature")
    if kind not in KINDS:
        check.fail(f"kind must be one of {', '.join(sorted(KINDS))}, got {kind!r}")
    lat, lon = e.get("lat"), e.get("lon")
    if (lat is None or lon is None) and e.get("seat"):
        seat = store.find_seat(str(e["seat"]), cc)
        if seat is None:
            check.fail(f"seat {e['seat']} ({cc}) not found")
        assert seat is not None
        lat, lon = seat["lat"], seat["lon"]
    if (lat is None or lon is None) and old:
        lat, lon = old["lat"], old["lon"]
    if lat is None or lon is None:
        check.fail("no coordinates (give lat and lon, or seat)")
    names = check.names("names")
    weak_names = check.names("weak_names")
    flags = set(old["flags"]) if old else set()
    if cc in MENA:
        flags.add("mena")
    if e.get("trigger"):
        flags.add("trigger")
    elif e.get("trigger") is False:
        flags.discard("trigger")
    if e.get("capital"):
        flags.add("capital")
    try:
        geonames = int(gid) if gid else (old["geonames"] if old and "geonames" not in e else None)
        population = int(e.get("population") or (old or {}).get("population") or 0)
    except (TypeError, ValueError) as exc:
        check.fail(f"geonames and population must be whole numbers ({exc})")
    place: Record = dict(
        id=pid, name=str(e.get("name") or (old or {}).get("name") or pid),
        name_ar=display_form(str(e.get("name_ar") or (names[0] if names else (old or {}).get("name_ar", "")))),
        lat=check.number("lat", lat), lon=check.number("lon", lon), cc=cc, kind=kind,
        geonames=geonames, population=population, flags=flags,
        aliases=list((old or {}).get("aliases", [])) if not e.get("replace_aliases") else [],
        source=str(e.get("source") or ""),
    )
    add_aliases(place, names, weak=False)
    add_aliases(place, weak_names, weak=True)
    store.put(place)


def _apply_remove(check: _Checker, store: PlaceStore) -> None:
    pid = check.ref(store)
    names = check.names("names")
    if not names:
        store.drop(pid)
        return
    rec = store.record(pid)
    assert rec is not None
    drop = {clean_alias(str(n)) for n in names}
    rec["aliases"] = [x for x in rec["aliases"] if x.rstrip("~") not in drop]
    store.put(rec)
