"""Issue-level behaviour of the built site: language, search, hostile input in the browser,
headings, accessibility of the map controls; events merged across sources, typed, with
actors and sources, on the pages, in the data files and on the map."""

import csv
import datetime as dt
import io
import json
import re
from dataclasses import replace

import pytest

from conftest import copy_project, mkdocs_build
from generator import site
from generator.site import datafiles
from generator.articles import Article
from generator.dates import find_dates
from generator.events import Event
from generator.events.actors import load_actors
from generator.events.taxonomy import load_taxonomy
from generator.extract import Extraction
from generator.site.labels import count as say_count
from generator.localserver import serve
from generator.places import Gazetteer, find_places
from waits import page_settled, search_for, search_ready
from test_build import HOSTILE

NEWS = """---
title: قصف في حلب وبيروت
date: 2016-08-25
source: test.example
---

قالت مصادر إن طائرات حربية قصفت أحياء في مدينة حلب يوم الاثنين، فيما خرجت مظاهرات في بيروت مساء أمس.
وهاجم مقاتلو تنظيم داعش مواقع للجيش العراقي في الموصل أمس.
"""


@pytest.fixture(scope="module")
def news_site(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("news"))
    (project / "site_src/articles/news.md").write_text(NEWS, encoding="utf-8")
    (project / "site_src/articles/hostile.md").write_text(HOSTILE, encoding="utf-8")
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    return project / "site"


