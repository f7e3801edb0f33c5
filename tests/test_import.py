"""`marsad import`: records and saved HTML pages become article files, never overwriting."""

from __future__ import annotations

import csv
import datetime as dt
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from generator.articles import load_article
from generator.articles.importer import ImportSourceError, import_records

ROOT = Path(__file__).resolve().parent.parent

TEXT_1 = "أعلنت وزارة الصحة في الرياض يوم الاثنين عن افتتاح مستشفى جديد.\nوقال الوزير إن المستشفى يخدم مئة ألف نسمة."
TEXT_2 = "هطلت أمطار غزيرة على جدة صباح الثلاثاء وأغلقت عدة طرق."
HOSTILE_TITLE = 'عاجل: "هجوم" --- <script>alert(1)</script> \'x\' # ../../etc/passwd {a: b}'

RECORDS = [
    {"title": "افتتاح مستشفى في الرياض", "date": "2016-08-25", "source": "aawsat.com",
     "url": "https://aawsat.com/node/1", "text": TEXT_1},
    {"title": HOSTILE_TITLE, "published": "2015-08-10 20:27:03", "content": TEXT_2, "url": "http://x.example/2"},
    {"title": "بلا تاريخ", "text": "نص"},
    {"title": "تاريخ مستحيل", "date": "2015-02-30", "body": "نص"},
    {"date": "2015-01-01", "text": "نص بلا عنوان"},
    {"title": "بلا نص", "date": "2015-01-01", "text": "   "},
]


def write_jsonl(path: Path, records: list, extra_lines: tuple[str, ...] = ()) -> Path:
    lines = [json.dumps(r, ensure_ascii=False) for r in records] + list(extra_lines)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def md_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.md"))


def by_title(folder: Path) -> dict:
    articles = [load_article(p) for p in md_files(folder)]
    return {a.title: a for a in articles}


def test_jsonl_imports_good_records_and_names_the_bad_ones(tmp_path):
    src = write_jsonl(tmp_path / "in.jsonl", RECORDS, ("{not json",))
    out = tmp_path / "articles"
    result = import_records(src, out)

    assert len(result.written) == 2
    assert sorted(result.written) == md_files(out)
    skipped = dict(result.skipped)
    assert set(skipped) == {"in.jsonl line 3", "in.jsonl line 4", "in.jsonl line 5", "in.jsonl line 6", "in.jsonl line 7"}
    assert "'date'" in skipped["in.jsonl line 3"] and "missing" in skipped["in.jsonl line 3"]
    assert "not a real calendar date" in skipped["in.jsonl line 4"]
    assert "'title'" in skipped["in.jsonl line 5"]
    assert "'text'" in skipped["in.jsonl line 6"]
    assert "JSON" in skipped["in.jsonl line 7"]

    articles = by_title(out)
    first = articles["افتتاح مستشفى في الرياض"]
    assert first.published == dt.date(2016, 8, 25)
    assert first.source == "aawsat.com" and first.url == "https://aawsat.com/node/1"
    assert first.text == TEXT_1
    second = articles[HOSTILE_TITLE]  # the hostile title round-trips exactly
    assert second.published == dt.date(2015, 8, 10)  # date part of "2015-08-10 20:27:03"
    assert second.text == TEXT_2


def test_file_names_are_safe_and_deterministic(tmp_path):
    src = write_jsonl(tmp_path / "in.jsonl", RECORDS)
    a = import_records(src, tmp_path / "a")
    b = import_records(src, tmp_path / "b")
    names = [p.name for p in a.written]
    assert names == [p.name for p in b.written]
    for name in names:
        assert name.endswith(".md")
        stem = name[:-3]
        assert len(stem) == len("2016-08-25-") + 10
        assert all(c in "0123456789abcdef-" for c in stem)
    for p, q in zip(a.written, b.written):
        assert p.read_bytes() == q.read_bytes()
    # nothing escaped the target folder (no ../ from the hostile title)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a", "b", "in.jsonl"]


