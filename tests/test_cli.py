"""The extraction contract of `marsad extract` and the `marsad evaluate` report."""

import json
import subprocess
import sys

from conftest import GOLD, ROOT, SEEDS

MARSAD = [sys.executable, "-m", "generator.cli"]


def run(*args, stdin=None):
    return subprocess.run([*MARSAD, *args], capture_output=True, text=True, input=stdin, cwd=ROOT, timeout=300)


def check_contract(obj, text):
    assert set(obj) >= {"published", "dates", "places", "events"}
    for d in obj["dates"]:
        assert set(d) >= {"text", "start", "end", "granularity", "offset"}
        assert text[d["offset"][0]:d["offset"][1]] == d["text"]
        assert d["granularity"] in {"day", "week", "month", "quarter", "year", "range", "vague"}
    for p in obj["places"]:
        assert set(p) >= {"text", "offset", "name", "name_ar", "lat", "lon", "cc", "kind", "geonames"}
        assert text[p["offset"][0]:p["offset"][1]] == p["text"]
        assert p["kind"] in {"city", "country", "admin", "region", "feature"}
        assert p["cc"] is None or (len(p["cc"]) == 2 and p["cc"].isupper())
    for e in obj["events"]:
        assert set(e) >= {"sentence", "start", "end", "granularity", "places", "date_from"}
        assert e["date_from"] in {"text", "published"}
        assert e["places"]


def test_extract_markdown_article():
    path = ROOT / "site_src/articles/002_b0cbef1f536209a0.md"
    result = run("extract", str(path))
    assert result.returncode == 0, result.stderr
    [obj] = json.loads(result.stdout)
    assert obj["file"] == str(path) and obj["published"] == "2016-08-25"
    from generator.articles import load_article

    check_contract(obj, load_article(path).text)
    by_text = {d["text"]: d for d in obj["dates"]}
    assert by_text["غدًا الجمعة"]["start"] == "2016-08-26"
    assert {p["cc"] for p in obj["places"] if p["text"] == "جنيف"} == {"CH"}
    assert any(e["date_from"] == "text" and e["start"] == "2016-08-24" for e in obj["events"])


def test_extract_text_file_needs_published(shared):
    seed = SEEDS / "002_b0cbef1f536209a0.txt"
    missing = run("extract", str(seed))
    assert missing.returncode != 0
    assert "002_b0cbef1f536209a0.txt" in missing.stderr and "--published" in missing.stderr
    result = run("extract", str(seed), "--published", "2016-08-25")
    assert result.returncode == 0, result.stderr
    [obj] = json.loads(result.stdout)
    check_contract(obj, seed.read_text(encoding="utf-8"))
    bad = run("extract", str(seed), "--published", "2016-02-30")
    assert bad.returncode != 0 and "not a real calendar date" in bad.stderr


def test_extract_jsonl_keeps_ids_and_order():
    lines = [
        {"id": "b", "text": "قال مسؤول إن الوفد وصل إلى جنيف مساء أمس.", "published": "2016-08-25"},
        {"id": "a", "text": "لا شيء هنا", "published": "2016-08-25"},
    ]
    result = run("extract", "--jsonl", "-", stdin="\n".join(json.dumps(x, ensure_ascii=False) for x in lines) + "\n")
    assert result.returncode == 0, result.stderr
    out = [json.loads(x) for x in result.stdout.splitlines()]
    assert [o["id"] for o in out] == ["b", "a"]
    check_contract(out[0], lines[0]["text"])
    assert out[0]["events"][0]["start"] == "2016-08-24"
    assert out[1]["dates"] == [] and out[1]["places"] == []


def test_evaluate_reports_scores(shared):
    result = run("evaluate", str(GOLD), str(SEEDS))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "5 articles"
    assert lines[1].startswith("dates  P=") and "F1=" in lines[1]
    assert lines[2].startswith("places P=") and "F1=" in lines[2]


def test_extract_reads_a_folder_as_places_does(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a.md").write_bytes((ROOT / "site_src/articles/002_b0cbef1f536209a0.md").read_bytes())
    (folder / "notes.json").write_text("{}", encoding="utf-8")  # not an article: left alone
    result = run("extract", str(folder))
    assert result.returncode == 0, result.stderr
    assert [o["file"] for o in json.loads(result.stdout)] == [str(folder / "a.md")]
    empty = tmp_path / "empty"
    empty.mkdir()
    nothing = run("extract", str(empty))
    assert nothing.returncode != 0 and "no .md or .txt files" in nothing.stderr


def test_places_unresolved_names_the_files_and_fails_when_no_file_could_be_read(tmp_path):
    good = tmp_path / "good.md"
    good.write_text("---\ntitle: خبر\ndate: 2016-08-25\n---\n\nقال مسؤول إن الطائرات قصفت بلدة زمبركة أمس.\n", encoding="utf-8")
    bad = tmp_path / "bad.md"
    bad.write_text("لا مقدمة", encoding="utf-8")
    both = run("places", "--unresolved", str(good), str(bad))
    assert both.returncode == 0, both.stderr
    assert "bad.md" in both.stderr and "1 of 2 files could not be read" in both.stderr
    line = next(x for x in both.stdout.splitlines() if "زمبركة" in x)
    assert line.split("\t")[-1] == str(good)
    only_bad = run("places", "--unresolved", str(bad))
    assert only_bad.returncode == 1
    assert "bad.md" in only_bad.stderr and "could not be read" in only_bad.stderr


def test_jsonl_errors_name_the_line_once():
    result = run("extract", "--jsonl", "-", stdin='{"id": "x", "text": "نص"}\n')
    assert result.returncode == 1
    assert result.stderr.strip() == "marsad: <stdin> line 1: missing publication date ('published')"
    missing_text = run("extract", "--jsonl", "-", stdin='{"published": "2016-08-25"}\n')
    assert missing_text.stderr.strip() == "marsad: <stdin> line 1: no 'text' field"


def test_import_counts_in_english_grammar(tmp_path):
    records = tmp_path / "one.jsonl"
    records.write_text(json.dumps({"title": "خبر", "date": "2016-08-25", "text": "قال مسؤول أمس."}, ensure_ascii=False) + "\n",
                       encoding="utf-8")
    result = run("import", str(records), "--to", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"imported 1 article into {tmp_path / 'out'} (0 skipped)"
