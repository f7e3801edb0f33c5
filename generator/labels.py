"""Words the site shows, per language, and date labels that say their precision.

A table, not code: add a language by adding a column.
"""

from __future__ import annotations

import datetime as dt

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
        "rule": "القاعدة",
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
        "precision_country": "دولة",
        "geonames_credit": "بيانات الأماكن: GeoNames (رخصة CC BY 4.0\u200f)",
        "osm_credit": "خرائط: مساهمو OpenStreetMap",
        "csc_credit": "مواقع المحافظات: قاعدة countries-states-cities (رخصة ODbL\u200f)",
        "unlinked_source": "الرابط غير متاح",
        "mentioned": "ورد في النص",
        "home_summary": "المقالات: {articles} · الأحداث: {events} · الأماكن: {places} · الفترة: من {first} إلى {last}",
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
        "events_geojson": "الأحداث (GeoJSON، نقطة لكل حدث ومكان)",
        "events_csv": "الأحداث (CSV)",
        "events_ics": "الأحداث (تقويم iCalendar)",
        "places_geojson": "الأماكن (GeoJSON)",
        "derived": "{when}: من «{text}»، محسوبًا من تاريخ نشر المقال {anchor} (القاعدة: {rule})",
        "derived_plain": "{when}: من «{text}»، محسوبًا من تاريخ نشر المقال {anchor}",
        "place_why": "{name} ({cc}) — {evidence}",
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
        "rule": "Rule",
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
        "precision_country": "country",
        "geonames_credit": "Place data: GeoNames (CC BY 4.0)",
        "osm_credit": "Map tiles: OpenStreetMap contributors",
        "csc_credit": "Province points: countries-states-cities database (ODbL)",
        "unlinked_source": "no link",
        "mentioned": "mentioned as",
        "home_summary": "This site covers {articles} articles and {events} events in {places} places, from {first} to {last}.",
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
        "events_geojson": "Events (GeoJSON, one point per event and place)",
        "events_csv": "Events (CSV)",
        "events_ics": "Events (iCalendar)",
        "places_geojson": "Places (GeoJSON)",
        "derived": "{when}: from «{text}», resolved against the article's publication date {anchor} (rule: {rule})",
        "derived_plain": "{when}: from «{text}», resolved against the article's publication date {anchor}",
        "place_why": "{name} ({cc}) — {evidence}",
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