def _context(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.route("**/tile.openstreetmap.org/**", lambda route: route.fulfill(status=204, body=b""))
    return context


def test_arabic_search_type_ahead_finds_places(browser, news_site):
    with serve(news_site) as base:
        context = _context(browser)
        page = context.new_page()
        page.goto(base)
        search_ready(page)
        for word in ("حلب", "بيروت"):
            search_for(page, word, typed=True)  # key by key, as a person types
            results = page.locator(".md-search-result__item")
            assert results.count() >= 1
            assert word in page.locator(".md-search-result__list").inner_text()
            assert word in results.first.locator("mark").first.inner_text()
            page.keyboard.press("Escape")
        context.close()


def test_hostile_article_executes_nothing_anywhere(browser, news_site):
    geneva = next(p for p in json.loads((news_site / "data/places.geojson").read_text(encoding="utf-8"))["features"]
                  if p["properties"]["name"] == "Geneva")
    with serve(news_site) as base:
        context = _context(browser)
        dialogs = []
        page = context.new_page()
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        for path in ["articles/hostile/", "timeline/2016-08/", "articles/", "places/ch/"]:
            page.goto(base + path)
            search_ready(page)  # the page's scripts have run
            page_settled(page)
            assert page.evaluate("window.__pwned") is None, path
            assert "window.__pwned" in page.locator("article").inner_text(), path
        page.goto(base + "map/#place=" + geneva["properties"]["id"])
        frame = page.frame_locator("iframe.marsad-map-frame")
        popup = frame.locator(".marsad-popup")
        popup.locator(".marsad-excerpt").first.wait_for(timeout=15000)  # excerpts arrive after the map
        assert "</script><script>window.__pwned" in popup.inner_text()
        for f in page.frames:
            assert f.evaluate("window.__pwned") is None
        assert dialogs == []
        # The hostile title shows as text in the browser tab title, markup and all.
        page.goto(base + "articles/hostile/")
        assert page.title().startswith("<script>window.__pwned")
        context.close()


def test_the_maps_own_controls_are_named_in_arabic_and_zoom_is_allowed(browser, news_site):
    """Leaflet names its zoom buttons and the popup's close button in English: an Arabic
    reader's screen reader would say «Zoom in». And the frame never forbids zooming."""
    import re

    frame = (news_site / "assets/marsad/map.html").read_text(encoding="utf-8")
    viewport = re.search(r'<meta name="viewport" content="([^"]*)"', frame)
    assert viewport and "user-scalable" not in viewport.group(1) and "maximum-scale" not in viewport.group(1)
    latin = re.compile(r"[A-Za-z]")
    with serve(news_site) as base:
        context = _context(browser)
        page = context.new_page()
        page.goto(base + "assets/marsad/map.html")
        page.locator("body[data-marsad-ready]").wait_for(state="attached", timeout=15000)
        names = page.evaluate("[...document.querySelectorAll('.leaflet-control-zoom a')]"
                              ".map(a => [a.title, a.getAttribute('aria-label')])")
        page.evaluate("window.marsadCluster.getLayers()[0].fire('click')")
        page.locator(".leaflet-popup-close-button").wait_for(timeout=15000)
        names += page.evaluate("[...document.querySelectorAll('.leaflet-popup-close-button')]"
                               ".map(a => [a.title, a.getAttribute('aria-label')])")
        context.close()
    assert len(names) == 3
    for title, label in names:
        assert title and title == label and not latin.search(title), names


def test_map_controls_filter_and_are_keyboard_reachable(browser, news_site):
    with serve(news_site) as base:
        context = _context(browser)
        page = context.new_page()
        page.goto(base + "assets/marsad/map.html")
        page.locator("body[data-marsad-ready]").wait_for(state="attached", timeout=15000)
        total = page.evaluate("window.marsadCluster.getLayers().length")
        # Keyboard: the search box and the menus (months, sources ...) take focus by Tab.
        wanted, focused = {"INPUT:search", "SELECT:select-one"}, set()
        for _ in range(3 * total + 20):  # the markers are keyboard-reachable too, before the panel
            page.keyboard.press("Tab")
            focused.add(page.evaluate("document.activeElement.tagName + ':' + (document.activeElement.type || '')"))
            if wanted <= focused:
                break
        assert wanted <= focused
        # Filter by date (a menu of the months with events): only places with events in 2024 or later remain.
        page.select_option(".marsad-controls select[name=from]", page.locator(".marsad-controls select[name=from] option[value^='2024-']").first.get_attribute("value"))
        later = page.evaluate("window.marsadCluster.getLayers().length")
        assert 0 < later < total
        page.select_option(".marsad-controls select[name=from]", "")
        page.select_option(".marsad-controls select[name=source]", "test.example")
        assert 0 < page.evaluate("window.marsadCluster.getLayers().length") < total
        context.close()


def test_arabic_headings_get_readable_ids(sample_site):
    page = (sample_site / "articles/002_b0cbef1f536209a0/index.html").read_text(encoding="utf-8")
    assert 'id="التواريخ"' in page and 'id="الأماكن"' in page


def test_the_map_page_preloads_what_its_frame_loads_first(sample_site):
    """The frame's scripts, styles and first markers are asked for with the frame, and each
    preload names a file the site has that the frame itself loads (else it is a wasted fetch)."""
    import re

    page = (sample_site / "map/index.html").read_text(encoding="utf-8")
    frame = (sample_site / "assets/marsad/map.html").read_text(encoding="utf-8")
    preloads = re.findall(r'<link rel="preload" href="\.\./([^"]+)" as="(\w+)"', page)
    assert {kind for _, kind in preloads} == {"script", "style", "fetch"}
    assert "data/map-points.json" in {href for href, _ in preloads}
    for href, _ in preloads:
        assert (sample_site / href).is_file(), href
        assert href.removeprefix("assets/marsad/") in frame or href == "data/map-points.json", href
    assert 'as="fetch" crossorigin>' in page  # a fetch() preload must say so, or it is not reused


def test_english_interface(tmp_path):
    project = copy_project(tmp_path / "en")
    config = (project / "mkdocs.yml").read_text(encoding="utf-8").replace("language: ar ", "language: en ")
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    timeline = (project / "site/timeline/index.html").read_text(encoding="utf-8")
    assert '<html lang="en"' in timeline and 'dir="ltr"' in timeline
    assert "<h1" in timeline and "Timeline" in timeline and "November 2015" in timeline
    mapped = (project / "site/assets/marsad/map.html").read_text(encoding="utf-8")
    assert 'dir="ltr"' in mapped and "Find a place" in mapped
    # The search box speaks English; the articles stay indexed as Arabic (their stemming).
    assert 'placeholder="Search the articles"' in timeline
    assert '"ar"' in (project / "site/pagefind/pagefind-entry.json").read_text(encoding="utf-8")


# ---------------------------------------------------------------- events merged, typed, with actors and sources

STRIKE_ONE = """---
title: غارات للتحالف على الرقة
date: 2016-08-25
source: one.example
---

شنت طائرات التحالف الدولي غارات على مدينة الرقة أمس.
"""

STRIKE_TWO = """---
title: "التحالف يقصف الرقة <b>عاجل</b>"
date: 2016-08-26
source: "two.example <i>"
---

قصفت طائرات التحالف الدولي مدينة الرقة يوم الأربعاء الماضي.
"""

_ITEM = re.compile(r'<li class="(marsad-event[^"]*)"( id="([^"]+)")? data-event="([^"]+)" data-type="([^"]+)".*?</li>', re.S)


def _items(page: str) -> list[re.Match]:
    return list(_ITEM.finditer(page))


@pytest.fixture(scope="module")
def strike_site(tmp_path_factory):
    """The sample site plus two outlets' reports of one air strike on Raqqa (24 August 2016)."""
    project = copy_project(tmp_path_factory.mktemp("strike"))
    (project / "site_src/articles/strike-one.md").write_text(STRIKE_ONE, encoding="utf-8")
    (project / "site_src/articles/strike-two.md").write_text(STRIKE_TWO, encoding="utf-8")
    result = mkdocs_build(project, "--strict")
    assert result.returncode == 0, result.stderr
    return project / "site"


def _strike(site_dir):
    features = json.loads((site_dir / "data/events.geojson").read_text(encoding="utf-8"))["features"]
    return [f for f in features if f["properties"]["name"] == "Ar Raqqah" and f["properties"]["start"] == "2016-08-24"
            and f["properties"]["type"] == "remote_violence"]


def test_two_outlets_reporting_one_strike_give_one_item_citing_both(strike_site):
    [feature] = _strike(strike_site)  # one feature: one event at one place, not one per report
    props = feature["properties"]
    eid = props["event"]
    assert props["source_count"] == 2
    assert [s["source"] for s in props["sources"]] == ["one.example", "two.example <i>"]
    assert [s["article"] for s in props["sources"]] == ["articles/strike-one/", "articles/strike-two/"]
    assert props["url"] == f"timeline/2016-08/#e-{eid}"
    month = (strike_site / "timeline/2016-08/index.html").read_text(encoding="utf-8")
    [item] = [m for m in _items(month) if m.group(4) == eid]
    html = item.group(0)
    assert item.group(3) == f"e-{eid}"  # the item's own anchor on its month page
    assert 'data-sources="2"' in html and "مصدران" in html
    assert "قصف وتفجيرات" in html and 'class="marsad-type-symbol"' in html  # the type's label and mark
    assert "غارة جوية" in html or "قصف مدفعي أو صاروخي" in html  # the sub-type
    assert html.count('class="marsad-article-link"') == 2
    assert 'href="../../articles/strike-one/"' in html and 'href="../../articles/strike-two/"' in html
    assert "التحالف يقصف الرقة &lt;b&gt;عاجل&lt;/b&gt;" in html and "two.example &lt;i&gt;" in html  # escaped
    assert "<b>عاجل" not in month and "two.example <i>" not in month
    assert f'<a class="marsad-permalink" href="#e-{eid}">رابط الحدث</a>' in html
    # Raqqa's section on the Syria page lists it once, with a link to its anchor on the month page.
    syria = (strike_site / "places/sy/index.html").read_text(encoding="utf-8")
    assert len([m for m in _items(syria) if m.group(4) == eid]) == 1
    assert f'href="../../timeline/2016-08/#e-{eid}"' in syria
    assert f'id="e-{eid}"' not in syria  # the anchor is the month page's alone
    # Each article's page lists the event, with its sources and its link; its words are marked.
    for slug in ("strike-one", "strike-two"):
        article = (strike_site / f"articles/{slug}/index.html").read_text(encoding="utf-8")
        events = article.split('<ul class="marsad-article-events">')[1].split("</ul>")[0]
        assert f'<a href="../../timeline/2016-08/#e-{eid}">مصدران</a>' in events and "قصف وتفجيرات" in events
        assert '<mark class="marsad-trigger" tabindex="0" title="قصف وتفجيرات' in article
    # The map's data: one row for Raqqa's event, with both articles.
    places = json.loads((strike_site / "data/places.geojson").read_text(encoding="utf-8"))
    raqqa = next(f for f in places["features"] if f["properties"]["name"] == "Ar Raqqah")
    [row] = [e for e in raqqa["properties"]["events"] if e[9] == eid]
    assert sorted(places["articles"][i][0] for i in row[7]) == ["articles/strike-one/", "articles/strike-two/"]
    assert places["types"][row[5]][:2] == ["remote_violence", "قصف وتفجيرات"]
    assert places["pages"][row[8]] + "#e-" + row[9] == props["url"]
    # The calendar and the table have it once too, with both sources.
    ics = (strike_site / "data/events.ics").read_bytes().decode("utf-8").replace("\r\n ", "")
    assert ics.count(f"UID:{eid}@marsad") == 1
    rows = [r for r in csv.DictReader(io.StringIO((strike_site / "data/events.csv").read_text(encoding="utf-8-sig"))) if r["event"] == eid]
    assert len(rows) == 1
    assert rows[0]["source_count"] == "2" and rows[0]["source_outlets"] == "one.example | two.example <i>"
    assert rows[0]["source_articles"] == "articles/strike-one/ | articles/strike-two/"


def test_every_month_item_is_one_merged_event_with_type_anchor_and_sources(sample_site):
    features = json.loads((sample_site / "data/events.geojson").read_text(encoding="utf-8"))["features"]
    events = {f["properties"]["event"]: f["properties"] for f in features}
    taxonomy = load_taxonomy()
    labels = {t.ar for t in taxonomy.types.values()} | {"غير مصنف"}
    seen = []
    for page in sorted((sample_site / "timeline").glob("*/index.html")):
        text = page.read_text(encoding="utf-8")
        if "marsad-months" in text:
            continue  # the index
        for m in _items(text):
            html, eid = m.group(0), m.group(4)
            seen.append(eid)
            assert m.group(3) == f"e-{eid}", eid
            assert eid in events, eid
            assert events[eid]["url"] == f"timeline/{page.parent.name}/#e-{eid}"
            label = re.search(r'<span class="marsad-type-symbol" aria-hidden="true">[^<]*</span>([^<]+)</span>', html).group(1)
            assert label in labels and label == events[eid]["type_label"], label
            count = int(re.search(r'data-sources="(\d+)"', html).group(1))
            assert count == events[eid]["source_count"] == html.count('class="marsad-report"') >= 1
            assert f'<span class="marsad-sources-count">{say_count(count, "source")}</span>' in html
            assert f'href="#e-{eid}"' in html
            assert ("marsad-future" in m.group(1)) == events[eid]["future"] == ("مرتقب" in html)
    assert sorted(seen) == sorted(events)  # each merged event once, on one month page
    assert len(seen) == len(set(seen))
    assert len({e["type"] for e in events.values()}) >= 3  # typed events, several types


def test_data_files_carry_type_actors_sources_and_the_merged_id(sample_site):
    features = json.loads((sample_site / "data/events.geojson").read_text(encoding="utf-8"))["features"]
    actors = load_actors()
    taxonomy = load_taxonomy()
    for f in features:
        p = f["properties"]
        assert p["type"] in taxonomy.types or p["type"] == "other"
        assert p["type_label"] == taxonomy.type_label(p["type"], "ar") if p["type"] in taxonomy.types else "غير مصنف"
        assert p["subtype_label"] == taxonomy.subtype_label(p["subtype"], "ar")
        assert p["actor_labels"] == [actors.get(a).ar for a in p["actors"]]
        assert isinstance(p["future"], bool)
        assert p["source_count"] == len(p["sources"]) >= 1
        assert all(s["article"].startswith("articles/") and s["title"] and s["sentences"] for s in p["sources"])
        assert re.fullmatch(r"[0-9a-f]{10}(-\d+)?", p["event"])
    assert any(f["properties"]["actors"] for f in features)
    header = (sample_site / "data/events.csv").read_text(encoding="utf-8-sig").splitlines()[0].split(",")
    assert header == datafiles.CSV_COLUMNS
    assert {"type", "type_label", "subtype", "actors", "actor_labels", "future", "source_count", "source_articles",
            "source_titles", "source_outlets", "url"} <= set(header)
    rows = list(csv.DictReader(io.StringIO((sample_site / "data/events.csv").read_text(encoding="utf-8-sig"))))
    assert [r["event"] for r in rows] == [f["properties"]["event"] for f in features]
    assert [r["actors"] for r in rows] == [" | ".join(f["properties"]["actors"]) for f in features]
    ics = (sample_site / "data/events.ics").read_bytes().decode("utf-8").replace("\r\n ", "")
    uids = re.findall(r"^UID:(.+)@marsad\r$", ics, re.M)
    assert sorted(uids) == sorted({f["properties"]["event"] for f in features})
    assert "CATEGORIES:" + features[0]["properties"]["type_label"] in ics
    places = json.loads((sample_site / "data/places.geojson").read_text(encoding="utf-8"))
    assert [t[0] for t in places["types"]] == [k for k in taxonomy.types if k in {f["properties"]["type"] for f in features}]
    assert {a[0] for a in places["actors"]} == {a for f in features for a in f["properties"]["actors"]}
    credit = (sample_site / "data/index.html").read_text(encoding="utf-8")
    assert "UniversalPetrarch" in credit and "GeoNames" in credit


# ---- the site model, from events built directly (real sentences, gazetteer and date stage)


@pytest.fixture(scope="module")
def gazetteer():
    return Gazetteer.load([])


def _record(slug, published, source, title, events=()):
    article = Article(f"{slug}.md", slug, title, dt.date.fromisoformat(published), "", source)
    return site.ArticleRecord(article, Extraction(article.published, (), (), tuple(events)), f"articles/{slug}/")


def _event(gazetteer, published, sentence, type_="remote_violence", *, at=0, **kw):
    places = tuple({m.place.id: m for m in find_places(sentence, gazetteer)}.values())
    dates = [d for d in find_dates(sentence, dt.date.fromisoformat(published)) if d.start]
    if dates and kw.get("date_from") != "published":
        d = dates[0]
        when = dict(start=d.start, end=d.end, granularity=d.granularity, date=d, date_from=kw.pop("date_from", "text"))
    else:
        kw.pop("date_from", None)
        day = dt.date.fromisoformat(published)
        when = dict(start=day, end=day, granularity="day", date=None, date_from="published")
    return Event(sentence, (at, at + len(sentence)), places=places, type=type_, trigger=sentence.split()[0],
                 trigger_offset=(at, at + len(sentence.split()[0])), **when, **kw)


def _model(records):
    return site.build_model(records, site.SiteSettings(), actors=load_actors())


def test_items_say_where_the_date_comes_from_mark_plans_and_name_actors(gazetteer):
    text = _event(gazetteer, "2016-08-25", "قصفت الطائرات الرقة أمس", subtype="air_strike", actors=("anti_is_coalition",))
    context = replace(_event(gazetteer, "2016-08-25", "قصفت الطائرات منبج أمس", subtype="shelling", at=40), date_from="context")
    published = _event(gazetteer, "2016-08-25", "قصفت الطائرات جرابلس", at=80)
    plan = _event(gazetteer, "2016-08-25", "يصل الوزير إلى جنيف غدًا", "visit", subtype="visit", future=True, at=120)
    model = _model([_record("a", "2016-08-25", "one.example", "عنوان", [text, context, published, plan])])
    page = site.render_timeline_page(model, model.timeline_pages[0], "timeline/2016-08/")
    items = {m.group(4): m.group(0) for m in _items(page)}
    assert len(items) == 4
    by_place = {next(p.place.name for p in e.places): items[e.id] for e in model.events}
    assert "يوم · من النص" in by_place["Ar Raqqah"]
    assert "يوم · من سياق الخبر" in by_place["Manbij"]
    assert "يوم · بتاريخ النشر" in by_place["Jarābulus"]
    assert "التحالف الدولي" in by_place["Ar Raqqah"] and "الأطراف:" in by_place["Ar Raqqah"]
    assert "الأطراف:" not in by_place["Jarābulus"]
    assert "مرتقب" in by_place["Geneva"] and "marsad-future" in by_place["Geneva"] and "زيارات" in by_place["Geneva"]
    assert "مرتقب" not in by_place["Ar Raqqah"]
    assert "غارة جوية" in by_place["Ar Raqqah"] and "قصف مدفعي أو صاروخي" in by_place["Manbij"]


def test_a_long_range_event_stays_on_its_first_month_and_many_sources_fold(gazetteer):
    year = replace(_event(gazetteer, "2016-08-25", "معارك في الرقة", "battle"), start=dt.date(2016, 1, 1),
                   end=dt.date(2016, 12, 31), granularity="year", date_from="text")
    strikes = [_record(f"s{i}", "2016-08-25", f"outlet{i}.example", f"عنوان {i}",
                       [_event(gazetteer, "2016-08-25", "قصفت الطائرات الرقة أمس")]) for i in range(6)]
    model = _model([_record("y", "2016-08-25", "one.example", "عنوان", [year]), *strikes])
    assert [p.month for p in model.timeline_pages] == ["2016-01", "2016-08"]
    [yearly] = model.timeline_pages[0].events
    assert yearly.granularity == "year"
    [merged] = model.timeline_pages[1].events
    assert len(merged.articles) == 6
    page = site.render_timeline_page(model, model.timeline_pages[1], "timeline/2016-08/")
    assert '<details class="marsad-sources"><summary class="marsad-sources-count">6 مصادر</summary>' in page
    assert page.count('class="marsad-report"') == 6


def test_home_latest_events_vary_across_articles_and_places(gazetteer):
    towns = ["الرقة", "منبج", "جرابلس", "حلب", "الطبقة", "مارع", "حرستا", "دمشق", "حمص", "إدلب"]
    busy = _record("busy", "2016-08-25", "busy.example", "عنوان",
                   [_event(gazetteer, "2016-08-25", f"قصفت الطائرات {t}", at=40 * i) for i, t in enumerate(towns)])
    others = [_record(f"o{i}", "2016-08-24", f"other{i}.example", f"عنوان {i}",
                      [_event(gazetteer, "2016-08-24", f"اشتباكات في {t}", "battle")]) for i, t in enumerate(towns[:4])]
    model = _model([busy, *others])
    latest = site.latest_events(model)
    assert len(latest) == site.LATEST_ON_HOME
    slugs = [e.articles[0].article.slug for e in latest]
    assert slugs.count("busy") <= 4  # not eight items of one article, though its events are the most recent
    assert {"o0", "o1", "o2", "o3"} <= set(slugs)
    assert [e.end for e in latest] == sorted((e.end for e in latest), reverse=True)
    home = site.render_home_summary(model, "")
    assert home.count('<li class="marsad-event') == site.LATEST_ON_HOME
    assert 'href="timeline/2016-08/#e-' in home  # each item links to its anchor on its month page


# ---- the plugin's actor tables

USER_ACTORS = """actors:
  - id: star_brigades
    ar: كتائب النجمة
    en: Star Brigades
    kind: armed_group
    names: [كتائب النجمة, لواء النجمة]
"""

STAR = """---
title: هجوم في الموصل
date: 2016-08-25
source: star.example
---

هاجمت كتائب النجمة مواقع للجيش العراقي في الموصل أمس.
"""


def _with_actor_files(project, files: str) -> None:
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    assert "      week_start: monday\n" in config
    (project / "mkdocs.yml").write_text(config.replace("      week_start: monday\n", f"      week_start: monday\n      actors: {files}\n"),
                                        encoding="utf-8")


def test_the_sites_own_actor_table_names_actors(tmp_path):
    project = copy_project(tmp_path / "actors")
    (project / "more-actors.yaml").write_text(USER_ACTORS, encoding="utf-8")
    (project / "site_src/articles/star.md").write_text(STAR, encoding="utf-8")
    _with_actor_files(project, "[more-actors.yaml]")
    result = mkdocs_build(project, "--strict")
    assert result.returncode == 0, result.stderr
    features = json.loads((project / "site/data/events.geojson").read_text(encoding="utf-8"))["features"]
    [star] = [f["properties"] for f in features if f["properties"]["article"] == "articles/star/"]
    assert "star_brigades" in star["actors"]
    assert star["actor_labels"][star["actors"].index("star_brigades")] == "كتائب النجمة"
    month = (project / "site/timeline/2016-08/index.html").read_text(encoding="utf-8")
    assert "كتائب النجمة" in month.split(f'data-event="{star["event"]}"')[1].split("</li>")[0]
    places = json.loads((project / "site/data/places.geojson").read_text(encoding="utf-8"))
    assert ["star_brigades", "كتائب النجمة"] in places["actors"]


def test_a_malformed_actor_file_stops_the_build_with_one_clear_line(tmp_path):
    project = copy_project(tmp_path / "bad-actors")
    (project / "bad-actors.yaml").write_text("actors:\n  - id: x\n    names: [a]\n", encoding="utf-8")  # no Arabic name
    _with_actor_files(project, "[bad-actors.yaml]")
    result = mkdocs_build(project)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if "bad-actors.yaml" in line]
    assert len(lines) == 1, result.stderr
    assert "'ar' (the Arabic name) is missing" in lines[0] and "actor 'x'" in lines[0]
    assert not (project / "site/index.html").exists()
    (project / "bad-actors.yaml").write_text("actors: [oops\n", encoding="utf-8")  # not YAML
    broken = mkdocs_build(project)
    assert broken.returncode != 0 and "Traceback" not in broken.stderr
    assert [line for line in broken.stderr.splitlines() if "bad-actors.yaml" in line and "cannot read" in line]


