"""No script from article input ever runs on the built site (issue #13, hostile input).

A corpus of hostile articles (every front-matter field, the body, the file name) is built
with real MkDocs into a temporary project, served on 127.0.0.1, and every generated HTML
page is loaded in headless Chromium, with the map's popups, search box, filters and deep
links, the interactive timeline, the site search and the 404 page exercised. A payload that
runs calls `pwn(<its id>)` (or alert); the test fails when any did, when an element carries
an event handler or a `javascript:` URL made from the payloads, or when a payload's markup
(an <img src=x>) made the browser fetch it.
"""

from __future__ import annotations

import html
import json
import re
import time
from pathlib import Path
from urllib.parse import quote, unquote, urlparse

import pytest

from conftest import copy_project, mkdocs_build

from generator.localserver import serve
from waits import map_settled, page_settled, search_for, search_ready, set_hash, timeline_settled

MARK = "PWN"  # every payload id starts with it


def vectors(pid: str) -> list[str]:
    """Ways text can turn into script, each calling pwn() with its own id when it runs."""
    i = f"{MARK}-{pid}"
    return [
        f"<img src=x onerror=\"pwn('{i}-img')\">",
        f"<script>pwn('{i}-script')</script>",
        f"\"><svg onload=\"pwn('{i}-dq')\">",
        f"'><svg onload='pwn(\"{i}-sq\")'>",
        f"</script><script>pwn('{i}-close')</script>",
        f"</textarea></title></style></noscript><img src=x onerror=pwn('{i}-raw')>",
        f"--><img src=x onerror=pwn('{i}-comment')>",
        f"[clickme](javascript:pwn('{i}-mdlink'))",
        f"![x](x\" onerror=\"pwn('{i}-mdimg'))",
        f"<a href=\"javascript:pwn('{i}-a')\">a</a>",
        f"\";pwn('{i}-js');\" ';pwn(\"{i}-js2\");' \"]);pwn('{i}-arr');//",
        f"&lt;img src=x onerror=pwn('{i}-entity')&gt; &#60;script&#62;pwn('{i}-ent2')&#60;/script&#62;",
        f"`<img src=x onerror=pwn('{i}-code')>`",
        "{{ 7*1913 }} {% if true %}JINJA" + i + "{% endif %} ${7*1913}",
        f"\u2028\u2029<iframe srcdoc=\"<script>parent.pwn('{i}-srcdoc')</script>\"></iframe>",
        f"<details open ontoggle=pwn('{i}-toggle')><math><mtext><table><mglyph><style><img src=x onerror=pwn('{i}-mxss')>",
    ]


def payload(pid: str) -> str:
    return " ".join(vectors(pid))


