"""Finding events: trigger words, the places their clause governs, the date attached to it.

Per sentence that names a place:
1. words are read with their proclitics stripped and looked up in the trigger tables
   (`rules`); a trigger preceded by a negation, a wish or purpose, or a "since the start
   of" is not a happening; one after a plan or schedule word is a future event;
2. the sentence is cut into clauses at punctuation and clause openers; a trigger's scope
   runs from its clause start (or from itself, when an earlier trigger shares the clause)
   to the next trigger or the clause end; a short clause before it that has no trigger
   (وفي حلب، ...) lends it its places and dates;
3. a place is where the event happened when its clause governs it: a locative (في، بـ،
   قرب، شمال ...) or the trigger's own role (its object, على/من/إلى + place, its genitive
   complement, a host verb), a place coordinated with one of those, or the dateline of a
   statement; a place that only locates another one (دوما بريف دمشق) is dropped;
4. the date is the date expression in the scope (after the trigger first), else the one of
   a lending clause, else of a date-only clause next to it, else one carried from an
   earlier sentence (a carry cue: الهجوم نفسه) or from the same happening reported
   elsewhere in the article, else the publication day;
5. triggers of one clause at the same places and day are one event, of the type that
   comes first in the table's priority (civilians killed in an air strike: an air strike).
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field, replace

from ..arabic import ARABIC_LETTER, normalise_lazy, normalise_with_offsets_fast
from ..dates import DateMention
from ..places import PlaceMention
from .actors import ActorTable
from .model import Event
from .rules import EventRules, Trigger, load_rules
from .sentences import split_sentences

_TOKEN = re.compile(f"([{ARABIC_LETTER}A-Za-z0-9]+)|([,;:()\\[\\]\u2013\u2014|]|-(?=\\s)|(?<=\\s)-)|([«»\"\u201c\u201d])")
# A dateline: a place that opens a line, then a dash, colon or bracket (باريس ـ قال).
_DATELINE_AFTER = re.compile(r"[ \t]*(?:[-\u0640\u2013\u2014:(|]|[0-9])")
_BIG_CITY = 500_000  # a city this large next to a verb of saying is its government


@dataclass(slots=True)
class _Tok:
    word: str
    b: int  # source offsets
    e: int
    punct: bool
    quote: bool = False
    forms: list[tuple[str, str]] = field(default_factory=list)
    formset: frozenset[str] = frozenset()  # the bare forms alone, for set tests
    actor: bool = False  # part of an actor's name: قوات الدعم السريع holds no cue of support


@dataclass
class _Hit:
    trigger: Trigger
    form: str
    i: int  # first token
    j: int  # one past the last token
    seg: int
    clitic: str
    dropped: bool = False
    reaction: bool = False  # named by a reaction to it (أدان التفجير): news only with a date
    future: bool = False
    places: list[int] = field(default_factory=list)  # indexes into the sentence's places
    date: DateMention | None = None
    actors: list[str] = field(default_factory=list)


@dataclass
class _Place:
    mention: PlaceMention
    a: int  # first token
    z: int  # one past the last token
    clitic: str
    dateline: bool = False


@dataclass
class _Sentence:
    span: tuple[int, int]
    toks: list[_Tok]
    segs: list[tuple[int, int]]  # [start, end) token ranges of clauses
    places: list[_Place]
    dates: list[tuple[DateMention, int, int]]
    hits: list[_Hit]
    actors: list[tuple[int, int, str]]  # (first token, end token, actor id)


def _clitic_of(m: PlaceMention) -> str:
    for ev in m.evidence:
        if ev.startswith("clitic:"):
            return ev[7:]
    return ""


_WORDS = re.compile(f"[{ARABIC_LETTER}A-Za-z0-9]+")


def _may_report(sentence: str, datelined: bool, rules: EventRules) -> bool:
    """A quick look before the close one: a trigger word other than a verb of saying, or a
    verb of saying with a dateline or a venue word (what a statement event needs)."""
    flags = 0
    cache, flag_of = rules.word_flags, rules.flags
    for w in _WORDS.findall(normalise_lazy(sentence).text):
        f = cache.get(w)
        flags |= f if f is not None else flag_of(w)
        if flags & rules.EVENT_WORD:
            return True
    return bool(flags & rules.SAYING) and (datelined or bool(flags & rules.VENUE))


def _tokens(text: str, begin: int, end: int, rules: EventRules) -> list[_Tok]:
    norm = normalise_with_offsets_fast(text[begin:end])
    index = norm.source_index
    cache = rules.word_info
    info = rules.info
    out = []
    for m in _TOKEN.finditer(norm.text):
        nb, ne = m.span()
        word, punct = m.group(1), m.group(2)
        if word is not None:
            got = cache.get(word) or info(word)
            out.append(_Tok(word, begin + index[nb], begin + index[ne - 1] + 1, False, False, got[0], got[1]))
        else:
            out.append(_Tok(m.group(), begin + index[nb], begin + index[ne - 1] + 1, punct is not None, punct is None))
    return out


def _segments(toks: list[_Tok], rules: EventRules) -> list[tuple[int, int]]:
    segs, start = [], 0
    for k, t in enumerate(toks):
        if t.quote:
            continue
        if t.punct:
            if k > start:
                segs.append((start, k))
            start = k + 1
        elif k > start and _opens_clause(t, rules) and not (
                _purpose_opener(t, rules) and _word_in(toks[k - 1], rules.place_nouns)):
            segs.append((start, k))
            start = k
    if start < len(toks):
        segs.append((start, len(toks)))
    return segs


def _opens_clause(t: _Tok, rules: EventRules) -> bool:
    got = rules.clause_cache.get(t.word)
    if got is None:
        got = rules.clause_cache[t.word] = (
            t.word in rules.clause_openers
            or any(f in rules.clause_openers for f, c in t.forms[1:2] if c in rules.conjunctions)
            or _purpose_opener(t, rules))
    return got


def _same_word(w: str, r: str, rules: EventRules) -> bool:
    """A word of a phrase as written, with or without the article."""
    return w == r or w == rules.article + r or r == rules.article + w


def _purpose_opener(t: _Tok, rules: EventRules) -> bool:
    """لتنسيق, لإبعاد: a verbal noun after the preposition لـ opens a purpose clause."""
    return any(c in rules.purpose_clitics and not f.startswith(rules.article) and rules.purpose_pattern.match(f)
               for f, c in t.forms[1:])


def _span_tokens(starts: list[int], span: tuple[int, int]) -> tuple[int, int]:
    a = bisect_right(starts, span[0]) - 1
    z = bisect_left(starts, span[1])
    return max(a, 0), max(z, a + 1)


def _word_in(tok: _Tok, words: frozenset[str]) -> bool:
    return not words.isdisjoint(tok.formset)


def _find_hits(toks: list[_Tok], segs: list[tuple[int, int]], rules: EventRules) -> list[_Hit]:
    seg_of = {}
    for n, (a, z) in enumerate(segs):
        for k in range(a, z):
            seg_of[k] = n
    hits: list[_Hit] = []
    masked = _not_trigger_mask(toks, rules)
    k = 0
    while k < len(toks):
        t = toks[k]
        if t.punct or t.quote or t.actor or k in masked:
            k += 1
            continue
        found = None
        for form, clitic in t.forms:
            for rest, trig in rules.phrases.get(form, ()):
                n = len(rest)
                words = [x.word for x in toks[k + 1:k + 1 + n]]
                if len(words) == n and all(_same_word(w, r, rules) for w, r in zip(words, rest)):
                    if found is None or n + 1 > found[1] - found[0]:
                        found = (k, k + 1 + n, trig, "noun", clitic)
            if found:
                break
        if found is None:
            for form, clitic in t.forms:
                readings = rules.words.get(form)
                if readings:
                    # after a preposition or the article a word is a noun (بقصف), else a
                    # verb reading comes first (قصف الطيران)
                    nominal = bool(clitic) and not clitic.endswith(rules.verb_clitics)
                    r = min(readings, key=lambda x: (x.form == "noun") != nominal)
                    if nominal and r.form != "noun":
                        continue  # التقدم is no verb: the article or a preposition stands before it
                    found = (k, k + 1, r.trigger, r.form, clitic)
                    break
        if found is None:
            k += 1
            continue
        i, j, trig, form, clitic = found
        if trig.becomes is not None and j < len(toks) and _word_in(toks[j], trig.followed_by):
            trig = trig.becomes
        seg = seg_of.get(i, 0)
        if trig.with_object:
            a, z = segs[seg]
            if not any(_word_in(x, trig.with_object) for x in toks[j:min(z, j + 12)]):
                k = j
                continue
        hit = _Hit(trig, form, i, j, seg, clitic)
        if form == "future" or clitic.endswith(rules.future_prefix):
            hit.future = True
        hits.append(hit)
        k = j
    return hits


def _not_trigger_mask(toks: list[_Tok], rules: EventRules) -> set[int]:
    """Tokens of listed names that only look like triggers (ساحة التحرير, المؤتمر الشعبي)."""
    out: set[int] = set()
    for k, t in enumerate(toks):
        for form, _ in t.forms:
            for rest in rules.not_triggers.get(form, ()):
                words = [x.word for x in toks[k + 1:k + 1 + len(rest)]]
                if len(words) == len(rest) and all(_same_word(w, r, rules) for w, r in zip(words, rest)):
                    out.update(range(k, k + 1 + len(rest)))
    return out


def _judge(hit: _Hit, toks: list[_Tok], segs: list[tuple[int, int]], rules: EventRules) -> None:
    """Drop a trigger that reports no happening; mark a planned one as future."""
    a, z = segs[hit.seg]

    def before(cue):
        return [x for x in toks[max(a, hit.i - cue.window):hit.i] if not x.punct and not x.quote and not x.actor]

    if hit.trigger.statement and hit.j < z and _word_in(toks[hit.j], rules.anonymous_speakers):
        hit.dropped = True
    elif any(_word_in(x, rules.negation.words) for x in before(rules.negation)):
        hit.dropped = True
    elif any(_word_in(x, rules.irrealis.words) for x in before(rules.irrealis)):
        hit.dropped = True
    elif any(_word_in(x, rules.background.words) for x in before(rules.background)):
        hit.dropped = True
    elif hit.form == "present" and hit.i > a and _word_in(toks[hit.i - 1], rules.relative_pronouns):
        hit.dropped = True  # الذي يقصف: what it habitually does
    elif hit.form == "noun" and hit.clitic.endswith(rules.purpose_clitic) and hit.clitic != rules.article:
        if not any(_word_in(x, rules.undergoing) for x in toks[a:hit.i]):
            hit.dropped = True  # تعرض مركز المسيال ... لقذائف: undergone, not a purpose
    if any(_word_in(x, rules.reaction.words) for x in before(rules.reaction)):
        hit.reaction = True
    if any(_word_in(x, rules.future.words) for x in before(rules.future)):
        hit.future = True
    if any(_word_in(x, rules.future_after) for x in toks[hit.j:min(z, hit.j + 3)]):
        hit.future = True


def _governor(toks: list[_Tok], p: _Place, lo: int, rules: EventRules) -> tuple[int, str]:
    """The word that governs a place (skipping words that say what kind of place it is),
    and how: 'in' for a locative, else the role word's class ('on', 'from', 'to'), or ''."""
    if p.clitic and p.clitic.endswith(rules.locative_clitic):
        return p.a, "in"
    if p.clitic and p.clitic.endswith(rules.to_clitic) and not p.clitic.endswith(rules.article):
        role = "to"
    else:
        role = ""
    if any(ev.startswith("direction:") for ev in p.mention.evidence):
        return p.a, "in"  # جنوب غرب مأرب: a direction phrase locates by itself
    k = p.a - 1
    while k >= lo:
        t = toks[k]
        if t.quote or (not t.punct and _word_in(t, rules.place_nouns) and not _word_in(t, rules.locatives)):
            if any(c.endswith(rules.locative_clitic) and f in rules.place_nouns for f, c in t.forms):
                return k, "in"  # بمدينة حيس
            k -= 1
        elif k - 1 >= lo and not t.punct and _word_in(toks[k - 1], rules.place_nouns) and (
                _word_in(t, rules.from_words) or _adjective(t, rules)):
            k -= 1  # الجانب الأيسر من مدينة X; العاصمة الليبية طرابلس
        else:
            break
    if k >= lo and _word_in(toks[k], rules.from_words) and k - 1 >= lo and _word_in(toks[k - 1], rules.locatives):
        k -= 1  # بالقرب من X
    if k < lo or toks[k].punct:
        return k, role
    t = toks[k]
    if _word_in(t, rules.locatives) or any(c.endswith(rules.locative_clitic) and f in rules.place_nouns for f, c in t.forms):
        return k, "in"
    if t.word in rules.on_words:
        return k, "on"
    if t.word in rules.from_words:
        return k, "from"
    if t.word in rules.to_words or any(f in rules.to_words for f, _ in t.forms):
        return k, "to"
    if _word_in(t, rules.host_verbs):
        return k, "host"
    return k, role


