"""Words the site shows, per language, and date labels that say their precision.

A table, not code: add a language by adding a column.
"""

from __future__ import annotations

import datetime as dt
import re

MONTHS = {
    "ar": ["يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر"],
    "en": ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"],
}

QUARTERS = {
    "ar": ["الربع الأول", "الربع الثاني", "الربع الثالث", "الربع الرابع"],
    "en": ["Q1", "Q2", "Q3", "Q4"],
}

WORDS = {
    "ar": {
        "map": "الخريطة",
        "timeline": "الخط الزمني",
        "articles": "المقالات",
        "article": "المقال",
        "places": "الأماكن",
        "dates": "التواريخ",
        "events": "الأحداث",
        "published": "تاريخ النشر",
        "source": "المصدر",
        "original": "النص الأصلي",
        "expression": "العبارة",
        "resolved": "التاريخ",
        "precision": "الدقة",
        "rule": "كيف قُرئ",
        "place": "المكان",
        "country": "البلد",
        "kind": "النوع",
        "no_events": "لا توجد أحداث بعد.",
        "from_published": "بتاريخ النشر",
        "from_text": "من النص",
        "from_context": "من سياق الخبر",
        "map_frame": "خريطة تفاعلية للأحداث",
        "places_list": "قائمة الأماكن",
        "data": "البيانات",
        "day": "يوم",
        "week": "أسبوع",
        "month": "شهر",
        "quarter": "ربع سنة",
        "year": "سنة",
        "range": "فترة",
        "vague": "غير محدد",
        "point": "موقع محدد",
        "region": "منطقة",
        "in_city": "في {name}",
        "precision_country": "دولة",
        "geonames_credit": "بيانات الأماكن: GeoNames (رخصة CC BY 4.0\u200f)",
        "osm_credit": "خرائط: مساهمو OpenStreetMap",
        "csc_credit": "مواقع المحافظات: قاعدة بيانات {name} (رخصة ODbL\u200f)",
        "unlinked_source": "الرابط غير متاح",
        "mentioned": "ورد في النص",
        "home_summary": "{articles} · {events} · {places} · من {first} إلى {last}",
        "latest_events": "أحدث الأحداث",
        "all_places": "كل الأماكن",
        "place_events": "الأحداث في هذا المكان",
        "spellings": "الصيغ الواردة في المقالات",
        "on_map": "على الخريطة",
        "continued": "تابع",
        "no_country": "بحار ومناطق ومواقع بلا بلد",
        "country_pages": "الأماكن حسب البلد",
        "place_page": "صفحة المكان",
        "by_date": "حسب التاريخ",
        "by_source": "حسب المصدر",
        "no_source": "مصدر غير معروف",
        "months": "الأشهر",
        "page": "صفحة",
        "next_page": "الصفحة التالية",
        "previous_page": "الصفحة السابقة",
        "data_intro": "كل ما تعرضه الخريطة والخط الزمني متاح بصيغ مفتوحة:",
        "events_zip": "كل الأحداث في ملف مضغوط واحد (فيه GeoJSON وCSV وiCalendar)",
        "events_zip_only": "الموقع كبير، فملفات الأحداث الثلاثة تُنشر داخل الملف المضغوط وحده.",
        "events_geojson": "الأحداث (GeoJSON، نقطة لكل حدث ومكان)",
        "events_csv": "الأحداث (CSV)",
        "events_ics": "الأحداث (تقويم iCalendar)",
        "places_geojson": "الأماكن (GeoJSON)",
        "derived": "«{text}» = {when}: {how}",
        "why": "كيف عُرف",
        "filters": "تصفية وبحث",
        "more": "أحداث أخرى في صفحة المكان",
        "filter_from": "من تاريخ",
        "filter_to": "إلى تاريخ",
        "filter_source": "المصدر",
        "filter_all": "كل المصادر",
        "filter_place": "ابحث عن مكان",
        "legend_recent": "أحدث",
        "legend_old": "أقدم",
        "shown": "أماكن معروضة",
        "timeline_overview": "نظرة عامة",
        "type_other": "غير مصنف",
        "event_types": "أنواع الأحداث",
        "event_type": "نوع الحدث",
        "subtype": "التفصيل",
        "actors": "الأطراف",
        "sources": "المصادر",
        "permalink": "رابط الحدث",
        "future": "مرتقب",
        "future_note": "حدث مقرر أو متوقع لم يكن قد وقع يوم نشر الخبر",
        "actors_credit": "أسماء الأطراف: UniversalPetrarch (رخصة MIT\u200f)",
        "km": "كم",
        "m": "م",
        "filter_type": "نوع الحدث",
        "filter_all_types": "كل الأنواع",
        "filter_actor": "الطرف",
        "filter_all_actors": "كل الأطراف",
        "event_link": "تفاصيل الحدث",
        "previous_month": "السابق",
        "next_month": "التالي",
        "no_events_between": "لا أحداث من {first} إلى {last}",
        "no_events_in": "لا أحداث في {month}",
        "band": "أحداث ممتدة تشمل هذا الشهر",
        "band_more": "و{count} أخرى في صفحات أشهرها الأولى",
    },
    "en": {
        "map": "Map",
        "timeline": "Timeline",
        "articles": "Articles",
        "article": "Article",
        "places": "Places",
        "dates": "Dates",
        "events": "Events",
        "published": "Published",
        "source": "Source",
        "original": "Original",
        "expression": "Expression",
        "resolved": "Date",
        "precision": "Precision",
        "rule": "How it was read",
        "place": "Place",
        "country": "Country",
        "kind": "Kind",
        "no_events": "No events yet.",
        "from_published": "publication date",
        "from_text": "from the text",
        "from_context": "from the story's context",
        "map_frame": "Interactive map of the events",
        "places_list": "List of places",
        "data": "Data",
        "day": "day",
        "week": "week",
        "month": "month",
        "quarter": "quarter",
        "year": "year",
        "range": "period",
        "vague": "vague",
        "point": "exact place",
        "region": "region",
        "in_city": "in {name}",
        "precision_country": "country",
        "geonames_credit": "Place data: GeoNames (CC BY 4.0)",
        "osm_credit": "Map tiles: OpenStreetMap contributors",
        "csc_credit": "Province points: {name} database (ODbL)",
        "unlinked_source": "no link",
        "mentioned": "mentioned as",
        "home_summary": "This site covers {articles} and {events} in {places}, from {first} to {last}.",
        "latest_events": "Latest events",
        "all_places": "All places",
        "place_events": "Events at this place",
        "spellings": "Spellings met in the articles",
        "on_map": "on the map",
        "continued": "continued",
        "no_country": "Seas, regions and places without a country",
        "country_pages": "Places by country",
        "place_page": "place page",
        "by_date": "By date",
        "by_source": "By source",
        "no_source": "unknown source",
        "months": "Months",
        "page": "page",
        "next_page": "Next page",
        "previous_page": "Previous page",
        "data_intro": "Everything the map and the timeline show is available in open formats:",
        "events_zip": "All events, compressed (a ZIP of the GeoJSON, CSV and iCalendar files)",
        "events_zip_only": "The site is large: the three event files are published inside the ZIP only.",
        "events_geojson": "Events (GeoJSON, one point per event and place)",
        "events_csv": "Events (CSV)",
        "events_ics": "Events (iCalendar)",
        "places_geojson": "Places (GeoJSON)",
        "derived": "«{text}» = {when}: {how}",
        "why": "How it was read",
        "filters": "Filter and search",
        "more": "more events on the place page",
        "filter_from": "From",
        "filter_to": "To",
        "filter_source": "Source",
        "filter_all": "All sources",
        "filter_place": "Find a place",
        "legend_recent": "recent",
        "legend_old": "older",
        "shown": "places shown",
        "timeline_overview": "Overview",
        "type_other": "Unclassified",
        "event_types": "Event types",
        "event_type": "Event type",
        "subtype": "Detail",
        "actors": "Actors",
        "sources": "Sources",
        "permalink": "Link to this event",
        "future": "planned",
        "future_note": "Planned or expected: it had not happened when the article was published",
        "actors_credit": "Actor names: UniversalPetrarch (MIT)",
        "km": "km",
        "m": "m",
        "filter_type": "Event type",
        "filter_all_types": "All types",
        "filter_actor": "Actor",
        "filter_all_actors": "All actors",
        "event_link": "event details",
        "previous_month": "Previous",
        "next_month": "Next",
        "no_events_between": "no events from {first} to {last}",
        "no_events_in": "no events in {month}",
        "band": "Longer events covering this month",
        "band_more": "and {count} more on the pages of their first months",
    },
}

