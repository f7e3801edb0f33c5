"""What an Arabic reader meets on every page type: no English words in the interface (real
Chromium), the home page's latest events, social-preview tags (the site search's results,
by section, are in test_search.py)."""

from __future__ import annotations

import json
import re

import pytest

from conftest import ROOT, copy_project, mkdocs_build
from generator.articles import load_article
from generator.localserver import serve

# One page of each type of the sample site.
PAGE_TYPES = {
    "home": "",
    "map": "map/",
    "timeline index": "timeline/",
    "month": "timeline/2016-08/",
    "interactive timeline": "timeline/interactive/",
    "places index": "places/",
    "country": "places/sy/",
    "article": "articles/002_b0cbef1f536209a0/",
    "articles by date": "articles/by-date/2016-08/",
    "articles by source": "articles/by-source/aawsat.com-9b1d02f0/",
    "articles index": "articles/",
    "data": "data/",
}

# Names that are no words to translate: the credits' names and formats.
CREDIT_NAMES = {"GeoNames", "OpenStreetMap", "Leaflet", "UniversalPetrarch", "MIT", "CC", "BY", "ODbL", "CSV", "GeoJSON",
                "iCalendar"}
# Links and outlet domains (aawsat.com, eremnews.com): no words either.
_URLS = re.compile(r"(?:https?://|www\.)\S+|\b[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}\b(?:/\S*)?")
_LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9'’-]*")

# The page's (or frame's) visible text, less what is marked as English or left to right.
_VISIBLE_TEXT = """() => {
  let text = document.body.innerText;
  const marked = Array.from(document.querySelectorAll('[lang^="en"], [dir="ltr"]')).map(e => e.innerText).filter(Boolean);
  for (const part of marked.sort((a, b) => b.length - a.length)) text = text.split(part).join(" ");
  return text;
}"""


def latin_words(text: str, allowed: set[str] = frozenset()) -> list[str]:
    return sorted({w for w in _LATIN_WORD.findall(_URLS.sub(" ", text)) if w not in CREDIT_NAMES | allowed})


def _outlet_words() -> set[str]:
    """The words of the sample articles' outlet names («eremnews.com (Reuters)»): content, not interface."""
    words = set()
    for path in (ROOT / "site_src/articles").glob("*.md"):
        words.update(_LATIN_WORD.findall(_URLS.sub(" ", load_article(path).source or "")))
    return words


def _open(page, url: str) -> None:
    page.goto("about:blank")
    page.goto(url)
    page.wait_for_load_state("networkidle")
    if "/map/" in url or url.endswith("/marsad/"):
        frame = page.frame_locator("iframe.marsad-map-frame")
        frame.locator("body[data-marsad-ready]").wait_for(state="attached", timeout=15000)
    if "/interactive/" in url:
        page.locator("#marsad-timeline[data-marsad-ready]").wait_for(state="attached", timeout=15000)


def test_no_english_words_in_the_arabic_interface(browser, sample_site):
    found: dict[str, list[str]] = {}
    # The map lists the outlets in its source filter as the articles name them, unmarked.
    outlets = _outlet_words()
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="ar")
    context.route("**/tile.openstreetmap.org/**", lambda route: route.fulfill(status=204, body=b""))
    page = context.new_page()
    with serve(sample_site) as base:
        for name, path in PAGE_TYPES.items():
            _open(page, base + path)
            words = latin_words(page.evaluate(_VISIBLE_TEXT))
            if words:
                found[name] = words
            for frame in page.frames[1:]:
                if frame.url.split("#")[0].endswith("map.html"):
                    words = latin_words(frame.evaluate(_VISIBLE_TEXT), outlets)
                    if words:
                        found[f"{name} (map frame)"] = words
    # 404.html is served at any depth with links from the site's root: serve it at the root.
    with serve(sample_site, prefix="/") as root:
        _open(page, root + "404.html")
        assert "404" in page.locator("h1").inner_text()
        words = latin_words(page.evaluate(_VISIBLE_TEXT))
        if words:
            found["404"] = words
    context.close()
    assert found == {}