def _adjective(t: _Tok, rules: EventRules) -> bool:
    """A nisba adjective with the article (الليبية, السوري): what follows a place noun."""
    return t.word.startswith(rules.article) and t.word.endswith(rules.nisba_endings)


def _seg_start(segs: list[tuple[int, int]], k: int) -> int:
    for a, z in segs:
        if a <= k < z:
            return a
    return 0


def _government(p: _Place, toks: list[_Tok], rules: EventRules) -> bool:
    """A country or big capital right next to a verb of saying or wanting: its government."""
    m = p.mention.place
    if not (m.kind == "country" or m.population >= _BIG_CITY):
        return False
    near = [toks[k] for k in (p.a - 1, p.z) if 0 <= k < len(toks)]
    return any(_word_in(t, rules.metonymy_verbs) for t in near)


def _assign_places(s: _Sentence, hit: _Hit, lo: int, hi: int, rules: EventRules, lenders: list[tuple[int, int]],
                   far: bool = False) -> None:
    toks, trig = s.toks, hit.trigger
    roles = trig.noun_roles if hit.form == "noun" else trig.roles
    accepted: list[int] = []
    for n, p in enumerate(s.places):
        inside = lo <= p.a and p.z <= hi
        lent = any(a <= p.a and p.z <= z for a, z in lenders)
        if not inside and not lent:
            continue
        if trig.statement:
            # where it was said: the dateline, or a place between the verb and what was said
            if p.dateline and p.a < hit.i:
                accepted.append(n)
                continue
            if not inside or p.a < hit.j or p.a - hit.j > rules.locative_max_gap:
                continue
            if any(_word_in(x, rules.complementizers) or x.punct or x.quote for x in toks[hit.j:p.a]):
                continue
            if not any(_word_in(x, rules.statement_venues) for x in toks[hit.j:p.a]):
                continue  # أعلن سفير السعودية في القاهرة: where the speaker serves, not a venue
        k, how = _governor(toks, p, _seg_start(s.segs, p.a), rules)
        if any(_word_in(x, rules.title_words) for x in toks[max(0, p.a - 3):p.a]) and (
                how != "to" or p.mention.place.kind == "country"):
            continue  # المبعوث الأممي إلى اليمن, سفير السعودية في القاهرة: a title, not where
        after = p.a >= hit.j
        gap = p.a - hit.j if after else hit.i - p.z
        ok = False
        if how == "in":
            reach = (rules.locative_far_gap if far else rules.locative_max_gap) if after else rules.locative_max_gap_before
            ok = trig.locative and (lent or gap <= reach)
        elif lent:
            ok = False
        elif how == "host" and "host" in roles:
            ok = True
        elif _government(p, toks, rules):
            ok = False  # أعلنت موسكو, واشنطن تسعى: the government, not a place of the event
        elif after and how in ("on", "from", "to") and how in roles:
            ok = gap <= (rules.locative_max_gap if how == "to" else rules.object_max_gap + 1)
        elif after and hit.form == "noun" and "genitive" in roles and k < hit.j:
            ok = True  # the noun's complement: معركة جرابلس
        elif after and hit.form != "noun" and "object" in roles and how == "":
            # the verb's object, maybe after its subject (قصفت الطائرات بلدة مارع); a country
            # right after a verb of violence is who did it (قصفت إسرائيل ...)
            ok = gap <= rules.object_max_gap and not (gap == 0 and p.mention.place.kind == "country"
                                                      and trig.type in rules.violent_types)
            ok = ok and not any(x.punct or _word_in(x, rules.prepositions) for x in toks[hit.j:p.a])
        if ok and trig.needs_place_near and p.a - hit.j > trig.needs_place_near:
            ok = False
        if not ok and accepted:
            # coordinated with an accepted place: منبج والرقة, سوريا والعراق
            q = s.places[accepted[-1]]
            between = toks[q.z:p.a]
            if (p.clitic.startswith(rules.conjunctions) and len(between) <= 3
                    and (not between or between[0].word.startswith(rules.conjunctions))
                    and not any(x.punct or _word_in(x, rules.prepositions) for x in between)) or (
                    len(between) == 1 and between[0].word in rules.conjunctions):
                ok = True  # منبج والرقة; حلب وعين عيسى ودير الزور (a name the gazetteer lacks between)
        if ok:
            accepted.append(n)
    # a place right after another one that only says where that one is: دوما بريف دمشق
    kept: list[int] = []
    for n in accepted:
        p = s.places[n]
        if kept:
            q = s.places[kept[-1]]
            between = [x for x in toks[q.z:p.a] if not x.quote]
            if len(between) <= 3 and _coarser(p, q) and not p.clitic.startswith(rules.conjunctions) and not any(
                    x.word in rules.conjunctions or x.punct for x in between) and (
                    (p.clitic and p.clitic.endswith(rules.locative_clitic))
                    or any(ev.startswith("direction:") for ev in p.mention.evidence)
                    or any(_word_in(x, rules.locatives) or _word_in(x, rules.place_nouns) for x in between)):
                continue
        kept.append(n)
    hit.places = kept