# ---- the map's type and actor filters, in Chromium


def test_map_type_and_actor_filters_change_the_markers(browser, news_site):
    places = json.loads((news_site / "data/places.geojson").read_text(encoding="utf-8"))
    types = [t[0] for t in places["types"]]
    actor_ids = [a[0] for a in places["actors"]]

    def expected(type_key=None, actor_id=None):
        t = types.index(type_key) if type_key else None
        a = actor_ids.index(actor_id) if actor_id else None
        return sum(1 for f in places["features"] if any(
            (t is None or e[5] == t) and (a is None or a in e[6]) for e in f["properties"]["events"]))

    assert "protest" in types and "islamic_state" in actor_ids
    total = len(places["features"])
    assert 0 < expected("protest") < total and 0 < expected(actor_id="islamic_state") < total
    with serve(news_site) as base:
        context = _context(browser)
        page = context.new_page()
        errors = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto(base + "assets/marsad/map.html")
        page.locator("body[data-marsad-ready]").wait_for(state="attached", timeout=15000)
        count = lambda: page.evaluate("window.marsadCluster.getLayers().length")  # noqa: E731
        assert count() == total
        # By type: the select lists the types by their Arabic labels.
        page.select_option(".marsad-controls select[name=type]", label=f"{places['types'][types.index('protest')][3]} احتجاجات وأعمال شغب")
        assert count() == expected("protest")
        # Type and actor together, then the actor alone.
        label = dict(places["actors"])["islamic_state"]
        page.select_option(".marsad-controls select[name=actor]", label=label)
        assert count() == expected("protest", "islamic_state")
        page.select_option(".marsad-controls select[name=type]", value="-1")
        assert count() == expected(actor_id="islamic_state")
        page.select_option(".marsad-controls select[name=actor]", value="-1")
        assert count() == total
        # The legend sets the type filter too, and a second click clears it.
        button = page.locator(".marsad-type-legend button", has_text="احتجاجات وأعمال شغب")
        button.click()
        assert count() == expected("protest") and button.get_attribute("aria-pressed") == "true"
        assert page.locator(".marsad-controls select[name=type]").input_value() == str(types.index("protest"))
        button.click()
        assert count() == total
        # A popup shows each event's type, date, actors and sources, and links to the event.
        beirut = next(f for f in places["features"] if f["properties"]["name"] == "Beirut")
        page.evaluate("id => window.marsadOpenPlace(id)", beirut["properties"]["id"])
        popup = page.locator(".marsad-popup")
        popup.wait_for(timeout=10000)
        first = popup.locator("li").first
        assert "احتجاجات وأعمال شغب" in first.inner_text() and "مصدر واحد" in first.inner_text()
        href = first.locator("a.marsad-event-link").get_attribute("href")
        assert re.search(r"timeline/2016-08/#e-[0-9a-f]{10}$", href), href
        # A shared link can start with filters: #type=…&actor=…
        page.goto("about:blank")  # a new hash alone would not load the map again
        page.goto(base + "assets/marsad/map.html#type=protest")
        page.locator("body[data-marsad-ready]").wait_for(state="attached", timeout=15000)
        assert count() == expected("protest")
        assert errors == []
        context.close()