def yaml_str(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # JSON strings are YAML strings


# Sentences that give events at places (a trigger, a place, a date), each followed by a
# payload: the payloads reach the events' excerpts on month, place, article pages and in
# the map's popups.
EVENT_SENTENCES = [
    "قصفت طائرات حربية مدينة حلب أمس {p} وقتل عشرة مدنيين.",
    "وصل الوفد إلى جنيف يوم الجمعة الماضي {p} لإجراء محادثات.",
    "سيطر تنظيم الدولة الإسلامية على مدينة منبج مساء أمس {p}.",
    "تظاهر آلاف في بغداد أمس {p} احتجاجا على الفساد.",
]

# A word next to payloads, for the site search.
SEARCH_WORD = "زعفرانيات"


def _body(pid: str) -> str:
    paragraphs = []
    for n, v in enumerate(vectors(pid)):
        sentence = EVENT_SENTENCES[n % len(EVENT_SENTENCES)]
        paragraphs.append(sentence.format(p=f"{SEARCH_WORD} {v}"))
    paragraphs += [
        f"# <img src=x onerror=pwn('{MARK}-{pid}-heading')>",
        f"<script>pwn('{MARK}-{pid}-block')</script>",
        f"[رابط](javascript:pwn('{MARK}-{pid}-bodylink')) و<javascript:pwn('{MARK}-{pid}-autolink')>",
        "---",
        f"    <img src=x onerror=pwn('{MARK}-{pid}-indented')>",
    ]
    return "\n\n".join(paragraphs) + "\n"


def _article(meta: dict[str, object], pid: str, date: str = "2016-08-25") -> str:
    lines = ["---"]
    fields = {"title": f"عنوان {pid}", "date": date, **meta}
    for key, value in fields.items():
        if isinstance(value, list):
            lines.append(f"{key}:")
            lines += [f"  - {yaml_str(v)}" for v in value]
        elif isinstance(value, dict):
            lines.append(f"{key}:")
            lines += [f"  {k}: {yaml_str(v)}" for k, v in value.items()]
        elif key == "date":
            lines.append(f"date: {value}")
        else:
            lines.append(f"{key}: {yaml_str(str(value))}")
    lines.append("---")
    return "\n".join(lines) + "\n\n" + _body(pid)


def hostile_corpus() -> dict[str, str]:
    """File name -> content of each hostile article."""
    p = payload
    files = {
        "h-title.md": _article({"title": p("title")}, "body1"),
        "h-title-md.md": _article({"title": f"[t](javascript:pwn('{MARK}-titlemd')) *x* <b>b</b> " + p("title2")}, "body2",
                                  "2016-07-03"),
        "h-source-md.md": _article({"source": f"[clickme](javascript:pwn('{MARK}-source-md'))"}, "body3"),
        "h-source.md": _article({"source": p("source")}, "body4", "2016-06-10"),
        "h-source-quotes.md": _article({"source": f"x\" onmouseover=\"pwn('{MARK}-srcq')\" y='a' onfocus='pwn(1)' autofocus \""},
                                       "body5"),
        "h-source-lines.md": _article({"source": f"x\n[a](javascript:pwn('{MARK}-srcnl'))\n\n<img src=x onerror=pwn('{MARK}-srcnl2')>\n# h"},
                                      "body20"),
        "h-title-lines.md": _article({"title": f"عنوان\n\n[t](javascript:pwn('{MARK}-titlenl'))\n\n![x](x\" onerror=\"pwn('{MARK}-titlenl2'))"},
                                     "body22", "2016-08-20"),
        "h-source-attrs.md": _article({"source": f"y {{: onclick=pwn('{MARK}-attr') tabindex=0 }} {{#x .y onmouseover=pwn(1)}}"},
                                      "body21"),
        "h-url.md": _article({"url": f"javascript:pwn('{MARK}-url')", "source": "ltr.example"}, "body6"),
        "h-url2.md": _article({"url": f"https://example.org/\"><img src=x onerror=pwn('{MARK}-url2')>"}, "body7"),
        "h-url3.md": _article({"url": f"data:text/html,<script>pwn('{MARK}-url3')</script>"}, "body8"),
        "h-description.md": _article({"description": p("description"), "author": p("author")}, "body9"),
        "h-description2.md": _article({"description": f"\"><img src=x onerror=pwn('{MARK}-desc2')>",
                                       "author": f"'><img src=x onerror=pwn('{MARK}-author2')>"}, "body10"),
        "h-redirect.md": _article({"template": "redirect.html", "location": f"\"]);pwn('{MARK}-location');//"}, "body11"),
        "h-redirect2.md": _article({"template": "redirect.html", "location": f"javascript:pwn('{MARK}-location2')"}, "body12"),
        "h-template.md": _article({"template": "main.html", "hide": "navigation", "status": p("status"), "icon": p("icon"),
                                   "subtitle": p("subtitle"), "tags": p("tags"), "search": p("search"), "og_type": p("ogtype"),
                                   "revision_date": p("revdate"), "git_revision_date_localized": p("gitrev"),
                                   "git_creation_date_localized": p("gitcreate"), "canonical_url": f"javascript:pwn('{MARK}-canon')",
                                   "unknown_key": p("unknown"), "updated": p("updated"), "keywords": p("keywords")}, "body13"),
        "h-lists.md": _article({"hide": ["navigation", "toc", "footer"], "tags": [p("tag1"), p("tag2")],
                                "search": {"boost": "2", "exclude": "false"}}, "body14"),
        "h-date.md": _article({}, "body15", "2016-08-25T10:00:00+03:00"),
        "h-baddate.md": _article({}, "body16", yaml_str(f"2016-08-25 <script>pwn('{MARK}-date')</script>")),
        "h-everything.md": _article({"title": p("all-title"), "source": p("all-source"), "description": p("all-desc"),
                                     "author": p("all-author"), "subtitle": p("all-sub")}, "body17", "2016-05-20"),
        # File names become slugs and URLs.
        f"javascript:pwn('{MARK}-slug')<!--.md": _article({}, "body18"),
        f"x\"><img src=x onerror=pwn('{MARK}-slug2')>.md": _article({}, "body19"),
    }
    return files


# Files beside the articles that are no articles: MkDocs would render a .markdown file
# itself (raw HTML and all) and copy the others as they are.
OTHER_FILES = {
    "h-ext.markdown": f"---\ntitle: t\ndate: 2016-08-25\n---\n\n<script>pwn('{MARK}-markdown')</script> وصل الوفد إلى جنيف أمس.\n",
    "h-page.html": f"<!doctype html><script>pwn('{MARK}-html')</script>",
    "h-image.svg": f'<svg xmlns="http://www.w3.org/2000/svg" onload="pwn(\'{MARK}-svg\')"/>',
}


def build_hostile(project: Path, *extra: str):
    """The hostile corpus in place of the sample articles (fewer pages to load, all hostile)."""
    for sample in (project / "site_src/articles").glob("*.md"):
        sample.unlink()
    for name, text in {**hostile_corpus(), **OTHER_FILES}.items():
        (project / "site_src/articles" / name).write_text(text, encoding="utf-8")
    return mkdocs_build(project, *extra)


def test_a_heading_of_untrusted_text_is_text_through_markdown():
    """Headings are the one part of our pages Markdown reads: their untrusted text comes out
    as itself, never as a link, an image, emphasis or attributes (attr_list)."""
    import markdown

    from generator.site import heading_html, md_heading

    text = f"*نجم* & _شركاء_ [x](javascript:pwn(1)) ![i](x\" onerror=\"pwn(2)) {{: onclick=pwn(3) }} \\ `c` #\n\n# h <b>"
    line = md_heading(text)
    assert "\n" not in line
    made = markdown.markdown("# " + line, extensions=["toc", "attr_list"])
    shown = made[made.index(">") + 1: made.rindex("</h1>")]
    assert shown == heading_html(line)
    assert "<" not in shown and " onclick" not in made.split(">")[0]
    assert html.unescape(shown) == " ".join(text.split())


# ---------------------------------------------------------------- the built sites


def _with_options(project: Path, options: str) -> None:
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    assert "      week_start: monday\n" in config
    (project / "mkdocs.yml").write_text(config.replace("      week_start: monday\n", "      week_start: monday\n" + options), encoding="utf-8")


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("hostile"))
    result = build_hostile(project)
    assert result.returncode == 0, result.stderr
    assert "h-baddate.md" in result.stderr  # a date that is no date: the article is skipped, named
    # a .markdown file is an article like a .md one: rendered by the plugin, escaped
    assert (project / "site" / "articles" / "h-ext" / "index.html").is_file()
    return project / "site"


