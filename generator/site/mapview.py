"""The standalone map page, made with folium, that every map on the site shows in an iframe.

folium writes the Leaflet page (map, tiles, attribution); its CDN links are replaced by the
vendored copies under assets/marsad/vendor so the site works offline. The markers are not
inlined: `marsad-map.js` loads them from the places data file, so the page stays small
whatever the number of events.
"""

from __future__ import annotations

import functools
import hashlib
import html
import json
import re
from pathlib import Path

from jinja2 import Template

from . import RENDER_STAGE
from .labels import COUNT_FORMS, GEONAMES_ATTRIBUTION, MAP_WORDS, words

# Words the map's script shows; looked up in labels.WORDS.
SCRIPT_WORDS = ("filters", "filter_place", "filter_from", "filter_to", "filter_source", "filter_all", "legend_recent", "legend_old", "filter_type", "filter_all_types", "filter_actor", "filter_all_actors", "event_types", "future", "actors",
                "event_link", "km", "m")

# Words of the time window (labels.TIMELINE_VIEW_WORDS), as tl_<key>; the map's own are labels.MAP_WORDS.
TIMELINE_WORDS = ("months", "on_timeline", "period", "from", "to", "all_period")

# The counts the script says (labels.COUNT_FORMS, by noun).
COUNT_NOUNS = ("place", "source", "event")


def count_forms(language: str, nouns=COUNT_NOUNS) -> dict[str, list[str]]:
    """The forms of labels.count for the script: {noun: [none, 1, 2, 3-10, 11-99, 100...]}."""
    forms = COUNT_FORMS["en" if language == "en" else "ar"]
    return {noun: list(forms[noun]) for noun in nouns}

