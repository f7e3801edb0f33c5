"""The place stage's word lists: ``generator/data/place_stop.yaml``, normalised when loaded.

Triggers (words that say "a place follows"), directions, common words that are also place
names, never-places, organisations, demonyms, person titles, home words (المملكة) and the
word lists of the unresolved-name finder. The file's header says what each list does.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..arabic import CLITICS, normalise
from .tokens import TOKEN_RE

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
STOP_FILE = DATA_DIR / "place_stop.yaml"


@dataclass
class StopData:
    strong_triggers: frozenset[str]
    weak_triggers: frozenset[str]
    naming_triggers: frozenset[str]
    directions: frozenset[str]
    direction_adjectives: frozenset[str]
    common_words: frozenset[str]
    not_places: frozenset[str]
    organisations: dict[str, list[tuple[str, ...]]]  # first word -> token tuples, longest first
    demonyms: dict[str, str]  # normalised form -> cc
    corpus_common: frozenset[str] = frozenset()  # measured: small places' names that are ordinary words
    org_heads: frozenset[str] = frozenset()
    person_titles: frozenset[str] = frozenset()
    person_next: frozenset[str] = frozenset()
    adjectives: frozenset[str] = frozenset()
    masc_demonyms: frozenset[str] = frozenset()  # السوري, الإسباني, الفرنسيين: a club's adjective
    fem_demonyms: frozenset[str] = frozenset()  # تركيه, سوريه: indefinite feminine adjective forms
    # المملكه -> (SA, JO, MA, BH): see resolver._HomeEvidence
    home_words: dict[str, tuple[str, ...]] = field(default_factory=dict)
    home_word_qualifiers: frozenset[str] = frozenset()  # الحيوانيه: after a home word, no country
    nisba_endings: tuple[str, ...] = ()  # a definite word so ending is an adjective by form
    fem_dem_ok_before: frozenset[str] = frozenset()  # في سورية: still the country
    unresolved_triggers: frozenset[str] = frozenset()  # find_unresolved: بلدة X
    compound_heads: frozenset[str] = frozenset()  # find_unresolved: عين X, دير X
    strict_clitics: frozenset[str] = frozenset()  # ف: read only for countries and capitals
    locative_clitics: tuple[str, ...] = ()  # ب: a weak trigger of its own
    coordinating_clitics: tuple[str, ...] = ()  # و: joins a list of places
    quote_prepositions: frozenset[str] = frozenset()  # ل before «...»: a medium
    measured_common: frozenset[str] = frozenset()  # common_words_measured: names that are also ordinary words
    conflict_words: frozenset[str] = frozenset()  # قصف, اشتباكات: words of violent events
    conflict_prepositions: frozenset[str] = frozenset()  # على, في: a violent event's place follows
    conflict_ordinary: frozenset[str] = frozenset()  # معسكر, البلاد: nouns there, not the cities
    # governorate or city by the word before (resolver._kind_words)
    division_words: frozenset[str] = frozenset()  # محافظة, ريف, محافظتي: a division follows
    division_list_words: frozenset[str] = frozenset()  # محافظتي, محافظات: a list of divisions
    list_count_words: frozenset[str] = frozenset()  # الثلاث: between محافظاته and the list
    city_words: frozenset[str] = frozenset()  # مدينة: the city follows
    city_list_words: frozenset[str] = frozenset()  # مدينتي, مدن: a list of cities
    division_heads: tuple[str, ...] = ()  # محافظة: heads a division's full name in the gazetteer
    # facilities and quarters (resolver._features)
    facility_words: frozenset[str] = frozenset()  # مطار, ميناء, سجن: a facility at the place after
    facility_adjectives: frozenset[str] = frozenset()  # الدولي, الجوية: part of the facility's name
    quarter_words: frozenset[str] = frozenset()  # حي, منطقة: a quarter of a city
    city_parts: tuple[tuple[str, ...], ...] = ()  # المدينة القديمة: a part of the story's city
    city_part_links: tuple[tuple[str, ...], ...] = ()  # في, من مدينة: between a part and its city


def _demonym_forms(stem: str, suffixes: tuple[str, ...], feminine: str) -> list[str]:
    s = normalise(stem)
    art = CLITICS.article
    forms = []
    for base in (s, art + s):
        forms += [base] + [base + x for x in suffixes]
    # the bare feminine (سورية, تركية) is also a spelling of the country's name
    forms.append(art + s + feminine)
    return forms


def _read_yaml(path: Path) -> Any:
    import yaml

    with open(path, encoding="utf-8") as fh:
        return yaml.load(fh, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # libyaml: 10x faster


@lru_cache(maxsize=1)
def load_stop(path: Path = STOP_FILE) -> StopData:
    d = _read_yaml(path)

    def norm_set(key: str) -> frozenset[str]:
        return frozenset(normalise(str(w)) for w in d.get(key) or [])

    def norm_list(key: str) -> tuple[str, ...]:
        return tuple(normalise(str(w)) for w in d.get(key) or [])

    def phrases(key: str) -> tuple[tuple[str, ...], ...]:
        out = (tuple(TOKEN_RE.findall(normalise(str(w)))) for w in d.get(key) or [])
        return tuple(sorted((t for t in out if t), key=len, reverse=True))

    exceptions = norm_set("common_word_exceptions")
    orgs: dict[str, list[tuple[str, ...]]] = defaultdict(list)
    for phrase in d.get("organisations") or []:
        toks = tuple(TOKEN_RE.findall(normalise(str(phrase))))
        if toks:
            orgs[toks[0]].append(toks)
    for k in orgs:
        orgs[k].sort(key=len, reverse=True)
    suffixes = norm_list("demonym_suffixes")
    masc_suffixes = ("",) + norm_list("masculine_demonym_suffixes")
    feminine = normalise(str(d.get("feminine_suffix") or ""))
    art = CLITICS.article
    dem: dict[str, str] = {}
    masc: set[str] = set()
    fem: set[str] = set()
    for cc, stems in (d.get("demonyms") or {}).items():
        for st in stems:
            for f in _demonym_forms(st, suffixes, feminine):
                dem[f] = cc
            s = normalise(st)
            masc.update(art + s + x for x in masc_suffixes)
            fem.add(s + feminine)
    return StopData(
        # a facility word says a place follows, as a strong trigger does (سجن صيدنايا)
        strong_triggers=norm_set("strong_triggers") | norm_set("facility_words"),
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
        nisba_endings=norm_list("nisba_endings"),
        fem_dem_ok_before=norm_set("feminine_demonym_ok_before"),
        unresolved_triggers=norm_set("unresolved_triggers"),
        compound_heads=norm_set("compound_heads"),
        strict_clitics=norm_set("strict_clitics"),
        locative_clitics=norm_list("locative_clitics"),
        coordinating_clitics=norm_list("coordinating_clitics"),
        quote_prepositions=norm_set("quote_prepositions"),
        measured_common=norm_set("common_words_measured") - norm_set("common_words") - exceptions,
        conflict_words=norm_set("conflict_words"),
        conflict_prepositions=norm_set("conflict_prepositions"),
        conflict_ordinary=norm_set("conflict_ordinary_nouns"),
        division_words=norm_set("division_words"),
        division_list_words=norm_set("division_list_words"),
        list_count_words=norm_set("list_count_words"),
        city_words=norm_set("city_words"),
        city_list_words=norm_set("city_list_words"),
        division_heads=norm_list("division_heads"),
        facility_words=norm_set("facility_words"),
        facility_adjectives=norm_set("facility_adjectives"),
        quarter_words=norm_set("quarter_words"),
        city_parts=phrases("city_parts"),
        city_part_links=phrases("city_part_links"),
    )
