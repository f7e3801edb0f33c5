"""Tests for the gazetteer and the toponym resolver (generator/places/), the user gazetteer
format (overlay.py, shared with gazetteer/build.py), the clitic table and normalisers of
generator/arabic.py, and the optional geocoder fallback (generator/places/geocode.py)."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from urllib.parse import parse_qs, urlparse

import pytest

from generator.places import Gazetteer, GazetteerError, find_places, find_unresolved
from generator.places.geocode import cache_as_user_entries, check_settings, geocode_unresolved, load_cache


@pytest.fixture(scope="module")
def gaz():
    return Gazetteer.load()


def ids(mentions):
    return [m.place.id for m in mentions]


def by_text(mentions):
    return {m.text: m for m in mentions}


# --- gazetteer ----------------------------------------------------------------------------

def test_lookup_normalises_and_ranks(gaz):
    assert gaz.lookup("سورية")[0].id == "gn:163843"
    assert gaz.lookup("سوريا")[0].cc == "SY"
    assert gaz.lookup("أنقرة")[0].geonames == 323786
    assert gaz.lookup("انقره")[0].geonames == 323786
    # Washington, D.C., not a small US town of the same name
    assert gaz.lookup("واشنطن")[0].geonames == 4140963
    assert gaz.version and len(gaz.version) == 16


def test_supplement_entries(gaz):
    inc = gaz.lookup("إنجرليك")[0]
    assert inc.kind == "feature" and inc.cc == "TR"
    assert abs(inc.lat - 37.0) < 0.1
    assert gaz.lookup("صلاح الدين")[0].kind == "admin"


# --- resolver: real sentences from the seeds --------------------------------------------------

def test_seed_sentence_with_clitic_offsets(gaz):
    text = "وكانت أنباء أفادت بأن مقاتلي وحدات حماية الشعب الكردية تركوا مدينة منبج في شمال سوريا، في خطوة طالبت بها تركيا."
    ms = find_places(text, gaz)
    got = by_text(ms)
    assert "منبج" in got and got["منبج"].place.geonames == 167357
    assert "trigger:مدينة" in got["منبج"].evidence  # the word as written, not its stem مدينه
    assert "تركيا" in got
    for m in ms:
        assert text[m.offset[0]:m.offset[1]] == m.text
    # وحدات حماية الشعب is an organisation, not a place
    assert not any("الشعب" in m.text for m in ms)
    offsets = [m.offset for m in ms]
    assert offsets == sorted(offsets)
    assert all(a[1] <= b[0] for a, b in zip(offsets, offsets[1:]))


def test_clitics_and_long_names(gaz):
    text = "أكدت الرياض التزامها بدعم المعارضة، وقال وزير الخارجية للمملكة العربية السعودية إن الطائرات وصلت بمنبج ولأميركا دور."
    got = by_text(find_places(text, gaz))
    assert got["للمملكة العربية السعودية"].place.cc == "SA"
    assert got["للمملكة العربية السعودية"].place.kind == "country"
    assert got["بمنبج"].place.geonames == 167357
    assert got["ولأميركا"].place.cc == "US"


def test_tatweel_and_diacritics(gaz):
    text = "وصل الوفد إلى سُــوريَــا أمس"
    ms = find_places(text, gaz)
    assert len(ms) == 1 and ms[0].place.cc == "SY"
    assert ms[0].text == "سُــوريَــا"


def test_demonyms_are_not_places(gaz):
    text = "قال الجيش التركي إن القوات الأمريكية والطائرات السورية والمسؤول الإيراني اجتمعوا."
    assert find_places(text, gaz) == []


def test_organisations_are_not_places(gaz):
    text = "ونقلت قناة روسيا اليوم عن قوات سوريا الديمقراطية أن الجيش اللبناني وفيلق القدس لم يعلقا."
    assert find_places(text, gaz) == []


def test_common_words_need_a_trigger(gaz):
    text = "وقال وزير الخارجية الأمريكي جون كيري إنه كان بين المجتمعين في إطار التحالف الدولي."
    assert find_places(text, gaz) == []
    # the same word after a strong naming trigger counts
    ms = find_places("افتتح المهرجان في مدينة كان الفرنسية", gaz)
    assert len(ms) == 1 and ms[0].place.cc == "FR" and ms[0].text == "كان"  # Cannes or Caen


def test_tripoli_disambiguated_by_context(gaz):
    ly = find_places("اشتباكات في طرابلس بين قوات حكومة الوفاق، وقال مسؤول في ليبيا إن بنغازي هادئة", gaz)
    lb = find_places("انفجار في طرابلس شمال لبنان قرب بيروت", gaz)
    assert by_text(ly)["طرابلس"].place.cc == "LY"
    m = [x for x in lb if "طرابلس" in x.text][0]
    assert m.place.cc == "LB"
    assert m.candidates and m.candidates[0].cc == "LY"  # runner-up kept


def test_amman_and_oman(gaz):
    city = find_places("عمان 25 شوال 1436 هـ واس أعلنت الحكومة الأردنية", gaz)
    assert city[0].place.cc == "JO" and city[0].place.kind == "city"
    assert "dateline" in city[0].evidence
    country = find_places("زار الوزير سلطنة عمان ثم عاد من عمان إلى مسقط", gaz)
    assert all(m.place.cc == "OM" for m in country), [(m.text, m.place.id) for m in country]


def test_directional_phrases_resolve_to_region(gaz):
    text = "طائرات من دون طيار المتمركزة في قاعدة إنجرليك الجوية في جنوب تركيا للقيام بمهام"
    got = by_text(find_places(text, gaz))
    south = got["جنوب تركيا"]
    assert south.place.cc == "TR" and south.place.kind == "country"
    assert south.precision == "region"
    assert any(e.startswith("direction:") for e in south.evidence)
    assert any(m.place.id == "x:incirlik" and "إنجرليك" in t for t, m in got.items())
    ms = find_places("قصفت الطائرات ريف حلب الشمالي", gaz)
    assert ms[0].precision == "region" and ms[0].place.cc == "SY"


def test_precision_of_kinds(gaz):
    got = by_text(find_places("التقى الوزيران في جنيف لبحث الوضع في العراق", gaz))
    assert got["جنيف"].precision == "point" and got["جنيف"].place.cc == "CH"
    assert got["العراق"].precision == "country"


def test_find_unresolved_reports_names_after_triggers(gaz):
    text = "سيطرت القوات على بلدة زمبركة الصغيرة وعلى مدينة منبج"
    un = find_unresolved(text, gaz)
    assert [u[0] for u in un] == ["زمبركة"]
    b, e = un[0][1]
    assert text[b:e] == "زمبركة"


def test_user_gazetteer_adds_and_overrides(gaz, tmp_path):
    user = tmp_path / "places.yaml"
    user.write_text(
        "entries:\n"
        "  - {id: x:zambarka, name: Zambarka, names: [زمبركة], lat: 36.1, lon: 37.2, kind: city, cc: SY, source: editor}\n"
        "aliases:\n"
        "  - {ref: gn:167357, names: [منبيج]}\n"
        "remove:\n"
        "  - {ref: x:incirlik, names: [إنجرليك]}\n",
        encoding="utf-8",
    )
    g2 = Gazetteer.load(extra=[user])
    assert g2.version != gaz.version
    ms = find_places("وصلت التعزيزات إلى زمبركة ثم إلى منبيج", g2)
    assert ids(ms) == ["x:zambarka", "gn:167357"]
    assert g2.lookup("إنجرليك") == []
    assert find_unresolved("سيطرت القوات على بلدة زمبركة", g2) == []


# --- geocoder fallback against a local Nominatim-speaking server -----------------------------

class _Nominatim(BaseHTTPRequestHandler):
    calls: list = []

    def do_GET(self):  # noqa: N802
        u = urlparse(self.path)
        q = parse_qs(u.query)
        _Nominatim.calls.append((u.path, q))
        if u.path != "/search":
            self.send_response(404)
            self.end_headers()
            return
        name = q.get("q", [""])[0]
        body = []
        if name == "زمبركة":
            body = [{"place_id": 1, "osm_type": "node", "osm_id": 42, "lat": "36.1000", "lon": "37.2000",
                     "class": "place", "type": "village", "display_name": "زمبركة, منطقة منبج, سوريا",
                     "address": {"village": "زمبركة", "country": "سوريا", "country_code": "sy"}}]
        data = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


@pytest.fixture()
def nominatim():
    _Nominatim.calls = []
    srv = HTTPServer(("127.0.0.1", 0), _Nominatim)
    t = threading.Thread(target=srv.serve_forever, daemon=True)
    t.start()
    yield f"http://127.0.0.1:{srv.server_address[1]}"
    srv.shutdown()
    srv.server_close()


def test_geocoder_off_by_default(tmp_path, nominatim):
    out = geocode_unresolved(["زمبركة"], tmp_path / "geo.json", {"url": nominatim})
    assert out == {"زمبركة": None}
    assert _Nominatim.calls == []


def test_geocoder_asks_once_and_caches(tmp_path, nominatim):
    cache = tmp_path / "geocoded.json"
    settings = {"enabled": True, "url": nominatim, "user_agent": "marsad-test", "min_delay_seconds": 0}
    out = geocode_unresolved(["زمبركة", "مكان مجهول"], cache, settings)
    assert out["زمبركة"]["cc"] == "SY" and abs(out["زمبركة"]["lat"] - 36.1) < 1e-6
    assert out["زمبركة"]["kind"] == "city"
    assert out["مكان مجهول"] is None
    assert len(_Nominatim.calls) == 2
    path, q = _Nominatim.calls[0]
    assert path == "/search" and q["format"] == ["json"]
    # the answers are stored; a second run (even offline) asks nothing
    stored = load_cache(cache)
    assert "زمبركه" in stored and stored["مكان مجهول"] is None
    again = geocode_unresolved(["زمبركة", "مكان مجهول"], cache, dict(settings, url="http://127.0.0.1:9"))
    assert again == out
    assert len(_Nominatim.calls) == 2
    entries = cache_as_user_entries(stored)["entries"]
    assert entries[0]["cc"] == "SY" and entries[0]["names"] == ["زمبركة"]


# --- speed-oriented internals and later additions ------------------------------------------

def test_fast_normalisation_matches_reference():
    from generator.arabic import normalise
    from generator.arabic import normalise_lazy as _Norm
    from generator.places import _Doc

    text = "قال  مُحَمَّدٌ ـــ في الإمارات، ١٢ مسؤول\u200fون #سيول_جدة"
    n = _Norm(text)
    assert n.text == normalise(text)
    doc = _Doc(text)
    for w, b, e in doc.toks:
        assert doc.s[b:e] == w
    assert [t[0] for t in doc.toks][:3] == ["قال", "محمد", "في"]


def test_offsets_survive_diacritics(gaz):
    text = "وَصَلَ الوفدُ إلى دِمَشْقَ أمس، ثم غادر إلى بَغْدادَ."
    for m in find_places(text, gaz):
        assert text[m.offset[0]:m.offset[1]] == m.text
    assert {m.place.geonames for m in find_places(text, gaz)} >= {170654, 98182}


def test_results_stable_across_calls(gaz):
    # the per-word caches on the gazetteer must not change answers
    text = "وصل الرئيس إلى الرياض قادما من القاهرة، فيما تتواصل المعارك في ريف حلب الشمالي."
    first = [(m.text, m.place.id, m.offset) for m in find_places(text, gaz)]
    for _ in range(3):
        assert [(m.text, m.place.id, m.offset) for m in find_places(text, gaz)] == first


def test_fa_clitic_only_for_countries_and_capitals(gaz):
    # فرقة (a team) is not ف + رقة; فصيلة (a unit) is not ف + Asilah
    assert find_places("وصلت فرقة الإنقاذ إلى الموقع وفصيلة من الجيش.", gaz) == []
    got = by_text(find_places("فدمشق لا تزال تحت الحصار.", gaz))
    assert got["فدمشق"].place.geonames == 170654


def test_kingdom_after_trigger_is_saudi_arabia(gaz):
    ms = find_places("تسجيل 1869 إصابة جديدة بفيروس كورونا في المملكة.", gaz)
    assert [m.place.cc for m in ms if m.place.kind == "country"] == ["SA"]
    # with a Jordanian context the same word is Jordan
    ms = find_places("أمطار غزيرة في الأردن، ووزارة الداخلية في المملكة تحذر.", gaz)
    assert {m.place.cc for m in ms} == {"JO"}


def test_division_points_and_full_names(gaz):
    # first-level divisions take a point inside the division, not their seat city's
    qassim = gaz.lookup("منطقة القصيم")[0]
    buraydah = gaz.lookup("بريدة")[0]
    assert qassim.kind == "admin" and (qassim.lat, qassim.lon) != (buraydah.lat, buraydah.lon)
    # divisions added from the database answer to their full name only:
    # الظاهرة (the phenomenon) and العصابة (the gang) are ordinary words
    assert gaz.lookup("محافظة الظاهرة")[0].kind == "admin"
    assert all(p.kind != "admin" for p in gaz.lookup("الظاهرة"))
    assert find_places("هذه الظاهرة تقلق العصابة.", gaz) == []


def test_site_build_uses_geocoder_once_then_offline(tmp_path, nominatim):
    """A real `mkdocs build` with the geocoder on: the answer is stored in the project, the
    place reaches the map data, and a second build with the geocoder off still has it."""
    from conftest import copy_project, mkdocs_build

    project = copy_project(tmp_path / "geo")
    (project / "site_src/articles/zambarka.md").write_text(
        "---\ntitle: معارك قرب منبج\ndate: 2016-08-25\n---\n\nسيطرت القوات على بلدة زمبركة أمس بعد معارك عنيفة.\n",
        encoding="utf-8",
    )
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    online = config.replace("      week_start: monday\n", f"      week_start: monday\n      geocoder: {{enabled: true, url: '{nominatim}', min_delay_seconds: 0}}\n")
    assert online != config
    (project / "mkdocs.yml").write_text(online, encoding="utf-8")
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    stored = json.loads((project / "gazetteer/geocoded.json").read_text(encoding="utf-8"))
    assert any(v and v["lat"] == 36.1 for v in stored.values())
    assert any(path == "/search" for path, _ in _Nominatim.calls)
    names = {f["properties"]["name_ar"] for f in json.loads((project / "site/data/places.geojson").read_text(encoding="utf-8"))["features"]}
    assert "زمبركة" in names
    # Offline again: the stored answer is reused, the service is not asked.
    _Nominatim.calls.clear()
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    assert mkdocs_build(project).returncode == 0
    assert _Nominatim.calls == []
    names = {f["properties"]["name_ar"] for f in json.loads((project / "site/data/places.geojson").read_text(encoding="utf-8"))["features"]}
    assert "زمبركة" in names


# --- context rules: adjectives, persons, organisations, measured common words ---------------

def _texts(gaz, text):
    return [m.text for m in find_places(text, gaz)]


def test_definite_adjective_after_definite_noun(gaz):
    assert "السلمية" not in _texts(gaz, "دعا إلى الحلول السلمية للأزمة")
    assert "القائم" not in _texts(gaz, "يدعم الاقتصاد القائم على المعرفة")
    assert "السعودية" not in _texts(gaz, "أمضاه في الملاعب السعودية قبل اعتزاله")
    # the country itself still counts after a preposition
    assert "السعودية" in _texts(gaz, "وصل الوفد إلى السعودية أمس")


def test_indefinite_feminine_demonym_is_adjective(gaz):
    assert "تركية" not in _texts(gaz, "قالت مصادر عسكرية تركية إن الطائرات قصفت")
    assert "تركية" not in _texts(gaz, "وقعت الهجمات بولايات تركية عدة")
    # سورية after في / at the start is Syria
    assert [m.place.cc for m in find_places("وقعت اشتباكات في سورية أمس", gaz)] == ["SY"]
    assert "SY" in [m.place.cc for m in find_places("سورية تشهد معارك عنيفة", gaz)]


def test_person_names(gaz):
    assert not any("عثمان" in t for t in _texts(gaz, "استقبل الشيخ عثمان بن ناصر العثمان الوفد"))
    assert "صلاح الدين" not in _texts(gaz, "قال الدكتور صلاح الدين عبد الكريم إن")


def test_organisations_and_clubs(gaz):
    assert "القادسية" not in _texts(gaz, "فاز نادي القادسية الكويتي أمس")
    assert "اشبيلية" not in _texts(gaz, "يقف اشبيلية الاسباني عقبة أولى")
    assert "القصيم" not in _texts(gaz, "أعلنت شركة القصيم الزراعية أرباحها")
    assert "الشرق الأوسط" not in _texts(gaz, "وقال لـ«الشرق الأوسط» إن المهاجرين")
    # a place followed by a feminine adjective stays a place
    assert "اشبيلية" in _texts(gaz, "وصل الفريق إلى مدينة اشبيلية الاسبانية")


def test_measured_common_words(gaz):
    assert "بحركة" not in _texts(gaz, "يقوم بحركة التفافية سريعة")
    assert not _texts(gaz, "بل سوف يظل كذلك إلى الأبد")
    assert "أمن" not in _texts(gaz, "أعلنت مديرية أمن مدينة إسطنبول")
    assert "أشرف" not in _texts(gaz, "صلى في أشرف الأماكن")
    # a naming trigger still makes the word a place name
    assert "بحركة" in _texts(gaz, "قصفت الطائرات بلدة بحركة شمال أربيل")


# --- issue #4: context, home words, ordinary-word collisions (made-up sentences) ------------

def test_clitic_reading_keeps_smaller_namesakes(gaz):
    # ب + الجفر: the Jordanian village (too small for a clitic reading on its own) stays a
    # candidate, and the Jordanian context chooses it over the Saudi namesake
    ms = find_places("استمر البحث عن المفقودين بالجفر بعد السيول في معان والكرك جنوب الأردن", gaz)
    assert by_text(ms)["بالجفر"].place.cc == "JO"


def test_context_outweighs_a_larger_namesake_abroad(gaz):
    # a small Yemeni town in a Yemeni article, not Zanzibar
    ms = find_places("سيطرت القوات الحكومية على زنجبار عاصمة محافظة أبين بعد معارك في عدن ولحج", gaz)
    assert by_text(ms)["زنجبار"].place.cc == "YE"
    # a Saudi region (a weak reading) against a Libyan town, in a Saudi article
    ms = find_places("أمطار رعدية على حائل والقصيم والجوف وتبوك", gaz)
    assert by_text(ms)["والجوف"].place.cc == "SA"
    # but a small namesake abroad does not beat a world city: Geneva, not Geneva, Illinois
    ms = find_places("قال وزير الخارجية الأمريكي في واشنطن إنه سيتوجه إلى جنيف الأسبوع المقبل", gaz)
    assert by_text(ms)["جنيف"].place.cc == "CH"


def test_home_word_without_evidence_is_saudi_arabia(gaz):
    ms = find_places("إغلاق عدد من المساجد حول المملكة بسبب الفيروس", gaz)
    assert [m.place.cc for m in ms] == ["SA"]
    # a later mention of another kingdom does not make it that kingdom
    ms = find_places("احتلت المملكة المرتبة الأولى عربيا وتلتها البحرين", gaz)
    assert by_text(ms)["المملكة"].place.cc == "SA"


def test_home_word_follows_the_article_country(gaz):
    # Saudi cities and regions outweigh a passing mention of Bahrain
    ms = find_places("زار وفد من البحرين جدة والطائف ومنطقة مكة المكرمة، وأشاد بما تقدمه المملكة للزوار", gaz)
    assert by_text(ms)["المملكة"].place.cc == "SA"
    # a Jordanian dateline and Jordanian towns
    ms = find_places("عمان - أعلنت مديرية الأمن العام أن الطرق في المملكة سالكة باستثناء طريق الكرك والطفيلة", gaz)
    assert by_text(ms)["المملكة"].place.cc == "JO"
    # a Moroccan dateline
    ms = find_places("الرباط - قالت وزارة الداخلية إن المملكة ستستقبل القمة", gaz)
    assert by_text(ms)["المملكة"].place.cc == "MA"
    # the kingdom just named (anaphora)
    ms = find_places("قال سفير ألمانيا في البحرين إن معظم الألمان فضلوا البقاء في المملكة", gaz)
    assert by_text(ms)["المملكة"].place.cc == "BH"
    # the Sultanate is Oman
    ms = find_places("عاد الوفد إلى السلطنة بعد أداء العمرة", gaz)
    assert [m.place.cc for m in ms] == ["OM"]


def test_home_word_before_an_adjective_is_no_country(gaz):
    assert find_places("تضم المملكة الحيوانية آلاف الأنواع", gaz) == []
    assert "السلطنة" not in _texts(gaz, "سقطت السلطنة العثمانية بعد الحرب")


def test_article_less_variants_are_ordinary_words(gaz):
    # GeoNames lists جيزة, عقبة, رقة beside الجيزة, العقبة, الرقة: without the article they
    # are brief, an obstacle, a paper
    assert find_places("انتهت المهمة في فترة وجيزة ولم تبق عقبة أمام ورقة العمل", gaz) == []
    got = {m.place.geonames for m in find_places("وصل الوفد إلى العقبة ثم الجيزة", gaz)}
    assert {250774, 360995} <= got


def test_solid_hashtag_forms(gaz):
    # multi-word names also match joined, as in hashtags ...
    assert [m.place.cc for m in find_places("سيول قوية في #حفرالباطن اليوم", gaz)] == ["SA"]
    # ... but not short joined foreign names that spell a word (لا جي, Vietnam -> لاجئ)
    assert find_places("وصل لاجئ جديد إلى المخيم", gaz) == []


def test_small_town_of_an_unmentioned_country(gaz):
    # العبدلي in a Kuwaiti report is not the Amman district of that name
    ms = find_places("تساقط البرد في العبدلي والجهراء وسط أمطار غزيرة على الكويت", gaz)
    assert all(m.place.cc == "KW" for m in ms), [(m.text, m.place.cc) for m in ms]


def test_word_checks_apply_to_the_chosen_reading(gaz):
    # وسن (and enacting) is not و + سن (Sanandaj) ...
    assert find_places("طالب بتجريم الأفعال وسن عقوبات رادعة لها", gaz) == []
    # ... and after a conjunction a naming trigger no longer names: محافظة وادي ... is not
    # the governorate of ادي
    assert not any(m.text == "وادي" for m in find_places("زار محافظ محافظة وادي الدواسر المركز", gaz))


def test_measured_common_words_second_pass(gaz):
    assert find_places("أجرى الفريق عملية في قسم العيون وقال إنه مشهد مؤثر", gaz) == []
    assert find_places("قالت إنها سعيدة جدا وإن المشروع لايزال في بدايته", gaz) == []
    ms = find_places("وصل الوفد إلى مدينة العيون", gaz)
    assert [m.place.cc for m in ms] == ["EH"]


def test_display_names_keep_the_article_and_ta_marbuta(gaz):
    # GeoNames' shortest Arabic spelling is often an article-less variant (رقه, رياض); the
    # gazetteer shows the name as news writes it.
    assert gaz.lookup("الرقة")[0].name_ar == "الرقة"
    assert gaz.lookup("الرياض")[0].name_ar == "الرياض"
    assert gaz.lookup("اللاذقية")[0].name_ar == "اللاذقية"
    assert gaz.lookup("أبها")[0].name_ar == "أبها"  # the hamza kept
    assert gaz.lookup("الطائف")[0].name_ar == "الطائف"  # not the Persian spelling تایف
    # Places the supplement lists show its reviewed spelling (GeoNames' shortest: قۇدس, ترابلس).
    assert gaz.lookup("القدس")[0].name_ar == "القدس"
    assert {p.name_ar for p in gaz.lookup("طرابلس")} == {"طرابلس"}


def test_bare_names_news_writes_without_article_still_resolve(gaz):
    # صور (Tyre) is written without the article; GeoNames also lists «الصور».
    [m] = [m for m in find_places("قصفت الطائرات أطراف مدينة صور في جنوب لبنان", gaz) if m.text == "صور"]
    assert m.place.cc == "LB" and m.place.name == "Tyre"


# --- the user gazetteer format: one implementation for the build and the run time ----------

def _user(tmp_path, text, name="mine.yaml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_user_entry_without_ref_names_file_and_entry(tmp_path):
    path = _user(tmp_path, "aliases:\n  - {ref: gn:167357, names: [منبيج]}\n  - {names: [منبج الكبرى]}\n")
    with pytest.raises(GazetteerError) as err:
        Gazetteer.load([path])
    assert str(path) in str(err.value) and "aliases[1]" in str(err.value) and "missing ref" in str(err.value)
    assert err.value.path == str(path) and err.value.entry == "aliases[1]"


def test_user_entry_with_unknown_ref_is_an_error(tmp_path):
    for text in ("aliases:\n  - {ref: x:nowhere, names: [منبيج]}\n", "remove:\n  - {ref: gn:1, names: [منبج]}\n"):
        path = _user(tmp_path, text)
        with pytest.raises(GazetteerError, match="unknown ref"):
            Gazetteer.load([path])


def test_user_file_that_is_a_list_is_an_error(tmp_path):
    path = _user(tmp_path, "- {ref: gn:167357, names: [منبيج]}\n")
    with pytest.raises(GazetteerError, match="expected a mapping") as err:
        Gazetteer.load([path])
    assert str(path) in str(err.value)
    with pytest.raises(GazetteerError, match="entries"):
        Gazetteer.load([_user(tmp_path, "entries: {id: x:a}\n")])
    with pytest.raises(GazetteerError, match=r"entries\[0\] \(x:a\): no coordinates"):
        Gazetteer.load([_user(tmp_path, "entries:\n  - {id: x:a, names: [زمبركة]}\n")])
    with pytest.raises(GazetteerError, match="names must be a list"):
        Gazetteer.load([_user(tmp_path, "aliases:\n  - {ref: gn:167357, names: منبيج}\n")])


def test_unknown_user_keys_warn_with_file_and_entry(tmp_path, caplog):
    path = _user(tmp_path, "aliases:\n  - {ref: gn:167357, names: [منبيج], wieght: true}\nextras: []\n")
    with caplog.at_level("WARNING", logger="mkdocs.plugins.marsad"):
        g = Gazetteer.load([path])
    msgs = [r.getMessage() for r in caplog.records]
    assert any(str(path) in m and "aliases[0] (gn:167357)" in m and "wieght" in m for m in msgs), msgs
    assert any(str(path) in m and "extras" in m for m in msgs), msgs
    assert g.lookup("منبيج")[0].id == "gn:167357"  # the rest of the entry applies


def test_user_entry_with_seat_is_kept_at_run_time(tmp_path):
    path = _user(tmp_path, "entries:\n  - {id: x:manbij-district, name: Manbij District, names: [منطقة منبج الإدارية],"
                           " seat: منبج, cc: SY, kind: admin, source: editor}\n")
    g = Gazetteer.load([path])
    seat = g.get("gn:167357")
    p = g.get("x:manbij-district")
    assert p is not None and (p.lat, p.lon, p.kind, p.cc) == (seat.lat, seat.lon, "admin", "SY")
    assert "mena" in g.flags(p)
    assert [m.place.id for m in find_places("اشتباكات في منطقة منبج الإدارية أمس", g)] == ["x:manbij-district"]


def _builder_module():
    import importlib.util
    from pathlib import Path

    spec = importlib.util.spec_from_file_location(
        "marsad_gazetteer_build", Path(__file__).resolve().parent.parent / "gazetteer" / "build.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_builder_and_run_time_read_one_user_file_alike(tmp_path):
    """The same user file, baked in by gazetteer/build.py or applied by Gazetteer.load, gives
    the same places: alias-level lat/lon/name_ar, a seat, the mena flag, removals."""
    build = _builder_module()

    def base():
        b = build.Builder()
        b.all_cities, b.capital_ids = {}, set()
        b.places = {
            "gn:163843": dict(id="gn:163843", name="Syria", name_ar="سوريا", lat=35.0, lon=38.0, cc="SY",
                              kind="country", geonames=163843, population=1, flags={"mena"}, aliases=["سوريا"]),
            "gn:167357": dict(id="gn:167357", name="Manbij", name_ar="مدينة منبج", lat=36.5, lon=37.9, cc="SY",
                              kind="city", geonames=167357, population=100000, flags={"mena"},
                              aliases=["منبج", "منبغ~"]),
            "gn:1": dict(id="gn:1", name="Old", name_ar="قديمة", lat=1.0, lon=2.0, cc="SY", kind="city",
                         geonames=1, population=10, flags={"mena"}, aliases=["قديمه", "عتيقه"]),
        }
        b.by_gn = {163843: "gn:163843", 167357: "gn:167357", 1: "gn:1"}
        b.country_id = {"SY": "gn:163843"}
        return b

    base_file = tmp_path / "base.tsv.gz"
    base().write(base_file, "test base")
    user = _user(tmp_path, "aliases:\n"
                           "  - {ref: gn:167357, names: [منبيج, منبغ], lat: 36.52, lon: 37.95, name_ar: 'مَنبِج\u200e'}\n"
                           "  - {ref: country:SY, names: [الشام], weak: true}\n"
                           "entries:\n"
                           "  - {id: x:zambarka, name: Zambarka, names: [زمبركة], seat: منبج, cc: sy, kind: city}\n"
                           "  - {id: gn:1, names: [جديدة], replace_aliases: true, population: 500}\n"
                           "remove:\n"
                           "  - {ref: gn:1, names: [جديدة]}\n"
                           "  - {ref: country:SY, names: [الشام]}\n")
    b = base()
    b.apply(build.read_user_file(user), str(user))
    built_file = tmp_path / "built.tsv.gz"
    b.write(built_file, "test built")
    baked = Gazetteer.load(data_file=built_file)
    overlaid = Gazetteer.load([user], data_file=base_file)
    manbij = overlaid.get("gn:167357")
    # the editor's name, shown without its vowels and the invisible mark copied with it
    assert (manbij.lat, manbij.lon, manbij.name_ar) == (36.52, 37.95, "منبج")
    assert overlaid.get("x:zambarka").lat == 36.52 and overlaid.get("x:zambarka").cc == "SY"
    for pid in ("gn:163843", "gn:167357", "x:zambarka"):
        assert baked.get(pid) == overlaid.get(pid), pid
        assert baked.flags(baked.get(pid)) == overlaid.flags(overlaid.get(pid)), pid
    assert baked.get("gn:1") is None and overlaid.lookup("جديدة") == [] and overlaid.lookup("قديمة") == []

    def index(g):
        return {k: sorted((g.places[i].id, wk) for i, wk in v) for k, v in g.index.items()}

    assert index(baked) == index(overlaid)
    assert index(overlaid)["منبغ"] == [("gn:167357", False)]  # a strong alias replaces a weak one


# --- generator/arabic.py: the clitic table and the normalisers ----------------------------

_OLD_PREFIXES = ("وبال", "فبال", "وكال", "ولل", "فلل", "وال", "فال", "بال", "كال", "لل",
                 "وب", "ول", "فب", "فل", "و", "ف", "ب", "ل")


def _old_readings(w):
    out = [(w, "")]
    for p in _OLD_PREFIXES:
        if w.startswith(p) and len(w) - len(p) >= 2:
            if p.endswith("ال"):
                out.append(("ال" + w[len(p):], p[:-2]))
            elif p in ("لل", "ولل", "فلل"):
                out.append(("ال" + w[len(p):], p[:-1]))
            else:
                out.append((w[len(p):], p))
    return tuple(out)


def _old_bare(word):
    out = [word]
    if len(word) > 3 and word[0] in "وفبل":
        out.append(word[1:])
        if len(word) > 4 and word[1] in "بل":
            out.append(word[2:])
    return tuple(out)


def _sample_words(gaz):
    heads = [p for p in _OLD_PREFIXES] + ["ك", "فك", "وك", "ال", "بب", "لب"]
    names = sorted({k.split(" ")[0] for k in gaz.index})[::7]
    return [h + n for h in heads for n in names[:300]] + names + ["وب", "ولل", "و", "", "كاجين", "فكالرياض"]


def test_clitic_table_gives_the_places_prefixes_and_readings(gaz):
    from generator.arabic import clitic_prefixes, clitic_readings

    surfaces = [p.surface for p in clitic_prefixes()]
    assert sorted(surfaces) == sorted(_OLD_PREFIXES)
    assert [len(x) for x in surfaces] == sorted((len(x) for x in surfaces), reverse=True)
    for w in _sample_words(gaz):
        if w:
            assert clitic_readings(w) == _old_readings(w), w


def test_clitic_table_gives_what_the_dates_engine_uses(gaz):
    from generator.arabic import bare_forms, clitic_regex, definite_prefixes, is_definite

    assert clitic_regex() == r"(?:[وف]?[بل]?)"
    assert set(definite_prefixes()) == {"ال", "وال", "بال", "فال", "لل"}
    for w in _sample_words(gaz):
        assert bare_forms(w) == _old_bare(w), w
        assert is_definite(w) == w.startswith(("ال", "وال", "بال", "فال", "لل")), w


def test_offset_normalisers_agree_with_the_reference_on_every_character():
    from generator.arabic import normalise, normalise_char, normalise_lazy, normalise_with_offsets

    chars = "".join(chr(cp) for cp in range(0x20, 0x30000) if not 0xD800 <= cp < 0xE000)
    assert normalise_with_offsets(chars).text == normalise_lazy(chars).text == normalise(chars)
    assert normalise(chars) == "".join(normalise_char(c) for c in chars)
    for text in ["", "\u064b", "قال  مُحَمَّدٌ ـــ في الإمارات، ١٢ مسؤول\u200fون", "ـــالجمعةُ\u200f"]:
        eager, lazy = normalise_with_offsets(text), normalise_lazy(text)
        ref = [i for i, ch in enumerate(text) if normalise_char(ch)] + [len(text)]
        assert list(eager.source_index) == ref
        for i in range(len(eager.text) + 1):
            for j in range(i, len(eager.text) + 1):
                assert eager.source_span(i, j) == lazy.source_span(i, j)


def test_one_great_circle_distance():
    from generator.events.merge import EARTH_KM
    from generator.places import EARTH_RADIUS_KM, haversine_km

    assert EARTH_KM == EARTH_RADIUS_KM
    assert abs(haversine_km(33.5138, 36.2765, 36.2021, 37.1343) - 310.0) < 5  # Damascus - Aleppo
    assert haversine_km(1.0, 2.0, 1.0, 2.0) == 0.0


def test_candidates_take_no_undeclared_fields():
    from generator.places.resolver import _Cand

    c = _Cand(0, 1, "دمشق", "", [(0, False)])
    with pytest.raises(AttributeError):
        c.undeclared = 1


def test_word_cache_belongs_to_the_gazetteer(gaz):
    g = Gazetteer.load()
    find_places("وصل الوفد إلى دمشق أمس", g)
    assert "دمشق" in g.words.info and "الوفد" in g.words.boring
    assert not hasattr(g, "_boring") and not hasattr(g, "_winfo")


# --- geocoder settings ----------------------------------------------------------------------

def test_geocoder_settings_are_checked():
    settings, warnings = check_settings({"enabled": True, "user_agent": "me (me@example.org)", "colour": "red"})
    assert settings["enabled"] is True and settings["provider"] == "nominatim" and warnings == ["unknown key: colour"]
    for bad, problem in (({"provider": "google"}, "provider"), ({"enabled": "yes"}, "enabled"),
                         ({"url": "ftp://x"}, "url"), ({"min_delay_seconds": -1}, "min_delay_seconds"), ([], "mapping")):
        with pytest.raises(ValueError, match=problem):
            check_settings(bad)
