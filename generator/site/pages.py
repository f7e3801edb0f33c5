"""Stage 5: the site's pages, as strings, from the extracted articles.

Everything here is a pure function of a `SiteModel`: no MkDocs objects, no file system.
The MkDocs plugin decides where the strings go. Article text is untrusted, so every piece
of it passes through `esc` (pages), DOM textContent (the map, built in the browser from a
data file) or `json_for_html` (JSON inside HTML).

Links are relative (`link`), so the site works under any sub-path, as GitHub Pages serves
project sites.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import hashlib
import html
import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Callable

from mkdocs.utils import get_relative_url
from pymdownx.slugs import slugify

from ..articles import Article
from ..events import Event
from ..events.actors import ActorTable
from ..events.merge import MergedEvent, merge_events
from ..events.taxonomy import Taxonomy, load_taxonomy
from ..extract import Extraction
from . import mapview
from .labels import (EXTENDED_FEATURES, LIST_SEPARATORS, NAMES_SEPARATOR, OSM_ATTRIBUTION, OSM_ATTRIBUTIONS, count, date_language,
                     date_note, format_date, month_heading, place_kind, place_note, search_words, words)
from ..places import Place, PlaceMention

# Where generated files live (MkDocs src_uri, relative to docs_dir).
HOME_PAGE = "index.md"
MAP_PAGE = "map.md"
TIMELINE_INDEX = "timeline/index.md"
PLACES_INDEX = "places/index.md"
ARTICLE_INDEX_PAGE = "articles/index.md"
DATA_PAGE = "data.md"
ASSETS = "assets/marsad"
MAP_HTML = f"{ASSETS}/map.html"
CSS = f"{ASSETS}/marsad.css"
SEARCH_JS = f"{ASSETS}/marsad-search.js"  # the search box's script (the site search, generator/mkdocs/search.py)
EVENTS_GEOJSON = "data/events.geojson"
EVENTS_CSV = "data/events.csv"
EVENTS_ICS = "data/events.ics"
EVENTS_ZIP = "data/events.zip"  # the three above, compressed: always published
PLACES_GEOJSON = "data/places.geojson"
EXCERPTS_DIR = "data/excerpts"  # the map's popup text, a file per place, loaded when its popup opens
MAP_POINTS = "data/map-points.json"  # the map's first markers, before places.geojson

# A user writes this line in index.md where the site's summary should go.
SUMMARY_MARKER = "<!-- marsad:summary -->"

OSM_TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"

EXCERPT_CHARS = 240
TIMELINE_PAGE_SIZE = 200  # events per timeline page: pages stay small however large the corpus
LATEST_ON_HOME = 8
LATEST_ARTICLES = 20
SOURCES_SHOWN = 4  # an event cited by more articles lists them in a fold-out

# Events the taxonomy does not know (the extractor's "other") get a plain grey mark.
OTHER_COLOUR, OTHER_SYMBOL = "#757575", "•"
_COLOUR = re.compile(r"#[0-9A-Fa-f]{3}(?:[0-9A-Fa-f]{3})?")


@dataclass(frozen=True)
class ArticleRecord:
    article: Article
    extraction: Extraction
    url: str  # the article page's URL relative to the site root, e.g. "articles/slug/"


@dataclass
class PlaceSummary:
    place: Place
    precision: str
    src_uri: str = ""  # the country page (part) where the place's section starts
    anchor: str = ""  # the id of that section
    events: list[MergedEvent] = field(default_factory=list)  # the merged events at this place, in timeline order
    spellings: Counter = field(default_factory=Counter)


@dataclass(frozen=True)
class PlaceSection:
    """A place's events on one country page; a long history continues on the next part."""
    summary: PlaceSummary
    events: tuple[MergedEvent, ...]
    first: bool  # the section that carries the place's anchor


@dataclass(frozen=True)
class PlacePage:
    """The places of one country (or of no country: seas, regions), paged by events."""
    src_uri: str
    cc: str
    title: str
    part: int
    parts: int
    sections: tuple[PlaceSection, ...]


@dataclass(frozen=True)
class TimelinePage:
    src_uri: str
    month: str  # YYYY-MM
    part: int  # 1-based part of the month
    parts: int
    events: tuple[MergedEvent, ...]


@dataclass(frozen=True)
class SiteSettings:
    language: str = "ar"
    tiles: str = OSM_TILES
    tiles_attribution: str = OSM_ATTRIBUTION
    directory_urls: bool = True
    month_names: str = "egyptian"  # labels.MONTH_STYLES: egyptian (يناير), levantine (كانون الثاني), maghrebi (يناير، غشت), algerian (جانفي)
    # events.geojson, .csv and .ics are published beside events.zip while they hold at most
    # this many rows (one per event and place; about 4.5 kB each in all three)
    raw_exports_up_to: int = 10000


@dataclass(frozen=True)
class TypeMark:
    """How an event type is shown: its label, colour and symbol (escaped where they go)."""
    key: str
    label: str
    colour: str
    symbol: str


@dataclass
class SiteModel:
    settings: SiteSettings
    records: list[ArticleRecord]
    entries: list[tuple[ArticleRecord, Event]]  # every article's events (the reports)
    events: list[MergedEvent]  # the reports merged across articles and sources, in timeline order
    places: list[PlaceSummary]
    timeline_pages: list[TimelinePage]
    place_of: dict[str, PlaceSummary]
    month_page_of: dict[str, TimelinePage]  # merged event id -> its timeline page
    place_pages: list[PlacePage] = field(default_factory=list)
    taxonomy: Taxonomy | None = None
    actors: ActorTable | None = None
    country_names: dict[str, str] = field(default_factory=dict)  # cc -> the country's name in the site's language
    events_of: dict[int, list[MergedEvent]] = field(default_factory=dict, repr=False)  # id(record) -> the events it reports
    event_parts: dict[str, tuple] = field(default_factory=dict, repr=False)  # merged id -> _event_parts
    spanning: dict[str, list[MergedEvent]] = field(default_factory=dict, repr=False)  # YYYY-MM -> events begun before it that cover it
    _page_index: dict[str, int] = field(default_factory=dict, repr=False)
    _marks: dict[str, TypeMark] = field(default_factory=dict, repr=False)

    @property
    def raw_exports(self) -> bool:
        """Whether the events' files are published as they are, beside their zip."""
        return sum(len(m.places) for m in self.events) <= self.settings.raw_exports_up_to

    def url(self, src_uri: str) -> str:
        return page_url(src_uri, self.settings.directory_urls)

    def page_index(self, page: TimelinePage) -> int:
        if not self._page_index:
            self._page_index.update((p.src_uri, i) for i, p in enumerate(self.timeline_pages))
        return self._page_index[page.src_uri]

    def place_url(self, summary: PlaceSummary) -> str:
        return f"{self.url(summary.src_uri)}#{summary.anchor}"

    def event_url(self, event: MergedEvent) -> str:
        """The event's own link: its anchor on its month page (relative to the site root)."""
        return f"{self.url(self.month_page_of[event.id].src_uri)}#{event_anchor(event)}"

    @property
    def w(self) -> dict[str, str]:
        return words(self.settings.language)

    @property
    def date_lang(self) -> str:
        """The language dates are written in: "ar" with the site's month names ("ar-levantine" ...)."""
        return date_language(self.settings.language, self.settings.month_names)

    def count(self, n: int, noun: str) -> str:
        """«حدث واحد», «حدثان», «5 أحداث», «33 حدثًا», «100 حدث» (labels.count)."""
        return count(n, noun, self.settings.language)

    def type_mark(self, key: str) -> TypeMark:
        mark = self._marks.get(key)
        if mark is None:
            t = self.taxonomy.types.get(key) if self.taxonomy else None
            if t is None:
                mark = TypeMark(key, self.w["type_other"], OTHER_COLOUR, OTHER_SYMBOL)
            else:
                colour = t.colour if _COLOUR.fullmatch(t.colour or "") else OTHER_COLOUR
                mark = TypeMark(key, t.label(self.settings.language), colour, t.symbol or OTHER_SYMBOL)
            self._marks[key] = mark
        return mark

    def type_keys(self) -> list[str]:
        """The types of the site's events, in the taxonomy's order (the legend's order)."""
        present = {m.type for m in self.events}
        known = list(self.taxonomy.types) if self.taxonomy else []
        return [k for k in known if k in present] + sorted(present - set(known))

    def country_name(self, cc: str | None) -> str:
        """The country's name (its code when the gazetteer has none), or "" without a country."""
        return self.country_names.get(cc or "", cc or "")

    def subtype_label(self, key: str) -> str:
        return self.taxonomy.subtype_label(key, self.settings.language) if self.taxonomy and key else ""

    def actor_label(self, actor_id: str) -> str | None:
        actor = self.actors.get(actor_id) if self.actors else None
        return actor.label(self.settings.language) if actor else None


