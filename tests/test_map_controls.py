"""The map's controls and the timeline's counts in real headless Chromium (the built sample
site served under a sub-path): counts said the Arabic way, date filters that do not depend
on the browser's locale, print, and the place search."""

import json
import re

import pytest

from generator.site.labels import count as say_count
from generator.localserver import serve
from waits import map_settled

LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
NUMBERS = (0, 1, 2, 3, 5, 10, 11, 17, 33, 99, 100, 101, 102, 103, 110, 111, 199, 200, 1000, 1003, 1011)


@pytest.fixture()
def context(browser):
    """A browser context; tiles are answered locally."""
    made = []

    def make(locale=None, size=(1366, 900)):
        ctx = browser.new_context(viewport={"width": size[0], "height": size[1]}, **({"locale": locale} if locale else {}))
        ctx.route("**/tile.openstreetmap.org/**", lambda route: route.fulfill(status=204, body=b""))
        made.append(ctx)
        return ctx

    yield make
    for ctx in made:
        ctx.close()


def _places(sample_site):
    return json.loads((sample_site / "data/places.geojson").read_text(encoding="utf-8"))


def _open_map(page, url):
    page.goto(url)
    page.frame_locator("iframe.marsad-map-frame").locator("body[data-marsad-ready]").wait_for(state="attached", timeout=15000)
    return next(f for f in page.frames if f.url.split("#")[0].endswith("map.html"))


def test_counts_on_the_map_and_the_timeline_read_right(context, sample_site):
    """Issue 12, defect 4, in the scripts: 1, 2, 3-10, 11-99, 100+ as labels.count says them."""
    data = _places(sample_site)
    features = data["features"]
    with serve(sample_site) as base:
        page = context().new_page()
        errors = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        inner = _open_map(page, base + "map/")
        for noun in ("place", "source", "event"):
            said = inner.evaluate("([ns, noun]) => ns.map(n => window.marsadCount(n, noun))", [list(NUMBERS), noun])
            assert said == [say_count(n, noun, "ar") for n in NUMBERS], noun
        assert inner.evaluate("window.marsadCount(33, 'place')") == "33 مكانًا"
        # The panel's line: every place (17: the 11-99 form), then fewer by type (1, 3-10).
        frame = page.frame_locator("iframe.marsad-map-frame")
        line = frame.locator("#marsad-count")
        assert line.inner_text() == "على الخريطة: " + say_count(len(features), "place")
        seen = {len(features)}
        for i, _ in enumerate(data["types"]):
            n = sum(1 for f in features if any(e[5] == i for e in f["properties"]["events"]))
            frame.locator(".marsad-controls select[name=type]").select_option(str(i))
            assert line.inner_text() == "على الخريطة: " + say_count(n, "place"), data["types"][i]
            seen.add(n)
        assert {1, 11} <= {min(n, 11) if n > 2 else n for n in seen} and any(3 <= n <= 10 for n in seen)
        # Popups: «مصدر واحد», never «المصادر: 1».
        frame.locator(".marsad-controls select[name=type]").select_option("-1")
        inner.evaluate("id => window.marsadOpenPlace(id)", features[0]["properties"]["id"])
        links = frame.locator(".marsad-popup a.marsad-event-link")
        links.first.wait_for(timeout=10000)
        texts = links.all_inner_texts()
        expected = [say_count(len(e[7]), "source") for e in features[0]["properties"]["events"][::-1]]
        assert [t.split(" · ")[0] for t in texts] == expected
        # The timeline says its window's count the same way.
        page.goto(base + "timeline/interactive/")
        page.locator("#marsad-timeline[data-marsad-ready]").wait_for(state="attached", timeout=15000)
        said = page.evaluate("ns => ns.map(n => window.marsadCount(n, 'event'))", list(NUMBERS))
        assert said == [say_count(n, "event", "ar") for n in NUMBERS]
        counter = page.locator(".marsad-tl-count")
        n = int(counter.get_attribute("data-count"))
        assert counter.inner_text() == "في الفترة المعروضة: " + say_count(n, "event")
        assert errors == []


