"""The toponym resolver: place mentions in an article, chosen with the article as context.

``find_places`` runs these steps (each a function below):

1. ``_interesting`` / ``_org_mask`` / ``_match``: the tokens that may start a name (clitic
   readings included), organisation phrases masked, all longest gazetteer matches;
2. ``_filter``: demonyms, never-places and implausible clitic readings dropped;
3. ``_article_context``: the countries the article is about (demonyms, unambiguous
   names, the dateline), per-candidate triggers, flags, hashtags, datelines;
4. ``_score``: each candidate place's score (``WEIGHTS``), home words (المملكة) resolved;
5. ``_accept``: whether the best reading counts as a place here (common words, triggers,
   small towns, context vetoes);
6. ``_directions``: directional phrases (شمال سوريا, ريف حلب الشمالي);
7. ``_features``: facilities at a known place (مطار بغداد الدولي), quarters and parts of a
   city pinned at the city (حي الشعار في حلب, المدينة القديمة: precision "city").

Between 3 and 4, ``_kind_words``: a division word (محافظة, ريف, محافظتي ...) before a name
or a list of names prefers the governorate, a city word (مدينة) the city.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from ..arabic import CLITICS, has_article
from .distance import haversine_km
from .gazetteer import Gazetteer, Place
from .stopdata import StopData, load_stop
from .tokens import Doc, readings

MAX_NAME_WORDS = 6

_CONJUNCTIONS = tuple(p.letter for p in CLITICS.conjunctions)


@dataclass(frozen=True)
class Weights:
    """What the article's context adds to a candidate's prior (``Gazetteer.prior``), and
    the population thresholds of the acceptance rules."""

    clitic_alternative: float = 1.0  # subtracted: the place was read through another clitic
    # Country context (other places of the same country in the article): (first mention,
    # per further mention, most). Big cities and weak readings (الجوف as a Saudi region,
    # عمان as Oman) start high; small Middle Eastern and North African towns, whose
    # namesakes Arabic news tells apart by the article's country, grow with the evidence
    # until it outweighs a larger namesake abroad (زنجبار in a Yemeni article); small
    # places elsewhere keep a small bonus (Geneva, Illinois does not beat Geneva).
    context_major: tuple[float, float, float] = (3.0, 0.5, 4.0)
    context_mena: tuple[float, float, float] = (1.5, 1.0, 4.0)
    context_other: tuple[float, float, float] = (1.5, 0.0, 1.5)
    context_major_population: int = 100000  # a city this big takes context_major
    coreference: float = 6.0  # a weak alias of a place named unambiguously elsewhere
    dateline: float = 1.0  # the dateline's country
    flag: float = 8.0  # a flag emoji before the name
    listed_with_countries: float = 6.0  # a country in a list of countries
    near: float = 1.0  # within near_km of a place named unambiguously
    near_km: float = 300.0
    near_box: tuple[float, float] = (3.0, 4.0)  # degrees of latitude, longitude looked at
    # a city counts as country context from this size (or with a trigger)
    context_city_population: int = 20000
    # a town below this population counts only with a trigger word or context
    small_town: int = 20000
    big_city: int = 150000  # counts alone outside the Middle East and North Africa
    clitic_mena_population: int = 5000  # a MENA town read through a clitic
    clitic_min_key: int = 4  # letters of a big city's name read through a clitic
    multiword_population: int = 1000  # a multi-word name of a town this size counts alone
    context_town_population: int = 1000  # a MENA town this size counts with context
    weak_trigger_population: int = 20000  # after a weak trigger
    # a city this big, named after a conflict word and its preposition (اشتباكات في حماة),
    # counts even when its name is a measured common word and the article names no country
    conflict_city_population: int = 100000
    conflict_window: int = 6  # words before the preposition looked at for a conflict word
    # The article's focus country (its dateline's, or the one it names most, by focus_lead
    # over the next): its place near the article's other places beats a namesake abroad in
    # a country the article never names (تالين in a report from Idlib is not Tallinn).
    focus: float = 5.0
    focus_min: float = 2.0  # country context that makes a focus without a dateline
    focus_lead: float = 2.0  # ... and how many times the next country's it must be
    # a division or city word before the name (محافظتي نينوى وكركوك, في مدينة أربيل)
    kind_word: float = 8.0
    quarter_km: float = 30.0  # a quarter's namesake farther than this from its city is not it


WEIGHTS = Weights()
# the table under its former name
SMALL_TOWN = WEIGHTS.small_town
CONTEXT_BONUS = {"major": WEIGHTS.context_major, "mena": WEIGHTS.context_mena, "other": WEIGHTS.context_other}

Hit = tuple[int, bool]  # (place index, weak alias)
Scored = tuple[float, int, bool, list[str]]  # (score, place index, weak, evidence)


@dataclass(slots=True)
class _Cand:
    """A gazetteer match and what the resolver learns about it, step by step (slots: a
    field not declared here cannot be added on the way)."""

    b: int  # token index begin
    e: int  # token index end (exclusive)
    key: str
    clitic: str
    hits: list[Hit]
    evidence: list[str] = field(default_factory=list)
    alt_clitic: dict[int, str] = field(default_factory=dict)  # place index -> clitic it was read through
    alt_key: dict[int, str] = field(default_factory=dict)  # place index -> the name it was read as
    # _article_context
    ctx_own: str | None = None  # the country this mention itself adds to the context
    in_tag: bool = False  # part of a compound hashtag: context only
    flag: str | None = None  # country of a flag emoji before it
    trig: str | None = None  # "strong" | "weak" | None
    trig_word: str | None = None
    is_dateline: bool = False
    conflict: bool = False  # after a conflict word and its preposition (قذائف على X)
    # the trigger is that preposition only (على, not a weak trigger), or the list's (بداما والناجية)
    derived_trig: bool = False
    listed: bool = False  # the trigger is the list's (الزبداني ومضايا)
    # _score, _accept, _directions
    ranked: list[Scored] = field(default_factory=list)
    chosen: int | None = None
    dir_b: int | None = None
    dir_e: int | None = None
    precision: str = "point"
    kind_word: str | None = None  # "division" | "city": the word before says which (_kind_words)
    kind_list: bool = False  # ... a dual or plural word, so the next name of a list too
    feat_b: int | None = None  # a facility word before the name (مطار بغداد): the mention's start
    feat_e: int | None = None  # ... and its end (الدولي)


@dataclass
class _Context:
    """What the whole article says: its countries, unambiguous places and dateline."""

    countries: defaultdict[str | None, float] = field(default_factory=lambda: defaultdict(float))  # cc -> weight
    strong_places: Counter[int] = field(default_factory=Counter)  # place index -> unambiguous mentions
    dateline_cc: str | None = None
    focus_cc: str | None = None  # the country the article is about (dateline, most named)

    def others(self, cc: str | None, c: _Cand) -> float:
        """Context for ``cc`` from the rest of the article (without ``c`` itself)."""
        return self.countries.get(cc, 0) - (1 if c.ctx_own == cc else 0)


# ---------------------------------------------------------------------------------------
# 1. matching


def _interesting(doc: Doc, gaz: Gazetteer, stop: StopData) -> tuple[list[int], dict]:
    """Indices of the tokens that may start a place name, an organisation or a demonym, and
    for each such word (place-name readings, organisation readings, demonym country).

    Most words of an article are none of these; they are remembered in the gazetteer's
    word cache, so one C-level set difference leaves only the few words worth a look."""
    cache = gaz.words
    boring = cache.boring
    info = cache.info
    fresh = set(doc.words).difference(boring)
    if not fresh:
        return [], {}
    cache.trim()
    starts = gaz.starts
    orgs = stop.organisations
    dem = stop.demonyms
    keep: dict[str, tuple] = {}
    for w in fresh:
        got = info.get(w)
        if got is not None:
            keep[w] = got
            continue
        rd = readings(w)
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


def _org_mask(doc: Doc, stop: StopData, info: dict, idx: list[int]) -> set[int]:
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


def _match(doc: Doc, gaz: Gazetteer, masked: set[int], idx: list[int], info: dict) -> list[_Cand]:
    """All longest gazetteer matches, left to right, without overlaps."""
    index = gaz.index
    prefixes = gaz.prefixes
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
            first = index.get(key)
            best = (1, key, first) if first is not None else None
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


# ---------------------------------------------------------------------------------------
# 2. filtering


def _filter(raw: list[_Cand], gaz: Gazetteer, stop: StopData) -> list[_Cand]:
    """Drop demonyms and never-places, and clitic readings of insubstantial places."""
    places = gaz.places
    w = WEIGHTS
    cands: list[_Cand] = []
    coordinating = stop.coordinating_clitics
    for c in raw:
        # a trigger word is no place; a facility word stays a candidate (مدينة معسكر is
        # Mascara): the acceptance rules read it as a name only after a naming word
        if c.key in stop.not_places or (c.e - c.b == 1 and (
                (c.key in stop.strong_triggers and c.key not in stop.facility_words)
                or c.key in stop.weak_triggers)):
            continue
        if c.e - c.b == 1 and c.key in stop.demonyms:
            # السعودية is the country, السعودي the adjective
            dcc = stop.demonyms[c.key]
            c.hits = [(pi, wk) for pi, wk in c.hits if places[pi].kind == "country" and places[pi].cc == dcc]
            if not c.hits:
                continue
        if c.clitic:
            # a clitic reading of a word needs a substantial place: 'بأنه' is not ب + Baneh
            strict = c.clitic in stop.strict_clitics
            keep = []
            for pi, wk in c.hits:
                p = places[pi]
                fl = gaz.flags_at(pi)
                if strict:
                    # ف (so, then) is a conjunction before verbs and nouns far more often than
                    # before a place: only countries and capitals (فدمشق) are read through it
                    if p.kind == "country" or "capital" in fl:
                        keep.append((pi, wk))
                elif (p.kind != "city" or "capital" in fl
                        or ("mena" in fl and p.population >= w.clitic_mena_population)
                        or (p.population >= w.big_city and len(c.key) >= w.clitic_min_key)):
                    keep.append((pi, wk))
            if not keep and not strict and (c.e - c.b > 1 or (
                    c.clitic in coordinating and cands and cands[-1].e == c.b)) and any(
                    "mena" in gaz.flags_at(pi) for pi, _ in c.hits):
                # a name of two words or more of the Middle East and North Africa is no
                # accident of a clitic reading, whatever its size (وعين الفيجة), nor is
                # the next name of a list (بداما والناجية; it needs the list's trigger)
                keep = c.hits
            if not keep:
                continue
            if not strict:
                # once one substantial place makes the clitic reading plausible (بالجفر),
                # its smaller namesakes stay candidates too: dropping them would make the
                # name look unambiguous and count it as context for the wrong country
                keep = c.hits
            c.hits = keep
        cands.append(c)
    return cands


# ---------------------------------------------------------------------------------------
# 3. the article's context


def _article_context(doc: Doc, gaz: Gazetteer, stop: StopData, cands: list[_Cand], winfo: dict) -> _Context:
    """Countries the article is about (demonyms, unambiguous mentions, dateline), and each
    candidate's trigger, flag, hashtag and dateline."""
    places = gaz.places
    ctx = _Context()
    for wd in winfo:
        cc = winfo[wd][2]
        if cc:
            ctx.countries[cc] += 0.5
    for c in cands:
        c.ctx_own = None
        c.in_tag = bool(doc.tags) and doc.in_compound_tag(doc.toks[c.b][1], doc.toks[c.e - 1][2])
        c.flag = doc.flag_before(doc.toks[c.b][1]) if doc.tags is not None else None
        c.trig, c.trig_word = _trigger(doc, stop, c)
        if c.trig != "strong":
            conflict_prep = _conflict_preposition(doc, stop, c)
            if conflict_prep:
                c.conflict = True
                if c.trig is None:
                    c.trig, c.trig_word = "weak", conflict_prep
                    c.derived_trig = True
    for c in cands:
        c.is_dateline = _dateline(doc, c)
        strong = [pi for pi, wk in c.hits if not wk]
        if strong and c.key not in stop.common_words:
            ccs = {places[pi].cc for pi in strong}
            if len(ccs) == 1:
                cc = next(iter(ccs))
                top = max(strong, key=lambda pi: gaz.prior(pi, False))
                if cc and (places[top].kind != "city" or places[top].population >= WEIGHTS.context_city_population
                           or c.trig):
                    ctx.countries[cc] += 1
                    c.ctx_own = cc
                if len(strong) == 1:
                    ctx.strong_places[strong[0]] += 1
            if c.is_dateline and ctx.dateline_cc is None:
                top = max(strong, key=lambda pi: gaz.prior(pi, False))
                ctx.dateline_cc = places[top].cc
    for k in range(1, len(cands)):
        c, prev = cands[k], cands[k - 1]
        if (c.trig is None and c.clitic in stop.coordinating_clitics and prev.trig and prev.e == c.b
                and prev.key not in stop.common_words and prev.key not in stop.corpus_common
                and not _PUNCT_RE.search(doc.gap_before(c.b))):
            # a list of places shares its trigger (قذائف على الزبداني ومضايا), as a weak one
            # (مدينة جدة والمال does not make المال a place), and adds no context: not after
            # an ordinary word (إصابات في العين والرأس, the eye and the head)
            c.trig, c.trig_word, c.derived_trig, c.conflict = "weak", prev.trig_word, True, prev.conflict
            c.listed = True
    ctx.focus_cc = ctx.dateline_cc
    if ctx.focus_cc is None and ctx.countries:
        ranked = sorted(((v, cc) for cc, v in ctx.countries.items() if cc), reverse=True)
        if ranked and ranked[0][0] >= WEIGHTS.focus_min and (
                len(ranked) == 1 or ranked[0][0] >= WEIGHTS.focus_lead * ranked[1][0]):
            ctx.focus_cc = ranked[0][1]
    return ctx