# ---------------------------------------------------------------- helpers


def esc(text: object) -> str:
    return html.escape(str(text), quote=True)


# Python-Markdown's backslash escapes (markdown.Markdown.ESCAPED_CHARS), less ">": the
# HTML escape comes after, and turns it into "&gt;".
_MD_ESCAPABLE = "\\`*_{}[]()#+-.!"
_MD_ESCAPE = re.compile("([" + re.escape(_MD_ESCAPABLE) + "])")
_MD_UNESCAPE = re.compile("\\\\([" + re.escape(_MD_ESCAPABLE) + "])")


def md_heading(text: object) -> str:
    """Untrusted text as the text of a Markdown heading line ("# " + this): on one line,
    every Markdown character backslash-escaped, then HTML-escaped. Sent through Markdown
    (`skip_markdown: false`) it comes out as the text, never as a link, an image, an
    emphasis or attributes (attr_list's `{: onclick=...}`); `heading_html` gives the same
    HTML without Markdown."""
    return esc(_MD_ESCAPE.sub(r"\\\1", " ".join(str(text).split())))


def heading_html(line_text: str) -> str:
    """The HTML Markdown makes of a heading line's text written by `md_heading` (or of our
    own words, which hold no Markdown): the backslash escapes taken off."""
    return _MD_UNESCAPE.sub(r"\1", line_text)


def esc_line(text: object) -> str:
    """Untrusted text that is one line (a title, an outlet's name), escaped on one line: a
    blank line in it would end the HTML block it stands in (see stash_html)."""
    return esc(" ".join(str(text).split()))


def json_for_html(value: object) -> str:
    """JSON that is safe inside HTML, including inside a <script> element."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    for raw, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(raw, escaped)
    return text


def page_url(src_uri: str, directory_urls: bool = True) -> str:
    """The URL MkDocs gives a Markdown source (relative to the site root)."""
    if not src_uri.endswith(".md"):
        return src_uri
    stem = src_uri[:-3]
    if stem == "index" or stem.endswith("/index"):
        return stem[:-5]
    return f"{stem}/" if directory_urls else f"{stem}.html"


@functools.lru_cache(maxsize=1 << 16)
def link(target_url: str, from_url: str) -> str:
    """A relative link, so the site works under any sub-path. (Cached: a page links the
    same places and pages many times, and large sites make hundreds of thousands of links.)"""
    if target_url in ("", "./"):
        target_url = "."
    return get_relative_url(target_url, from_url or ".")


def place_link(model: "SiteModel", summary: "PlaceSummary", from_url: str) -> str:
    """A relative link to the place's section on its country page."""
    return f"{link(model.url(summary.src_uri), from_url)}#{summary.anchor}"


def excerpt(sentence: str, limit: int = EXCERPT_CHARS) -> str:
    sentence = " ".join(sentence.split())
    return sentence if len(sentence) <= limit else sentence[: limit - 1].rstrip() + "…"


_SPACES = re.compile(r"\s+")


