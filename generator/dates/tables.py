"""Vocabulary and rules of the Arabic date stage, as data.

Everything a linguist may want to extend lives here: word lists with their values, the
phrase patterns that combine them, and the words that cancel a match.  The matching code
of the package (``grammar.py``, ``resolvers.py``, ``engine.py``) never names an Arabic
word; it only reads these tables (and the project's clitic table, ``arabic.CLITICS``).

All words are written in *normalised* form (see ``arabic.normalise``): أ/إ/آ → ا, ى → ي,
ة → ه, no diacritics, ASCII digits.  A space inside an entry matches any run of spaces.

Patterns (``PATTERNS``) are regular expressions with ``{PLACEHOLDERS}`` that expand to the
alternation of a vocabulary table.  Each pattern names the *resolver* (``kind``) that
turns its named groups into a calendar range; resolvers are generic operations (shift a
day, take a week, pick a month in the past or future...).  ``leads`` lists the tables or
literal words a match can start with, so the engine only tries a pattern where it can
begin.
"""

from __future__ import annotations

# --------------------------------------------------------------------------------------
# Vocabulary
# --------------------------------------------------------------------------------------

# Weekdays (value: Python weekday, Monday = 0).  Forms with the article.
WEEKDAYS = {
    "الاثنين": 0, "الاتنين": 0, "الثلاثاء": 1, "الثلاثا": 1, "الاربعاء": 2, "الاربعا": 2,
    "الخميس": 3, "الجمعه": 4, "السبت": 5, "الاحد": 6,
}
# Bare forms, only used after an ordinal ("ثالث ثلاثاء") or before الاسبوع ("اثنين الاسبوع").
WEEKDAYS_BARE = {
    "اثنين": 0, "اتنين": 0, "ثلاثاء": 1, "ثلاثا": 1, "اربعاء": 2, "اربعا": 2,
    "خميس": 3, "جمعه": 4, "سبت": 5, "احد": 6,
}
# Weekday words that are also common nouns ("الاثنين" = "both"): need يوم, a part of day,
# a relative word or a date next to them.
WEEKDAYS_NEED_CONTEXT = {"الاثنين", "الاتنين"}

# Day deixis relative to the publication day (value: offset in days).
DEIXIS = {
    "اليوم": 0, "هذا اليوم": 0, "هاد اليوم": 0,
    "امس": -1, "الامس": -1, "البارحه": -1, "مبارح": -1, "امبارح": -1,
    "اول امس": -2, "اول من امس": -2, "امس الاول": -2, "الامس الاول": -2, "اول البارحه": -2, "اول مبارح": -2, "اول امبارح": -2,
    "قبل امس": -2, "قبل البارحه": -2, "القبل البارحه": -2, "قبل امبارح": -2,
    "غدا": 1, "غد": 1, "الغد": 1, "بكره": 1, "بكرا": 1,
    "بعد غد": 2, "بعد الغد": 2, "بعد بكره": 2, "بعد بكرا": 2,
}
# Part of day before a day word: "مساء أمس", "صباح اليوم", "ليلة الجمعة".
PARTS_OF_DAY = {
    "صباح": "morning", "صبيحه": "morning", "ظهر": "noon", "ظهيره": "noon", "عصر": "afternoon",
    "مساء": "evening", "ليله": "night", "ليل": "night", "فجر": "dawn", "منتصف ليله": "night",
    "ضحي": "forenoon", "سحر": "dawn",
}
# Nights that name the previous day: "الليلة الماضية" (last night).
NIGHT_PAST = {"الليله الماضيه": -1, "ليله امس": -1, "الليله قبل الماضيه": -2}

# Relative words after (or, for demonstratives, before) a unit noun or a weekday.
# value: how many units away (-1 previous, 0 current, +1 next, ±2 before/after that).
RELATIVE = {
    "الماضي": -1, "الماضيه": -1, "الماض": -1, "المنصرم": -1, "المنصرمه": -1,
    "السابق": -1, "السابقه": -1, "الفائت": -1, "الفايت": -1, "الفائته": -1, "الفايته": -1,
    "المنقضي": -1, "المنقضيه": -1,
    "المقبل": 1, "المقبله": 1, "القادم": 1, "القادمه": 1, "الجاي": 1, "الجايه": 1,
    "الاتي": 1, "الاتيه": 1, "التالي": 1, "التاليه": 1,
    "الحالي": 0, "الحاليه": 0, "الجاري": 0, "الجاريه": 0,
    "هذا": 0, "هذه": 0, "هذي": 0, "هاي": 0, "هاد": 0,
    "قبل الماضي": -2, "قبل الماضيه": -2, "قبل المنصرم": -2, "قبل المنصرمه": -2,
    "قبل السابق": -2, "قبل السابقه": -2, "اللي قبل السابقه": -2, "اللي قبل السابق": -2,
    "اللي قبل الماضي": -2, "اللي قبل الماضيه": -2,
    "بعد القادم": 2, "بعد القادمه": 2, "بعد المقبل": 2, "بعد المقبله": 2, "بعد الجاي": 2,
    "بعد الجايه": 2, "بعد التالي": 2, "بعد التاليه": 2, "اللي بعد الجاي": 2,
    "اللي بعد القادم": 2,
}
# Demonstratives placed before the noun ("هذا الأسبوع", "هذه السنة").
DEMONSTRATIVES = {"هذا": 0, "هذه": 0, "هذي": 0, "هاي": 0, "هاد": 0}
# Relative words that, with a weekday, mean a specific direction.  The current-period
# words (الجاري) point forward for a weekday, as a reader understands "الخميس الجاري".
WEEKDAY_RELATIVE_OVERRIDE = {"الجاري": 1, "الجاريه": 1, "الحالي": 1, "الحاليه": 1}