_PUNCT_RE = re.compile(r"[.,;:!?()\[\]\n]")


def _trigger(doc: Doc, stop: StopData, c: _Cand) -> tuple[str | None, str | None]:
    """('strong'|'weak'|None, word) for the word before the mention (or its own clitic)."""
    i = c.b
    if i > 0:
        gap = doc.gap_before(i)
        if len(gap) <= 4 and not _PUNCT_RE.search(gap):
            prev = doc.toks[i - 1][0]
            for stem, _ in readings(prev):
                if stem in stop.strong_triggers:
                    return "strong", stem
            for stem, _ in readings(prev)[:1]:
                if stem in stop.weak_triggers:
                    return "weak", stem
    if c.clitic:
        for letter in stop.locative_clitics:
            if letter in c.clitic:
                return "weak", letter
    return None, None


def _conflict_preposition(doc: Doc, stop: StopData, c: _Cand) -> str | None:
    """The preposition right before the mention when a conflict word comes before it in the
    same clause (وسقطت قذائف على بداما, اندلعت اشتباكات في حماة), else None."""
    i = c.b - 1
    if i < 1 or c.clitic:
        return None
    gap = doc.gap_before(c.b)
    if len(gap) > 4 or _PUNCT_RE.search(gap):
        return None
    prep = doc.toks[i][0]
    if prep not in stop.conflict_prepositions:
        return None
    for j in range(i - 1, max(-1, i - 1 - WEIGHTS.conflict_window), -1):
        if _PUNCT_RE.search(doc.gap_before(j + 1)):
            return None
        if any(st in stop.conflict_words for st, _ in readings(doc.toks[j][0])[:2]):
            return prep
    return None


