"""The interactive timeline page and its links with the map, in real headless Chromium
(the built sample site served under a sub-path), and its data file."""

import json
import re
from urllib.parse import urlparse

import pytest

from generator.localserver import serve
from waits import set_hash, timeline_settled

LATIN_WORD = re.compile(r"[A-Za-z]{2,}")


def _events(sample_site):
    return json.loads((sample_site / "data/timeline.json").read_text(encoding="utf-8"))


@pytest.fixture()
def views(browser, sample_site):
    with serve(sample_site) as base:
        context = browser.new_context(viewport={"width": 1366, "height": 900})
        context.route("**/tile.openstreetmap.org/**", lambda route: route.fulfill(status=204, body=b""))
        outside, errors = [], []

        def on_request(request):
            host = urlparse(request.url).hostname
            if host != "127.0.0.1" and not request.url.startswith("data:") and host != "tile.openstreetmap.org":
                outside.append(request.url)

        context.on("request", on_request)
        context.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
        page = context.new_page()
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        yield page, base, outside, errors
        context.close()


def _ready(page):
    page.locator("#marsad-timeline[data-marsad-ready]").wait_for(state="attached", timeout=15000)


def _window(page):
    return page.evaluate("(() => { const w = window.marsadTimeline.getWindow(); return [w.start.valueOf(), w.end.valueOf()]; })()")


def test_data_file_is_compact_and_matches_the_events(sample_site):
    data = _events(sample_site)
    geo = json.loads((sample_site / "data/events.geojson").read_text(encoding="utf-8"))["features"]
    ids = list(dict.fromkeys(f["properties"]["event"] for f in geo))
    assert [e[0] for e in data["events"]] == ids  # every event once, in timeline order
    assert [e[1] for e in data["events"]] == sorted(e[1] for e in data["events"])
    for e in data["events"]:
        assert e[1] <= e[2] and 0 <= e[4] < len(data["types"]) and 0 <= e[6] < len(data["pages"])
        assert all(0 <= p < len(data["places"]) for p in e[5])
    assert all(LATIN_WORD.search(e[8]) is None for e in data["events"])  # Arabic date labels


def test_timeline_draws_every_event_in_order_ranges_as_ranges(views, sample_site):
    page, base, outside, errors = views
    data = _events(sample_site)
    page.goto(base + "timeline/interactive/")
    _ready(page)
    assert page.evaluate("window.marsadTimelineEvents") == len(data["events"])
    assert page.evaluate("getComputedStyle(document.querySelector('.vis-timeline')).direction") == "rtl"
    # The whole period: every event is drawn, on its own or in a cluster that counts it.
    page.locator(".marsad-tl-fit").click()
    timeline_settled(page)
    drawn = page.evaluate("""(() => {
        const own = [...document.querySelectorAll('#marsad-timeline .marsad-tl-item')].length;
        const clustered = [...document.querySelectorAll('#marsad-timeline .marsad-tl-cluster')].reduce((n, c) => n + +c.textContent, 0);
        return own + clustered; })()""")
    assert drawn == len(data["events"])
    # Month by month: each event on its own, right to left in time order, a range as wide as its days.
    months = sorted({e[1][:7] for e in data["events"]})
    seen, ranges = set(), 0
    for month in months:
        set_hash(page, f"from={month}-01&to={month}-28")
        timeline_settled(page)
        items = page.evaluate("""(() => [...document.querySelectorAll('#marsad-timeline .vis-item:not(.vis-cluster)')].map(el => {
            const c = el.querySelector('.marsad-tl-item'); const r = el.getBoundingClientRect();
            const dot = el.querySelector('.vis-dot');
            const x = el.classList.contains('vis-range') ? r.right : (dot || el).getBoundingClientRect().right;
            return c && [c.dataset.event, c.dataset.start, c.dataset.end, el.classList.contains('vis-range'), x, r.width]; }).filter(Boolean))()""")
        by_start = sorted((i for i in items if i[1][:7] == month and i[1] >= f"{month}-01"), key=lambda i: i[1])
        xs = [i[4] for i in by_start]
        assert xs == sorted(xs, reverse=True), (month, by_start)  # later is further left
        for event, start, end, is_range, x, width in items:
            seen.add(event)
            assert is_range == (start != end), (event, start, end)
            if is_range:
                ranges += 1
                assert width > 10
    assert ranges > 0
    # Every event is drawn on its own in some month's window, except those that begin before it.
    assert seen >= {e[0] for e in data["events"] if e[1][8:] <= "28"} - {e[0] for e in data["events"] if e[1] != e[2]}
    # Uncertain dates look different from days.
    classes = page.evaluate("[...document.querySelectorAll('#marsad-timeline .vis-item')].map(e => e.className).join(' ')")
    assert "marsad-g-" in classes
    assert outside == [] and errors == []


