"""Every date expression we know of, resolved against publication dates at the calendar's edges.

An article dated 0001-01-01 that says «أمس», or 9999-12-31 that says «غدًا» or «العام
المقبل», has no answer inside Python's calendar: the expression is left unresolved, never
an OverflowError, and whatever is resolved stays a valid span. The expressions are the
603 peer cases, their 53 negatives and the seed articles' gold dates; a test checks that
they reach every resolver of the date grammar, so a new kind of expression cannot be
added without being tried at the edges too. The last test builds a real site from two
articles at the edges holding all of them.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest
import yaml
from conftest import SHARED, copy_project, mkdocs_build

from generator.dates import resolvers
from generator.dates import find_dates
from generator.extract import extract
from generator.places import default_gazetteer

EDGES = [dt.date(1, 1, 1), dt.date(1, 1, 2), dt.date(1, 2, 28), dt.date(1, 12, 31), dt.date(2, 1, 1),
         dt.date(9998, 12, 31), dt.date(9999, 1, 1), dt.date(9999, 12, 25), dt.date(9999, 12, 31)]
# an event sentence around each expression: the date reaches event building and merging
EVENT = "قصفت طائرات حربية مدينة منبج {} ما أدى إلى مقتل خمسة مدنيين."


def expressions(shared) -> list[str]:
    out = []
    for name in ("dates-peers.jsonl", "dates-peers-negative.jsonl"):
        with open(shared / "eval" / name, encoding="utf-8") as f:
            out += [json.loads(line)["text"] for line in f if line.strip()]
    gold = yaml.safe_load((shared / "gold" / "seeds.yaml").read_text(encoding="utf-8"))
    out += [d["text"] for a in gold["articles"] for d in a["dates"]]
    return sorted(set(out))


def _valid(mention) -> bool:
    return mention.start is None or (mention.end is not None and mention.start <= mention.end)


def test_the_expressions_reach_every_resolver(shared, monkeypatch):
    """Each kind of expression the grammar resolves is among those tried at the edges."""
    reached = set()
    for kind, resolver in list(resolvers.RESOLVERS.items()):
        def recording(*args, _kind=kind, _resolver=resolver):
            reached.add(_kind)
            return _resolver(*args)
        monkeypatch.setitem(resolvers.RESOLVERS, kind, recording)
    for text in expressions(shared):
        for published in (dt.date(2016, 8, 25), EDGES[0], EDGES[-1]):
            find_dates(text, published)
    # dateparser is the fallback for spans no rule of ours reads; the peers hold none
    assert set(resolvers.RESOLVERS) - reached <= {"dateparser"}


@pytest.mark.parametrize("published", EDGES, ids=str)
def test_every_expression_at_the_edges(shared, published):
    gazetteer = default_gazetteer()
    resolved = unresolved = 0
    for text in expressions(shared):
        found = find_dates(text, published)
        assert all(_valid(d) for d in found), (text, published, found)
        ex = extract(EVENT.format(text), published, gazetteer)
        assert all(_valid(d) for d in ex.dates), (text, published)
        assert all(e.start <= e.end for e in ex.events), (text, published)
        resolved += sum(d.start is not None for d in found)
        unresolved += not found
    # the edges lose only what falls outside the calendar: most expressions still resolve
    assert resolved > 300, (published, resolved, unresolved)


def test_a_site_of_articles_at_the_edges_builds(shared, tmp_path):
    """Two articles dated 0001-01-01 and 9999-12-31, each holding every expression in an
    event sentence: the site builds strictly, and its data files are sound."""
    project = copy_project(tmp_path / "p")
    folder = project / "site_src" / "articles"
    body = "\n\n".join(EVENT.format(t) for t in expressions(shared))
    for name, day in (("first.md", "0001-01-01"), ("last.md", "9999-12-31")):
        (folder / name).write_text(f"---\ntitle: خبر\ndate: {day}\nsource: وكالة\n---\n\n{body}\n",
                                   encoding="utf-8")
    result = mkdocs_build(project, "--strict")
    assert result.returncode == 0, result.stderr[-3000:]
    data = project / "site" / "data"
    events = json.loads((data / "events.geojson").read_text(encoding="utf-8"))["features"]
    starts = {f["properties"]["start"][:4] for f in events}
    assert {"0001", "9999"} <= starts
    rows = list(csv.DictReader(io.StringIO((data / "events.csv").read_text(encoding="utf-8-sig"))))
    assert rows and all(r["start"] <= r["end"] for r in rows)
    ics = (data / "events.ics").read_text(encoding="utf-8")
    assert ics.count("BEGIN:VEVENT") == ics.count("END:VEVENT") > 0