_DATELINE_AFTER = re.compile(r"\s*(?:[-\u0640\u2013\u2014:(]|[0-9])")


def _dateline(doc: Doc, c: _Cand) -> bool:
    """A place that opens a line and is followed by a dash or a date: 'باريس ـ قال'."""
    b = doc.toks[c.b][1]
    before = doc.s[max(0, b - 40):b]
    line_start = before.rfind("\n")
    head = before[line_start + 1:] if line_start >= 0 else (before if b < 40 else None)
    if head is None or head.strip(" \t\"'«(") != "":
        return False
    end = doc.toks[c.e - 1][2]
    after = doc.s[end:end + 6]
    return bool(_DATELINE_AFTER.match(after))


_LIST_GAP = re.compile(r"^[\s,\u060c:]*$")  # spaces, commas (the Arabic one too), a colon


def _prev_word(doc: Doc, i: int, list_gap: bool = False) -> str | None:
    """The word before token ``i`` in the same phrase (with ``list_gap``, a comma or colon
    may stand between: محافظاته الثلاث، أربيل)."""
    if i <= 0:
        return None
    gap = doc.gap_before(i)
    if len(gap) > 4 or not (_LIST_GAP.match(gap) if list_gap else doc.joined(i - 1)):
        return None
    return doc.toks[i - 1][0]


