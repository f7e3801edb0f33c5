"""Score the date stage on the peer suites in ../shared/eval/ (dates-peers*.jsonl).

    python benchmarks/dates_peers.py [EVAL_DIR] [--show-failures]

A positive case is *resolved* when the mention we pick has the gold start, end and
granularity (weeks: ±2 days on each bound, as the suite's README allows, because each
peer uses its own week).  Which mention we pick when several are found: the single
mention covering the whole test string if there is one, otherwise the longest mention
(ties: the first).  A negative case passes when no mention is found at all.

Prints % exact per source and in total, and % of negatives with no date.  Exits 0.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from generator.dates import find_dates  # noqa: E402


def pick(mentions, text):
    if not mentions:
        return None
    stripped = text.strip()
    for m in mentions:
        if m.offset[0] <= len(text) - len(text.lstrip()) and m.offset[1] >= len(text.rstrip()):
            return m
    return max(mentions, key=lambda m: (m.offset[1] - m.offset[0], -m.offset[0])) if stripped else None


def matches(m, case) -> bool:
    if m is None or m.start is None:
        return False
    gs, ge = dt.date.fromisoformat(case["start"]), dt.date.fromisoformat(case["end"])
    if m.granularity != case["granularity"]:
        return False
    if case["granularity"] == "week":
        return abs((m.start - gs).days) <= 2 and abs((m.end - ge).days) <= 2
    return m.start == gs and m.end == ge


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("eval_dir", nargs="?", default=str(ROOT.parent / "shared" / "eval"))
    ap.add_argument("--show-failures", action="store_true")
    args = ap.parse_args(argv)
    d = Path(args.eval_dir)
    total, ok = Counter(), Counter()
    failures = []
    for line in (d / "dates-peers.jsonl").open(encoding="utf-8"):
        case = json.loads(line)
        pub = dt.date.fromisoformat(case["published"])
        m = pick(find_dates(case["text"], pub), case["text"])
        total[case["source"]] += 1
        if matches(m, case):
            ok[case["source"]] += 1
        else:
            failures.append((case, m))
    print(f"{'source':<12} {'exact':>6} {'cases':>6} {'%':>7}")
    for src in sorted(total):
        print(f"{src:<12} {ok[src]:>6} {total[src]:>6} {100 * ok[src] / total[src]:>6.1f}%")
    n, k = sum(total.values()), sum(ok.values())
    print(f"{'total':<12} {k:>6} {n:>6} {100 * k / n:>6.1f}%")
    neg_total = neg_ok = 0
    neg_fail = []
    for line in (d / "dates-peers-negative.jsonl").open(encoding="utf-8"):
        case = json.loads(line)
        neg_total += 1
        found = find_dates(case["text"], dt.date(2017, 6, 27))
        if not found:
            neg_ok += 1
        else:
            neg_fail.append((case, found))
    print(f"negatives with no date: {neg_ok}/{neg_total} = {100 * neg_ok / neg_total:.1f}%")
    if args.show_failures:
        for case, m in failures:
            got = f"{m.text!r} {m.start} {m.end} {m.granularity} {m.rule}" if m else "-"
            print(f"FAIL {case['id']} {case['text']!r} gold {case['start']} {case['end']} "
                  f"{case['granularity']} | got {got}")
        for case, found in neg_fail:
            print(f"NEG  {case['id']} {case['text']!r} -> {[f.text for f in found]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