# How a list is written. The places of an event, the spellings of a name and the actors are
# joined with the Arabic comma ("ar") on every site, since the names are Arabic; a place's
# coordinates take the comma of the interface's language.
LIST_SEPARATORS = {"ar": "، ", "en": ", "}
NAMES_SEPARATOR = LIST_SEPARATORS["ar"]

# Credits on the map (the tile layer's attribution), in the interface's language.
GEONAMES_ATTRIBUTION = {"en": '<a href="https://www.geonames.org/">GeoNames</a> (CC BY 4.0)',
                        "ar": '<a href="https://www.geonames.org/">GeoNames</a> (رخصة CC BY 4.0\u200f)'}  # RLM: the ")" stays after the licence
OSM_ATTRIBUTION = '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors'
# The same credit in the interface's language (OpenStreetMap's guidelines allow a translation).
OSM_ATTRIBUTIONS = {"en": OSM_ATTRIBUTION, "ar": '&copy; مساهمو <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>'}

# The map's own words ({count} is a count as labels.count says it, made in the script from
# COUNT_FORMS: «33 مكانًا», «مكانان»).
MAP_WORDS = {
    "ar": {
        "shown_count": "على الخريطة: {count}",
        "none_shown": "لا أماكن تطابق هذه التصفية",
        "more_on_page": "في صفحة المكان أيضًا: {count}",
        "from_start": "منذ البداية",
        "to_end": "حتى النهاية",
        "search_none": "لا مكان بهذا الاسم على الخريطة",
        "search_filtered": "لا أحداث في {name} ضمن هذه التصفية",
        # Leaflet's own controls (its defaults are English)
        "zoom_in": "تكبير",
        "zoom_out": "تصغير",
        "close_popup": "إغلاق النافذة",
    },
    "en": {
        "shown_count": "On the map: {count}",
        "none_shown": "No place matches these filters",
        "more_on_page": "Also on the place page: {count}",
        "from_start": "From the start",
        "to_end": "To the end",
        "search_none": "No place by that name on the map",
        "search_filtered": "No events in {name} within these filters",
        "zoom_in": "Zoom in",
        "zoom_out": "Zoom out",
        "close_popup": "Close popup",
    },
}