def test_text_with_a_dash_line_does_not_break_front_matter(tmp_path):
    text = "الفقرة الأولى.\n---\ntitle: مزيف\ndate: 1999-01-01\n---\nالفقرة الأخيرة."
    src = write_jsonl(tmp_path / "in.jsonl", [{"title": "---", "date": "2016-01-02", "text": text}])
    result = import_records(src, tmp_path / "out")
    article = load_article(result.written[0])
    assert article.title == "---"
    assert article.published == dt.date(2016, 1, 2)
    assert article.text == text
    raw = result.written[0].read_text(encoding="utf-8")
    assert raw.startswith("---\ntitle: '---'\ndate: 2016-01-02\n---\n\n")


def test_json_array_and_object_with_list(tmp_path):
    good = RECORDS[:2]
    (tmp_path / "arr.json").write_text(json.dumps(good, ensure_ascii=False), encoding="utf-8")
    (tmp_path / "obj.json").write_text(json.dumps({"meta": {"n": 2}, "articles": good}, ensure_ascii=False), encoding="utf-8")
    arr = import_records(tmp_path / "arr.json", tmp_path / "a")
    obj = import_records(tmp_path / "obj.json", tmp_path / "b")
    assert len(arr.written) == 2 and len(obj.written) == 2
    assert [p.read_bytes() for p in arr.written] == [p.read_bytes() for p in obj.written]
    assert arr.skipped == [] and obj.skipped == []
    (tmp_path / "one-bad.json").write_text(json.dumps([RECORDS[0], "x", RECORDS[3]], ensure_ascii=False), encoding="utf-8")
    r = import_records(tmp_path / "one-bad.json", tmp_path / "d")
    assert len(r.written) == 1
    assert [label for label, _ in r.skipped] == ["one-bad.json[1]", "one-bad.json[2]"]


def test_csv_with_multiline_arabic_text(tmp_path):
    src = tmp_path / "in.csv"
    with src.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=["title", "date", "source", "url", "text"])
        w.writeheader()
        w.writerow({"title": "افتتاح مستشفى في الرياض", "date": "2016-08-25", "source": "aawsat.com",
                    "url": "https://aawsat.com/node/1", "text": TEXT_1})
        w.writerow({"title": "تاريخ مستحيل", "date": "2015-13-01", "source": "", "url": "", "text": "نص"})
        w.writerow({"title": HOSTILE_TITLE, "date": "2015-08-10", "source": "", "url": "", "text": TEXT_2})
    result = import_records(src, tmp_path / "out")
    assert len(result.written) == 2
    # TEXT_1 spans two lines, so the second record starts on line 4
    assert [label for label, _ in result.skipped] == ["in.csv line 4"]
    articles = by_title(tmp_path / "out")
    assert articles["افتتاح مستشفى في الرياض"].text == TEXT_1
    assert articles[HOSTILE_TITLE].source is None


def test_zip_of_json(tmp_path):
    src = tmp_path / "day.zip"
    with zipfile.ZipFile(src, "w") as zf:
        zf.writestr("2015-08-10.json", json.dumps([
            {"source": "3alyoum", "url": "http://www.3alyoum.com/news/مقال/", "date_extracted": "2015-08-10 18:52:49",
             "title": "خبر", "author": "", "content": " عين اليوم – جدة\nنص الخبر."},
        ], ensure_ascii=False))
    result = import_records(src, tmp_path / "out")
    assert len(result.written) == 1
    article = load_article(result.written[0])
    assert article.published == dt.date(2015, 8, 10)
    assert article.url == "http://www.3alyoum.com/news/مقال/"
    assert article.text == "عين اليوم – جدة\nنص الخبر."


def test_existing_files_are_never_overwritten(tmp_path):
    src = write_jsonl(tmp_path / "in.jsonl", RECORDS[:2])
    out = tmp_path / "out"
    first = import_records(src, out)
    assert len(first.written) == 2
    before = {p.name: p.read_bytes() for p in md_files(out)}

    # same input again: nothing written, every record "already imported", bytes unchanged
    again = import_records(src, out)
    assert again.written == []
    assert [reason.startswith("already imported") for _, reason in again.skipped] == [True, True]
    assert {p.name: p.read_bytes() for p in md_files(out)} == before

    # same URL, changed text: the file exists and is not overwritten
    changed = dict(RECORDS[0], text="نص مختلف تماما")
    src2 = write_jsonl(tmp_path / "changed.jsonl", [changed])
    r = import_records(src2, out)
    assert r.written == []
    assert r.skipped[0][1].endswith("exists, not overwritten")
    assert {p.name: p.read_bytes() for p in md_files(out)} == before
    assert not [p for p in out.iterdir() if p.name.startswith(".")]  # no temp files left