_GRAIN = {"feature": 0, "city": 1, "admin": 2, "region": 2, "country": 3}


def _coarser(p: _Place, q: _Place) -> bool:
    """p is a larger place than q (a province after its town, a country after its province)."""
    def grain(x: _Place) -> int:
        g = _GRAIN.get(x.mention.place.kind, 1)
        return max(g, 2) if x.mention.precision == "region" else g
    return grain(p) > grain(q)


def _pick_date(s: _Sentence, lo: int, hi: int, hit: _Hit) -> DateMention | None:
    """The date expression of the scope nearest to the trigger (after it on a tie)."""
    best = None
    for d, a, z in s.dates:
        if lo <= a and z <= hi:
            dist = (a - hit.j, 0) if a >= hit.j else (hit.i - z, 1)
            if best is None or dist < best[0]:
                best = (dist, d)
    return best[1] if best else None


def _only(toks: list[_Tok], a: int, z: int, spans: list[tuple[int, int]], rules: EventRules) -> bool:
    """Every word of toks[a:z] lies in one of the spans (or is a bare conjunction)."""
    for k in range(a, z):
        if toks[k].word in rules.conjunctions:
            continue
        if not any(x <= k < y for x, y in spans):
            return False
    return True


def _scopes(s: _Sentence, rules: EventRules) -> dict[int, tuple[int, int, list[tuple[int, int]]]]:
    """For each live trigger: its scope [lo, hi) and the clauses before it that lend it
    their places and dates."""
    toks, segs, hits = s.toks, s.segs, s.hits
    has_trigger = {h.seg for h in hits}
    date_spans = [(a, z) for _, a, z in s.dates]
    # a verb of saying before a trigger does not take its clause (أعلنت قبل أيام عن إرسال قوات)
    bounding = [h for h in hits if not h.trigger.statement]
    out = {}
    for h in hits:
        if h.dropped:
            continue
        a, z = segs[h.seg]
        same = [o for o in (bounding if not h.trigger.statement else hits) if o.seg == h.seg]
        first_in_seg = not any(o.i < h.i for o in same)
        lo = a if first_in_seg else h.i
        fronted = None
        if not h.trigger.statement:
            # what was said starts after its complementizer (قال أمس إن ...: أمس dates the saying)
            sayers = [o for o in hits if o.trigger.statement and o.seg == h.seg and o.i < h.i]
            said = [k for o in sayers for k in range(o.j, h.i) if _word_in(toks[k], rules.complementizers)]
            if said:
                lo = max(lo, said[-1] + 1)
                if sayers[0].i > a and _word_in(toks[a], rules.locatives):
                    fronted = (a, sayers[0].i)  # وفي محافظة صعدة ذكرت مصادر أن الغارات ...
        nxt = next((o for o in same if o.i > h.i), None)
        hi = nxt.i if nxt is not None else z
        if h.trigger.statement:
            hi = next((k for k in range(h.j, hi) if _word_in(toks[k], rules.complementizers) or toks[k].quote), hi)
        # clauses before it that only locate or date it: at the sentence start (وفي حلب، ...)
        # or opening with a locative
        lenders: list[tuple[int, int]] = []
        if first_in_seg and not h.trigger.statement:
            n = h.seg - 1
            chain = []
            while n >= 0 and n not in has_trigger and segs[n][1] - segs[n][0] <= rules.fronted_max_words:
                chain.append(segs[n])
                n -= 1
            if n < 0:
                lenders = chain
            elif chain and (_word_in(toks[chain[0][0]], rules.locatives)
                            or _only(toks, chain[0][0], chain[0][1], date_spans, rules)):
                lenders = chain[:1]
            if fronted is not None and first_in_seg:
                lenders = [fronted] + lenders
        out[id(h)] = (lo, hi, lenders)
    return out


