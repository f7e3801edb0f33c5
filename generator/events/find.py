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
from bisect import bisect_left, bisect_right

from ..dates import DateMention
from ..places import PIN_PRECISIONS, PlaceMention
from .actors import ActorTable
from .clauses import Sentence, Token, clauses_of, may_report, only_within, span_tokens, tokenize, word_in
from .model import Event
from .rules import EventRules, load_rules
from .sentences import split_sentences
from .triggers import Hit, find_hits, judge, rank, same_happening
from .when import date_from_article, pick_date
from .where import PlaceRef, assign_places, clitic_of, is_dateline, stands_for_government


def _scopes(s: Sentence, rules: EventRules) -> dict[int, tuple[int, int, list[tuple[int, int]]]]:
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
            said = [k for o in sayers for k in range(o.j, h.i) if word_in(toks[k], rules.complementizers)]
            if said:
                lo = max(lo, said[-1] + 1)
                if sayers[0].i > a and word_in(toks[a], rules.locatives):
                    fronted = (a, sayers[0].i)  # وفي محافظة صعدة ذكرت مصادر أن الغارات ...
        nxt = next((o for o in same if o.i > h.i), None)
        hi = nxt.i if nxt is not None else z
        if h.trigger.statement:
            hi = next((k for k in range(h.j, hi) if word_in(toks[k], rules.complementizers) or toks[k].quote), hi)
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
            elif chain and (word_in(toks[chain[0][0]], rules.locatives)
                            or only_within(toks, chain[0][0], chain[0][1], date_spans, rules)):
                lenders = chain[:1]
            if fronted is not None and first_in_seg:
                lenders = [fronted] + lenders
        out[id(h)] = (lo, hi, lenders)
    return out


def _analyse(s: Sentence, rules: EventRules) -> None:
    toks, segs = s.toks, s.segs
    hits = s.hits
    for h in hits:
        judge(h, toks, segs, rules)
    for words, types in rules.domain_vetoes:
        if any(h.trigger.type in types for h in hits) and any(word_in(t, words) for t in toks):
            # a match in sport is no meeting
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
        assign_places(s, h, lo, hi, rules, [])
    placed_segs = {h.seg for h in live if h.places}
    claimed: set[int] = set()
    for h in live:
        lo, hi, lenders = scopes[id(h)]
        if lenders and h.seg not in placed_segs:
            # وفي حلب، قتل ... : the clause before says where, unless its own clause does
            # (وفي ريف دمشق، دارت اشتباكات في محيط دوما: Douma, not the province too)
            assign_places(s, h, lo, hi, rules, lenders)
        if not h.places and h.seg not in placed_segs and not h.trigger.statement:
            assign_places(s, h, lo, hi, rules, [], far=True)
        if not h.places and not h.trigger.statement and h.seg + 1 < len(segs) and (h.seg + 1) not in has_trigger:
            ta, tz = segs[h.seg + 1]
            if tz - ta <= rules.trailing_places_max_words and only_within(toks, ta, tz, place_spans, rules):
                h.places = [n for n, p in enumerate(s.places) if ta <= p.a and p.z <= tz and not stands_for_government(p, toks, rules)]
        h.date = pick_date(s, lo, hi, h)
        if h.date is None:
            for la, lz in lenders:
                h.date = pick_date(s, la, lz, h) or h.date
        if h.date is None:
            for n in (h.seg + 1, h.seg - 1):
                if 0 <= n < len(segs) and n not in has_trigger and only_within(toks, segs[n][0], segs[n][1], date_spans, rules):
                    h.date = pick_date(s, segs[n][0], segs[n][1], h)
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
            assign_places(s, o, o.i, nxt, rules, [])
            h.places = o.places
    # a sentence's one date that no clause took, when it is to come, dates its undated
    # happenings: they are its plan (عمليات تحرير الشرقاط، شمال تكريت، ستنطلق بعد عيد الأضحى);
    # a past one belongs to its own clause (التي حررت عدن، استؤنفت مجددا، أمس)
    free = [d for d, _, _ in s.dates if id(d) not in claimed and d.start is not None and d.start > d.anchor]
    if len(s.dates) == 1 and free:
        for h in hits:
            if not h.dropped and h.date is None and h.places:
                h.date = free[0]


