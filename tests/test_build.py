"""The real `mkdocs build` on the sample site and on broken and hostile inputs."""

import json
import re
from pathlib import Path

from conftest import copy_project, mkdocs_build, tree_hashes

ARTICLE_STEMS = ["000_0a295bf3e79509d3", "001_0d6c41a5f80428db", "002_b0cbef1f536209a0", "003_732ca608bd3e75d0", "004_6601d6410543281b"]

HOSTILE = """---
title: "<script>window.__pwned = 'title'</script> عنوان \\" ' & </title>"
date: 2016-08-25
source: "</title><img src=x onerror=\\"window.__pwned='source'\\">"
url: "javascript:window.__pwned='url'"
---

وصل الوفد إلى جنيف أمس </script><script>window.__pwned = 'body'</script> وقال "مرحبا' <b>عريض</b> {{ x }} [رابط](javascript:alert(1)).
"""


def test_sample_site_pages_and_data(sample_site):
    for page in ["index.html", "map/index.html", "timeline/index.html", "places/index.html", "articles/index.html",
                 "data/index.html", "assets/marsad/map.html", "data/events.ics", "data/places.geojson"]:
        assert (sample_site / page).is_file(), page
    for stem in ARTICLE_STEMS:
        assert (sample_site / "articles" / stem / "index.html").is_file()
    geojson = json.loads((sample_site / "data/events.geojson").read_text(encoding="utf-8"))
    assert geojson["type"] == "FeatureCollection" and geojson["features"]
    for feature in geojson["features"]:
        lon, lat = feature["geometry"]["coordinates"]
        assert -180 <= lon <= 180 and -90 <= lat <= 90
    # A UTF-8 byte order mark first: Excel shows the Arabic garbled without it.
    assert (sample_site / "data/events.csv").read_bytes().startswith(b"\xef\xbb\xbfevent,start,")
    csv_lines = (sample_site / "data/events.csv").read_text(encoding="utf-8-sig").splitlines()
    assert csv_lines[0].startswith("event,start,end,granularity")
    assert len(csv_lines) == len(geojson["features"]) + 1
    # Article pages stay out of the navigation: no page lists them in its nav (the home
    # page's latest events link articles, in its content).
    home = (sample_site / "index.html").read_text(encoding="utf-8")
    content = re.search(r'<article class="md-content__inner[^"]*">.*?</article>', home, re.S)
    assert content and "marsad-event" in content.group(0)
    outside = home.replace(content.group(0), "")
    assert "md-nav__link" in outside
    assert not [stem for stem in ARTICLE_STEMS if stem in outside]


def test_no_root_absolute_links_and_no_remote_scripts(sample_site):
    for page in sample_site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        # 404.html is served at any depth, so MkDocs roots its links at site_url's path on purpose.
        if page.name != "404.html":
            assert not re.search(r'(?:src|href)="/(?!/)', text), f"root-absolute link in {page}"
        assert not re.search(r'<script[^>]+src="(?:https?:)?//', text), f"remote script in {page}"
        assert not re.search(r'<link[^>]+rel="stylesheet"[^>]+href="(?:https?:)?//', text), f"remote stylesheet in {page}"


def test_builds_are_byte_identical(tmp_path, sample_site):
    project = copy_project(tmp_path / "again")
    assert mkdocs_build(project).returncode == 0
    first, second = tree_hashes(sample_site), tree_hashes(project / "site")
    assert first.keys() == second.keys()
    different = [name for name in first if first[name] != second[name]]
    assert different == []
    # The site search's index too (Pagefind names its chunks by their content's hash).
    index = [name for name in first if name.startswith("pagefind/")]
    assert "pagefind/pagefind-entry.json" in index and "pagefind/pagefind.js" in index
    assert [n for n in index if n.startswith("pagefind/index/")] and [n for n in index if n.startswith("pagefind/fragment/")]


def test_malformed_article_is_named_and_skipped(tmp_path):
    project = copy_project(tmp_path / "broken")
    (project / "site_src/articles/broken.md").write_text("---\ntitle: [oops\ndate: 2016-08-25\n---\nنص في جنيف أمس.\n", encoding="utf-8")
    (project / "site_src/articles/nodate.md").write_text("---\ntitle: بلا تاريخ\n---\nنص في جنيف أمس.\n", encoding="utf-8")
    before = tree_hashes(project / "site_src")
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    assert "broken.md: malformed front matter" in result.stderr
    assert "nodate.md: front matter lacks 'date'" in result.stderr
    assert (project / "site/timeline/index.html").is_file()
    assert (project / "site/articles/002_b0cbef1f536209a0/index.html").is_file()
    assert not (project / "site/articles/broken/index.html").exists()
    assert tree_hashes(project / "site_src") == before  # sources untouched
    strict = mkdocs_build(project, "--strict")
    assert strict.returncode != 0
    assert "broken.md" in strict.stderr