@pytest.fixture(scope="module")
def hostile_site_through_markdown(tmp_path_factory) -> Path:
    """The same corpus with every page sent through Markdown and every partial rendered."""
    project = copy_project(tmp_path_factory.mktemp("hostile-md"))
    _with_options(project, "      skip_markdown: false\n      cache_partials: false\n")
    # attr_list would give a heading the attributes its text asks for ({: onclick=...}).
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    assert "markdown_extensions:\n" in config
    (project / "mkdocs.yml").write_text(config.replace("markdown_extensions:\n", "markdown_extensions:\n  - attr_list\n"), encoding="utf-8")
    result = build_hostile(project)
    assert result.returncode == 0, result.stderr
    return project / "site"


def _html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


# ---------------------------------------------------------------- the HTML as written

_URL_ATTRS = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "background", "srcdoc", "ping"}
_BAD_SCHEME = re.compile(r"^(?:javascript|vbscript|data):", re.I)


def _static_problems(site: Path) -> list[str]:
    """Markup made from the payloads in the files as written: handlers, script URLs, scripts."""
    from html.parser import HTMLParser

    problems: list[str] = []

    class Scan(HTMLParser):
        def __init__(self, name: str):
            super().__init__(convert_charrefs=True)
            self.name, self.script = name, None

        def handle_starttag(self, tag, attrs):
            for key, value in attrs:
                value = value or ""
                squeezed = re.sub(r"[\s\x00-\x1f]+", "", value)
                if key.startswith("on") and "pwn" in value.lower():
                    problems.append(f"{self.name}: <{tag} {key}={value[:80]!r}>")
                if key in _URL_ATTRS and (_BAD_SCHEME.match(squeezed) or key == "srcdoc"):
                    problems.append(f"{self.name}: <{tag} {key}={value[:80]!r}>")
            if tag == "script":
                self.script = dict(attrs).get("type") or "text/javascript"

        def handle_data(self, data):
            if self.script is not None and "json" not in self.script and "pwn" in data.lower():
                problems.append(f"{self.name}: a script holds payload text: {data[:80]!r}")
            if self.script is not None and "json" in self.script:
                json.loads(data)  # data embedded in the page is whole JSON, not cut short by the text it carries

        def handle_endtag(self, tag):
            if tag == "script":
                self.script = None

    for page in _html_pages(site):
        text = page.read_text(encoding="utf-8")
        name = str(page.relative_to(site))
        Scan(name).feed(text)
        if re.search(r"<a\s[^>]*href\s*=\s*[\"']?\s*javascript:", text, re.I):
            problems.append(f"{name}: <a href=\"javascript:")
    for data in sorted(site.rglob("*")):
        if data.is_file() and "assets" not in data.relative_to(site).parts and data.suffix in (".html", ".json", ".geojson", ".xml", ".csv", ".ics", ".js"):
            if "13391" in data.read_text(encoding="utf-8", errors="replace"):  # {{ 7*1913 }} evaluated
                problems.append(f"{data.relative_to(site)}: a template in the input was rendered")
    return problems


