"""Per-article extraction cache and parallel extraction."""

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, copy_project, mkdocs_build
from generator.articles import load_article
from generator.cache import ExtractionCache
from generator.extract import PARALLEL_THRESHOLD, Job, extract, extract_many
from generator.places import Gazetteer


@pytest.fixture(scope="module")
def gazetteer():
    return Gazetteer.load()


@pytest.fixture(scope="module")
def jobs():
    articles = [load_article(p) for p in sorted((ROOT / "site_src/articles").glob("0*.md"))]
    return [Job(a.text, a.published, a.content_hash) for a in articles]


def test_second_run_is_served_from_cache(tmp_path, gazetteer, jobs):
    path = tmp_path / "cache.sqlite"
    cache = ExtractionCache(path)
    first, stats = extract_many(jobs, gazetteer, cache=cache, processes=1)
    assert stats.extracted == len(jobs)
    cache.close()
    cache = ExtractionCache(path)
    second, stats = extract_many(jobs, gazetteer, cache=cache, processes=1)
    assert stats.extracted == 0 and stats.dates_cached == stats.places_cached == len(jobs)
    assert second == first  # dates, places and events, decoded from the cache
    assert first[1] == extract(jobs[1].text, jobs[1].published, gazetteer)
    cache.close()
    with sqlite3.connect(path) as db:  # dates, places and events of each article
        assert db.execute("SELECT count(*) FROM entries").fetchone() == (3 * len(jobs),)


def test_changing_one_article_redoes_only_that_article(tmp_path, gazetteer, jobs):
    cache = ExtractionCache(tmp_path / "cache.sqlite")
    extract_many(jobs, gazetteer, cache=cache, processes=1)
    changed = list(jobs)
    text = jobs[2].text + "\nوصل الوفد إلى بيروت أمس.\n"
    changed[2] = Job(text, jobs[2].published, "changed-" + jobs[2].content_hash)
    results, stats = extract_many(changed, gazetteer, cache=cache, processes=1)
    assert stats.extracted == 1
    assert any(m.place.name == "Beirut" for m in results[2].places)


def test_changing_the_gazetteer_redoes_places_but_keeps_dates(tmp_path, gazetteer, jobs):
    cache = ExtractionCache(tmp_path / "cache.sqlite")
    extract_many(jobs, gazetteer, cache=cache, processes=1)
    user = {"aliases": [{"ref": "gn:167357", "names": ["منبيج"]}]}
    other = Gazetteer.load([user])
    assert other.version != gazetteer.version
    _, stats = extract_many(jobs, other, cache=cache, processes=1)
    assert stats.dates_cached == len(jobs) and stats.places_cached == 0


def test_a_tampered_entry_is_detected_and_recomputed(tmp_path, gazetteer, jobs):
    path = tmp_path / "cache.sqlite"
    cache = ExtractionCache(path)
    fresh, _ = extract_many(jobs[:1], gazetteer, cache=cache, processes=1)
    cache.close()
    with sqlite3.connect(path) as db:
        db.execute("UPDATE entries SET value = replace(value, '2015-11-1', '1999-01-0')")
    cache = ExtractionCache(path)
    again, stats = extract_many(jobs[:1], gazetteer, cache=cache, processes=1)
    assert stats.extracted == 1  # checksum mismatch: not trusted
    assert again == fresh


def test_a_corrupt_cache_file_is_set_aside_and_rebuilt(tmp_path, gazetteer, jobs):
    path = tmp_path / "cache.sqlite"
    path.write_bytes(b"this is not a database" * 100)
    cache = ExtractionCache(path)
    results, stats = extract_many(jobs[:2], gazetteer, cache=cache, processes=1)
    assert stats.extracted == 2 and results[0].dates
    assert Path(str(path) + ".corrupt").exists()
    cache.close()
    _, stats = extract_many(jobs[:2], gazetteer, cache=ExtractionCache(path), processes=1)
    assert stats.extracted == 0


