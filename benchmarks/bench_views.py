#!/usr/bin/env python3
"""Timeline and map ready times on the corpus site, by the browser's clock (issue 12); not a test.

Builds the SaudiNewsNet corpus site as bench_site.py does (in a temporary folder; the corpus
is research-only and never enters the repository), or takes a site already built (--site),
then opens, in headless Chromium with a cold HTTP cache each run:

- timeline/interactive/ until its box has data-marsad-ready (the first draw): bar < 1.5 s;
- map/ until the map frame's body has data-marsad-ready: bar < 2 s;
- map/#from=&to= (a window from the timeline) likewise, and the markers it shows.

Times are from the page's navigation start to the moment the page set the attribute, read
from performance.timeOrigin + performance.now() inside the page. Exits 0 whatever the figures.

Usage: python benchmarks/bench_views.py [--corpus DIR] [--site DIR] [--runs N]
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_site  # noqa: E402  (the corpus project and the build helper)

READY_HOOK = ("(() => { const set = Element.prototype.setAttribute;"
              " Element.prototype.setAttribute = function (name, value) {"
              " if (name === 'data-marsad-ready' && window.__marsadReady === undefined)"
              " window.__marsadReady = performance.timeOrigin + performance.now();"
              " return set.call(this, name, value); }; })()")


def measure(site_dir: Path, runs: int) -> dict:
    from playwright.sync_api import sync_playwright

    from generator.localserver import serve

    data = json.loads((site_dir / "data/timeline.json").read_text(encoding="utf-8"))
    out = {"events": len(data["events"]), "timeline": [], "map": [], "map_window": [], "errors": [], "drawn": None}
    days = sorted(e[1] for e in data["events"])
    mid = days[len(days) // 2][:7]
    window = f"#from={mid}-01&to={mid}-28"
    with serve(site_dir) as base, sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=bench_site.CHROMIUM, args=bench_site.CHROMIUM_ARGS)
        try:
            for _ in range(runs):
                for key, path, frame in (("timeline", "timeline/interactive/", False), ("map", "map/", True),
                                         ("map_window", "map/" + window, True)):
                    context = chromium.new_context(viewport={"width": 1366, "height": 900})
                    context.add_init_script(READY_HOOK)
                    page = context.new_page()
                    page.on("pageerror", lambda exc: out["errors"].append(str(exc)))
                    page.goto(base + path)
                    if frame:
                        page.frame_locator("iframe.marsad-map-frame").locator(
                            "body[data-marsad-ready], body[data-marsad-error]").first.wait_for(state="attached", timeout=60000)
                        inner = next(f for f in page.frames if f.url.split("#")[0].endswith("map.html"))
                    else:
                        page.locator("#marsad-timeline[data-marsad-ready], #marsad-timeline[data-marsad-error]").first.wait_for(
                            state="attached", timeout=60000)
                        inner = page.main_frame
                    ready = inner.evaluate("window.__marsadReady || null")
                    start = page.evaluate("performance.timeOrigin")
                    if ready is not None:
                        out[key].append((ready - start) / 1000)
                    if key == "timeline" and out["drawn"] is None:
                        out["drawn"] = page.evaluate("""(() => {
                          const own = document.querySelectorAll('#marsad-timeline .marsad-tl-item').length;
                          const c = [...document.querySelectorAll('#marsad-timeline .marsad-tl-cluster')];
                          return [own, c.length, c.reduce((n, e) => n + +e.textContent, 0)]; })()""")
                    if key == "map_window":
                        out["window_markers"] = inner.evaluate("window.marsadCluster.getLayers().length")
                    context.close()
        finally:
            chromium.close()
    out["window"] = window
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=bench_site.ROOT.parent / "shared" / "eval" / "corpus")
    parser.add_argument("--site", type=Path, help="a built site to measure (default: build the corpus site)")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    sys.path.insert(0, str(bench_site.ROOT))
    if args.site is not None:
        return report(args.site, args.runs)
    missing = [n for n in bench_site.CORPUS_ZIPS if not (args.corpus / n).is_file()]
    if missing:
        print(f"corpus files missing in {args.corpus}: {', '.join(missing)}", file=sys.stderr)
        return 0
    with tempfile.TemporaryDirectory(prefix="marsad-views-bench-") as tmp:
        project, _plain = bench_site.make_projects(Path(tmp), args.corpus)
        shutil.rmtree(project / ".cache", ignore_errors=True)
        started = time.perf_counter()
        build = bench_site.mkdocs_build(project / "mkdocs.yml")
        print(f"    cold build: {time.perf_counter() - started:.1f} s; log: {build.log}")
        return report(project / "site", args.runs)


def report(site_dir: Path, runs: int) -> int:
    for rel in ("data/timeline.json", "data/places.geojson", "timeline/interactive/index.html",
                "assets/marsad/vendor/vis-timeline/vis-timeline-graph2d.min.js"):
        print(f"    {rel}: {bench_site.fmt_size(bench_site.size(site_dir / rel))}")
    r = measure(site_dir, runs)
    fmt = lambda xs: ", ".join(f"{x:.2f}" for x in xs)  # noqa: E731
    print(f"    events in timeline.json: {r['events']}; first draw at the whole period: {r['drawn'][0]} items, "
          f"{r['drawn'][1]} clusters counting {r['drawn'][2]}")
    print(f"    timeline ready (navigation start -> first draw, browser's clock): {fmt(r['timeline'])} s")
    print(f"    map ready: {fmt(r['map'])} s; map with the window {r['window']}: {fmt(r['map_window'])} s "
          f"({r.get('window_markers')} markers)")
    if r["errors"]:
        print(f"    page errors: {'; '.join(r['errors'][:3])}")
    t, m = (r["timeline"] or [None])[0], (r["map"] or [None])[0]
    print("\n    summary")
    print(f"    timeline ready < 1.5 s (first load)  {t:.2f} s (median {statistics.median(r['timeline']):.2f})  "
          f"{'PASS' if t is not None and t < 1.5 and not r['errors'] else 'FAIL'}")
    print(f"    map ready < 2 s (first load)         {m:.2f} s (median {statistics.median(r['map']):.2f})  "
          f"{'PASS' if m is not None and m < 2 and not r['errors'] else 'FAIL'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
