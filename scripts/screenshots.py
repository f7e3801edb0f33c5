"""Screenshots of the built site (home, map, timeline) at desktop and phone widths.

Usage: python scripts/screenshots.py [SITE_DIR] [OUT_DIR]
Serves SITE_DIR (default site/) under /marsad/ on 127.0.0.1 and drives Debian's Chromium.
Map tiles are not fetched (no network here): the map shows its markers on a blank ground.
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

from generator.localserver import serve

PAGES = {"home": "", "map": "map/", "timeline": "timeline/", "month": "timeline/2016-08/", "place": "places/sy/", "places": "places/",
         "article": "articles/002_b0cbef1f536209a0/"}
SIZES = {"desktop": (1280, 900), "phone": (390, 844)}
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"]


def main() -> None:
    site_dir = Path(sys.argv[1] if len(sys.argv) > 1 else "site")
    out_dir = Path(sys.argv[2] if len(sys.argv) > 2 else "screenshots")
    out_dir.mkdir(parents=True, exist_ok=True)
    with serve(site_dir) as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for size_name, (width, height) in SIZES.items():
            context = browser.new_context(viewport={"width": width, "height": height})
            context.route("**/tile.openstreetmap.org/**", lambda route: route.abort())
            page = context.new_page()
            for name, path in PAGES.items():
                page.goto(base + path)
                page.wait_for_load_state("networkidle")
                if name in ("map", "home", "place"):
                    page.wait_for_timeout(800)
                target = out_dir / f"{name}-{size_name}.png"
                page.screenshot(path=str(target), full_page=name not in ("map",))
                print(target)
            context.close()
        browser.close()


if __name__ == "__main__":
    main()
