"""gazetteer/geonames_extract.py: a GeoNames per-country extract (the dump's own format, a
zip holding XX.txt) becomes a user-gazetteer file that the run time and the build read;
small places come in, with one-word names weak (read after a place word, not alone)."""

from __future__ import annotations

import subprocess
import sys
import zipfile

import yaml
from conftest import ROOT

from generator.places import Gazetteer, find_places


def _row(gid, name, alternates, lat, lon, fclass, fcode, cc, population=0):
    cols = [str(gid), name, name, ",".join(alternates), str(lat), str(lon), fclass, fcode, cc, "", "", "", "", "",
            str(population), "", "300", "Asia/Damascus", "2024-01-01"]
    return "\t".join(cols)


def test_an_extract_becomes_places_the_resolver_reads(tmp_path):
    rows = [
        # a hamlet of 200 people, a one-word name (weak), and a two-word name (strong)
        _row(99000001, "Tall Zamburah", ["تل زمبورة", "زمبورة", "Tall Zamburah"], 36.41, 37.92, "P", "PPL", "SY", 200),
        # a prison, with an Arabic two-word name
        _row(99000002, "Sijn Adra", ["سجن عدرا"], 33.60, 36.50, "S", "PRN", "SY"),
        # a stream: a kind the extract leaves out
        _row(99000003, "Wadi X", ["وادي زمبورة"], 36.0, 37.0, "H", "STM", "SY"),
        # a place without an Arabic name
        _row(99000004, "Nowhere", ["Nowhere"], 36.0, 37.0, "P", "PPL", "SY"),
        # already in the shipped gazetteer (Manbij): left out
        _row(166365, "Manbij", ["منبج"], 36.53, 37.95, "P", "PPLA2", "SY", 100000),
    ]
    extract = tmp_path / "SY.zip"
    with zipfile.ZipFile(extract, "w") as z:
        z.writestr("SY.txt", "\n".join(rows) + "\n")
        z.writestr("readme.txt", "not rows\n")
    result = subprocess.run([sys.executable, str(ROOT / "gazetteer" / "geonames_extract.py"), str(extract)],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    doc = yaml.safe_load(result.stdout)
    by_id = {e["id"]: e for e in doc["entries"]}
    assert set(by_id) == {"gn:99000001", "gn:99000002"}
    assert by_id["gn:99000001"]["names"] == ["تل زمبوره"] and by_id["gn:99000001"]["weak_names"] == ["زمبوره"]
    assert by_id["gn:99000002"]["kind"] == "feature"
    user = tmp_path / "extracts.yaml"
    user.write_text(result.stdout, encoding="utf-8")
    gazetteer = Gazetteer.load([user])
    found = {m.place.id for m in find_places("قصفت الطائرات قرية تل زمبورة قرب منبج ونقل المعتقلون إلى سجن عدرا.", gazetteer)}
    assert {"gn:99000001", "gn:99000002"} <= found
    # a weak one-word name is not read alone in running text
    assert "gn:99000001" not in {m.place.id for m in find_places("وقال إن زمبورة الحياة جميلة.", gazetteer)}