# The site search's words (the box in the header, static/marsad-search.js): {query} is what
# the reader typed, {count} a count of articles as labels.count says it.
SEARCH_WORDS = {
    "ar": {
        "placeholder": "ابحث في المقالات",
        "label": "البحث في المقالات",
        "open": "افتح البحث",
        "clear": "امسح البحث",
        "initial": "اكتب كلمة أو أكثر للبحث في نصوص المقالات",
        "loading": "جارٍ تحميل البحث…",
        "searching": "جارٍ البحث…",
        "none": "لا مقالات فيها «{query}»",
        "found": "نتائج «{query}»: {count}",
        "more": "نتائج أخرى",
        "failed": "تعذّر تحميل البحث",
        "published": "تاريخ النشر",
        "source": "المصدر",
        "places": "الأماكن",
    },
    "en": {
        "placeholder": "Search the articles",
        "label": "Search the articles",
        "open": "Open the search",
        "clear": "Clear the search",
        "initial": "Type one word or more to search the articles' texts",
        "loading": "Loading the search…",
        "searching": "Searching…",
        "none": "No article has «{query}»",
        "found": "Results for «{query}»: {count}",
        "more": "More results",
        "failed": "The search could not be loaded",
        "published": "Published",
        "source": "Source",
        "places": "Places",
    },
}


def search_words(lang: str) -> dict:
    """The search box's words and the forms of its article count, for the script."""
    lang = "en" if lang == "en" else "ar"
    return {**SEARCH_WORDS[lang], "counts": list(COUNT_FORMS[lang]["article"])}


