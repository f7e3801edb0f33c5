"""Merging the reports of one happening across articles and outlets (generator/events/merge.py).

Events are built directly from real sentences: places found in the shipped gazetteer,
dates resolved by the date stage, as the extractor would give them."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, replace

import pytest

from generator.articles import Article
from generator.dates import find_dates
from generator.events import Event
from generator.events.merge import NEAR_KM, distance_km, merge_events, merged_id
from generator.places import Gazetteer, find_places


@dataclass(frozen=True)
class Record:
    article: Article
    url: str


@pytest.fixture(scope="module")
def gazetteer():
    return Gazetteer.load([])


def record(slug: str, published: str, source: str, title: str = "عنوان") -> Record:
    return Record(Article(f"{slug}.md", slug, title, dt.date.fromisoformat(published), "", source), f"articles/{slug}/")


def event(gazetteer, rec: Record, sentence: str, type_: str = "remote_violence", *, subtype: str = "air_strike",
          actors: tuple[str, ...] = (), future: bool = False, at: int = 0, places: str | None = None) -> Event:
    """An event of `sentence` (at offset `at` of its article): its places (those named in
    `places`, else in the sentence) and its date as the date stage reads them."""
    found = find_places(places if places is not None else sentence, gazetteer)
    assert found, sentence
    unique = tuple({m.place.id: m for m in reversed(found)}.values())[::-1]
    dates = [d for d in find_dates(sentence, rec.article.published) if d.start]
    if dates:
        d = dates[0]
        when = dict(start=d.start, end=d.end, granularity=d.granularity, date=d, date_from="text")
    else:
        p = rec.article.published
        when = dict(start=p, end=p, granularity="day", date=None, date_from="published")
    return Event(sentence, (at, at + len(sentence)), places=unique, type=type_, subtype=subtype, trigger=sentence.split()[0],
                 trigger_offset=(at, at + len(sentence.split()[0])), actors=actors, future=future, **when)


def test_the_same_strike_from_two_outlets_is_one_event_citing_both(gazetteer):
    a = record("a", "2016-08-25", "aawsat.com", "غارات على الرقة")
    b = record("b", "2016-08-25", "alarabiya.net", "التحالف يقصف الرقة")
    ea = event(gazetteer, a, "شنت طائرات التحالف غارات على مدينة الرقة اليوم", actors=("coalition",))
    eb = event(gazetteer, b, "قصف طيران التحالف الدولي مواقع في الرقة", actors=("coalition", "islamic_state"), at=40)
    merged = merge_events([(b, eb), (a, ea)])
    assert len(merged) == 1
    m = merged[0]
    assert [r.article.source for r, _ in m.reports] == ["aawsat.com", "alarabiya.net"]  # ordered by slug on one day
    assert m.actors == ("coalition", "islamic_state")
    assert [p.place.name for p in m.places] == ["Ar Raqqah"]
    assert m.id == merged_id(a, ea) and len(m.id) == 10
    assert m.type == "remote_violence" and m.subtype == "air_strike"


def test_neighbouring_towns_more_than_5_km_apart_stay_two(gazetteer):
    a, b = record("a", "2016-08-25", "one.example"), record("b", "2016-08-25", "two.example")
    ea = event(gazetteer, a, "قصفت المدفعية التركية بلدة تل رفعت", subtype="shelling")
    eb = event(gazetteer, b, "قصفت المدفعية التركية بلدة مارع", subtype="shelling")
    assert distance_km(ea.places[0], eb.places[0]) > NEAR_KM
    assert len(merge_events([(a, ea), (b, eb)])) == 2


def test_two_spellings_of_one_town_area_within_5_km_merge(gazetteer):
    """Two gazetteer entries a couple of km apart (حرستا and عربين in Eastern Ghouta) are
    one place for merging: outlets name the nearest town they know."""
    a, b = record("a", "2016-08-25", "one.example"), record("b", "2016-08-25", "two.example")
    ea = event(gazetteer, a, "غارات جوية على حرستا")
    eb = event(gazetteer, b, "غارات جوية على عربين")
    assert distance_km(ea.places[0], eb.places[0]) <= NEAR_KM
    merged = merge_events([(a, ea), (b, eb)])
    assert len(merged) == 1
    assert {p.place.name for p in merged[0].places} == {"Ḩarastā", "‘Irbīn"}


def test_two_different_text_dated_days_stay_two(gazetteer):
    a, b = record("a", "2016-08-26", "one.example"), record("b", "2016-08-26", "two.example")
    ea = event(gazetteer, a, "قصفت الطائرات الرقة أمس")  # 25 August
    eb = event(gazetteer, b, "قصفت الطائرات الرقة اليوم")  # 26 August
    assert (ea.start, eb.start) == (dt.date(2016, 8, 25), dt.date(2016, 8, 26))
    assert ea.date_from == eb.date_from == "text"
    assert len(merge_events([(a, ea), (b, eb)])) == 2


def test_a_publication_day_between_two_text_days_does_not_chain_them(gazetteer):
    """25 (text) ~ 26 (publication day) ~ 27 (text) pairwise, but 25 and 27 are two days."""
    a, b, c = record("a", "2016-08-26", "one.example"), record("b", "2016-08-26", "two.example"), record("c", "2016-08-27", "three.example")
    ea = event(gazetteer, a, "قصفت الطائرات الرقة أمس")
    eb = event(gazetteer, b, "قصفت الطائرات الرقة")
    ec = event(gazetteer, c, "قصفت الطائرات الرقة اليوم")
    assert eb.date_from == "published" and (ea.start, eb.start, ec.start) == tuple(dt.date(2016, 8, d) for d in (25, 26, 27))
    merged = merge_events([(a, ea), (b, eb), (c, ec)])
    assert len(merged) == 2
    for m in merged:
        assert len({e.start for _, e in m.reports if e.date_from == "text"}) == 1


def test_publication_day_and_yesterday_of_the_next_days_article_are_one(gazetteer):
    a = record("a", "2016-08-25", "one.example", "غارات على الرقة")
    b = record("b", "2016-08-26", "two.example", "حصيلة غارات أمس")
    ea = event(gazetteer, a, "قصفت طائرات التحالف مدينة الرقة")
    eb = event(gazetteer, b, "قصفت طائرات التحالف مدينة الرقة أمس")
    assert ea.date_from == "published" and eb.date_from == "text" and ea.start == eb.start
    merged = merge_events([(a, ea), (b, eb)])
    assert len(merged) == 1
    assert merged[0].date_from == "text" and merged[0].date is eb.date  # the best-dated report dates it
    assert merged[0].id == merged_id(a, ea)  # the id is the earliest report's


def test_a_report_published_the_next_day_without_a_date_joins_the_text_dated_day(gazetteer):
    a = record("a", "2016-08-26", "one.example")
    b = record("b", "2016-08-26", "two.example")
    ea = event(gazetteer, a, "قصفت الطائرات الرقة أمس")  # 25, from the text
    eb = event(gazetteer, b, "قصفت الطائرات الرقة")  # 26, the publication day
    assert len(merge_events([(a, ea), (b, eb)])) == 1
    # Two days apart is too far, even for a publication day.
    c = record("c", "2016-08-27", "three.example")
    ec = event(gazetteer, c, "قصفت الطائرات الرقة")
    assert len(merge_events([(a, ea), (c, ec)])) == 2


def test_different_types_or_a_plan_and_its_happening_stay_apart(gazetteer):
    a, b = record("a", "2016-08-25", "one.example"), record("b", "2016-08-25", "two.example")
    strike = event(gazetteer, a, "قصفت الطائرات الرقة")
    clash = event(gazetteer, b, "اشتباكات عنيفة في الرقة", type_="battle", subtype="armed_clash")
    assert len(merge_events([(a, strike), (b, clash)])) == 2
    visit = event(gazetteer, a, "وصل الوزير إلى باريس", type_="visit", subtype="arrival")
    planned = replace(event(gazetteer, b, "يصل الوزير إلى باريس", type_="visit", subtype="arrival"), future=True)
    assert len(merge_events([(a, visit), (b, planned)])) == 2
    assert len(merge_events([(a, visit), (b, replace(planned, future=False))])) == 1


def test_the_headline_repeating_the_body_is_one_event(gazetteer):
    a = record("a", "2016-08-25", "one.example")
    head = event(gazetteer, a, "غارات للتحالف على الرقة")
    body = event(gazetteer, a, "شنت طائرات التحالف غارات على مدينة الرقة", at=30)
    merged = merge_events([(a, body), (a, head)])
    assert len(merged) == 1 and len(merged[0].reports) == 2 and len(merged[0].articles) == 1
    assert [e.offset[0] for _, e in merged[0].reports] == [0, 30]


def test_a_report_must_share_a_place_with_every_report_of_its_event(gazetteer):
    """منبج، then منبج and جرابلس, then جرابلس alone: the third never joins منبج's event."""
    a, b, c = (record(s, "2016-08-25", f"{s}.example") for s in "abc")
    ea = event(gazetteer, a, "غارات على منبج")
    eb = event(gazetteer, b, "غارات على منبج وجرابلس")
    ec = event(gazetteer, c, "غارات على جرابلس")
    merged = merge_events([(a, ea), (b, eb), (c, ec)])
    assert len(merged) == 2
    assert not any({"a", "c"} <= {r.article.slug for r, _ in m.reports} for m in merged)


