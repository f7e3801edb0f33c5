import datetime as dt
import hashlib

import pytest

from generator.articles import ArticleError, load_article, parse_markdown_article

GOOD = """---
title: عنوان المقال
date: 2016-08-25
source: aawsat.com
url: https://aawsat.com/x
---

قال مسؤول أمس إن المحادثات في جنيف ستبدأ غدًا الجمعة.
"""


def test_markdown_article_fields():
    a = parse_markdown_article(GOOD.encode(), "articles/a.md")
    assert a.title == "عنوان المقال"
    assert a.published == dt.date(2016, 8, 25)
    assert a.source == "aawsat.com"
    assert a.url == "https://aawsat.com/x"
    assert a.text.startswith("قال مسؤول أمس")
    assert a.slug == "a"


def test_content_hash_changes_with_text_and_date():
    a = parse_markdown_article(GOOD.encode(), "a.md")
    b = parse_markdown_article(GOOD.replace("أمس", "اليوم").encode(), "a.md")
    c = parse_markdown_article(GOOD.replace("2016-08-25", "2016-08-26").encode(), "a.md")
    assert len({a.content_hash, b.content_hash, c.content_hash}) == 3


@pytest.mark.parametrize(
    "raw, problem",
    [
        ("قال مسؤول أمس إن المحادثات ستبدأ.\n", "no YAML front matter"),
        ("---\ntitle: [unclosed\ndate: 2016-08-25\n---\nنص\n", "malformed front matter"),
        ("---\ntitle: بلا تاريخ\n---\nنص\n", "lacks 'date'"),
        ("---\ndate: 2016-08-25\n---\nنص\n", "lacks 'title'"),
        ("---\ntitle: x\ndate: 2015-02-30\n---\nنص\n", "not a real calendar date"),
        ("---\ntitle: x\ndate: 25/08/2016\n---\nنص\n", "YYYY-MM-DD"),
        ("---\ntitle: x\ndate: 2016-08-25\n---\n\n", "no text"),
    ],
)
def test_malformed_articles_name_file_and_problem(raw, problem):
    with pytest.raises(ArticleError) as err:
        parse_markdown_article(raw.encode(), "site_src/articles/bad.md")
    message = str(err.value)
    assert message.startswith("site_src/articles/bad.md: ")
    assert problem in message
    assert "\n" not in message


def test_undecodable_bytes(tmp_path):
    path = tmp_path / "latin.md"
    path.write_bytes(b"---\ntitle: x\ndate: 2016-08-25\n---\n\xff\xfe caf\xe9\n")
    with pytest.raises(ArticleError, match="not valid UTF-8"):
        load_article(path)


def test_unsafe_url_is_dropped():
    raw = GOOD.replace("https://aawsat.com/x", "javascript:alert(1)")
    assert parse_markdown_article(raw.encode(), "a.md").url is None


def test_text_article_needs_publication_date(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("قال مسؤول أمس.\n", encoding="utf-8")
    with pytest.raises(ArticleError, match="--published"):
        load_article(path)
    assert load_article(path, published=dt.date(2016, 8, 25)).published == dt.date(2016, 8, 25)


def test_loading_never_modifies_the_source(tmp_path):
    path = tmp_path / "a.md"
    path.write_bytes(GOOD.replace("\n", "\r\n").encode("utf-8-sig"))
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    mtime = path.stat().st_mtime_ns
    article = load_article(path)
    assert "\r" not in article.text
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before
    assert path.stat().st_mtime_ns == mtime


@pytest.mark.parametrize("written", ["٢٠٢٤-٠٣-١٢", "۲۰۲۴-۰۳-۱۲", "2024-03-12 14:30", "2024-03-12 14:30:05",
                                     "2024-03-12T14:30:00+03:00", "'2024-03-12 14:30'", "٢٠٢٤-٠٣-١٢ ١٤:٣٠"])
def test_front_matter_dates_in_arabic_digits_or_with_a_time_are_the_day(written):
    raw = GOOD.replace("date: 2016-08-25", f"date: {written}")
    assert parse_markdown_article(raw.encode(), "a.md").published == dt.date(2024, 3, 12)


def test_an_impossible_day_in_arabic_digits_is_still_refused():
    raw = GOOD.replace("date: 2016-08-25", "date: ٢٠١٥-٠٢-٣٠")
    with pytest.raises(ArticleError, match="not a real calendar date"):
        parse_markdown_article(raw.encode(), "a.md")
