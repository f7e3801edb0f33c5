"""`marsad places suggest`: proposals for the names the resolver could not place, offline
from the gazetteer's own spellings, online only when asked (a real local HTTP server that
speaks Nominatim), as a user-gazetteer file that makes the names resolve once accepted."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter

import yaml
from conftest import ROOT
from test_places import _Nominatim, nominatim  # noqa: F401  (the fixture)

from generator.places import Gazetteer, default_gazetteer, find_places
from generator.places.suggest import load_spellings, polite_settings, propose, proposals_yaml

MARSAD = [sys.executable, "-m", "generator.cli"]
# Reports from Turkey that write the base's name as إنغرليك (the gazetteer has إنجرليك):
# G written غ instead of ج, one of the letters that stand for one sound (data/spellings.yaml).
TURKEY = [
    "أنقرة - أعلنت الحكومة التركية في أنقرة أن طائرات التحالف ستنطلق من قاعدة إنغرليك الجوية قرب أضنة.",
    "وقال مسؤول في إسطنبول إن قاعدة إنغرليك استقبلت طائرات جديدة، فيما شهدت ديار بكر وأضنة إجراءات أمنية.",
]


def run(*args, cwd=ROOT):
    return subprocess.run([*MARSAD, *args], capture_output=True, text=True, cwd=cwd, timeout=300)


def _articles(folder, texts):
    folder.mkdir(parents=True, exist_ok=True)
    for k, text in enumerate(texts):
        (folder / f"{k}.md").write_text(f"---\ntitle: خبر {k}\ndate: 2015-08-01\n---\n\n{text}\n", encoding="utf-8")
    return folder


def test_a_spelling_of_the_context_country_is_proposed_and_then_resolves(tmp_path):
    folder = _articles(tmp_path / "articles", TURKEY)
    unresolved = run("places", "--unresolved", str(folder))
    assert unresolved.returncode == 0 and "إنغرليك" in unresolved.stdout
    result = run("places", "suggest", str(folder), "--out", str(tmp_path / "proposed.yaml"))
    assert result.returncode == 0, result.stderr
    doc = yaml.safe_load((tmp_path / "proposed.yaml").read_text(encoding="utf-8"))
    assert {"ref": "x:incirlik", "names": ["إنغرليك"]} in doc["aliases"]
    text = (tmp_path / "proposed.yaml").read_text(encoding="utf-8")
    assert "# إنغرليك: 2x in" in text and "= Incirlik Air Base (TR)" in text  # where, and why
    # accepted as it is, the file makes the name resolve
    before = {m.place.id for m in find_places(TURKEY[1], default_gazetteer())}
    after = {m.place.id for m in find_places(TURKEY[1], Gazetteer.load([tmp_path / "proposed.yaml"]))}
    assert "x:incirlik" not in before and "x:incirlik" in after


def test_spellings_follow_the_table():
    s = load_spellings()
    assert s.one_letter_away("انغرليك", "انجرليك")  # غ / ج
    assert s.one_letter_away("الفلوجه", "الفالوجه")  # a long vowel
    assert not s.one_letter_away("العند", "الوند")  # ع / و: two names
    assert not s.one_letter_away("سوريا", "سوريا")


def test_nothing_is_proposed_outside_the_articles_countries_and_open_names_are_listed():
    gazetteer = default_gazetteer()
    # a name one letter from a Turkish place, in articles about Yemen only
    proposals = propose(Counter({"انغرليك": 2, "زمبركة": 1}), {"انغرليك": ["a.md"], "زمبركة": ["b.md"]},
                        gazetteer, Counter({"YE": 40, "SA": 12}))
    assert [p.place for p in proposals] == [None, None]
    text = proposals_yaml(proposals)
    assert "aliases:" not in text and "#   انغرليك: 2x in a.md" in text and "#   زمبركة: 1x in b.md" in text


def test_online_only_when_asked_then_from_the_sites_geocoded_file(tmp_path, nominatim):  # noqa: F811
    project = tmp_path / "site"
    _articles(project / "site_src" / "articles", ["سيطرت القوات على بلدة زمبركة في ريف حلب الشرقي بعد معارك."])
    (project / "mkdocs.yml").write_text(
        "site_name: test\ndocs_dir: site_src\nplugins:\n  - marsad:\n      geocoder:\n"
        f"        url: {nominatim}\n        user_agent: marsad-test\n        min_delay_seconds: 0\n",
        encoding="utf-8")
    offline = run("places", "suggest", "site_src/articles", cwd=project)
    assert offline.returncode == 0, offline.stderr
    assert _Nominatim.calls == [] and "#   زمبركة: 1x in" in offline.stdout
    online = run("places", "suggest", "site_src/articles", "--online", cwd=project)
    assert online.returncode == 0, online.stderr
    assert len(_Nominatim.calls) == 1
    entry = yaml.safe_load(online.stdout)["entries"][0]
    assert entry["names"] == ["زمبركة"] and entry["cc"] == "SY" and abs(entry["lat"] - 36.1) < 1e-6
    cached = json.loads((project / "gazetteer" / "geocoded.json").read_text(encoding="utf-8"))
    assert cached["زمبركه"]["osm_id"] == 42
    again = run("places", "suggest", "site_src/articles", "--online", cwd=project)
    assert again.returncode == 0 and len(_Nominatim.calls) == 1  # answered from the file
    # the proposed entry is a valid user gazetteer entry
    (tmp_path / "accepted.yaml").write_text(online.stdout, encoding="utf-8")
    assert [p.name_ar or p.name for p in Gazetteer.load([tmp_path / "accepted.yaml"]).lookup("زمبركة")]


def test_the_public_nominatim_is_asked_at_most_once_a_second():
    assert polite_settings({"url": "https://nominatim.openstreetmap.org", "min_delay_seconds": 0})["min_delay_seconds"] == 1.0
    assert polite_settings({"url": "http://127.0.0.1:8080", "min_delay_seconds": 0})["min_delay_seconds"] == 0


def test_places_without_a_subcommand_still_lists():
    listed = run("places", "site_src/articles")
    assert listed.returncode == 0 and "\tSyria\tSY\tcountry" in listed.stdout
