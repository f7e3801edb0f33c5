"""Issue 16, points 3-5: the article's context picks among namesakes, division or city words
pick the governorate or the city, and facilities, quarters and parts of a city are pinned at
their place. Sentences written like conflict reports."""

from __future__ import annotations

import pytest

from generator.places import PIN_PRECISIONS, default_gazetteer, find_places, find_unresolved
from generator.site.labels import WORDS as LABELS
from generator.site.pages import place_kind_label


@pytest.fixture(scope="module")
def gaz():
    return default_gazetteer()


def by_text(text, gaz):
    return {m.text: m for m in find_places(text, gaz)}


# --- 3. the article's context against a namesake abroad ---------------------------------

def test_town_of_the_dateline_country_beats_a_capital_abroad(gaz):
    text = ("إدلب - قال ناشطون إن قوات النظام قصفت مدينة إدلب وريفها بالبراميل المتفجرة. "
            "ودارت معارك في تالين وسراقب بين فصائل المعارضة وقوات النظام.")
    m = by_text(text, gaz)["تالين"]
    assert m.place.cc == "SY" and any(e.startswith("focus:SY") for e in m.evidence)
    assert "EE" in {c.cc for c in m.candidates}


def test_district_of_aden_not_the_egyptian_city(gaz):
    text = ("عدن - اندلعت اشتباكات عنيفة في مديرية المنصورة بمدينة عدن بين قوات الحزام الأمني ومسلحين، "
            "وسقط قتلى في الشيخ عثمان.")
    m = by_text(text, gaz)["المنصورة"]
    assert m.place.cc == "YE"


def test_the_capital_abroad_still_wins_when_the_article_names_its_country(gaz):
    text = ("إدلب - قصفت قوات النظام مدينة إدلب. وفي سياق آخر، استضافت تالين عاصمة إستونيا "
            "اجتماعا لوزراء خارجية الاتحاد الأوروبي بشأن سوريا.")
    m = by_text(text, gaz)["تالين"]
    assert m.place.cc == "EE"


def test_a_namesake_without_focus_keeps_its_prior(gaz):
    # no dateline and one mention of Syria: no focus, the capital stays
    m = by_text("وصل الوزير إلى تالين في زيارة رسمية.", gaz)["تالين"]
    assert m.place.cc == "EE"


def test_west_bank_of_mosul_is_mosul(gaz):
    text = ("الموصل - أعلن الجيش العراقي تقدمه في الجانب الغربي من الموصل، "
            "وتواصل القوات عملياتها في الضفة الغربية من المدينة لطرد مسلحي التنظيم.")
    ms = by_text(text, gaz)
    assert ms["الضفة الغربية"].place.name == "Mosul" and ms["الضفة الغربية"].precision == "city"
    assert ms["الجانب الغربي"].place.name == "Mosul"


def test_west_bank_in_a_palestinian_story_is_palestine(gaz):
    text = ("رام الله - اقتحمت القوات الإسرائيلية مدينة جنين واعتقلت عشرة فلسطينيين في مناطق متفرقة "
            "من الضفة الغربية.")
    assert by_text(text, gaz)["الضفة الغربية"].place.cc == "PS"
    text = "أدانت الخارجية العراقية الاعتداءات الإسرائيلية على الفلسطينيين في الضفة الغربية."
    assert by_text(text, gaz)["الضفة الغربية"].place.cc == "PS"


# --- 4. governorate or city ---------------------------------------------------------------

def test_list_after_plural_division_word_is_governorates(gaz):
    text = "وتعهد رئيس الإقليم بحماية محافظاته الثلاث، أربيل والسليمانية ودهوك، من هجمات التنظيم."
    kinds = {m.place.name: m.place.kind for m in find_places(text, gaz)}
    assert kinds == {"Erbil Governorate": "admin", "Sulaymaniyah Governorate": "admin", "Duhok Governorate": "admin"}


def test_dual_division_word_covers_the_list(gaz):
    ms = find_places("وقعت تفجيرات متزامنة في محافظتي نينوى وكركوك أسفرت عن مقتل عشرين شخصا.", gaz)
    assert [m.place.kind for m in ms] == ["admin", "admin"]
    assert ms[1].place.name == "Kirkuk Governorate"


def test_countryside_is_the_governorate_and_city_word_the_city(gaz):
    m = find_places("قصفت الطائرات الروسية ريف حلب الشمالي.", gaz)[0]
    assert m.place.kind == "admin" and m.place.cc == "SY"
    m = find_places("وصل وفد من بغداد إلى مدينة أربيل للتفاوض.", gaz)[-1]
    assert m.place.kind == "city" and m.place.name == "Erbil"


def test_a_name_with_no_division_word_stays_the_city(gaz):
    ms = find_places("وقعت انفجارات في نينوى، ثم قصف التحالف مواقع في كركوك.", gaz)
    assert ms[-1].place.kind == "city" and ms[-1].place.name == "Kirkuk"


# --- 5. facilities, quarters, parts of a city ----------------------------------------------

def test_airport_and_port_are_facilities_at_the_city(gaz):
    ms = by_text("هبطت طائرة الوفد في مطار بغداد الدولي، فيما قصف التحالف ميناء الحديدة.", gaz)
    airport, port = ms["مطار بغداد الدولي"], ms["ميناء الحديدة"]
    assert airport.place.name == "Baghdad" and "facility:مطار" in airport.evidence
    assert port.place.cc == "YE" and port.precision == "city"


def test_a_facility_word_makes_a_small_town_count(gaz):
    m = find_places("ونقل المعتقلون إلى سجن صيدنايا العسكري قرب دمشق.", gaz)[0]
    assert m.text == "سجن صيدنايا العسكري" and m.place.cc == "SY"