def test_hand_edited_article_survives_reimport(tmp_path):
    src = write_jsonl(tmp_path / "in.jsonl", RECORDS[:1])
    out = tmp_path / "out"
    path = import_records(src, out).written[0]
    edited = path.read_bytes().replace("مستشفى".encode(), "مشفى".encode())
    path.write_bytes(edited)
    r = import_records(src, out)
    assert r.written == [] and "not overwritten" in r.skipped[0][1]
    assert path.read_bytes() == edited


def test_duplicates_within_one_import(tmp_path):
    src = write_jsonl(tmp_path / "in.jsonl", [RECORDS[0], dict(RECORDS[0], text="نسخة أخرى")])
    r = import_records(src, tmp_path / "out")
    assert len(r.written) == 1
    assert r.skipped[0][0] == "in.jsonl line 2" and "duplicate of in.jsonl line 1" in r.skipped[0][1]
    assert load_article(r.written[0]).text == TEXT_1


@pytest.mark.parametrize("name, content", [
    ("broken.json", "[{"),
    ("data.txt", "title,date\n"),
    ("missing.jsonl", None),
])
def test_unreadable_source_raises(tmp_path, name, content):
    src = tmp_path / name
    if content is not None:
        src.write_text(content, encoding="utf-8")
    with pytest.raises(ImportSourceError):
        import_records(src, tmp_path / "out")
    assert not (tmp_path / "out").exists()


PAGE_META = """<!DOCTYPE html>
<html lang="ar" dir="rtl">
<head>
<meta charset="utf-8">
<title>الرياض تستضيف قمة الطاقة | صحيفة المرصد</title>
<meta property="og:title" content="الرياض تستضيف قمة الطاقة">
<meta property="og:site_name" content="صحيفة المرصد">
<meta property="og:url" content="https://example.com/news/riyadh-energy">
<meta property="article:published_time" content="2016-08-25T09:30:00+03:00">
</head>
<body>
<nav><a href="/">الرئيسية</a> | <a href="/sport">رياضة</a></nav>
<article>
<h1>الرياض تستضيف قمة الطاقة</h1>
<p>استضافت العاصمة السعودية الرياض يوم الخميس قمة إقليمية للطاقة شارك فيها وزراء من عشر دول عربية، وناقشت القمة مستقبل أسواق النفط والطاقة المتجددة في المنطقة.</p>
<p>وقال وزير الطاقة في كلمته الافتتاحية إن المملكة ماضية في تنويع مصادر الطاقة، وإن مشاريع الطاقة الشمسية في الشمال ستبدأ الإنتاج خلال العام المقبل.</p>
</article>
<footer>جميع الحقوق محفوظة © صحيفة المرصد</footer>
</body>
</html>
"""

PAGE_TIME = """<!DOCTYPE html>
<html lang="ar" dir="rtl">
<head><meta charset="utf-8"><title>أمطار غزيرة على جدة</title></head>
<body>
<div class="header"><a href="/">الأخبار</a></div>
<div class="post">
<h1 class="entry-title">أمطار غزيرة على جدة</h1>
<time datetime="2015-11-17">17 نوفمبر 2015</time>
<div class="entry-content">
<p>هطلت أمطار غزيرة على مدينة جدة صباح الثلاثاء، مما أدى إلى إغلاق عدد من الطرق الرئيسية وتعليق الدراسة في المدارس الحكومية والخاصة.</p>
<p>وأعلن الدفاع المدني رفع درجة الاستعداد، ودعا السكان إلى البقاء في منازلهم وتجنب الأودية ومجاري السيول حتى انتهاء الحالة المطرية.</p>
</div>
</div>
</body>
</html>
"""