def excerpt_parts(sentence: str, span: tuple[int, int] | None, limit: int = EXCERPT_CHARS) -> tuple[str, str, str]:
    """(before, trigger, after): an excerpt of at most about `limit` characters around the
    words at `span` (relative to the sentence), cut at word boundaries with "…". Several
    events of one long sentence each show their own part of it. Without a span inside the
    sentence: the sentence's start, as `excerpt` gives it."""
    if not span or not (0 <= span[0] < span[1] <= len(sentence)):
        return excerpt(sentence, limit), "", ""
    before = _SPACES.sub(" ", sentence[:span[0]]).lstrip()
    trigger = _SPACES.sub(" ", sentence[span[0]:span[1]])
    after = _SPACES.sub(" ", sentence[span[1]:]).rstrip()
    room = max(0, limit - len(trigger))
    if len(before) + len(after) <= room:
        return before, trigger, after
    keep_before = min(len(before), max(room // 3, room - len(after)))
    keep_after = room - keep_before
    if keep_before < len(before):
        cut = before[len(before) - keep_before:] if keep_before else " "
        space = cut.find(" ")
        if 0 <= space < len(cut) - 1:  # from the first whole word
            cut = cut[space + 1:]
        before = "…" + cut
    if keep_after < len(after):
        cut = after[:keep_after]
        space = cut.rfind(" ")
        after = (cut[:space] if space > 0 else cut).rstrip() + "…"
    return before, trigger, after


def event_excerpt(event: MergedEvent, limit: int = EXCERPT_CHARS) -> tuple[str, str, str]:
    """The excerpt of the report that dates the event, around its trigger words."""
    e = event.lead_report[1]
    span = (e.trigger_offset[0] - e.offset[0], e.trigger_offset[1] - e.offset[0]) if e.trigger_offset[1] > e.trigger_offset[0] else None
    return excerpt_parts(e.sentence, span, limit)


_ARABIC_LETTER = re.compile(r"[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]")
_LATIN_LETTER = re.compile(r"[A-Za-z]")


def outlet_html(source: str, meta: str | None = None) -> str:
    """An outlet's name (untrusted), escaped; a Latin one («eremnews.com (Reuters)») marked
    left to right, so it reads as one run in Arabic text (its closing parenthesis stays put).
    `meta`: the search's metadata key the name is (data-pagefind-meta)."""
    ltr = ' dir="ltr"' if _LATIN_LETTER.search(source) and not _ARABIC_LETTER.search(source) else ""
    key = f' data-pagefind-meta="{esc(meta)}"' if meta else ""
    return f'<span class="marsad-source"{ltr}{key}>{esc_line(source)}</span>'


def slug_for_place(place: Place) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "-", place.id).strip("-") or "place"


def date_label(event: Event | MergedEvent, lang: str) -> str:
    return format_date(event.start, event.end, event.granularity, lang)


def event_anchor(event: MergedEvent) -> str:
    """The id of the event's item on its month page."""
    return f"e-{event.id}"


def date_source_label(date_from: str, w: dict[str, str]) -> str:
    return w.get(f"from_{date_from}", w["from_text"])


def place_kind_label(place: Place, precision: str, w: dict[str, str], lang: str) -> str:
    """What the place is (مدينة، نهر، مخيم، محافظة، دولة) rather than how precisely it was
    pinned: a river is no «موقع محدد», Tikrit no «منطقة». A mention pinned somewhere in a
    city (a quarter, a facility: precision "city") says so: "in Aleppo"."""
    if precision == "city":
        return w["in_city"].format(name=place.name if lang == "en" else (place.name_ar or place.name))
    return place_kind(place.kind, place.name_ar, lang) or precision_label(precision, w)


def map_precision(place: Place, precision: str) -> str:
    """How the map draws a place: a river or a sea as a region (a dashed ring), not a point."""
    if place.kind == "feature" and place.name_ar.split(" ", 1)[0] in EXTENDED_FEATURES and precision == "point":
        return "region"
    return precision


def precision_label(precision: str, w: dict[str, str]) -> str:
    return w["precision_country"] if precision == "country" else w.get(precision, precision)


def _day(d: dt.date, lang: str) -> str:
    return format_date(d, d, "day", lang)


def stash_html(rendered: str, token: str) -> tuple[str, dict[str, str]]:
    """Replace each block but the headings by a token line: an HTML block (starting with
    '<') as it is, a line of text as the paragraph Markdown would make of it (page_html
    does the same). Only headings, written with md_heading when their text is untrusted,
    are left to Markdown: a block cut short by a blank line in untrusted text is no
    Markdown either."""
    fragments: dict[str, str] = {}
    blocks = []
    for block in rendered.split("\n\n"):
        if block.lstrip().startswith("#") or not block.strip():
            blocks.append(block)
            continue
        name = f"{token}{len(fragments)}"
        fragments[name] = block if block.lstrip().startswith("<") else f"<p>{block.strip()}</p>"
        blocks.append(name)
    return "\n\n".join(blocks), fragments


@dataclass(frozen=True)
class PageHtml:
    """A generated page as MkDocs' Markdown pass would leave it."""

    content: str
    title: str | None  # the <h1>'s text as MkDocs extracts it (entities kept), None without one
    toc_tokens: list[dict]  # the table of contents: the <h1> only, as for stashed HTML blocks
    anchor_ids: set[str]


_HEADING_IDS = re.compile(r'<h[1-6][^>]*? id="([^"]+)"')


def page_html(rendered: str, slugify: Callable[[str, str], str] | None = None) -> PageHtml:
    """The HTML of a page rendered as an optional '# title' line, then HTML blocks.

    MkDocs' Markdown pass over such a page only gives the title an id (and builds a new
    Markdown parser per page, which costs more than the rest of the page on a large site):
    this does the same directly. The title is escaped already; Markdown syntax in it stays
    literal text, as it should for titles taken from articles.
    """
    slugify = slugify or _slugify
    parts: list[str] = []
    tokens: list[dict] = []
    ids: set[str] = set()
    title = None
    blocks = rendered.split("\n\n")
    if blocks[0].startswith("# ") and "\n" not in blocks[0].strip():
        title = heading_html(blocks.pop(0)[2:].strip())
        anchor = slugify(html.unescape(title), "-")
        ids.add(anchor)
        tokens.append({"level": 1, "id": anchor, "name": title, "html": title, "data-toc-label": "", "children": []})
        parts.append(f'<h1 id="{esc(anchor)}">{title}</h1>')
    for block in blocks:
        if block.strip():
            # HTML blocks as they were (byte-identical pages); a line of text as a paragraph.
            parts.append(block if block.lstrip().startswith("<") else f"<p>{block.strip()}</p>")
    content = "\n".join(parts)
    ids.update(html.unescape(x) for x in _HEADING_IDS.findall(content))
    return PageHtml(content, title, tokens, ids)


def unstash_html(html_text: str, fragments: dict[str, str]) -> str:
    """Put the blocks back where Markdown left their tokens as paragraphs."""
    for name, block in fragments.items():
        html_text = html_text.replace(f"<p>{name}</p>", block, 1)
    return html_text


_TAGS = re.compile(r"<[^>]+>")
TEXT_SECTION_CHARS = 300  # an article's text has an anchor about every this many characters (at a paragraph)


_slugify = slugify(case="lower")

# ---------------------------------------------------------------- the model


def build_model(records: list[ArticleRecord], settings: SiteSettings, page_size: int = TIMELINE_PAGE_SIZE,
                country_names: dict[str, str] | None = None, *, actors: ActorTable | None = None,
                taxonomy: Taxonomy | None = None) -> SiteModel:
    records = sorted(records, key=lambda r: (r.article.published, r.article.slug))
    entries = [(r, e) for r in records for e in r.extraction.events]
    entries.sort(key=lambda x: (x[1].start, x[1].end, x[0].article.published, x[0].article.slug, x[1].offset))
    # One item per happening, however many articles and outlets report it (events/merge.py).
    events = merge_events(entries)

    by_id: dict[str, PlaceSummary] = {}
    for merged in events:
        for mention in merged.places:
            summary = by_id.get(mention.place.id)
            if summary is None:
                summary = by_id[mention.place.id] = PlaceSummary(mention.place, mention.precision)
                summary.anchor = slug_for_place(mention.place)
            summary.events.append(merged)
        for _, event in merged.reports:
            for mention in event.places:
                summary = by_id[mention.place.id]
                summary.spellings[mention.text] += 1
                if mention.precision == "point":  # the most precise reading of a place wins
                    summary.precision = "point"
    places = sorted(by_id.values(), key=lambda s: (s.place.name_ar, s.place.id))
    place_pages = _place_pages(places, page_size, country_names or {})

    # An event is listed on the month it starts in: a quarter or a year is kept on its first month.
    by_month: dict[str, list[MergedEvent]] = defaultdict(list)
    for merged in events:
        by_month[merged.start.isoformat()[:7]].append(merged)
    pages, page_of = [], {}
    for month in sorted(by_month):
        items = by_month[month]
        parts = max(1, -(-len(items) // page_size))
        for part in range(1, parts + 1):
            chunk = tuple(items[(part - 1) * page_size: part * page_size])
            src = f"timeline/{month}.md" if part == 1 else f"timeline/{month}-{part}.md"
            page = TimelinePage(src, month, part, parts, chunk)
            pages.append(page)
            for merged in chunk:
                page_of[merged.id] = page
    events_of: dict[int, list[MergedEvent]] = defaultdict(list)
    for merged in events:
        for record in merged.articles:
            events_of[id(record)].append(merged)
    # A year, a quarter or a long period is listed on its first month, and named on each later
    # month page it covers (a line each, at most BAND_SIZE shown: no blow-up on large sites).
    spanning: dict[str, list[MergedEvent]] = defaultdict(list)
    months = sorted(by_month)
    for merged in events:
        first, last = merged.start.isoformat()[:7], merged.end.isoformat()[:7]
        if last > first:
            for month in months[bisect.bisect_right(months, first):bisect.bisect_right(months, last)]:
                spanning[month].append(merged)
    for listed in spanning.values():  # the widest first (the year, then its quarter ...), then by start
        listed.sort(key=lambda m: (-(m.end - m.start).days, m.start, m.id))
    return SiteModel(settings, records, entries, events, places, pages, by_id, page_of, place_pages,
                     taxonomy=taxonomy if taxonomy is not None else load_taxonomy(), actors=actors,
                     country_names=dict(country_names or {}), events_of=dict(events_of), spanning=dict(spanning))


def _place_pages(places: list[PlaceSummary], page_size: int, country_names: dict[str, str]) -> list[PlacePage]:
    """One page per country, its places' sections in order (the country itself, then the
    most reported places), cut every `page_size` events. A page per place would add
    thousands of pages that each cost a whole theme render for a few lines of content."""
    by_cc: dict[str, list[PlaceSummary]] = defaultdict(list)
    for summary in places:
        by_cc[summary.place.cc or ""].append(summary)
    pages: list[PlacePage] = []
    for cc in sorted(by_cc, key=lambda c: (c == "", c)):
        group = sorted(by_cc[cc], key=lambda s: (s.place.kind != "country", -len(s.events), s.place.name_ar, s.place.id))
        stem = f"places/{cc.lower()}" if cc else "places/regions"
        title = country_names.get(cc) or cc or ""
        chunks: list[list[PlaceSection]] = [[]]
        room = page_size
        for summary in group:
            events, first = summary.events, True
            while events:
                if room == 0:
                    chunks.append([])
                    room = page_size
                take = events[:room]
                chunks[-1].append(PlaceSection(summary, tuple(take), first))
                if first:
                    summary.src_uri = f"{stem}.md" if len(chunks) == 1 else f"{stem}-{len(chunks)}.md"
                first, events, room = False, events[room:], room - len(take)
        parts = len(chunks)
        for n, chunk in enumerate(chunks, 1):
            src = f"{stem}.md" if n == 1 else f"{stem}-{n}.md"
            pages.append(PlacePage(src, cc, title, n, parts, tuple(chunk)))
    return pages


# ---------------------------------------------------------------- shared fragments


def type_mark_html(model: SiteModel, key: str) -> str:
    """The type's mark: its symbol on its colour, and its label as text (the colour is not the only sign)."""
    mark = model.type_mark(key)
    return (f'<span class="marsad-type" data-type="{esc(key)}" style="--marsad-type-colour:{mark.colour}">'
            f'<span class="marsad-type-symbol" aria-hidden="true">{esc(mark.symbol)}</span>{esc(mark.label)}</span>')


def _event_item(model: SiteModel, event: MergedEvent, from_url: str, *, show_places: bool = True, anchor: bool = False,
                dated: bool = True) -> str:
    """One merged event as a list item: what, when (with precision and where the date comes
    from), where, who, an excerpt, its sources and its own link. `anchor`: the item carries
    the event's id (on its month page); not `dated`: the date is the heading above the item
    (month pages), the item says only its precision and where the date comes from."""
    parts = model.event_parts.get(event.id)
    if parts is None:  # the same event is listed on its month page, on each place's page, maybe on the home page
        parts = model.event_parts[event.id] = _event_parts(model, event)
    open_tag, heads, places, middle, reports, fold, month_url = parts
    out = [open_tag[0], f' id="{event_anchor(event)}"' if anchor else "", open_tag[1], heads[0 if dated else 1]]
    if show_places and places:
        map_url = link(model.url(MAP_PAGE), from_url)
        links = [f'<a href="{esc(place_link(model, summary, from_url))}">{name}</a>'
                 f'<a class="marsad-map-link" href="{map_url}#place={pid}"{map_attrs}>⌖</a>'
                 for summary, name, pid, map_attrs in places]
        out.append(f'<span class="marsad-where">{NAMES_SEPARATOR.join(links)}</span>')
    out.append(middle)
    items = [f'<span class="marsad-report"><a class="marsad-article-link" href="{esc(link(url, from_url))}">{title}</a>{outlet}</span>'
             for url, title, outlet in reports]
    if len(items) > SOURCES_SHOWN:
        out.append(f'<details class="marsad-sources">{fold}{"".join(items)}</details>')
    else:
        out.append(f'<span class="marsad-sources">{fold}{"".join(items)}</span>')
    here = "" if anchor else link(month_url, from_url)
    out.append(f'<a class="marsad-permalink" href="{esc(here)}#{event_anchor(event)}">{esc(model.w["permalink"])}</a></li>')
    return "".join(out)


def _event_parts(model: SiteModel, event: MergedEvent) -> tuple:
    """The parts of an event item that do not depend on the page it is listed on (escaped)."""
    w, lang = model.w, model.date_lang
    is_range = event.start != event.end
    precision = w.get(event.granularity, event.granularity)
    mark = model.type_mark(event.type)
    when = f'<time datetime="{event.start.isoformat()}">{esc(date_label(event, lang))}</time>'
    if is_range:
        when += '<span class="marsad-range-bar" aria-hidden="true"></span>'
    why = ""
    if event.date is not None:
        why = f' title="{esc(explain_date(event.date, lang, rule=False))}"'
    classes = "marsad-event" + (" marsad-range" if is_range else "") + (" marsad-future" if event.future else "")
    # In two halves: only the month page puts the event's anchor (id) between them.
    open_tag = (
        f'<li class="{classes}"',
        f' data-event="{esc(event.id)}" data-type="{esc(event.type)}" data-start="{event.start.isoformat()}" '
        f'data-end="{event.end.isoformat()}" data-granularity="{esc(event.granularity)}" data-sources="{len(event.articles)}" '
        f'style="--marsad-type-colour:{mark.colour}">',
    )
    what = [type_mark_html(model, event.type)]
    subtype = model.subtype_label(event.subtype)
    if subtype:
        what.append(f'<span class="marsad-subtype">{esc(subtype)}</span>')
    if event.future:
        what.append(f'<span class="marsad-future-mark" title="{esc(w["future_note"])}">{esc(w["future"])}</span>')
    bar = '<span class="marsad-range-bar" aria-hidden="true"></span> ' if is_range else ""
    precision_note = f'<span class="marsad-precision">{esc(precision)} · {esc(date_source_label(event.date_from, w))}</span>'
    heads = (f'<span class="marsad-what">{"".join(what)}</span><span class="marsad-when"{why}>{when} {precision_note}</span>',
             f'<span class="marsad-what">{"".join(what)}</span><span class="marsad-when"{why}>{bar}{precision_note}</span>')
    places = []
    for m in event.places:
        summary = model.place_of.get(m.place.id)
        if summary is not None:
            name = esc(m.place.name_ar)
            map_attrs = f' title="{esc(w["on_map"])}" aria-label="{name} — {esc(w["on_map"])}"'
            places.append((summary, name, esc(m.place.id), map_attrs))
    middle = []
    actors = [label for a in event.actors if (label := model.actor_label(a))]
    if actors:
        middle.append(f'<span class="marsad-actors"><span class="marsad-label">{esc(w["actors"])}:</span> {esc(NAMES_SEPARATOR.join(actors))}</span>')
    before, trigger, after = event_excerpt(event)
    marked = f'<mark class="marsad-trigger">{esc(trigger)}</mark>' if trigger else ""
    middle.append(f'<span class="marsad-excerpt">{esc(before)}{marked}{esc(after)}</span>')
    reports = []
    for record in event.articles:
        outlet = f" {outlet_html(record.article.source)}" if record.article.source else ""
        reports.append((record.url, esc_line(record.article.title), outlet))
    count = esc(model.count(len(reports), "source"))
    fold = (f'<summary class="marsad-sources-count">{count}</summary>' if len(reports) > SOURCES_SHOWN
            else f'<span class="marsad-sources-count">{count}</span>')
    month_url = model.url(model.month_page_of[event.id].src_uri)
    return open_tag, heads, places, "".join(middle), reports, fold, month_url


def explain_date(d, lang: str, *, rule: bool = True) -> str:
    """How a date was read, in plain words: «مساء أمس = 24 أغسطس 2016: اليوم السابق لتاريخ
    النشر 25 أغسطس 2016». The rule's code name stays in `marsad extract`'s output. (`rule`
    is kept for callers; the explanation is the same.)"""
    w = words(lang)
    when = format_date(d.start, d.end, d.granularity, lang) if d.start else w["vague"]
    return w["derived"].format(when=when, text=d.text, how=date_note(d.rule, d.start, d.end, d.granularity, d.anchor, lang))


def explain_place(model: "SiteModel", mention) -> str:
    """Why a name was read as this place, in plain words: «جنيف: مدينة في سويسرا؛ ورد قبله «في»»."""
    p = mention.place
    return place_note(p.name_ar, p.kind, model.country_name(p.cc), mention.evidence, model.country_name, model.settings.language)


def _map_frame(model: SiteModel, from_url: str, *, place: str | None = None, small: bool = False) -> str:
    """An iframe of the map page; small maps (home, place pages) leave out the filter panel."""
    src = link(MAP_HTML, from_url)
    params = ([f"place={place}"] if place else []) + (["mini=1"] if small else [])
    if params:
        src += "#" + "&".join(params)
    css = "marsad-map-frame marsad-map-small" if small else "marsad-map-frame"
    return f'<iframe class="{css}" src="{esc(src)}" title="{esc(model.w["map_frame"])}"></iframe>'


# The database's own name, marked as English (it is no Arabic word).
CSC_NAME = '<span lang="en" dir="ltr">countries-states-cities</span>'


def _credit(model: SiteModel) -> str:
    w = model.w
    return (f'<p class="marsad-credit"><a href="https://www.geonames.org/">{esc(w["geonames_credit"])}</a> · '
            f'<a href="https://www.openstreetmap.org/copyright">{esc(w["osm_credit"])}</a> · '
            f'<a href="https://github.com/dr5hn/countries-states-cities-database">{esc(w["csc_credit"]).format(name=CSC_NAME)}</a> · '
            f'<a href="https://github.com/openeventdata/UniversalPetrarch">{esc(w["actors_credit"])}</a></p>')


# ---------------------------------------------------------------- pages


def latest_events(model: SiteModel, n: int = LATEST_ON_HOME, pool: int = 200) -> list[MergedEvent]:
    """The most recent events, varied across places, articles and outlets: each pick is the
    recent event (of the `pool` most recent) whose articles, places and outlets have been
    picked least so far, the most recent on ties. Shown newest first."""
    ordered = sorted(model.events, key=lambda m: (m.end, m.start, len(m.articles), m.id), reverse=True)[:pool]
    used_articles: Counter = Counter()
    used_places: Counter = Counter()
    used_outlets: Counter = Counter()
    facts = [({r.article.slug for r in m.articles}, {p.place.id for p in m.places}, {r.article.source or "" for r in m.articles})
             for m in ordered]
    chosen: list[int] = []
    left = list(range(len(ordered)))
    while left and len(chosen) < n:
        def cost(i: int) -> tuple:
            arts, places, outlets = facts[i]
            return (max((used_articles[a] for a in arts), default=0), max((used_places[p] for p in places), default=0),
                    max((used_outlets[o] for o in outlets), default=0), i)
        best = min(left, key=cost)
        left.remove(best)
        chosen.append(best)
        arts, places, outlets = facts[best]
        used_articles.update(arts)
        used_places.update(places)
        used_outlets.update(outlets)
    return [ordered[i] for i in sorted(chosen)]


def render_home_summary(model: SiteModel, from_url: str) -> str:
    """Counts, date span, a small map and the latest events; replaces SUMMARY_MARKER in index.md."""
    w, lang = model.w, model.date_lang
    if not model.events:
        return f"<p>{esc(w['no_events'])}</p>"
    first = min(e.start for e in model.events)
    last = max(e.end for e in model.events)
    summary = w["home_summary"].format(articles=model.count(len(model.records), "article"), events=model.count(len(model.events), "event"),
                                       places=model.count(len(model.places), "place"),
                                       first=_day(first, lang), last=_day(last, lang))
    out = [
        f'<p class="marsad-summary">{esc(summary)}</p>',
        _map_frame(model, from_url, small=True),
        "",
        f"## {w['latest_events']}",
        "",
        '<ul class="marsad-timeline">',
        *(_event_item(model, e, from_url) for e in latest_events(model)),
        "</ul>",
    ]
    return "\n".join(out) + "\n"


def type_legend(model: SiteModel, counts: Counter | None = None) -> str:
    """The event types with their marks (and how many events each), in the taxonomy's order."""
    w = model.w
    items = []
    for key in model.type_keys():
        count = f' <span class="marsad-count">{esc(model.count(counts[key], "event"))}</span>' if counts is not None else ""
        items.append(f"<li>{type_mark_html(model, key)}{count}</li>")
    return f'<ul class="marsad-type-legend" aria-label="{esc(w["event_types"])}">' + "".join(items) + "</ul>"


def render_map_page(model: SiteModel, from_url: str) -> str:
    w = model.w
    # The frame's files asked for with the frame itself (mapview.preload_links).
    preload = mapview.preload_links(link(ASSETS, from_url), link(MAP_POINTS, from_url))
    out = [f"# {w['map']}", "", _map_frame(model, from_url) + preload, "", f"## {w['places_list']}", ""]
    if not model.places:
        out.append(w["no_events"])
    else:
        out.append(_place_list(model, from_url))
    out += ["", _credit(model)]
    # The map page passes its #place=… to the map it frames, so timeline links open that place.
    out += ["", '<script>(function(){var f=document.querySelector("iframe.marsad-map-frame");'
                'if(f&&/^#place=/.test(location.hash)){f.src=f.src.split("#")[0]+location.hash;}})();</script>']
    return "\n".join(out) + "\n"


def _place_list(model: SiteModel, from_url: str) -> str:
    w = model.w
    rows = ['<ul class="marsad-place-list">']
    for s in model.places:
        rows.append(
            f'<li data-place="{esc(s.place.id)}"><a href="{esc(place_link(model, s, from_url))}">{esc(s.place.name_ar)}</a> '
            f'<span class="marsad-precision">{esc(place_kind_label(s.place, s.precision, w, model.settings.language))}</span> '
            f"— {esc(model.count(len(s.events), 'event'))}</li>"
        )
    rows.append("</ul>")
    return "\n".join(rows)


def render_timeline_index(model: SiteModel, from_url: str) -> str:
    """The timeline's first page: an overview of the months, then links to each month."""
    w, lang = model.w, model.date_lang
    out = [f"# {w['timeline']}", ""]
    if not model.events:
        return "\n".join(out + [w["no_events"]]) + "\n"
    from .timelineview import PAGE as INTERACTIVE, view_words  # (timelineview imports this module)

    vw = view_words(model.settings.language)
    out += [f'<p class="marsad-tl-interactive"><a class="md-button" href="{esc(link(model.url(INTERACTIVE), from_url))}">'
            f'{esc(vw["title"])}</a> {esc(vw["index_note"])}</p>', ""]
    out += [f"## {w['event_types']}", "", type_legend(model, Counter(m.type for m in model.events)), ""]
    counts = Counter(p.month for p in model.timeline_pages for _ in p.events)
    peak = max(counts.values())
    by_year: dict[str, list[TimelinePage]] = defaultdict(list)
    for page in model.timeline_pages:
        if page.part == 1:
            by_year[page.month[:4]].append(page)
    out += [f"## {w['months']}", ""]
    previous = None
    for y in sorted(by_year):
        total = sum(counts[page.month] for page in by_year[y])
        block = [f'<h3 class="marsad-year" id="y-{y}">{y} <span class="marsad-count">{esc(model.count(total, "event"))}</span></h3>',
                 '<ol class="marsad-months">']
        for page in by_year[y]:
            month = _month_of(page.month)
            if previous is not None and _months_between(previous, month) > 1:
                # Months without events are said, so a gap in the record is seen.
                gap_from, gap_to = _add_months(previous, 1), _add_months(month, -1)
                gap = (w["no_events_in"].format(month=month_heading(gap_from, lang)) if gap_from == gap_to else
                       w["no_events_between"].format(first=month_heading(gap_from, lang), last=month_heading(gap_to, lang)))
                block.append(f'<li class="marsad-gap">{esc(gap)}</li>')
            width = max(2, round(100 * counts[page.month] / peak))
            block.append(
                f'<li><a href="{esc(link(model.url(page.src_uri), from_url))}">{esc(month_heading(month, lang))}</a> '
                f'<span class="marsad-count-bar" style="inline-size:{width}%"></span> '
                f'<span class="marsad-count">{esc(model.count(counts[page.month], "event"))}</span></li>')
            previous = month
        block.append("</ol>")
        out += ["\n".join(block), ""]
    return "\n".join(out) + "\n"


def _month_of(month: str) -> dt.date:
    y, m = month.split("-")
    return dt.date(int(y), int(m), 1)


def _months_between(a: dt.date, b: dt.date) -> int:
    return (b.year * 12 + b.month) - (a.year * 12 + a.month)


def _add_months(d: dt.date, k: int) -> dt.date:
    n = d.year * 12 + d.month - 1 + k
    return dt.date(n // 12, n % 12 + 1, 1)


def _date_heading_id(event: MergedEvent) -> str:
    start = event.start.isoformat()
    return f"d-{start}" if event.start == event.end else f"d-{start}-{event.end.isoformat()}"


def render_timeline_page(model: SiteModel, page: TimelinePage, from_url: str) -> str:
    w, lang = model.w, model.date_lang
    y, m = page.month.split("-")
    heading = month_heading(dt.date(int(y), int(m), 1), lang)
    if page.parts > 1:
        heading += f" ({w['page']} {page.part}/{page.parts})"
    out = [f"# {heading}", ""]
    index = model.page_index(page)
    nav = []

    def name(other: TimelinePage) -> str:
        label = month_heading(_month_of(other.month), lang)
        return f"{label} ({w['page']} {other.part}/{other.parts})" if other.parts > 1 else label

    if index > 0:
        prev = model.timeline_pages[index - 1]
        nav.append(f'<a rel="prev" href="{esc(link(model.url(prev.src_uri), from_url))}">'
                   f'<span class="marsad-pager-arrow" aria-hidden="true">→</span> {esc(w["previous_month"])}: {esc(name(prev))}</a>')
    nav.append(f'<a class="marsad-pager-up" href="{esc(link(model.url(TIMELINE_INDEX), from_url))}#y-{y}">{esc(w["timeline"])} · {y}</a>')
    if index + 1 < len(model.timeline_pages):
        nxt = model.timeline_pages[index + 1]
        nav.append(f'<a rel="next" href="{esc(link(model.url(nxt.src_uri), from_url))}">'
                   f'{esc(w["next_month"])}: {esc(name(nxt))} <span class="marsad-pager-arrow" aria-hidden="true">←</span></a>')
    pager = f'<nav class="marsad-pager">{"".join(nav)}</nav>'
    out += [pager, ""]
    band = model.spanning.get(page.month, []) if page.part == 1 else []
    if band:
        out += [_band(model, page, band, from_url), ""]
    # One heading per date (a day, a week, a month ...), the events of that date under it.
    blocks: list[str] = []
    items: list[str] = []
    current = None
    for e in page.events:
        key = (e.start, e.end)
        if key != current:
            if items:
                blocks.append("".join(items) + "</ol>")
            current, items = key, [
                f'<h2 class="marsad-date-heading" id="{_date_heading_id(e)}"><time datetime="{e.start.isoformat()}">{esc(date_label(e, lang))}</time></h2>'
                '<ol class="marsad-timeline">']
        items.append(_event_item(model, e, from_url, anchor=True, dated=False))
    if items:
        blocks.append("".join(items) + "</ol>")
    out += ["\n".join(blocks), "", pager]
    return "\n".join(out) + "\n"


BAND_SIZE = 30  # longer events named on each later month they cover: at most this many per page


def _band(model: SiteModel, page: TimelinePage, events: list[MergedEvent], from_url: str) -> str:
    """Events that started before this month and go on through it (a year, a quarter, a long
    period), a line each linking to its item on its first month: a reader looking at March
    sees the quarter and the year it belongs to."""
    w, lang = model.w, model.date_lang
    rows = []
    for e in events[:BAND_SIZE]:
        places = NAMES_SEPARATOR.join(esc(m.place.name_ar) for m in e.places)
        rows.append(f'<li style="--marsad-type-colour:{model.type_mark(e.type).colour}">{type_mark_html(model, e.type)} '
                    f'<time datetime="{e.start.isoformat()}">{esc(date_label(e, lang))}</time>'
                    f'{" · " + places if places else ""} · <a href="{esc(link(model.event_url(e), from_url))}">{esc(w["event_link"])}</a></li>')
    more = ""
    if len(events) > BAND_SIZE:
        more = f'<p class="marsad-band-more">{esc(w["band_more"].format(count=model.count(len(events) - BAND_SIZE, "event")))}</p>'
    return (f'<section class="marsad-band" aria-labelledby="band-{page.month}"><h2 id="band-{page.month}">{esc(w["band"])}</h2>'
            f'<ul class="marsad-band-list">{"".join(rows)}</ul>{more}</section>')


def render_places_index(model: SiteModel, from_url: str) -> str:
    w = model.w
    out = [f"# {w['places']}", ""]
    if model.place_pages:
        counts: Counter = Counter()
        for page in model.place_pages:
            counts[page.cc] += len({sec.summary.place.id for sec in page.sections if sec.first})
        out += [f"## {w['country_pages']}", "", '<ul class="marsad-country-list">' + "".join(
            f'<li><a href="{esc(link(model.url(page.src_uri), from_url))}">{esc(page.title or w["no_country"])}</a> '
            f'<span class="marsad-count">{esc(model.count(counts[page.cc], "place"))}</span></li>'
            for page in model.place_pages if page.part == 1) + "</ul>", "", f"## {w['places']}", ""]
    out.append(_place_list(model, from_url) if model.places else w["no_events"])
    out += ["", _credit(model)]
    return "\n".join(out) + "\n"


def render_place_page(model: SiteModel, page: PlacePage, from_url: str) -> str:
    """A country's places, each with its facts, spellings and events over time (paged)."""
    w = model.w
    title = page.title or w["no_country"]
    if page.parts > 1:
        title += f" ({w['page']} {page.part}/{page.parts})"
    pager = []
    index = model.place_pages.index(page)
    if page.part > 1:
        pager.append(f'<a rel="prev" href="{esc(link(model.url(model.place_pages[index - 1].src_uri), from_url))}">{esc(w["previous_page"])}</a>')
    pager.append(f'<a href="{esc(link(model.url(PLACES_INDEX), from_url))}">{esc(w["places"])}</a>')
    if page.part < page.parts:
        pager.append(f'<a rel="next" href="{esc(link(model.url(model.place_pages[index + 1].src_uri), from_url))}">{esc(w["next_page"])}</a>')
    nav = f'<nav class="marsad-pager">{" · ".join(pager)}</nav>'
    # One HTML block after the title: Markdown has nothing to do, and the ids are ours.
    out = [nav, '<ul class="marsad-page-places">']
    for section in page.sections:
        s = section.summary
        out.append(f'<li><a href="#{esc(s.anchor if section.first else s.anchor + "-" + str(page.part))}">{esc(s.place.name_ar)}</a> '
                   f'<span class="marsad-count">{esc(model.count(len(section.events), "event"))}</span></li>')
    out.append("</ul>")
    for section in page.sections:
        out.append(_place_section(model, section, page.part, from_url))
    out += [nav, _credit(model)]
    return f"# {md_heading(title)}\n\n" + "\n".join(out) + "\n"


def _place_section(model: SiteModel, section: PlaceSection, part: int, from_url: str) -> str:
    w = model.w
    s, p = section.summary, section.summary.place
    anchor = s.anchor if section.first else f"{s.anchor}-{part}"
    heading = esc(p.name_ar) + ("" if section.first else f" ({esc(w['continued'])})")
    # In Arabic the gazetteer's Latin name and number stay out of the text (the link's tooltip has them).
    arabic = model.settings.language == "ar"
    facts = ([] if arabic else [esc(p.name)]) + [esc(place_kind_label(p, s.precision, w, model.settings.language))]
    if p.cc and p.kind != "country":
        facts.append(esc(model.country_name(p.cc)))
    facts.append(f"{p.lat:.4f}{LIST_SEPARATORS['ar' if arabic else 'en']}{p.lon:.4f}")
    if p.geonames:
        gid = int(p.geonames)
        facts.append(f'<a href="https://www.geonames.org/{gid}" rel="nofollow noopener" title="{esc(p.name)} — GeoNames {gid}">'
                     f'GeoNames{"" if arabic else f" {gid}"}</a>')
    facts.append(esc(model.count(len(s.events), "event")))
    on_map = link(model.url(MAP_PAGE), from_url) + "#place=" + esc(p.id)
    facts.append(f'<a class="marsad-map-text-link" href="{on_map}">{esc(w["on_map"])}</a>')
    out = [f'<section class="marsad-place-section" data-place="{esc(p.id)}">',
           f'<h2 id="{esc(anchor)}">{heading}</h2>',
           f'<p class="marsad-meta">{" · ".join(facts)}</p>']
    if section.first:
        spellings = NAMES_SEPARATOR.join(esc(x) for x, _ in sorted(s.spellings.items(), key=lambda x: (-x[1], x[0])))
        out.append(f'<p class="marsad-spellings">{esc(w["spellings"])}: {spellings}</p>')
    out.append('<ol class="marsad-timeline">' + "".join(_event_item(model, e, from_url) for e in section.events) + "</ol>")
    out.append("</section>")
    return "\n".join(out)


def source_slug(source: str) -> str:
    """A safe, stable file name for an untrusted source name."""
    ascii_part = re.sub(r"[^A-Za-z0-9.-]+", "-", source).strip("-.")[:40]
    digest = hashlib.sha256(source.encode("utf-8")).hexdigest()[:8]
    return f"{ascii_part}-{digest}" if ascii_part else digest


def article_index_pages(model: SiteModel) -> list[tuple[str, str, list[ArticleRecord]]]:
    """(src_uri, heading, articles, newest first) of each month and each source index page."""
    w = model.w
    by_month: dict[str, list[ArticleRecord]] = defaultdict(list)
    by_source: dict[str, list[ArticleRecord]] = defaultdict(list)
    for r in model.records:
        by_month[r.article.published.isoformat()[:7]].append(r)
        by_source[r.article.source or ""].append(r)
    pages = []
    for month in sorted(by_month, reverse=True):
        y, m = month.split("-")
        pages.append((f"articles/by-date/{month}.md", month_heading(dt.date(int(y), int(m), 1), model.date_lang), by_month[month][::-1]))
    for source in sorted(by_source, key=lambda x: (x == "", x)):
        pages.append((f"articles/by-source/{source_slug(source or '-')}.md", source or w["no_source"], by_source[source][::-1]))
    return pages


def _article_item(model: SiteModel, record: ArticleRecord, from_url: str) -> str:
    w, lang, a = model.w, model.date_lang, record.article
    source = f" {outlet_html(a.source)}" if a.source else ""
    return (f'<li><time datetime="{a.published.isoformat()}">{esc(_day(a.published, lang))}</time> '
            f'<a href="{esc(link(record.url, from_url))}">{esc_line(a.title)}</a>{source} '
            f"<span class=\"marsad-count\">({esc(model.count(len(model.events_of.get(id(record), ())), 'event'))})</span></li>")


def render_article_index(model: SiteModel, from_url: str) -> str:
    """The latest articles, then links to one index page per month and per source."""
    w = model.w
    pages = article_index_pages(model)
    latest = model.records[::-1][:LATEST_ARTICLES]
    out = [f"# {w['articles']}", "", '<ul class="marsad-article-index">' + "".join(_article_item(model, r, from_url) for r in latest) + "</ul>", ""]
    for kind, heading in (("articles/by-date/", w["by_date"]), ("articles/by-source/", w["by_source"])):
        items = [f'<li><a href="{esc(link(model.url(src), from_url))}">{esc_line(title)}</a> <span class="marsad-count">({esc(model.count(len(records), "article"))})</span></li>'
                 for src, title, records in pages if src.startswith(kind)]
        out += [f"## {heading}", "", '<ul class="marsad-index-list">' + "".join(items) + "</ul>", ""]
    return "\n".join(out) + "\n"


def render_article_list_page(model: SiteModel, heading: str, records: list[ArticleRecord], from_url: str) -> str:
    w = model.w
    back = f'<p><a href="{esc(link(model.url(ARTICLE_INDEX_PAGE), from_url))}">{esc(w["articles"])}</a></p>'
    items = "".join(_article_item(model, r, from_url) for r in records)
    return f"# {md_heading(heading)}\n\n{back}\n\n<ul class=\"marsad-article-index\">{items}</ul>\n"


def _highlight(model: SiteModel, record: ArticleRecord) -> str:
    """The article text, escaped, with date expressions and place names marked and explained."""
    lang = model.date_lang
    text, ex = record.article.text, record.extraction
    marks = []
    for d in ex.dates:
        marks.append((d.offset, "marsad-date", explain_date(d, lang)))
    for m in ex.places:
        p = m.place
        marks.append((m.offset, "marsad-place", explain_place(model, m)))
    for e in ex.events:  # the words that say what happened, with the kind of event they report
        if e.trigger_offset[1] > e.trigger_offset[0]:
            what = " · ".join(x for x in (model.type_mark(e.type).label, model.subtype_label(e.subtype)) if x)
            if e.future:
                what += f" ({model.w['future']})"
            marks.append((e.trigger_offset, "marsad-trigger", what))
    marks.sort(key=lambda x: (x[0][0], -x[0][1]))
    pieces, pos = [], 0
    for (begin, end), cls, why in marks:
        if begin < pos:
            continue  # overlapping marks: the earlier one wins
        pieces.append(esc(text[pos:begin]))
        pieces.append(f'<mark class="{cls}" tabindex="0" title="{esc(why)}">{esc(text[begin:end])}</mark>')
        pos = end
    pieces.append(esc(text[pos:]))
    paragraphs = [p.strip() for p in "".join(pieces).split("\n") if p.strip()]
    # Paragraphs in groups of about TEXT_SECTION_CHARS: each later group starts at an
    # anchor (t-2, t-3 ...), where a search result that matched in that group lands.
    out, size, group = [], 0, 1
    for paragraph in paragraphs:
        if size >= TEXT_SECTION_CHARS:
            group += 1
            out.append(f'<p id="t-{group}">{paragraph}</p>')
            size = 0
        else:
            out.append(f"<p>{paragraph}</p>")
        size += len(_TAGS.sub("", paragraph))
    return "\n".join(out)


def searchable(article: Article) -> bool:
    """Whether the site search finds the article: not when its front matter says
    `search: {exclude: true}` (the key Material's search read)."""
    search = article.meta.get("search")
    return not (isinstance(search, dict) and search.get("exclude") is True)


def render_article(model: SiteModel, record: ArticleRecord, from_url: str) -> str:
    """The article page body: metadata, highlighted text, then its dates and places."""
    w, lang = model.w, model.date_lang
    a, ex = record.article, record.extraction
    # The site search (Pagefind, generator/mkdocs/search.py) indexes the title and the text
    # (data-pagefind-body) and shows the date, outlet and places with each result
    # (data-pagefind-meta); an article kept out of the search has none of these.
    found = searchable(a)
    body = " data-pagefind-body" if found else ""
    date_meta = ' data-pagefind-meta="date"' if found else ""
    meta = [f'{esc(w["published"])}: <time datetime="{a.published.isoformat()}"{date_meta}>{esc(_day(a.published, lang))}</time>']
    if a.source:
        meta.append(f'{esc(w["source"])}: {outlet_html(a.source, meta="outlet" if found else None)}')
    if a.url:
        meta.append(f'<a href="{esc(a.url)}" rel="nofollow noopener noreferrer">{esc(w["original"])}</a>')
    names = list(dict.fromkeys(m.place.name_ar for m in ex.places))
    places = f' data-pagefind-meta="places:{esc(NAMES_SEPARATOR.join(names))}"' if found and names else ""
    # One HTML block with HTML headings: Markdown has nothing to do on thousands of article
    # pages (the two short sections need no table of contents). The title is the page's
    # <h1> (the theme adds none then), as the theme would write it.
    out = [
        f'<h1{body}>{esc(" ".join(a.title.split()))}</h1>',
        f'<p class="marsad-meta">{" · ".join(meta)}</p>',
        f'<div class="marsad-article-text"{body}{places}>\n{_highlight(model, record)}\n</div>',
        _heading(w["events"]),
        _article_events(model, record, from_url),
        _heading(w["dates"]),
    ]
    if ex.dates:
        out.append('<table class="marsad-dates"><thead><tr>'
                   f'<th>{esc(w["expression"])}</th><th>{esc(w["resolved"])}</th><th>{esc(w["precision"])}</th><th>{esc(w["rule"])}</th>'
                   "</tr></thead><tbody>")
        for d in ex.dates:
            when = format_date(d.start, d.end, d.granularity, lang) if d.start and d.end else w["vague"]
            how = date_note(d.rule, d.start, d.end, d.granularity, d.anchor, lang)
            out.append(f"<tr><td>{esc(d.text)}</td><td>{esc(when)}</td><td>{esc(w.get(d.granularity, d.granularity))}</td><td>{esc(how)}</td></tr>")
        out.append("</tbody></table>")
    else:
        out.append("<p>—</p>")
    out.append(_heading(w["places"]))
    spellings: dict[str, list[str]] = defaultdict(list)
    firsts: dict[str, PlaceMention] = {}
    for m in ex.places:
        if m.text not in spellings[m.place.id]:
            spellings[m.place.id].append(m.text)
        firsts.setdefault(m.place.id, m)
    if firsts:
        out.append('<table class="marsad-places"><thead><tr>'
                   f'<th>{esc(w["place"])}</th><th>{esc(w["mentioned"])}</th><th>{esc(w["country"])}</th><th>{esc(w["kind"])}</th>'
                   f'<th>{esc(w["why"])}</th></tr></thead><tbody>')
        for pid, m in firsts.items():
            summary = model.place_of.get(pid)
            name = esc(m.place.name_ar)
            if summary is not None:
                name = f'<a href="{esc(place_link(model, summary, from_url))}">{name}</a>'
            out.append(f"<tr><td>{name}</td><td>{esc(NAMES_SEPARATOR.join(spellings[pid]))}</td><td>{esc(model.country_name(m.place.cc) or '—')}</td>"
                       f"<td>{esc(place_kind_label(m.place, m.precision, w, model.settings.language))}</td><td>{esc(explain_place(model, m).partition(': ')[2])}</td></tr>")
        out.append("</tbody></table>")
    else:
        out.append("<p>—</p>")
    return "\n".join(out) + "\n"


def _article_events(model: SiteModel, record: ArticleRecord, from_url: str) -> str:
    """The events the article reports: what, when, where, how many sources, and a link to each."""
    w, lang = model.w, model.date_lang
    events = model.events_of.get(id(record), [])
    if not events:
        return "<p>—</p>"
    items = []
    for m in events:
        mark = model.type_mark(m.type)
        where = NAMES_SEPARATOR.join(esc(p.place.name_ar) for p in m.places)
        future = f' <span class="marsad-future-mark">{esc(w["future"])}</span>' if m.future else ""
        items.append(
            f'<li style="--marsad-type-colour:{mark.colour}">{type_mark_html(model, m.type)}{future} '
            f'<time datetime="{m.start.isoformat()}">{esc(date_label(m, lang))}</time>'
            f'{" · " + where if where else ""} · <a href="{esc(link(model.url(model.month_page_of[m.id].src_uri), from_url))}#{event_anchor(m)}">'
            f'{esc(model.count(len(m.articles), "source"))}</a></li>')
    return '<ul class="marsad-article-events">' + "".join(items) + "</ul>"


def _heading(text: str) -> str:
    """An <h2> with the id the toc extension would give it (#التواريخ, not #_1)."""
    return f'<h2 class="marsad-section" id="{esc(_slugify(text, "-"))}">{esc(text)}</h2>'


def render_data_page(model: SiteModel, from_url: str) -> str:
    w = model.w
    files = [(EVENTS_ZIP, "events_zip")]
    if model.raw_exports:
        files += [(EVENTS_GEOJSON, "events_geojson"), (EVENTS_CSV, "events_csv"), (EVENTS_ICS, "events_ics")]
    files.append((PLACES_GEOJSON, "places_geojson"))
    out = [f"# {w['data']}", "", esc(w["data_intro"]), "", "<ul>"]
    out += [f'<li><a href="{esc(link(path, from_url))}" download>{esc(w[key])}</a> <code dir="ltr">{esc(path)}</code></li>' for path, key in files]
    out += ["</ul>", ""]
    if not model.raw_exports:
        out += [f"<p>{esc(w['events_zip_only'])}</p>", ""]
    out.append(_credit(model))
    return "\n".join(out) + "\n"