# The words of the timeline page (timelineview.py) and of the map's time window (mapview.py
# takes some as tl_<key>).
TIMELINE_VIEW_WORDS = {
    "ar": {
        "title": "الخط الزمني التفاعلي",
        "intro": "اسحب المحور لتتنقل في الزمن، وكبّر أو صغّر بعجلة الفأرة أو بالأزرار. انقر حدثًا لترى تفاصيله وروابطه.",
        "group_by": "تجميع حسب",
        "group_none": "بلا تجميع",
        "group_country": "البلد",
        "group_type": "نوع الحدث",
        "zoom_in": "تكبير",
        "zoom_out": "تصغير",
        "fit": "كل الفترة",
        "on_map": "على الخريطة",
        "window_on_map": "هذه الفترة على الخريطة",
        "month_page": "في صفحة الشهر",
        "on_timeline": "على الخط الزمني",
        "cluster": "{count} في هذه الفترة؛ كبّر للتفاصيل",
        "no_country": "بلا بلد",
        "future": "مرتقب",
        "places": "الأماكن",
        "sources": "المصادر",
        "months_list": "الأشهر، حدثًا حدثًا",
        "shown": "أحداث في الفترة المعروضة",
        "shown_count": "في الفترة المعروضة: {count}",
        "period": "الفترة",
        "from": "من",
        "to": "إلى",
        "all_period": "كل الفترة",
        "precision_day": "يوم",
        "precision_range": "مدة",
        "precision_week": "أسبوع",
        "precision_month": "شهر",
        "precision_quarter": "ربع سنة",
        "precision_year": "سنة",
        "legend_precision": "دقة التاريخ",
        "loading": "جارٍ التحميل…",
        "index_note": "كل الأحداث على محور زمني واحد، تكبّره وتتنقل فيه",
    },
    "en": {
        "title": "Interactive timeline",
        "intro": "Drag the axis to move in time; zoom with the mouse wheel or the buttons. Click an event for its details and links.",
        "group_by": "Group by",
        "group_none": "No grouping",
        "group_country": "Country",
        "group_type": "Event type",
        "zoom_in": "Zoom in",
        "zoom_out": "Zoom out",
        "fit": "Whole period",
        "on_map": "On the map",
        "window_on_map": "This period on the map",
        "month_page": "On its month page",
        "on_timeline": "On the timeline",
        "cluster": "{count} in this period: zoom in for details",
        "no_country": "No country",
        "future": "planned",
        "places": "Places",
        "sources": "Sources",
        "months_list": "Month by month",
        "shown": "events in the period shown",
        "shown_count": "In the period shown: {count}",
        "period": "Period",
        "from": "From",
        "to": "To",
        "all_period": "Whole period",
        "precision_day": "day",
        "precision_range": "span",
        "precision_week": "week",
        "precision_month": "month",
        "precision_quarter": "quarter",
        "precision_year": "year",
        "legend_precision": "Date precision",
        "loading": "Loading…",
        "index_note": "every event on one time axis, to zoom and scroll",
    },
}


def words(lang: str) -> dict[str, str]:
    return WORDS.get(lang, WORDS["ar"])


def _day(d: dt.date, lang: str) -> str:
    return f"{d.day} {MONTHS[lang][d.month - 1]} {d.year}"


def format_date(start: dt.date, end: dt.date, granularity: str, lang: str = "ar") -> str:
    """A date as a reader says it, at the precision it is known: a day, a week, a month..."""
    lang = lang if lang in MONTHS else "ar"
    months = MONTHS[lang]
    if granularity == "day" or start == end:
        return _day(start, lang)
    if granularity == "month":
        return f"{months[start.month - 1]} {start.year}"
    if granularity == "quarter":
        return f"{QUARTERS[lang][(start.month - 1) // 3]} {start.year}"
    if granularity == "year" and start.month == 1 and start.day == 1 and end.month == 12 and end.day == 31:
        return str(start.year)
    if start.year == end.year and start.month == end.month:
        span = f"{start.day}–{end.day} {months[start.month - 1]} {start.year}"
    elif start.year == end.year:
        span = f"{start.day} {months[start.month - 1]} – {end.day} {months[end.month - 1]} {start.year}"
    else:
        span = f"{_day(start, lang)} – {_day(end, lang)}"
    return span


def month_heading(d: dt.date, lang: str = "ar") -> str:
    lang = lang if lang in MONTHS else "ar"
    return f"{MONTHS[lang][d.month - 1]} {d.year}"


# ---------------------------------------------------------------- month names