# Unit nouns with the article, for "<unit> <relative>".
UNIT_NOUNS = {
    "اليوم": "day", "الاسبوع": "week", "الشهر": "month", "العام": "year", "السنه": "year",
    "الربع": "quarter", "الفصل": "quarter",
}
# Unit nouns that are also adjectives: "العام" after a definite noun means "general"
# ("الأمين العام"), unless that noun is one of YEAR_ADJ_ALLOWED_BEFORE.
UNIT_NOUNS_ALSO_ADJECTIVES = {"العام"}
# The nouns "day" and "month" where a rule looks for them in a match: "يوم" before a deixis
# makes it the day itself ("يوم الغد"), "شهر" before صفر makes it the month.
DAY_NOUN = "يوم"
MONTH_NOUN = "شهر"
# Unit words in offsets ("قبل 3 أيام", "بعد شهرين").  value: (unit, count or None).
# count None = plural, needs a number; a singular means one; a dual means two.
OFFSET_UNITS = {
    "يوم": ("day", 1), "يوما": ("day", 1), "ايام": ("day", None), "يومين": ("day", 2),
    "يومان": ("day", 2),
    "اسبوع": ("week", 1), "اسبوعا": ("week", 1), "اسابيع": ("week", None),
    "اسبوعين": ("week", 2), "اسبوعان": ("week", 2),
    "شهر": ("month", 1), "شهرا": ("month", 1), "اشهر": ("month", None), "شهور": ("month", None),
    "شهرين": ("month", 2), "شهران": ("month", 2),
    "سنه": ("year", 1), "عام": ("year", 1), "عاما": ("year", 1), "سنوات": ("year", None),
    "سنين": ("year", None), "اعوام": ("year", None), "سنتين": ("year", 2), "سنتان": ("year", 2),
    "عامين": ("year", 2), "عامان": ("year", 2),
}
# Offset directions: sign of the shift.  "خلال" is a duration (from now for N units).
OFFSET_DIRECTIONS = {"قبل": -1, "منذ": -1, "بعد": 1, "خلال": 0, "طوال": 0}
# Approximators allowed between the direction and the number ("قبل نحو عامين").
APPROXIMATORS = [
    "نحو", "حوالي", "قرابه", "زهاء", "اكثر من", "اقل من", "ما يقارب", "ما يزيد علي",
    "ما يزيد عن", "ما لا يقل عن", "حوالى",
]
# Vague quantities: "قبل أيام", "قبل بضعة أيام", "بعد عدة أشهر".
VAGUE_QUANTIFIERS = ["بضعه", "بضع", "عده", "بعض"]
# Vague windows, in days relative to the publication date, for a vague offset.
# (unit, direction) -> (first day offset, last day offset) ; months are counted in months.
VAGUE_WINDOWS = {
    ("day", -1): ("day", -7, -1), ("day", 1): ("day", 1, 7),
    ("week", -1): ("day", -35, -8), ("week", 1): ("day", 8, 35),
    ("month", -1): ("month", -6, -1), ("month", 1): ("month", 1, 6),
}
# Vague "the coming/past days" phrases: unit noun plural + adjective.
VAGUE_PERIODS = {
    "الايام المقبله": ("day", 1, 7), "الايام القادمه": ("day", 1, 7),
    "الايام القليله المقبله": ("day", 1, 7), "الايام القليله القادمه": ("day", 1, 7),
    "الايام القريبه المقبله": ("day", 1, 7), "الايام القليله الماضيه": ("day", -7, -1),
    "الايام الماضيه": ("day", -7, -1), "الايام الاخيره": ("day", -7, -1),
}

# Cardinal number words (for offsets and month numbers).
NUMBER_WORDS = {
    "واحد": 1, "واحده": 1, "اثنين": 2, "اثنان": 2, "اثنتين": 2, "ثلاث": 3, "ثلاثه": 3,
    "تلات": 3, "تلاته": 3, "اربع": 4, "اربعه": 4, "خمس": 5, "خمسه": 5, "ست": 6, "سته": 6,
    "سبع": 7, "سبعه": 7, "ثمان": 8, "ثماني": 8, "ثمانيه": 8, "تمان": 8, "تسع": 9, "تسعه": 9,
    "عشر": 10, "عشره": 10, "احد عشر": 11, "حدعشر": 11, "اثنا عشر": 12, "اثني عشر": 12,
    "اطنعشر": 12, "عشرين": 20, "عشرون": 20, "ثلاثين": 30, "ثلاثون": 30, "اربعين": 40,
    "اربعون": 40, "خمسين": 50, "خمسون": 50, "ستين": 60, "ستون": 60, "سبعين": 70,
    "سبعون": 70, "ثمانين": 80, "ثمانون": 80, "تسعين": 90, "تسعون": 90, "مئه": 100, "مائه": 100,
}
# Ordinal day numbers ("الحادي عشر من شباط").  Built from units and tens below.
ORDINAL_UNITS = {
    "اول": 1, "الاول": 1, "الاولي": 1, "ثاني": 2, "الثاني": 2, "الثانيه": 2, "ثالث": 3,
    "الثالث": 3, "الثالثه": 3, "رابع": 4, "الرابع": 4, "الرابعه": 4, "خامس": 5, "الخامس": 5,
    "الخامسه": 5, "سادس": 6, "السادس": 6, "السادسه": 6, "سابع": 7, "السابع": 7, "السابعه": 7,
    "ثامن": 8, "الثامن": 8, "الثامنه": 8, "تاسع": 9, "التاسع": 9, "التاسعه": 9, "عاشر": 10,
    "العاشر": 10, "العاشره": 10,
}
ORDINAL_TEENS = {  # "<unit> عشر": 11..19
    "الحادي": 11, "الحاديه": 11, "الثاني": 12, "الثانيه": 12, "الثالث": 13, "الثالثه": 13,
    "الرابع": 14, "الرابعه": 14, "الخامس": 15, "الخامسه": 15, "السادس": 16, "السادسه": 16,
    "السابع": 17, "السابعه": 17, "الثامن": 18, "الثامنه": 18, "التاسع": 19, "التاسعه": 19,
}
ORDINAL_TENS = {"العشرين": 20, "العشرون": 20, "الثلاثين": 30, "الثلاثون": 30}