PAGE_NO_DATE = """<!DOCTYPE html>
<html lang="ar"><head><meta charset="utf-8"><title>صفحة بلا تاريخ</title></head>
<body><article><h1>صفحة بلا تاريخ</h1>
<p>هذه صفحة إخبارية لا تحمل أي تاريخ نشر ظاهر أو مخفي، ويجب أن يتخطاها المستورد مع ذكر السبب بوضوح للمستخدم.</p>
<p>والفقرة الثانية تضيف نصا كافيا حتى يعدها المستخلص مقالا حقيقيا لا صفحة فارغة.</p></article></body></html>
"""


@pytest.fixture
def html_folder(tmp_path):
    pytest.importorskip("trafilatura")
    folder = tmp_path / "pages"
    (folder / "sub").mkdir(parents=True)
    (folder / "energy.html").write_text(PAGE_META, encoding="utf-8")
    (folder / "sub" / "rain.htm").write_text(PAGE_TIME, encoding="utf-8")
    (folder / "nodate.html").write_text(PAGE_NO_DATE, encoding="utf-8")
    (folder / "notes.txt").write_text("ليست صفحة", encoding="utf-8")
    return folder


def test_html_folder_with_trafilatura(html_folder, tmp_path):
    out = tmp_path / "out"
    result = import_records(html_folder, out)
    assert len(result.written) == 2
    assert result.skipped == [("nodate.html", result.skipped[0][1])]
    assert "no publication date" in result.skipped[0][1]

    articles = by_title(out)
    energy = articles["الرياض تستضيف قمة الطاقة"]
    assert energy.published == dt.date(2016, 8, 25)
    assert energy.url == "https://example.com/news/riyadh-energy"
    assert energy.source == "صحيفة المرصد"
    assert energy.text.startswith("استضافت العاصمة السعودية الرياض")  # headline not repeated
    assert "الطاقة الشمسية في الشمال" in energy.text
    assert "جميع الحقوق" not in energy.text and "الرئيسية" not in energy.text  # boilerplate dropped

    rain = articles["أمطار غزيرة على جدة"]
    assert rain.published == dt.date(2015, 11, 17)
    assert "الدفاع المدني" in rain.text and "الأخبار" not in rain.text

    again = import_records(html_folder, out)
    assert again.written == [] and sum(r.startswith("already imported") for _, r in again.skipped) == 2


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator.cli", "import", *args], cwd=cwd,
                          capture_output=True, text=True, encoding="utf-8", timeout=120,
                          env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})


