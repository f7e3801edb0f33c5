"""Events on real news: the research corpus in ../shared (read at run time, never copied).

The mideast subset holds 312 articles of August 2015 from 11 Saudi newspapers about Syria,
Iraq, Yemen, Lebanon, Palestine and Libya, several outlets reporting the same days.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections import Counter

import pytest
from conftest import SHARED
from test_merge import record as make_record

from generator.events.actors import load_actors
from generator.events.merge import merge_events
from generator.extract import extract
from generator.places import default_gazetteer

SUBSET = SHARED / "eval" / "corpus" / "mideast_weekday_verified_articles.jsonl"


@pytest.fixture(scope="module")
def corpus():
    if not SUBSET.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{SUBSET} is missing: CI runs with shared/ beside the clone")
        pytest.skip("../shared is not beside this clone")
    gaz, actors = default_gazetteer(), load_actors()
    out = {}
    for line in SUBSET.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        day = dt.date.fromisoformat(row["publication_date"])
        text = (row["title"] or "") + "\n\n" + (row["content"] or "")
        record = make_record(row["id"], row["publication_date"], row["source"], row["title"] or "")
        out[row["id"]] = (record, extract(text, day, gaz, actors=actors))
    return out


def test_the_conflict_news_holds_every_kind_of_event(corpus):
    types = Counter(e.type for _, ex in corpus.values() for e in ex.events)
    for kind in ("battle", "remote_violence", "violence_civilians", "strategic", "protest", "meeting", "visit"):
        assert types[kind] >= 3, types
    events = sum(types.values())
    assert 0.3 <= events / len(corpus) <= 3, events  # happenings, not one per sentence


def test_known_happenings_are_found(corpus):
    def found(rid):
        return {(e.subtype, m.place.name, e.start.isoformat()) for e in corpus[rid][1].events for m in e.places}

    # Yemen, 11 August 2015: Abyan taken and fighting at Lawdar the day before
    got = found("snn-me-298")
    assert ("capture", "Abyan Governorate", "2015-08-10") in got
    assert ("armed_clash", "Lawdar", "2015-08-10") in got
    # the vice-president arrives in Aden (a dated arrival, not a battle)
    assert ("arrival", "Aden", "2015-08-01") in found("snn-me-032")


def test_every_event_is_placed_typed_and_dated_in_range(corpus):
    for record, ex in corpus.values():
        for e in ex.events:
            assert e.places and e.type and e.subtype
            assert e.start <= e.end
            if not e.future:  # what happened happened before the paper was printed
                assert e.start <= record.article.published, (record.article.slug, e.trigger, e.start)


def test_merging_real_reports_keeps_places_and_days_apart(corpus):
    entries = [(record, e) for record, ex in corpus.values() for e in ex.events]
    merged = merge_events(entries)
    assert len(merged) < len(entries)  # several outlets, one happening
    multi = [m for m in merged if len({r.article.slug for r, _ in m.reports}) >= 2]
    assert multi, "no happening reported by two articles"
    for m in merged:
        days = {e.start for _, e in m.reports if e.date_from == "text" and e.granularity == "day"}
        assert len(days) <= 1, (m.id, days)
        assert len({e.type for _, e in m.reports}) == 1