def test_hostile_input_is_text_in_every_file(hostile_site, hostile_site_through_markdown):
    assert _static_problems(hostile_site) == []
    assert _static_problems(hostile_site_through_markdown) == []
    # The payloads are there, as text (the test would prove nothing otherwise) ...
    by_source = [p for p in (hostile_site / "articles/by-source").glob("*/index.html") if "clickme" in p.name or "clickme" in p.parent.name]
    assert by_source
    shown = by_source[0].read_text(encoding="utf-8")
    assert "[clickme](javascript:pwn(&#x27;PWN-source-md&#x27;))</h1>" in shown
    assert "<title>[clickme](javascript:pwn(" in shown
    article = (hostile_site / "articles/h-description/index.html").read_text(encoding="utf-8")
    assert 'name="description" content="&lt;img src=x onerror=&quot;pwn(' in article
    assert 'name="author" content="&lt;img src=x onerror=&quot;pwn(' in article
    # ... front matter the site does not use is not on the page: no redirect, no status ...
    for name in ("h-redirect", "h-redirect2", "h-template"):
        page = (hostile_site / f"articles/{name}/index.html").read_text(encoding="utf-8")
        assert "window.location.replace" not in page and "PWN-location" not in page and 'http-equiv="refresh"' not in page
        assert 'class="md-content"' in page  # the theme's article page, not another template
    template = (hostile_site / "articles/h-template/index.html").read_text(encoding="utf-8")
    for pid in ("status", "icon", "subtitle", "tags", "search", "ogtype", "revdate", "gitrev", "gitcreate", "canon", "unknown",
                "updated", "keywords"):
        assert f"{MARK}-{pid}-" not in template and f"{MARK}-{pid}'" not in template, pid
    assert 'property="og:type" content="article"' in template
    # ... files beside the articles that are no articles are not published ...
    assert not [p for p in hostile_site.rglob("*") if p.name.startswith(("h-page", "h-image"))]
    # ... and the page is the same whether it skips Markdown or not.
    for page in _html_pages(hostile_site):
        rel = page.relative_to(hostile_site)
        assert page.read_bytes() == (hostile_site_through_markdown / rel).read_bytes(), rel


