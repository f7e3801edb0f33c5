"""Place stage: an Arabic gazetteer and a toponym resolver for news text.

The gazetteer (``generator/data/gazetteer.tsv.gz``, built by ``gazetteer/build.py`` from
GeoNames, CLDR and the curated ``gazetteer/supplement.yaml``) maps normalised Arabic names
to places. The resolver finds names in an article (clitics, multi-word names, longest
match), drops what is not a place (common words without a trigger, demonyms,
organisations), and chooses among candidates with the whole article as context
(population and rank, the countries and places the article mentions, the dateline, the
distance to the other places). A home word (المملكة, "the Kingdom") takes the country the
article is set in. Every mention keeps its evidence and runner-up candidates.
"""

from __future__ import annotations

import bisect
import gzip
import json
import hashlib
import math
import re
from collections import Counter, defaultdict
from itertools import accumulate
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterable

from ..arabic import normalise, normalise_char

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
GAZETTEER_FILE = DATA_DIR / "gazetteer.tsv.gz"
STOP_FILE = DATA_DIR / "place_stop.yaml"

MAX_NAME_WORDS = 6
# a town below this population counts only with a trigger word or context (see _resolve)
SMALL_TOWN = 20000

# Country context (other places of the same country in the article) added to a candidate's
# score: (first mention, per further mention, most). Big cities and weak readings (الجوف as
# a Saudi region, عمان as Oman) start high; small Middle Eastern and North African towns,
# whose namesakes Arabic news tells apart by the article's country, grow with the
# evidence until it outweighs a larger namesake abroad (زنجبار in a Yemeni article);
# small places elsewhere keep a small bonus (Geneva, Illinois does not beat Geneva).
CONTEXT_BONUS = {"major": (3.0, 0.5, 4.0), "mena": (1.5, 1.0, 4.0), "other": (1.5, 0.0, 1.5)}


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
class PlaceMention:
    text: str
    offset: tuple[int, int]
    place: Place
    evidence: tuple[str, ...]
    candidates: tuple[Place, ...]
    precision: str  # point | region | country


# ---------------------------------------------------------------------------------------
# Fast normalisation with a way back to source offsets (same folding as arabic.normalise).

def _build_table() -> dict[int, str | None]:
    table: dict[int, str | None] = {}
    for cp in list(range(0x80, 0x2100)) + list(range(0xFB00, 0x10000)):
        ch = chr(cp)
        out = normalise_char(ch)
        if out != ch:
            table[cp] = out or None
    return table


_TABLE = _build_table()
_DROPPED = "".join(chr(cp) for cp, v in _TABLE.items() if v is None)
_DROPPED_RE = re.compile("[" + re.escape(_DROPPED) + "]")
# one character in, one character out (offsets unchanged)
_FOLDS = tuple((chr(cp), v) for cp, v in sorted(_TABLE.items()) if v is not None)
assert all(len(v) == 1 for _, v in _FOLDS)


class _Norm:
    """Normalised text plus the positions of dropped characters in the source."""

    __slots__ = ("text", "_dropped")

    def __init__(self, source: str) -> None:
        # dropping (diacritics, tatweel, invisibles) by regex and folding by a few
        # str.replace calls is several times faster than str.translate with a dict
        if _DROPPED_RE.search(source):
            self._dropped = [m.start() for m in _DROPPED_RE.finditer(source)]
            text = _DROPPED_RE.sub("", source)
        else:
            self._dropped = []
            text = source
        for k, v in _FOLDS:
            if k in text:
                text = text.replace(k, v)
        self.text = text

    def _src(self, n: int) -> int:
        if not self._dropped:
            return n
        o = n
        while True:
            k = bisect.bisect_right(self._dropped, o)
            new = n + k
            if new == o:
                # skip forward over dropped characters at this position
                while k < len(self._dropped) and self._dropped[k] == o:
                    o += 1
                    k += 1
                return o
            o = new

    def source_span(self, b: int, e: int) -> tuple[int, int]:
        if e <= b:
            s = self._src(b)
            return s, s
        return self._src(b), self._src(e - 1) + 1


_TOKEN_RE = re.compile(r"[\u0621-\u063a\u0641-\u064a]+|[A-Za-z]+|[0-9]+")
# the same tokens as a capturing split: gaps and words alternate, all in C
_TOKEN_SPLIT = re.compile(r"([\u0621-\u063a\u0641-\u064a]+|[A-Za-z]+|[0-9]+)")
_JOIN_GAP = re.compile(r"^[ _\-#]{1,3}$")


# ---------------------------------------------------------------------------------------
# Stop data


@dataclass
class StopData:
    strong_triggers: frozenset
    weak_triggers: frozenset
    naming_triggers: frozenset
    directions: frozenset
    direction_adjectives: frozenset
    common_words: frozenset
    not_places: frozenset
    organisations: dict  # first word -> list of token tuples
    demonyms: dict  # normalised form -> cc
    corpus_common: frozenset = frozenset()  # measured: small places' names that are ordinary words
    org_heads: frozenset = frozenset()
    person_titles: frozenset = frozenset()
    person_next: frozenset = frozenset()
    adjectives: frozenset = frozenset()
    masc_demonyms: frozenset = frozenset()  # السوري, الإسباني, الفرنسيين: a club's adjective
    fem_demonyms: frozenset = frozenset()  # تركيه, سوريه: indefinite feminine adjective forms
    home_words: dict = field(default_factory=dict)  # المملكه -> (SA, JO, MA, BH): see _HomeEvidence
    home_word_qualifiers: frozenset = frozenset()  # الحيوانيه: after a home word, no country


def _demonym_forms(stem: str) -> list[str]:
    s = normalise(stem)
    forms = []
    for base in (s, "ال" + s):
        forms += [base, base + "ين", base + "ون", base + "يه", base + "يين", base + "يون"]
    # the bare feminine (سورية, تركية) is also a spelling of the country's name
    forms.append("ال" + s + "ه")
    return forms