def _ordinal_days() -> dict[str, int]:
    """Every ordinal day number: units, "<unit> عشر(ة)" for 11..19, tens, and
    "<unit with article> و<ten>" ("الخامس والعشرين", also with a space after و)."""
    out: dict[str, int] = {}
    for w, v in ORDINAL_UNITS.items():
        out[w] = v
    for w, v in ORDINAL_TEENS.items():
        out[w + " عشر"] = v
        out[w + " عشره"] = v
    for w, v in ORDINAL_TENS.items():
        out[w] = v
    for w, v in ORDINAL_UNITS.items():
        if w.startswith("ال") and v < 10:
            for tw, tv in ORDINAL_TENS.items():
                out[f"{w} و{tw}"] = v + tv
                out[f"{w} و {tw}"] = v + tv
    out["الحادي والعشرين"] = 21
    out["الحادي والثلاثين"] = 31
    return out


ORDINAL_DAYS = _ordinal_days()
# An ordinal right after a definite noun is its adjective ("الأسبوع الأول"), except after
# these words, where it is still a day ("الخميس الموافق الخامس").
ORDINAL_DAY_AFTER = {"الموافق"}
# The definite article, and the endings of a nisba adjective (ي / ية): "العام الدراسي".
DEFINITE_ARTICLE = "ال"
NISBA_ENDINGS = ("ي", "يه")
# Ordinals for "n-th weekday / week / quarter" ("ثالث ثلاثاء", "الربع الأول").  -1 = last.
NTH = {
    "اول": 1, "الاول": 1, "الاولي": 1, "ثاني": 2, "ثان": 2, "الثاني": 2, "الثانيه": 2,
    "ثالث": 3, "الثالث": 3, "الثالثه": 3, "رابع": 4, "الرابع": 4, "الرابعه": 4,
    "خامس": 5, "الخامس": 5, "اخر": -1, "الاخير": -1, "الاخيره": -1,
}

# Gregorian months, in every naming used in Arab media.
MONTHS = {
    "يناير": 1, "كانون الثاني": 1, "جانفي": 1, "جانفييه": 1,
    "فبراير": 2, "شباط": 2, "فيفري": 2, "فبرير": 2,
    "مارس": 3, "اذار": 3,
    "ابريل": 4, "نيسان": 4, "افريل": 4,
    "مايو": 5, "ايار": 5, "ماي": 5,
    "يونيو": 6, "يونيه": 6, "حزيران": 6, "جوان": 6,
    "يوليو": 7, "يوليه": 7, "تموز": 7, "جويليه": 7, "جويلييه": 7,
    "اغسطس": 8, "اب": 8, "اوت": 8, "غشت": 8,
    "سبتمبر": 9, "ايلول": 9, "شتنبر": 9,
    "اكتوبر": 10, "تشرين الاول": 10,
    "نوفمبر": 11, "تشرين الثاني": 11, "نونبر": 11,
    "ديسمبر": 12, "كانون الاول": 12, "دجنبر": 12,
}
# Month names that are also ordinary words (آب = father, ماي, مارس = "practised"):
# only a date when a day, a year, a relative word, "شهر" or a paired name is next to them.
MONTHS_NEED_CONTEXT = {"اب", "ماي", "مارس", "اوت"}

# Hijri months (Umm al-Qura).
HIJRI_MONTHS = {
    "محرم": 1, "صفر": 2, "ربيع الاول": 3, "ربيع اول": 3, "ربيع الثاني": 4, "ربيع الاخر": 4,
    "ربيع ثاني": 4, "جمادي الاولي": 5, "جمادي الاول": 5, "جمادي اولي": 5,
    "جمادي الثانيه": 6, "جمادي الاخره": 6, "جمادي الاخر": 6, "جمادي الثاني": 6,
    "رجب": 7, "شعبان": 8, "رمضان": 9, "شوال": 10, "ذو القعده": 11, "ذي القعده": 11,
    "ذو الحجه": 12, "ذي الحجه": 12,
}
HIJRI_MONTHS_NEED_CONTEXT = {"صفر"}  # also "zero"
# Era markers after a year.
HIJRI_MARKERS = ["هـ", "ه", "هجري", "هجريه", "للهجره"]
GREGORIAN_MARKERS = ["م", "ميلادي", "ميلاديه", "للميلاد"]

# Holidays.  ("hijri", month, day) or ("gregorian", month, day) or ("easter",).
# Dates are computed from Umm al-Qura (hijri.py), never typed in.
HOLIDAYS = {
    "عيد الفطر": ("hijri", 10, 1), "عيد الفطر المبارك": ("hijri", 10, 1),
    "عيد الاضحي": ("hijri", 12, 10), "عيد الاضحي المبارك": ("hijri", 12, 10),
    "يوم عرفه": ("hijri", 12, 9), "وقفه عرفه": ("hijri", 12, 9),
    "راس السنه الهجريه": ("hijri", 1, 1), "عاشوراء": ("hijri", 1, 10),
    "المولد النبوي": ("hijri", 3, 12), "المولد النبوي الشريف": ("hijri", 3, 12),
    "ذكري المولد النبوي": ("hijri", 3, 12), "ليله القدر": ("hijri", 9, 27),
    "الاسراء والمعراج": ("hijri", 7, 27),
    "عيد الميلاد": ("gregorian", 12, 25), "الكريسماس": ("gregorian", 12, 25),
    "كريسماس": ("gregorian", 12, 25), "راس السنه الميلاديه": ("gregorian", 1, 1),
    "عيد الفصح": ("easter",),
}
# Words before a holiday that turn it into a range ("بعد عيد الأضحى").
# value: "after" = from the holiday to the end of its month; "before" = from the start
# of its month to the day before.
HOLIDAY_PREFIXES = {"بعد": "after", "عقب": "after", "قبل": "before", "قبيل": "before"}