def _kind_words(doc: Doc, gaz: Gazetteer, stop: StopData, cands: list[_Cand]) -> None:
    """Governorate or city by the word before the name: a division word (محافظة, ريف,
    محافظتي ...) makes the division entry a candidate (its full name: division_heads +
    name) and prefers it; a city word (مدينة, بلدتي) prefers the city. A dual or plural
    word (محافظتي, مدن) covers the whole list that follows (نينوى وكركوك), also after a
    count word (محافظاته الثلاث، أربيل والسليمانية ودهوك)."""
    places = gaz.places
    prev_c: _Cand | None = None
    for c in cands:
        kind, listed = None, False
        if not c.clitic:
            words = []
            w1 = _prev_word(doc, c.b)
            if w1 is not None:
                words.append(w1)
            w1c = _prev_word(doc, c.b, list_gap=True)
            if w1c is not None and (w1c in stop.list_count_words) and c.b >= 2:
                w2 = _prev_word(doc, c.b - 1)
                if w2 is not None:
                    words.append(w2)
            direction = None
            if w1 is not None and w1 in stop.directions and c.b >= 2:
                w2 = _prev_word(doc, c.b - 1)
                if w2 is not None:
                    direction = w1
                    words.append(w2)
            for wd in words:
                for stem, _ in readings(wd)[:2]:
                    if stem in stop.division_words:
                        kind, listed = "division", stem in stop.division_list_words
                    elif stem in stop.city_words:
                        kind, listed = "city", stem in stop.city_list_words
                    if kind:
                        break
                if kind:
                    break
        else:
            direction = None
        if kind is None and prev_c is not None and prev_c.kind_list:
            # the next name of the list, also with its own direction (وجنوب دارفور)
            b = c.b
            w1 = _prev_word(doc, c.b)
            if w1 is not None and c.b - 1 == prev_c.e and any(st in stop.directions for st, _ in readings(w1)[:2]):
                b = c.b - 1
                direction = next(st for st, _ in readings(w1)[:2] if st in stop.directions)
            gap = doc.s[doc.toks[prev_c.e - 1][2]:doc.toks[b][1]]
            first = doc.toks[b][0]
            coord = any(cl and cl.startswith(stop.coordinating_clitics) for _, cl in readings(first)[:2]) and (
                b < c.b or c.clitic.startswith(stop.coordinating_clitics))
            if b == prev_c.e and len(gap) <= 4 and _LIST_GAP.match(gap) and (
                    coord or "," in gap or "\u060c" in gap):
                kind, listed = prev_c.kind_word, True
        c.kind_word, c.kind_list = kind, listed
        prev_c = c
        if kind == "division":
            have = {pi for pi, _ in c.hits}
            extra: list[Hit] = []
            keys = [c.key] if direction is None else [direction + " " + c.key, c.key]
            for head in [h + " " + k for k in keys for h in stop.division_heads]:
                for pi, wk in gaz.index.get(head, ()):
                    if pi not in have and places[pi].kind in ("admin", "region"):
                        extra.append((pi, wk))
                        have.add(pi)
            if extra:
                c.hits = c.hits + extra  # a new list: c.hits may be the gazetteer's own


# ---------------------------------------------------------------------------------------
# 4. scoring


def _anchors(cands: list[_Cand], places: list[Place]) -> list[Place]:
    """Places named unambiguously (one strong reading): others near them score higher."""
    anchors: list[Place] = []
    anchor_ids: set[int] = set()
    for c in cands:
        pi0 = c.hits[0][0]
        if not c.hits[0][1] and pi0 not in anchor_ids and all(pi == pi0 for pi, _ in c.hits):
            p = places[pi0]
            if p.kind in ("city", "admin", "feature"):
                anchors.append(p)
                anchor_ids.add(pi0)
    return anchors


def _is_listed_with_countries(doc: Doc, stop: StopData, cands: list[_Cand], k: int, gaz: Gazetteer) -> bool:
    """Is mention k coordinated (و / ،) with a neighbour that is a country?"""
    def country_only(c: _Cand) -> bool:
        return any(gaz.places[pi].kind == "country" for pi, wk in c.hits if not wk)

    coord = stop.coordinating_clitics
    for j in (k - 1, k + 1):
        if 0 <= j < len(cands):
            a, b = (cands[j], cands[k]) if j < k else (cands[k], cands[j])
            if b.b - a.e > 1:
                continue
            gap = doc.s[doc.toks[a.e - 1][2]:doc.toks[b.b][1]]
            if len(gap) > 4 or not (b.clitic.startswith(coord) or "," in gap or any(x in gap for x in coord)):
                continue
            if country_only(cands[j]):
                return True
    return False


