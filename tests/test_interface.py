"""What an Arabic reader meets on every page type: no English words in the interface (real
Chromium), the home page's latest events, social-preview tags, search results by section."""

from __future__ import annotations

import re

import pytest

from conftest import ROOT
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
