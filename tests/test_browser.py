"""The built sample site in real headless Chromium, served under a sub-path."""

import json
from urllib.parse import urlparse

import pytest

from generator.localserver import serve
from waits import map_settled, search_ready

TILE_HOSTS = ("tile.openstreetmap.org",)


@pytest.fixture()
def site_page(browser, sample_site):
    """A page plus the record of every request and console error it makes."""
    with serve(sample_site) as base:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        outside, errors = [], []
        # Tiles are the one thing allowed to leave the site; here they are answered locally.
        context.route("**/tile.openstreetmap.org/**", lambda route: route.fulfill(status=204, body=b""))
        page = context.new_page()

        def on_request(request):
            host = urlparse(request.url).hostname
            if host not in ("127.0.0.1",) and not request.url.startswith("data:") and host not in TILE_HOSTS:
                outside.append(request.url)

        context.on("request", on_request)
        context.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        yield page, base, outside, errors
        context.close()


def test_map_shows_one_marker_per_place_with_events(site_page, sample_site):
    page, base, outside, errors = site_page
    places = json.loads((sample_site / "data/places.geojson").read_text(encoding="utf-8"))["features"]
    assert len(places) >= 5
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(base + "map/")
    frame = page.frame_locator("iframe.marsad-map-frame")
    frame.locator("body[data-marsad-places]").wait_for(state="attached", timeout=15000)
    inner = next(f for f in page.frames if f.url.endswith("map.html"))
    count = inner.evaluate("window.marsadCluster.getLayers().length")
    assert count == len(places)
    ids = inner.evaluate("window.marsadCluster.getLayers().map(function (m) { return m.marsadPlace; })")
    assert sorted(ids) == sorted(f["properties"]["id"] for f in places)
    excerpt_files = [r for r in requested if "/data/excerpts/" in r]
    assert excerpt_files == []  # none before a popup opens
    # Open one place: its popup lists its events in Arabic, right to left.
    geneva = next(f for f in places if f["properties"]["name"] == "Geneva")
    inner.evaluate(
        "id => window.marsadOpenPlace(id)",
        geneva["properties"]["id"],
    )
    popup = frame.locator(".marsad-popup")
    popup.wait_for(timeout=10000)
    assert popup.get_attribute("dir") == "rtl"
    assert "جنيف" in popup.inner_text()
    assert popup.locator("li").count() == len(geneva["properties"]["events"])
    # The excerpts come in a second file after the map is shown, and fill the open popup.
    frame.locator("body[data-marsad-excerpts]").wait_for(state="attached", timeout=15000)
    assert popup.locator(".marsad-excerpt").count() == len(geneva["properties"]["events"])
    sentences = {f["properties"]["sentence"] for f in json.loads((sample_site / "data/events.geojson").read_text(encoding="utf-8"))["features"]}
    shown = popup.locator(".marsad-excerpt").first.inner_text().strip("…")  # a window around the event's words
    assert len(shown) > 20 and any(shown in " ".join(s.split()) for s in sentences)
    # ... from the one file of that place's excerpts
    assert [r.rsplit("/", 1)[1] for r in requested if "/data/excerpts/" in r] == [geneva["properties"]["excerpts"]]
    assert outside == []
    assert errors == []


def test_first_markers_come_from_the_small_points_file(browser, sample_site):
    """With places.geojson held back (here: never answered), the map already shows a pin
    for every place with events, from data/map-points.json: the same places, names and
    type colours as the full map draws."""
    points = json.loads((sample_site / "data/map-points.json").read_text(encoding="utf-8"))
    places = json.loads((sample_site / "data/places.geojson").read_text(encoding="utf-8"))["features"]
    assert sorted(p[0] for p in points["points"]) == sorted(f["properties"]["id"] for f in places if f["properties"]["events"])
    assert (sample_site / "data/map-points.json").stat().st_size * 5 < (sample_site / "data/places.geojson").stat().st_size
    with serve(sample_site) as base:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        context.route("**/tile.openstreetmap.org/**", lambda route: route.fulfill(status=204, body=b""))
        context.route("**/data/places.geojson", lambda route: route.abort())
        page = context.new_page()
        page.goto(base + "map/")
        frame = page.frame_locator("iframe.marsad-map-frame")
        frame.locator("body[data-marsad-first]").wait_for(state="attached", timeout=15000)
        inner = next(f for f in page.frames if f.url.endswith("map.html"))
        titles = inner.evaluate("window.marsadCluster.getLayers().map(function (m) { return m.options.title; })")
        assert sorted(titles) == sorted(p[4] for p in points["points"])
        assert frame.locator("body[data-marsad-ready]").count() == 0  # the full data never came
        context.close()