# Seasons (meteorological): months covered.  Winter N = Dec N-1 .. Feb N.
SEASONS = {
    "ربيع": (3, 5), "الربيع": (3, 5), "صيف": (6, 8), "الصيف": (6, 8),
    "خريف": (9, 11), "الخريف": (9, 11), "شتاء": (12, 2), "الشتاء": (12, 2),
}
# Decades.
DECADES = {
    "العشرينات": 1920, "العشرينيات": 1920, "الثلاثينات": 1930, "الثلاثينيات": 1930,
    "الاربعينات": 1940, "الاربعينيات": 1940, "الخمسينات": 1950, "الخمسينيات": 1950,
    "الستينات": 1960, "الستينيات": 1960, "السبعينات": 1970, "السبعينيات": 1970,
    "الثمانينات": 1980, "الثمانينيات": 1980, "التسعينات": 1990, "التسعينيات": 1990,
}
# Parts of a period.  value: (kind, parameters)
#   month thirds in days; year parts in months; week part in days from the week start.
PERIOD_PARTS = {
    "مطلع": "early", "اوائل": "early", "بدايه": "early", "بدايات": "early", "مستهل": "early",
    "اول": "early", "غره": "first",
    "منتصف": "mid", "اواسط": "mid", "اوسط": "mid", "وسط": "mid",
    "اواخر": "late", "نهايه": "late", "نهايات": "late", "اخر": "late", "ختام": "late",
    "اخير": "late",
}
PART_RANGES = {
    # month: day ranges (None = last day of month)
    ("month", "early"): (1, 10), ("month", "mid"): (11, 20), ("month", "late"): (21, None),
    ("month", "first"): (1, 1),
    # year: month ranges
    ("year", "early"): (1, 4), ("year", "mid"): (5, 8), ("year", "late"): (9, 12),
    ("year", "first"): (1, 1),
    # week: day index ranges from the week start (the weekend = the last three days)
    ("week", "early"): (0, 2), ("week", "mid"): (2, 4), ("week", "late"): (4, 6),
}

# Parts of a year in "الربع الأول", "النصف الثاني": months per part.  The units of
# QUARTER_UNITS_NEED_YEAR (الفصل is also a school term or a chapter) and every part that is
# not a quarter are a date only with a year.
QUARTER_UNITS = {"الربع": 3, "الفصل": 3, "النصف": 6, "الثلث": 4}
QUARTER_UNITS_NEED_YEAR = {"الفصل"}

# Words for "year" / "month" before a number.
YEAR_WORDS = ["عام", "العام", "سنه", "السنه", "لعام", "لسنه"]

# --------------------------------------------------------------------------------------
# Blockers: contexts that cancel a match
# --------------------------------------------------------------------------------------

