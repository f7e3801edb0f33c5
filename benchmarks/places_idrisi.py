#!/usr/bin/env python3
"""Place F1 on IDRISI-D Arabic dev tweets (../shared/eval/places-idrisi-dev.jsonl).

Scored gold: types Country, City/town, Province and District.
- A country matches a predicted country with the same ISO code; anything else matches a
  prediction within 50 km of the gold coordinates (OpenStreetMap).
- Default (``distinct``), as Marsad scores articles: per tweet, the distinct gold places
  against the distinct predicted places (IDRISI annotators often mark a place once per
  tweet and skip repeats and hashtag compounds such as #لبنان_منكوب).
- ``--mentions``: strict mention level; prediction and gold must also overlap in the text
  (IDRISI nests some mentions, e.g. بيروت inside مرفأ_بيروت; one prediction may match
  nested golds).
- A prediction that overlaps or lies within 50 km of a gold place of another type
  (street, POI, neighbourhood ...) is neither rewarded nor penalised; any other unmatched
  prediction is a false positive.
- Per type: recall over that type's gold; false positives are attributed by the predicted
  kind (country -> Country, admin -> Province, otherwise City/town).

Usage: python benchmarks/places_idrisi.py [--eval-dir ../shared/eval] [--errors]
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.places import Gazetteer, find_places  # noqa: E402

SCORED = ("Country", "City/town", "Province", "District")


def km(lat1, lon1, lat2, lon2) -> float:
    la1, lo1, la2, lo2 = map(math.radians, (lat1, lon1, lat2, lon2))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 12742.0 * math.asin(min(1.0, math.sqrt(h)))


def matches(m, g) -> bool:
    p = m.place
    if g["type"] == "Country":
        return p.kind == "country" and p.cc == g["cc"]
    return p.kind != "country" and km(p.lat, p.lon, g["lat"], g["lon"]) <= 50.0


def overlaps(m, g) -> bool:
    return m.offset[0] < g["end"] and g["start"] < m.offset[1]


def kind_type(kind: str) -> str:
    return {"country": "Country", "admin": "Province"}.get(kind, "City/town")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--eval-dir", type=Path, default=ROOT.parent / "shared" / "eval")
    ap.add_argument("--errors", action="store_true", help="print misses and false positives")
    ap.add_argument("--mentions", action="store_true", help="strict mention-level scoring")
    args = ap.parse_args()
    path = args.eval_dir / "places-idrisi-dev.jsonl"
    gaz = Gazetteer.load()
    tp, fn, fp = Counter(), Counter(), Counter()
    t0 = time.perf_counter()
    n = 0
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        n += 1
        d = json.loads(line)
        ms = find_places(d["text"], gaz)
        golds = d["places"]
        if not args.mentions:
            ms = list({m.place.id: m for m in reversed(ms)}.values())
            seen, uniq = set(), []
            for g in golds:
                key = (g["type"], g["cc"]) if g["type"] == "Country" else (g["type"], round(g["lat"], 2), round(g["lon"], 2))
                if key not in seen:
                    seen.add(key)
                    uniq.append(g)
            golds = uniq
        used = set()
        for gi, g in enumerate(golds):
            if g["type"] not in SCORED:
                continue
            hit = [mi for mi, m in enumerate(ms) if (overlaps(m, g) or not args.mentions) and matches(m, g)]
            if hit:
                tp[g["type"]] += 1
                used.update(hit)
            else:
                fn[g["type"]] += 1
                if args.errors:
                    got = [(m.text, m.place.name, m.place.cc) for m in ms if overlaps(m, g)]
                    print(f"FN {g['type']:10} {g['text']!r:24} {g['cc']} got={got}")
        for mi, m in enumerate(ms):
            if mi in used:
                continue
            if any((args.mentions and overlaps(m, g)) or (g["type"] not in SCORED and matches(m, g)) for g in golds):
                continue
            fp[kind_type(m.place.kind)] += 1
            if args.errors:
                print(f"FP {m.place.kind:10} {m.text!r:24} {m.place.name} {m.place.cc} {m.evidence}")
    dt = time.perf_counter() - t0

    def prf(t, f_n, f_p):
        p = t / (t + f_p) if t + f_p else 0.0
        r = t / (t + f_n) if t + f_n else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)

    print(f"IDRISI-D Arabic dev: {n} tweets, {dt:.2f} s, scoring: {'mentions' if args.mentions else 'distinct places per tweet'}")
    print(f"{'type':12} {'gold':>5} {'TP':>4} {'FN':>4} {'FP':>4} {'P':>6} {'R':>6} {'F1':>6}")
    for t in SCORED:
        p, r, f = prf(tp[t], fn[t], fp[t])
        print(f"{t:12} {tp[t] + fn[t]:5} {tp[t]:4} {fn[t]:4} {fp[t]:4} {p:6.3f} {r:6.3f} {f:6.3f}")
    T, N, F = sum(tp.values()), sum(fn.values()), sum(fp.values())
    p, r, f = prf(T, N, F)
    print(f"{'overall':12} {T + N:5} {T:4} {N:4} {F:4} {p:6.3f} {r:6.3f} {f:6.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
