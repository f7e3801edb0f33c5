"""The interactive timeline page and its data file.

The page (`timeline/interactive/`) draws every merged event on a horizontal, zoomable axis
with vis-timeline (vendored under assets/marsad/vendor/vis-timeline), right to left, its
labels in the interface's language; `marsad-timeline.js` loads the events from a compact
data file (`data/timeline.json`) and links each one to its item on its month page and to
the map. The month pages stay the accessible, printable form of the same events.

The data file is one JSON object, written deterministically:
  types     [[key, label, colour, symbol]]   (the legend's order)
  countries [[cc, name]]
  places    [[id, name, country index (-1: none)]]
  pages     [month page url]                  (relative to the site root)
  events    [[id, start, end, granularity, type, [places], page, future (0/1), date label]]
            in timeline order; type, places and page are indexes into the lists above.
"""

from __future__ import annotations

import json

from .labels import COUNT_FORMS, MONTHS, TIMELINE_VIEW_WORDS as WORDS, words
from .pages import SiteModel, date_label, esc, json_for_html, link

PAGE = "timeline/interactive.md"
DATA = "data/timeline.json"
SCRIPT = "assets/marsad/marsad-timeline.js"
STYLE = "assets/marsad/marsad-timeline.css"
VENDOR_JS = "assets/marsad/vendor/vis-timeline/vis-timeline-graph2d.min.js"
VENDOR_CSS = "assets/marsad/vendor/vis-timeline/vis-timeline-graph2d.min.css"


def view_words(lang: str, date_lang: str = "") -> dict[str, str]:
    """This view's words, with the month names of the site (`date_lang`, labels.date_language:
    "ar-levantine" ...; by default the language's own)."""
    months = MONTHS.get(date_lang or lang, MONTHS.get(lang, MONTHS["ar"]))
    return {**WORDS.get(lang, WORDS["ar"]), "months": "|".join(months)}


def page_url(model: SiteModel) -> str:
    return model.url(PAGE)


def timeline_json(model: SiteModel) -> str:
    """The timeline's data file (see the module's docstring): small, since the page loads it
    whole before it draws."""
    lang, date_lang = model.settings.language, model.date_lang  # dates in the site's month names
    type_keys = model.type_keys()
    type_index = {k: i for i, k in enumerate(type_keys)}
    types = [[k, (mark := model.type_mark(k)).label, mark.colour, mark.symbol] for k in type_keys]
    place_ids = sorted({p.place.id for m in model.events for p in m.places})
    by_id = {p.place.id: p.place for m in model.events for p in m.places}
    codes = sorted({cc for i in place_ids if (cc := by_id[i].cc)})
    names = {cc: model.country_name(cc) for cc in codes}
    codes.sort(key=lambda cc: (names[cc], cc))
    country_index = {cc: i for i, cc in enumerate(codes)}
    place_index = {pid: i for i, pid in enumerate(place_ids)}
    places = [[pid, by_id[pid].name_ar if lang == "ar" else (by_id[pid].name or by_id[pid].name_ar),
               country_index.get(by_id[pid].cc or "", -1)] for pid in place_ids]
    page_index = {p.src_uri: i for i, p in enumerate(model.timeline_pages)}
    pages = [model.url(p.src_uri) for p in model.timeline_pages]
    events = [[m.id, m.start.isoformat(), m.end.isoformat(), m.granularity, type_index[m.type],
               [place_index[p.place.id] for p in m.places], page_index[model.month_page_of[m.id].src_uri],
               int(m.future), date_label(m, date_lang)] for m in model.events]
    return json.dumps({"types": types, "countries": [[cc, names[cc]] for cc in codes], "places": places,
                       "pages": pages, "events": events}, ensure_ascii=False, separators=(",", ":")) + "\n"


def render_page(model: SiteModel, from_url: str) -> str:
    """The page: a title, a short help line, the controls and the timeline's box (the script
    fills it), the details of the selected event, and links to the month pages and the map."""
    w = model.w
    vw = view_words(model.settings.language, model.date_lang)
    config = {
        "dataUrl": link(DATA, from_url),
        "root": link(".", from_url).rstrip("/") + "/",
        "mapUrl": link(model.url("map.md"), from_url),
        "dir": "rtl" if model.settings.language == "ar" else "ltr",
        "lang": model.settings.language,
        "words": vw,
        "counts": {"event": list(COUNT_FORMS["en" if model.settings.language == "en" else "ar"]["event"])},
    }
    css = [link(VENDOR_CSS, from_url), link(STYLE, from_url)]
    js = [link(VENDOR_JS, from_url), link(SCRIPT, from_url)]
    out = [
        f"# {esc(vw['title'])}",
        "",
        "".join(f'<link rel="stylesheet" href="{esc(h)}">' for h in css),
        "",
        f'<p class="marsad-meta">{esc(vw["intro"])}</p>',
        "",
        f'<div class="marsad-tl"><div class="marsad-tl-bar" role="toolbar" aria-label="{esc(w["timeline"])}"></div>'
        f'<div id="marsad-timeline" class="marsad-tl-box" aria-label="{esc(w["timeline"])}">'
        f'<p class="marsad-tl-loading">{esc(vw["loading"])}</p></div>'
        f'<div class="marsad-tl-detail" aria-live="polite" hidden></div></div>',
        "",
        f'<p class="marsad-tl-links"><a href="{esc(link(model.url("timeline/index.md"), from_url))}">{esc(vw["months_list"])}</a> · '
        f'<a href="{esc(config["mapUrl"])}">{esc(w["map"])}</a></p>',
        "",
        f'<script type="application/json" id="marsad-timeline-config">{json_for_html(config)}</script>',
        "".join(f'<script src="{esc(h)}"></script>' for h in js),
    ]
    return "\n".join(out) + "\n"