# The word before a deixis that makes it part of a name ("روسيا اليوم", "حزب الغد").
DEIXIS_BLOCK_BEFORE = {
    "روسيا", "اسرائيل", "العرب", "مصر", "فرنسا", "امريكا", "صحيفه", "جريده", "موقع", "قناه",
    "حزب", "تيار", "برنامج", "مجله", "وكاله", "اخبار", "عالم", "لبنان", "سوريا", "تونس",
    "الجزائر", "المغرب", "الاردن", "فلسطين", "الخليج", "الوطن", "اليمن", "العراق",
    # media outlets and figurative "the future": "عين اليوم", "جيل الغد", "قادة الغد"
    "عين", "جيل", "اجيال", "قاده", "رجال", "نساء", "شباب", "اطفال", "صناع", "صناعه",
    "مدرسه", "مدارس", "مدن", "مدينه", "تحديات", "رهانات", "افاق", "رؤيه", "اقتصاد",
    "مستقبل", "طاقه", "وظائف", "مهارات", "انسان", "مجتمع", "جامعه", "سياسيي", "نجوم",
}
# A short quoted or bracketed name ending with a deixis is a media name:
# «المصري اليوم», "(اليوم)" after لـ, a byline "عين اليوم – نيويورك".  Regexes on the
# normalised text right before (searched) / right after (matched) the deixis; a name needs both.
DEIXIS_NAME_BEFORE = [
    r"[«\"“(](?:[^\W\d_]+\s+)?$",             # opening quote, at most one word before
    r"[-–|]\s*[^\W\d_]+\s+$",                  # byline "– عين اليوم": dash, one word
    r"(?:^|\n)\s*[^\W\d_]+\s+$",               # byline "عين اليوم –": line start, one word
]
DEIXIS_NAME_AFTER = [
    r"[»\"”)]",                                  # closing quote
    r"[ \t]*(?:[-–|]|\n|$)",                      # dash or end of line
    r"[ \t]*[-–|]",                               # dash
]
# The deixis words that such names end with.
DEIXIS_NAME_WORDS = {"اليوم"}
# Deixis words whose definite form is also a noun ("الغد المشرق" = the bright future,
# "الأمس القريب" = the recent past): a definite adjective after them cancels the date.
DEIXIS_NOUNS = {"اليوم", "الغد", "الامس"}
# The word after "اليوم" that makes it a name or a numbered day ("اليوم السابع").
DEIXIS_BLOCK_AFTER = {
    "السابع", "الافضل", "المشرق", "الواعد", "المنشود", "الجديد", "الاجمل", "القريب",
    "البعيد", "الاحسن", "المامول", "المجهول", "المختلف",
}
# "العام" after one of these words is the adjective "general" / "public".
# More generally: "العام" right after a definite noun is an adjective; these definite
# words are the exceptions where العام is still the year.
YEAR_ADJ_ALLOWED_BEFORE = {"الاسبوع", "الشهر"}
# Words before a weekday that make it the name of a prayer or a sermon.
WEEKDAY_BLOCK_BEFORE = {"صلاه", "خطبه", "خطيب", "صلوات", "مصلي", "مصلو", "جمعه"}
# Head nouns of place names: a weekday right after them is part of the name
# ("سوق الخميس", "شارع السبت", "مسجد سوق الأحد").  Checked with the clitics و ف ب ل.
WEEKDAY_PLACE_HEADS = {
    "سوق", "اسواق", "شارع", "حي", "ميدان", "جامع", "مسجد", "ساحه", "قريه", "بلده", "مدينه",
    "منطقه", "محطه", "مركز", "مدرسه", "نادي", "جسر", "دوار", "بوابه", "باب",
}
# Words after a number that make it a quantity, not a year.
QUANTITY_WORDS = {
    "في", "بالمئه", "بالمائه", "%", "شخص", "شخصا", "اشخاص", "دولار", "دولارا", "ريال",
    "ريالا", "جنيه", "دينار", "درهم", "يورو", "ليره", "كيلو", "كيلومتر", "كيلومترا", "كم",
    "متر", "مترا", "طن", "طنا", "قتيل", "قتيلا", "جريح", "جريحا", "مليون", "مليار", "الف",
    "عنصر", "عنصرا", "مقاتل", "مقاتلا", "جندي", "جنديا", "طفل", "طفلا", "امراه", "عائله",
    "منزل", "منزلا", "وحده", "برميل", "ساعه", "دقيقه", "ميغاواط", "سياره", "طائره",
    "لاجي", "لاجيا", "نازح", "نازحا", "معتقل", "معتقلا", "صاروخ", "صاروخا", "غاره",
    "موظف", "موظفا", "طالب", "طالبا", "عامل", "عاملا", "سهم", "نقطه", "هكتار",
    "ملايين", "مليارات", "الاف", "كيلوغرام", "كيلوجرام", "كغ", "كلغ", "كلم",
    "ميل", "لتر", "لترا", "غرام", "جرام", "ميغاوات", "فدان", "دونم", "قدم", "بوصه",
    "ريالات", "دولارات", "دنانير", "دراهم", "جنيهات", "ليرات", "اطنان", "مترا مربعا",
    "مربع", "مكعب", "برميلا",
}
# A bare year (no year word, no era) after a decimal point is a quantity ("2069.4 مليون").
DECIMAL_AFTER_NUMBER = r"[.,٫]\d"
# A bare year this many years after the publication is a quantity or a code, not a date.
BARE_YEAR_MAX_AHEAD = 10
# ... unless one of these words is right before it ("في 2030", "بحلول 2050").
BARE_YEAR_MARKERS = {"في", "وفي", "بحلول", "حتي", "وحتي"}
# "العام" / "السنة" followed by a definite adjective (ي/ية) names a non-calendar year
# ("العام الدراسي", "السنة المالية"); these adjectives still name the calendar year.
YEAR_ADJ_CALENDAR = {"الميلادي", "الميلاديه", "الجاري", "الجاريه", "الحالي", "الحاليه",
                     "الماضي", "الماضيه", "التالي", "التاليه", "الهجري", "الهجريه"}
# Words before a number that make it a quantity.
QUANTITY_BEFORE = {"نحو", "حوالي", "قرابه", "زهاء", "اكثر", "اقل", "رقم", "مجموع", "بلغ", "عدد"}
# An offset followed by one of these is anchored on an event, not on the article
# ("بعد أيام من الهجوم", "بعد عامين على الاتفاق").
OFFSET_BLOCK_AFTER = {"من", "علي", "عن"}
# An offset with a singular unit and no number followed by a definite noun is a
# construct ("قبل يوم الزفاف", "قبل أسبوع العودة"), anchored on an event.
OFFSET_CONSTRUCT_UNITS = {"يوم", "اسبوع", "شهر", "سنه", "عام"}
# Words starting with ال that are not definite nouns (relative pronouns, إلى, إلا).
NOT_DEFINITE_NOUNS = {"الي", "الا", "الذي", "التي", "الذين", "اللذين", "اللتين", "اللاتي",
                      "اللواتي", "اللذان", "اللتان"}
# A yearless day (no future marker) that falls this many days after the publication in
# the current year is read in the current year, not a year back ("في 18 أغسطس" on 10 Aug).
YEARLESS_NEAR_FUTURE_DAYS = 31

# Future-tense markers for bare weekdays and months ("سيعقد يوم الاثنين").
FUTURE_MARKERS = {
    "سوف", "المقرر", "المنتظر", "المتوقع", "المرتقب", "المزمع", "يعتزم", "تعتزم",
    "يعتزمون", "ستعقد", "سيعقد", "غدا", "المقبل", "المقبله", "القادم", "القادمه",
    "يرتقب", "يتوقع", "ينتظر", "سيتم", "ستتم", "ستبدا", "سيبدا",
}
# The future prefix سـ on an imperfect verb: س + (ي|ت|ن|ا) + stem (a regex; at least three
# letters of the stem follow it).
FUTURE_PREFIX = r"س[يتنا]"
# The clitics a word after a day number may carry ("3 وحتى", "5 بشهر"): and, in.
AFTER_NUMBER_CLITICS = "وب"
# Words that look like that but are not verbs:
FUTURE_PREFIX_FALSE = (
    "سياس", "سيار", "سيطر", "سيد", "سيده", "سين", "سيول", "سيف", "سياح", "سياق", "سيا",
    "ستين", "ستون", "ستار", "ستوديو", "ستراتيج", "سنه", "سنو", "سنين", "سني", "سنت", "سنا",
    "سنغافور", "سناتور", "سند", "ساع", "سابق", "ساح", "ساحل", "سال", "ساد", "سام",
    "سان", "ساك", "سامر", "ستوكهولم", "سيناريو", "سيرغي", "سيرجي", "سيريلانكا",
    "سيل", "سيسي", "سيري", "سيئ", "سييه", "ستيف", "ستيفن", "ساكن", "سائق", "سائر",
    "سالم", "سامي", "ساخن", "ساعد", "ساهم", "سافر", "سارع", "ساند", "ساو", "سنود", "سنوي",
    "سنوات", "ستالين", "ستانلي", "سنجار", "سنوب",
)

