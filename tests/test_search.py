"""The site search (issue 18) in real headless Chromium: Pagefind's index of the articles,
searched from the box in Material's header, fetched only when the box is used."""

from __future__ import annotations

import re
from urllib.parse import unquote, urlparse

import pytest

from conftest import ROOT
from generator.articles import load_article
from generator.localserver import serve
from test_interface import _VISIBLE_TEXT, latin_words
from waits import SEARCH, SEARCH_BOX, search_for, search_ready

STEM = "002_b0cbef1f536209a0"
BUDGET = 5_000_000  # bytes: the home page and one search, on a site of 30,000 articles (issue 18)
_ARABIC_WORD = re.compile(r"^[\u0621-\u064A]{5,}$")


def _articles() -> dict[str, object]:
    return {p.stem: load_article(p) for p in sorted((ROOT / "site_src/articles").glob("*.md"))}


def _unique_word(stem: str) -> tuple[str, int]:
    """A word of the article's second paragraph that no other paragraph, and no other sample
    article, has: (the word, the paragraph's index)."""
    articles = _articles()
    paragraphs = [p.strip() for p in articles[stem].text.split("\n") if p.strip()]
    elsewhere = set(" ".join(p for i, p in enumerate(paragraphs) if i != 1).split())
    for other, article in articles.items():
        if other != stem:
            elsewhere.update(article.text.split())
            elsewhere.update(article.title.split())
    words = [w for w in paragraphs[1].split() if _ARABIC_WORD.match(w) and w not in elsewhere
             and not any(w in e or e in w for e in elsewhere if len(e) >= 4)]
    return max(words, key=len), 1


@pytest.fixture()
def reader(browser, sample_site):
    """A page on the sample site (served under a sub-path), and every response it got:
    (url, bytes with the headers)."""
    with serve(sample_site) as base:
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ar")
        context.route("**/tile.openstreetmap.org/**", lambda route: route.fulfill(status=204, body=b""))
        responses: list[tuple[str, int]] = []
        errors: list[str] = []

        def finished(request):
            sizes = request.sizes()
            responses.append((request.url, sizes["responseBodySize"] + sizes["responseHeadersSize"]))

        context.on("requestfinished", finished)
        context.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
        page = context.new_page()
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        yield page, base, responses, errors
        context.close()


def _home(page, base: str) -> None:
    """The home page, loaded with its map (its first markers: its last requests)."""
    page.goto(base)
    search_ready(page)
    page.frame_locator("iframe.marsad-map-frame").locator("body[data-marsad-ready]").wait_for(state="attached", timeout=30000)


def test_an_arabic_word_finds_its_article_with_its_date_outlet_and_the_word_marked(reader, sample_site):
    page, base, responses, errors = reader
    word, _ = _unique_word(STEM)
    article = load_article(ROOT / f"site_src/articles/{STEM}.md")
    html = (sample_site / f"articles/{STEM}/index.html").read_text(encoding="utf-8")
    shown_date = re.search(r'<time datetime="[^"]+" data-pagefind-meta="date">([^<]+)</time>', html).group(1)

    _home(page, base)
    home = list(responses)
    assert not [url for url, _ in home if "/pagefind/" in url]  # the home page fetches no index
    search_for(page, word, typed=True)  # key by key, in the header's box
    search = responses[len(home):]
    assert [url for url, _ in search if url.endswith("/pagefind/pagefind.js")]
    total = sum(size for _, size in responses)
    assert total < BUDGET, (total, sorted(search, key=lambda r: -r[1])[:5])

    items = page.locator(".md-search-result__item")
    assert items.count() == 1
    item = items.first
    assert item.locator("h1").inner_text() == " ".join(article.title.split())
    facts = item.locator(".marsad-search-facts").inner_text()
    assert shown_date in facts and article.source in facts
    assert word in item.locator(".marsad-search-excerpt mark").first.inner_text()
    assert item.locator(".marsad-search-excerpt").inner_text().count(" ") < 60  # a snippet, not the article
    # The result lands on the part of the article where the word is (t-2, t-3 ...).
    href = unquote(item.locator("a").get_attribute("href"))
    path, _, anchor = href.partition("#")
    assert urlparse(path).path == urlparse(base).path + f"articles/{STEM}/"
    assert re.fullmatch(r"t-\d+", anchor), href
    section = html.split(f'<p id="{anchor}">', 1)[1].split('<p id="t-', 1)[0]
    assert word in re.sub(r"<[^>]+>", "", section)
    # Right to left, in Arabic, every word of the box and its results.
    assert page.evaluate(f"getComputedStyle(document.querySelector('{SEARCH} .md-search-result__list')).direction") == "rtl"
    shown = page.evaluate(_VISIBLE_TEXT.replace("document.body", f"document.querySelector('{SEARCH}')"))
    assert shown.strip() and latin_words(shown, set(re.findall(r"[A-Za-z]+", article.source or ""))) == []
    said = page.evaluate(f"""[...document.querySelectorAll('{SEARCH}, {SEARCH} *, label[for=__search]')].flatMap(
        e => ['title', 'aria-label', 'placeholder'].map(a => e.getAttribute(a) || ''))""")  # what a screen reader says
    assert "".join(said).strip() and latin_words(" ".join(said)) == []
    item.locator("a").click()
    page.wait_for_url(re.compile(re.escape(f"articles/{STEM}/#{anchor}")))
    assert errors == []