def test_timeline_zooms_scrolls_and_keeps_its_window_in_the_url(views):
    page, base, outside, errors = views
    page.goto(base + "timeline/interactive/")
    _ready(page)
    start, end = _window(page)
    page.locator(".marsad-tl-zoom-in").click()
    timeline_settled(page)
    s2, e2 = _window(page)
    assert (e2 - s2) < (end - start) * 0.6
    # Drag the axis: the window moves, same width.
    box = page.locator("#marsad-timeline .vis-center").bounding_box()
    y = box["y"] + 40
    page.mouse.move(box["x"] + box["width"] / 2, y)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] / 2 + 200, y, steps=8)
    page.mouse.up()
    timeline_settled(page)
    s3, e3 = _window(page)
    assert abs((e3 - s3) - (e2 - s2)) < 86400000 and abs(s3 - s2) > 86400000
    url = page.url
    assert re.search(r"#from=\d{4}-\d{2}-\d{2}&to=\d{4}-\d{2}-\d{2}", url)
    # The link restores the window.
    page.goto("about:blank")
    page.goto(url)
    _ready(page)
    s4, e4 = _window(page)
    frm, to = re.search(r"from=([\d-]+)&to=([\d-]+)", url).groups()
    assert page.evaluate("d => new Date(d).toISOString().slice(0, 10)", s4) == frm
    assert page.evaluate("d => new Date(d - 1).toISOString().slice(0, 10)", e4) == to
    # Grouping on request, by country and by type; no Latin words in the interface.
    page.locator(".marsad-tl-group select").select_option("country")
    timeline_settled(page)
    assert page.locator("#marsad-timeline .vis-label").count() >= 2
    assert "group=country" in page.url
    text = page.locator(".marsad-tl").inner_text() + page.locator("h1").inner_text()
    assert LATIN_WORD.search(text) is None, LATIN_WORD.findall(text)
    assert outside == [] and errors == []


def _map_frame(page):
    page.frame_locator("iframe.marsad-map-frame").locator("body[data-marsad-ready]").wait_for(state="attached", timeout=15000)
    return next(f for f in page.frames if f.url.split("#")[0].endswith("map.html"))