# --------------------------------------------------------------------------------------
# Patterns
# --------------------------------------------------------------------------------------
# Placeholders:
#   {CL}    optional clitics (و ف ب ل) glued to the first word
#   {WD} {WDB} {DEIX} {POD} {REL} {DEM} {UNITN} {UNIT} {DIR} {APPROX} {NUMW} {VAGUE}
#   {ORD}   ordinal day number, {NTH} ordinal for n-th, {MON} Gregorian month (with a
#           paired second name allowed: "أبريل (نيسان)", "آب/أغسطس"), {HMON} Hijri month,
#   {YEARW} year word, {HM} Hijri marker, {GM} Gregorian marker, {HOL} holiday,
#   {SEASON} {DECADE} {PART} {VPER} {NIGHT}
#   {YR}    a year reference, captured as groups year / yrel / ydem
#   {WDP}   optional weekday prefix ("الخميس ,", "يوم الاثنين الموافق"), group wd
#   {YR} {YRREQ} {MREF} {YQ} {WDP} are the FRAGMENTS below, expanded first.
# Fragments of patterns, with the same placeholders.
FRAGMENTS = {
    # optional weekday before a date: "الخميس ,", "يوم الاثنين الموافق"
    "WDP": r"(?:(?:يوم\s+)?(?P<wd>{WD})\s*,?\s*(?:(?:الموافق|في)\s+)?)?",
    # the year after a day or a month: "2015", "من عام 2015 م", "من العام الماضي", "من هذا العام"
    "YEAR_TAIL": (r"\s*,?\s*(?:(?:من|في)\s+|[بل])?(?:{YEARW})?\s*(?P<year>\d{{4}})(?!\d)"
                  r"(?:\s*(?P<era>{GM})(?!\w))?"
                  r"|\s+(?:(?:من|في)\s+|[بل])?(?:ال)?(?:عام|سنه)\s+(?P<yrel>{REL})"
                  r"|\s+(?:من\s+)?(?P<ydem>{DEM})\s+(?:العام|السنه)"),
    # a month: named, numbered, relative ("الشهر المقبل") or Hijri
    "MREF": (r"(?:شهر\s+)?(?P<mon>{MON})"
             r"|(?:شهر|الشهر)\s+(?P<monn>\d{{1,2}}|{NUMW}|{ORD})"
             r"|(?:(?P<mdem>{DEM})\s+)?الشهر(?:\s+(?P<mrel>{REL}))?"
             r"|(?:شهر\s+)?(?P<hmon>{HMON})"),
    # the year of a quarter: "هذا العام", "العام المقبل", "2015", "العام"
    "YQ": (r"(?P<ydem>{DEM})\s+(?:العام|السنه)|(?:العام|السنه)\s+(?P<yrel>{REL})"
           r"|(?:{YEARW})?\s*(?P<year>\d{{4}})|(?P<ythis>العام|السنه)"),
}
# Each entry: (rule name, kind of resolver, leads, template)
PATTERNS = [
    # --- days ---
    ("night-past", "deixis", ("NIGHT",),
     r"{CL}(?P<night>{NIGHT})"),
    ("deixis", "deixis", ("POD", "DEIX", "يوم", "اليوم"),
     r"{CL}(?:(?P<pod>{POD})\s+(?:يوم\s+)?)?(?:(?:ال)?يوم\s+(?:(?:الذي|الي|اللي)\s+)?)?"
     r"(?P<deix>{DEIX})(?:\s*,?\s*(?:يوم\s+)?(?P<wd>{WD}))?"),
    ("day-relative", "unit-rel", ("UNITN", "DEM"),
     r"{CL}(?:(?P<dem>{DEM})\s+)?(?P<unit>{UNITN})(?:\s+(?P<hij>الهجري|الهجريه))?"
     r"(?:\s+(?P<rel>{REL}))?(?:\s+(?P<hij2>الهجري|الهجريه))?"),
    ("vague-period", "vague-period", ("VPER",),
     r"{CL}(?P<vper>{VPER})"),
    # --- weekdays ---
    ("weekday-relative", "weekday", ("POD", "يوم", "WD", "DEM"),
     r"{CL}(?:(?P<pod>{POD})\s+)?(?:(?P<yawm>يوم)\s+)?(?:(?P<dem>{DEM})\s+)?(?P<wd>{WD})"
     r"(?:\s+(?P<rel>{REL}))?"),
    ("weekday-of-week", "weekday-week", ("يوم", "WD", "WDB"),
     r"{CL}(?:يوم\s+)?(?P<wd>{WD}|{WDB})\s+(?:من\s+)?(?:(?P<dem>{DEM})\s+)?الاسبوع"
     r"(?:\s+(?P<rel>{REL}))?"),
    ("week-weekday", "weekday-week", ("الاسبوع", "DEM"),
     r"{CL}(?:(?P<dem>{DEM})\s+)?الاسبوع(?:\s+(?P<rel>{REL}))?\s*,?\s*(?:يوم\s+)?(?P<wd>{WD})"),
    ("nth-weekday", "nth-weekday", ("NTH", "WD"),
     r"{CL}(?:(?P<nth>{NTH})\s+(?:يوم\s+)?(?P<wd>{WDB}|{WD})|(?P<wd2>{WD})\s+(?P<nth2>{NTH}))"
     r"\s+(?:(?:في|من)\s+|[بل])(?:{MREF}){YR}"),
    ("nth-day-of-month", "nth-day", ("NTH", "اليوم"),
     r"{CL}(?:(?P<nth>{NTH})\s+يوم|اليوم\s+(?P<nth2>{NTH}))\s+(?:(?:في|من)\s+|[بل])"
     r"(?:{MREF}){YR}"),
    # --- offsets ---
    ("offset", "offset", ("DIR",),
     r"{CL}(?P<dir>{DIR})\s+(?:(?P<approx>{APPROX})\s+)?(?:(?:(?P<num>\d+|{NUMW})(?:\s+و\s*(?P<num2>{NUMW}))?|(?P<vague>{VAGUE}))\s+)?"
     r"(?P<unit>{UNIT})(?:\s+(?P<hij>هجري\w*))?"
     r"(?:\s+(?P<past>الماضيه|الماضي|الاخيره|المنصرمه|الفائته))?"
     r"(?:\s*,?\s*(?:يوم\s+)?(?P<wd>{WD}))?"),
    ("weekday-offset", "offset", ("WD", "يوم"),
     r"{CL}(?:يوم\s+)?(?P<wd>{WD})\s+(?P<dir>بعد|قبل)\s+(?:(?P<num>\d+|{NUMW})\s+)?(?P<unit>{UNIT})"),
    # --- absolute dates ---
    ("day-month", "day-month", ("WD", "يوم", "ORD", "DIGIT"),
     r"{CL}{WDP}(?P<day>\d{{1,2}}|{ORD})\s*(?:من\s+)?(?:شهر\s+)?(?P<mon>{MON})"
     r"(?:{YR})?(?:\s+(?P<rel>{REL}))?"),
    ("month-day", "day-month", ("MON", "شهر"),
     r"{CL}(?:شهر\s+)?(?P<mon>{MON})\s+(?P<day>\d{{1,2}}|{ORD})(?!\s*\d)(?!\s*[/.:-])"),
    ("day-hijri-month", "hijri", ("WD", "يوم", "ORD", "DIGIT"),
     r"{CL}{WDP}(?P<day>\d{{1,2}}|{ORD})\s*(?:من\s+)?(?:شهر\s+)?(?P<hmon>{HMON})"
     r"(?:\s*,?\s*(?:(?:من|في)\s+)?(?:{YEARW})?\s*(?P<year>\d{{4}})|\s+(?:من\s+)?(?:ال)?(?:عام|سنه)\s+(?P<yrel>{REL}))?"
     r"(?:\s*(?P<hm>{HM}))?"),
    ("hijri-month", "hijri", ("HMON", "شهر", "PART"),
     r"{CL}(?:(?P<part>{PART})\s+)?(?:شهر\s+)?(?P<hmon>{HMON})"
     r"(?:\s*,?\s*(?:(?:من|في)\s+)?(?:{YEARW})?\s*(?P<year>\d{{4}})|\s+(?:من\s+)?(?:ال)?(?:عام|سنه)\s+(?P<yrel>{REL}))?"
     r"(?:\s*(?P<hm>{HM}))?(?:\s+(?P<rel>{REL}))?"),
    ("day-relative-month", "day-relmonth", ("WD", "يوم", "ORD", "DIGIT"),
     r"{CL}{WDP}(?P<day>\d{{1,2}}|{ORD})\s+(?:من\s+)?(?:(?P<dem>{DEM})\s+)?الشهر(?:\s+(?P<rel>{REL}))?"),
    ("weekday-ordinal-day", "weekday-day", ("WD", "يوم"),
     r"{CL}(?:يوم\s+)?(?P<wd>{WD})\s*,?\s*(?:الموافق\s+)?(?P<day>{ORD})"),
    ("month-year", "month", ("MON", "شهر", "PART"),
     r"{CL}(?:(?P<part>{PART})\s+)?(?:شهر\s+)?(?P<mon>{MON}){YRREQ}"),
    ("month-number-year", "month", ("شهر", "الشهر"),
     r"{CL}(?:(?P<part>{PART})\s+)?(?:شهر|الشهر)\s+(?P<monn>\d{{1,2}}|{NUMW}|{ORD}){YRREQ}"),
    ("month-relative", "month", ("MON", "شهر", "PART"),
     r"{CL}(?:(?P<part>{PART})\s+)?(?:(?P<shahr>شهر)\s+)?(?P<mon>{MON})\s+(?P<rel>{REL})"),
    ("month-number-relative", "month", ("شهر",),
     r"{CL}(?:(?P<part>{PART})\s+)?شهر\s+(?P<monn>\d{{1,2}}|{NUMW})\s+(?P<rel>{REL})"),
    ("month-bare", "month", ("MON", "شهر", "PART"),
     r"{CL}(?:(?P<part>{PART})\s+)?(?:(?P<shahr>شهر)\s+)?(?P<mon>{MON})"),
    ("month-number-bare", "month", ("شهر",),
     r"{CL}(?:(?P<part>{PART})\s+)?(?P<shahr>شهر)\s+(?P<monn>\d{{1,2}})(?![\d/.])"),
    ("numeric-date", "numeric", ("WD", "يوم", "DIGIT"),
     r"{CL}{WDP}(?P<a>\d{{1,4}})\s?(?P<sep>[/.-])\s?(?P<b>\d{{1,2}})\s?(?P=sep)\s?(?P<c>\d{{2,4}})(?!\d)"
     r"(?:\s*(?P<hm>{HM})|\s*{GM}(?!\w))?"),
    ("numeric-day-month", "numeric", ("WD", "يوم", "بتاريخ", "تاريخ"),
     r"{CL}(?:(?:يوم\s+)?(?P<wd>{WD})\s*,?\s*(?:الموافق\s+)?|(?:يوم|في|بتاريخ|تاريخ)\s+)"
     r"(?P<a>\d{{1,2}})/(?P<b>\d{{1,2}})(?![/\d])"),
    ("numeric-month-year", "numeric-month", ("DIGIT",),
     r"(?<![\d/.-])(?P<b>\d{{1,2}})/(?P<c>\d{{4}})(?![/\d])"),
    ("iso-week", "iso-week", ("الاسبوع", "اسبوع"),
     r"{CL}(?:ال)?اسبوع\s+(?:رقم\s+)?(?P<wn>\d{{1,2}})(?!\d)(?:\s+(?:من\s+)?(?:(?:ال)?عام\s+|سنه\s+)?(?P<year>\d{{4}}))?"),
    ("week-of-date", "week-of", ("اسبوع",),
     r"{CL}اسبوع\s+(?P<day>\d{{1,2}})\s+(?P<mon>{MON}){YR}"),
    ("nth-week-of-month", "nth-week", ("NTH", "الاسبوع"),
     r"{CL}(?:(?P<nth>{NTH})\s+اسبوع|الاسبوع\s+(?P<nth2>{NTH}))\s+(?:(?:في|من)\s+|[بل])(?:{MREF}){YR}"),
    ("year", "year", ("YEARW", "DIGIT", "PART"),
     r"{CL}(?:(?P<part>{PART})\s+)?(?:(?P<kw>{YEARW})\s*)?(?P<year>\d{{4}})(?!\d)"
     r"(?:\s*(?P<era>{HM}|{GM})(?!\w))?"),
    ("year-range", "year-range", ("YEARW", "DIGIT"),
     r"{CL}(?:{YEARW}\s*)?(?P<y1>\d{{4}})\s*(?P<join>الي|حتي|و|-|–|ل)\s*(?:{YEARW}\s*)?(?P<y2>\d{{4}})(?!\d)"
     r"(?:\s*(?P<era>{HM}|{GM})(?!\w))?"),
    ("day-range", "day-range", ("DIGIT",),
     r"(?P<d1>\d{{1,2}})\s*(?:الي|حتي|و|-|–)\s*(?P<d2>\d{{1,2}})\s+(?:من\s+)?(?:شهر\s+)?(?P<mon>{MON})(?:{YR})?"),
    ("quarter", "quarter", ("الربع", "النصف", "الفصل", "الثلث"),
     r"{CL}(?P<qunit>الربع|الفصل|النصف|الثلث)\s+(?P<qn>{NTH}|\d)(?:\s+(?:من\s+)?(?:{YQ}))?"),
    ("quarter-year", "quarter", ("الربع", "الفصل"),
     r"{CL}(?P<qunit>الربع|الفصل)\s+(?P<qn>\d)\s+(?P<year>\d{{4}})"),
    ("period-part", "part-of", ("PART",),
     r"{CL}(?P<part>{PART})\s+(?:(?P<dem>{DEM})\s+)?(?P<unit>الشهر|العام|السنه|الاسبوع)"
     r"(?:\s+(?P<hij>الهجري|الهجريه))?(?:\s+(?P<rel>{REL}))?"),
    ("season", "season", ("SEASON", "DEM"),
     r"{CL}(?:(?P<dem>{DEM})\s+)?(?P<season>{SEASON})(?:\s+(?:(?P<rel>{REL})|(?:(?:من\s+)?(?:{YEARW})\s*)?(?P<year>\d{{4}})))?"),
    ("decade", "decade", ("DECADE",),
     r"{CL}(?P<decade>{DECADE})"),
    ("holiday", "holiday", ("HOL", "HOLPRE"),
     r"{CL}(?:(?P<pre>{HOLPRE})\s+)?(?P<hol>{HOL})(?:\s*,?\s*(?:{YEARW})?\s*(?P<year>\d{{4}})|\s+(?P<rel>{REL}))?"),
    ("latin-date", "dateparser", ("DIGIT", "Jan", "January", "Feb", "February", "Mar", "March",
                                  "Apr", "April", "May", "Jun", "June", "Jul", "July", "Aug",
                                  "August", "Sep", "Sept", "September", "Oct", "October", "Nov",
                                  "November", "Dec", "December"),
     r"(?P<dp>\d{{1,2}}\s+(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?,?\s+\d{{4}}"
     r"|(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+\d{{1,2}},?\s+\d{{4}})"),
]

