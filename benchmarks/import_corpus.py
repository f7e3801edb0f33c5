#!/usr/bin/env python3
"""Speed of `marsad import` on the SaudiNewsNet corpus (../shared/eval/corpus/*.zip).

Each zip holds one JSON array (source, url, date_extracted, title, author, content); the
importer reads the zips directly. The corpus is research-only: the articles are written
only into the folder given on the command line, or into a temporary folder that is
deleted afterwards, never into the repository.

Usage: python benchmarks/import_corpus.py [OUT_DIR] [--corpus ../shared/eval/corpus]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.articles.importer import import_records  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", nargs="?", type=Path, help="folder to write into (default: a temporary folder)")
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "eval" / "corpus")
    args = parser.parse_args()
    zips = sorted(args.corpus.glob("*.zip"))
    if not zips:
        print(f"no corpus zips in {args.corpus}", file=sys.stderr)
        return 1
    if args.out is not None:
        out = args.out.resolve()
        if out == ROOT or ROOT in out.parents:
            print("refusing to write the research-only corpus into the repository", file=sys.stderr)
            return 1
        return run(zips, out)
    with tempfile.TemporaryDirectory(prefix="marsad-import-bench-") as tmp:
        return run(zips, Path(tmp) / "articles")


def _kind(reason: str) -> str:
    """A skip reason without the file name it mentions."""
    if reason.endswith("exists, not overwritten"):
        return "exists, not overwritten"
    return reason.split(" (")[0]


def run(zips: list[Path], out: Path) -> int:
    for label in ("first import", "re-import (idempotent)"):
        written = skipped = 0
        reasons: Counter[str] = Counter()
        start = time.perf_counter()
        for z in zips:
            result = import_records(z, out)
            written += len(result.written)
            skipped += len(result.skipped)
            reasons.update(_kind(reason) for _, reason in result.skipped)
        seconds = time.perf_counter() - start
        total = written + skipped
        print(f"{label}: {total} records, {written} written, {skipped} skipped in {seconds:.2f} s "
              f"({total / seconds:.0f} records/s)")
        for reason, n in reasons.most_common(8):
            print(f"  {n:5d}  {reason}")
    print(f"{len(list(out.glob('*.md')))} article files in {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