def test_cached_rows_follow_an_event_that_another_article_joins(tmp_path, gazetteer):
    """The data files' rows are cached per article, but an event's rows show every article
    that reports it: when a new article joins an event, the rows of the article that owns
    it are written again (its key names all the reports), and the others come from the cache."""
    import sqlite3

    from generator.cache import ExtractionCache
    from generator.extract import Job, extract_many

    texts = {
        "one": ("2016-08-25", "one.example", "شنت طائرات التحالف الدولي غارات على مدينة الرقة أمس."),
        "other": ("2016-08-25", "other.example", "تظاهر مئات في بيروت أمس."),
        "two": ("2016-08-26", "two.example", "قصفت طائرات التحالف الدولي مدينة الرقة يوم الأربعاء الماضي."),
    }
    cache = ExtractionCache(tmp_path / "cache.sqlite")

    def model(slugs):
        articles = [Article(f"{s}.md", s, f"عنوان {s}", dt.date.fromisoformat(texts[s][0]), texts[s][2], texts[s][1]) for s in slugs]
        extractions, _ = extract_many([Job(a.text, a.published, a.content_hash) for a in articles], gazetteer, cache=cache,
                                      processes=1)
        records = [site.ArticleRecord(a, ex, f"articles/{a.slug}/") for a, ex in zip(articles, extractions)]
        return site.build_model(records, site.SiteSettings(), actors=load_actors())

    def keys():
        with sqlite3.connect(tmp_path / "cache.sqlite") as db:
            return {k for (k,) in db.execute("SELECT key FROM rows")}

    def raqqa_rows(files):
        return [r for r in csv.DictReader(io.StringIO(files["data/events.csv"].removeprefix(datafiles.CSV_BOM))) if r["name"] == "Ar Raqqah"]

    before = datafiles.render_all(model(["one", "other"]), "مرصد", cache)
    assert [r["source_count"] for r in raqqa_rows(before)] == ["1"]
    first = keys()
    assert len(first) == 2
    joined = model(["one", "other", "two"])
    after = datafiles.render_all(joined, "مرصد", cache)
    assert after == datafiles.render_all(joined, "مرصد")  # the same as written afresh, without a cache
    [row] = raqqa_rows(after)
    assert row["source_count"] == "2" and row["source_articles"] == "articles/one/ | articles/two/"
    assert row["event"] == raqqa_rows(before)[0]["event"]  # the id is the earliest report's: it stays
    now = keys()
    assert len(now) == 2 and len(first & now) == 1  # "other" kept its rows; "one" was written again; "two" owns none
    cache.close()


