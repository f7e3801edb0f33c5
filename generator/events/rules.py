"""The event stage's tables (data/events.yaml), compiled for lookup.

Verb stems are conjugated here (past and present persons, the future prefix), noun forms
get their pronoun suffixes, and every word is normalised, so that matching is a dictionary
lookup of a word's bare forms (the word with its proclitics stripped).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..arabic import CLITICS, before_suffix, clitic_prefixes, normalise
from .taxonomy import load_taxonomy

RULES_FILE = Path(__file__).resolve().parent.parent / "data" / "events.yaml"


@dataclass(frozen=True)
class Trigger:
    subtype: str
    type: str
    roles: frozenset[str]
    noun_roles: frozenset[str]  # the roles when the trigger is a noun
    with_object: frozenset[str]
    needs_place_near: int  # 0: no such need
    statement: bool
    locative: bool = True  # a locative place says where it happened
    followed_by: frozenset[str] = frozenset()  # words right after it that make it `becomes`
    becomes: "Trigger | None" = None


@dataclass(frozen=True)
class Reading:
    """What a bare word form means: a trigger and the tense or part of speech it has."""

    trigger: Trigger
    form: str  # "past" | "present" | "future" | "noun"


@dataclass(frozen=True)
class Cue:
    words: frozenset[str]
    window: int


@dataclass(frozen=True)
class EventRules:
    proclitics: tuple[str, ...]
    proclitics_by_letter: dict[str, tuple[str, ...]]  # first letter -> proclitics, in table order
    article: str
    conjunctions: tuple[str, ...]
    future_prefix: str
    verb_clitics: tuple[str, ...]  # what may stand before a verb: conjunctions, the future prefix
    prepositions: frozenset[str]
    article_clitics: frozenset[str]  # proclitics that swallowed the article's alef (لل)
    words: dict[str, tuple[Reading, ...]]  # bare form -> readings
    phrases: dict[str, tuple[tuple[tuple[str, ...], Trigger], ...]]  # first bare word -> (rest, trigger), longest first
    priority: dict[str, int]
    subtype_priority: dict[str, int]
    violent_types: frozenset[str]
    goal_subtypes: frozenset[str]
    negation: Cue
    irrealis: Cue
    background: Cue
    reaction: Cue
    future: Cue
    future_after: frozenset[str]
    purpose_clitic: str
    undergoing: frozenset[str]
    locatives: frozenset[str]
    locative_clitic: str
    on_words: frozenset[str]
    from_words: frozenset[str]
    to_words: frozenset[str]
    to_clitic: str
    host_verbs: frozenset[str]
    place_nouns: frozenset[str]
    metonymy_verbs: frozenset[str]
    carry_cues: frozenset[str]
    consequence_cues: frozenset[str]
    history_years: int
    relative_pronouns: frozenset[str]
    not_triggers: dict[str, tuple[tuple[str, ...], ...]]  # first word -> the rest of each phrase
    anonymous_speakers: frozenset[str]
    statement_venues: frozenset[str]
    title_words: frozenset[str]
    domain_vetoes: tuple[tuple[frozenset[str], frozenset[str]], ...]  # (words, types they rule out)
    nisba_endings: tuple[str, ...]
    clause_openers: frozenset[str]
    sequence_words: frozenset[str]
    that_words: frozenset[str]
    complementizers: frozenset[str]
    purpose_clitics: frozenset[str]
    purpose_pattern: "re.Pattern[str]"
    purpose_nouns: frozenset[str]
    locative_max_gap: int
    locative_max_gap_before: int
    locative_far_gap: int
    fronted_max_words: int
    trailing_places_max_words: int
    object_max_gap: int

    word_info: dict = field(default_factory=dict, compare=False, repr=False)  # word -> (forms, form set)
    clause_cache: dict = field(default_factory=dict, compare=False, repr=False)  # word -> opens a clause

    word_flags: dict = field(default_factory=dict, compare=False, repr=False)  # word -> flags below
    EVENT_WORD = 1  # starts a trigger that is not a verb of saying
    SAYING = 2  # starts a verb of saying
    VENUE = 4  # a statement venue (مؤتمر, كلمة)

    def flags(self, word: str) -> int:
        forms = self.bare_forms(word)
        f = 0
        for form, _ in forms:
            for r in self.words.get(form, ()):
                f |= self.SAYING if r.trigger.statement else self.EVENT_WORD
            for _, trig in self.phrases.get(form, ()):
                f |= self.SAYING if trig.statement else self.EVENT_WORD
            if form in self.statement_venues:
                f |= self.VENUE
        if len(self.word_flags) < 200_000:
            self.word_flags[word] = f
        return f

    def bare_forms(self, word: str) -> list[tuple[str, str]]:
        """(form, stripped proclitic) readings of a normalised word, the word itself first."""
        return (self.word_info.get(word) or self.info(word))[0]

    def info(self, word: str) -> tuple[list[tuple[str, str]], frozenset[str]]:
        out = [(word, "")]
        for p in self.proclitics_by_letter.get(word[:1], ()):
            if word.startswith(p) and len(word) - len(p) >= 2:
                out.append((word[len(p):], p))
                if p in self.article_clitics:
                    out.append((self.article + word[len(p):], p))  # للأمم -> الأمم
        got = (out, frozenset(f for f, _ in out))
        if len(self.word_info) < 200_000:  # words repeat: a bounded memo
            self.word_info[word] = got
        return got

def _n(words) -> frozenset[str]:
    return frozenset(normalise(w) for w in words or ())


ROLES = frozenset({"object", "on", "from", "to", "genitive", "host"})


def _roles(values) -> frozenset[str]:
    # YAML 1.1 reads a bare `on` as true: take it back as the role it is
    out = frozenset("on" if v is True else str(v) for v in values or ())
    if out - ROLES:
        raise ValueError(f"{RULES_FILE}: unknown roles {sorted(out - ROLES)} (known: {sorted(ROLES)})")
    return out


def _phrase_index(phrases) -> dict[str, tuple[tuple[str, ...], ...]]:
    out: dict[str, list[tuple[str, ...]]] = {}
    for ph in phrases or ():
        parts = normalise(ph).split()
        out.setdefault(parts[0], []).append(tuple(parts[1:]))
    return {k: tuple(v) for k, v in out.items()}


def _conjugate(past: str, present: str, doc: dict) -> list[tuple[str, str]]:
    forms = [(past + s, "past") for s in doc["past_suffixes"]]
    for p in doc["present_prefixes"]:
        for s in doc["present_suffixes"]:
            forms.append((p + present + s, "present"))
            forms.append((doc["future_prefix"] + p + present + s, "future"))
    return forms


def _proclitics(doc: dict) -> tuple[str, ...]:
    """What a word is stripped of before lookup, longest first: the clitic table's runs,
    a conjunction before the future prefix, the article alone, the table's extra ones."""
    future = normalise(doc["future_prefix"])
    runs = [p.surface for p in clitic_prefixes()]
    runs += [normalise(c) + future for c in doc["conjunctions"]]
    runs += [CLITICS.article, *(normalise(p) for p in doc.get("bare_proclitics") or ())]
    return tuple(sorted(dict.fromkeys(runs), key=lambda p: -len(p)))