def test_coarse_dates_merge_only_at_the_same_granularity(gazetteer):
    a, b, c = (record(s, "2016-08-25", f"{s}.example") for s in "abc")
    month_a = event(gazetteer, a, "معارك في الرقة خلال الشهر الماضي", type_="battle", subtype="armed_clash")
    month_b = event(gazetteer, b, "اشتباكات في الرقة في يوليو الماضي", type_="battle", subtype="armed_clash")
    day_c = replace(month_a, start=dt.date(2016, 7, 3), end=dt.date(2016, 7, 3), granularity="day")
    assert (month_a.granularity, month_a.start, month_b.granularity, month_b.start) == ("month", dt.date(2016, 7, 1), "month", dt.date(2016, 7, 1))
    assert len(merge_events([(a, month_a), (b, month_b)])) == 1
    assert len(merge_events([(a, month_a), (c, day_c)])) == 2  # a day inside the month is not the month


def test_events_without_a_place_never_merge(gazetteer):
    a, b = record("a", "2016-08-25", "one.example"), record("b", "2016-08-25", "two.example")
    ea = replace(event(gazetteer, a, "قصفت الطائرات الرقة"), places=())
    eb = replace(event(gazetteer, b, "قصفت الطائرات الرقة"), places=())
    assert len(merge_events([(a, ea), (b, eb)])) == 2