def _score(doc: Doc, gaz: Gazetteer, stop: StopData, cands: list[_Cand], ctx: _Context,
           home: "_HomeEvidence | None") -> None:
    """Rank each candidate's places (``c.ranked``, best first)."""
    places = gaz.places
    w = WEIGHTS
    anchors = _anchors(cands, places)
    box_lat, box_lon = w.near_box
    nearest_anchor: dict[int, float] = {}
    for k, c in enumerate(cands):
        listed = _is_listed_with_countries(doc, stop, cands, k, gaz)
        scored: list[Scored] = []
        kinds = {places[pi].kind for pi, _ in c.hits}
        # the focus country's reading, when the others are in countries the article never names
        focus = ctx.focus_cc
        if focus and len(c.hits) > 1:
            ccs = {places[pi].cc for pi, _ in c.hits}
            if focus not in ccs or len(ccs) == 1 or any(
                    cc != focus and ctx.countries.get(cc, 0) - (1 if c.ctx_own == cc else 0) > 0 for cc in ccs):
                focus = None
        else:
            focus = None
        for pi, weak in c.hits:
            p = places[pi]
            s = gaz.prior(pi, weak)
            ev = []
            if pi in c.alt_clitic:
                s -= w.clitic_alternative
                ev.append(f"clitic:{c.alt_clitic[pi]}")
            own = 1 if c.ctx_own == p.cc else 0
            if p.cc and ctx.countries.get(p.cc, 0) - own > 0:
                n_ctx = ctx.countries[p.cc] - own
                if weak or (p.kind == "city" and p.population >= w.context_major_population):
                    first, step, most = w.context_major
                else:
                    first, step, most = w.context_mena if "mena" in gaz.flags_at(pi) else w.context_other
                s += min(most, first + step * max(0.0, n_ctx - 1))
                ev.append(f"context:{p.cc}")
            if ctx.strong_places.get(pi, 0) and weak:
                s += w.coreference
                ev.append("coreference")
            if ctx.dateline_cc and p.cc == ctx.dateline_cc and not c.is_dateline:
                s += w.dateline
                ev.append(f"dateline:{p.cc}")
            if c.flag and p.cc == c.flag:
                s += w.flag
                ev.append(f"flag:{c.flag}")
            if listed and p.kind == "country":
                s += w.listed_with_countries
                ev.append("list:countries")
            if anchors and len(c.hits) > 1 and p.kind in ("city", "admin", "feature"):
                near = nearest_anchor.get(pi)
                if near is None:  # once per place: the anchors are fixed by now
                    near = 1e9
                    plat, plon, pid = p.lat, p.lon, p.id
                    for a in anchors:
                        if abs(a.lat - plat) < box_lat and abs(a.lon - plon) < box_lon and a.id != pid:
                            d = _distance(p, a)
                            if d < near:
                                near = d
                    nearest_anchor[pi] = near
                if near < w.near_km:
                    s += w.near
                    ev.append("near:%d km" % near)
                    if focus and p.cc == focus:
                        s += w.focus
                        ev.append(f"focus:{focus}")
            if c.kind_word == "division" and len(kinds) > 1 and (
                    p.kind == "admin" or (p.kind == "region" and "admin" not in kinds)):
                s += w.kind_word
                ev.append("division")
            elif c.kind_word == "city" and p.kind == "city" and kinds & {"admin", "region"}:
                s += w.kind_word
                ev.append("city")
            scored.append((s, pi, weak, ev))
        scored.sort(key=lambda x: (-x[0], x[1]))
        if home is not None and c.key in stop.home_words:
            scored = home.rank(c, scored, stop.home_words[c.key])
        c.ranked = scored


def _distance(a: Place, b: Place) -> float:
    """km between two places, on the sphere the resolver was tuned with (radius 6371.0)."""
    return haversine_km(a.lat, a.lon, b.lat, b.lon, radius_km=6371.0)


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

    def __init__(self, doc: Doc, gaz: Gazetteer, cands: list[_Cand], idx: list[int], winfo: dict,
                 dateline_cc: str | None) -> None:
        places = self.places = gaz.places
        self.fixed: defaultdict[str | None, float] = defaultdict(float)  # evidence for the whole article
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

    def rank(self, c: _Cand, scored: list[Scored], order: tuple[str, ...]) -> list[Scored]:
        """``scored`` with the country the home word means here first."""
        k = bisect.bisect_left(self.named_at, c.b)
        nearest = self.named[k - 1][1] if k and c.b - self.named[k - 1][0] <= self.NEAR_TOKENS else None

        def evidence(cc: str | None) -> float:
            times = bisect.bisect_left(self.named_by_cc.get(cc or "", []), c.b)
            return (self.fixed[cc] + self.NAMED_BEFORE * times
                    + (self.NEAREST if cc == nearest else 0.0))

        def cc_of(x: Scored) -> str | None:
            return self.places[x[1]].cc

        mine = [x for x in scored if cc_of(x) in order]
        if not mine:
            return scored
        weight = {cc: evidence(cc) + (self.DEFAULT if k == 0 else 0.0) for k, cc in enumerate(order)}
        best = max(mine, key=lambda x: (weight[cc_of(x) or ""], -order.index(cc_of(x) or "")))
        cc = cc_of(best)
        s, pi, weak, ev = best
        ev = [e for e in ev if not e.startswith(("context:", "coreference"))]
        ev.append(f"home:{cc}" if evidence(cc) else f"home:{cc} (default)")
        return [(s, pi, weak, ev)] + [x for x in scored if x is not best]


# ---------------------------------------------------------------------------------------
# 5. acceptance


def _context_veto(doc: Doc, stop: StopData, c: _Cand, p: Place, fl: frozenset[str]) -> str | None:
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
        pstems = {st for st, _ in readings(prev)}
        if pstems & stop.org_heads:
            return "organisation"
        if prev in stop.quote_prepositions and _QUOTE_RE.search(gap):
            return "organisation"
    if nxt is not None and p.kind in ("city", "admin") and nxt in stop.masc_demonyms and not c.trig:
        return "organisation"
    if not single or c.clitic or prev is None or c.trig == "strong" or gap.strip(" "):
        return None  # adjective readings need plain running text (not #السيول #السعودية)
    key = c.key
    if has_article(key) and "capital" not in fl and (
            p.kind != "country" or key in stop.demonyms):
        if (key.endswith(stop.nisba_endings) or key in stop.adjectives) and any(
                has_article(st) and len(st) > 3 for st, _ in readings(prev)[:2]) and (
                prev not in stop.strong_triggers and prev not in stop.directions
                and prev not in stop.weak_triggers):
            return "adjective"
    elif key in stop.fem_demonyms and not has_article(prev) and not prev.isdigit() and (
            prev not in stop.fem_dem_ok_before and prev not in stop.weak_triggers
            and prev not in stop.strong_triggers and prev not in stop.directions):
        return "adjective"
    return None


_QUOTE_RE = re.compile("[\u00ab\"\u201c]")