# Merges of two neighbouring mentions into one.
# "الموافق" double dates are counted once (the Gregorian side is kept): the text between
# the two dates is DOUBLE_DATE_GAP, where {JOINERS} is the alternation of the joiners.
DOUBLE_DATE_JOINERS = ["الموافق", "الموافقه"]
DOUBLE_DATE_GAP = r"^\s*,?\s*[(\[]?\s*(?:{JOINERS})\s*(?:ل\s*)?$"
# Ranges: "من X إلى Y", "بين X و Y", "X - Y".  An opener is looked for right before the
# first date (with و or ف glued to it); a joiner is the whole text between the dates.
RANGE_OPENERS = ["من", "بين", "منذ"]
RANGE_JOINERS = ["الى", "حتي", "لغايه", "ولغايه", "وحتي", "ل", "-", "–"]
# Joiners that make a range only after an opener ("بين X و Y", not "X و Y").
RANGE_JOINERS_AFTER_OPENER = ["و"]
# Year ranges ("2011 و 2013", "1990 ل 1995"): these joiners need one of the openers before.
YEAR_RANGE_JOINERS_NEED_OPENER = {"و", "ل"}
YEAR_RANGE_OPENERS = {"من", "بين", "منذ", "ومن", "وبين"}
# A number starts a date only when one of these follows it (or it has four digits, or a
# separator / . - follows): first words of month names are added automatically.
AFTER_DAY_NUMBER = {"من", "شهر", "الشهر", "الي", "حتي", "و", "-", "–"}