@functools.lru_cache(maxsize=4)
def load_rules(path: Path = RULES_FILE) -> EventRules:
    import yaml

    with open(path, encoding="utf-8") as fh:
        doc = yaml.load(fh, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    taxonomy = load_taxonomy()
    words: dict[str, list[Reading]] = {}
    phrases: dict[str, list[tuple[tuple[str, ...], Trigger]]] = {}
    noun_suffixes = [normalise(s) for s in doc["noun_suffixes"]]
    for entry in doc["triggers"]:
        sub = entry["subtype"]
        if sub not in taxonomy.subtypes:
            raise ValueError(f"{path}: trigger sub-type {sub!r} is not in the taxonomy")
        roles = _roles(entry.get("roles"))
        becomes, followed = None, frozenset[str]()
        if entry.get("followed_by"):
            fb = entry["followed_by"]
            other = fb["subtype"]
            becomes = Trigger(other, taxonomy.subtypes[other].type, roles, roles, frozenset(), 0, False)
            followed = _n(fb["words"])
        noun_roles = _roles(entry["noun_roles"]) if "noun_roles" in entry else roles
        trig = Trigger(sub, taxonomy.subtypes[sub].type, roles, noun_roles, _n(entry.get("with_object")), int(entry.get("needs_place_near") or 0),
                       taxonomy.subtypes[sub].type == "statement", bool(entry.get("locative", True)), followed, becomes)
        # the future (سيزور) is always read: a plan or schedule is shown as a future event
        tenses = set(entry.get("tenses") or ("past", "present")) | {"future"}
        for past, present in entry.get("verbs") or ():
            for form, tense in _conjugate(normalise(past), normalise(present), doc):
                if tense in tenses:
                    words.setdefault(form, []).append(Reading(trig, tense))
        for form in entry.get("past_forms") or ():
            words.setdefault(normalise(form), []).append(Reading(trig, "past"))
        for noun in entry.get("nouns") or ():
            parts = normalise(noun).split()
            if len(parts) > 1:
                phrases.setdefault(parts[0], []).append((tuple(parts[1:]), trig))
                continue
            for suffix in noun_suffixes:
                # غارة + ات is written غارات; a ta marbuta before a suffix becomes ت
                stem = before_suffix(parts[0]) if suffix else parts[0]
                words.setdefault(stem + suffix, []).append(Reading(trig, "noun"))
        for phrase in entry.get("phrases") or ():
            parts = normalise(phrase).split()
            if len(parts) == 1:
                words.setdefault(parts[0], []).append(Reading(trig, "noun"))
            else:
                phrases.setdefault(parts[0], []).append((tuple(parts[1:]), trig))
    for v in phrases.values():
        v.sort(key=lambda x: -len(x[0]))

    def cue(name) -> Cue:
        c = doc[name]
        return Cue(_n(c["words"]), int(c["window"]))

    roles = doc["role_words"]
    proclitics = _proclitics(doc)
    return EventRules(
        proclitics=proclitics,
        proclitics_by_letter={c: tuple(p for p in proclitics if p[0] == c) for c in {p[0] for p in proclitics}},
        article=CLITICS.article,
        conjunctions=tuple(normalise(c) for c in doc["conjunctions"]),
        future_prefix=normalise(doc["future_prefix"]),
        verb_clitics=tuple(normalise(c) for c in doc["conjunctions"]) + (normalise(doc["future_prefix"]),),
        prepositions=_n(doc["prepositions"]),
        article_clitics=frozenset(p.surface for p in clitic_prefixes()
                                  if p.article and not p.surface.endswith(CLITICS.article)),
        words={k: tuple(dict.fromkeys(v)) for k, v in words.items() if v},
        phrases={k: tuple(v) for k, v in phrases.items()},
        priority={t: i for i, t in enumerate(doc["type_priority"])},
        subtype_priority={t: i for i, t in enumerate(doc["subtype_priority"])},
        violent_types=frozenset(doc["violent_types"]),
        goal_subtypes=frozenset(doc["goal_subtypes"]),
        negation=cue("negation"),
        irrealis=cue("irrealis"),
        background=cue("background"),
        reaction=cue("reaction"),
        future=cue("future"),
        future_after=_n(doc["future"].get("after")),
        purpose_clitic=normalise(doc["purpose_clitic"]),
        undergoing=_n(doc["undergoing"]),
        locatives=_n(doc["locatives"]),
        locative_clitic=normalise(doc["locative_clitic"]),
        on_words=_n(roles["on"]),
        from_words=_n(roles["from"]),
        to_words=_n(roles["to"]),
        to_clitic=normalise(roles["to_clitic"]),
        host_verbs=_n(doc["host_verbs"]),
        place_nouns=_n(doc["place_nouns"]),
        metonymy_verbs=_n(doc["metonymy_verbs"]),
        carry_cues=_n(doc["carry_cues"]),
        consequence_cues=_n(doc["consequence_cues"]),
        history_years=int(doc["history_years"]),
        relative_pronouns=_n(doc["relative_pronouns"]),
        not_triggers=_phrase_index(doc.get("not_triggers")),
        anonymous_speakers=_n(doc.get("anonymous_speakers")),
        statement_venues=_n(doc["statement_venues"]),
        title_words=_n(doc["title_words"]),
        domain_vetoes=tuple((_n(v["words"]), frozenset(v["types"])) for v in doc.get("domain_vetoes") or ()),
        nisba_endings=tuple(normalise(x) for x in doc["nisba_endings"]),
        clause_openers=_n(doc["clause_openers"]),
        sequence_words=_n(doc["sequence_openers"]["words"]),
        that_words=_n(doc["sequence_openers"]["then"]),
        complementizers=_n(doc["complementizers"]),
        purpose_clitics=_n(doc["purpose_openers"]["clitics"]),
        purpose_pattern=re.compile("(?:" + "|".join(doc["purpose_openers"]["patterns"]) + ")$"),
        purpose_nouns=_n(doc["purpose_openers"].get("nouns")),
        locative_max_gap=int(doc["locative_max_gap"]),
        locative_max_gap_before=int(doc["locative_max_gap_before"]),
        locative_far_gap=int(doc["locative_far_gap"]),
        fronted_max_words=int(doc["fronted_max_words"]),
        trailing_places_max_words=int(doc["trailing_places_max_words"]),
        object_max_gap=int(doc["object_max_gap"]),
    )