# Month names as each region writes them (plugin option `month_names`). The Egyptian and
# Gulf names (يناير، فبراير ...) are the default; a "date language" is "ar" with the style
# after a dash ("ar-levantine"), so format_date and month_heading take it where they take
# a language.
MONTH_STYLES = {
    "egyptian": MONTHS["ar"],
    "levantine": ["كانون الثاني", "شباط", "آذار", "نيسان", "أيار", "حزيران", "تموز", "آب", "أيلول", "تشرين الأول",
                  "تشرين الثاني", "كانون الأول"],
    "maghrebi": ["يناير", "فبراير", "مارس", "أبريل", "ماي", "يونيو", "يوليوز", "غشت", "شتنبر", "أكتوبر", "نونبر", "دجنبر"],
    "algerian": ["جانفي", "فيفري", "مارس", "أفريل", "ماي", "جوان", "جويلية", "أوت", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر"],
}
for _style, _names in MONTH_STYLES.items():
    if _style != "egyptian":
        MONTHS[f"ar-{_style}"] = _names
        QUARTERS[f"ar-{_style}"] = QUARTERS["ar"]


def date_language(language: str, month_names: str = "egyptian") -> str:
    """The language key format_date takes: "ar", "ar-levantine", ... or "en"."""
    return f"ar-{month_names}" if language == "ar" and month_names in MONTH_STYLES and month_names != "egyptian" else language


# ---------------------------------------------------------------- counts

# How a count is said: (none, 1, 2, 3-10, 11-99, 100 and the rest), with {n} for the number.
# Arabic follows CLDR's plural categories (by the last two digits): 1 «مكان واحد»,
# 2 «مكانان», 3-10 the plural «5 أماكن», 11-99 the singular accusative «33 مكانًا»,
# 100, 101, 102, 200 ... the singular «100 مكان», 103-110 again the plural.
COUNT_FORMS = {
    "ar": {
        "event": ("لا أحداث", "حدث واحد", "حدثان", "{n} أحداث", "{n} حدثًا", "{n} حدث"),
        "place": ("لا أماكن", "مكان واحد", "مكانان", "{n} أماكن", "{n} مكانًا", "{n} مكان"),
        "article": ("لا مقالات", "مقال واحد", "مقالان", "{n} مقالات", "{n} مقالًا", "{n} مقال"),
        "source": ("لا مصادر", "مصدر واحد", "مصدران", "{n} مصادر", "{n} مصدرًا", "{n} مصدر"),
        "day": ("لا أيام", "يوم واحد", "يومان", "{n} أيام", "{n} يومًا", "{n} يوم"),
        "week": ("لا أسابيع", "أسبوع واحد", "أسبوعان", "{n} أسابيع", "{n} أسبوعًا", "{n} أسبوع"),
        "month": ("لا أشهر", "شهر واحد", "شهران", "{n} أشهر", "{n} شهرًا", "{n} شهر"),
        "quarter": ("لا أرباع", "ربع واحد", "ربعان", "{n} أرباع", "{n} ربعًا", "{n} ربع"),
        "year": ("لا سنوات", "سنة واحدة", "سنتان", "{n} سنوات", "{n} سنةً", "{n} سنة"),
        "page": ("لا صفحات", "صفحة واحدة", "صفحتان", "{n} صفحات", "{n} صفحةً", "{n} صفحة"),
    },
    "en": {
        "event": ("no events", "1 event", "2 events", "{n} events", "{n} events", "{n} events"),
        "place": ("no places", "1 place", "2 places", "{n} places", "{n} places", "{n} places"),
        "article": ("no articles", "1 article", "2 articles", "{n} articles", "{n} articles", "{n} articles"),
        "source": ("no sources", "1 source", "2 sources", "{n} sources", "{n} sources", "{n} sources"),
        "day": ("no days", "1 day", "2 days", "{n} days", "{n} days", "{n} days"),
        "week": ("no weeks", "1 week", "2 weeks", "{n} weeks", "{n} weeks", "{n} weeks"),
        "month": ("no months", "1 month", "2 months", "{n} months", "{n} months", "{n} months"),
        "quarter": ("no quarters", "1 quarter", "2 quarters", "{n} quarters", "{n} quarters", "{n} quarters"),
        "year": ("no years", "1 year", "2 years", "{n} years", "{n} years", "{n} years"),
        "page": ("no pages", "1 page", "2 pages", "{n} pages", "{n} pages", "{n} pages"),
    },
}


def count_form(n: int) -> int:
    """The index into a COUNT_FORMS tuple for the number n (Arabic's categories; English
    uses the same index and spells the plural alike from 3 on)."""
    if n == 0:
        return 0
    if n == 1:
        return 1
    if n == 2:
        return 2
    rest = n % 100
    if 3 <= rest <= 10:
        return 3
    if 11 <= rest <= 99:
        return 4
    return 5


def count(n: int, noun: str, lang: str = "ar") -> str:
    """A number of things as the language says it: «مكان واحد», «مكانان», «5 أماكن»,
    «33 مكانًا», «100 مكان»; "1 place", "33 places". The one function for every count
    the site shows."""
    forms = COUNT_FORMS["en" if lang == "en" else "ar"][noun]
    return forms[count_form(n)].format(n=n)


# ---------------------------------------------------------------- why a date, why a place

# How a date was read, in plain words, by the rule that read it (the rule codes of generator/dates/,
# matched by their start, the first that matches wins). {relation} is where the date stands
# from the publication date («اليوم السابق لتاريخ النشر»), {anchor} the publication day.
DATE_RULE_NOTES = {
    "ar": (
        ("range(", "فترة بين تاريخين في النص"),
        ("numeric-hijri", "تاريخ هجري في النص، محوَّلًا إلى الميلادي"),
        ("hijri-year-relative", "سنة هجرية، {relation}"),
        ("hijri-year", "سنة هجرية في النص، محوَّلة إلى الميلادي"),
        ("hijri", "تاريخ هجري، محسوبًا من تاريخ النشر {anchor}"),
        ("holiday", "مناسبة أقرب إلى تاريخ النشر {anchor}"),
        ("day-month-year", "تاريخ كامل في النص"),
        ("numeric-date", "تاريخ كامل في النص"),
        ("numeric-month-year", "شهر وسنة في النص"),
        ("year-range", "سنوات في النص"),
        ("season-year", "فصل من سنة في النص"),
        ("decade", "عقد في النص"),
        ("iso-week", "أسبوع مرقّم في النص"),
        ("year-part", "جزء من سنة، {relation}"),
        ("year-relative", "{relation}"),
        ("year", "سنة في النص"),
        ("day-month-current", "يوم وشهر بلا سنة، في سنة النشر"),
        ("weekday-year", "يوم وشهر بلا سنة، في أقرب سنة إلى تاريخ النشر {anchor}"),
        ("vague", "مدة تقريبية، {relation}"),
        ("offset-vague", "مدة تقريبية، {relation}"),
        ("within", "مدة تبدأ أو تنتهي بتاريخ النشر {anchor}"),
        ("", "{relation}"),
    ),
    "en": (
        ("range(", "a period between two dates in the text"),
        ("numeric-hijri", "a Hijri date in the text, converted"),
        ("hijri-year-relative", "a Hijri year, {relation}"),
        ("hijri-year", "a Hijri year in the text, converted"),
        ("hijri", "a Hijri date, counted from the publication date {anchor}"),
        ("holiday", "the occasion nearest the publication date {anchor}"),
        ("day-month-year", "a full date in the text"),
        ("numeric-date", "a full date in the text"),
        ("numeric-month-year", "a month and year in the text"),
        ("year-range", "years in the text"),
        ("season-year", "a season of a year in the text"),
        ("decade", "a decade in the text"),
        ("iso-week", "a numbered week in the text"),
        ("year-part", "part of a year, {relation}"),
        ("year-relative", "{relation}"),
        ("year", "a year in the text"),
        ("day-month-current", "a day and month without a year: the publication year"),
        ("weekday-year", "a day and month without a year: the year nearest the publication date {anchor}"),
        ("vague", "an approximate period, {relation}"),
        ("offset-vague", "an approximate period, {relation}"),
        ("within", "a period starting or ending on the publication date {anchor}"),
        ("", "{relation}"),
    ),
}

# Where a date stands from the publication date, by its precision: (same, one before, one
# after, {count} before, {count} after); {anchor} is the publication day.
DATE_RELATIONS = {
    "ar": {
        "day": ("يوم النشر {anchor}", "اليوم السابق لتاريخ النشر {anchor}", "اليوم التالي لتاريخ النشر {anchor}",
                "قبل تاريخ النشر {anchor} بـ{count}", "بعد تاريخ النشر {anchor} بـ{count}"),
        "week": ("أسبوع النشر ({anchor})", "الأسبوع السابق لأسبوع النشر ({anchor})", "الأسبوع التالي لأسبوع النشر ({anchor})",
                 "قبل أسبوع النشر ({anchor}) بـ{count}", "بعد أسبوع النشر ({anchor}) بـ{count}"),
        "month": ("شهر النشر ({anchor})", "الشهر السابق لشهر النشر ({anchor})", "الشهر التالي لشهر النشر ({anchor})",
                  "قبل شهر النشر ({anchor}) بـ{count}", "بعد شهر النشر ({anchor}) بـ{count}"),
        "quarter": ("ربع السنة الذي نُشر فيه المقال ({anchor})", "ربع السنة السابق للنشر ({anchor})", "ربع السنة التالي للنشر ({anchor})",
                    "قبل ربع النشر ({anchor}) بـ{count}", "بعد ربع النشر ({anchor}) بـ{count}"),
        "year": ("سنة النشر ({anchor})", "السنة السابقة لسنة النشر ({anchor})", "السنة التالية لسنة النشر ({anchor})",
                 "قبل سنة النشر ({anchor}) بـ{count}", "بعد سنة النشر ({anchor}) بـ{count}"),
        "range": ("فترة تشمل تاريخ النشر {anchor}", "فترة قبل تاريخ النشر {anchor}", "فترة بعد تاريخ النشر {anchor}",
                  "فترة قبل تاريخ النشر {anchor}", "فترة بعد تاريخ النشر {anchor}"),
    },
    "en": {
        "day": ("the publication day {anchor}", "the day before the publication date {anchor}", "the day after the publication date {anchor}",
                "{count} before the publication date {anchor}", "{count} after the publication date {anchor}"),
        "week": ("the week of publication ({anchor})", "the week before publication ({anchor})", "the week after publication ({anchor})",
                 "{count} before the week of publication ({anchor})", "{count} after the week of publication ({anchor})"),
        "month": ("the month of publication ({anchor})", "the month before publication ({anchor})", "the month after publication ({anchor})",
                  "{count} before the month of publication ({anchor})", "{count} after the month of publication ({anchor})"),
        "quarter": ("the quarter of publication ({anchor})", "the quarter before publication ({anchor})", "the quarter after publication ({anchor})",
                    "{count} before the quarter of publication ({anchor})", "{count} after the quarter of publication ({anchor})"),
        "year": ("the year of publication ({anchor})", "the year before publication ({anchor})", "the year after publication ({anchor})",
                 "{count} before the year of publication ({anchor})", "{count} after the year of publication ({anchor})"),
        "range": ("a period including the publication date {anchor}", "a period before the publication date {anchor}",
                  "a period after the publication date {anchor}", "a period before the publication date {anchor}",
                  "a period after the publication date {anchor}"),
    },
}


# The dual after a preposition (genitive): «قبل تاريخ النشر بيومين».
DUALS_AFTER_PREPOSITION = {"day": "يومين", "week": "أسبوعين", "month": "شهرين", "quarter": "ربعين", "year": "سنتين"}


def _steps(start: dt.date, end: dt.date, anchor: dt.date, granularity: str) -> int:
    """How many days, weeks, months, quarters or years the date lies from the publication date."""
    if granularity == "day":
        return (start - anchor).days
    if granularity == "week":
        # in day numbers: the week's first day may lie before year 1
        week_of_anchor = anchor.toordinal() - (anchor - start).days % 7
        return (start.toordinal() - week_of_anchor) // 7
    if granularity == "month":
        return (start.year * 12 + start.month) - (anchor.year * 12 + anchor.month)
    if granularity == "quarter":
        return (start.year * 4 + (start.month - 1) // 3) - (anchor.year * 4 + (anchor.month - 1) // 3)
    if granularity == "year":
        return start.year - anchor.year
    return 0 if start <= anchor <= end else (-1 if end < anchor else 1)


def date_relation(start: dt.date, end: dt.date, granularity: str, anchor: dt.date, lang: str = "ar") -> str:
    """Where a date stands from the publication date: «اليوم السابق لتاريخ النشر 25 أغسطس 2016»."""
    base = "en" if lang == "en" else "ar"
    granularity = granularity if granularity in DATE_RELATIONS[base] else "range"
    k = _steps(start, end, anchor, granularity)
    forms = DATE_RELATIONS[base][granularity]
    form = forms[0] if k == 0 else forms[1] if k == -1 else forms[2] if k == 1 else forms[3] if k < 0 else forms[4]
    how_many = count(abs(k), granularity, base) if granularity in COUNT_FORMS[base] else ""
    if base == "ar" and abs(k) == 2 and granularity in DUALS_AFTER_PREPOSITION:
        how_many = DUALS_AFTER_PREPOSITION[granularity]  # «بيومين», not «بيومان»
    text = form.format(anchor=_day(anchor, lang if lang in MONTHS else base), count=how_many)
    return re.sub(r"بـ(?=[^\d\s])", "ب", text)  # «بـ6 أيام» but «بيومين»


def date_note(rule: str, start: dt.date | None, end: dt.date | None, granularity: str, anchor: dt.date, lang: str = "ar") -> str:
    """How a date was read, in plain words (no rule codes): «اليوم السابق لتاريخ النشر 25 أغسطس 2016»."""
    base = "en" if lang == "en" else "ar"
    anchor_text = _day(anchor, lang if lang in MONTHS else base)
    if start is None or end is None:
        return {"ar": "مدة غير محددة في النص", "en": "an unspecified time in the text"}[base]
    rule = rule.removeprefix("part-of-day+")
    note = next(t for prefix, t in DATE_RULE_NOTES[base] if rule.startswith(prefix))
    if "{relation}" in note:
        note = note.replace("{relation}", date_relation(start, end, granularity, anchor, lang))
    note = note.replace("{anchor}", anchor_text)
    if rule.endswith("+double-date"):
        note += {"ar": "، مذكورًا بالتقويمين", "en": ", given in both calendars"}[base]
    return note


# Why a place was read as it was, by the evidence places.py keeps (code before the colon).
# {value} is what follows the colon; {country} a country code's name.
PLACE_KINDS = {
    "ar": {"city": "مدينة", "country": "دولة", "admin": "محافظة أو إقليم", "region": "منطقة", "feature": "معلم جغرافي"},
    "en": {"city": "city", "country": "country", "admin": "province", "region": "region", "feature": "geographic feature"},
}
# A geographic feature said by what it is, from its name's first word (نهر الفرات is a
# river, مخيم الهول a camp); other features stay «معلم جغرافي».
FEATURE_KINDS = {
    "ar": {"نهر": "نهر", "بحر": "بحر", "البحر": "بحر", "خليج": "خليج", "الخليج": "خليج", "مضيق": "مضيق", "قناة": "قناة",
           "مخيم": "مخيم", "معبر": "معبر حدودي", "قاعدة": "قاعدة عسكرية", "مرفأ": "مرفأ", "ميناء": "ميناء", "بحيرة": "بحيرة",
           "جبل": "جبل", "سد": "سد", "مطار": "مطار"},
    "en": {"نهر": "river", "بحر": "sea", "البحر": "sea", "خليج": "gulf", "الخليج": "gulf", "مضيق": "strait", "قناة": "canal",
           "مخيم": "camp", "معبر": "border crossing", "قاعدة": "military base", "مرفأ": "port", "ميناء": "port", "بحيرة": "lake",
           "جبل": "mountain", "سد": "dam", "مطار": "airport"},
}
# Features that stretch over land or sea (a river, a sea, a gulf, a strait, a canal), by
# their name's first word: the map draws them as an extent, not as a pinned point.
EXTENDED_FEATURES = ("نهر", "بحر", "البحر", "خليج", "الخليج", "مضيق", "قناة")


def place_kind(kind: str, name_ar: str = "", lang: str = "ar") -> str | None:
    """What a place is: «مدينة», «دولة» ..., a feature by its name («نهر» for نهر الفرات);
    None for a kind the table lacks."""
    base = "en" if lang == "en" else "ar"
    if kind == "feature" and name_ar:
        head = FEATURE_KINDS[base].get(name_ar.split()[0])
        if head:
            return head
    return PLACE_KINDS[base].get(kind)


PLACE_IN = {"ar": "{kind} في {country}", "en": "{kind} in {country}"}
PLACE_EVIDENCE = {
    "ar": {
        "clitic": "ملتصقًا بـ«{value}»",
        "trigger": "ورد قبله «{value}»",
        "dateline": "في مطلع الخبر، حيث يُذكر مكان إرساله",
        "context": "يرجّحه ذكر {country} في المقال",
        "coreference": "ورد في المقال من قبل",
        "flag": "تسبقه صفة نسبة إلى {country}",
        "list": "ضمن قائمة بلدان",
        "listed": "ضمن قائمة أماكن",
        "near": "قريب من أماكن أخرى في المقال ({value})",
        "home": "في {country}، بلد المقال",
        "direction": "مع الجهة «{value}»",
    },
    "en": {
        "clitic": "written with «{value}» attached",
        "trigger": "after «{value}»",
        "dateline": "in the dateline",
        "context": "{country} is mentioned in the article",
        "coreference": "mentioned earlier in the article",
        "flag": "after an adjective of {country}",
        "list": "in a list of countries",
        "listed": "in a list of places",
        "near": "near other places in the article ({value})",
        "home": "in {country}, the article's country",
        "direction": "with the direction «{value}»",
    },
}


def place_note(name: str, kind: str, country: str, evidence: tuple[str, ...] | list[str], country_name, lang: str = "ar") -> str:
    """«جنيف: مدينة في سويسرا؛ ورد قبله "في"». `country_name` turns a code into a name."""
    base = "en" if lang == "en" else "ar"
    what = place_kind(kind, name, base) or PLACE_KINDS[base]["feature"]
    if country and kind != "country":
        what = PLACE_IN[base].format(kind=what, country=country)
    notes = []
    for item in evidence:
        code, _, value = item.partition(":")
        template = PLACE_EVIDENCE[base].get(code)
        if template is None:
            continue  # alias: the spelling itself, shown already
        if code == "dateline" and value:
            template = PLACE_EVIDENCE[base]["context"]
        value = value.replace(" (default)", "").strip()
        if code == "near":
            value = value.replace("km", "كم" if base == "ar" else "km")
        note = template.format(value=value, country=country_name(value) if value else country)
        if note not in notes:
            notes.append(note)
    sep = "؛ " if base == "ar" else "; "
    return f"{name}: {what}" + (sep + sep.join(notes) if notes else "")