def test_the_scan_sees_english_and_what_is_marked_as_such():
    assert latin_words("صنع باستخدام Made with Material for MkDocs") == ["Made", "Material", "MkDocs", "for", "with"]
    assert latin_words("المصدر: aawsat.com · https://example.org/x?y=1 · بيانات GeoNames (رخصة CC BY 4.0)") == []
    assert latin_words("eremnews.com (Reuters)", {"Reuters"}) == []


def test_latin_outlet_names_read_left_to_right_and_stay_text():
    from generator.site import outlet_html

    assert outlet_html("eremnews.com (Reuters)") == '<span class="marsad-source" dir="ltr">eremnews.com (Reuters)</span>'
    assert outlet_html("الوطن") == '<span class="marsad-source">الوطن</span>'
    assert outlet_html('two.example <i>"') == '<span class="marsad-source" dir="ltr">two.example &lt;i&gt;&quot;</span>'


# ---- the home page's latest events (defect 8)

_HOME_ITEM = re.compile(r'<li class="marsad-event[^"]*" data-event="([^"]+)" data-type="[^"]+" data-start="([^"]+)" data-end="([^"]+)"'
                        r'.*?</li>', re.S)


def test_home_shows_the_latest_merged_events_varied_across_places_articles_and_outlets(sample_site):
    import math
    from collections import defaultdict

    from generator.site import LATEST_ON_HOME

    features = json.loads((sample_site / "data/events.geojson").read_text(encoding="utf-8"))["features"]
    events: dict[str, dict] = {}
    places: dict[str, set] = defaultdict(set)
    for f in features:
        p = f["properties"]
        events[p["event"]] = p
        places[p["event"]].add(p["name"])
    home = (sample_site / "index.html").read_text(encoding="utf-8")
    latest = home.split('<h2 id="أحدث-الأحداث">')[1].split("</ul>")[0]
    items = _HOME_ITEM.findall(latest)
    assert len(items) == min(LATEST_ON_HOME, len(events))
    ids = [eid for eid, _, _ in items]
    assert len(set(ids)) == len(ids) and set(ids) <= set(events)  # merged events, each once
    # Newest first, starting with the site's newest event.
    ends = [(end, start) for _, start, end in items]
    assert ends == sorted(ends, reverse=True)
    assert ends[0][0] == max(p["end"] for p in events.values())
    # Varied: every outlet that reports events is there (the sample has fewer than eight),
    # no article fills more than its share, and the places differ.
    articles = [a["article"] for eid in ids for a in events[eid]["sources"]]
    outlets = {s["source"] for eid in ids for s in events[eid]["sources"]}
    all_articles = {s["article"] for p in events.values() for s in p["sources"]}
    assert outlets == {s["source"] for p in events.values() for s in p["sources"]}
    assert max(articles.count(a) for a in set(articles)) <= math.ceil(len(items) / len(all_articles))
    assert len(set().union(*(places[eid] for eid in ids))) >= len(items) - 1
    # Each item is typed, cites its sources and links its anchor on its month page.
    for eid in ids:
        item = re.search(rf'data-event="{eid}".*?</li>', latest, re.S).group(0)
        assert f'>{events[eid]["type_label"]}</span>' in item
        assert f'href="{events[eid]["url"]}"' in item.replace('class="marsad-permalink" ', "")


# ---- social-preview tags (defect 11)

SHARED_TITLE = "\"'></head><script>window.__pwned='og-title'</script> عنوان «مقتبس» & </title>"
SHARED = f"""---
title: {json.dumps(SHARED_TITLE, ensure_ascii=False)}
date: 2016-08-25
source: share.example
author: "\\"><script>window.__pwned='author'</script>"
---

"></head><script>window.__pwned='og-description'</script> وصل الوفد إلى جنيف أمس في زيارة قصيرة.
"""