def test_a_time_window_on_the_timeline_filters_the_map_and_the_url_restores_it(views, sample_site):
    page, base, outside, errors = views
    data = _events(sample_site)
    places = json.loads((sample_site / "data/places.geojson").read_text(encoding="utf-8"))["features"]
    page.goto(base + "timeline/interactive/#from=2016-08-20&to=2016-08-31")
    _ready(page)
    timeline_settled(page)
    expected = {p["properties"]["id"] for p in places
                if any(e[1] >= "2016-08-20" and e[0] <= "2016-08-31" for e in p["properties"]["events"])}
    assert 0 < len(expected) < len(places)
    count = int(page.locator(".marsad-tl-count").get_attribute("data-count"))
    assert count == sum(1 for e in data["events"] if e[2] >= "2016-08-20" and e[1] <= "2016-08-31")
    page.locator(".marsad-tl-on-map").click()
    page.wait_for_load_state()
    assert "/map/#" in page.url and "from=2016-08-20" in page.url and "to=2016-08-31" in page.url
    inner = _map_frame(page)
    shown = inner.evaluate("window.marsadCluster.getLayers().map(m => m.marsadPlace)")
    assert set(shown) == expected
    # The map's time window shows it; moving it writes the page's URL, which a reload restores.
    frame = page.frame_locator("iframe.marsad-map-frame")
    assert frame.locator("details.marsad-time").get_attribute("data-from") == "2016-08-20"
    frame.locator("details.marsad-time input[type=range]").first.evaluate(
        "(el) => { el.value = String(+el.value - 5); el.dispatchEvent(new Event('input')); el.dispatchEvent(new Event('change')); }")
    assert "from=2016-08-15" in page.url
    url = page.url
    page.goto("about:blank")
    page.goto(url)
    inner = _map_frame(page)
    wider = {p["properties"]["id"] for p in places
             if any(e[1] >= "2016-08-15" and e[0] <= "2016-08-31" for e in p["properties"]["events"])}
    assert set(inner.evaluate("window.marsadCluster.getLayers().map(m => m.marsadPlace)")) == wider
    assert frame.locator("details.marsad-time").get_attribute("data-from") == "2016-08-15"
    assert outside == [] and errors == []


def test_an_event_clicked_on_one_view_is_shown_on_the_other(views, sample_site):
    page, base, outside, errors = views
    data = _events(sample_site)
    event = next(e for e in data["events"] if e[1] == e[2] and e[1].startswith("2016-08"))
    page.goto(base + f"timeline/interactive/#from={event[1]}&to={event[1]}")
    _ready(page)
    page.locator(f'#marsad-timeline .marsad-tl-item[data-event="{event[0]}"]').click()
    detail = page.locator(".marsad-tl-detail")
    detail.wait_for(state="visible")
    assert f"event={event[0]}" in page.url
    month_link = detail.locator("a.marsad-tl-month-link").get_attribute("href")
    assert month_link.endswith(f"/{event[1][:7]}/#e-{event[0]}")
    # Timeline -> map: the map opens at the event's place, its popup marks the event.
    detail.locator("a.marsad-tl-map-link").first.click()
    page.wait_for_load_state()
    assert f"event={event[0]}" in page.url
    _map_frame(page)
    frame = page.frame_locator("iframe.marsad-map-frame")
    marked = frame.locator(f'.marsad-popup li.marsad-selected[data-event="{event[0]}"]')
    marked.wait_for(timeout=10000)
    assert data["places"][event[5][0]][1] in frame.locator(".marsad-popup h3").inner_text()
    # Map -> timeline: the popup's event links to its item, selected and shown.
    marked.locator("a.marsad-timeline-link").click()
    page.wait_for_load_state()
    _ready(page)
    assert page.evaluate("window.marsadTimeline.getSelection()") == [event[0]]
    assert page.locator(".marsad-tl-detail").is_visible()
    start, end = _window(page)
    day = page.evaluate("d => Date.parse(d)", event[1])
    assert start <= day <= end
    # The month page has the anchor the timeline links to.
    page.goto(base + f"timeline/{event[1][:7]}/")
    assert page.locator(f"#e-{event[0]}").count() == 1
    assert outside == [] and errors == []


def test_the_timeline_index_links_the_interactive_timeline(views):
    page, base, outside, errors = views
    page.goto(base + "timeline/")
    first = page.locator(".md-content a.md-button").first
    assert first.inner_text() == "الخط الزمني التفاعلي"
    # Near the top: before the type legend and the months.
    assert first.evaluate("a => a.compareDocumentPosition(document.querySelector('ol.marsad-months')) & Node.DOCUMENT_POSITION_FOLLOWING")
    first.click()
    page.wait_for_load_state()
    assert page.url.startswith(base + "timeline/interactive/")
    _ready(page)
    assert outside == [] and errors == []