@lru_cache(maxsize=1)
def load_stop(path: Path = STOP_FILE) -> StopData:
    import yaml

    with open(path, encoding="utf-8") as fh:
        d = yaml.load(fh, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # libyaml: 10x faster

    def norm_set(key):
        return frozenset(normalise(str(w)) for w in d.get(key) or [])

    exceptions = norm_set("common_word_exceptions")
    orgs: dict[str, list] = defaultdict(list)
    for phrase in d.get("organisations") or []:
        toks = tuple(_TOKEN_RE.findall(normalise(str(phrase))))
        if toks:
            orgs[toks[0]].append(toks)
    for k in orgs:
        orgs[k].sort(key=len, reverse=True)
    dem: dict[str, str] = {}
    masc: set[str] = set()
    fem: set[str] = set()
    for cc, stems in (d.get("demonyms") or {}).items():
        for st in stems:
            for f in _demonym_forms(st):
                dem[f] = cc
            s = normalise(st)
            masc.update(("ال" + s, "ال" + s + "ين", "ال" + s + "ون"))
            fem.add(s + "ه")
    return StopData(
        strong_triggers=norm_set("strong_triggers"),
        weak_triggers=norm_set("weak_triggers"),
        naming_triggers=norm_set("naming_triggers"),
        directions=norm_set("directions"),
        direction_adjectives=norm_set("direction_adjectives"),
        common_words=(norm_set("common_words") | norm_set("common_words_measured")) - exceptions,
        not_places=norm_set("not_places"),
        organisations=dict(orgs),
        demonyms=dem,
        corpus_common=norm_set("common_words_corpus") - exceptions,
        org_heads=norm_set("org_heads"),
        person_titles=norm_set("person_titles"),
        person_next=norm_set("person_next"),
        adjectives=norm_set("adjectives"),
        masc_demonyms=frozenset(masc),
        fem_demonyms=frozenset(fem),
        home_words={normalise(str(w)): tuple(str(cc).upper() for cc in ccs)
                    for w, ccs in (d.get("home_country_words") or {}).items()},
        home_word_qualifiers=norm_set("home_word_qualifiers"),
    )


# ---------------------------------------------------------------------------------------
# Gazetteer


class Gazetteer:
    """Arabic names -> places. ``load()`` reads the shipped data plus user YAML files."""

    def __init__(self) -> None:
        self.places: list[Place] = []
        self._flags: list[frozenset] = []
        self._by_id: dict[str, int] = {}
        # normalised alias -> list of (place index, weak)
        self.index: dict[str, list[tuple[int, bool]]] = {}
        # first word of an alias -> longest alias length in words
        self.starts: dict[str, int] = {}
        # per-word caches of the resolver: words that start nothing, and for the others
        # (place-name readings, organisation readings, demonym country)
        self._boring: set[str] = set()
        self._winfo: dict[str, tuple] = {}
        self._priors: list[float] = []
        self._prefixes: set[str] = set()
        self.version = ""

    # -- loading -------------------------------------------------------------------------
    @classmethod
    def load(cls, extra: Iterable[Path | dict] = (), data_file: Path | None = None) -> "Gazetteer":
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
        for f in extra:
            if isinstance(f, dict):  # entries given as data (e.g. stored geocoder answers)
                h.update(json.dumps(f, sort_keys=True, ensure_ascii=False).encode("utf-8"))
                gaz._apply_user_doc(f, aliases_of)
                continue
            f = Path(f)
            h.update(f.read_bytes())
            gaz._apply_user(f, aliases_of)
        gaz._index(aliases_of)
        gaz.version = h.hexdigest()[:16]
        return gaz

    def _apply_user(self, path: Path, aliases_of: list[list[str]]) -> None:
        import yaml

        with open(path, encoding="utf-8") as fh:
            doc = yaml.load(fh, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) or {}
        self._apply_user_doc(doc, aliases_of)

    def _apply_user_doc(self, doc: dict, aliases_of: list[list[str]]) -> None:
        for a in doc.get("aliases") or []:
            i = self._resolve_ref(str(a["ref"]))
            if i is None:
                continue
            weak = "~" if a.get("weak") else ""
            aliases_of[i].extend(_clean(n) + weak for n in a.get("names", []) if _clean(n))
            if a.get("trigger") is not None:
                fl = set(self._flags[i])
                (fl.add if a["trigger"] else fl.discard)("trigger")
                self._flags[i] = frozenset(fl)
        for e in doc.get("entries") or []:
            gid = e.get("geonames")
            pid = e.get("id") or (f"gn:{gid}" if gid else None)
            if not pid:
                continue
            old_i = self._by_id.get(pid)
            old = self.places[old_i] if old_i is not None else None
            lat = e.get("lat", old.lat if old else None)
            lon = e.get("lon", old.lon if old else None)
            if lat is None or lon is None:
                continue
            names = [str(n) for n in e.get("names") or []]
            cc = e.get("cc", old.cc if old else None)
            place = Place(
                pid, e.get("name") or (old.name if old else pid),
                e.get("name_ar") or (names[0] if names else (old.name_ar if old else "")),
                float(lat), float(lon), str(cc).upper() if cc else None,
                e.get("kind") or (old.kind if old else "feature"),
                int(gid) if gid else (old.geonames if old else None),
                int(e.get("population") or (old.population if old else 0)),
            )
            fl = set(self._flags[old_i]) if old is not None else set()
            if e.get("trigger"):
                fl.add("trigger")
            elif e.get("trigger") is False:
                fl.discard("trigger")
            if e.get("capital"):
                fl.add("capital")
            new_aliases = [_clean(n) for n in names if _clean(n)]
            new_aliases += [_clean(n) + "~" for n in e.get("weak_names") or [] if _clean(n)]
            if old_i is not None:
                self.places[old_i] = place
                self._flags[old_i] = frozenset(fl)
                base = [] if e.get("replace_aliases") else aliases_of[old_i]
                aliases_of[old_i] = base + new_aliases
            else:
                self._by_id[pid] = len(self.places)
                self.places.append(place)
                self._flags.append(frozenset(fl))
                aliases_of.append(new_aliases)
        for r in doc.get("remove") or []:
            i = self._resolve_ref(str(r["ref"]))
            if i is None:
                continue
            if not r.get("names"):
                aliases_of[i] = []
            else:
                drop = {_clean(n) for n in r["names"]}
                aliases_of[i] = [x for x in aliases_of[i] if x.rstrip("~") not in drop]

    def _resolve_ref(self, ref: str) -> int | None:
        if ref.startswith("country:"):
            cc = ref.split(":", 1)[1].upper()
            for i, p in enumerate(self.places):
                if p.kind == "country" and p.cc == cc:
                    return i
            return None
        return self._by_id.get(ref)

    def _index(self, aliases_of: list[list[str]]) -> None:
        index: dict[str, list[tuple[int, bool]]] = {}
        starts: dict[str, int] = {}
        prefixes: set[str] = set()  # the first words of multi-word names
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
        self._prefixes = prefixes

    # -- queries -------------------------------------------------------------------------
    def lookup(self, name: str) -> list[Place]:
        """Candidates for a surface name, best prior first."""
        key = _clean(name)
        hits = self.index.get(key, []) if key else []
        ranked = sorted(hits, key=lambda h: -self._prior(h[0], h[1]))
        return [self.places[i] for i, _ in ranked]

    def get(self, pid: str) -> Place | None:
        i = self._by_id.get(pid)
        return self.places[i] if i is not None else None

    def flags(self, place: Place) -> frozenset:
        i = self._by_id.get(place.id)
        return self._flags[i] if i is not None else frozenset()

    def country(self, cc: str) -> Place | None:
        i = self._resolve_ref("country:" + cc)
        return self.places[i] if i is not None else None

    def _prior(self, i: int, weak: bool) -> float:
        pr = self._priors
        if len(pr) != len(self.places):
            pr[:] = [self._prior_of(k) for k in range(len(self.places))]
        return pr[i] - 3.5 if weak else pr[i]

    def _prior_of(self, i: int) -> float:
        p = self.places[i]
        fl = self._flags[i]
        if p.kind == "country":
            s = 12.0
        elif p.kind in ("region", "feature"):
            s = 6.5
        elif p.kind == "admin":
            s = 6.0 + (0.5 if "mena" in fl else 0.0)
        else:
            s = 1.6 * math.log10(p.population + 10) - 2.0
            if "capital" in fl:
                s += 2.0
            if "mena" in fl:
                s += 0.7
        return s

    def __len__(self) -> int:
        return len(self.places)


def _clean(name: str) -> str:
    n = normalise(str(name)).replace("_", " ").replace("-", " ")
    return " ".join(_TOKEN_RE.findall(n))


# ---------------------------------------------------------------------------------------
# Resolver

# ك (as, like) is left out on its own: it precedes place names rarely and makes false
# readings (كاجين is not ك + Ujjain).
_PREFIXES = ("وبال", "فبال", "وكال", "ولل", "فلل", "وال", "فال", "بال", "كال", "لل",
             "وب", "ول", "فب", "فل", "و", "ف", "ب", "ل")


_PREFIX_FIRST = frozenset(p[0] for p in _PREFIXES)
_READINGS_CACHE: dict[str, tuple] = {}


def _readings(w: str) -> tuple:
    """(stem, clitic) readings of a word, the word itself first (memoised)."""
    r = _READINGS_CACHE.get(w)
    if r is None:
        if len(_READINGS_CACHE) > 200000:
            _READINGS_CACHE.clear()
        r = _READINGS_CACHE[w] = tuple(_compute_readings(w))
    return r


def _compute_readings(w: str) -> list[tuple[str, str]]:
    out = [(w, "")]
    if w[0] not in _PREFIX_FIRST:
        return out
    for p in _PREFIXES:
        if w.startswith(p) and len(w) - len(p) >= 2:
            if p.endswith("ال"):  # وال / بال ... : keep the article
                stem = "ال" + w[len(p):]
                out.append((stem, p[:-2]))
            elif p in ("لل", "ولل", "فلل"):
                out.append(("ال" + w[len(p):], p[:-1]))
            else:
                out.append((w[len(p):], p))
    return out


@dataclass
class _Cand:
    b: int  # token index begin
    e: int  # token index end (exclusive)
    key: str
    clitic: str
    hits: list  # (place index, weak)
    evidence: list = field(default_factory=list)
    alt_clitic: dict = field(default_factory=dict)
    alt_key: dict = field(default_factory=dict)  # place index -> the name it was read as
    dir_b: int | None = None
    dir_e: int | None = None
    chosen: int | None = None
    ranked: list = field(default_factory=list)
    precision: str = "point"


_HASHTAG_RE = re.compile(r"#[^\s#]+")
_FLAG_RE = re.compile("([\U0001F1E6-\U0001F1FF])([\U0001F1E6-\U0001F1FF])\\s*$")


class _Doc:
    __slots__ = ("norm", "s", "toks", "n", "tags", "words", "parts")

    def __init__(self, text: str) -> None:
        self.norm = _Norm(text)
        s = self.s = self.norm.text
        # split keeps the words at odd positions and the gaps between them at even ones;
        # offsets come from running sums of the part lengths (no per-token Python code)
        parts = self.parts = _TOKEN_SPLIT.split(s)
        words = self.words = parts[1::2]
        n = self.n = len(words)
        acc = list(accumulate(map(len, parts)))
        self.toks = list(zip(words, acc[0:2 * n:2], acc[1:2 * n:2]))
        self.tags = [(m.start() + 1, m.end()) for m in _HASHTAG_RE.finditer(s)] if "#" in s else []

    def in_compound_tag(self, b: int, e: int) -> bool:
        """Is [b, e) part of, but not all of, a hashtag (#امطار_الكويت is a topic label)?"""
        for tb, te in self.tags:
            if tb <= b and e <= te:
                body = self.s[tb:te].rstrip("_-.,:;!?")
                return bool(re.search(r"[^\W\d_]", body[: b - tb])) or bool(
                    re.search(r"[^\W\d_]", body[e - tb:]))
        return False

    def flag_before(self, b: int) -> str | None:
        m = _FLAG_RE.search(self.s[max(0, b - 4):b])
        if not m:
            return None
        return chr(ord(m.group(1)) - 0x1F1E6 + 65) + chr(ord(m.group(2)) - 0x1F1E6 + 65)

    def joined(self, i: int) -> bool:
        """True if token i and i+1 are separated only by spaces/underscores (one phrase)."""
        return _JOIN_GAP.match(self.parts[2 * i + 2]) is not None

    def gap_before(self, i: int) -> str:
        return self.parts[2 * i]


def _interesting(doc: _Doc, gaz: "Gazetteer", stop: StopData) -> tuple[list[int], dict]:
    """Indices of the tokens that may start a place name, an organisation or a demonym, and
    for each such word (place-name readings, organisation readings, demonym country).

    Most words of an article are none of these; they are remembered in a set on the
    gazetteer, so one C-level set difference leaves only the few words worth a look."""
    boring = gaz._boring
    info = gaz._winfo
    fresh = set(doc.words).difference(boring)
    if not fresh:
        return [], {}
    if len(boring) > 400000:
        boring.clear()
    if len(info) > 200000:
        info.clear()
    starts = gaz.starts
    orgs = stop.organisations
    dem = stop.demonyms
    keep: dict[str, tuple] = {}
    for w in fresh:
        got = info.get(w)
        if got is not None:
            keep[w] = got
            continue
        rd = _readings(w)
        entry = tuple((st, cl, starts[st]) for st, cl in rd if st in starts)
        org = tuple(f for f, _ in rd if f in orgs)
        dcc = None
        for stem, _ in rd[:2]:
            dcc = dem.get(stem)
            if dcc:
                break
        if entry or org or dcc:
            info[w] = keep[w] = (entry, org, dcc)
        else:
            boring.add(w)
    if not keep:
        return [], {}
    return [i for i, w in enumerate(doc.words) if w in keep], keep


def _org_mask(doc: _Doc, stop: StopData, info: dict, idx: list[int]) -> set[int]:
    masked: set[int] = set()
    toks = doc.toks
    orgs = stop.organisations
    words = doc.words
    for i in idx:
        forms = info[words[i]][1]
        for form in forms:
            for phrase in orgs[form]:
                L = len(phrase)
                if i + L > doc.n:
                    continue
                if all(toks[i + k][0] == phrase[k] for k in range(1, L)) and all(
                        doc.joined(i + k) for k in range(L - 1)):
                    masked.update(range(i, i + L))
                    break
    return masked


def _match(doc: _Doc, gaz: Gazetteer, masked: set[int], idx: list[int], info: dict) -> list[_Cand]:
    """All longest gazetteer matches, left to right, without overlaps."""
    index = gaz.index
    prefixes = gaz._prefixes
    words = doc.words
    out: list[_Cand] = []
    n = doc.n
    nxt = 0  # the first token not yet covered by a match
    for i in idx:
        if i < nxt or i in masked:
            continue
        entry = info[words[i]][0]
        if not entry:
            continue
        found: list[_Cand] = []
        for stem, clitic, maxl in entry:
            maxl = min(maxl, MAX_NAME_WORDS, n - i)
            # extend the phrase while it is the beginning of some longer name and runs on
            # without punctuation; keep the longest one that is a name
            key = stem
            best = (1, key, index.get(key)) if key in index else None
            L = 1
            while L < maxl and key in prefixes and doc.joined(i + L - 1) and (i + L) not in masked:
                key = key + " " + words[i + L]
                L += 1
                hits = index.get(key)
                if hits:
                    best = (L, key, hits)
            if best:
                found.append(_Cand(i, i + best[0], best[1], clitic, best[2]))
        if found:
            best_len = max(c.e - c.b for c in found)
            longest = [c for c in found if c.e - c.b == best_len]
            # the word itself before clitic readings
            longest.sort(key=lambda c: len(c.clitic))
            cand = longest[0]
            if len(longest) > 1:
                # merge: other readings' candidates join as alternatives
                seen = {h[0] for h in cand.hits}
                extra = [(pi, wk) for c in longest[1:] for pi, wk in c.hits if pi not in seen]
                cand.hits = list(cand.hits) + extra
                cand.alt_clitic = {pi: c.clitic for c in longest[1:] for pi, _ in c.hits if pi not in seen}
                cand.alt_key = {pi: c.key for c in longest[1:] for pi, _ in c.hits if pi not in seen}
            out.append(cand)
            nxt = cand.e
    return out


_PUNCT_RE = re.compile(r"[.,;:!?()\[\]\n]")


def _trigger(doc: _Doc, stop: StopData, c: _Cand) -> tuple[str | None, str | None]:
    """('strong'|'weak'|None, word) for the word before the mention (or its own clitic)."""
    i = c.b
    if i > 0:
        gap = doc.gap_before(i)
        if len(gap) <= 4 and not _PUNCT_RE.search(gap):
            prev = doc.toks[i - 1][0]
            for stem, _ in _readings(prev):
                if stem in stop.strong_triggers:
                    return "strong", stem
            for stem, _ in _readings(prev)[:1]:
                if stem in stop.weak_triggers:
                    return "weak", stem
    if c.clitic and "ب" in c.clitic:
        return "weak", "ب"
    return None, None


_QUOTE_RE = re.compile("[\u00ab\"\u201c]")
# indefinite words after which a bare feminine demonym (سورية, تركية) is still the country
_FEM_DEM_OK_BEFORE = frozenset(normalise(w) for w in (
    "في", "إلى", "الى", "من", "عن", "على", "مع", "بين", "داخل", "خارج", "نحو", "حتى", "و", "او", "أو", "ثم",
    "لدى", "عبر", "تجاه", "باتجاه", "قرب", "حدود", "رئيس", "شعب", "أرض", "ارض", "أراضي", "اراضي", "مستقبل",
    "أصدقاء", "اصدقاء", "سفير", "سفارة", "جيش", "وزير", "حكومة", "دولة", "زيارة", "أجواء", "اجواء", "لصالح"))


def _context_veto(doc: _Doc, stop: StopData, c: _Cand, p: Place, fl: frozenset) -> str | None:
    """Why the words around a name say it is no place here, or None.

    person: a title before it (الدكتور صلاح الدين) or بن/بنت after it (الشيخ عثمان بن ناصر);
    organisation: after نادي/صحيفة/شركة ... (نادي القادسية), a city followed by a masculine
    demonym (اشبيلية الإسباني, a club: a city takes the feminine), or a quoted name after لـ
    (لـ«الشرق الأوسط», a newspaper); adjective: a definite nisba word or participle right after
    a definite noun (الحلول السلمية, الاقتصاد القائم, الملاعب السعودية), or a bare feminine
    demonym after an indefinite noun (مصادر عسكرية تركية, قوات سورية)."""
    toks = doc.toks
    single = c.e - c.b == 1
    naming = c.trig == "strong" and c.trig_word in stop.naming_triggers
    prev = None
    gap = ""
    if c.b > 0:
        gap = doc.gap_before(c.b)
        if len(gap) <= 4 and not _PUNCT_RE.search(gap):
            prev = toks[c.b - 1][0]
    nxt = toks[c.e][0] if c.e < doc.n and doc.joined(c.e - 1) else None
    if nxt is not None and nxt in stop.person_next and not naming:
        return "person"
    if prev is not None and not c.clitic:
        if p.kind != "country" and prev in stop.person_titles:
            return "person"
        pstems = {st for st, _ in _readings(prev)}
        if pstems & stop.org_heads:
            return "organisation"
        if prev == "ل" and _QUOTE_RE.search(gap):
            return "organisation"
    if nxt is not None and p.kind in ("city", "admin") and nxt in stop.masc_demonyms and not c.trig:
        return "organisation"
    if not single or c.clitic or prev is None or c.trig == "strong" or gap.strip(" "):
        return None  # adjective readings need plain running text (not #السيول #السعودية)
    key = c.key
    if key.startswith("ال") and "capital" not in fl and (
            p.kind != "country" or key in stop.demonyms):
        if (key.endswith("يه") or key.endswith("ي") or key in stop.adjectives) and any(
                st.startswith("ال") and len(st) > 3 for st, _ in _readings(prev)[:2]) and (
                prev not in stop.strong_triggers and prev not in stop.directions
                and prev not in stop.weak_triggers):
            return "adjective"
    elif key in stop.fem_demonyms and not prev.startswith("ال") and not prev.isdigit() and (
            prev not in _FEM_DEM_OK_BEFORE and prev not in stop.weak_triggers
            and prev not in stop.strong_triggers and prev not in stop.directions):
        return "adjective"
    return None


def _dateline(doc: _Doc, c: _Cand) -> bool:
    """A place that opens a line and is followed by a dash or a date: 'باريس ـ قال'."""
    b = doc.toks[c.b][1]
    before = doc.s[max(0, b - 40):b]
    line_start = before.rfind("\n")
    head = before[line_start + 1:] if line_start >= 0 else (before if b < 40 else None)
    if head is None or head.strip(" \t\"'«(") != "":
        return False
    end = doc.toks[c.e - 1][2]
    after = doc.s[end:end + 6]
    return bool(re.match(r"\s*(?:[-\u0640\u2013\u2014:(]|[0-9])", after))


def _haversine(a: Place, b: Place) -> float:
    la1, lo1, la2, lo2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 12742.0 * math.asin(min(1.0, math.sqrt(h)))


def _is_listed_with_countries(doc: _Doc, cands: list[_Cand], k: int, gaz: Gazetteer) -> bool:
    """Is mention k coordinated (و / ،) with a neighbour that is a country?"""
    def country_only(c):
        return any(gaz.places[pi].kind == "country" for pi, wk in c.hits if not wk)

    for j in (k - 1, k + 1):
        if 0 <= j < len(cands):
            a, b = (cands[j], cands[k]) if j < k else (cands[k], cands[j])
            if b.b - a.e > 1:
                continue
            gap = doc.s[doc.toks[a.e - 1][2]:doc.toks[b.b][1]]
            if len(gap) > 4 or not (b.clitic.startswith("و") or "," in gap or "و" in gap):
                continue
            if country_only(cands[j]):
                return True
    return False


class _HomeEvidence:
    """Which country a home word (المملكة, السلطنة) means at each of its mentions.

    Outlets call their own country "the Kingdom": Saudi, Jordanian, Moroccan and Bahraini
    news all write المملكة. So the word means the kingdom the article is set in, which is
    not always the last one it names (a Saudi report on Bahrain still calls Saudi Arabia
    المملكة). Evidence per country: the dateline; its own cities and regions; its name
    (or full name, or demonym) before this mention, more when it is the nearest one, just
    before (anaphora: أمطار في الأردن، والمملكة ...). The first country of the word's row
    in place_stop.yaml (home_country_words), the most common usage, starts with a default
    weight, so a passing mention does not outweigh it.
    """

    DEFAULT, DATELINE, DOMESTIC = 1.0, 3.0, 1.0
    NAMED_BEFORE, NEAREST = 0.5, 1.0
    NEAR_TOKENS = 20  # "just before": within this many words

    def __init__(self, doc, gaz, cands, idx, winfo, dateline_cc) -> None:
        places = self.places = gaz.places
        self.fixed: Counter = Counter()  # evidence for the whole article
        self.named: list[tuple[int, str]] = []  # (token position, country) of names, demonyms
        if dateline_cc:
            self.fixed[dateline_cc] += self.DATELINE
        for c in cands:
            strong = [places[pi] for pi, wk in c.hits if not wk]
            if not strong or c.ctx_own is None:
                continue
            if all(p.kind == "country" for p in strong):
                # a name, even the full one (المملكة الأردنية الهاشمية), is only a mention:
                # Saudi news lists other kingdoms by their full names too
                self.named.append((c.b, c.ctx_own))
            else:
                self.fixed[c.ctx_own] += self.DOMESTIC
        for i in idx:
            dcc = winfo[doc.words[i]][2]
            if dcc:
                self.named.append((i, dcc))
        self.named.sort()
        # positions by country, so "how many times named before this mention" is a
        # bisection, not a scan of every name (an article can repeat المملكة thousands of times)
        self.named_at = [b for b, _ in self.named]
        self.named_by_cc: dict[str, list[int]] = {}
        for b, cc in self.named:
            self.named_by_cc.setdefault(cc, []).append(b)

    def rank(self, c, scored: list, order: tuple) -> list:
        """``scored`` with the country the home word means here first."""
        k = bisect.bisect_left(self.named_at, c.b)
        nearest = self.named[k - 1][1] if k and c.b - self.named[k - 1][0] <= self.NEAR_TOKENS else None

        def evidence(cc):
            times = bisect.bisect_left(self.named_by_cc.get(cc, ()), c.b)
            return (self.fixed[cc] + self.NAMED_BEFORE * times
                    + (self.NEAREST if cc == nearest else 0.0))

        def cc_of(x):
            return self.places[x[1]].cc

        mine = [x for x in scored if cc_of(x) in order]
        if not mine:
            return scored
        weight = {cc: evidence(cc) + (self.DEFAULT if k == 0 else 0.0) for k, cc in enumerate(order)}
        best = max(mine, key=lambda x: (weight[cc_of(x)], -order.index(cc_of(x))))
        cc = cc_of(best)
        s, pi, weak, ev = best
        ev = [e for e in ev if not e.startswith(("context:", "coreference"))]
        ev.append(f"home:{cc}" if evidence(cc) else f"home:{cc} (default)")
        return [(s, pi, weak, ev)] + [x for x in scored if x is not best]


def _resolve(text: str, gaz: Gazetteer):
    stop = load_stop()
    doc = _Doc(text)
    idx, winfo = _interesting(doc, gaz, stop)
    masked = _org_mask(doc, stop, winfo, idx) if idx else set()
    raw = _match(doc, gaz, masked, idx, winfo) if idx else []
    places = gaz.places
    flags = gaz._flags

    # drop demonyms and never-places up front
    cands: list[_Cand] = []
    for c in raw:
        if c.key in stop.not_places or (c.e - c.b == 1 and (
                c.key in stop.strong_triggers or c.key in stop.weak_triggers)):
            continue
        if c.e - c.b == 1 and c.key in stop.demonyms:
            # السعودية is the country, السعودي the adjective
            dcc = stop.demonyms[c.key]
            c.hits = [(pi, wk) for pi, wk in c.hits if places[pi].kind == "country" and places[pi].cc == dcc]
            if not c.hits:
                continue
        if c.clitic:
            # a clitic reading of a word needs a substantial place: 'بأنه' is not ب + Baneh
            keep = []
            for pi, wk in c.hits:
                p = places[pi]
                fl = flags[pi]
                if c.clitic == "ف":
                    # ف (so, then) is a conjunction before verbs and nouns far more often than
                    # before a place: only countries and capitals (فدمشق) are read through it
                    if p.kind == "country" or "capital" in fl:
                        keep.append((pi, wk))
                elif (p.kind != "city" or "capital" in fl or ("mena" in fl and p.population >= 5000)
                        or (p.population >= 150000 and len(c.key) >= 4)):
                    keep.append((pi, wk))
            if not keep:
                continue
            if c.clitic != "ف":
                # once one substantial place makes the clitic reading plausible (بالجفر),
                # its smaller namesakes stay candidates too: dropping them would make the
                # name look unambiguous and count it as context for the wrong country
                keep = c.hits
            c.hits = keep
        cands.append(c)

    # context: demonyms, unambiguous mentions, dateline
    ctx_cc: Counter = Counter()
    for w in winfo:
        cc = winfo[w][2]
        if cc:
            ctx_cc[cc] += 0.5
    strong_places: Counter = Counter()
    dateline_cc = None
    for c in cands:
        c.ctx_own = None
        c.in_tag = bool(doc.tags) and doc.in_compound_tag(doc.toks[c.b][1], doc.toks[c.e - 1][2])
        c.flag = doc.flag_before(doc.toks[c.b][1]) if doc.tags is not None else None
        c.trig, c.trig_word = _trigger(doc, stop, c)
        c.is_dateline = _dateline(doc, c)
        strong = [pi for pi, wk in c.hits if not wk]
        if strong and c.key not in stop.common_words:
            ccs = {places[pi].cc for pi in strong}
            if len(ccs) == 1:
                cc = next(iter(ccs))
                top = max(strong, key=lambda pi: gaz._prior(pi, False))
                if cc and (places[top].kind != "city" or places[top].population >= 20000 or c.trig):
                    ctx_cc[cc] += 1
                    c.ctx_own = cc
                if len(strong) == 1:
                    strong_places[strong[0]] += 1
            if c.is_dateline and dateline_cc is None:
                top = max(strong, key=lambda pi: gaz._prior(pi, False))
                dateline_cc = places[top].cc
    home = _HomeEvidence(doc, gaz, cands, idx, winfo, dateline_cc) if any(
        c.key in stop.home_words for c in cands) else None

    # score candidates
    anchors: list[Place] = []
    anchor_ids: set[int] = set()
    for c in cands:
        pi0 = c.hits[0][0]
        if not c.hits[0][1] and pi0 not in anchor_ids and all(pi == pi0 for pi, _ in c.hits):
            p = places[pi0]
            if p.kind in ("city", "admin", "feature"):
                anchors.append(p)
                anchor_ids.add(pi0)

    nearest_anchor: dict[int, float] = {}
    for k, c in enumerate(cands):
        listed = _is_listed_with_countries(doc, cands, k, gaz)
        scored = []
        for pi, weak in c.hits:
            p = places[pi]
            s = gaz._prior(pi, weak)
            ev = []
            if pi in c.alt_clitic:
                s -= 1.0
                ev.append(f"clitic:{c.alt_clitic[pi]}")
            own = 1 if c.ctx_own == p.cc else 0
            if p.cc and ctx_cc.get(p.cc, 0) - own > 0:
                n_ctx = ctx_cc[p.cc] - own
                if weak or (p.kind == "city" and p.population >= 100000):
                    first, step, most = CONTEXT_BONUS["major"]
                else:
                    first, step, most = CONTEXT_BONUS["mena" if "mena" in flags[pi] else "other"]
                s += min(most, first + step * max(0.0, n_ctx - 1))
                ev.append(f"context:{p.cc}")
            if strong_places.get(pi, 0) and weak:
                s += 6.0
                ev.append("coreference")
            if dateline_cc and p.cc == dateline_cc and not c.is_dateline:
                s += 1.0
                ev.append(f"dateline:{p.cc}")
            if c.flag and p.cc == c.flag:
                s += 8.0
                ev.append(f"flag:{c.flag}")
            if listed and p.kind == "country":
                s += 6.0
                ev.append("list:countries")
            if anchors and len(c.hits) > 1 and p.kind in ("city", "admin", "feature"):
                near = nearest_anchor.get(pi)
                if near is None:  # once per place: the anchors are fixed by now
                    near = 1e9
                    plat, plon, pid = p.lat, p.lon, p.id
                    for a in anchors:
                        if abs(a.lat - plat) < 3.0 and abs(a.lon - plon) < 4.0 and a.id != pid:
                            d = _haversine(p, a)
                            if d < near:
                                near = d
                    nearest_anchor[pi] = near
                if near < 300:
                    s += 1.0
                    ev.append("near:%d km" % near)
            scored.append((s, pi, weak, ev))
        scored.sort(key=lambda x: (-x[0], x[1]))
        if home is not None and c.key in stop.home_words:
            scored = home.rank(c, scored, stop.home_words[c.key])
        c.ranked = scored

    results = []
    for k, c in enumerate(cands):
        if c.in_tag:
            continue  # context only
        s, pi, weak, ev = c.ranked[0]
        p = places[pi]
        fl = flags[pi]
        single = c.e - c.b == 1
        evidence = [f"alias:{c.key}"]
        if c.clitic:
            evidence.append(f"clitic:{c.clitic}")
        if c.trig:
            evidence.append(f"trigger:{c.trig_word}")
        if c.is_dateline:
            evidence.append("dateline")
        evidence += ev
        ok = True
        has_ctx = bool(ev) and any(e.startswith(("context:", "coreference", "list:", "flag:")) for e in ev)
        # the name as read for this place: وسن is Vincennes, or و + سن (Sanandaj), and the
        # word checks below apply to the reading that was chosen
        key = c.alt_key.get(pi, c.key)
        clitic = c.alt_clitic.get(pi, c.clitic)
        # a conjunction breaks the phrase: محافظة وادي is not the governorate of ادي
        naming = (c.trig == "strong" and c.trig_word in stop.naming_triggers
                  and not clitic.startswith(("و", "ف")))
        if naming and single and c.e < doc.n and doc.joined(c.e - 1) and (
                doc.toks[c.e][0] in stop.strong_triggers) and (
                key in stop.common_words or key in stop.corpus_common):
            # مديرية أمن مدينة إسطنبول: a common word between two triggers heads a phrase
            naming = False
        if not naming and not c.is_dateline and _context_veto(doc, stop, c, p, fl):
            ok = False
        elif single and (key in stop.common_words or doc.toks[c.b][0] in stop.common_words):
            ok = naming
        elif single and (key in stop.corpus_common or doc.toks[c.b][0] in stop.corpus_common):
            # measured ordinary words: a naming trigger, or a trigger in an article about
            # the place's country (بالظهران in a Saudi article)
            ok = naming or (c.trig is not None and p.kind != "country"
                            and ctx_cc.get(p.cc, 0) - (1 if c.ctx_own == p.cc else 0) >= 1)
        elif c.key in stop.home_words:
            # المملكة alone is a country in news, but not المملكة الحيوانية (the animal
            # kingdom) or السلطنة العثمانية. Listed words only: most adjectives after it
            # belong to the noun before it (سياسة المملكة الخارجية, the Kingdom's foreign policy)
            nxt = doc.toks[c.e][0] if c.e < doc.n and doc.joined(c.e - 1) else ""
            ok = nxt not in stop.home_word_qualifiers
        elif single and len(key) <= 2 and p.kind != "country" and "capital" not in fl:
            # two-letter names (ده, مو) are mostly function words or dialect
            ok = c.trig == "strong"
        elif weak:
            # a weak country name (المملكة) also counts after any trigger: في المملكة
            ok = has_ctx or c.trig == "strong" or c.is_dateline or (p.kind == "country" and c.trig is not None)
        elif "trigger" in fl:
            ok = c.trig is not None
        elif p.kind == "city" and "capital" not in fl:
            pop = p.population
            mena = "mena" in fl
            if c.trig == "strong" or c.is_dateline:
                ok = True
            elif not single:
                ok = pop >= 1000 or mena or c.trig is not None
            elif pop >= (SMALL_TOWN if mena else 150000):
                ok = True
            elif c.trig == "weak" and (mena or pop >= 20000 or has_ctx):
                ok = True
            elif has_ctx and mena and pop >= 1000:
                ok = True
            else:
                ok = False
        if (ok and p.kind == "city" and "capital" not in fl and p.population < SMALL_TOWN
                and not c.is_dateline and ctx_cc.get(p.cc, 0) - (1 if c.ctx_own == p.cc else 0) <= 0
                and any(n >= 1 for cc, n in ctx_cc.items() if cc != p.cc)):
            # a small town of a country the article never mentions, in an article about
            # another country: news names a small foreign town with its country (or its
            # region), so this is more likely a local place the gazetteer lacks (العبدلي in
            # a Kuwaiti report is not Amman's) or an ordinary word
            ok = False
        if not ok:
            c.chosen = None
            continue
        c.chosen = pi
        c.evidence = evidence
        results.append(c)

    # directional phrases: شمال سوريا, ريف حلب الشمالي
    for c in results:
        pi = c.chosen
        p = places[pi]
        c.precision = "country" if p.kind == "country" else ("region" if p.kind in ("admin", "region") else "point")
        if c.b > 0 and doc.joined(c.b - 1) and not c.clitic:
            j = c.b - 1
            w = doc.toks[j][0]
            dword = None
            for stem, _ in _readings(w):
                if stem in stop.directions:
                    dword = stem
                    break
            if dword:
                # two-word directions: شمال شرق
                if j > 0 and doc.joined(j - 1):
                    for stem, _ in _readings(doc.toks[j - 1][0]):
                        if stem + " " + dword in stop.directions:
                            j -= 1
                            dword = stem + " " + dword
                            break
                c.dir_b = j
                c.evidence.append(f"direction:{dword}")
                c.precision = "region"
        if c.e < doc.n and doc.joined(c.e - 1) and doc.toks[c.e][0] in stop.direction_adjectives:
            c.dir_e = c.e + 1
            c.evidence.append(f"direction:{doc.toks[c.e][0]}")
            c.precision = "region"
    return doc, results, cands


def find_places(text: str, gazetteer: Gazetteer) -> list[PlaceMention]:
    """Place mentions in an article, sorted by offset and non-overlapping."""
    doc, results, _ = _resolve(text, gazetteer)
    places = gazetteer.places
    out = []
    last_end = -1
    for c in results:
        b_tok = c.dir_b if c.dir_b is not None else c.b
        e_tok = c.dir_e if c.dir_e is not None else c.e
        b = doc.toks[b_tok][1]
        e = doc.toks[e_tok - 1][2]
        sb, se = doc.norm.source_span(b, e)
        if sb < last_end:
            continue
        last_end = se
        runners = tuple(places[pi] for _, pi, _, _ in c.ranked[1:4] if pi != c.chosen)
        out.append(PlaceMention(
            text=text[sb:se], offset=(sb, se), place=places[c.chosen],
            evidence=tuple(c.evidence), candidates=runners, precision=c.precision,
        ))
    return out


_UNRESOLVED_TRIGGERS = frozenset(normalise(w) for w in (
    "مدينة", "بلدة", "قرية", "محافظة", "قضاء", "ناحية", "مخيم", "حي", "ريف", "مديرية", "بلدتي", "قريتي",
    "مدينتي", "معبر", "قاعدة", "مطار", "جزيرة", "إقليم", "ولاية",
))
_COMPOUND_HEADS = frozenset(normalise(w) for w in (
    "أبو", "ابو", "عين", "تل", "دير", "بئر", "كفر", "جبل", "وادي", "رأس", "راس", "بني", "بيت", "خان", "جسر",
    "مرج", "أم", "ام", "سيدي", "عرب", "تلة", "قصر", "حاسي", "بير", "سوق", "نهر", "حمام", "برج", "جبل",
))


def find_unresolved(text: str, gazetteer: Gazetteer) -> list[tuple[str, tuple[int, int]]]:
    """Names after place triggers (مدينة X, بلدة X ...) that the gazetteer lacks."""
    stop = load_stop()
    doc, results, cands = _resolve(text, gazetteer)
    covered = set()
    for c in cands:
        covered.update(range(c.b, c.e))
    out = []
    toks = doc.toks
    for i in range(doc.n - 1):
        w = toks[i][0]
        if not any(stem in _UNRESOLVED_TRIGGERS for stem, _ in _readings(w)):
            continue
        if not doc.joined(i):
            continue
        j = i + 1
        if j in covered:
            continue
        nxt = toks[j][0]
        if (nxt in stop.common_words or nxt in stop.not_places or nxt in stop.demonyms
                or nxt in stop.strong_triggers or nxt in stop.weak_triggers or nxt in stop.directions
                or nxt in stop.direction_adjectives or nxt.isdigit() or len(nxt) < 3
                or not re.match(r"[\u0621-\u064a]", nxt)):
            continue
        if nxt.startswith("ال") and (nxt.endswith("يه") or nxt.endswith("ي")) and len(nxt) > 5:
            continue  # an adjective: المدينة الصناعية
        end = j + 1
        if nxt in _COMPOUND_HEADS and end < doc.n and doc.joined(j):
            end += 1
        b, e = toks[j][1], toks[end - 1][2]
        sb, se = doc.norm.source_span(b, e)
        out.append((text[sb:se], (sb, se)))
    return out


@lru_cache(maxsize=1)
def default_gazetteer() -> Gazetteer:
    return Gazetteer.load()