# ---------------------------------------------------------------- in the browser


# In every frame, before the page's own scripts: the flag a payload sets when it runs, and
# the errors (a payload that runs and throws).
_INIT = """
window.__pwned = window.__pwned || [];
window.pwn = function (id) {
  window.__pwned.push(String(id));
  try { window.__marsadPwned(String(id) + " at " + location.href); } catch (e) {}  /* told at once: the page may navigate away */
};
window.addEventListener("error", function (ev) {
  if (/pwn/i.test(String(ev.message || ""))) { try { window.__marsadPwned("error: " + ev.message); } catch (e) {} }
}, true);
"""

# What a frame's DOM holds that came from the payloads (it need not have run yet: a
# handler waiting for a hover, a link waiting for a click).
_DOM_SCAN = """() => {
  const out = (window.__pwned || []).map(String);
  const URL_ATTRS = ["href", "src", "action", "formaction", "xlink:href", "data", "poster", "srcdoc"];
  for (const node of document.querySelectorAll("*")) {
    for (const a of Array.from(node.attributes)) {
      const name = a.name.toLowerCase(), value = a.value || "";
      if (name.startsWith("on") && /pwn/i.test(value)) out.push("handler <" + node.localName + " " + name + ">");
      if (URL_ATTRS.includes(name) && (/^(javascript|vbscript|data):/i.test(value.replace(/[\\s\\x00-\\x1f]+/g, "")) || name === "srcdoc"))
        out.push("url <" + node.localName + " " + name + "=" + value.slice(0, 60) + ">");
    }
    if (node.localName === "script" && !/json/.test(node.type || "") && /pwn/i.test(node.textContent || "")) out.push("script: " + node.textContent.slice(0, 60));
  }
  for (const a of document.querySelectorAll("a")) {
    if (/^javascript:/i.test(a.protocol || "")) out.push("javascript: link " + a.getAttribute("href"));
  }
  return out;
}"""


@pytest.fixture(scope="module")
def _hostile_context(browser, hostile_site):
    with serve(hostile_site, "/", not_found_page=True) as base:
        context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="ar")
        context.route("**/tile.openstreetmap.org/**", lambda route: route.fulfill(status=204, body=b""))
        context.add_init_script(_INIT)
        found: list[str] = []
        errors: list[str] = []

        def on_request(request):
            url = unquote(request.url)
            path = urlparse(request.url).path
            if not url.startswith(base) and "tile.openstreetmap.org" not in url and not url.startswith("data:"):
                found.append(f"request out of the site: {url}")
            # An <img src=x> that was made into markup asks for "x".
            if request.resource_type in ("image", "script", "media", "object", "other") and (
                    path.endswith("/x") or "/x%22" in path or "pwn(" in url.lower()):
                found.append(f"payload request: {url}")

        def on_dialog(dialog):
            found.append(f"dialog: {dialog.message}")
            dialog.dismiss()

        context.expose_function("__marsadPwned", lambda what: found.append(f"ran: {what}"))
        context.on("request", on_request)
        context.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
        page = context.new_page()
        page.on("dialog", on_dialog)
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        yield page, base, found, errors
        context.close()


@pytest.fixture()
def hostile_browser(_hostile_context):
    """The page, the site's address, and what each test finds (on its own)."""
    page, base, found, errors = _hostile_context
    page.goto("about:blank")
    found.clear()
    errors.clear()
    return page, base, found, errors


