"""Waiting in the browser tests: on a condition the page reaches, never for a fixed time.

A fixed wait is either too long (slow tests) or, on a loaded machine, too short (a flaky
test). These wait for what the test needs: a ready flag the scripts set, the end of an
animation (Leaflet's, vis-timeline's), a layout that has stopped moving, the search
worker's answer.
"""

from __future__ import annotations

STILL_FRAMES = 3  # a layout unchanged over this many animation frames in a row has stopped moving

_SETTLED = """([expr, frames]) => {
    const value = Function("return (" + expr + ")")();
    const seen = window.__marsadSettle || (window.__marsadSettle = {});
    if (value === null) { delete seen[expr]; return false; }  // null: still busy
    const text = JSON.stringify(value);
    const last = seen[expr];
    seen[expr] = last && last.text === text ? {text, n: last.n + 1} : {text, n: 1};
    if (seen[expr].n < frames) return false;
    delete seen[expr];
    return true;
}"""

# The map (inside its frame): null while Leaflet pans or zooms or a cluster animates, else
# where it is and where every popup and marker is drawn (a fade changes the opacity).
MAP_STATE = """(() => {
    const m = window.MARSAD && window.MARSAD.map, c = window.marsadCluster;
    if (!m || !document.body.hasAttribute('data-marsad-ready')) return null;
    if (m._animatingZoom || (m._panAnim && m._panAnim._inProgress) || (c && c._inZoomAnimation)) return null;
    const boxes = [...document.querySelectorAll('.leaflet-popup, .leaflet-marker-icon, .leaflet-control')].map(e => {
        const r = e.getBoundingClientRect();
        return [e.className, Math.round(r.x), Math.round(r.y), Math.round(r.width), Math.round(r.height), getComputedStyle(e).opacity]; });
    return [m.getCenter(), m.getZoom(), boxes];
})()"""

# The interactive timeline: null while its window moves (vis-timeline says "rangechange" at
# each step and "rangechanged" when it lands), else the window and every item's box.
TIMELINE_STATE = """(() => {
    const t = window.marsadTimeline;
    if (!t || !document.querySelector('#marsad-timeline[data-marsad-ready]')) return null;
    if (!t.__marsadMoving) {
        t.__marsadMoving = {now: false};
        t.on('rangechange', () => { t.__marsadMoving.now = true; });
        t.on('rangechanged', () => { t.__marsadMoving.now = false; });
    }
    if (t.__marsadMoving.now) return null;
    const w = t.getWindow();
    const boxes = [...document.querySelectorAll('#marsad-timeline .vis-item, #marsad-timeline .vis-label')].map(e => {
        const r = e.getBoundingClientRect();
        return [Math.round(r.x), Math.round(r.y), Math.round(r.width), Math.round(r.height)]; });
    return [w.start.valueOf(), w.end.valueOf(), location.hash, boxes];
})()"""


def settled(target, expression: str, timeout: float = 15000) -> None:
    """Wait until the JS `expression` (evaluated in `target`, a Page or a Frame) gives the
    same value on STILL_FRAMES animation frames in a row; null counts as busy."""
    target.wait_for_function(_SETTLED, arg=[expression, STILL_FRAMES], polling="raf", timeout=timeout)


def map_settled(frame, timeout: float = 15000) -> None:
    """The map in `frame` (the Frame of map.html) has stopped moving."""
    settled(frame, MAP_STATE, timeout)


def timeline_settled(page, timeout: float = 15000) -> None:
    settled(page, TIMELINE_STATE, timeout)


def page_settled(page, timeout: float = 15000) -> None:
    """The document has stopped changing (its markup, as text)."""
    settled(page, "document.documentElement.outerHTML", timeout)


def set_hash(page, value: str) -> None:
    """location.hash = value, returning once the page's own hashchange handlers have run
    (this one is added after theirs, so it runs after them)."""
    page.evaluate("""h => new Promise(done => {
        window.addEventListener('hashchange', () => done(), {once: true});
        location.hash = h; })""", value)


# The site search (static/marsad-search.js) says on its element what it is doing:
# data-marsad-search is set once the script has run ("idle" until the box is used), and
# data-marsad-query names the query whose results are drawn.
SEARCH = ".marsad-search"
SEARCH_BOX = ".marsad-search input.md-search__input"


def search_ready(page, timeout: float = 15000) -> None:
    """The page's scripts have run: the search box is set up (it loads nothing until used)."""
    page.locator(f"{SEARCH}[data-marsad-search]").wait_for(state="attached", timeout=timeout)


def search_answered(page, query: str, timeout: float = 15000) -> None:
    """The results of `query` are drawn (whatever the reader typed before it)."""
    page.wait_for_function("""q => { const e = document.querySelector('.marsad-search');
        return e && e.getAttribute('data-marsad-query') === q; }""", arg=query, timeout=timeout)
    page.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(() => done())))")


def search_for(page, query: str, *, typed: bool = False) -> None:
    """Put `query` in the header's search box (typed key by key, or at once) and wait for its results."""
    box = page.locator(SEARCH_BOX)
    box.click()
    box.fill("")
    if typed:
        box.press_sequentially(query, delay=40)
    else:
        box.fill(query)
    search_answered(page, query.strip())