def test_parallel_extraction_matches_serial(gazetteer, jobs):
    many = [Job(j.text + f"\n{i}", j.published, f"{j.content_hash}-{i}") for i in range(PARALLEL_THRESHOLD // len(jobs) + 1) for j in jobs]
    assert len(many) >= PARALLEL_THRESHOLD
    seen = []
    parallel, _ = extract_many(many, gazetteer, processes=2, progress=lambda done, total: seen.append((done, total)))
    serial, _ = extract_many(many, gazetteer, processes=1)
    assert parallel == serial
    assert seen and seen[-1] == (len(many), len(many))


def test_rebuild_of_the_site_reads_the_cache(tmp_path):
    project = copy_project(tmp_path / "site")
    first = mkdocs_build(project)
    assert "(5 extracted, 0 from cache)" in first.stderr
    (project / "site_src/articles/new.md").write_text("---\ntitle: جديد\ndate: 2016-08-25\n---\n\nوصل الوفد إلى بيروت أمس.\n", encoding="utf-8")
    second = mkdocs_build(project)
    assert "6 articles (1 extracted, 5 from cache)" in second.stderr
    db_path = project / ".cache/marsad/extraction.sqlite"
    assert db_path.exists()
    # What no article uses any more is pruned: the cache does not grow with every change.
    (project / "site_src/articles/new.md").unlink()
    assert "5 articles (0 extracted, 5 from cache)" in mkdocs_build(project).stderr
    with sqlite3.connect(db_path) as db:
        assert db.execute("SELECT count(*) FROM entries").fetchone() == (15,)  # dates, places, events
        assert db.execute("SELECT count(*) FROM rows").fetchone() == (5,)
    assert not list((project / "site_src").rglob("*.sqlite"))  # the cache lives outside docs_dir
    quiet = mkdocs_build(project, "-q")
    assert "marsad:" not in quiet.stderr


def _model(jobs_and_articles, gazetteer, cache):
    from generator.site import ArticleRecord, SiteSettings, build_model

    articles = jobs_and_articles
    extractions, _ = extract_many([Job(a.text, a.published, a.content_hash) for a in articles], gazetteer, cache=cache, processes=1)
    records = [ArticleRecord(a, ex, f"articles/{a.slug}/") for a, ex in zip(articles, extractions)]
    return build_model(records, SiteSettings())


def test_data_file_rows_come_from_the_cache_and_are_checked(tmp_path, gazetteer):
    """The rows each article adds to the data files are cached by its extraction and what
    else they show; cached, tampered or not, the files are the same as written afresh."""
    import dataclasses

    from generator.site import datafiles

    articles = [load_article(p) for p in sorted((ROOT / "site_src/articles").glob("0*.md"))]
    path = tmp_path / "cache.sqlite"
    cache = ExtractionCache(path)
    model = _model(articles, gazetteer, cache)
    fresh = datafiles.render_all(model, "مرصد")  # no cache at all
    assert fresh["data/events.csv"].count("\n") > 10
    assert datafiles.render_all(model, "مرصد", cache) == fresh  # rows written to the cache
    with sqlite3.connect(path) as db:
        keys = {k for (k,) in db.execute("SELECT key FROM rows")}
        assert len(keys) == len(articles)
        assert db.execute("UPDATE rows SET value = replace(value, 'Geneva', 'Genf') WHERE value LIKE '%Geneva%'").rowcount > 0
    assert datafiles.render_all(model, "مرصد", cache) == fresh  # tampered rows are not trusted
    stored = cache.get_many(keys, table="rows")
    assert stored and any(stored.values())
    # A sound checksum but the wrong shape (fields swapped) is not trusted either.
    cache.put_many([(k, [[c, g, i] for g, c, i in rows]) for k, rows in stored.items()], table="rows")
    assert datafiles.render_all(model, "مرصد", cache) == fresh
    # A new title changes the article's rows; the old entry is pruned.
    articles[0] = dataclasses.replace(articles[0], title="عنوان جديد")
    renamed = datafiles.render_all(_model(articles, gazetteer, cache), "مرصد", cache)
    assert "عنوان جديد" in renamed["data/events.csv"]
    with sqlite3.connect(path) as db:
        now = {k for (k,) in db.execute("SELECT key FROM rows")}
    assert len(now) == len(articles) and len(now - keys) == 1
    cache.close()


# ---- stage versions: whole packages, data tables, library versions


def test_every_stage_covers_its_whole_code_and_tables():
    from generator.cache import PACKAGE
    from generator.extract import DATE_STAGE, EVENT_STAGE, PLACE_STAGE
    from generator.site import RENDER_STAGE

    def names(stage):
        return {p.relative_to(PACKAGE).as_posix() for p in stage.files()}

    dates, places, events, render = (names(s) for s in (DATE_STAGE, PLACE_STAGE, EVENT_STAGE, RENDER_STAGE))
    # dates.py with the modules it imports (date_tables, hijri), or the dates package's folder
    assert {"arabic.py"} < dates and any(n.startswith("dates") for n in dates) and any("hijri" in n for n in dates)
    assert {"arabic.py", "data/place_stop.yaml"} < places and any(n.startswith("places") for n in places)
    assert {"arabic.py", "data/events.yaml", "data/event_types.yaml", "events/find.py", "events/rules.py"} < events
    site_files = {p.relative_to(PACKAGE).as_posix() for p in (PACKAGE / "site").rglob("*.py")}
    assert site_files | {"data/event_types.yaml", "events/merge.py"} < render
    assert "site/labels.py" in render and "site/mapview.py" in render
    assert not any("__pycache__" in n for n in dates | places | events | render)
    for stage in (DATE_STAGE, PLACE_STAGE, EVENT_STAGE, RENDER_STAGE):
        assert len(stage.version()) == 16


def test_a_stage_version_follows_its_code_its_tables_and_its_libraries(tmp_path, monkeypatch):
    from generator import cache

    stage = cache.Stage("test", modules=("generator.site",), data=("data/event_types.yaml",), libraries=("folium",))
    before = stage.version()
    cache._stage_version.cache_clear()
    monkeypatch.setattr(cache, "library_version", lambda name: "0.0-other")
    assert stage.version() != before  # another folium
    cache._stage_version.cache_clear()
    monkeypatch.undo()
    assert stage.version() == before
    with pytest.raises(FileNotFoundError, match="no-such.yaml"):
        cache.Stage("test", modules=(), data=("data/no-such.yaml",)).files()


def _build_with_package(project: Path, package_root: Path) -> subprocess.CompletedProcess:
    """`mkdocs build` of the project with the generator package from package_root."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "0", "PYTHONPATH": str(package_root)}
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "-f", str(project / "mkdocs.yml"), "-d", str(project / "site")],
                          capture_output=True, text=True, env=env, timeout=600, cwd=str(project))


def test_a_changed_label_reaches_the_cached_map_page(tmp_path):
    """The reported bug: after a label changed in labels.py, the map page (cached in .cache)
    kept the old word. Built with a copy of the package whose labels.py is then edited."""
    package_root = tmp_path / "code"
    shutil.copytree(ROOT / "generator", package_root / "generator", ignore=shutil.ignore_patterns("__pycache__"))
    project = copy_project(tmp_path / "site")
    first = _build_with_package(project, package_root)
    assert first.returncode == 0, first.stderr
    map_html = project / "site/assets/marsad/map.html"
    assert f"<title>{OLD_MAP_WORD}</title>" in map_html.read_text(encoding="utf-8")
    assert str(package_root / "generator") in subprocess.run(
        [sys.executable, "-c", "import generator.mkdocs.plugin as p; print(p.__file__)"],
        capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(package_root)}, cwd=str(project)).stdout
    labels = package_root / "generator/site/labels.py"
    text = labels.read_text(encoding="utf-8")
    assert text.count(f'"map": "{OLD_MAP_WORD}",') == 1
    labels.write_text(text.replace(f'"map": "{OLD_MAP_WORD}",', f'"map": "{NEW_MAP_WORD}",'), encoding="utf-8")
    second = _build_with_package(project, package_root)
    assert second.returncode == 0, second.stderr
    assert "(0 extracted, 5 from cache)" in second.stderr  # the extraction did not depend on the label
    page = map_html.read_text(encoding="utf-8")
    assert f"<title>{NEW_MAP_WORD}</title>" in page and f"<title>{OLD_MAP_WORD}</title>" not in page


OLD_MAP_WORD = "الخريطة"
NEW_MAP_WORD = "خريطة الأحداث"


def test_data_files_are_streamed_in_batches_and_zipped_the_same_every_time(tmp_path, gazetteer, monkeypatch):
    """The events' files are written batch by batch (a batch of one event gives the same
    bytes as one batch of all), their zip is byte-identical build after build and holds
    the three files as published; a site past the limit publishes the zip alone, and an
    earlier build's loose files go."""
    import zipfile

    from generator.site import datafiles, pages

    articles = [load_article(p) for p in sorted((ROOT / "site_src/articles").glob("0*.md"))]
    cache = ExtractionCache(tmp_path / "cache.sqlite")
    model = _model(articles, gazetteer, cache)
    whole = datafiles.render_all(model, "مرصد", cache)
    monkeypatch.setattr(datafiles, "EVENT_BATCH", 1)
    assert datafiles.render_all(model, "مرصد", cache) == whole
    assert datafiles.render_all(model, "مرصد") == whole

    first, second = tmp_path / "first", tmp_path / "second"
    for folder in (first, second):
        datafiles.write_all(model, "مرصد", folder, cache)
    zipped = (first / pages.EVENTS_ZIP).read_bytes()
    assert zipped == (second / pages.EVENTS_ZIP).read_bytes()
    with zipfile.ZipFile(first / pages.EVENTS_ZIP) as archive:
        assert archive.namelist() == ["events.geojson", "events.csv", "events.ics"]
        for name in archive.namelist():
            assert archive.read(name) == (first / "data" / name).read_bytes()
            assert archive.getinfo(name).compress_type == zipfile.ZIP_DEFLATED
    assert len(zipped) < sum((first / "data" / n).stat().st_size for n in ("events.geojson", "events.csv", "events.ics")) / 3

    assert model.raw_exports
    datafiles.write_all(model, "مرصد", first, cache, raw_exports=False)
    assert (first / pages.EVENTS_ZIP).read_bytes() == zipped  # the same zip without them
    assert not any((first / rel).exists() for rel in (pages.EVENTS_GEOJSON, pages.EVENTS_CSV, pages.EVENTS_ICS))
    assert sorted(p.name for p in (first / "data").iterdir()) == ["events.zip", "excerpts", "map-points.json",
                                                                  "places.geojson", "timeline.json"]
    cache.close()