def test_month_pages_head_each_date_once_name_their_neighbours_and_band_longer_events(gazetteer):
    year = replace(_event(gazetteer, "2016-08-25", "معارك في الرقة", "battle"), start=dt.date(2016, 1, 1),
                   end=dt.date(2016, 12, 31), granularity="year", date_from="text")
    days = [_event(gazetteer, "2016-08-25", "قصفت الطائرات الرقة أمس", at=100),
            _event(gazetteer, "2016-08-25", "قصفت الطائرات منبج أمس", at=200),
            _event(gazetteer, "2016-08-25", "قصفت الطائرات جرابلس", at=300, date_from="published")]
    model = _model([_record("y", "2016-08-25", "one.example", "عنوان", [year, *days])])
    assert [p.month for p in model.timeline_pages] == ["2016-01", "2016-08"]
    august = site.render_timeline_page(model, model.timeline_pages[1], "timeline/2016-08/")
    # One heading per day, not a date on every card.
    assert august.count('<h2 class="marsad-date-heading" id="d-2016-08-24">') == 1
    assert august.count('<h2 class="marsad-date-heading" id="d-2016-08-25">') == 1
    assert august.count(">24 أغسطس 2016</time>") == 1
    assert len(_items(august)) == 3
    # The pager names the neighbouring month; the year the page belongs to links the index.
    assert 'rel="prev"' in august and "السابق: يناير 2016" in august and 'rel="next"' not in august
    assert '#y-2016">الخط الزمني · 2016</a>' in august
    # The whole-year event, listed on January, is named on August too, linking to its item.
    [yearly] = model.timeline_pages[0].events
    assert 'class="marsad-band"' in august and f'href="../2016-01/#e-{yearly.id}"' in august
    january = site.render_timeline_page(model, model.timeline_pages[0], "timeline/2016-01/")
    assert 'class="marsad-band"' not in january and f'id="e-{yearly.id}"' in january
    assert 'id="d-2016-01-01-2016-12-31"' in january and ">2016</time></h2>" in january
    # The index groups the months by year and says the gap between them.
    index = site.render_timeline_index(model, "timeline/")
    assert '<h3 class="marsad-year" id="y-2016">2016 <span class="marsad-count">4 أحداث</span></h3>' in index
    assert "لا أحداث من فبراير 2016 إلى يوليو 2016" in index