def _head_tags(page_html: str) -> tuple[dict[str, list[str]], int]:
    """The social-preview tags of a page's <head> (as a browser parses the attributes), and
    the number of its script elements."""
    from html.parser import HTMLParser

    tags: dict[str, list[str]] = {}
    scripts = 0

    class Parser(HTMLParser):
        def handle_starttag(self, tag, attrs):
            nonlocal scripts
            a = dict(attrs)
            scripts += tag == "script"
            key = a.get("property") or a.get("name")
            if tag == "meta" and key and (key.startswith("og:") or key.startswith("twitter:") or key in ("description", "author")):
                tags.setdefault(key, []).append(a.get("content"))

    Parser().feed(page_html.split("</head>")[0])
    return tags, scripts


@pytest.fixture(scope="module")
def shared_site(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("shared"))
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    (project / "mkdocs.yml").write_text("site_url: https://example.org/marsad/\n" + config, encoding="utf-8")
    (project / "site_src/articles/shared.md").write_text(SHARED, encoding="utf-8")
    result = mkdocs_build(project, "--strict")
    assert result.returncode == 0, result.stderr
    return project / "site"


def test_every_page_has_escaped_social_preview_tags(shared_site):
    pages = [p for p in shared_site.rglob("*.html") if p.parent.name != "marsad"]  # not the map frame's document
    assert len(pages) > 30
    for path in pages:
        text = path.read_text(encoding="utf-8")
        tags, _ = _head_tags(text)
        for key in ("og:title", "og:description", "og:type", "twitter:card", "og:site_name"):
            assert len(tags.get(key, [])) == 1 and tags[key][0], (path, key)
        assert tags["twitter:card"] == ["summary"]
        if path.name != "404.html":  # served at any address: it has no URL of its own
            rel = path.relative_to(shared_site).parent.as_posix()
            assert tags["og:url"] == ["https://example.org/marsad/" + ("" if rel == "." else rel + "/")], path
    article = (shared_site / "articles/shared/index.html").read_text(encoding="utf-8")
    tags, scripts = _head_tags(article)
    plain_tags, plain_scripts = _head_tags((shared_site / "articles/002_b0cbef1f536209a0/index.html").read_text(encoding="utf-8"))
    # The untrusted title and text are the tags' plain text, and no element of their own.
    assert tags["og:title"] == [SHARED_TITLE]
    assert tags["og:type"] == ["article"] and plain_tags["og:type"] == ["article"]
    assert tags["og:description"][0].startswith("\"></head><script>window.__pwned='og-description'</script> وصل الوفد")
    assert tags["description"] == tags["og:description"]
    assert tags["author"] == ["\"><script>window.__pwned='author'</script>"]
    assert scripts == plain_scripts
    head = article.split("</head>")[0]
    assert head.count("<script>window.__pwned") == 0 and article.count("</head>") == 1
    assert _head_tags((shared_site / "index.html").read_text(encoding="utf-8"))[0]["og:type"] == ["website"]


def test_shared_title_stays_inert_in_the_browser(browser, shared_site):
    with serve(shared_site) as base:
        context = browser.new_context()
        page = context.new_page()
        page.goto(base + "articles/shared/")
        page.wait_for_load_state("networkidle")
        assert page.evaluate("window.__pwned") is None
        assert page.evaluate("document.querySelector('meta[property=\"og:title\"]').content") == SHARED_TITLE
        assert page.evaluate("document.querySelectorAll('head > meta[property^=\"og:\"]').length") >= 5
        context.close()


