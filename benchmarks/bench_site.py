#!/usr/bin/env python3
"""Site build benchmark (issue 6): prints the figures for each bar; not a test.

On the SaudiNewsNet corpus (../shared/eval/corpus/*.zip, 3,386 articles) imported into a
copy of the sample site, in a temporary folder:

1. cold `mkdocs build` of the Marsad site vs a plain mkdocs-material build of the same
   article pages kept out of the navigation (both measured in this run: the mean of the
   plain builds just before and just after it is the reference);              bar <= 2x
2. a warm rebuild, then five rebuilds each after adding one article, each run right after
   a plain build: the extraction seconds from the plugin's log line (<= 1 s) and the median
   of the five ratios (ours / the plain build next to it)                     (<= 1.2x);
3. whole extraction (dates, places, events) on one core, in-process         (>= 500/s);
4. the built map page with every event, served locally, until the map frame's body has
   `data-marsad-ready`, in headless Chromium (< 2 s); sizes of its HTML (< 1 MB each);
5. peak memory of the cold build (< 2 GB), sampled over the whole process tree.

The corpus is research-only (CC BY-NC-SA): it is imported into the temporary folder only,
never into the repository. Exits 0 whatever the figures.

Usage: python benchmarks/bench_site.py [--corpus DIR] [--keep DIR] [--skip-browser] [--no-snapshot]
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CODE: Path | None = None  # the snapshot of generator/ that every step runs (see snapshot())

CORPUS_ZIPS = ("2015-08-10.zip", "2015-08-11.zip")
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 # No tiles (offline): resolved to nothing in the browser itself. A Playwright
                 # route would do it too, but routing turns off the HTTP cache, which a reader's
                 # browser has (the map frame's files come from it once the page preloaded them).
                 "--host-resolver-rules=MAP tile.openstreetmap.org ~NOTFOUND"]
GNU_TIME = "/usr/bin/time"
MB = 1024 * 1024
ADDS = 5  # rebuilds after adding an article, each paired with a plain build
LOG_LINE = re.compile(
    r"marsad: (\d+) articles \((\d+) extracted, (\d+) from cache\) in ([\d.]+) s; (\d+) events, (\d+) places")

PLAIN_MKDOCS_YML = """\
site_name: plain
docs_dir: docs
site_dir: site
use_directory_urls: true
theme: {name: material, language: ar, font: false}
plugins: [search]
nav: [index.md]
not_in_nav: "/articles/*.md"
"""

ADDED_ARTICLE = """\
---
title: محادثات جديدة في جنيف حول الأزمة السورية
date: 2015-08-12
source: bench.example (benchmark)
---

جنيف ـ بدأت أمس في جنيف جولة جديدة من المحادثات بين الأطراف السورية برعاية الأمم المتحدة،
وقال المبعوث الدولي إن الجولة ستستمر حتى يوم الجمعة المقبل، على أن تُستأنف في فيينا الشهر القادم.