def test_the_home_page_map_fetches_the_places_only_when_a_pin_is_clicked(site_page, sample_site):
    page, base, outside, errors = site_page
    requested = []
    page.on("request", lambda request: requested.append(request.url.rsplit("/", 1)[1]))
    page.goto(base)
    frame = page.frame_locator("iframe.marsad-map-frame")
    frame.locator("body[data-marsad-ready]").wait_for(state="attached", timeout=15000)
    points = json.loads((sample_site / "data/map-points.json").read_text(encoding="utf-8"))["points"]
    assert frame.locator("body").get_attribute("data-marsad-places") == str(len(points))
    assert "map-points.json" in requested and "places.geojson" not in requested
    inner = next(f for f in page.frames if f.url.split("#")[0].endswith("map.html"))
    inner.evaluate("window.marsadCluster.getLayers().filter(m => m.marsadPlace)[0].fire('click')")
    frame.locator(".marsad-popup").wait_for(timeout=10000)
    assert "places.geojson" in requested
    assert outside == [] and errors == []


def test_place_links_open_a_popup_that_stays(site_page, sample_site):
    """map/#place=<id> (the links on timeline and place pages) opens that place's popup, even
    inside a cluster, and it stays open while the map pans to show it and fills in."""
    page, base, outside, errors = site_page
    places = json.loads((sample_site / "data/places.geojson").read_text(encoding="utf-8"))["features"]
    geneva = next(f for f in places if f["properties"]["name"] == "Geneva")
    page.goto(base + "map/#place=" + geneva["properties"]["id"])
    frame = page.frame_locator("iframe.marsad-map-frame")
    frame.locator(".marsad-popup .marsad-excerpt").first.wait_for(timeout=15000)
    inner = next(f for f in page.frames if f.url.split("#")[0].endswith("map.html"))
    map_settled(inner)  # the pan to show the popup has landed
    assert frame.locator(".marsad-popup").count() == 1
    assert "جنيف" in frame.locator(".marsad-popup h3").inner_text()
    # A click on a marker opens its own popup in place of the first.
    frame.locator(".leaflet-popup-close-button").click()
    frame.locator(".marsad-popup").wait_for(state="detached", timeout=5000)
    frame.locator(".leaflet-marker-icon.marsad-pin").first.click()
    frame.locator(".marsad-popup").wait_for(timeout=10000)
    map_settled(inner)
    assert frame.locator(".marsad-popup").count() == 1
    assert outside == []
    assert errors == []


def test_timeline_lists_every_event_in_order(site_page, sample_site):
    page, base, outside, errors = site_page
    features = json.loads((sample_site / "data/events.geojson").read_text(encoding="utf-8"))["features"]
    events = {f["properties"]["event"] for f in features}
    page.goto(base + "timeline/")
    assert page.locator("body").get_attribute("dir") == "rtl"  # Material sets the direction on <body>
    months = page.locator("ol.marsad-months a").evaluate_all("els => els.map(e => e.href)")
    assert len(months) >= 5
    starts, ranges, items = [], 0, 0
    for url in months:
        page.goto(url)
        assert page.evaluate("getComputedStyle(document.querySelector('.marsad-timeline')).direction") == "rtl"
        entries = page.locator("li.marsad-event")
        items += entries.count()
        starts += entries.evaluate_all("els => els.map(e => e.dataset.start)")
        # Uncertain dates are visibly ranges: a week, a month, a quarter are not a day.
        for item in entries.evaluate_all("els => els.map(e => [e.dataset.start, e.dataset.end, e.className, !!e.querySelector('.marsad-range-bar')])"):
            if item[0] != item[1]:
                ranges += 1
                assert "marsad-range" in item[2] and item[3], item
    assert items == len(events)
    assert starts == sorted(starts)
    assert ranges > 0
    page.goto(months[0])
    page.locator("li.marsad-event a.marsad-article-link").first.click()
    page.wait_for_load_state()
    assert "/articles/" in page.url and page.url.startswith(base)
    assert outside == []
    assert errors == []