def _written_trigger(doc: Doc, text: str, stop: StopData, c: _Cand) -> str:
    """The trigger word as the article writes it (في, على, بمدينة), not its normalised stem
    (علي, مدينه): the site shows it to readers. A clitic letter stays the letter."""
    if c.trig_word in stop.locative_clitics or c.b == 0:
        return c.trig_word or ""
    b, e = doc.source_span(doc.toks[c.b - 1][1], doc.toks[c.b - 1][2])
    return text[b:e] or c.trig_word or ""


def _accept(doc: Doc, stop: StopData, c: _Cand, ctx: _Context, gaz: Gazetteer, text: str) -> list[str] | None:
    """The evidence for the best reading of ``c`` if it counts as a place here, else None."""
    w = WEIGHTS
    s, pi, weak, ev = c.ranked[0]
    p = gaz.places[pi]
    fl = gaz.flags_at(pi)
    single = c.e - c.b == 1
    evidence = [f"alias:{c.key}"]
    if c.clitic:
        evidence.append(f"clitic:{c.clitic}")
    if c.trig and not c.listed:
        evidence.append(f"trigger:{_written_trigger(doc, text, stop, c)}")
    elif c.listed and not any(e.startswith("list:") for e in ev):
        evidence.append("listed")  # (a list of countries says so already)
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
              and not clitic.startswith(_CONJUNCTIONS))
    if naming and single and c.e < doc.n and doc.joined(c.e - 1) and (
            doc.toks[c.e][0] in stop.strong_triggers) and (
            doc.toks[c.e][0] not in stop.directions) and (
            key in stop.common_words or key in stop.corpus_common):
        # مديرية أمن مدينة إسطنبول: a common word between two triggers heads a phrase;
        # not before a direction, which places the named town (مدينة الزاوية غرب طرابلس,
        # قضاء صور جنوبي لبنان)
        naming = False
    if not naming and not c.is_dateline and _context_veto(doc, stop, c, p, fl):
        ok = False
    elif single and (key in stop.common_words or doc.toks[c.b][0] in stop.common_words):
        ok = naming or (key in stop.measured_common and _conflict_city(c, p, fl, stop, key))
    elif single and (key in stop.corpus_common or doc.toks[c.b][0] in stop.corpus_common):
        # measured ordinary words: a naming trigger, or a trigger in an article about
        # the place's country (بالظهران in a Saudi article)
        # (على only after a conflict word is no trigger here: على الحكومة; nor a facility
        # word: مستشفى "سوروكا" names the hospital, no town)
        ok = naming or (c.trig is not None and not c.derived_trig and c.trig_word not in stop.facility_words
                        and p.kind != "country" and ctx.others(p.cc, c) >= 1) or _conflict_city(c, p, fl, stop, key)
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
        ok = _town_counts(c, p, "mena" in fl, single, has_ctx)
    if (ok and p.kind == "city" and "capital" not in fl and p.population < w.small_town
            and not c.is_dateline and ctx.others(p.cc, c) <= 0
            and any(n >= 1 for cc, n in ctx.countries.items() if cc != p.cc)):
        # a small town of a country the article never mentions, in an article about
        # another country: news names a small foreign town with its country (or its
        # region), so this is more likely a local place the gazetteer lacks (العبدلي in
        # a Kuwaiti report is not Amman's) or an ordinary word
        ok = False
    if (ok and c.trig_word in stop.quarter_words and p.kind == "city" and ctx.focus_cc
            and p.cc != ctx.focus_cc and ctx.others(p.cc, c) <= 0):
        # حي المرج in a Cairo report: a quarter of the story's city, not a town abroad that
        # the article never places itself in (_features pins it at a city named after it)
        ok = False
    return evidence if ok else None


def _conflict_city(c: _Cand, p: Place, fl: frozenset[str], stop: StopData, key: str) -> bool:
    """A measured common word after a conflict word and its preposition counts when it is a
    big city of the Middle East and North Africa (اندلعت اشتباكات في حماة, قصف على الباب):
    fighting is "in" a place, not "in the protectors". Not the nouns conflict news writes
    there (غارات على معسكر, a camp), nor the smaller namesakes of words (في إطار, على يد)."""
    return (c.conflict and p.kind == "city" and "mena" in fl and key not in stop.conflict_ordinary
            and p.population >= WEIGHTS.conflict_city_population)


def _town_counts(c: _Cand, p: Place, mena: bool, single: bool, has_ctx: bool) -> bool:
    """Does a town (not a capital) count, by its size, trigger and context?"""
    w = WEIGHTS
    pop = p.population
    if c.trig == "strong" or c.is_dateline:
        return True
    if not single:
        return pop >= w.multiword_population or mena or c.trig is not None
    if pop >= (w.small_town if mena else w.big_city):
        return True
    if c.trig == "weak" and (mena or pop >= w.weak_trigger_population or has_ctx):
        return True
    return has_ctx and mena and pop >= w.context_town_population


# ---------------------------------------------------------------------------------------
# 6. directional phrases


def _placed_by_direction(doc: Doc, stop: StopData, results: list[_Cand], gaz: Gazetteer) -> list[_Cand]:
    """A town followed by a direction and a place is in that place's country: «مدينة فان شرق
    تركيا» is Van, not Vannes; «قرية دوما جنوب نابلس» is the Palestinian Duma. The town's
    reading in that country wins; with none there, the gazetteer lacks the town and the
    namesake abroad is dropped."""
    places = gaz.places
    by_start = {c.b: c for c in results}
    out = []
    for c in results:
        j = c.e
        if c.chosen is not None and j < doc.n - 1 and doc.joined(j - 1) and doc.joined(j):
            words = [st for st, _ in readings(doc.toks[j][0])]
            if any(w in stop.directions for w in words):
                nxt = by_start.get(j + 1)
                where = places[nxt.chosen] if nxt is not None and nxt.chosen is not None else None
                if where is not None and where.cc and places[c.chosen].kind == "city" \
                        and places[c.chosen].cc != where.cc:
                    there = [pi for _, pi, _, _ in c.ranked if places[pi].cc == where.cc]
                    if not there and "capital" in gaz.flags_at(c.chosen):
                        pass  # a capital stays itself, whatever the sentence says next
                    elif not there:
                        c.chosen = None
                        continue
                    else:
                        c.chosen = there[0]
                        c.evidence.append(f"direction-of:{where.cc}")
        out.append(c)
    return out