وكان وزراء الخارجية قد اجتمعوا في الرياض يوم الأحد الماضي لبحث الملف نفسه.
"""


# ---------------------------------------------------------------------------- helpers

def env() -> dict[str, str]:
    e = dict(os.environ)
    e["NO_MKDOCS_2_WARNING"] = "1"
    e["SOURCE_DATE_EPOCH"] = "0"
    e.pop("PYTHONPATH", None)
    if CODE is not None:
        e["PYTHONPATH"] = str(CODE)  # ahead of the editable install's finder
    return e


def snapshot(tmp: Path, use: bool) -> None:
    """Run one version of the code throughout: a copy of generator/ taken now.

    The extraction cache is keyed by a hash of the stage's source files, so an edit of
    generator/*.py during the run would otherwise turn the warm rebuilds into cold ones.
    """
    global CODE
    if use:
        CODE = tmp / "code"
        shutil.copytree(ROOT / "generator", CODE / "generator", ignore=shutil.ignore_patterns("__pycache__"))
        sys.path.insert(0, str(CODE))
    else:
        sys.path.insert(0, str(ROOT))
    import generator

    print(f"code: {Path(generator.__file__).parent}" + (" (snapshot of generator/)" if use else ""))


_SMAPS_FIELD = re.compile(r"(\w+):\s+(\d+) kB")


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as f:
                stat = f.read()
        except OSError:
            continue
        # pid (comm) state ppid ...: comm may hold spaces and parentheses.
        ppid = int(stat[stat.rindex(b")") + 2:].split()[1])
        tree.setdefault(ppid, []).append(int(entry))
    return tree


def _tree_memory(root: int) -> tuple[int, int, int, int]:
    """(sum of RSS, sum of PSS, largest RSS, processes) in bytes over root and descendants."""
    tree = _children()
    todo, pids = [root], []
    while todo:
        pid = todo.pop()
        pids.append(pid)
        todo.extend(tree.get(pid, ()))
    rss_sum = pss_sum = rss_max = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/smaps_rollup") as f:
                fields = {m.group(1): int(m.group(2)) * 1024 for m in map(_SMAPS_FIELD.match, f) if m}
        except OSError:
            continue
        rss, pss = fields.get("Rss", 0), fields.get("Pss", 0)
        rss_sum += rss
        pss_sum += pss
        rss_max = max(rss_max, rss)
    return rss_sum, pss_sum, rss_max, len(pids)


class Sampler:
    """Samples the memory of a process tree every `interval` seconds until stopped."""

    def __init__(self, pid: int, interval: float = 0.1):
        self.pid, self.interval = pid, interval
        self.peak_rss_sum = self.peak_pss_sum = self.peak_rss_max = self.peak_procs = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            rss_sum, pss_sum, rss_max, procs = _tree_memory(self.pid)
            self.peak_rss_sum = max(self.peak_rss_sum, rss_sum)
            self.peak_pss_sum = max(self.peak_pss_sum, pss_sum)
            self.peak_rss_max = max(self.peak_rss_max, rss_max)
            self.peak_procs = max(self.peak_procs, procs)
            self._stop.wait(self.interval)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()


class Build:
    def __init__(self, seconds: float, stderr: str, returncode: int, sampler: Sampler | None, gnu_time_kb: int | None,
                 cpu_seconds: float = 0.0):
        self.seconds, self.stderr, self.returncode = seconds, stderr, returncode
        self.cpu_seconds = cpu_seconds  # user + system time of the build's whole process tree
        self.sampler, self.gnu_time_kb = sampler, gnu_time_kb
        m = LOG_LINE.search(stderr)
        self.log = m.group(0) if m else None
        self.articles, self.extracted, self.cached = (int(m.group(i)) for i in (1, 2, 3)) if m else (None,) * 3
        self.extract_seconds = float(m.group(4)) if m else None
        self.events, self.places = (int(m.group(5)), int(m.group(6))) if m else (None, None)


def mkdocs_build(config: Path, *, measure_memory: bool = False) -> Build:
    cmd = [sys.executable, "-m", "mkdocs", "build", "-f", str(config)]
    use_time = measure_memory and os.access(GNU_TIME, os.X_OK)
    if use_time:
        cmd = [GNU_TIME, "-v"] + cmd
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=config.parent, env=env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    sampler = Sampler(proc.pid) if measure_memory else None
    stdout, stderr = proc.communicate()
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if sampler is not None:
        sampler.stop()
    gnu_kb = None
    if use_time:
        m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", stderr)
        gnu_kb = int(m.group(1)) if m else None
    if proc.returncode != 0:
        print(f"  !! {config} build failed ({proc.returncode}):\n{stderr[-3000:]}")
    return Build(seconds, stdout + stderr, proc.returncode, sampler, gnu_kb, cpu)


def kept_folder(path: Path) -> Path | None:
    """The --keep folder, made; None (said) when it is inside the repository, which the
    research-only corpus must never enter."""
    keep = path.resolve()
    if keep == ROOT or ROOT in keep.parents:
        print("refusing to write the research-only corpus into the repository", file=sys.stderr)
        return None
    keep.mkdir(parents=True, exist_ok=True)
    return keep


def size(path: Path) -> int | None:
    return path.stat().st_size if path.exists() else None


def fmt_size(n: int | None) -> str:
    if n is None:
        return "missing"
    return f"{n / MB:.2f} MB ({n:,} bytes)" if n >= 100_000 else f"{n / 1024:.1f} KB ({n:,} bytes)"


# ---------------------------------------------------------------------------- steps

def make_projects(tmp: Path, corpus: Path) -> tuple[Path, Path]:
    from generator.articles.importer import import_records

    project = tmp / "project"
    project.mkdir()
    shutil.copy2(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    shutil.copytree(ROOT / "site_src", project / "site_src", ignore=shutil.ignore_patterns("__pycache__"))
    articles = project / "site_src" / "articles"
    sample = len(list(articles.glob("*.md")))
    print(f"[1] project: {project}  ({sample} sample article files copied)")
    for name in CORPUS_ZIPS:
        started = time.perf_counter()
        result = import_records(corpus / name, articles)
        print(f"    import {name}: {len(result.written)} written, {len(result.skipped)} skipped "
              f"in {time.perf_counter() - started:.1f} s")
        for label, reason in result.skipped[:5]:
            print(f"      skipped {label}: {reason}")
    md = sorted(p for p in articles.glob("*.md") if p.name != "index.md")
    print(f"    article files in project: {len(md)}")

    plain = tmp / "plain"
    (plain / "docs" / "articles").mkdir(parents=True)
    (plain / "mkdocs.yml").write_text(PLAIN_MKDOCS_YML, encoding="utf-8")
    (plain / "docs" / "index.md").write_text("# plain\n\nThe same article pages, out of the navigation.\n", encoding="utf-8")
    for p in md:
        shutil.copy2(p, plain / "docs" / "articles" / p.name)
    print(f"[2] plain project: {plain}  ({len(md)} article files, not in nav)")
    return project, plain


def throughput(project: Path) -> tuple[int, float]:
    from generator.articles import load_article
    from generator.extract import Job, extract_many
    from generator.places import Gazetteer

    files = sorted(p for p in (project / "site_src" / "articles").glob("*.md") if p.name != "index.md")
    articles = [load_article(p) for p in files]
    jobs = [Job(a.text, a.published, a.content_hash) for a in articles]
    started = time.perf_counter()
    gazetteer = Gazetteer.load()
    gaz_seconds = time.perf_counter() - started
    started = time.perf_counter()
    extract_many(jobs[:20], gazetteer, cache=None, processes=1)  # warm-up: compiles tables and regexes
    warm_seconds = time.perf_counter() - started
    started = time.perf_counter()
    extractions, stats = extract_many(jobs, gazetteer, cache=None, processes=1)
    seconds = time.perf_counter() - started
    events = sum(len(x.events) for x in extractions)
    print(f"[5] extraction on one core, in-process: {len(jobs)} articles in {seconds:.2f} s "
          f"= {len(jobs) / seconds:.0f} articles/s ({events} events)")
    print(f"    not counted: gazetteer load {gaz_seconds:.2f} s; warm-up on 20 articles {warm_seconds:.2f} s "
          "(first-use compilation of tables/regexes)")
    return len(jobs), len(jobs) / seconds


def browser(project: Path, runs: int = 3) -> dict:
    import json

    from playwright.sync_api import sync_playwright

    from generator.localserver import serve

    site_dir = project / "site"
    out: dict = {"times": [], "in_page": [], "first": [], "markers": None, "error": None}
    places = json.loads((site_dir / "data/places.geojson").read_text(encoding="utf-8"))["features"]
    out["features"] = len(places)
    with serve(site_dir) as base, sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for run in range(runs):
                context = chromium.new_context(viewport={"width": 1280, "height": 900})  # cold HTTP cache
                # When the map sets data-marsad-ready, by the browser's clock (Playwright polls
                # for the attribute every 100-500 ms, which the wall time below includes).
                context.add_init_script(
                    "(() => { const set = Element.prototype.setAttribute;"
                    " Element.prototype.setAttribute = function (name, value) {"
                    " if (name === 'data-marsad-ready' && window.__marsadReady === undefined)"
                    " window.__marsadReady = performance.timeOrigin + performance.now();"
                    " if ((name === 'data-marsad-first' || name === 'data-marsad-ready') && window.__marsadFirst === undefined)"
                    " window.__marsadFirst = performance.timeOrigin + performance.now();"
                    " return set.call(this, name, value); }; })()")
                page = context.new_page()
                errors: list[str] = []
                page.on("pageerror", lambda exc: errors.append(str(exc)))
                started = time.perf_counter()
                page.goto(base + "map/")
                frame = page.frame_locator("iframe.marsad-map-frame")
                frame.locator("body[data-marsad-ready], body[data-marsad-error]").first.wait_for(
                    state="attached", timeout=60000)
                elapsed = time.perf_counter() - started
                inner = next(f for f in page.frames if f.url.split("#")[0].endswith("map.html"))
                failure = inner.evaluate("document.body.getAttribute('data-marsad-error')")
                if failure:
                    out["error"] = failure
                out["times"].append(elapsed)
                start = page.evaluate("performance.timeOrigin")  # the map page's navigation start
                ready = inner.evaluate("window.__marsadReady || null")
                if ready is not None:
                    out["in_page"].append((ready - start) / 1000)
                first = inner.evaluate("window.__marsadFirst || null")
                if first is not None:
                    out["first"].append((first - start) / 1000)
                if run == 0:
                    out["markers"] = inner.evaluate("window.marsadCluster.getLayers().length")
                if errors:
                    out["error"] = "; ".join(errors[:3])
                context.close()
        finally:
            chromium.close()
    return out


# ---------------------------------------------------------------------------- main

def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "eval" / "corpus")
    parser.add_argument("--keep", type=Path, help="keep the work folder here (must be outside the repository)")
    parser.add_argument("--skip-browser", action="store_true")
    parser.add_argument("--no-snapshot", action="store_true",
                        help="run generator/ in place instead of a copy taken at the start")
    args = parser.parse_args()
    missing = [n for n in CORPUS_ZIPS if not (args.corpus / n).is_file()]
    if missing:
        print(f"corpus files missing in {args.corpus}: {', '.join(missing)}", file=sys.stderr)
        return 0
    if args.keep is not None:
        keep = kept_folder(args.keep)
        if keep is None:
            return 0
        if any(keep.iterdir()):
            print(f"{keep} is not empty", file=sys.stderr)
            return 0
        return run(keep, args)
    with tempfile.TemporaryDirectory(prefix="marsad-site-bench-") as tmp:
        return run(Path(tmp), args)


def run(tmp: Path, args) -> int:
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, work folder {tmp}")
    snapshot(tmp, not args.no_snapshot)
    project, plain = make_projects(tmp, args.corpus)

    # This kind of machine is noisy (other tenants: the same plain build took 7 s and 12 s
    # within minutes, and the machine drifts during a run). So each of our builds is compared
    # with a plain build run next to it: the cold build with the plain builds before and
    # after it, and each rebuild after adding an article with a plain build just before it;
    # the bar uses the median of those paired ratios.
    plains = [mkdocs_build(plain / "mkdocs.yml")]
    print(f"    plain mkdocs-material build #1: {plains[-1].seconds:.1f} s")

    shutil.rmtree(project / ".cache", ignore_errors=True)
    shutil.rmtree(project / "site", ignore_errors=True)
    cold = mkdocs_build(project / "mkdocs.yml", measure_memory=True)
    s = cold.sampler
    plains.append(mkdocs_build(plain / "mkdocs.yml"))
    print(f"    plain mkdocs-material build #2: {plains[-1].seconds:.1f} s")
    cold_plain = statistics.mean(b.seconds for b in plains)
    print(f"[3] cold Marsad build: {cold.seconds:.1f} s = {cold.seconds / cold_plain:.2f}x the plain builds around it "
          f"({cold_plain:.1f} s)")
    print(f"    log: {cold.log}")
    print(f"    memory: peak sum of PSS over the process tree {s.peak_pss_sum / MB:.0f} MB "
          f"(sum of RSS {s.peak_rss_sum / MB:.0f} MB, counts forked pages once per worker); "
          f"largest single process {s.peak_rss_max / MB:.0f} MB sampled"
          + (f", {cold.gnu_time_kb / 1024:.0f} MB by /usr/bin/time -v (max RSS of one process)"
             if cold.gnu_time_kb else "")
          + f"; up to {s.peak_procs} processes (sampled every {s.interval} s)")

    warm = mkdocs_build(project / "mkdocs.yml")
    print(f"[4] warm rebuild, no change: {warm.seconds:.1f} s = {warm.seconds / plains[-1].seconds:.2f}x plain build #2")
    print(f"    log: {warm.log}")
    adds, pairs = [], []
    for n in range(1, ADDS + 1):
        plains.append(mkdocs_build(plain / "mkdocs.yml"))
        added_path = project / "site_src" / "articles" / f"2015-08-12-bench-added-{n}.md"
        # A new title and text each time: every added article is extracted, none comes from the cache.
        added_path.write_text(ADDED_ARTICLE.replace("محادثات جديدة", f"محادثات جديدة ({n})")
                              .replace("جولة جديدة", f"الجولة {n}"), encoding="utf-8")
        adds.append(mkdocs_build(project / "mkdocs.yml"))
        pairs.append((plains[-1], adds[-1]))
        print(f"    plain build #{len(plains)}: {plains[-1].seconds:.1f} s, then rebuild after adding article #{n}: "
              f"{adds[-1].seconds:.1f} s = {adds[-1].seconds / plains[-1].seconds:.2f}x; log: {adds[-1].log}")
    plain_seconds = statistics.median(b.seconds for b in plains)
    added_seconds = statistics.median(b.seconds for b in adds)
    ratio_add = statistics.median(a.seconds / p.seconds for p, a in pairs)
    cpu_ratio_add = statistics.median(a.cpu_seconds / p.cpu_seconds for p, a in pairs)
    added_extract = max((b.extract_seconds for b in adds if b.extract_seconds is not None), default=None)
    added_ok = all(b.returncode == 0 for b in adds)
    print(f"    after adding one article: median of the {len(pairs)} paired ratios {ratio_add:.2f}x "
          f"(CPU time {cpu_ratio_add:.2f}x); medians of all builds: plain {plain_seconds:.1f} s "
          f"({', '.join(f'{b.seconds:.1f}' for b in plains)}), after add {added_seconds:.1f} s = "
          f"{added_seconds / plain_seconds:.2f}x")
    # CPU time is less sensitive than wall time to other tenants of the machine.
    print(f"    CPU time (user+system, process tree): plain {', '.join(f'{b.cpu_seconds:.1f}' for b in plains)} s; "
          f"cold {cold.cpu_seconds:.1f} s; warm {warm.cpu_seconds:.1f} s; "
          f"after add {', '.join(f'{b.cpu_seconds:.1f}' for b in adds)} s")

    n_articles, rate = throughput(project)

    site_dir = project / "site"
    sizes = {rel: size(site_dir / rel) for rel in
             ("map/index.html", "assets/marsad/map.html", "data/places.geojson", "data/events.geojson")}
    print("[6] map page files:")
    for rel, n in sizes.items():
        print(f"    {rel}: {fmt_size(n)}")
    shot = None
    if args.skip_browser:
        print("    browser: skipped (--skip-browser)")
    elif not os.access(CHROMIUM, os.X_OK):
        print(f"    browser: skipped ({CHROMIUM} missing)")
    else:
        try:
            shot = browser(project)
        except Exception as exc:  # a benchmark: report, do not crash
            print(f"    browser run failed: {type(exc).__name__}: {exc}")
        if shot is not None:
            times = ", ".join(f"{t:.2f}" for t in shot["times"])
            in_page = ", ".join(f"{t:.2f}" for t in shot["in_page"])
            print(f"    map load, navigation start -> map sets data-marsad-ready (the browser's clock): {in_page} s")
            print("    first markers (data-marsad-first, from data/map-points.json; or ready if sooner): "
                  + ", ".join(f"{t:.2f}" for t in shot["first"]) + " s")
            print(f"    map load, goto -> Playwright sees frame body[data-marsad-ready]: first {shot['times'][0]:.2f} s, "
                  f"median {statistics.median(shot['times']):.2f} s (runs: {times}; fresh context each, tiles aborted)")
            print(f"    markers in window.marsadCluster: {shot['markers']}; features in places.geojson: {shot['features']}")
            if shot["error"]:
                print(f"    page error: {shot['error']}")

    # ------------------------------------------------------------------ summary
    def verdict(ok: bool | None) -> str:
        return "n/a" if ok is None else ("PASS" if ok else "FAIL")

    rows = []
    ratio_cold = cold.seconds / cold_plain
    rows.append(("cold build <= 2x plain", f"{cold.seconds:.1f} s / {cold_plain:.1f} s = {ratio_cold:.2f}x "
                 "(plain: the builds before and after)", verdict(ratio_cold <= 2 and cold.returncode == 0)))
    rows.append(("after add: extraction <= 1 s",
                 f"{added_extract:.2f} s at most ({', '.join(str(b.extracted) for b in adds)} extracted)"
                 if added_extract is not None else "log line missing",
                 verdict(added_extract <= 1 if added_extract is not None else None)))
    rows.append(("after add: build <= 1.2x plain", f"{ratio_add:.2f}x (median of {len(pairs)} paired runs; "
                 f"CPU time {cpu_ratio_add:.2f}x)", verdict(ratio_add <= 1.2 and added_ok)))
    rows.append(("extraction >= 500 articles/s, 1 core", f"{rate:.0f} /s ({n_articles} articles)", verdict(rate >= 500)))
    if shot is not None:
        t = shot["in_page"][0] if shot["in_page"] else shot["times"][0]
        rows.append(("map page ready < 2 s (first load)",
                     f"{t:.2f} s by the browser's clock ({shot['times'][0]:.2f} s seen by Playwright; "
                     f"medians {statistics.median(shot['in_page'] or shot['times']):.2f} / {statistics.median(shot['times']):.2f} s)",
                     verdict(t < 2 and not shot["error"])))
        rows.append(("map markers == places.geojson features", f"{shot['markers']} / {shot['features']}",
                     verdict(shot["markers"] == shot["features"])))
    else:
        rows.append(("map page ready < 2 s", "not measured", "n/a"))
    for rel in ("map/index.html", "assets/marsad/map.html"):
        n = sizes[rel]
        rows.append((f"{rel} < 1 MB", fmt_size(n), verdict(n is not None and n < MB)))
    rows.append(("cold build peak memory < 2 GB (PSS, tree)",
                 f"{s.peak_pss_sum / MB:.0f} MB (RSS sum {s.peak_rss_sum / MB:.0f} MB)",
                 verdict(s.peak_pss_sum < 2048 * MB)))
    w1 = max(len(r[0]) for r in rows)
    w2 = max(len(r[1]) for r in rows)
    print("\n[7] summary")
    for bar, value, ok in rows:
        print(f"    {bar:<{w1}}  {value:<{w2}}  {ok}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
