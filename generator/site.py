"""Stage 5: pages and data files of the site, as strings.

Everything here is a pure function of the extracted articles: no MkDocs objects, no file
system. The MkDocs plugin decides where the strings go. Article text is untrusted, so every
piece of it passes through `html.escape` (pages), DOM `textContent` (map popups, built in
the browser from a data file) or a JSON encoder that also escapes `<`, `>` and `&`.
"""

from __future__ import annotations

import csv
import html
import io
import json
from collections import defaultdict
from dataclasses import dataclass, field

import folium
from jinja2 import Template
from mkdocs.utils import get_relative_url

from .articles import Article
from .events import Event
from .extract import Extraction
from .labels import format_date, month_heading, words
from .places import Place

# Where generated files live, relative to the site root.
MAP_PAGE = "map.md"
TIMELINE_PAGE = "timeline.md"
ARTICLE_INDEX_PAGE = "articles/index.md"
MAP_HTML = "assets/marsad/map.html"
CSS = "assets/marsad/marsad.css"
VENDOR = "assets/marsad/vendor"
EVENTS_GEOJSON = "data/events.geojson"
EVENTS_CSV = "data/events.csv"
PLACES_GEOJSON = "data/places.geojson"

OSM_TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
OSM_ATTRIBUTION = '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors'
GEONAMES_ATTRIBUTION = '<a href="https://www.geonames.org/">GeoNames</a> (CC BY 4.0)'

PRECISION_OF_KIND = {"city": "point", "feature": "point", "admin": "region", "region": "region", "country": "country"}
EXCERPT_CHARS = 240


@dataclass(frozen=True)
class ArticleRecord:
    article: Article
    extraction: Extraction
    url: str  # the article page's URL relative to the site root, e.g. "articles/slug/"


@dataclass
class PlaceSummary:
    place: Place
    precision: str
    events: list[tuple[ArticleRecord, Event]] = field(default_factory=list)
    spellings: set[str] = field(default_factory=set)


@dataclass(frozen=True)
class SiteSettings:
    language: str = "ar"
    tiles: str = OSM_TILES
    tiles_attribution: str = OSM_ATTRIBUTION


def esc(text: object) -> str:
    return html.escape(str(text), quote=True)


