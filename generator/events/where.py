"""Where: the places a trigger's clause governs (a locative, the trigger's own roles, a
host verb, coordination, the dateline of a statement), less those that only locate
another place or stand for a government or a title."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..places import PlaceMention
from .clauses import Sentence, Token, word_in
from .rules import EventRules
from .triggers import Hit

_DATELINE_AFTER = re.compile(r"[ \t]*(?:[-\u0640\u2013\u2014:(|]|[0-9])")


_BIG_CITY = 500_000  # a city this large next to a verb of saying is its government


@dataclass
class PlaceRef:
    mention: PlaceMention
    a: int  # first token
    z: int  # one past the last token
    clitic: str
    dateline: bool = False


def clitic_of(m: PlaceMention) -> str:
    for ev in m.evidence:
        if ev.startswith("clitic:"):
            return ev[7:]
    return ""


_BEFORE_DATELINE = frozenset(" \t\"'«(")


def is_dateline(text: str, m: PlaceMention) -> bool:
    # walk back over what may precede a dateline instead of slicing from the line's start:
    # on a text of one long line that slice made every mention cost the whole text
    k = m.offset[0]
    while k > 0 and text[k - 1] in _BEFORE_DATELINE:
        k -= 1
    if k > 0 and text[k - 1] != "\n":
        return False
    return bool(_DATELINE_AFTER.match(text, m.offset[1]))


def _governor(toks: list[Token], p: PlaceRef, lo: int, rules: EventRules) -> tuple[int, str]:
    """The word that governs a place (skipping words that say what kind of place it is),
    and how: 'in' for a locative, else the role word's class ('on', 'from', 'to'), or ''."""
    if p.clitic and p.clitic.endswith(rules.locative_clitic):
        return p.a, "in"
    if p.clitic and p.clitic.endswith(rules.to_clitic) and not p.clitic.endswith(rules.article):
        role = "to"
    else:
        role = ""
    if any(ev.startswith("direction:") for ev in p.mention.evidence):
        return p.a, "direction"  # جنوب غرب مأرب: a direction phrase locates by itself, after its trigger
    k = p.a - 1
    while k >= lo:
        t = toks[k]
        if t.quote or (not t.punct and word_in(t, rules.place_nouns) and not word_in(t, rules.locatives)):
            if any(c.endswith(rules.locative_clitic) and f in rules.place_nouns for f, c in t.forms):
                return k, "in"  # بمدينة حيس
            k -= 1
        elif k - 1 >= lo and not t.punct and word_in(toks[k - 1], rules.place_nouns) and (
                word_in(t, rules.from_words) or _adjective(t, rules)):
            k -= 1  # الجانب الأيسر من مدينة X; العاصمة الليبية طرابلس
        else:
            break
    if k >= lo and word_in(toks[k], rules.from_words) and k - 1 >= lo and word_in(toks[k - 1], rules.locatives):
        k -= 1  # بالقرب من X
    if k < lo or toks[k].punct:
        return k, role
    t = toks[k]
    if word_in(t, rules.locatives) or any(c.endswith(rules.locative_clitic) and f in rules.place_nouns for f, c in t.forms):
        return k, "in"
    if t.word in rules.on_words:
        return k, "on"
    if t.word in rules.from_words:
        return k, "from"
    if t.word in rules.to_words or any(f in rules.to_words for f, _ in t.forms):
        return k, "to"
    if word_in(t, rules.host_verbs):
        return k, "host"
    return k, role


def _adjective(t: Token, rules: EventRules) -> bool:
    """A nisba adjective with the article (الليبية, السوري): what follows a place noun."""
    return t.word.startswith(rules.article) and t.word.endswith(rules.nisba_endings)


def clause_start(segs: list[tuple[int, int]], k: int) -> int:
    for a, z in segs:
        if a <= k < z:
            return a
    return 0


def stands_for_government(p: PlaceRef, toks: list[Token], rules: EventRules) -> bool:
    """A country or big capital right next to a verb of saying or wanting: its government."""
    m = p.mention.place
    if not (m.kind == "country" or m.population >= _BIG_CITY):
        return False
    near = [toks[k] for k in (p.a - 1, p.z) if 0 <= k < len(toks)]
    return any(word_in(t, rules.metonymy_verbs) for t in near)


def assign_places(s: Sentence, hit: Hit, lo: int, hi: int, rules: EventRules, lenders: list[tuple[int, int]],
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
            if any(word_in(x, rules.complementizers) or x.punct or x.quote for x in toks[hit.j:p.a]):
                continue
            if not any(word_in(x, rules.statement_venues) for x in toks[hit.j:p.a]):
                continue  # أعلن سفير السعودية في القاهرة: where the speaker serves, not a venue
        k, how = _governor(toks, p, clause_start(s.segs, p.a), rules)
        if any(word_in(x, rules.title_words) for x in toks[max(0, p.a - 3):p.a]) and (
                how != "to" or p.mention.place.kind == "country"):
            continue  # المبعوث الأممي إلى اليمن, سفير السعودية في القاهرة: a title, not where
        after = p.a >= hit.j
        gap = p.a - hit.j if after else hit.i - p.z
        ok = False
        if how == "direction":
            how = "in" if after else ""  # لإقليم شمال وشرق سوريا بإطلاق حوار: a name, not where
        if how == "in":
            reach = (rules.locative_far_gap if far else rules.locative_max_gap) if after else rules.locative_max_gap_before
            ok = trig.locative and (lent or gap <= reach)
        elif lent:
            ok = False
        elif how == "host" and "host" in roles:
            ok = True
        elif stands_for_government(p, toks, rules):
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
            ok = ok and not any(x.punct or word_in(x, rules.prepositions) for x in toks[hit.j:p.a])
        if ok and trig.needs_place_near and p.a - hit.j > trig.needs_place_near:
            ok = False
        if not ok and accepted:
            # coordinated with an accepted place: منبج والرقة, سوريا والعراق
            q = s.places[accepted[-1]]
            between = toks[q.z:p.a]
            if (p.clitic.startswith(rules.conjunctions) and len(between) <= 3
                    and (not between or between[0].word.startswith(rules.conjunctions))
                    and not any(x.punct or word_in(x, rules.prepositions) for x in between)) or (
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
                    or any(word_in(x, rules.locatives) or word_in(x, rules.place_nouns) for x in between)):
                continue
        kept.append(n)
    hit.places = kept


_GRAIN = {"feature": 0, "city": 1, "admin": 2, "region": 2, "country": 3}


def _coarser(p: PlaceRef, q: PlaceRef) -> bool:
    """p is a larger place than q (a province after its town, a country after its province)."""
    def grain(x: PlaceRef) -> int:
        g = _GRAIN.get(x.mention.place.kind, 1)
        return max(g, 2) if x.mention.precision == "region" else g
    return grain(p) > grain(q)