def test_quarter_pinned_at_its_city_and_listed_for_editors(gaz):
    text = "حلب - قصفت قوات النظام حي الشعار في حلب وحي بستان القصر بحلب بالبراميل المتفجرة."
    ms = by_text(text, gaz)
    assert ms["حي الشعار"].place.name == "Aleppo" and ms["حي الشعار"].precision == "city"
    assert ms["وحي بستان القصر"].place.name == "Aleppo"  # the mention keeps its clitic, as others do
    unresolved = [name for name, _ in find_unresolved(text, gaz)]
    assert "الشعار" in unresolved


def test_a_quarter_with_no_city_after_it_is_not_pinned(gaz):
    ms = find_places("قصفت الطائرات حي الشعار وحي الصاخور.", gaz)
    assert ms == []


def test_old_city_of_the_story(gaz):
    text = "الموصل - فجر مسلحو التنظيم جامع النوري الكبير في المدينة القديمة مع تقدم القوات العراقية."
    m = by_text(text, gaz)["المدينة القديمة"]
    assert m.place.name == "Mosul" and m.precision == "city"


def test_city_precision_pins_and_says_in_the_city(gaz):
    assert "city" in PIN_PRECISIONS and "point" in PIN_PRECISIONS
    m = by_text("قصفت قوات النظام حي الشعار في حلب.", gaz)["حي الشعار"]
    assert place_kind_label(m.place, m.precision, LABELS["ar"], "ar") == "في " + m.place.name_ar
    assert place_kind_label(m.place, m.precision, LABELS["en"], "en") == "in Aleppo"


def test_a_quarter_named_like_a_town_abroad_is_the_quarter_of_the_city(gaz):
    # المرج is also a Libyan city; حي المرج بالقاهرة is a quarter of Cairo
    m = by_text("اندلع حريق هائل في حي المرج بالقاهرة وأصيب عشرة أشخاص.", gaz)["حي المرج"]
    assert m.place.name == "Cairo" and m.precision == "city"
    ms = find_places("القاهرة - اشتبكت قوات الأمن مع محتجين في حي المرج شرق القاهرة.", gaz)
    assert {m.place.cc for m in ms} == {"EG"}


def test_a_quarter_before_a_direction_of_its_city(gaz):
    text = "قتل سبعة أشخاص بانفجار عبوة ناسفة قرب مرآب للسيارات في منطقة الحسينية شمال شرقي بغداد."
    ms = find_places(text, gaz)
    assert [(m.text, m.place.name, m.precision) for m in ms] == [
        ("منطقة الحسينية", "Baghdad", "city"), ("شمال شرقي بغداد", "Baghdad", "region")]


def test_division_word_before_directions_and_a_list(gaz):
    ms = find_places("الخرطوم - اندلعت اشتباكات بين الجيش والدعم السريع في ولايتي شمال دارفور وجنوب دارفور.", gaz)
    assert [m.place.name for m in ms[1:]] == ["North Darfur", "South Darfur"]
    assert all(m.place.kind == "admin" and "division" in m.evidence for m in ms[1:])


def test_district_of_a_city_is_a_region_at_it(gaz):
    m = by_text("بيروت - شنت طائرات إسرائيلية غارات على بلدات في قضاء صور، وعلى أطراف النبطية.", gaz)["صور"]
    assert m.place.cc == "LB" and m.precision == "region"


def test_quarter_before_a_city_word_and_the_city(gaz):
    m = by_text("غزة - قصفت طائرات الاحتلال حي الشجاعية شرق مدينة غزة.", gaz)["حي الشجاعية"]
    assert m.place.name == "Gaza" and m.precision == "city"


# --- a town placed by the direction after it --------------------------------------------

def test_a_direction_and_a_place_after_a_town_give_its_country(gaz):
    m = by_text("أحرق مستوطنون منزلا في قرية دوما جنوب نابلس.", gaz)["دوما"]
    assert m.place.cc == "PS" and "direction-of:PS" in m.evidence  # not Douma near Damascus
    m = by_text("تقدم التنظيم نحو بلدة المنصورة شرق دير الزور.", gaz)["المنصورة"]
    assert m.place.cc == "SY"  # not the Egyptian city


def test_a_namesake_abroad_is_dropped_when_the_direction_says_otherwise(gaz):
    # a Riyadh quarter the gazetteer lacks is not Casablanca
    found = by_text("شملت الحملات أحياء العزيزية والدار البيضاء جنوب الرياض.", gaz)
    assert all(m.place.cc == "SA" for m in found.values()) and "جنوب الرياض" in found


def test_a_common_word_town_before_a_direction_still_counts(gaz):
    # a naming word, the town (an ordinary word: «صور», pictures) and a direction
    m = by_text("قصفت طائرات حربية مواقع في قضاء صور جنوبي لبنان.", gaz)["صور"]
    assert m.place.name == "Tyre"
    m = by_text("تقدمت القوات الحكومية نحو مدينة الزاوية غرب طرابلس.", gaz)["الزاوية"]
    assert m.place.cc == "LY"


def test_a_quarter_whose_name_starts_with_an_ordinary_word(gaz):
    m = by_text("قال المرصد إن اشتباكات عنيفة دارت في حي الشيخ مقصود بمدينة حلب.", gaz)["حي الشيخ مقصود"]
    assert m.place.name == "Aleppo" and m.precision == "city" and "quarter:حي" in m.evidence
    m = by_text("عالج الفريق الطبي بمستشفى الملك سلمان بتبوك طفلة.", gaz)["بمستشفى الملك سلمان"]
    assert m.place.name == "Tabuk" and m.precision == "city"
    # one ordinary word alone is no quarter's name: «حي الأمن» could be the security quarter or a phrase
    assert "حي الأمن" not in by_text("قصف حي الأمن في حلب.", gaz)