def test_the_partial_cache_still_serves_pages_outside_the_navigation(tmp_path, monkeypatch):
    """main.html (the social tags) extends the theme's base.html: the navigation, search box
    and footer of article pages still come from the cache, and each page keeps its own tags."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from generator.mkdocs import partials

    hits = []
    original = partials.PartialCache.get
    monkeypatch.setattr(partials.PartialCache, "get", lambda self, key: hits.append(key[0]) or original(self, key))
    project = copy_project(tmp_path / "cached")
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(project / "site"))
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()
    assert {"partials/nav.html", "partials/footer.html", "block:config"} <= set(hits)
    titles = {_head_tags(p.read_text(encoding="utf-8"))[0]["og:title"][0] for p in (project / "site/articles").glob("0*/index.html")}
    assert len(titles) == 5


# ---- names and kinds of places (defect 3)

RIVER = """---
title: غارات على ضفاف نهر الفرات
date: 2016-08-25
source: river.example
---

قصفت طائرات التحالف مواقع على نهر الفرات أمس، واشتبك مقاتلون مع الجيش العراقي في مدينة تكريت يوم الاثنين.
ووصل وفد إلى طهران أمس في زيارة رسمية.
"""


def test_capitals_show_their_arabic_names():
    from generator.places import Gazetteer

    gazetteer = Gazetteer.load([])
    shown = {"gn:112931": "طهران", "gn:162183": "عشق آباد", "gn:264371": "أثينا", "gn:2507480": "الجزائر العاصمة",
             "gn:2538475": "الرباط", "gn:379252": "الخرطوم", "gn:611717": "تبليسي", "gn:1835848": "سول"}
    for pid, name in shown.items():
        assert gazetteer.get(pid).name_ar == name, pid


@pytest.fixture(scope="module")
def river_site(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("river"))
    (project / "site_src/articles/river.md").write_text(RIVER, encoding="utf-8")
    result = mkdocs_build(project, "--strict")
    assert result.returncode == 0, result.stderr
    return project / "site"


def _section(page: str, name: str) -> str:
    return re.search(rf'<section class="marsad-place-section"[^>]*>\s*<h2 id="[^"]+">{name}</h2>.*?</section>', page, re.S).group(0)


def test_a_river_is_a_river_tikrit_a_city_and_tehran_spelt_in_arabic(river_site):
    syria = (river_site / "places/sy/index.html").read_text(encoding="utf-8")
    euphrates = _section(syria, "نهر الفرات")
    facts = re.search(r'<p class="marsad-meta">(.*?)</p>', euphrates, re.S).group(1)
    assert facts.startswith("نهر · ") and "موقع محدد" not in euphrates
    tikrit = _section((river_site / "places/iq/index.html").read_text(encoding="utf-8"), "تكريت")
    assert re.search(r'<p class="marsad-meta">مدينة · ', tikrit) and "منطقة" not in tikrit.split("</p>")[0]
    index = (river_site / "places/index.html").read_text(encoding="utf-8")
    assert re.search(r'>نهر الفرات</a> <span class="marsad-precision">نهر</span>', index)
    assert re.search(r'>تكريت</a> <span class="marsad-precision">مدينة</span>', index)
    article = (river_site / "articles/river/index.html").read_text(encoding="utf-8")
    assert "<td>نهر</td>" in article and "نهر الفرات: نهر في سوريا" in article
    for page in (river_site / "places/ir/index.html", river_site / "places/index.html", river_site / "articles/river/index.html"):
        text = page.read_text(encoding="utf-8")
        assert "طهران" in text and "تهران" not in text, page


def test_the_map_data_says_what_a_place_is_and_draws_a_river_as_an_extent(river_site):
    places = {f["properties"]["name"]: f["properties"] for f in
              json.loads((river_site / "data/places.geojson").read_text(encoding="utf-8"))["features"]}
    assert places["Euphrates"]["precision"] == "region" and places["Euphrates"]["precision_label"] == "نهر"
    assert places["Tikrīt"]["precision"] == "point" and places["Tikrīt"]["precision_label"] == "مدينة"
    assert places["Tehran"]["name_ar"] == "طهران"