def test_results_are_article_pages_only_and_a_miss_says_so(reader, sample_site):
    page, base, responses, errors = reader
    page.goto(base)
    search_ready(page)
    search_for(page, "سوريا")
    links = page.locator(".md-search-result__link").evaluate_all("els => els.map(e => new URL(e.href).pathname)")
    stems = {p.stem for p in (ROOT / "site_src/articles").glob("*.md")}
    assert links and all(re.fullmatch(re.escape(urlparse(base).path) + r"articles/([^/]+)/", link).group(1) in stems for link in links), links
    status = page.locator(f"{SEARCH} .md-search-result__meta").inner_text()
    assert "سوريا" in status and re.search(r"[0-9]", status)  # «نتائج «سوريا»: 5 مقالات»
    search_for(page, "زعفرانياتتت")
    assert page.locator(".md-search-result__item").count() == 0
    assert "زعفرانياتتت" in page.locator(f"{SEARCH} .md-search-result__meta").inner_text()
    assert errors == []


def test_the_keyboard_opens_moves_and_closes_the_search(reader):
    page, base, responses, errors = reader
    page.goto(base)
    search_ready(page)
    is_open = "document.getElementById('__search').checked"
    box_focused = f"document.activeElement === document.querySelector('{SEARCH_BOX}')"
    for key in ("/", "s"):
        page.keyboard.press(key)
        assert page.evaluate(is_open) and page.evaluate(box_focused)
        assert page.locator(SEARCH_BOX).input_value() == ""  # the key opened the box, it was not typed
        page.keyboard.press("Escape")
        assert not page.evaluate(is_open) and not page.evaluate(box_focused)
    page.keyboard.press("/")
    search_for(page, "سوريا")
    page.keyboard.press("ArrowDown")
    first = page.locator(".md-search-result__link").first
    assert page.evaluate("el => document.activeElement === el", first.element_handle())
    page.keyboard.press("ArrowUp")
    assert page.evaluate(box_focused)
    page.keyboard.press("Enter")  # the first result
    page.wait_for_url(re.compile(r"/articles/[^/]+/"))
    assert errors == []


def test_a_phone_opens_the_search_from_the_header_button(browser, sample_site):
    with serve(sample_site) as base:
        context = browser.new_context(viewport={"width": 390, "height": 844}, locale="ar", is_mobile=True, has_touch=True)
        context.route("**/tile.openstreetmap.org/**", lambda route: route.fulfill(status=204, body=b""))
        page = context.new_page()
        page.goto(base)
        search_ready(page)
        page.locator("label.md-header__button[for=__search]").click()  # the header's magnifier
        page.wait_for_function(f"document.activeElement === document.querySelector('{SEARCH_BOX}')")
        # It slides in (after a delay, as Material's does) to the whole width, at the top.
        page.wait_for_function(f"""() => {{ const r = document.querySelector('{SEARCH_BOX}').getBoundingClientRect();
            return r.left >= -0.5 && r.right <= innerWidth + 0.5 && r.top < 100; }}""", timeout=5000)
        search_for(page, "سوريا")
        first = page.locator(".md-search-result__item").first.bounding_box()
        assert first and first["x"] >= 0 and first["x"] + first["width"] <= 391  # inside the screen
        context.close()


def test_a_site_indexed_in_parts_finds_articles_of_every_part(browser, tmp_path):
    """With two article pages a part (search_part_pages), the sample site's index is in
    three parts, listed in marsad-parts.json; the box merges them: a word of each article
    finds that article, whichever part holds it."""
    import json

    from conftest import copy_project, mkdocs_build, set_plugin_options, tree_hashes

    project = copy_project(tmp_path / "parts")
    set_plugin_options(project, "      search_part_pages: 2\n")
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    bundle = project / "site" / "pagefind"
    parts = json.loads((bundle / "marsad-parts.json").read_text(encoding="utf-8"))
    assert parts == ["part-1/", "part-2/"] and all((bundle / p / "pagefind-entry.json").is_file() for p in parts)
    assert not list((project / "site").glob(".marsad-*"))  # the parts' folders of links are gone
    assert "3 parts, 0 from the cache" in result.stderr
    # Built again: every part comes from the cache, the same bytes; a new article that sorts
    # last indexes its own part only.
    first = tree_hashes(project / "site" / "pagefind")
    again = mkdocs_build(project)
    assert "3 parts, 3 from the cache" in again.stderr and tree_hashes(project / "site" / "pagefind") == first
    (project / "site_src/articles/zz-new.md").write_text(
        "---\ntitle: جديد\ndate: 2016-08-25\n---\n\nوصل الوفد إلى بيروت أمس.\n", encoding="utf-8")
    added = mkdocs_build(project)
    assert "3 parts, 2 from the cache" in added.stderr, added.stderr
    assert len(list((project / ".cache/marsad/search").iterdir())) == 3  # the replaced part's entry is pruned
    (project / "site_src/articles/zz-new.md").unlink()
    assert mkdocs_build(project).returncode == 0
    stems = sorted(_articles())
    with serve(project / "site") as base:
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ar")
        context.route("**/tile.openstreetmap.org/**", lambda route: route.fulfill(status=204, body=b""))
        page = context.new_page()
        page.goto(base)
        search_ready(page)
        for stem in (stems[0], stems[-1]):  # the first part's and the last part's
            word, _ = _unique_word(stem)
            search_for(page, word)
            links = [unquote(a) for a in page.locator(".md-search-result__item a").evaluate_all("es => es.map(e => e.getAttribute('href'))")]
            assert len(links) == 1 and f"articles/{stem}/" in links[0], (word, links)
        context.close()