def test_hostile_article_is_text_everywhere(tmp_path):
    project = copy_project(tmp_path / "hostile")
    (project / "site_src/articles/hostile.md").write_text(HOSTILE, encoding="utf-8")
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    site = project / "site"
    geneva = site / "places/ch/index.html"
    by_source = next(p for p in (site / "articles/by-source").glob("*/index.html") if "__pwned" in p.read_text(encoding="utf-8"))
    for page in [site / "articles/hostile/index.html", site / "timeline/2016-08/index.html", site / "articles/index.html", geneva,
                 by_source]:
        text = page.read_text(encoding="utf-8")
        assert "window.__pwned" in text, page  # the text is there ...
        assert "<script>window.__pwned" not in text, page  # ... but never as markup
        assert "<img src=x" not in text, page
        assert text.count("</title>") == 1, page
        assert 'href="javascript:' not in text, page
    article = (site / "articles/hostile/index.html").read_text(encoding="utf-8")
    assert "&lt;/script&gt;&lt;script&gt;window.__pwned" in article
    assert "<title>&lt;script&gt;" in article


def _with_plugin_options(project: Path, options: str) -> None:
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    assert "      week_start: monday\n" in config
    (project / "mkdocs.yml").write_text(config.replace("      week_start: monday\n", "      week_start: monday\n" + options), encoding="utf-8")


def test_shortcuts_change_no_byte(tmp_path, sample_site):
    """Partials rendered once per folder give the same site as every partial rendered for
    every page, pages given their HTML the same as pages sent through Markdown (and one
    worker process gives the same data files as several)."""
    project = copy_project(tmp_path / "plain-way")
    _with_plugin_options(project, "      cache_partials: false\n      skip_markdown: false\n      processes: 1\n")
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    first, second = tree_hashes(sample_site), tree_hashes(project / "site")
    assert first.keys() == second.keys()
    assert [name for name in first if first[name] != second[name]] == []
    assert "data/events.ics" in first and "data/places.geojson" in first
    assert not [p.name for p in project.iterdir() if "marsad-data" in p.name]  # no folder left beside the site


def test_place_links_reach_their_sections(sample_site):
    places = json.loads((sample_site / "data/places.geojson").read_text(encoding="utf-8"))["features"]
    assert places
    pages: dict[str, str] = {}
    for feature in places:
        page, anchor = feature["properties"]["page"].split("#")
        assert re.fullmatch(r"places/[a-z]+(-\d+)?/", page), page
        html = pages.setdefault(page, (sample_site / page / "index.html").read_text(encoding="utf-8"))
        assert f'<h2 id="{anchor}">' in html, feature["properties"]["page"]
    # Article pages link the same sections.
    article = (sample_site / f"articles/{ARTICLE_STEMS[0]}/index.html").read_text(encoding="utf-8")
    links = re.findall(r'href="\.\./\.\./(places/[a-z]+(?:-\d+)?/)#([^"]+)"', article)
    assert links
    for page, anchor in links:
        assert f'<h2 id="{anchor}">' in (sample_site / page / "index.html").read_text(encoding="utf-8")


def test_article_front_matter_reaches_the_page(tmp_path):
    """MkDocs does not parse article files again (the plugin hands it the parsed article):
    front matter such as `search: {exclude: true}` must still reach the page."""
    project = copy_project(tmp_path / "meta")
    (project / "site_src/articles/hidden.md").write_text(
        "---\ntitle: مقال مستبعد من البحث\ndate: 2016-08-25\nsearch:\n  exclude: true\n---\n\nوصل الوفد إلى جنيف أمس في زيارة قصيرة.\n",
        encoding="utf-8")
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    page = (project / "site/articles/hidden/index.html").read_text(encoding="utf-8")
    assert "<title>مقال مستبعد من البحث" in page
    # The site search indexes the pages that carry data-pagefind-body: the sample's five.
    assert "data-pagefind" not in page
    assert "data-pagefind-body" in (project / f"site/articles/{ARTICLE_STEMS[0]}/index.html").read_text(encoding="utf-8")
    entry = json.loads((project / "site/pagefind/pagefind-entry.json").read_text(encoding="utf-8"))
    assert [lang["page_count"] for lang in entry["languages"].values()] == [len(ARTICLE_STEMS)]
    assert not (project / "site/search").exists()  # Material's index is gone


def test_markdown_in_a_source_name_stays_text(tmp_path):
    """List pages skip Markdown (RenderedPage): a source named with Markdown syntax is shown
    as written, escaped, in the page's heading, title and table of contents."""
    from generator.site import source_slug

    source = "*نجم* & _شركاء_ [x](y)"
    project = copy_project(tmp_path / "md-source")
    (project / "site_src/articles/md-source.md").write_text(
        f'---\ntitle: مقال\ndate: 2016-08-25\nsource: "{source}"\n---\n\nوصل الوفد إلى جنيف أمس.\n', encoding="utf-8")
    result = mkdocs_build(project, "--strict")
    assert result.returncode == 0, result.stderr
    page = (project / f"site/articles/by-source/{source_slug(source)}/index.html").read_text(encoding="utf-8")
    shown = "*نجم* &amp; _شركاء_ [x](y)"
    assert re.search(f'<h1 id="[^"]+">{re.escape(shown)}</h1>', page)
    assert f"<title>{shown}" in page
    assert "<em>" not in page
