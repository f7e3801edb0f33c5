"""Screenshots of the built site (home, map, a map popup, timeline, the interactive timeline, a month ...) at desktop and phone widths.

Usage: python scripts/screenshots.py [SITE_DIR] [OUT_DIR]
Serves SITE_DIR (default site/) under /marsad/ on 127.0.0.1 and drives Debian's Chromium.
Map tiles are not fetched (no network here): the map shows its markers on a blank ground.
"map-popup" opens the popup of the place with the most events (map/#place=<id>).
"search" is the home page with the site search open on SEARCH_WORD (the header's box; on a
phone, its button), results drawn.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

from generator.localserver import serve

PAGES = {"home": "", "map": "map/", "map-popup": "map/#place={busiest}", "timeline": "timeline/",
         "timeline-view": "timeline/interactive/", "timeline-event": "timeline/interactive/#event={busiest_event}", "month": "timeline/2016-08/",
         "place": "places/sy/", "places": "places/", "article": "articles/002_b0cbef1f536209a0/", "search": ""}
SEARCH_WORD = "سوريا"
SIZES = {"desktop": (1366, 900), "phone": (390, 844)}
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"]


def busiest_place(site_dir: Path) -> str:
    features = json.loads((site_dir / "data/places.geojson").read_text(encoding="utf-8"))["features"]
    return max(features, key=lambda f: (len(f["properties"]["events"]), f["properties"]["id"]))["properties"]["id"]


def main() -> None:
    site_dir = Path(sys.argv[1] if len(sys.argv) > 1 else "site")
    out_dir = Path(sys.argv[2] if len(sys.argv) > 2 else "screenshots")
    out_dir.mkdir(parents=True, exist_ok=True)
    busiest = busiest_place(site_dir)
    busiest_event = json.loads((site_dir / "data/timeline.json").read_text(encoding="utf-8"))["events"][0][0]
    with serve(site_dir) as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for size_name, (width, height) in SIZES.items():
            # An Arabic reader's browser (the map's filters are the site's own menus, whatever the locale).
            context = browser.new_context(viewport={"width": width, "height": height}, locale="ar")
            context.route("**/tile.openstreetmap.org/**", lambda route: route.abort())
            page = context.new_page()
            for name, path in PAGES.items():
                page.goto("about:blank")  # a new hash alone would not load the map again
                page.goto(base + path.format(busiest=busiest, busiest_event=busiest_event))
                page.wait_for_load_state("networkidle")
                if name == "map-popup":
                    frame = page.frame_locator("iframe.marsad-map-frame")
                    frame.locator(".marsad-popup .marsad-excerpt").first.wait_for(timeout=15000)
                    page.wait_for_timeout(800)
                elif name.startswith("timeline-"):
                    page.locator("#marsad-timeline[data-marsad-ready]").wait_for(state="attached", timeout=15000)
                    page.wait_for_timeout(300)
                elif name in ("map", "home", "place"):
                    page.wait_for_timeout(800)
                elif name == "search":
                    if size_name == "phone":
                        page.locator("label.md-header__button[for=__search]").click()
                    else:
                        page.locator(".marsad-search input.md-search__input").click()
                    page.keyboard.type(SEARCH_WORD, delay=40)
                    page.wait_for_function("q => document.querySelector('.marsad-search').getAttribute('data-marsad-query') === q",
                                           arg=SEARCH_WORD, timeout=15000)
                    page.wait_for_timeout(300)
                target = out_dir / f"{name}-{size_name}.png"
                page.screenshot(path=str(target), full_page=not name.startswith(("map", "search")))
                print(target)
            context.close()
        browser.close()


if __name__ == "__main__":
    main()