def test_date_filters_are_arabic_month_menus_in_an_english_browser(context, sample_site):
    """Issue 12, defect 5: an en-US browser's date field says mm/dd/yyyy; the filters are
    menus of the months with events, in Arabic, in step with the time window's sliders."""
    from test_interface import _VISIBLE_TEXT, _outlet_words, latin_words

    features = _places(sample_site)["features"]
    with serve(sample_site) as base:
        page = context(locale="en-US").new_page()
        errors = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        inner = _open_map(page, base + "map/")
        assert page.evaluate("navigator.language") == "en-US"
        frame = page.frame_locator("iframe.marsad-map-frame")
        assert frame.locator("input[type=date]").count() == 0
        text = inner.evaluate(_VISIBLE_TEXT)
        assert "mm/dd/yyyy" not in text.lower() and "yyyy" not in text.lower()
        assert latin_words(text, _outlet_words()) == []
        months = frame.locator(".marsad-controls select[name=from] option").all_inner_texts()
        assert months[0] == "منذ البداية" and "أغسطس 2016" in months
        assert all(re.fullmatch(r"[\u0600-\u06ff ]+ \d{4}", m) for m in months[1:]), months
        # A month chosen: the map, the time window and the URL follow.
        frame.locator(".marsad-controls select[name=from]").select_option("2016-08-01")
        shown = set(inner.evaluate("window.marsadCluster.getLayers().map(m => m.marsadPlace)"))
        assert shown == {f["properties"]["id"] for f in features if any(e[1] >= "2016-08-01" for e in f["properties"]["events"])}
        assert frame.locator("details.marsad-time").get_attribute("data-from") == "2016-08-01"
        assert "from=2016-08-01" in page.url
        frame.locator(".marsad-controls select[name=to]").select_option(label="سبتمبر 2016")
        assert "to=2016-09-30" in page.url
        # The slider moved to a day: the menu shows that day, in Arabic.
        frame.locator("details.marsad-time input[type=range]").first.evaluate(
            "(el) => { el.value = String(+el.value - 5); el.dispatchEvent(new Event('input')); el.dispatchEvent(new Event('change')); }")
        menu = frame.locator(".marsad-controls select[name=from]")
        assert menu.input_value() == "2016-07-27"
        assert menu.locator("option:checked").inner_text() == "27 يوليو 2016"
        # An end before the start: the start follows (the month chosen, whole).
        frame.locator(".marsad-controls select[name=to]").select_option(label="نوفمبر 2015")
        assert menu.input_value() == "2015-11-01" and "to=2015-11-30" in page.url
        # A shared link with a day restores it on the menus.
        page.goto("about:blank")
        inner = _open_map(page, base + "map/#from=2016-08-20&to=2016-08-31")
        assert frame.locator(".marsad-controls select[name=from] option:checked").inner_text() == "20 أغسطس 2016"
        assert frame.locator(".marsad-controls select[name=to]").input_value() == "2016-08-31"
        assert errors == []


def test_the_map_month_menus_use_the_sites_month_names(tmp_path):
    from generator.site.mapview import render_map_html
    from generator.site import json_for_html

    page = render_map_html(language="ar", tiles="https://tile.openstreetmap.org/{z}/{x}/{y}.png", tiles_attribution="OSM",
                           data_url="d.json", excerpts_url="e.json", date_lang="ar-levantine", root="../../", assets=".",
                           json_for_html=json_for_html)
    assert "كانون الثاني|شباط" in page and "يناير" not in page


def test_printing_the_map_leaves_out_its_controls(context, sample_site):
    """Issue 12, defect 11: the map frame's own CSS hides the filter panel, the legend, the
    time window and the zoom buttons in print; the places and the scale stay."""
    panels = (".marsad-controls", ".marsad-type-legend-box", ".marsad-time", ".leaflet-control-zoom")
    with serve(sample_site) as base:
        page = context().new_page()
        _open_map(page, base + "map/")
        frame = page.frame_locator("iframe.marsad-map-frame")
        assert all(frame.locator(p).is_visible() for p in panels)
        page.emulate_media(media="print")
        for p in panels:
            assert frame.locator(p).evaluate("e => getComputedStyle(e).display") == "none", p
        assert frame.locator(".marsad-pin").first.is_visible() and frame.locator(".leaflet-control-scale").is_visible()
        page.emulate_media(media="screen")
        assert frame.locator(".marsad-controls").is_visible()


