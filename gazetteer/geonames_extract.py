#!/usr/bin/env python3
"""A GeoNames per-country extract as a user-gazetteer file: the villages, hamlets, quarters,
hills and facilities that the shipped gazetteer (cities of 500 people or more) lacks.

Conflict news names places too small for `cities500`: a village of 300 people, a hill, a
camp, a quarter of a city, a prison, an airport. GeoNames holds many of them with Arabic
names in its per-country extracts, which an editor downloads once (CC BY 4.0, © GeoNames:
credit it on the site, as Marsad's own pages do):

    https://download.geonames.org/export/dump/SY.zip      (one file per ISO country code)

This script reads such a zip (or its .txt), keeps the rows of the kinds below that carry an
Arabic name, and writes them in the user-gazetteer format (generator/places/overlay.py):

    python gazetteer/geonames_extract.py SY.zip IQ.zip > gazetteer/extracts.yaml
    python gazetteer/build.py --user gazetteer/extracts.yaml      # bake them into the build
    # or, without a rebuild: `gazetteer: [gazetteer/extracts.yaml]` in the marsad plugin

A one-word name of such a small place is a weak name (it needs a place word, بلدة X, قرية X,
or the article's context to be read as the place: many village names are ordinary words);
names of two words or more are strong. Places the shipped gazetteer already has (by
GeoNames id) are left out, and so are names the stop lists call common words.
"""

from __future__ import annotations

import argparse
import io
import sys
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.places import clean_alias, default_gazetteer, load_stop  # noqa: E402
from generator.arabic import display_form  # noqa: E402

# GeoNames feature codes kept, and the gazetteer kind each becomes
# (https://www.geonames.org/export/codes.html).
KINDS = {
    "P": {"PPL": "city", "PPLA": "city", "PPLA2": "city", "PPLA3": "city", "PPLA4": "city",
          "PPLF": "city", "PPLL": "city", "PPLQ": "city", "PPLS": "city", "PPLX": "city"},
    "S": {"AIRP": "feature", "AIRB": "feature", "AIRF": "feature", "MILB": "feature", "INSM": "feature",
          "PRN": "feature", "HSP": "feature", "BDG": "feature", "CMP": "feature", "CMPRF": "feature",
          "PO": "feature", "PRT": "feature", "DAM": "feature", "BP": "feature", "CSTM": "feature",
          "RSTN": "feature", "MKT": "feature", "MSQE": "feature", "RUIN": "feature", "CSTL": "feature"},
    "T": {"HLL": "feature", "HLLS": "feature", "MT": "feature", "MTS": "feature", "PASS": "feature"},
    "A": {"ADM2": "admin", "ADM3": "admin"},
}
# GeoNames dump columns (readme.txt of the dump)
GEONAMEID, NAME, ALTERNATES, LAT, LON, FCLASS, FCODE, CC, POPULATION = 0, 1, 3, 4, 5, 6, 7, 8, 14


def rows(source: Path) -> Iterator[list[str]]:
    """The rows of a GeoNames dump: a country zip (XX.zip holding XX.txt) or the .txt."""
    if source.suffix.lower() == ".zip":
        with zipfile.ZipFile(source) as archive:
            for member in archive.namelist():
                if member.endswith(".txt") and not member.lower().startswith("readme"):
                    with archive.open(member) as raw:
                        yield from (line.rstrip("\n").split("\t") for line in io.TextIOWrapper(raw, "utf-8"))
    else:
        with source.open(encoding="utf-8") as f:
            yield from (line.rstrip("\n").split("\t") for line in f)


# letters that the matching form folds away (hamza, ta marbuta): the display keeps them
_RICH_LETTERS = "أإآؤئءة"


def _as_written(spellings: list[str]) -> str:
    """The display name among GeoNames' spellings of one matching form: the one that keeps
    the hamza and ta marbuta (مدرسة, not مدرسه), then the shortest."""
    return min(spellings, key=lambda n: (-sum(n.count(ch) for ch in _RICH_LETTERS), len(n), n))


def entries(sources: Iterable[Path]) -> list[dict]:
    """User-gazetteer entries for the kept rows with Arabic names the gazetteer lacks."""
    gazetteer = default_gazetteer()
    stop = load_stop()
    common = stop.common_words | stop.corpus_common | stop.not_places
    out = []
    for source in sources:
        for row in rows(source):
            if len(row) < 15:
                continue
            kind = KINDS.get(row[FCLASS], {}).get(row[FCODE])
            if kind is None or gazetteer.get(f"gn:{row[GEONAMEID]}") is not None:
                continue
            written: dict[str, list[str]] = {}  # matching form -> the spellings GeoNames gives
            for a in row[ALTERNATES].split(","):
                n = clean_alias(a)
                if n:
                    written.setdefault(n, []).append(display_form(a))
            arabic = sorted(written)
            arabic = [n for n in arabic if n not in common]
            if not arabic:
                continue
            strong = [n for n in arabic if " " in n]
            weak = [n for n in arabic if " " not in n]
            entry: dict = {"id": f"gn:{row[GEONAMEID]}", "geonames": int(row[GEONAMEID]), "name": row[NAME],
                           "name_ar": _as_written(written[(strong or weak)[0]]), "lat": float(row[LAT]), "lon": float(row[LON]),
                           "cc": row[CC], "kind": kind, "population": int(row[POPULATION] or 0),
                           "source": f"GeoNames extract {source.name}"}
            if strong:
                entry["names"] = strong
            if weak:
                entry["weak_names"] = weak
            out.append(entry)
    out.sort(key=lambda e: e["geonames"])
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("sources", nargs="+", type=Path, help="GeoNames per-country extracts (XX.zip or XX.txt)")
    args = ap.parse_args()
    found = entries(args.sources)
    sys.stdout.write("# From GeoNames per-country extracts (CC BY 4.0, (c) GeoNames): "
                     + ", ".join(s.name for s in args.sources) + "\n")
    sys.stdout.write(yaml.safe_dump({"entries": found}, allow_unicode=True, sort_keys=False, width=200))
    print(f"{len(found)} places with Arabic names", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
