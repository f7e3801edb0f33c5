"""Trigger words: what happened, read from the tables, and whether the text says it
happened (no negation, wish, purpose, habit or background), will happen, or is only
named by a reaction to it."""

from __future__ import annotations

from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field

from ..dates import DateMention
from .clauses import Token, same_word, word_in
from .rules import EventRules, Trigger

@dataclass
class Hit:
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


def find_hits(toks: list[Token], segs: list[tuple[int, int]], rules: EventRules,
              names: AbstractSet[int] = frozenset()) -> list[Hit]:
    """The triggers of a sentence; `names` are the tokens of its place names (تدمر is
    Palmyra there, not "destroys")."""
    seg_of = {}
    for n, (a, z) in enumerate(segs):
        for k in range(a, z):
            seg_of[k] = n
    hits: list[Hit] = []
    masked = _not_trigger_mask(toks, rules) | set(names)
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
                if len(words) == n and all(same_word(w, r, rules) for w, r in zip(words, rest)):
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
        if trig.becomes is not None and j < len(toks) and word_in(toks[j], trig.followed_by):
            trig = trig.becomes
        seg = seg_of.get(i, 0)
        if trig.with_object:
            a, z = segs[seg]
            if not any(word_in(x, trig.with_object) for x in toks[j:min(z, j + 12)]):
                k = j
                continue
        hit = Hit(trig, form, i, j, seg, clitic)
        if form == "future" or clitic.endswith(rules.future_prefix):
            hit.future = True
        hits.append(hit)
        k = j
    return hits


def _not_trigger_mask(toks: list[Token], rules: EventRules) -> set[int]:
    """Tokens of listed names that only look like triggers (ساحة التحرير, المؤتمر الشعبي)."""
    out: set[int] = set()
    for k, t in enumerate(toks):
        for form, _ in t.forms:
            for rest in rules.not_triggers.get(form, ()):
                words = [x.word for x in toks[k + 1:k + 1 + len(rest)]]
                if len(words) == len(rest) and all(same_word(w, r, rules) for w, r in zip(words, rest)):
                    out.update(range(k, k + 1 + len(rest)))
    return out


def judge(hit: Hit, toks: list[Token], segs: list[tuple[int, int]], rules: EventRules) -> None:
    """Drop a trigger that reports no happening; mark a planned one as future."""
    a, z = segs[hit.seg]

    def before(cue):
        return [x for x in toks[max(a, hit.i - cue.window):hit.i] if not x.punct and not x.quote and not x.actor]

    if hit.trigger.statement and hit.j < z and word_in(toks[hit.j], rules.anonymous_speakers):
        hit.dropped = True
    elif any(word_in(x, rules.negation.words) for x in before(rules.negation)):
        hit.dropped = True
    elif any(word_in(x, rules.irrealis.words) for x in before(rules.irrealis)):
        hit.dropped = True
    elif any(word_in(x, rules.background.words) for x in before(rules.background)):
        hit.dropped = True
    elif hit.form == "present" and hit.i > a and word_in(toks[hit.i - 1], rules.relative_pronouns):
        hit.dropped = True  # الذي يقصف: what it habitually does
    elif hit.form == "noun" and hit.clitic.endswith(rules.purpose_clitic) and hit.clitic != rules.article:
        if not any(word_in(x, rules.undergoing) for x in toks[a:hit.i]):
            hit.dropped = True  # تعرض مركز المسيال ... لقذائف: undergone, not a purpose
    if any(word_in(x, rules.reaction.words) for x in before(rules.reaction)):
        hit.reaction = True
    if any(word_in(x, rules.future.words) for x in before(rules.future)):
        hit.future = True
    if any(word_in(x, rules.future_after) for x in toks[hit.j:min(z, hit.j + 3)]):
        hit.future = True


def same_happening(o: Hit, h: Hit, rules: EventRules) -> bool:
    """A trigger with no place of its own tells of the placed one of its clause when both
    are violence (قتل عشرة في قصف على إدلب) or of one type; a departure and the shelling
    that caused it are two happenings."""
    a, b = o.trigger.type, h.trigger.type
    return not o.trigger.statement and (a == b or (a in rules.violent_types and b in rules.violent_types))


def rank(h: Hit, rules: EventRules) -> tuple[int, int]:
    return rules.priority.get(h.trigger.type, 99), rules.subtype_priority.get(h.trigger.subtype, 99)