def test_the_views_use_the_sites_month_names(context, tmp_path):
    """Plugin option month_names (the model's date language) reaches the interactive timeline
    (its data file's dates, its axis and details) and the map (its menus and time window);
    the selected event's date stands on its own line, with no stray «·» before it."""
    from conftest import copy_project, mkdocs_build

    project = copy_project(tmp_path / "levantine")
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    (project / "mkdocs.yml").write_text(config.replace("      week_start: monday", "      week_start: monday\n      month_names: levantine"),
                                        encoding="utf-8")
    result = mkdocs_build(project, "--strict")
    assert result.returncode == 0, result.stderr
    built = project / "site"
    data = json.loads((built / "data/timeline.json").read_text(encoding="utf-8"))
    labels = " ".join(e[8] for e in data["events"])
    assert "آب 2016" in labels and "أغسطس" not in labels
    event = next(e for e in data["events"] if e[1] == e[2] and e[1].startswith("2016-08"))
    with serve(built) as base:
        page = context().new_page()
        page.goto(base + f"timeline/interactive/#from={event[1]}&to={event[1]}&event={event[0]}")
        page.locator("#marsad-timeline[data-marsad-ready]").wait_for(state="attached", timeout=15000)
        assert "آب" in page.locator("#marsad-timeline .vis-time-axis.vis-foreground").inner_text()
        what = page.locator(".marsad-tl-detail .marsad-tl-what")
        what.wait_for(state="visible")
        assert what.locator("time").inner_text() == event[8] and "آب" in event[8]
        assert "·" not in what.inner_text()
        page.goto("about:blank")
        _open_map(page, base + "map/")
        frame = page.frame_locator("iframe.marsad-map-frame")
        assert "آب 2016" in frame.locator(".marsad-controls select[name=from] option").all_inner_texts()
        assert "أغسطس" not in frame.locator("body").inner_text()


def test_place_search_finds_clitics_and_prefixes_and_says_when_nothing_matches(context, sample_site):
    """Issue 12, defect 6 (the map): «بمنبج» (a clitic) and «منب» (a prefix) find منبج; a name
    the map lacks is said so under the box, in Arabic."""
    data = _places(sample_site)
    manbij = next(f for f in data["features"] if f["properties"]["name"] == "Manbij")
    with serve(sample_site) as base:
        page = context().new_page()
        errors = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        inner = _open_map(page, base + "map/")
        frame = page.frame_locator("iframe.marsad-map-frame")
        for typed, name in (("بمنبج", "Manbij"), ("منب", "Manbij"), ("مَنبِج", "Manbij"), ("والرقة", "Ar Raqqah"), ("بالرقة", "Ar Raqqah"),
                            ("رقة", "Ar Raqqah"), ("للمملكة", "Saudi Arabia"), ("وواشنطن", "Washington"), ("جنيف", "Geneva"), ("mosul", "Mosul")):
            found = inner.evaluate("t => window.marsadFindPlace(t)", typed)
            assert found == next(f for f in data["features"] if f["properties"]["name"] == name)["properties"]["id"], typed
        for typed in ("لندنستان", "م", "xyz"):
            assert inner.evaluate("t => window.marsadFindPlace(t)", typed) is None, typed
        search = frame.locator(".marsad-controls input[type=search]")
        status = frame.locator(".marsad-search-status")
        # Typed and sent with Enter: the place's popup opens, and nothing is said.
        search.fill("بمنبج")
        search.press("Enter")
        frame.locator(".marsad-popup h3").first.wait_for(timeout=10000)
        map_settled(inner)  # a popup closed fades out
        assert frame.locator(".marsad-popup").count() == 1
        assert "منبج" in frame.locator(".marsad-popup h3").inner_text() and status.is_hidden()
        assert f"place={manbij['properties']['id']}" in page.url.replace("%3A", ":")
        search.fill("منب")
        search.press("Enter")
        map_settled(inner)
        assert frame.locator(".marsad-popup").count() == 1 and "منبج" in frame.locator(".marsad-popup h3").inner_text()
        # Nothing by that name: the box says so, in Arabic; an empty box says nothing.
        search.fill("لندنستان")
        search.press("Enter")
        assert status.is_visible() and status.inner_text() == "لا مكان بهذا الاسم على الخريطة"
        assert search.get_attribute("aria-invalid") == "true"
        search.fill("")
        assert status.is_hidden()
        # A place the filters hide: said too.
        types = [t[0] for t in data["types"]]
        other = next(i for i, t in enumerate(types) if all(e[5] != i for e in manbij["properties"]["events"]))
        frame.locator(".marsad-controls select[name=type]").select_option(str(other))
        search.fill("منبج")
        search.press("Enter")
        assert status.inner_text() == "لا أحداث في منبج ضمن هذه التصفية"
        assert errors == []