def json_for_html(value: object) -> str:
    """JSON that is safe inside HTML, including inside a <script> element."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def link(target_url: str, page_url: str) -> str:
    """A relative link, so the site works under any sub-path (GitHub Pages project sites)."""
    return get_relative_url(target_url, page_url)


def excerpt(sentence: str, limit: int = EXCERPT_CHARS) -> str:
    sentence = " ".join(sentence.split())
    return sentence if len(sentence) <= limit else sentence[: limit - 1].rstrip() + "…"


def sort_records(records: list[ArticleRecord]) -> list[ArticleRecord]:
    return sorted(records, key=lambda r: (r.article.published, r.article.slug))


def timeline_entries(records: list[ArticleRecord]) -> list[tuple[ArticleRecord, Event]]:
    entries = [(r, e) for r in records for e in r.extraction.events]
    return sorted(entries, key=lambda x: (x[1].start, x[1].end, x[0].article.published, x[0].article.slug, x[1].offset))


def collect_places(records: list[ArticleRecord]) -> list[PlaceSummary]:
    """One summary per place that has events, with its events in time order."""
    by_id: dict[str, PlaceSummary] = {}
    for record, event in timeline_entries(records):
        for mention in event.places:
            summary = by_id.get(mention.place.id)
            if summary is None:
                summary = by_id[mention.place.id] = PlaceSummary(mention.place, mention.precision)
            summary.events.append((record, event))
            summary.spellings.add(mention.text)
            if mention.precision == "point":  # the most precise reading wins
                summary.precision = "point"
    return sorted(by_id.values(), key=lambda s: (s.place.name_ar, s.place.id))


def date_label(event: Event, lang: str) -> str:
    return format_date(event.start, event.end, event.granularity, lang)


# ---------------------------------------------------------------- pages


def render_timeline(records: list[ArticleRecord], page_url: str, settings: SiteSettings) -> str:
    w = words(settings.language)
    entries = timeline_entries(records)
    out = [f"# {w['timeline']}", ""]
    if not entries:
        out.append(w["no_events"])
        return "\n".join(out) + "\n"
    current = None
    for record, event in entries:
        heading = month_heading(event.start, settings.language)
        if heading != current:
            if current is not None:
                out.append("</ol>")
                out.append("")
            out.append(f"## {heading}")
            out.append("")
            out.append('<ol class="marsad-timeline">')
            current = heading
        out.append(render_timeline_item(record, event, page_url, settings))
    out.append("</ol>")
    return "\n".join(out) + "\n"


def render_timeline_item(record: ArticleRecord, event: Event, page_url: str, settings: SiteSettings) -> str:
    w = words(settings.language)
    is_range = event.start != event.end
    label = esc(date_label(event, settings.language))
    precision = esc(w.get(event.granularity, event.granularity))
    source = w["from_published"] if event.date_from == "published" else w["from_text"]
    places = "، ".join(esc(m.place.name_ar) for m in event.places)
    article_link = esc(link(record.url, page_url))
    cls = "marsad-event marsad-range" if is_range else "marsad-event"
    return (
        f'<li class="{cls}" data-start="{event.start.isoformat()}" data-end="{event.end.isoformat()}" '
        f'data-granularity="{esc(event.granularity)}">'
        f'<span class="marsad-when"><time datetime="{event.start.isoformat()}">{label}</time>'
        f' <span class="marsad-precision">{precision} · {esc(source)}</span></span> '
        f'<span class="marsad-where">{places}</span> '
        f'<span class="marsad-excerpt">{esc(excerpt(event.sentence))}</span> '
        f'<a class="marsad-article-link" href="{article_link}">{esc(record.article.title)}</a></li>'
    )


def render_map_page(places: list[PlaceSummary], page_url: str, settings: SiteSettings) -> str:
    w = words(settings.language)
    frame = esc(link(MAP_HTML.replace(".md", ""), page_url))
    out = [
        f"# {w['map']}",
        "",
        f'<iframe class="marsad-map-frame" src="{frame}" title="{esc(w["map_frame"])}" loading="lazy"></iframe>',
        "",
        f"## {w['places_list']}",
        "",
    ]
    if not places:
        out.append(w["no_events"])
        return "\n".join(out) + "\n"
    out.append('<ul class="marsad-place-list">')
    for summary in places:
        out.append(
            f'<li data-place="{esc(summary.place.id)}"><strong>{esc(summary.place.name_ar)}</strong> '
            f'<span class="marsad-precision">{esc(precision_label(summary.precision, w))}</span> '
            f"— {len(summary.events)} {esc(w['event_count'])}</li>"
        )
    out.append("</ul>")
    out.append("")
    out.append(f'<p class="marsad-credit">{esc(w["geonames_credit"])} · {esc(w["osm_credit"])}</p>')
    return "\n".join(out) + "\n"


def precision_label(precision: str, w: dict[str, str]) -> str:
    return w["precision_country"] if precision == "country" else w.get(precision, precision)


def render_article_index(records: list[ArticleRecord], page_url: str, settings: SiteSettings) -> str:
    w = words(settings.language)
    out = [f"# {w['articles']}", "", '<ul class="marsad-article-index">']
    for record in reversed(sort_records(records)):
        a = record.article
        source = f' <span class="marsad-source">{esc(a.source)}</span>' if a.source else ""
        out.append(
            f'<li><time datetime="{a.published.isoformat()}">{esc(format_date(a.published, a.published, "day", settings.language))}</time> '
            f'<a href="{esc(link(record.url, page_url))}">{esc(a.title)}</a>{source} '
            f"<span>({len(record.extraction.events)} {esc(w['event_count'])})</span></li>"
        )
    out.append("</ul>")
    return "\n".join(out) + "\n"


def _highlight(text: str, extraction: Extraction, settings: SiteSettings) -> str:
    """The article text, escaped, with its date expressions and place names marked."""
    w = words(settings.language)
    marks = []
    for d in extraction.dates:
        when = format_date(d.start, d.end, d.granularity, settings.language) if d.start else w["vague"]
        why = d.explain() if hasattr(d, "explain") else d.rule
        marks.append((d.offset, "marsad-date", f"{when} — {why}"))
    for m in extraction.places:
        p = m.place
        why = f"{p.name_ar} ({p.name}, {p.cc or '—'}) — {', '.join(m.evidence)}"
        marks.append((m.offset, "marsad-place", why))
    marks.sort(key=lambda x: (x[0][0], -x[0][1]))
    pieces, pos = [], 0
    for (begin, end), cls, title in marks:
        if begin < pos:
            continue  # overlapping marks: the earlier one wins
        pieces.append(esc(text[pos:begin]))
        pieces.append(f'<mark class="{cls}" tabindex="0" title="{esc(title)}">{esc(text[begin:end])}</mark>')
        pos = end
    pieces.append(esc(text[pos:]))
    body = "".join(pieces)
    paragraphs = [p.strip() for p in body.split("\n") if p.strip()]
    return "\n".join(f"<p>{p}</p>" for p in paragraphs)


def render_article(record: ArticleRecord, page_url: str, settings: SiteSettings) -> str:
    """The article page body: metadata, highlighted text, then its dates and places."""
    w = words(settings.language)
    a, ex = record.article, record.extraction
    meta = [f'{esc(w["published"])}: <time datetime="{a.published.isoformat()}">{esc(format_date(a.published, a.published, "day", settings.language))}</time>']
    if a.source:
        meta.append(f'{esc(w["source"])}: {esc(a.source)}')
    if a.url:
        meta.append(f'<a href="{esc(a.url)}" rel="nofollow noopener noreferrer">{esc(w["original"])}</a>')
    out = [
        f'<p class="marsad-meta">{" · ".join(meta)}</p>',
        "",
        f'<div class="marsad-article-text">\n{_highlight(a.text, ex, settings)}\n</div>',
        "",
        f"## {w['dates']}",
        "",
    ]
    if ex.dates:
        out.append('<table class="marsad-dates"><thead><tr>'
                   f'<th>{esc(w["expression"])}</th><th>{esc(w["resolved"])}</th><th>{esc(w["precision"])}</th><th>{esc(w["rule"])}</th>'
                   "</tr></thead><tbody>")
        for d in ex.dates:
            when = format_date(d.start, d.end, d.granularity, settings.language) if d.start else w["vague"]
            out.append(f"<tr><td>{esc(d.text)}</td><td>{esc(when)}</td><td>{esc(w.get(d.granularity, d.granularity))}</td><td>{esc(d.rule)}</td></tr>")
        out.append("</tbody></table>")
    else:
        out.append("—")
    out += ["", f"## {w['places']}", ""]
    seen: dict[str, list[str]] = defaultdict(list)
    firsts = {}
    for m in ex.places:
        if m.text not in seen[m.place.id]:
            seen[m.place.id].append(m.text)
        firsts.setdefault(m.place.id, m)
    if firsts:
        out.append('<table class="marsad-places"><thead><tr>'
                   f'<th>{esc(w["place"])}</th><th>{esc(w["mentioned"])}</th><th>{esc(w["country"])}</th><th>{esc(w["precision"])}</th>'
                   "</tr></thead><tbody>")
        for pid, m in firsts.items():
            p = m.place
            name = esc(p.name_ar)
            if p.geonames:
                name = f'<a href="https://www.geonames.org/{int(p.geonames)}" rel="nofollow noopener">{name}</a>'
            out.append(f"<tr><td>{name}</td><td>{esc('، '.join(seen[pid]))}</td><td>{esc(p.cc or '—')}</td><td>{esc(precision_label(m.precision, w))}</td></tr>")
        out.append("</tbody></table>")
    else:
        out.append("—")
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------- data files


def _event_id(record: ArticleRecord, event: Event) -> str:
    return f"{record.article.slug}#{event.offset[0]}"


def events_geojson(records: list[ArticleRecord]) -> str:
    """RFC 7946 FeatureCollection: one Point feature per event and place."""
    features = []
    for record, event in timeline_entries(records):
        for m in event.places:
            p = m.place
            features.append({
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [round(p.lon, 5), round(p.lat, 5)]},
                "properties": {
                    "event": _event_id(record, event),
                    "start": event.start.isoformat(),
                    "end": event.end.isoformat(),
                    "granularity": event.granularity,
                    "date_text": event.date.text if event.date else None,
                    "date_from": event.date_from,
                    "place": p.id,
                    "name": p.name,
                    "name_ar": p.name_ar,
                    "cc": p.cc,
                    "kind": p.kind,
                    "precision": m.precision,
                    "geonames": p.geonames,
                    "sentence": event.sentence,
                    "article": record.url,
                    "article_title": record.article.title,
                    "published": record.article.published.isoformat(),
                    "source": record.article.source,
                },
            })
    return json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False, indent=1) + "\n"


def places_geojson(places: list[PlaceSummary], settings: SiteSettings) -> str:
    """One feature per place, with the events the map's popups list."""
    features = []
    for s in places:
        p = s.place
        features.append({
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [round(p.lon, 5), round(p.lat, 5)]},
            "properties": {
                "id": p.id,
                "name": p.name,
                "name_ar": p.name_ar,
                "cc": p.cc,
                "kind": p.kind,
                "precision": s.precision,
                "geonames": p.geonames,
                "spellings": sorted(s.spellings),
                "events": [
                    {
                        "date": date_label(e, settings.language),
                        "start": e.start.isoformat(),
                        "end": e.end.isoformat(),
                        "granularity": e.granularity,
                        "date_from": e.date_from,
                        "excerpt": excerpt(e.sentence),
                        "article": r.url,
                        "title": r.article.title,
                    }
                    for r, e in s.events
                ],
            },
        })
    return json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False, indent=1) + "\n"


