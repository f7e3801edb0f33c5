"""Fuzzing the article loader, the extractor and the site build with malformed articles.

Every generated file is either loaded or refused with one ArticleError naming it; whatever
loads is extracted without an exception; and a site built from a batch of them still
builds, naming each file it skips. The files come from a fixed seed: a failure is
reproducible, and `fuzz_files(seed, n)` rebuilds the file that failed.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import pytest
from conftest import copy_project, mkdocs_build

from generator.articles import MAX_ARTICLE_BYTES, Article, ArticleError, load_article
from generator.extract import extract, extraction_to_json
from generator.places import Gazetteer

SEED = 20261202
COUNT = 2400

SENTENCES = [
    "قصفت طائرات حربية مدينة منبج مساء أمس، ما أدى إلى مقتل خمسة مدنيين.",
    "وأعلنت الحكومة يوم الجمعة الماضي عن اجتماع في الرقة غدًا الجمعة.",
    "اندلعت اشتباكات عنيفة في جرابلس الأسبوع المقبل بحسب مصادر محلية.",
    "وقال الوزير إن الربع الأول من هذا العام شهد تراجعًا في الهجمات بالمملكة.",
    "وفي 15 آب 2016 وصل وفد إلى دمشق، وفي 3 رمضان 1437 هـ عقد لقاء في بغداد.",
    "بعد 100 عام، وقبل 5000 سنة، وخلال الشهر الماضي، وفي العام المقبل، ومنذ أسبوعين.",
    "أول أمس وبعد غد وصباح اليوم وليلة الخميس القادم في حلب والموصل وصنعاء.",
    "في الفاتح من محرم، وأواخر ذي الحجة 1445، ومطلع كانون الثاني المقبل، وفي عام 2099.",
]
EDGE_DATES = ["0001-01-01", "0001-01-02", "0001-12-31", "1900-02-28", "2016-08-25", "9999-01-01", "9999-12-30", "9999-12-31"]


def _body(rng: random.Random) -> str:
    return "\n\n".join(rng.choice(SENTENCES) for _ in range(rng.randint(1, 6)))


def _valid(rng: random.Random, date: str | None = None) -> str:
    date = date or rng.choice(EDGE_DATES + [f"{rng.randint(1, 9999):04d}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"])
    return f"---\ntitle: خبر {rng.randint(0, 10**6)}\ndate: {date}\nsource: وكالة\n---\n{_body(rng)}\n"


LAUGHS = "".join(f"{chr(97 + i)}: &{chr(97 + i)} [{','.join(['*' + chr(96 + i)] * 9) if i else ','.join(['lol'] * 9)}]\n"
                 for i in range(10))

FRONT_MATTERS = [
    "- a\n- b", "42", "3.5", "", "~", "null", "2020-01-01", "true", "just a string", "[1, 2, 3]", "{a: 1}",
    "1: one\ntitle: t\ndate: 2020-01-01", "true: 1\ntitle: t\ndate: 2020-01-01", "? [a, b]\n: c\ntitle: t\ndate: 2020-01-01",
    "2020-01-01: x\ntitle: t\ndate: 2020-01-01", "null: x\ntitle: t\ndate: 2020-01-01",
    "title: &t عنوان\ndate: 2020-01-01\nsource: *t", "a: &a [1, *a]\ntitle: t\ndate: 2020-01-01",
    LAUGHS + "title: t\ndate: 2020-01-01", LAUGHS + "title: *j\ndate: 2020-01-01",
    "title: [a, b]\ndate: 2020-01-01", "title: {a: b}\ndate: 2020-01-01", "title: t\ndate: [2020-01-01]",
    "title: t\ndate: {y: 2020}", "title: t\ndate: 20200101", "title: t\ndate: .nan", "title: t\ndate: true",
    "title: t\ndate: 2015-02-30", "title: t\ndate: 0000-01-01", "title: t\ndate: 10000-01-01", "title: t\ndate: ''",
    "title: t\ndate: 2020-01-01 25:00", "title: t\ndate: 2020-01-01T10:00:00+03:00", "title: ''\ndate: 2020-01-01",
    "title: \"a\\0b\\x07c\"\ndate: 2020-01-01", "title: \"\\ud800\"\ndate: 2020-01-01", "title: !!binary aGVsbG8=\ndate: 2020-01-01",
    "title: !!set {a}\ndate: 2020-01-01", "title: !!python/object:os.system x\ndate: 2020-01-01", "title: !custom x\ndate: 2020-01-01",
    "title: t\ndate: 2020-01-01\nurl: [1]", "title: t\ndate: 2020-01-01\nsource: {a: b}", "title: t\ndate: 2020-01-01\nurl: javascript:x()",
    "title: t\ndate: 2020-01-01\nx: " + "[" * 200 + "]" * 200, "<<: [1]\ntitle: t\ndate: 2020-01-01",
    "title: t\n\tdate: 2020-01-01", "title: t\ndate: 2020-01-01\ndate: 2021-01-01", "title: 12\ndate: 2020-01-01",
    "title: 1.5e400\ndate: 2020-01-01", "title: -.inf\ndate: 2020-01-01", "title: t\ndate: 2020-01-01\ntags: [a, {b: c}]",
]


def fuzz_files(seed: int = SEED, count: int = COUNT) -> list[tuple[str, bytes]]:
    """(name, bytes) of `count` malformed, odd or merely unusual article files."""
    rng = random.Random(seed)
    files: list[tuple[str, bytes]] = []
    kinds = ["random", "truncated", "front", "mutated", "edge", "nul", "controls", "fences", "txt"]
    for i in range(count):
        kind = kinds[i % len(kinds)]
        suffix = ".md"
        if kind == "random":
            data = rng.randbytes(rng.randint(0, 400))
            if rng.random() < 0.5:
                data = b"---\n" + data
        elif kind == "truncated":
            whole = _valid(rng).encode()
            data = whole[:rng.randint(0, len(whole))]
        elif kind == "front":
            data = f"---\n{rng.choice(FRONT_MATTERS)}\n---\n{_body(rng)}\n".encode()
        elif kind == "mutated":
            data = bytearray(_valid(rng).encode())
            for _ in range(rng.randint(1, 8)):
                at = rng.randrange(len(data))
                op = rng.random()
                if op < 0.3:
                    data[at] = rng.randrange(256)
                elif op < 0.6:
                    del data[at:at + rng.randint(1, 20)]
                else:
                    data[at:at] = rng.choice([b":", b"&x", b"*x", b"\n  - ", b"'", b'"', b"{", b"[", b"---\n", b"\t", b"!!", b"%"])
            data = bytes(data)
        elif kind == "edge":
            data = _valid(rng, rng.choice(EDGE_DATES)).encode()
        elif kind == "nul":
            data = _valid(rng).encode().replace(b"\n", b"\n\x00", rng.randint(1, 3))
        elif kind == "controls":
            data = _valid(rng).replace("،", rng.choice(["\u202e", "\u200f", "\ufeff", "\x0c", "\x1b[31m", "\u2028", "\U0001F600"])).encode()
        elif kind == "fences":
            data = rng.choice([b"", b"---", b"---\n", b"---\n---\n", b"---\n---\n---\n", b"\xef\xbb\xbf---\ntitle: t\ndate: 2020-01-01\n---\n\xd9\x85",
                               b"   \n---\ntitle: t\ndate: 2020-01-01\n---\nx", b"---\r\ntitle: t\r\ndate: 2020-01-01\r\n---\r\nx\r\n"])
        else:
            suffix = ".txt"
            data = rng.choice([rng.randbytes(50), _body(rng).encode(), b"", b"\xff\xfe" + _body(rng).encode("utf-16-le")])
        files.append((f"fuzz-{i:05d}-{kind}{suffix}", data))
    return files


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer.load()


def _load_or_refuse(path: Path) -> Article | None:
    try:
        return load_article(path, display_path=path.name, published=dt.date(2020, 1, 1))
    except ArticleError as exc:
        assert exc.path == path.name and exc.problem and "\n" not in str(exc), str(exc)
        return None


def test_every_fuzzed_file_loads_or_is_refused_by_name_and_extracts(tmp_path, gazetteer):
    files = fuzz_files()
    assert len(files) >= 2000
    loaded = refused = 0
    for name, data in files:
        path = tmp_path / name
        path.write_bytes(data)
        article = _load_or_refuse(path)  # anything but an ArticleError fails the test
        if article is None:
            refused += 1
            continue
        loaded += 1
        ex = extraction_to_json(extract(article.text, article.published, gazetteer))
        for mention in ex["dates"]:
            assert dt.date.min.isoformat() <= mention["start"] <= mention["end"] <= dt.date.max.isoformat()
        assert path.read_bytes() == data  # the source is never touched
    # both outcomes are exercised, so neither check above is vacuous
    assert loaded > 300 and refused > 300, (loaded, refused)


def test_front_matter_kept_on_an_article_is_plain_text_keyed_scalars(tmp_path):
    path = tmp_path / "odd.md"
    path.write_text("---\n" + LAUGHS + "1: one\ntrue: yes\ntitle: \"عنوان\\x07\"\ndate: 2020-01-01\ntags: [a]\n"
                    "note: \"a\\0b\"\nsearch: {exclude: true, deep: {x: 1}, l: [1]}\n---\nنص الخبر.\n", encoding="utf-8")
    article = load_article(path)
    assert article.title == "عنوان"
    assert article.meta == {"title": "عنوان", "date": dt.date(2020, 1, 1), "note": "ab", "search": {"exclude": True}}


@pytest.mark.parametrize("shape", ["lines", "one line", "txt"])
def test_an_article_past_the_cap_is_cut_with_a_warning(tmp_path, shape):
    line = "قصفت طائرات حربية مدينة منبج مساء أمس. "
    if shape == "one line":
        body = line * (12 * 1024 * 1024 // len(line.encode()))  # a 12 MB line
    else:
        body = (line + "\n") * (3 * 1024 * 1024 // len(line.encode()))
    path = tmp_path / ("big.txt" if shape == "txt" else "big.md")
    head = "" if shape == "txt" else "---\ntitle: كبير\ndate: 2020-01-01\n---\n"
    path.write_text(head + body, encoding="utf-8")
    article = load_article(path, published=dt.date(2020, 1, 1))
    size = len(article.text.encode())
    assert MAX_ARTICLE_BYTES // 2 < size <= MAX_ARTICLE_BYTES
    assert body.startswith(article.text)
    assert not article.text.endswith("منب")  # cut at a break, not inside a word
    assert len(article.warnings) == 1 and "2 MB" in article.warnings[0]
    small = tmp_path / "small.md"
    small.write_text((head or "---\ntitle: t\ndate: 2020-01-01\n---\n") + line, encoding="utf-8")
    assert load_article(small, published=dt.date(2020, 1, 1)).warnings == ()


def test_a_site_of_fuzzed_articles_builds_and_names_every_skipped_file(tmp_path):
    project = copy_project(tmp_path / "project")
    folder = project / "site_src" / "articles"
    batch = [(n, d) for n, d in fuzz_files(SEED + 1, 180) if n.endswith(".md")]
    for name, data in batch:
        (folder / name).write_bytes(data)
    expected_bad = set()
    for name, _ in batch:
        if _load_or_refuse(folder / name) is None:
            expected_bad.add(name)
    assert 20 < len(expected_bad) < len(batch)
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Traceback" not in result.stderr
    skipped = {line.split("articles/")[1].split(":")[0] for line in result.stderr.splitlines()
               if "marsad: skipped article" in line}
    assert skipped == expected_bad
    built = project / "site" / "articles"
    for name, _ in batch:
        assert (built / Path(name).stem / "index.html").exists() == (name not in expected_bad), name
    assert (project / "site" / "map" / "index.html").exists()
    for name, data in batch:
        assert (folder / name).read_bytes() == data
    assert mkdocs_build(project, "--strict").returncode != 0
