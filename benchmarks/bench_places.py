#!/usr/bin/env python3
"""Speed of the place stage on the SaudiNewsNet corpus (../shared/eval/corpus/*.zip).

Prints the gazetteer's load time and the articles per second of ``find_places`` on one
core. The corpus is research-only: it is read at run time and nothing of it is stored.

Usage: python benchmarks/bench_places.py [--corpus ../shared/eval/corpus] [--limit N]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def articles(corpus: Path, limit: int | None):
    out = []
    for z in sorted(corpus.glob("*.zip")):
        with zipfile.ZipFile(z) as zf:
            for name in zf.namelist():
                if name.endswith(".json"):
                    out += [a.get("content") or "" for a in json.loads(zf.read(name))]
    return out[:limit] if limit else out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "eval" / "corpus")
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--repeat", type=int, default=3,
                    help="passes over the corpus; the first also fills the per-word caches")
    args = ap.parse_args()

    t0 = time.perf_counter()
    from generator.places import GAZETTEER_FILE, Gazetteer, find_places, load_stop

    t_import = time.perf_counter() - t0
    t0 = time.perf_counter()
    gaz = Gazetteer.load()
    load_stop()
    t_load = time.perf_counter() - t0
    print(f"gazetteer: {len(gaz)} places, {len(gaz.index)} names, "
          f"{GAZETTEER_FILE.stat().st_size / 1e6:.2f} MB; import {t_import:.3f} s, load {t_load:.3f} s")

    texts = articles(args.corpus, args.limit)
    if not texts:
        print(f"no articles under {args.corpus}")
        return 1
    chars = sum(len(t) for t in texts)
    find_places(texts[0], gaz)  # warm up
    rates = []
    for k in range(max(1, args.repeat)):
        t0 = time.perf_counter()
        n_mentions = 0
        for t in texts:
            n_mentions += len(find_places(t, gaz))
        dt = time.perf_counter() - t0
        rates.append(len(texts) / dt)
        print(f"pass {k + 1}: find_places: {len(texts)} articles ({chars / len(texts):.0f} chars avg), "
              f"{n_mentions} mentions, {dt:.2f} s -> {len(texts) / dt:.0f} articles/s, "
              f"{chars / dt / 1e6:.2f} M chars/s (one core)")
    print(f"first pass (cold word caches) {rates[0]:.0f} articles/s; best pass {max(rates):.0f} articles/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