def test_a_band_stays_short_however_many_long_events_cover_a_month(gazetteer):
    years = [replace(_event(gazetteer, "2016-08-25", "معارك في الرقة", "battle", at=i * 20), start=dt.date(2016, 1, 1),
                     end=dt.date(2016, 12, 31), granularity="year", date_from="text") for i in range(40)]
    years = [replace(y, sentence=f"معارك رقم {i} في الرقة") for i, y in enumerate(years)]
    late = _event(gazetteer, "2016-08-25", "قصفت الطائرات الرقة أمس", at=5000)
    model = _model([_record(f"y{i}", "2016-08-25", f"o{i}.example", "عنوان", [y]) for i, y in enumerate(years)]
                   + [_record("late", "2016-08-25", "late.example", "عنوان", [late])])
    august = next(p for p in model.timeline_pages if p.month == "2016-08")
    page = site.render_timeline_page(model, august, "timeline/2016-08/")
    band = re.search(r'<section class="marsad-band".*?</section>', page, re.S).group(0)
    listed = len(model.spanning["2016-08"])
    assert band.count("<li") == min(listed, site.BAND_SIZE)
    if listed > site.BAND_SIZE:
        assert say_count(listed - site.BAND_SIZE, "event") in band


def test_levantine_month_names_on_the_pages(gazetteer):
    record = _record("a", "2016-08-25", "one.example", "عنوان", [_event(gazetteer, "2016-08-25", "قصفت الطائرات الرقة أمس")])
    model = site.build_model([record], site.SiteSettings(month_names="levantine"), actors=load_actors())
    page = site.render_timeline_page(model, model.timeline_pages[0], "timeline/2016-08/")
    assert page.startswith("# آب 2016") and "24 آب 2016" in page and "أغسطس" not in page