def _check(page, where: str, found: list[str]) -> None:
    for frame in page.frames:
        try:
            hits = frame.evaluate(_DOM_SCAN)
        except Exception:  # a frame that went away meanwhile
            continue
        found.extend(f"{where} [{frame.url[-60:]}]: {hit}" for hit in hits)


def _map_frame(page):
    page.frame_locator("iframe.marsad-map-frame").locator("body[data-marsad-ready]").wait_for(state="attached", timeout=15000)
    return next(f for f in page.frames if f.url.split("#")[0].endswith("map.html"))


def test_no_payload_runs_on_any_page(hostile_browser, hostile_site):
    page, base, found, errors = hostile_browser
    started = time.monotonic()
    pages = _html_pages(hostile_site)
    assert len(pages) > 30
    for path in pages:
        rel = path.relative_to(hostile_site).as_posix()
        url = base + (rel[: -len("index.html")] if rel.endswith("index.html") else rel)
        try:
            page.goto(url, wait_until="load", timeout=10000)
        except Exception as exc:  # a page that never loads (a script sends it away again and again)
            found.append(f"{rel}: did not load ({str(exc).splitlines()[0]})")
            continue
        if page.locator("iframe.marsad-map-frame").count():
            _map_frame(page)
        if page.locator("#marsad-timeline").count():
            page.locator("#marsad-timeline[data-marsad-ready]").wait_for(state="attached", timeout=15000)
        _check(page, rel, found)
    assert found == []
    assert errors == []  # nor does hostile input break the pages' scripts
    assert time.monotonic() - started < 60


def test_no_payload_runs_in_the_map(hostile_browser, hostile_site):
    page, base, found, errors = hostile_browser
    places = json.loads((hostile_site / "data/places.geojson").read_text(encoding="utf-8"))
    page.goto(base + "map/")
    frame = _map_frame(page)
    frame.locator("body[data-marsad-ready]").wait_for(state="attached", timeout=15000)
    # Every place's popup, with its events' excerpts (the payloads are in them; each
    # place's come from its own file when its popup opens).
    shown = []
    for feature in places["features"]:
        p = feature["properties"]
        frame.evaluate("id => window.marsadOpenPlace(id)", p["id"])
        frame.wait_for_function("page => Array.from(document.querySelectorAll('.marsad-popup[data-marsad-excerpts] h3 a'))"
                                ".some(a => a.getAttribute('href').endsWith(page))", arg=p["page"], timeout=10000)
        _check(page, f"map popup {p['id']}", found)
        shown += frame.locator(".marsad-popup .marsad-excerpt, .marsad-popup .marsad-article-link").all_inner_texts()
    assert any("pwn(" in t for t in shown)  # the payloads are shown, as text
    # The filters: every source (hostile names), type and actor.
    for name in ("source", "type", "actor"):
        select = frame.locator(f".marsad-controls select[name={name}]")
        if not select.count():
            continue
        for value in select.locator("option").evaluate_all("options => options.map(o => o.value)"):
            select.select_option(value=value)
            _check(page, f"map filter {name}={value[:40]}", found)
    sources = frame.locator(".marsad-controls select[name=source] option").all_inner_texts()
    assert any("clickme" in s for s in sources)  # the hostile outlets are listed, as text
    frame.locator(".marsad-controls select[name=source]").select_option(value="")
    # The place search: payload text, a place, a place beside payloads.
    search = frame.locator(".marsad-controls input[type=search]")
    for query in [payload("query"), "حلب", "بحلب<img src=x onerror=pwn('PWN-q2')>", f"{SEARCH_WORD} {payload('q3')}"]:
        search.fill(query)
        search.press("Enter")
        map_settled(frame)
        _check(page, f"map search {query[:30]}", found)
    # Deep links: state from the URL, payloads in every key, and the hostile outlets.
    hostile = quote(payload("hash"), safe="")
    outlets = sorted({a[2] for a in places["articles"] if a[2]})
    events = [e[9] for f in places["features"] for e in f["properties"]["events"]][:3]
    hashes = ["&".join(f"{k}={hostile}" for k in ("place", "event", "type", "actor", "source", "from", "to", "mini"))]
    hashes += [f"source={quote(o, safe='')}" for o in outlets if MARK in o or "clickme" in o]
    hashes += [f"event={quote(e, safe='')}" for e in events]
    for h in hashes:
        page.goto(base + "map/#" + h)
        map_settled(_map_frame(page))
        _check(page, f"map/#{h[:40]}", found)
        set_hash(page, "place=" + hostile)  # a hash followed on the page
        map_settled(_map_frame(page))
        _check(page, f"map hashchange {h[:40]}", found)
    page.goto(base + "assets/marsad/map.html#" + hashes[0])
    page.locator("body[data-marsad-ready]").wait_for(state="attached", timeout=15000)
    _check(page, "map.html#payload", found)
    assert found == []
    assert errors == []  # nor does hostile input break the pages' scripts