def _analyse(s: _Sentence, rules: EventRules) -> None:
    toks, segs = s.toks, s.segs
    hits = s.hits
    for h in hits:
        _judge(h, toks, segs, rules)
    for words, types in rules.domain_vetoes:
        if any(_word_in(t, words) for t in toks):  # a match in sport is no meeting
            for h in hits:
                if h.trigger.type in types:
                    h.dropped = True
    has_trigger = {h.seg for h in hits}
    place_spans = [(p.a, p.z) for p in s.places]
    date_spans = [(a, z) for _, a, z in s.dates]
    scopes = _scopes(s, rules)
    live = [h for h in hits if id(h) in scopes]
    for h in live:
        lo, hi, _ = scopes[id(h)]
        _assign_places(s, h, lo, hi, rules, [])
    placed_segs = {h.seg for h in live if h.places}
    claimed: set[int] = set()
    for h in live:
        lo, hi, lenders = scopes[id(h)]
        if lenders and h.seg not in placed_segs:
            # وفي حلب، قتل ... : the clause before says where, unless its own clause does
            # (وفي ريف دمشق، دارت اشتباكات في محيط دوما: Douma, not the province too)
            _assign_places(s, h, lo, hi, rules, lenders)
        if not h.places and h.seg not in placed_segs and not h.trigger.statement:
            _assign_places(s, h, lo, hi, rules, [], far=True)
        if not h.places and not h.trigger.statement and h.seg + 1 < len(segs) and (h.seg + 1) not in has_trigger:
            ta, tz = segs[h.seg + 1]
            if tz - ta <= rules.trailing_places_max_words and _only(toks, ta, tz, place_spans, rules):
                h.places = [n for n, p in enumerate(s.places) if ta <= p.a and p.z <= tz and not _government(p, toks, rules)]
        h.date = _pick_date(s, lo, hi, h)
        if h.date is None:
            for la, lz in lenders:
                h.date = _pick_date(s, la, lz, h) or h.date
        if h.date is None:
            for n in (h.seg + 1, h.seg - 1):
                if 0 <= n < len(segs) and n not in has_trigger and _only(toks, segs[n][0], segs[n][1], date_spans, rules):
                    h.date = _pick_date(s, segs[n][0], segs[n][1], h)
                    if h.date is not None:
                        break
        if h.date is not None:
            claimed.add(id(h.date))
        for aa, az, aid in s.actors:
            if any(sa <= aa and az <= sz for sa, sz in [(lo, hi)] + lenders) and aid not in h.actors:
                h.actors.append(aid)
    # a battle fought to take a town is fought at it (معارك لتحرير محافظة أبين)
    for h, o in zip(hits, hits[1:]):
        if (id(h) in scopes and not h.places and h.trigger.type in rules.violent_types and o.dropped
                and o.seg in (h.seg, h.seg + 1) and o.trigger.subtype in rules.goal_subtypes and 0 <= o.i - h.j <= 2
                and o.clitic.endswith(rules.purpose_clitic)):
            nxt = next((x.i for x in hits if x.seg == o.seg and x.i > o.i), segs[o.seg][1])
            _assign_places(s, o, o.i, nxt, rules, [])
            h.places = o.places
    # a sentence's one date that no clause took dates its undated happenings (عمليات
    # تحرير الشرقاط، شمال تكريت، ستنطلق بعد عيد الأضحى)
    free = [d for d, _, _ in s.dates if id(d) not in claimed]
    if len(s.dates) == 1 and free:
        for h in hits:
            if not h.dropped and h.date is None and h.places:
                h.date = free[0]