def test_a_large_site_offers_its_events_as_one_zip(gazetteer):
    """Past `raw_exports_up_to` rows the data page links the zip (and says why the loose
    files are not there); below it, the zip and each file."""
    text = "شنت طائرات التحالف الدولي غارات على مدينة الرقة أمس، وتظاهر مئات في بيروت."
    article = Article("a.md", "a", "عنوان", dt.date(2016, 8, 25), text, "one.example")
    from generator.extract import Job, extract_many

    [extraction], _ = extract_many([Job(article.text, article.published, article.content_hash)], gazetteer, cache=None,
                                   processes=1)
    records = [site.ArticleRecord(article, extraction, "articles/a/")]
    small = site.build_model(records, site.SiteSettings(), actors=load_actors())
    large = site.build_model(records, site.SiteSettings(raw_exports_up_to=0), actors=load_actors())
    assert small.events and small.raw_exports and not large.raw_exports
    words = small.w
    small_page, large_page = (site.render_data_page(m, "data/") for m in (small, large))
    for path in ("events.zip", "places.geojson"):
        assert f'href="{path}"' in small_page and f'href="{path}"' in large_page
    assert 'href="events.csv"' in small_page and 'href="events.csv"' not in large_page
    assert words["events_zip_only"] in large_page and words["events_zip_only"] not in small_page