def test_cli_import(tmp_path):
    src = write_jsonl(tmp_path / "in.jsonl", RECORDS)
    r = run_cli(str(src), "--to", str(tmp_path / "out"), cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == f"imported 2 articles into {tmp_path / 'out'} (4 skipped)"
    assert r.stderr.count("\n") == 4 and "in.jsonl line 4" in r.stderr and "calendar date" in r.stderr
    assert len(md_files(tmp_path / "out")) == 2

    again = run_cli(str(src), "--to", str(tmp_path / "out"), cwd=tmp_path)
    assert again.returncode == 0
    assert again.stdout.strip().startswith("imported 0 articles") and "(6 skipped)" in again.stdout
    assert again.stderr.count("already imported") == 2


def test_cli_default_destination_and_unreadable_source(tmp_path):
    src = write_jsonl(tmp_path / "in.jsonl", RECORDS[:1])
    r = run_cli("in.jsonl", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert len(md_files(tmp_path / "site_src" / "articles")) == 1

    missing = run_cli("nope.jsonl", "--to", "x", cwd=tmp_path)
    assert missing.returncode == 1 and "nope.jsonl" in missing.stderr
    (tmp_path / "bad.json").write_text("{", encoding="utf-8")
    bad = run_cli("bad.json", cwd=tmp_path)
    assert bad.returncode == 1 and "not valid JSON" in bad.stderr
    assert src.exists()


def test_a_file_appearing_during_the_write_is_not_overwritten(tmp_path, monkeypatch):
    """The final name is taken with a hard link, which fails if another writer got there first."""
    import generator.articles.importer as importer

    src = write_jsonl(tmp_path / "in.jsonl", RECORDS[:1])
    out = tmp_path / "out"
    name = import_records(src, tmp_path / "probe").written[0].name
    out.mkdir()
    real_mkstemp = importer.tempfile.mkstemp

    def racing_mkstemp(*args, **kwargs):
        (out / name).write_bytes(b"written by someone else")
        return real_mkstemp(*args, **kwargs)

    monkeypatch.setattr(importer.tempfile, "mkstemp", racing_mkstemp)
    r = import_records(src, out)
    assert r.written == [] and r.skipped[0][1] == f"{name} exists, not overwritten"
    assert (out / name).read_bytes() == b"written by someone else"
    assert [p.name for p in out.iterdir()] == [name]  # the temporary file is gone


def test_long_title_stays_on_one_front_matter_line(tmp_path):
    title = "عنوان طويل جدا " * 20 + "--- " + "ختام"
    src = write_jsonl(tmp_path / "in.jsonl", [{"title": title, "date": "2016-08-25", "text": "نص"}])
    path = import_records(src, tmp_path / "out").written[0]
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "---" and lines[1].startswith("title: ") and lines[2] == "date: 2016-08-25" and lines[3] == "---"
    assert load_article(path).title == " ".join(title.split())


def test_multiline_title_and_unsafe_url_are_cleaned_not_refused(tmp_path):
    record = {"title": "سطر أول\n  سطر ثان\r\n", "date": "2016-08-25", "text": "نص", "url": "javascript:alert(1)"}
    r = import_records(write_jsonl(tmp_path / "in.jsonl", [record]), tmp_path / "out")
    assert r.skipped == []
    raw = r.written[0].read_text(encoding="utf-8")
    assert "javascript" not in raw
    assert load_article(r.written[0]).title == "سطر أول سطر ثان"


def test_html_without_trafilatura_says_what_to_install(tmp_path, monkeypatch):
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "a.html").write_text(PAGE_META, encoding="utf-8")
    monkeypatch.setitem(sys.modules, "trafilatura", None)  # import trafilatura -> ImportError
    with pytest.raises(ImportSourceError, match=r"marsad\[html\]"):
        import_records(folder, tmp_path / "out")


def test_zip_import_caps_what_it_unpacks_and_names_the_entry(tmp_path, monkeypatch):
    """A zip entry past the per-file cap, or past the archive's total, is skipped by name and
    read no further; the other entries are imported."""
    from generator.articles import importer

    monkeypatch.setattr(importer, "MAX_ZIP_ENTRY_BYTES", 1024 * 1024)
    monkeypatch.setattr(importer, "MAX_ZIP_TOTAL_BYTES", 1024 * 1024 + 512 * 1024)
    record = {"title": "خبر", "date": "2015-08-10", "text": "نص الخبر."}
    src = tmp_path / "bomb.zip"
    with zipfile.ZipFile(src, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("a.jsonl", json.dumps({**record, "url": "http://a.example/1"}, ensure_ascii=False))
        with zf.open("b-spaces.jsonl", "w") as handle:  # 5 MB of spaces, a few KB compressed
            for _ in range(5):
                handle.write(b" " * (1024 * 1024))
        zf.writestr("c.jsonl", json.dumps({**record, "url": "http://a.example/2"}, ensure_ascii=False) + " " * (900 * 1024))
        zf.writestr("d.jsonl", json.dumps({**record, "url": "http://a.example/3"}, ensure_ascii=False))
        zf.writestr("e.jsonl", json.dumps({**record, "url": "http://a.example/4"}, ensure_ascii=False) + " " * (700 * 1024))
    assert src.stat().st_size < 100 * 1024
    result = importer.import_records(src, tmp_path / "out")
    skipped = dict(result.skipped)
    assert set(skipped) == {"bomb.zip:b-spaces.jsonl", "bomb.zip:e.jsonl"}
    assert "it unpacks to more than 1 MB" in skipped["bomb.zip:b-spaces.jsonl"]
    assert "archive would unpack more than 1.5 MB" in skipped["bomb.zip:e.jsonl"]
    assert len(result.written) == 3  # a, c (900 KB) and d