def test_no_payload_runs_in_the_interactive_timeline(hostile_browser, hostile_site):
    page, base, found, errors = hostile_browser
    data = json.loads((hostile_site / "data/timeline.json").read_text(encoding="utf-8"))
    page.goto(base + "timeline/interactive/")
    page.locator("#marsad-timeline[data-marsad-ready]").wait_for(state="attached", timeout=15000)
    for event in data["events"]:  # each event's details: its places, links, date
        page.evaluate("id => { location.hash = 'event=' + encodeURIComponent(id); }", event[0])
        page.locator(f'.marsad-tl-detail:not([hidden])').wait_for(timeout=5000)
    _check(page, "timeline details", found)
    for mode in ("country", "type", ""):
        page.locator(".marsad-tl-group select").select_option(value=mode)
        timeline_settled(page)
        _check(page, f"timeline group {mode}", found)
    hostile = quote(payload("tlhash"), safe="")
    page.goto(base + f"timeline/interactive/#from={hostile}&to={hostile}&event={hostile}&group={hostile}")
    page.locator("#marsad-timeline[data-marsad-ready]").wait_for(state="attached", timeout=15000)
    _check(page, "timeline#payload", found)
    # The month pages with a payload in the hash.
    page.goto(base + f"timeline/2016-08/#{hostile}")
    _check(page, "month#payload", found)
    assert found == []
    assert errors == []  # nor does hostile input break the pages' scripts


def test_no_payload_runs_in_search_results_or_the_404_page(hostile_browser, hostile_site):
    page, base, found, errors = hostile_browser
    page.goto(base)
    search_ready(page)
    for query in [payload("search-query"), "clickme javascript", "img src onerror pwn", "عنوان", SEARCH_WORD]:
        search_for(page, query)  # its results drawn (or the word that there are none)
        _check(page, f"search {query[:30]}", found)
    results = page.locator(".md-search-result__item")
    results.first.wait_for(timeout=15000)
    assert "pwn(" in page.locator(".md-search-result").inner_text()  # the payloads are in the results, as text
    results.first.locator("a").first.click()  # the result opens its page
    page.wait_for_load_state("load")
    search_ready(page)  # the page's scripts have run ...
    page_settled(page)  # ... and the page has stopped changing
    _check(page, "search result page", found)
    page.goto(base + "articles/h-title/?h=" + quote(payload("highlight"), safe=""))
    search_ready(page)
    page_settled(page)
    _check(page, "?h=payload", found)
    for missing in ["no/such/page/", f"articles/{quote(payload('404'), safe='')}/",
                    "articles/h-title/nothing/#" + quote(payload("404hash"), safe="")]:
        response = page.goto(base + missing)
        assert response is not None and response.status == 404
        assert "404" in page.locator("h1").first.inner_text()
        _check(page, f"404 {missing[:40]}", found)
    assert found == []
    assert [e for e in errors if "404 (Not Found)" not in e] == []  # nor does hostile input break the pages' scripts