def _same_happening(o: _Hit, h: _Hit, rules: EventRules) -> bool:
    """A trigger with no place of its own tells of the placed one of its clause when both
    are violence (قتل عشرة في قصف على إدلب) or of one type; a departure and the shelling
    that caused it are two happenings."""
    a, b = o.trigger.type, h.trigger.type
    return not o.trigger.statement and (a == b or (a in rules.violent_types and b in rules.violent_types))


def _rank(h: _Hit, rules: EventRules) -> tuple[int, int]:
    return rules.priority.get(h.trigger.type, 99), rules.subtype_priority.get(h.trigger.subtype, 99)


def _is_dateline(text: str, m: PlaceMention) -> bool:
    line_start = text.rfind("\n", 0, m.offset[0]) + 1
    if text[line_start:m.offset[0]].strip(" \t\"'«(") != "":
        return False
    return bool(_DATELINE_AFTER.match(text, m.offset[1]))


def _actor_spans(toks: list[_Tok], actors: ActorTable | None, rules: EventRules) -> list[tuple[int, int, str]]:
    """The actors named in a sentence, longest name first; their words are marked."""
    if actors is None:
        return []
    words = [x.word for x in toks]
    out = []
    k = 0
    while k < len(toks):
        t = toks[k]
        # a stripped article is another word (الحماس is zeal, not Hamas)
        got = None if (t.punct or t.quote) else actors.match_at(
            words, k, [f for f, c in t.forms if not c.endswith(rules.article)])
        if got:
            out.append((k, k + got[1], got[0]))
            for x in toks[k:k + got[1]]:
                x.actor = True
            k += got[1]
        else:
            k += 1
    return out