@pytest.mark.parametrize("path", ["", "places/", "articles/", "data/", "places/ch/", "articles/002_b0cbef1f536209a0/"])
def test_pages_load_offline_without_errors(site_page, path):
    """Every request a page makes has been made once it is loaded (the load event), the
    search box is set up, and a map on the page shows its places: conditions the scripts
    set (was: network idle, which timed out on a loaded machine while the map kept the
    network busy)."""
    page, base, outside, errors = site_page
    page.goto(base + path)
    search_ready(page)
    if page.locator("iframe.marsad-map-frame").count():
        frame = page.frame_locator("iframe.marsad-map-frame")
        frame.locator("body[data-marsad-ready]").wait_for(state="attached", timeout=30000)
    assert page.locator("h1").count() >= 1
    assert outside == []
    assert errors == []


def _overlaps(a, b):
    return a["x"] < b["x"] + b["width"] and b["x"] < a["x"] + a["width"] and a["y"] < b["y"] + b["height"] and b["y"] < a["y"] + a["height"]


@pytest.mark.parametrize("size", [(1366, 900), (390, 844)], ids=["desktop", "phone"])
def test_no_control_covers_a_popup_or_another_control(browser, sample_site, size):
    """Issue 12, defects 1 and 7: a deep-linked popup (the busiest place) is clear of every
    control (zoom, filters, legend, time window, scale, attribution), and no two controls
    overlap (the phone's attribution and scale bar); checked on element boxes."""
    places = json.loads((sample_site / "data/places.geojson").read_text(encoding="utf-8"))["features"]
    with serve(sample_site) as base:
        context = browser.new_context(viewport={"width": size[0], "height": size[1]})
        context.route("**/tile.openstreetmap.org/**", lambda route: route.fulfill(status=204, body=b""))
        page = context.new_page()
        for place in sorted(places, key=lambda f: -len(f["properties"]["events"]))[:3]:
            page.goto("about:blank")
            page.goto(base + "map/#place=" + place["properties"]["id"])
            frame = page.frame_locator("iframe.marsad-map-frame")
            frame.locator(".marsad-popup .marsad-excerpt").first.wait_for(timeout=15000)
            map_settled(next(f for f in page.frames if f.url.split("#")[0].endswith("map.html")))  # the pan after the excerpts filled the popup
            popup = frame.locator(".leaflet-popup-content-wrapper").bounding_box()
            mapbox = frame.locator(".leaflet-container").bounding_box()
            assert popup["x"] >= mapbox["x"] and popup["x"] + popup["width"] <= mapbox["x"] + mapbox["width"] + 1
            assert popup["y"] >= mapbox["y"] - 1
            controls = [frame.locator(".leaflet-control").nth(i) for i in range(frame.locator(".leaflet-control").count())]
            boxes = [(c.get_attribute("class"), c.bounding_box()) for c in controls]
            boxes = [(n, b) for n, b in boxes if b and b["width"] > 0 and b["height"] > 0]
            assert len(boxes) >= 5
            for name, box in boxes:
                assert not _overlaps(popup, box), (place["properties"]["id"], name, box, popup)
            for i, (n1, b1) in enumerate(boxes):
                for n2, b2 in boxes[i + 1:]:
                    assert not _overlaps(b1, b2), (n1, b1, n2, b2)
        context.close()


def test_clusters_are_neutral_and_the_scale_is_metric(site_page):
    """Cluster marks carry no colour scale of their own (the pins' colours have the legend)."""
    page, base, outside, errors = site_page
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(base + "map/")
    frame = page.frame_locator("iframe.marsad-map-frame")
    frame.locator("body[data-marsad-ready]").wait_for(state="attached", timeout=15000)
    inner = next(f for f in page.frames if f.url.split("#")[0].endswith("map.html"))
    inner.evaluate("window.MARSAD.map.setZoom(2, {animate: false})")
    map_settled(inner)  # the clusters have formed
    assert frame.locator(".marker-cluster-small, .marker-cluster-medium, .marker-cluster-large").count() == 0
    assert frame.locator(".marsad-cluster").count() >= 1
    fills = set(frame.locator(".marsad-cluster").evaluate_all("els => els.map(e => getComputedStyle(e).backgroundColor)"))
    assert len(fills) == 1
    scale = frame.locator(".leaflet-control-scale").inner_text()
    assert "mi" not in scale and "كم" in scale or " م" in scale
    assert errors == []
