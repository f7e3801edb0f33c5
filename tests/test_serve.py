"""The real `mkdocs serve`: adding an article, then a gazetteer entry or an actor, shows up after the reload."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Callable

import pytest

from conftest import copy_project
from test_site_features import NEWS, STAR, USER_ACTORS

ARTICLE = """---
title: غارات على حلب وزمبركة
date: 2016-08-25
source: serve.example
---

قصفت الطائرات أمس أحياء في مدينة حلب. وشنت الطائرات غارات على بلدة زمبركة في ريف حلب.
"""

USER_GAZETTEER = "entries:\n  - {id: x:zambarka, name: Zambarka, names: [زمبركة], lat: 36.1, lon: 37.2, kind: city, cc: SY}\n"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, OSError):
        return None


def _wait_for(check: Callable[[], bool], what: str, proc: subprocess.Popen, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"mkdocs serve exited ({proc.returncode}) while waiting for {what}")
        if check():
            return
        time.sleep(0.5)
    pytest.fail(f"timed out waiting for {what}")


@pytest.fixture
def served(tmp_path):
    project = copy_project(tmp_path / "serve")
    gazetteer = project / "places.yaml"
    gazetteer.write_text("entries: []\n", encoding="utf-8")
    (project / "actors.yaml").write_text("actors: []\n", encoding="utf-8")
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    assert "      week_start: monday\n" in config
    (project / "mkdocs.yml").write_text(
        config.replace("      week_start: monday\n", "      week_start: monday\n      gazetteer: [places.yaml]\n      actors: [actors.yaml]\n"),
        encoding="utf-8")
    port = _free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "0"}
    log = (tmp_path / "serve.log").open("w+", encoding="utf-8")
    proc = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-f", str(project / "mkdocs.yml"), "-a", f"127.0.0.1:{port}"],
        cwd=project, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}/"
    try:
        yield project, base, proc
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.seek(0)
        print(log.read()[-3000:])  # shown when the test fails
        log.close()


def _place_ids(base: str) -> set[str]:
    text = _get(base + "data/places.geojson")
    return {f["properties"]["id"] for f in json.loads(text)["features"]} if text else set()


def test_serve_regenerates_on_new_article_and_gazetteer_change(served):
    project, base, proc = served
    _wait_for(lambda: _get(base + "timeline/") is not None, "the first build", proc, timeout=180)
    assert "x:zambarka" not in _place_ids(base)
    assert "gn:170063" not in _place_ids(base)  # Aleppo: not in the sample articles

    # A new article: its event is on the timeline and its place on the map after the reload.
    (project / "site_src/articles/zz-served.md").write_text(ARTICLE, encoding="utf-8")
    _wait_for(lambda: "gn:170063" in _place_ids(base), "the new article's place in places.geojson", proc)
    month = _get(base + "timeline/2016-08/") or ""
    assert "غارات على حلب وزمبركة" in month
    assert _get(base + "articles/zz-served/") is not None
    assert "x:zambarka" not in _place_ids(base)  # not in the gazetteer yet

    # The user's gazetteer file is watched too: the new entry is resolved after the reload.
    (project / "places.yaml").write_text(USER_GAZETTEER, encoding="utf-8")
    _wait_for(lambda: "x:zambarka" in _place_ids(base), "the gazetteer entry in places.geojson", proc)
    assert "زمبركة" in (_get(base + "places/sy/") or "")
    assert not list(Path(project / "site_src").rglob("*.sqlite"))  # nothing written into docs_dir


def _place_names(base: str) -> set[str]:
    text = _get(base + "data/places.geojson")
    return {f["properties"]["name"] for f in json.loads(text)["features"]} if text else set()


def test_mkdocs_serve_shows_an_added_article(served):
    project, base, proc = served
    _wait_for(lambda: _get(base + "data/places.geojson") is not None, "the first build", proc, timeout=180)
    assert "Aleppo" not in _place_names(base)
    (project / "site_src/articles/news.md").write_text(NEWS, encoding="utf-8")
    _wait_for(lambda: "Aleppo" in _place_names(base), "Aleppo in places.geojson", proc)
    assert "Beirut" in _place_names(base)
    assert "قصف في حلب وبيروت" in (_get(base + "timeline/2016-08/") or "")


def _actors_of(base: str, article: str) -> list[str] | None:
    text = _get(base + "data/events.geojson")
    if not text:
        return None
    found = [f["properties"]["actors"] for f in json.loads(text)["features"] if f["properties"]["article"] == article]
    return found[0] if found else None


def test_serve_reads_the_sites_actor_table_again_when_it_changes(served):
    project, base, proc = served
    (project / "site_src/articles/star.md").write_text(STAR, encoding="utf-8")
    _wait_for(lambda: _actors_of(base, "articles/star/") is not None, "the first build", proc, timeout=180)
    assert "star_brigades" not in _actors_of(base, "articles/star/")
    (project / "actors.yaml").write_text(USER_ACTORS, encoding="utf-8")
    _wait_for(lambda: "star_brigades" in (_actors_of(base, "articles/star/") or []), "the new actor on the star article's event", proc)
    assert "كتائب النجمة" in (_get(base + "timeline/2016-08/") or "")
