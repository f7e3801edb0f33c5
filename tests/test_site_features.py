"""Issue-level behaviour of the built site: language, search, hostile input in the browser,
headings, accessibility of the map controls."""

import json

import pytest

from conftest import copy_project, mkdocs_build
from generator.localserver import serve
from test_build import HOSTILE

NEWS = """---
title: قصف في حلب وبيروت
date: 2016-08-25
source: test.example
---

قالت مصادر إن قصفًا عنيفًا استهدف أحياء في مدينة حلب يوم الاثنين، فيما شهدت بيروت مظاهرات مساء أمس.
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
        page.locator("input.md-search__input").click()
        # The search index loads in a worker when the box is first focused; wait for it.
        page.wait_for_load_state("networkidle")
        page.wait_for_timeout(500)
        for word in ("حلب", "بيروت"):
            box = page.locator("input.md-search__input")
            box.click()
            box.fill("")
            box.type(word, delay=50)
            # Playwright inserts Arabic text as one input event with no key events; a real key
            # press after it makes Material read the box as it does when a person types.
            page.keyboard.press("End")
            results = page.locator(".md-search-result__item")
            results.first.wait_for(timeout=15000)
            assert word in page.locator(".md-search-result").inner_text()
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
            page.wait_for_load_state("networkidle")
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


def test_map_controls_filter_and_are_keyboard_reachable(browser, news_site):
    with serve(news_site) as base:
        context = _context(browser)
        page = context.new_page()
        page.goto(base + "assets/marsad/map.html")
        page.locator("body[data-marsad-ready]").wait_for(state="attached", timeout=15000)
        total = page.evaluate("window.marsadCluster.getLayers().length")
        # Keyboard: the search box, the date fields and the source list take focus by Tab.
        wanted, focused = {"INPUT:search", "INPUT:date", "SELECT:select-one"}, set()
        for _ in range(3 * total + 20):  # the markers are keyboard-reachable too, before the panel
            page.keyboard.press("Tab")
            focused.add(page.evaluate("document.activeElement.tagName + ':' + (document.activeElement.type || '')"))
            if wanted <= focused:
                break
        assert wanted <= focused
        # Filter by date: only places with events on or after 2024-01-01 remain.
        page.fill(".marsad-controls input[type=date] >> nth=0", "2024-01-01")
        page.dispatch_event(".marsad-controls input[type=date] >> nth=0", "change")
        later = page.evaluate("window.marsadCluster.getLayers().length")
        assert 0 < later < total
        page.fill(".marsad-controls input[type=date] >> nth=0", "")
        page.dispatch_event(".marsad-controls input[type=date] >> nth=0", "change")
        page.select_option(".marsad-controls select", "test.example")
        assert 0 < page.evaluate("window.marsadCluster.getLayers().length") < total
        context.close()


def test_arabic_headings_get_readable_ids(sample_site):
    page = (sample_site / "articles/002_b0cbef1f536209a0/index.html").read_text(encoding="utf-8")
    assert 'id="التواريخ"' in page and 'id="الأماكن"' in page


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
