"""Words the site shows: counts said the way Arabic says them, dates and places explained in
plain words, month names by region."""

import datetime as dt

import pytest

from generator.site.labels import COUNT_FORMS, count, date_note, format_date, month_heading, place_note, date_language


@pytest.mark.parametrize("n, ar, en", [
    (0, "لا أماكن", "no places"),
    (1, "مكان واحد", "1 place"),
    (2, "مكانان", "2 places"),
    (3, "3 أماكن", "3 places"),
    (10, "10 أماكن", "10 places"),
    (11, "11 مكانًا", "11 places"),
    (16, "16 مكانًا", "16 places"),
    (33, "33 مكانًا", "33 places"),
    (99, "99 مكانًا", "99 places"),
    (100, "100 مكان", "100 places"),
    (101, "101 مكان", "101 places"),
    (102, "102 مكان", "102 places"),
    (103, "103 أماكن", "103 places"),
    (111, "111 مكانًا", "111 places"),
    (200, "200 مكان", "200 places"),
    (1000, "1000 مكان", "1000 places"),
    (2033, "2033 مكانًا", "2033 places"),
])
def test_counts_read_right_in_every_range(n, ar, en):
    assert count(n, "place", "ar") == ar
    assert count(n, "place", "en") == en


@pytest.mark.parametrize("noun, one, two, few, many, hundred", [
    ("event", "حدث واحد", "حدثان", "5 أحداث", "33 حدثًا", "100 حدث"),
    ("source", "مصدر واحد", "مصدران", "5 مصادر", "33 مصدرًا", "100 مصدر"),
    ("article", "مقال واحد", "مقالان", "5 مقالات", "33 مقالًا", "100 مقال"),
    ("year", "سنة واحدة", "سنتان", "5 سنوات", "33 سنةً", "100 سنة"),
])
def test_each_noun_has_its_forms(noun, one, two, few, many, hundred):
    assert [count(n, noun) for n in (1, 2, 5, 33, 100)] == [one, two, few, many, hundred]


def test_every_noun_is_in_both_languages():
    assert set(COUNT_FORMS["ar"]) == set(COUNT_FORMS["en"])
    for forms in COUNT_FORMS["ar"].values():
        assert len(forms) == 6 and all("{n}" in f for f in forms[3:])


PUBLISHED = dt.date(2016, 8, 25)


@pytest.mark.parametrize("rule, start, end, granularity, expected", [
    ("part-of-day+day-deixis", dt.date(2016, 8, 24), dt.date(2016, 8, 24), "day", "اليوم السابق لتاريخ النشر 25 أغسطس 2016"),
    ("day-deixis", dt.date(2016, 8, 25), dt.date(2016, 8, 25), "day", "يوم النشر 25 أغسطس 2016"),
    ("day-deixis+weekday", dt.date(2016, 8, 26), dt.date(2016, 8, 26), "day", "اليوم التالي لتاريخ النشر 25 أغسطس 2016"),
    ("weekday-past", dt.date(2016, 8, 19), dt.date(2016, 8, 19), "day", "قبل تاريخ النشر 25 أغسطس 2016 بـ6 أيام"),
    ("day-relative", dt.date(2016, 8, 23), dt.date(2016, 8, 23), "day", "قبل تاريخ النشر 25 أغسطس 2016 بيومين"),
    ("week-relative", dt.date(2016, 8, 15), dt.date(2016, 8, 21), "week", "الأسبوع السابق لأسبوع النشر (25 أغسطس 2016)"),
    ("month-relative", dt.date(2016, 9, 1), dt.date(2016, 9, 30), "month", "الشهر التالي لشهر النشر (25 أغسطس 2016)"),
    ("year-relative", dt.date(2015, 1, 1), dt.date(2015, 12, 31), "year", "السنة السابقة لسنة النشر (25 أغسطس 2016)"),
    ("day-month-year", dt.date(2015, 3, 1), dt.date(2015, 3, 1), "day", "تاريخ كامل في النص"),
    ("numeric-hijri", dt.date(2016, 9, 12), dt.date(2016, 9, 12), "day", "تاريخ هجري في النص، محوَّلًا إلى الميلادي"),
])
def test_date_notes_say_in_plain_arabic_how_a_date_was_read(rule, start, end, granularity, expected):
    note = date_note(rule, start, end, granularity, PUBLISHED)
    assert note == expected
    assert not any(c.isascii() and c.isalpha() for c in note)  # no rule codes


def test_every_rule_code_gets_words():
    for rule in ("weekday-bare-future", "offset-vague", "holiday-future-after", "range(day-month-year,day-month-year)",
                 "hijri-month-relative", "vague-period", "within-next", "quarter", "iso-week", "nonsense"):
        note = date_note(rule, dt.date(2016, 9, 1), dt.date(2016, 9, 30), "range", PUBLISHED)
        assert note and not any(c.isascii() and c.isalpha() for c in note), (rule, note)


def test_place_notes_explain_the_evidence_in_arabic():
    names = {"CH": "سويسرا", "SY": "سوريا"}.get
    note = place_note("جنيف", "city", "سويسرا", ("alias:جنيف", "trigger:في", "near:185 km"), names)
    assert note == "جنيف: مدينة في سويسرا؛ ورد قبله «في»؛ قريب من أماكن أخرى في المقال (185 كم)"
    note = place_note("منبج", "city", "سوريا", ("alias:منبج", "clitic:ب", "context:SY", "home:SY (default)"), names)
    assert note == "منبج: مدينة في سوريا؛ ملتصقًا بـ«ب»؛ يرجّحه ذكر سوريا في المقال؛ في سوريا، بلد المقال"
    assert place_note("سوريا", "country", "سوريا", ("alias:سوريا",), names) == "سوريا: دولة"


def test_month_names_by_region():
    day = dt.date(2016, 8, 25)
    assert format_date(day, day, "day", "ar") == "25 أغسطس 2016"
    assert format_date(day, day, "day", date_language("ar", "levantine")) == "25 آب 2016"
    assert month_heading(dt.date(2016, 1, 1), date_language("ar", "levantine")) == "كانون الثاني 2016"
    assert format_date(day, day, "day", date_language("ar", "maghrebi")) == "25 غشت 2016"
    assert format_date(day, day, "day", date_language("ar", "algerian")) == "25 أوت 2016"
    assert date_language("en", "levantine") == "en"