def _csv_cell(value: object) -> str:
    """Text as a spreadsheet shows it, never as a formula (CSV injection)."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


CSV_COLUMNS = ["event", "start", "end", "granularity", "date_text", "date_from", "place", "name_ar", "name",
               "lat", "lon", "cc", "kind", "precision", "geonames", "article", "article_title", "published", "source", "sentence"]


def events_csv(records: list[ArticleRecord]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for record, event in timeline_entries(records):
        for m in event.places:
            p = m.place
            row = [_event_id(record, event), event.start.isoformat(), event.end.isoformat(), event.granularity,
                   event.date.text if event.date else "", event.date_from, p.id, p.name_ar, p.name,
                   f"{p.lat:.5f}", f"{p.lon:.5f}", p.cc or "", p.kind, m.precision, p.geonames or "",
                   record.url, record.article.title, record.article.published.isoformat(), record.article.source or "",
                   " ".join(event.sentence.split())]
            writer.writerow([_csv_cell(v) for v in row])
    return buffer.getvalue()


# ---------------------------------------------------------------- the map (folium)

_MAP_SCRIPT = """
(function (map) {
  var DATA_URL = %(data_url)s, ROOT = %(root)s, WORDS = %(words)s;
  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined) node.textContent = text;
    return node;
  }
  function popup(p) {
    var box = el("div", "marsad-popup");
    box.dir = WORDS.dir;
    box.appendChild(el("h3", null, p.name_ar));
    var list = el("ul");
    p.events.forEach(function (e) {
      var item = el("li");
      item.appendChild(el("time", "marsad-when", e.date));
      item.appendChild(document.createTextNode(" "));
      item.appendChild(el("span", "marsad-excerpt", e.excerpt));
      item.appendChild(document.createTextNode(" "));
      var a = el("a", null, e.title);
      a.href = ROOT + e.article;
      a.target = "_top";
      item.appendChild(a);
      list.appendChild(item);
    });
    box.appendChild(list);
    return box;
  }
  var cluster = L.markerClusterGroup({showCoverageOnHover: false, maxClusterRadius: 40});
  window.marsadCluster = cluster;
  fetch(DATA_URL).then(function (r) { return r.json(); }).then(function (fc) {
    var bounds = [];
    fc.features.forEach(function (f) {
      var c = f.geometry.coordinates, p = f.properties;
      var icon = L.divIcon({className: "marsad-pin marsad-pin-" + p.precision, iconSize: [16, 16]});
      var marker = L.marker([c[1], c[0]], {icon: icon, title: p.name_ar, alt: p.name_ar, keyboard: true});
      marker.marsadPlace = p.id;
      marker.bindPopup(function () { return popup(p); }, {maxWidth: 320});
      cluster.addLayer(marker);
      bounds.push([c[1], c[0]]);
    });
    map.addLayer(cluster);
    if (bounds.length) map.fitBounds(bounds, {padding: [30, 30], maxZoom: 7});
    document.body.setAttribute("data-marsad-places", String(fc.features.length));
  }).catch(function (err) {
    document.body.setAttribute("data-marsad-error", String(err));
  });
})(%(map)s);
"""

_MAP_STYLE = """<style>
.marsad-pin { border-radius: 50%; border: 2px solid #fff; box-shadow: 0 0 0 1px #444; }
.marsad-pin-point { background: #c62828; }
.marsad-pin-region { background: rgba(239, 108, 0, .55); width: 22px !important; height: 22px !important; margin: -11px 0 0 -11px !important; }
.marsad-pin-country { background: rgba(21, 101, 192, .45); width: 28px !important; height: 28px !important; margin: -14px 0 0 -14px !important; }
.marsad-popup { font-family: system-ui, "Noto Naskh Arabic", "Segoe UI", Tahoma, sans-serif; text-align: start; }
.marsad-popup h3 { margin: 0 0 .4em; font-size: 1.05rem; }
.marsad-popup ul { margin: 0; padding-inline-start: 1.1em; max-height: 14em; overflow-y: auto; }
.marsad-popup li { margin-bottom: .4em; }
.marsad-popup .marsad-when { font-weight: bold; display: block; }
</style>"""


class _MapScript(folium.MacroElement):
    """Our script, rendered after folium has created the map object it needs."""

    _template = Template("{% macro script(this, kwargs) %}{{ this.js }}{% endmacro %}")

    def __init__(self, js: str):
        super().__init__()
        self._name = "MarsadScript"
        self._id = "marsad"
        self.js = js


def render_map_html(settings: SiteSettings, *, data_url: str, root: str, vendor: str) -> str:
    """A standalone Leaflet page made with folium; its markers load from the places data file."""
    w = words(settings.language)
    m = folium.Map(location=[30.0, 35.0], zoom_start=4, tiles=None, control_scale=True, prefer_canvas=False)
    m._id = "marsad"  # folium's default ids are random; fixed ids keep the page byte-identical
    tiles = folium.TileLayer(tiles=settings.tiles, attr=f"{settings.tiles_attribution} · {GEONAMES_ATTRIBUTION}", name="tiles")
    tiles._id = "marsad"
    tiles.add_to(m)
    m.default_js = [
        ("leaflet", f"{vendor}/leaflet/leaflet.js"),
        ("markercluster", f"{vendor}/leaflet.markercluster/leaflet.markercluster.js"),
    ]
    m.default_css = [
        ("leaflet_css", f"{vendor}/leaflet/leaflet.css"),
        ("markercluster_css", f"{vendor}/leaflet.markercluster/MarkerCluster.css"),
        ("markercluster_default_css", f"{vendor}/leaflet.markercluster/MarkerCluster.Default.css"),
    ]
    m.get_root().header.add_child(folium.Element(_MAP_STYLE), name="marsad_style")
    js = _MAP_SCRIPT % {
        "data_url": json_for_html(data_url),
        "root": json_for_html(root),
        "words": json_for_html({"dir": "rtl" if settings.language == "ar" else "ltr"}),
        "map": m.get_name(),
    }
    m.add_child(_MapScript(js), name="marsad_script")
    page = m.get_root().render()
    lang = "ar" if settings.language == "ar" else "en"
    page = page.replace("<html>", f'<html lang="{lang}">', 1)
    page = page.replace("<head>", f"<head>\n    <title>{esc(w['map'])}</title>", 1)
    return page