_STYLE = """<style>
html, body { font-family: system-ui, "Noto Naskh Arabic", "Segoe UI", Tahoma, sans-serif; }
.marsad-pin { width: 16px; height: 16px; margin: -8px 0 0 -8px; }
.marsad-pin span { display: block; position: relative; width: 100%; height: 100%; border: 2px solid #fff; box-shadow: 0 0 0 1px #333; box-sizing: border-box; }
.marsad-pin .marsad-pin-type { position: absolute; top: -6px; inset-inline-end: -6px; width: 9px; height: 9px; border-radius: 50%; border: 1.5px solid #fff; box-shadow: 0 0 0 1px #333; }
.marsad-pin-country .marsad-pin-type { transform: rotate(-45deg); }
.marsad-pin-point span { border-radius: 50%; }
.marsad-pin-region { width: 24px; height: 24px; margin: -12px 0 0 -12px; opacity: .85; }
.marsad-pin-region span { border-radius: 50%; border-style: dashed; border-color: #333; }
.marsad-pin-country { width: 26px; height: 26px; margin: -13px 0 0 -13px; opacity: .8; }
.marsad-pin-country span { border-radius: 3px; transform: rotate(45deg); }
.marsad-popup { text-align: start; }
.marsad-popup h3 { margin: 0 0 .2em; font-size: 1.05rem; }
.marsad-popup-meta { margin: 0 0 .4em; color: #555; }
.marsad-popup ul { margin: 0; padding-inline-start: 1.1em; max-height: 15em; overflow-y: auto; }
.marsad-popup li { margin-bottom: .6em; padding-inline-start: .5em; border-inline-start: 4px solid #757575; list-style: none; }
.marsad-popup ul { padding-inline-start: .2em; }
.marsad-type { display: inline-flex; align-items: center; gap: .3em; font-weight: bold; }
.marsad-type-symbol { display: inline-block; min-width: 1.35em; height: 1.35em; line-height: 1.35em; border-radius: 50%; color: #fff; text-align: center; font-size: .85em; }
.marsad-what { display: block; }
.marsad-subtype { margin-inline-start: .4em; color: #444; }
.marsad-subtype::before { content: "· "; }
.marsad-future-mark { margin-inline-start: .4em; padding: 0 .35em; border: 1px dashed #8a5a00; border-radius: 3px; color: #8a5a00; font-size: .85em; }
.marsad-popup .marsad-actors { display: block; color: #333; }
.marsad-popup .marsad-event-link { display: block; font-size: .9em; }
.marsad-type-legend-box { background: #fff; padding: .4em .6em; border-radius: 4px; box-shadow: 0 1px 4px rgba(0,0,0,.35); font-size: .8rem; max-width: 16em; }
.marsad-type-legend-box summary { cursor: pointer; font-weight: bold; }
.marsad-type-legend { list-style: none; margin: .3em 0 0; padding: 0; }
.marsad-type-legend button { all: unset; cursor: pointer; display: block; padding: .1em .2em; border-radius: 3px; }
.marsad-type-legend button:focus { outline: 2px solid #00695c; }
.marsad-type-legend button[aria-pressed="true"] { background: #e0f2f1; outline: 1px solid #00695c; }
.marsad-type-legend .marsad-type { font-weight: normal; }
.marsad-popup .marsad-when { font-weight: bold; display: block; }
.marsad-popup .marsad-range::before { content: "↔ "; }
.marsad-popup .marsad-excerpt, .marsad-popup .marsad-article-link { display: block; }
.marsad-controls { background: #fff; padding: .5em .6em; border-radius: 4px; box-shadow: 0 1px 4px rgba(0,0,0,.35); width: 17em; max-width: calc(100vw - 5em); box-sizing: border-box; font-size: .85rem; }
.marsad-controls:not([open]) { width: auto; }
.marsad-controls summary { cursor: pointer; font-weight: bold; }
.marsad-controls form { margin-top: .3em; }
.marsad-controls label { display: grid; grid-template-columns: 5.2em minmax(0, 1fr); align-items: center; gap: .4em; margin-bottom: .3em; }
.marsad-controls input, .marsad-controls select { display: block; width: 100%; min-width: 0; box-sizing: border-box; font: inherit; }
.marsad-controls input:focus, .marsad-controls select:focus { outline: 2px solid #00695c; }
.marsad-search-status { margin: -.1em 0 .4em; padding: .2em .4em; border-radius: 3px; background: #fff3e0; color: #8a3b00; }
.marsad-search-status[hidden] { display: none; }
.marsad-legend { display: flex; align-items: center; gap: 2px; margin-top: .3em; }
.marsad-legend i { display: inline-block; width: 14px; height: 10px; }
.marsad-legend span { margin: 0 .3em; }
.marsad-popup li.marsad-selected { background: #fff3c4; outline: 2px solid #e65100; }
.marsad-popup .marsad-timeline-link { display: block; font-size: .9em; }
.marsad-cluster-count { display: block; width: 100%; text-align: center; }
.marsad-cluster { border-radius: 50%; box-sizing: border-box; background: rgba(255,255,255,.92);
  border: 2px solid #37474f; box-shadow: 0 0 0 3px rgba(55,71,79,.25); color: #263238; font: bold 12px/1 system-ui, sans-serif; }
.marsad-time { background: #fff; padding: .4em .6em; border-radius: 4px; box-shadow: 0 1px 4px rgba(0,0,0,.35); width: 17em;
  max-width: calc(100vw - 11em); box-sizing: border-box; font-size: .8rem; }
.marsad-time:not([open]) { width: auto; }
.marsad-time summary { cursor: pointer; font-weight: bold; }
.marsad-time label { display: grid; grid-template-columns: 2.2em minmax(0, 1fr); align-items: center; gap: .3em; margin-top: .2em; }
.marsad-time input { width: 100%; margin: 0; }
.marsad-time-actions { margin: .3em 0 0; display: flex; gap: .6em; align-items: center; flex-wrap: wrap; }
.marsad-time-reset { font: inherit; }
@media (max-width: 600px) {
  .leaflet-control-attribution { max-width: calc(100vw - 130px); white-space: normal; line-height: 1.25; font-size: 10px; }
}
/* Printed, the map is the places and their open popup: no filter panel, legend, time window or buttons. */
@media print { .marsad-controls, .marsad-time, .marsad-type-legend-box, .leaflet-control-zoom, .leaflet-popup-close-button { display: none !important; } }
</style>"""


@functools.cache
def _config_class():
    import folium  # imported on first use: it pulls in numpy, a second per build otherwise

    class _Config(folium.MacroElement):
        """window.MARSAD, rendered after folium has created the map object it names."""

        _template = Template("{% macro script(this, kwargs) %}window.MARSAD = {{ this.config }}; window.MARSAD.map = {{ this.map_name }};{% endmacro %}")

        def __init__(self, config_json: str, map_name: str):
            super().__init__()
            self._name = "MarsadConfig"
            self._id = "marsad"
            self.config = config_json
            self.map_name = map_name

    return _Config


def cached_map_html(cache_dir: Path | None, **inputs) -> str:
    """render_map_html(**inputs), kept in `cache_dir` by a hash of everything it depends on
    (the inputs, the render stage's code, tables and libraries: RENDER_STAGE), so builds
    import folium only when one changes. The file is written atomically and checked before it is trusted."""
    if cache_dir is None:
        return render_map_html(**inputs)
    key_inputs = {k: v for k, v in inputs.items() if k != "json_for_html"}
    key_inputs["json_for_html('<')"] = inputs["json_for_html"]("<")
    digest = hashlib.sha256(json.dumps(key_inputs, sort_keys=True, ensure_ascii=False).encode("utf-8"))
    digest.update(RENDER_STAGE.version().encode())  # this package (labels, the time window's words), folium ...
    path = cache_dir / f"map-{digest.hexdigest()[:32]}.html"
    try:
        page = path.read_text(encoding="utf-8")
        if page.rstrip().endswith("</html>"):
            return page
    except (OSError, UnicodeDecodeError):
        pass
    page = render_map_html(**inputs)
    from .datafiles import write_atomic

    try:
        write_atomic(path, page.encode("utf-8"))
    except OSError:
        pass  # a read-only cache only costs time
    return page


