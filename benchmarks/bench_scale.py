#!/usr/bin/env python3
"""Scale benchmark (issue 18): build time, peak memory and site size per number of articles.

The 3,386 SaudiNewsNet corpus articles (../shared/eval/corpus/*.zip) are imported into a
copy of the sample site, then copied up to each size asked for: copy k of an article has
the title «TITLE — k» and its date shifted by k whole weeks, so every copy is a new
article with its own events (the text's relative dates move with it). For each size, one
cold Marsad `mkdocs build` and one plain mkdocs-material build of the same article pages
(out of the navigation, Material's search on) run side by side; each is sampled for the
peak memory of its whole process tree (sum of PSS). Then the built sites' sizes, with the
largest parts of ours.

The corpus is research-only (CC BY-NC-SA): everything is written into a temporary folder
(or --keep DIR, outside the repository), never into the repository. Exits 0 whatever the
figures.

Usage: python benchmarks/bench_scale.py [--sizes 3386,10000,30000] [--corpus DIR] [--keep DIR]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import yaml  # noqa: E402
import bench_site  # noqa: E402  (the build runner, the memory sampler, the corpus import)

ROOT = bench_site.ROOT
MB = bench_site.MB
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when there: 70,000 copies
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
GB = 1024 * MB


COPY = "copy"  # the copies' file names start with this


def originals(articles: Path) -> list[tuple[str, str]]:
    return [(p.name, p.read_text(encoding="utf-8")) for p in sorted(articles.glob("*.md"))
            if p.name != "index.md" and not p.name.startswith(COPY)]


def copy_up_to(originals: list[tuple[str, str]], folders: list[Path], size: int) -> int:
    """Write copies into each folder until it holds `size` articles; returns how many it holds."""
    have = len(originals)
    k = 1
    wanted: set[str] = set()
    while have < size:
        for name, text in originals:
            if have >= size:
                break
            copy = shifted_copy(text, k)
            if copy is None:
                continue
            out = f"{COPY}{k:03d}-{name}"
            wanted.add(out)
            for folder in folders:
                if not (folder / out).exists():
                    (folder / out).write_text(copy, encoding="utf-8")
            have += 1
        k += 1
    for folder in folders:  # a kept folder may hold more copies, from a larger size
        for path in folder.glob(f"{COPY}*.md"):
            if path.name not in wanted:
                path.unlink()
    return have


def shifted_copy(text: str, k: int) -> str | None:
    """The article as copy k: «TITLE — k», dated k weeks later (None: no front matter to copy)."""
    head, sep, body = text.partition("\n---\n")
    if not text.startswith("---\n") or not sep:
        return None
    meta = yaml.load(head[4:], Loader=_LOADER)
    if not isinstance(meta, dict) or "title" not in meta or not isinstance(meta.get("date"), dt.date):
        return None
    meta["title"] = f"{meta['title']} — {k}"
    meta["date"] = meta["date"] + dt.timedelta(weeks=k)
    return "---\n" + yaml.dump(meta, Dumper=_DUMPER, allow_unicode=True, sort_keys=False) + "---\n" + body


def tree_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def parts(site: Path) -> list[tuple[str, int]]:
    """The largest parts of a built site: each data file, the search index, the page folders."""
    out: dict[str, int] = {}
    for p in site.rglob("*"):
        if not p.is_file():
            continue
        rel = p.relative_to(site).parts
        key = "/".join(rel[:2]) if rel[0] in ("data", "search", "pagefind", "assets") else rel[0] + "/"
        out[key] = out.get(key, 0) + p.stat().st_size
    return sorted(out.items(), key=lambda kv: -kv[1])[:10]


def measure(project: Path, plain: Path, size: int) -> dict:
    for folder in (project / "site", project / ".cache", plain / "site"):
        shutil.rmtree(folder, ignore_errors=True)
    ours = bench_site.mkdocs_build(project / "mkdocs.yml", measure_memory=True)
    theirs = bench_site.mkdocs_build(plain / "mkdocs.yml", measure_memory=True)
    assert ours.sampler is not None and theirs.sampler is not None
    row = {
        "size": size, "seconds": ours.seconds, "plain_seconds": theirs.seconds,
        "memory": ours.sampler.peak_pss_sum, "plain_memory": theirs.sampler.peak_pss_sum,
        "site": tree_size(project / "site"), "plain_site": tree_size(plain / "site"),
        "ok": ours.returncode == 0 and theirs.returncode == 0, "log": ours.log,
    }
    print(f"  {size:>7,} articles: Marsad {ours.seconds:7.1f} s, {row['memory'] / MB:6.0f} MB, site {row['site'] / MB:7.1f} MB"
          f" | plain {theirs.seconds:7.1f} s, {row['plain_memory'] / MB:6.0f} MB, site {row['plain_site'] / MB:7.1f} MB"
          f" | ratios: time {ours.seconds / theirs.seconds:.2f}x, memory {row['memory'] / row['plain_memory']:.2f}x")
    print(f"    log: {ours.log}")
    for rel, n in parts(project / "site"):
        print(f"    {rel:<28} {n / MB:8.1f} MB")
    return row


QUERIES = ("حلب", "وزير الخارجية", "الرياض")  # Arabic searches: a city, two common words, the capital


def reader_bytes(site: Path) -> list[tuple[str, int, int, float]]:
    """In headless Chromium (cold HTTP cache each): the home page's bytes until its map shows
    its markers, then one search typed in the header's box; (query, home bytes, search
    bytes, seconds to the results) for each of QUERIES."""
    from playwright.sync_api import sync_playwright

    from generator.localserver import serve

    out = []
    with serve(site) as base, sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=bench_site.CHROMIUM, args=bench_site.CHROMIUM_ARGS)
        try:
            for query in QUERIES:
                context = chromium.new_context(viewport={"width": 1280, "height": 900})
                got: list[int] = []
                context.on("requestfinished", lambda r: got.append(r.sizes()["responseBodySize"] + r.sizes()["responseHeadersSize"]))
                page = context.new_page()
                page.goto(base)
                page.locator(".marsad-search[data-marsad-search]").wait_for(state="attached", timeout=60000)
                page.frame_locator("iframe.marsad-map-frame").locator("body[data-marsad-ready]").wait_for(
                    state="attached", timeout=60000)
                page.wait_for_timeout(500)
                home = sum(got)
                started = bench_site.time.perf_counter()
                box = page.locator(".marsad-search input.md-search__input")
                box.click()
                box.fill(query)
                page.wait_for_function("q => document.querySelector('.marsad-search').getAttribute('data-marsad-query') === q",
                                       arg=query, timeout=60000)
                seconds = bench_site.time.perf_counter() - started
                page.wait_for_timeout(300)
                out.append((query, home, sum(got) - home, seconds))
                context.close()
        finally:
            chromium.close()
    return out


def browse(project: Path) -> None:
    """The browser bars on the largest site: first markers, timeline, home page + a search."""
    site = project / "site"
    shot = bench_site.browser(project)
    print("  map: first markers " + ", ".join(f"{t:.2f}" for t in shot["first"]) + " s; ready (filters, popups) "
          + ", ".join(f"{t:.2f}" for t in shot["in_page"]) + f" s (navigation start, browser's clock; bar: first <= 1 s)"
          + (f"; error: {shot['error']}" if shot["error"] else ""))
    import bench_views

    r = bench_views.measure(site, 3)
    print("  timeline ready " + ", ".join(f"{t:.2f}" for t in r["timeline"]) + f" s (bar < 1.5 s; {r['events']} events)"
          + (f"; errors: {r['errors'][:2]}" if r["errors"] else ""))
    for query, home, search, seconds in reader_bytes(site):
        print(f"  home page {home / MB:.2f} MB + search «{query}» {search / MB:.2f} MB = {(home + search) / MB:.2f} MB"
              f" (results in {seconds:.2f} s; bar <= 5 MB)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="3386,10000,30000", help="comma-separated article counts")
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "eval" / "corpus")
    parser.add_argument("--keep", type=Path, help="keep the work folder here (must be outside the repository)")
    parser.add_argument("--skip-browser", action="store_true", help="no Chromium runs on the largest site")
    args = parser.parse_args()
    sizes = sorted({int(s) for s in args.sizes.split(",") if s.strip()})
    if args.keep is not None:
        keep = bench_site.kept_folder(args.keep)
        return 0 if keep is None else run(keep, sizes, args.corpus, not args.skip_browser)
    with tempfile.TemporaryDirectory(prefix="marsad-scale-bench-") as tmp:
        return run(Path(tmp), sizes, args.corpus, not args.skip_browser)


def run(tmp: Path, sizes: list[int], corpus: Path, browser: bool = True) -> int:
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, work folder {tmp}")
    shutil.rmtree(tmp / "code", ignore_errors=True)  # (a kept folder: this run's code)
    bench_site.snapshot(tmp, True)
    if not (tmp / "project").exists():
        project, plain = bench_site.make_projects(tmp, corpus)
    else:
        project, plain = tmp / "project", tmp / "plain"
        shutil.copy2(ROOT / "mkdocs.yml", project / "mkdocs.yml")  # this run's configuration
    folders = [project / "site_src" / "articles", plain / "docs" / "articles"]
    base = originals(folders[0])
    rows = []
    for size in sizes:
        have = copy_up_to(base, folders, size)
        rows.append(measure(project, plain, have))
    if browser:
        print(f"\nin headless Chromium, on the {rows[-1]['size']:,}-article site:")
        try:
            browse(project)
        except Exception as exc:  # a benchmark: report, do not crash
            print(f"  browser run failed: {type(exc).__name__}: {exc}")
    print("\nsummary (bars at 30,000: memory <= 1.5x plain, cold build <= 1.5x plain, site <= 1 GB)")
    print("  articles | time ratio | memory ratio | Marsad memory | site    | per article: memory, site")
    for r in rows:
        print(f"  {r['size']:>8,} | {r['seconds'] / r['plain_seconds']:10.2f} | {r['memory'] / r['plain_memory']:12.2f} |"
              f" {r['memory'] / MB:10.0f} MB | {r['site'] / GB:5.2f} GB | {r['memory'] / r['size'] / 1024:6.1f} kB,"
              f" {r['site'] / r['size'] / 1024:6.1f} kB{'' if r['ok'] else '  (a build failed)'}")
    if len(rows) >= 2:
        a, b = rows[0], rows[-1]
        grow = (b["memory"] - a["memory"]) / (b["size"] - a["size"]) / 1024
        site = (b["site"] - a["site"]) / (b["size"] - a["size"]) / 1024
        print(f"  growth from {a['size']:,} to {b['size']:,}: memory {grow:.1f} kB and site {site:.1f} kB per article")
    return 0


if __name__ == "__main__":
    sys.exit(main())
