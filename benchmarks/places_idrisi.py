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

- ``--issue``: the scoring of issue 16 (its 0.84 and its bar of 0.88): mention level, and
  a gold place other than a country is also found by an overlapping prediction of a place
  in the same country (the gold's OpenStreetMap point of a district or province is often
  its centroid, far from the GeoNames seat that a prediction pins).
- ``--events a,b``: score only those events (id ``idrisi-<event>-<tweet>``);
  ``--holdout``: report the development events and the held-out events separately, then
  overall (errors, with ``--errors``, are printed for the development events only).

Usage: python benchmarks/places_idrisi.py [--eval-dir ../shared/eval] [--errors] [--mentions | --issue]
       [--events EV1,EV2 | --holdout]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.places import Gazetteer, find_places, haversine_km  # noqa: E402

SCORED = ("Country", "City/town", "Province", "District")
# Held-out events: look at errors only on the other (development) events.
HOLDOUT = ("cairo_bombing_2019", "dragon_storms_2020", "jordan_floods_2018")


def event_of(tweet_id: str) -> str:
    return tweet_id[len("idrisi-"):].rsplit("-", 1)[0]


def km(lat1, lon1, lat2, lon2) -> float:
    return haversine_km(lat1, lon1, lat2, lon2, radius_km=6371.0)


def matches(m, g, same_country: bool = False) -> bool:
    p = m.place
    if g["type"] == "Country":
        return p.kind == "country" and p.cc == g["cc"]
    if p.kind == "country":
        return False
    return km(p.lat, p.lon, g["lat"], g["lon"]) <= 50.0 or (same_country and p.cc == g["cc"])


def overlaps(m, g) -> bool:
    return m.offset[0] < g["end"] and g["start"] < m.offset[1]


def kind_type(kind: str) -> str:
    return {"country": "Country", "admin": "Province"}.get(kind, "City/town")


def score(docs, gaz, mentions: bool, errors: bool, same_country: bool = False):
    tp, fn, fp = Counter(), Counter(), Counter()
    for d in docs:
        ms = find_places(d["text"], gaz)
        golds = d["places"]
        if not mentions:
            ms = list({m.place.id: m for m in reversed(ms)}.values())
            seen, uniq = set(), []
            for g in golds:
                key = (g["type"], g["cc"]) if g["type"] == "Country" else (g["type"], round(g["lat"], 2), round(g["lon"], 2))
                if key not in seen:
                    seen.add(key)
                    uniq.append(g)
            golds = uniq
        used = set()
        for g in golds:
            if g["type"] not in SCORED:
                continue
            hit = [mi for mi, m in enumerate(ms) if (overlaps(m, g) or not mentions) and matches(m, g, same_country)]
            if hit:
                tp[g["type"]] += 1
                used.update(hit)
            else:
                fn[g["type"]] += 1
                if errors:
                    got = [(m.text, m.place.name, m.place.cc) for m in ms if overlaps(m, g)]
                    print(f"FN {g['type']:10} {g['text']!r:24} {g['cc']} got={got}")
        for mi, m in enumerate(ms):
            if mi in used:
                continue
            if any((mentions and overlaps(m, g)) or (g["type"] not in SCORED and matches(m, g)) for g in golds):
                continue
            fp[kind_type(m.place.kind)] += 1
            if errors:
                print(f"FP {m.place.kind:10} {m.text!r:24} {m.place.name} {m.place.cc} {m.evidence}")
    return tp, fn, fp


def prf(t, f_n, f_p):
    p = t / (t + f_p) if t + f_p else 0.0
    r = t / (t + f_n) if t + f_n else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def report(title, tp, fn, fp) -> None:
    print(title)
    print(f"{'type':12} {'gold':>5} {'TP':>4} {'FN':>4} {'FP':>4} {'P':>6} {'R':>6} {'F1':>6}")
    for t in SCORED:
        p, r, f = prf(tp[t], fn[t], fp[t])
        print(f"{t:12} {tp[t] + fn[t]:5} {tp[t]:4} {fn[t]:4} {fp[t]:4} {p:6.3f} {r:6.3f} {f:6.3f}")
    T, N, F = sum(tp.values()), sum(fn.values()), sum(fp.values())
    p, r, f = prf(T, N, F)
    print(f"{'overall':12} {T + N:5} {T:4} {N:4} {F:4} {p:6.3f} {r:6.3f} {f:6.3f}")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--eval-dir", type=Path, default=ROOT.parent / "shared" / "eval")
    ap.add_argument("--errors", action="store_true", help="print misses and false positives")
    ap.add_argument("--mentions", action="store_true", help="strict mention-level scoring")
    ap.add_argument("--issue", action="store_true",
                    help="issue 16's scoring: mentions, and the same country counts for a non-country gold")
    ap.add_argument("--events", help="comma-separated events to score (default: all)")
    ap.add_argument("--holdout", action="store_true",
                    help=f"report development and held-out events ({', '.join(HOLDOUT)}) separately")
    args = ap.parse_args()
    path = args.eval_dir / "places-idrisi-dev.jsonl"
    gaz = Gazetteer.load()
    docs = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    if args.events:
        wanted = set(args.events.split(","))
        unknown = wanted - {event_of(d["id"]) for d in docs}
        if unknown:
            ap.error(f"unknown events: {', '.join(sorted(unknown))}")
        docs = [d for d in docs if event_of(d["id"]) in wanted]
    if args.issue:
        args.mentions = True
    mode = "mentions" if args.mentions else "distinct places per tweet"
    if args.issue:
        mode += ", same country counts (issue 16)"
    t0 = time.perf_counter()
    if args.holdout:
        dev = [d for d in docs if event_of(d["id"]) not in HOLDOUT]
        held = [d for d in docs if event_of(d["id"]) in HOLDOUT]
        a = score(dev, gaz, args.mentions, args.errors, args.issue)
        b = score(held, gaz, args.mentions, False, args.issue)
        report(f"development events: {len(dev)} tweets, scoring: {mode}", *a)
        report(f"held-out events: {len(held)} tweets, scoring: {mode}", *b)
        tot = tuple(x + y for x, y in zip(a, b))
        report(f"all: {len(docs)} tweets, {time.perf_counter() - t0:.2f} s, scoring: {mode}", *tot)
    else:
        res = score(docs, gaz, args.mentions, args.errors, args.issue)
        report(f"IDRISI-D Arabic dev: {len(docs)} tweets, {time.perf_counter() - t0:.2f} s, scoring: {mode}", *res)
    return 0


if __name__ == "__main__":
    sys.exit(main())