def _actor_spans(toks: list[Token], actors: ActorTable | None, rules: EventRules) -> list[tuple[int, int, str]]:
    """The actors named in a sentence, longest name first; their words are marked."""
    if actors is None:
        return []
    words = [x.word for x in toks]
    firsts = actors.first_words
    out = []
    k = 0
    while k < len(toks):
        t = toks[k]
        # a stripped article is another word (الحماس is zeal, not Hamas)
        got = None if (t.punct or t.quote or firsts.isdisjoint(t.formset)) else actors.match_at(
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
               actors: ActorTable | None = None) -> list[Sentence]:
    spans = split_sentences(text)
    dates = sorted(dates, key=lambda d: d.offset)
    date_starts = [d.offset[0] for d in dates]  # each sentence finds its dates by bisection
    begins = [b for b, _ in spans]
    by_sentence: dict[int, list[PlaceMention]] = {}
    for m in places:
        k = bisect_right(begins, m.offset[0]) - 1
        if k >= 0 and m.offset[1] <= spans[k][1]:
            by_sentence.setdefault(k, []).append(m)
    out = []
    for k in sorted(by_sentence):
        b, e = spans[k]
        datelined = any("dateline" in m.evidence or is_dateline(text, m) for m in by_sentence[k])
        if not may_report(text[b:e], datelined, rules):
            continue  # no trigger word that could make an event here (most sentences)
        toks = tokenize(text, b, e, rules)
        starts = [t.b for t in toks]
        segs = clauses_of(toks, rules)
        ps = []
        for m in by_sentence[k]:
            a, z = span_tokens(starts, m.offset)
            ps.append(PlaceRef(m, a, z, clitic_of(m), "dateline" in m.evidence or is_dateline(text, m)))
        ds = []
        for d in dates[bisect_left(date_starts, b):bisect_left(date_starts, e)]:
            if d.offset[1] <= e and d.start is not None and d.granularity != "vague":
                a, z = span_tokens(starts, d.offset)
                ds.append((d, a, z))
        named = _actor_spans(toks, actors, rules)
        hits = find_hits(toks, segs, rules, {k for p in ps for k in range(p.a, p.z)})
        out.append(Sentence((b, e), toks, segs, ps, ds, hits, named))
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
        groups: list[list[Hit]] = []
        placed = [h for h in s.hits if not h.dropped and h.places]
        for h in placed:
            # triggers of one clause with no place of their own belong to the placed one
            for o in s.hits:
                if o is not h and not o.dropped and not o.places and o.seg == h.seg and same_happening(o, h, rules):
                    if h.date is None and o.date is not None:
                        h.date = o.date
                    h.reaction = h.reaction or o.reaction  # أدان التفجير الذي استهدف ...
                    for aid in o.actors:
                        if aid not in h.actors:
                            h.actors.append(aid)
                    # a trigger that names its place only through its own roles (دخلت مدينة ...)
                    # cannot take another trigger's place, nor its type
                    if o.trigger.locative and rank(o, rules) < rank(h, rules):
                        h.trigger, h.form, h.i, h.j = o.trigger, o.form, o.i, o.j
            for g in groups:
                same_day = (g[0].date is h.date) or g[0].date is None or h.date is None
                if g[0].seg == h.seg and set(g[0].places) == set(h.places) and same_day:
                    g.append(h)
                    break
            else:
                groups.append([h])
        cue = any(word_in(t, rules.carry_cues) for t in s.toks)
        fight = None  # (date, last token) of the sentence's dated violence so far
        for g in groups:
            best = min(g, key=lambda h: (rank(h, rules), h.i))
            date = next((h.date for h in g if h.date is not None), None)
            date_from = "text" if date is not None else "published"
            violent = best.trigger.type in rules.violent_types
            if date is None and violent and fight is not None and any(
                    word_in(t, rules.consequence_cues) for t in s.toks[fight[1]:best.i]):
                # معارك اليوم ... مما أدى إلى طردهم من لودر: the consequence, the same day
                # (not بعد أن استولى: what came before)
                date, date_from = fight[0], "context"
            elif date is not None and violent and not any(h.future for h in g):
                fight = (date, best.j)
            if date is None and cue:
                prior = [d for n, d in recent[-4:] if sn - n <= 2]
                if prior:
                    date, date_from = prior[-1], "context"
            acts: list[str] = []
            for h in g:
                acts += [a for a in h.actors if a not in acts]
            trig_b, trig_e = s.toks[best.i].b, s.toks[best.j - 1].e
            future = any(h.future for h in g) or (date is not None and date.start is not None and date.start > published)
            if date is not None and date_from == "text" and not future:
                recent.append((sn, date))
            # a sentence keeps only resolved dates (start and end set): published stands in for none
            start, end, gran = ((date.start, date.end, date.granularity) if date is not None and date.start and date.end
                                else (published, published, "day"))
            mentions = tuple(dict.fromkeys(s.places[n].mention for n in sorted({n for h in g for n in h.places})))
            mentions = tuple({m.place.id: m for m in reversed(mentions)}.values())[::-1]
            # a country beside its own towns adds nothing: في سوريا قرب مدن الحسكة وحلب
            towns = {m.place.cc for m in mentions if m.precision in PIN_PRECISIONS}
            mentions = tuple(m for m in mentions if not (m.place.kind == "country" and m.place.cc in towns)) or mentions
            events.append(Event(
                sentence=text[s.span[0]:s.span[1]], offset=s.span, start=start, end=end, granularity=gran,
                places=mentions, date=date, date_from=date_from, type=best.trigger.type, subtype=best.trigger.subtype,
                trigger=text[trig_b:trig_e], trigger_offset=(trig_b, trig_e), actors=tuple(acts), future=future))
            reactions.append(all(h.reaction for h in g))
    dated = date_from_article(events, rules)
    # a happening named only by a reaction to it (يدين التفجير) is news of another day:
    # kept when the article dates it, dropped when only the publication day would
    # history the article recalls (عام 1967) is no news to pin
    oldest = published.year - rules.history_years
    return [e for e, reaction in zip(dated, reactions)
            if not (reaction and e.date_from == "published") and e.end.year >= oldest]