def _directions(doc: Doc, stop: StopData, results: list[_Cand], gaz: Gazetteer) -> None:
    """Directional phrases around accepted mentions: شمال سوريا, ريف حلب الشمالي."""
    for c in results:
        pi = c.chosen
        assert pi is not None
        p = gaz.places[pi]
        c.precision = "country" if p.kind == "country" else ("region" if p.kind in ("admin", "region") else "point")
        if c.kind_word == "division" and p.kind == "city":
            c.precision = "region"  # قضاء صور, ريف X: the district around the city
        if c.b > 0 and doc.joined(c.b - 1) and not c.clitic:
            j = c.b - 1
            wd = doc.toks[j][0]
            dword = None
            for stem, _ in readings(wd):
                if stem in stop.directions:
                    dword = stem
                    break
            if dword:
                # two-word directions: شمال شرق
                if j > 0 and doc.joined(j - 1):
                    for stem, _ in readings(doc.toks[j - 1][0]):
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


# ---------------------------------------------------------------------------------------
# 7. facilities, quarters and parts of a city


def _city_after(doc: Doc, stop: StopData, by_start: dict[int, _Cand], gaz: Gazetteer, e: int) -> _Cand | None:
    """The city a quarter or a part of a city ending at token ``e`` belongs to: a link
    (في, من, بمدينة ...) and an accepted city right after it (حي الشعار في حلب), or the
    city itself read through ب/ل (حي الشعار بحلب)."""
    if e >= doc.n or not doc.joined(e - 1):
        return None
    c = by_start.get(e)
    if c is not None and (c.dir_b == e or (c.clitic and any(link == (c.clitic,) for link in stop.city_part_links))):
        # شمال شرقي بغداد, بحلب
        return c if gaz.places[c.chosen or 0].kind == "city" else None
    for link in stop.city_part_links:
        L = len(link)
        if e + L < doc.n and all(doc.toks[e + k][0] == link[k] for k in range(L)) and all(
                doc.joined(e + k) for k in range(L)):
            c = by_start.get(e + L)
            if c is None and e + L + 1 < doc.n and doc.joined(e + L) and any(
                    st in stop.city_words for st, _ in readings(doc.toks[e + L][0])[:2]):
                c = by_start.get(e + L + 1)  # شرق مدينة غزة
            if c is not None and c.chosen is not None and gaz.places[c.chosen].kind == "city":
                return c
    return None


def _pinned(b: int, e: int, key: str, city: _Cand, ev: list[str]) -> _Cand:
    """A mention pinned at ``city`` (precision "city": shown as "in Aleppo")."""
    assert city.chosen is not None
    pi = city.chosen
    c = _Cand(b, e, key, "", [(pi, False)])
    c.ranked = [(0.0, pi, False, [])]
    c.chosen = pi
    c.evidence = ev + [f"in:{city.key}"]
    c.precision = "city"
    return c