def _sentences(text: str, places: list[PlaceMention], dates: list[DateMention], rules: EventRules,
               actors: ActorTable | None = None) -> list[_Sentence]:
    spans = split_sentences(text)
    begins = [b for b, _ in spans]
    by_sentence: dict[int, list[PlaceMention]] = {}
    for m in places:
        k = bisect_right(begins, m.offset[0]) - 1
        if k >= 0 and m.offset[1] <= spans[k][1]:
            by_sentence.setdefault(k, []).append(m)
    out = []
    for k in sorted(by_sentence):
        b, e = spans[k]
        datelined = any("dateline" in m.evidence or _is_dateline(text, m) for m in by_sentence[k])
        if not _may_report(text[b:e], datelined, rules):
            continue  # no trigger word that could make an event here (most sentences)
        toks = _tokens(text, b, e, rules)
        starts = [t.b for t in toks]
        segs = _segments(toks, rules)
        ps = []
        for m in by_sentence[k]:
            a, z = _span_tokens(starts, m.offset)
            ps.append(_Place(m, a, z, _clitic_of(m), "dateline" in m.evidence or _is_dateline(text, m)))
        ds = []
        for d in dates:
            if b <= d.offset[0] and d.offset[1] <= e and d.start is not None and d.granularity != "vague":
                a, z = _span_tokens(starts, d.offset)
                ds.append((d, a, z))
        named = _actor_spans(toks, actors, rules)
        hits = _find_hits(toks, segs, rules)
        out.append(_Sentence((b, e), toks, segs, ps, ds, hits, named))
    return out


