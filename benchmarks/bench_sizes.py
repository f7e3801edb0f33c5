#!/usr/bin/env python3
"""Extraction time per KB as one article grows from 10 KB to 3 MB, in four shapes.

Extraction (dates, places, events) must stay linear in the size of the article: a cost
per sentence or per mention that grows with the number already seen turns one long
scraped page into a build that never ends. This prints, for each shape and size, the
time, the time per KB and its ratio to the 10 KB figure; the bar is a ratio of at most
3 for the 3 MB articles.

Shapes, all made from the sample articles shipped in site_src/articles:
  paragraphs   the articles' bodies, one after another, as they are written
  one-line     the same text with every line break turned into a space
  short-lines  the same words, two to a line
  mentions     the sample's place names and date expressions, one pair to a line
               (the densest text there is: every line is a place and a date)

Usage: python benchmarks/bench_sizes.py [--sizes 10,100,1000,3000] [--shapes ...]
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.articles import load_article  # noqa: E402
from generator.events.actors import load_actors  # noqa: E402
from generator.extract import extract  # noqa: E402
from generator.places import default_gazetteer  # noqa: E402

SAMPLE = ROOT / "site_src" / "articles"
BAR = 3.0


def sample_articles():
    return [load_article(p) for p in sorted(SAMPLE.glob("*.md"))]


def mention_lines(articles, gazetteer) -> list[str]:
    """A place and a date the extractors find in the sample, one pair per line."""
    lines = []
    for a in articles:
        ex = extract(a.text, a.published, gazetteer)
        for p, d in zip(ex.places, ex.dates):
            lines.append(f"{p.text} {d.text}")
    return lines


def grow(unit: str, size: int, sep: str) -> str:
    """``unit`` repeated (joined by ``sep``) until the text is ``size`` bytes of UTF-8."""
    per = len((unit + sep).encode())
    text = sep.join([unit] * max(1, size // per + 1))
    return text.encode()[:size].decode(errors="ignore")


def shapes(articles, gazetteer) -> dict[str, callable]:
    body = "\n\n".join(a.text.strip() for a in articles)
    words = body.split()
    pairs = "\n".join(" ".join(words[i:i + 2]) for i in range(0, len(words), 2))
    return {
        "paragraphs": lambda n: grow(body, n, "\n\n"),
        "one-line": lambda n: grow(re.sub(r"\s+", " ", body), n, " "),
        "short-lines": lambda n: grow(pairs, n, "\n"),
        "mentions": lambda n: grow("\n".join(mention_lines(articles, gazetteer)), n, "\n"),
    }


def timed(text: str, published: dt.date, gazetteer, actors, min_seconds: float) -> tuple[float, object]:
    """Median seconds of enough runs to fill ``min_seconds`` (one run for big texts)."""
    runs = []
    while True:
        t0 = time.perf_counter()
        ex = extract(text, published, gazetteer, actors=actors)
        runs.append(time.perf_counter() - t0)
        if sum(runs) >= min_seconds or len(runs) >= 50:
            return statistics.median(runs), ex


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="10,100,1000,3000", help="KB, comma separated")
    ap.add_argument("--shapes", default="paragraphs,one-line,short-lines,mentions")
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]

    t0 = time.perf_counter()
    gazetteer = default_gazetteer()
    actors = load_actors()
    articles = sample_articles()
    makers = shapes(articles, gazetteer)
    published = articles[0].published
    print(f"setup (gazetteer, tables, sample) {time.perf_counter() - t0:.2f} s")
    # the first run fills per-word caches: not what a long article costs
    extract(makers["paragraphs"](sizes[0] * 1024), published, gazetteer, actors=actors)

    worst = 0.0
    print(f"{'shape':12} {'KB':>6} {'seconds':>9} {'ms/KB':>8} {'ratio':>6} "
          f"{'dates':>7} {'places':>7} {'events':>7}")
    for name in args.shapes.split(","):
        base = None
        for kb in sizes:
            text = makers[name](kb * 1024)
            secs, ex = timed(text, published, gazetteer, actors, min_seconds=1.0 if kb < 500 else 0)
            per_kb = secs * 1000 / kb
            base = base or per_kb
            ratio = per_kb / base
            if kb == sizes[-1]:
                worst = max(worst, ratio)
            print(f"{name:12} {kb:6} {secs:9.3f} {per_kb:8.3f} {ratio:6.2f} "
                  f"{len(ex.dates):7} {len(ex.places):7} {len(ex.events):7}", flush=True)
    print(f"largest size against the smallest, worst shape: {worst:.2f}x per KB "
          f"({'within' if worst <= BAR else 'OVER'} the {BAR:.0f}x bar)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