def _features(doc: Doc, stop: StopData, results: list[_Cand], gaz: Gazetteer, ctx: _Context) -> list[_Cand]:
    """Facilities at a known place (مطار بغداد الدولي: the mention takes the facility
    words and is pinned at Baghdad), quarters of a city the gazetteer lacks (حي الشعار في
    حلب: pinned at Aleppo, precision "city"; find_unresolved still lists the quarter) and
    parts of the story's city (المدينة القديمة, الضفة الغربية من الموصل)."""
    places = gaz.places
    toks = doc.toks
    covered: dict[int, _Cand] = {}
    for c in results:
        for i in range(c.b, c.e):
            covered[i] = c
    by_start = {c.b: c for c in results}
    by_start.update({c.dir_b: c for c in results if c.dir_b is not None})  # شمال شرقي بغداد
    out = list(results)
    # a quarter named after a town far from the city it is said to be in (حي المرج بالقاهرة):
    # the quarter of that city
    for k, c in enumerate(results):
        if c.trig_word not in stop.quarter_words or c.clitic or places[c.chosen or 0].kind != "city":
            continue
        city = _city_after(doc, stop, by_start, gaz, c.e)
        if city is not None and city.chosen != c.chosen and _distance(
                places[c.chosen or 0], places[city.chosen or 0]) > WEIGHTS.quarter_km:
            out[k] = _pinned(c.b - 1, c.e, c.key, city, [f"quarter:{c.trig_word}"])
    # facilities at a known place
    for c in results:
        p = places[c.chosen or 0]
        if c.clitic or c.dir_b is not None or p.kind == "country" or (c.b - 1) in covered:
            continue
        wd = _prev_word(doc, c.b)
        if wd is None:
            continue
        head = next((st for st, _ in readings(wd)[:2] if st in stop.facility_words), None)
        if head is None:
            continue
        c.feat_b = c.b - 1
        j = c.e
        while j < doc.n and doc.joined(j - 1) and toks[j][0] in stop.facility_adjectives and j not in covered:
            j += 1
        if j > c.e and c.dir_e is None:
            c.feat_e = j
        c.evidence.append(f"facility:{head}")
        if p.kind == "city":
            c.precision = "city"
    # the story's city: its dateline, else its most named city of the focus country
    story: _Cand | None = next((c for c in results if c.is_dateline and places[c.chosen or 0].kind == "city"), None)
    if story is None and ctx.focus_cc:
        named = Counter(c.chosen for c in results
                        if places[c.chosen or 0].kind == "city" and places[c.chosen or 0].cc == ctx.focus_cc)
        if named:
            top = named.most_common(1)[0][0]
            story = next(c for c in results if c.chosen == top)
    # parts of a city
    drop: set[int] = set()
    parts_by_first: dict[str, list] = {}  # (looked up by each word, not tried on every word)
    for part in stop.city_parts:
        parts_by_first.setdefault(part[0], []).append(part)
    for i in range(doc.n):
        for part in parts_by_first.get(toks[i][0], ()):
            L = len(part)
            if i + L > doc.n or not all(
                    toks[i + k][0] == part[k] and doc.joined(i + k - 1) for k in range(1, L)):
                continue
            here = covered.get(i)
            if here is not None:
                hp = places[here.chosen or 0]
                if here.b != i or here.e != i + L or ctx.others(hp.cc, here) > 0:
                    break  # a place of a country the article is about (the West Bank in a Gaza report)
            city = _city_after(doc, stop, by_start, gaz, i + L) or story
            if city is not None and city.chosen is not None:
                if here is not None:
                    drop.add(id(here))
                out.append(_pinned(i, i + L, " ".join(part), city, ["part:" + " ".join(part)]))
            break
    # quarters the gazetteer lacks, with their city named after them
    for i in range(doc.n - 1):
        if i in covered or (i + 1) in covered or not doc.joined(i):
            continue
        head = next((st for st, _ in readings(toks[i][0])[:2]
                     if st in stop.quarter_words or st in stop.facility_words), None)
        if head is None:
            continue
        j = i + 1
        nxt = toks[j][0]
        if (nxt in stop.not_places or nxt in stop.demonyms or nxt.isdigit()
                or nxt in stop.directions or nxt in stop.direction_adjectives or len(nxt) < 3):
            continue
        # an ordinary word names a quarter only as the first of several (حي الشيخ مقصود بحلب)
        first_common = nxt in stop.common_words
        # the name runs to the link before its city: one to three words (حي بستان القصر بحلب)
        city = None
        end = j + 1
        while end <= j + 3:
            city = _city_after(doc, stop, by_start, gaz, end)
            if (city is not None or end >= doc.n or not doc.joined(end - 1) or end in covered
                    or toks[end][0] in stop.directions):
                break
            end += 1
        if city is not None and not (first_common and end == j + 1):
            out.append(_pinned(i, end, " ".join(toks[k][0] for k in range(j, end)), city, [f"quarter:{head}"]))
    if not drop and all(a is b for a, b in zip(out, results)) and len(out) == len(results):
        return results
    return sorted((c for c in out if id(c) not in drop), key=lambda c: c.b)


# ---------------------------------------------------------------------------------------
# the driver


def _resolve(text: str, gaz: Gazetteer) -> tuple[Doc, list[_Cand], list[_Cand]]:
    """(the document, accepted candidates, every candidate after filtering)."""
    stop = load_stop()
    doc = Doc(text)
    idx, winfo = _interesting(doc, gaz, stop)
    masked = _org_mask(doc, stop, winfo, idx) if idx else set()
    raw = _match(doc, gaz, masked, idx, winfo) if idx else []
    cands = _filter(raw, gaz, stop)
    ctx = _article_context(doc, gaz, stop, cands, winfo)
    _kind_words(doc, gaz, stop, cands)
    home = _HomeEvidence(doc, gaz, cands, idx, winfo, ctx.dateline_cc) if any(
        c.key in stop.home_words for c in cands) else None
    _score(doc, gaz, stop, cands, ctx, home)
    results = []
    for c in cands:
        if c.in_tag:
            continue  # context only
        evidence = _accept(doc, stop, c, ctx, gaz, text)
        if evidence is None:
            c.chosen = None
            continue
        c.chosen = c.ranked[0][1]
        c.evidence = evidence
        results.append(c)
    results = _placed_by_direction(doc, stop, results, gaz)
    _directions(doc, stop, results, gaz)
    results = _features(doc, stop, results, gaz, ctx)
    return doc, results, cands


# precisions that pin a mention at a place's own point: the place itself, or somewhere in
# the city (a quarter, a facility: "in Aleppo")
PIN_PRECISIONS = frozenset({"point", "city"})


@dataclass(frozen=True)
class PlaceMention:
    text: str
    offset: tuple[int, int]
    place: Place
    evidence: tuple[str, ...]
    candidates: tuple[Place, ...]
    precision: str  # point | city (somewhere in the city: a quarter, a facility) | region | country


def find_places(text: str, gazetteer: Gazetteer) -> list[PlaceMention]:
    """Place mentions in an article, sorted by offset and non-overlapping."""
    doc, results, _ = _resolve(text, gazetteer)
    places = gazetteer.places
    out = []
    last_end = -1
    for c in results:
        assert c.chosen is not None
        b_tok = min(x for x in (c.dir_b, c.feat_b, c.b) if x is not None)
        e_tok = max(x for x in (c.dir_e, c.feat_e, c.e) if x is not None)
        b = doc.toks[b_tok][1]
        e = doc.toks[e_tok - 1][2]
        sb, se = doc.source_span(b, e)
        if sb < last_end:
            continue
        last_end = se
        runners = tuple(places[pi] for _, pi, _, _ in c.ranked[1:4] if pi != c.chosen)
        out.append(PlaceMention(
            text=text[sb:se], offset=(sb, se), place=places[c.chosen],
            evidence=tuple(c.evidence), candidates=runners, precision=c.precision,
        ))
    return out