def _synthetic(gazetteer, n: int, seed: int = 7):
    """n reports over 60 towns, 9 types and two months, from 300 articles of 12 outlets."""
    rng = random.Random(seed)
    towns = [m for name in ["الرقة", "منبج", "حلب", "جرابلس", "الطبقة", "عين عيسى", "تل رفعت", "مارع", "حرستا", "عربين",
                            "دمشق", "حمص", "حماة", "إدلب", "دير الزور", "الموصل", "بغداد", "الفلوجة", "الرمادي", "تكريت"]
             for m in find_places("في " + name, gazetteer)]
    assert len(towns) >= 15
    types = ["battle", "remote_violence", "violence_civilians", "protest", "strategic", "meeting", "visit", "agreement", "statement"]
    records = [record(f"art{i:04d}", (dt.date(2016, 7, 1) + dt.timedelta(days=rng.randrange(60))).isoformat(), f"outlet{i % 12}")
               for i in range(300)]
    entries = []
    for k in range(n):
        rec = rng.choice(records)
        day = rec.article.published - dt.timedelta(days=rng.choice([0, 0, 1]))
        place = rng.choice(towns)
        from_text = rng.random() < 0.6
        entries.append((rec, Event("جملة", (k, k + 4), day, day, "day", (place,), None, "text" if from_text else "published",
                                   type=rng.choice(types), trigger="x", trigger_offset=(k, k + 1))))
    return entries


def test_merging_is_deterministic_whatever_the_input_order(gazetteer):
    entries = _synthetic(gazetteer, 2000)
    first = merge_events(entries)
    shuffled = entries[:]
    random.Random(1).shuffle(shuffled)
    second = merge_events(shuffled)
    assert [(m.id, [id(e) for _, e in m.reports]) for m in first] == [(m.id, [id(e) for _, e in m.reports]) for m in second]
    assert len({m.id for m in first}) == len(first)
    assert len(first) < len(entries)  # something merged
    assert sum(len(m.reports) for m in first) == len(entries)  # and nothing was lost


def test_merging_20000_reports_loses_none_and_keeps_ids_unique(gazetteer):
    # (Its speed is a benchmark's figure: bench_site.py and bench_scale.py print the merge's
    # seconds from the build log; a timed test failed on a loaded machine.)
    entries = _synthetic(gazetteer, 20000)
    merged = merge_events(entries)
    assert sum(len(m.reports) for m in merged) == 20000
    assert len({m.id for m in merged}) == len(merged) < 20000