def build_events(text: str, published: dt.date, dates: list[DateMention], places: list[PlaceMention],
                 actors: ActorTable | None = None, rules: EventRules | None = None) -> list[Event]:
    """The events an article reports (see the module docstring for the rules)."""
    if not places:
        return []
    rules = rules or load_rules()
    sentences = _sentences(text, list(places), list(dates), rules, actors)
    events: list[Event] = []
    reactions: list[bool] = []
    recent: list[tuple[int, DateMention]] = []  # (sentence number, date) of text-dated events
    for sn, s in enumerate(sentences):
        _analyse(s, rules)
        groups: list[list[_Hit]] = []
        placed = [h for h in s.hits if not h.dropped and h.places]
        for h in placed:
            # triggers of one clause with no place of their own belong to the placed one
            for o in s.hits:
                if o is not h and not o.dropped and not o.places and o.seg == h.seg and _same_happening(o, h, rules):
                    if h.date is None and o.date is not None:
                        h.date = o.date
                    h.reaction = h.reaction or o.reaction  # أدان التفجير الذي استهدف ...
                    for aid in o.actors:
                        if aid not in h.actors:
                            h.actors.append(aid)
                    if _rank(o, rules) < _rank(h, rules):
                        h.trigger, h.form, h.i, h.j = o.trigger, o.form, o.i, o.j
            for g in groups:
                same_day = (g[0].date is h.date) or g[0].date is None or h.date is None
                if g[0].seg == h.seg and set(g[0].places) == set(h.places) and same_day:
                    g.append(h)
                    break
            else:
                groups.append([h])
        cue = any(_word_in(t, rules.carry_cues) for t in s.toks)
        fight_date = None  # the date of the sentence's dated violence so far
        for g in groups:
            best = min(g, key=lambda h: (_rank(h, rules), h.i))
            date = next((h.date for h in g if h.date is not None), None)
            date_from = "text" if date is not None else "published"
            violent = best.trigger.type in rules.violent_types
            if date is None and violent and fight_date is not None:
                # معارك اليوم ... مما أدى إلى طردهم من لودر: the consequence, the same day
                date, date_from = fight_date, "context"
            elif date is not None and violent and not any(h.future for h in g):
                fight_date = date
            if date is None and cue:
                prior = [d for n, d in recent if sn - n <= 2]
                if prior:
                    date, date_from = prior[-1], "context"
            acts: list[str] = []
            for h in g:
                acts += [a for a in h.actors if a not in acts]
            trig_b, trig_e = s.toks[best.i].b, s.toks[best.j - 1].e
            future = any(h.future for h in g) or (date is not None and date.start is not None and date.start > published)
            if date is not None and date_from == "text" and not future:
                recent.append((sn, date))
            start, end, gran = (date.start, date.end, date.granularity) if date is not None else (published, published, "day")
            mentions = tuple(dict.fromkeys(s.places[n].mention for n in sorted({n for h in g for n in h.places})))
            mentions = tuple({m.place.id: m for m in reversed(mentions)}.values())[::-1]
            # a country beside its own towns adds nothing: في سوريا قرب مدن الحسكة وحلب
            towns = {m.place.cc for m in mentions if m.precision == "point"}
            mentions = tuple(m for m in mentions if not (m.place.kind == "country" and m.place.cc in towns)) or mentions
            events.append(Event(
                sentence=text[s.span[0]:s.span[1]], offset=s.span, start=start, end=end, granularity=gran,
                places=mentions, date=date, date_from=date_from, type=best.trigger.type, subtype=best.trigger.subtype,
                trigger=text[trig_b:trig_e], trigger_offset=(trig_b, trig_e), actors=tuple(acts), future=future))
            reactions.append(all(h.reaction for h in g))
    dated = _date_from_article(events, rules)
    # a happening named only by a reaction to it (يدين التفجير) is news of another day:
    # kept when the article dates it, dropped when only the publication day would
    return [e for e, reaction in zip(dated, reactions) if not (reaction and e.date_from == "published")]


def _date_from_article(events: list[Event], rules: EventRules) -> list[Event]:
    """An undated mention of a happening the article dates elsewhere (same kind, same place:
    a headline repeating the body) takes that date. Same kind is the same sub-type, or any
    violence for violence (a headline's killing is the body's shelling)."""
    def kind(e: Event) -> str:
        return "violence" if e.type in rules.violent_types else e.subtype

    dated: dict[tuple[str, str], Event] = {}
    for e in events:
        if e.date_from == "text" and not e.future:
            for m in e.places:
                if m.precision == "point":  # a country or a region hosts many happenings
                    dated.setdefault((kind(e), m.place.id), e)
    out = []
    for e in events:
        if e.date_from == "published" and not e.future:
            src = next((dated[(kind(e), m.place.id)] for m in e.places if (kind(e), m.place.id) in dated), None)
            if src is not None:
                e = replace(e, start=src.start, end=src.end, granularity=src.granularity, date=src.date, date_from="context")
        out.append(e)
    return out