# The map page's own files (relative to its folder), in the order it loads them.
SCRIPTS = (
    ("leaflet", "vendor/leaflet/leaflet.js"),
    ("markercluster", "vendor/leaflet.markercluster/leaflet.markercluster.js"),
)
STYLES = (
    ("leaflet_css", "vendor/leaflet/leaflet.css"),
    ("markercluster_css", "vendor/leaflet.markercluster/MarkerCluster.css"),
    ("markercluster_default_css", "vendor/leaflet.markercluster/MarkerCluster.Default.css"),
)
OWN_SCRIPT = "marsad-map.js"  # ours, after folium's


def preload_links(assets: str, points: str) -> str:
    """<link rel=preload> of the map page's scripts, styles and first markers, for the page
    that frames it: the frame's own parser starts only once the framing page's scripts have
    run (one main thread), a few hundred milliseconds its files need not wait."""
    links = [(f"{assets}/{rel}", "script") for _, rel in SCRIPTS] + [(f"{assets}/{OWN_SCRIPT}", "script")]
    links += [(f"{assets}/{rel}", "style") for _, rel in STYLES]
    out = "".join(f'<link rel="preload" href="{html.escape(href)}" as="{kind}">' for href, kind in links)
    # (a fetch() is a CORS-mode request: its preload says crossorigin to be the same request)
    return out + (f'<link rel="preload" href="{html.escape(points)}" as="fetch" crossorigin>' if points else "")


def render_map_html(
    *,
    language: str,
    tiles: str,
    tiles_attribution: str,
    data_url: str,
    excerpts_url: str,
    points_url: str = "",
    timeline_url: str = "",
    date_lang: str = "",
    root: str,
    assets: str,
    json_for_html,
) -> str:
    """The map page; all URLs given are relative to the page itself. `date_lang` is the
    language dates are written in (labels.date_language: the site's month names)."""
    import folium
    from branca.element import Figure

    w = words(language)
    direction = "rtl" if language == "ar" else "ltr"
    mark = "\u200f" if direction == "rtl" else ""  # RLM: two Latin names in a row keep the reading order
    # The scale bar is marsad-map.js's: metric, in the interface's language.
    # The zoom buttons are marsad-map.js's: named in the interface's language.
    m = folium.Map(location=[30.0, 35.0], zoom_start=4, tiles=None, control_scale=False, zoom_control=False)
    m._id = "marsad"  # folium's default ids are random; fixed ids keep the page byte-identical
    layer = folium.TileLayer(tiles=tiles, attr=f"{tiles_attribution}{mark} · {GEONAMES_ATTRIBUTION.get(language, GEONAMES_ATTRIBUTION['en'])}", name="tiles")
    layer._id = "marsad"
    layer.add_to(m)
    m.default_js = [(name, f"{assets}/{rel}") for name, rel in SCRIPTS]
    m.default_css = [(name, f"{assets}/{rel}") for name, rel in STYLES]
    figure = m.get_root()
    assert isinstance(figure, Figure)  # a Map's root is its page
    figure.header.add_child(folium.Element(_STYLE), name="marsad_style")
    if points_url:
        # The first markers' file is asked for before Leaflet's scripts load, not after.
        figure.header.add_child(folium.Element(
            f"<script>window.MARSAD_POINTS = fetch({json_for_html(points_url)}); window.MARSAD_POINTS.catch(function () {{}});</script>"),
            name="marsad_points")
    from .timelineview import view_words

    tw = view_words(language, date_lang or language)
    mw = MAP_WORDS["en" if language == "en" else "ar"]
    config = {"pointsUrl": points_url, "dataUrl": data_url, "excerptsUrl": excerpts_url, "timelineUrl": timeline_url, "root": root, "dir": direction,
              "words": {**{k: w[k] for k in SCRIPT_WORDS}, **{f"tl_{k}": tw[k] for k in TIMELINE_WORDS}, **mw},
              "counts": count_forms(language)}
    m.add_child(_config_class()(json_for_html(config), m.get_name()), name="marsad_config")
    page = m.get_root().render()
    # Our script runs after folium's (which creates the map), from a file next to this page.
    page = page.replace("</html>", f'<script src="{html.escape(assets)}/{OWN_SCRIPT}"></script>\n</html>', 1)
    page = page.replace("<html>", f'<html lang="{language}" dir="{direction}">', 1)
    # folium's viewport forbids zooming the page (WCAG 1.4.4): a reader may always zoom.
    page = re.sub(r'(<meta name="viewport" content=")[^"]*"', r'\1width=device-width, initial-scale=1.0"', page, count=1)
    page = page.replace("<head>", f"<head>\n    <title>{html.escape(w['map'])}</title>", 1)
    return page
