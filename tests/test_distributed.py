"""Extraction on a Dask cluster (`marsad extract --dask`, the plugin's `dask` option): on a
LocalCluster of two worker processes, the same output and the same cache as a local run."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, SEEDS, copy_project, mkdocs_build, set_plugin_options, tree_hashes
from generator.articles import load_article
from generator.cache import CACHE_FILE, ExtractionCache
from generator.distributed import LOCAL, DaskBackend, DaskError, Tables, worker_counts
from generator.events.actors import load_actors
from generator.extract import Job, extract_many
from generator.places import Gazetteer

ARTICLES = ROOT / "site_src/articles"
MARSAD = [sys.executable, "-m", "generator.cli"]
# Python with the distributed package hidden, as on an install without the extra.
WITHOUT_DASK = "import sys; sys.modules['distributed'] = None; "
MISSING = "marsad: running on Dask needs the distributed package: pip install 'marsad[dask]'"


@pytest.fixture(scope="module")
def cluster():
    """One LocalCluster of two worker processes for the module, made as `--dask local` makes it."""
    with DaskBackend(LOCAL, Tables.of(), workers=2) as backend:
        client = backend.client()
        assert len(client.scheduler_info()["workers"]) == 2
        yield backend


def address(backend: DaskBackend) -> str:
    return backend.client().scheduler.address


def counts(backend: DaskBackend) -> dict[str, tuple[int, int]]:
    """Each worker's (tables loaded, batches run)."""
    return backend.client().run(worker_counts)


def marsad(*args: str, code: str = "") -> subprocess.CompletedProcess:
    command = [sys.executable, "-c", code + "from generator.cli import main; main()"] if code else MARSAD
    env = {**os.environ, "DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT": "3s"}  # (an unreachable scheduler: 30 s)
    return subprocess.run([*command, *args], capture_output=True, text=True, cwd=ROOT, env=env, timeout=300)


def entries(folder: Path) -> dict[str, tuple[str, str]]:
    """Every key of the cache's extraction table with its checksum and value."""
    with sqlite3.connect(folder / CACHE_FILE) as db:
        return {k: (c, v) for k, c, v in db.execute("SELECT key, checksum, value FROM entries")}


def ran_on_every_worker(before: dict, after: dict) -> None:
    """Both workers ran batches; neither loaded its tables more than once for them."""
    assert set(after) == set(before) and len(after) == 2
    for worker in after:
        assert after[worker][1] > before[worker][1], f"{worker} ran no batch"
        assert after[worker][0] - before[worker][0] <= 1, f"{worker} loaded its tables again"


def test_files_on_dask_give_the_same_output_and_cache_as_a_local_run(tmp_path, cluster, shared):
    files = [str(ARTICLES), *sorted(str(p) for p in SEEDS.glob("*.txt"))]
    local = marsad("extract", *files, "--published", "2016-08-25", "--cache", str(tmp_path / "local"), "--processes", "1")
    assert local.returncode == 0, local.stderr
    before = counts(cluster)
    remote = marsad("extract", *files, "--published", "2016-08-25", "--cache", str(tmp_path / "dask"),
                    "--dask", address(cluster))
    assert remote.returncode == 0, remote.stderr
    ran_on_every_worker(before, counts(cluster))
    assert remote.stdout == local.stdout
    assert len(json.loads(remote.stdout)) == 10
    assert "10 articles (10 extracted, 0 from cache)" in remote.stderr
    stored = entries(tmp_path / "local")
    assert len(stored) == 30  # dates, places and events of each article
    assert entries(tmp_path / "dask") == stored
    # A second run finds everything in the cache: the cluster gets no work.
    again = marsad("extract", *files, "--published", "2016-08-25", "--cache", str(tmp_path / "dask"),
                   "--dask", address(cluster))
    assert again.returncode == 0, again.stderr
    assert again.stdout == local.stdout and "10 articles (0 extracted, 10 from cache)" in again.stderr


def test_jsonl_on_dask_gives_the_same_lines_and_cache_as_a_local_run(tmp_path, cluster):
    articles = [load_article(p) for p in sorted(ARTICLES.glob("*.md"))]
    lines = [json.dumps({"id": a.slug, "text": a.text, "published": a.published.isoformat()}, ensure_ascii=False)
             for a in articles]
    source = tmp_path / "in.jsonl"
    source.write_text("\n".join(lines * 2) + "\n", encoding="utf-8")  # each twice: a batch may hold both
    local = marsad("extract", "--jsonl", str(source), "--cache", str(tmp_path / "local"), "--processes", "1")
    remote = marsad("extract", "--jsonl", str(source), "--cache", str(tmp_path / "dask"), "--dask", address(cluster))
    assert local.returncode == remote.returncode == 0, local.stderr + remote.stderr
    assert remote.stdout == local.stdout and len(remote.stdout.splitlines()) == 10
    assert len(entries(tmp_path / "local")) == 15 and entries(tmp_path / "dask") == entries(tmp_path / "local")
    # The lines share the cache entries of the same articles read from their files.
    files = marsad("extract", str(ARTICLES), "--cache", str(tmp_path / "local"), "--processes", "1")
    assert "5 articles (0 extracted, 5 from cache)" in files.stderr


@pytest.fixture(scope="module")
def jobs():
    articles = [load_article(p) for p in sorted(ARTICLES.glob("*.md"))]
    # Variants of the five, so the cluster gets many batches.
    return [Job(a.text + f"\n{i}", a.published, f"{a.content_hash}-{i}") for i in range(12) for a in articles]


def both_ways(jobs, gazetteer, actors, tables, cluster, cache_file: Path, tmp_path: Path, name: str):
    """extract_many locally and on the cluster, each from a copy of `cache_file`: the
    Extraction objects and the caches afterwards are the same."""
    results = {}
    for way in ("local", "dask"):
        path = tmp_path / f"{name}-{way}" / CACHE_FILE
        path.parent.mkdir()
        if cache_file.exists():
            shutil.copy(cache_file, path)
        cache = ExtractionCache(path)
        if way == "dask":
            with DaskBackend(address(cluster), tables) as backend:  # a backend serves one site's tables
                results[way] = extract_many(jobs, gazetteer, cache=cache, actors=actors, backend=backend)
        else:
            results[way] = extract_many(jobs, gazetteer, cache=cache, actors=actors, processes=1)
        cache.close()
    (local, local_stats), (remote, remote_stats) = results["local"], results["dask"]
    assert remote == local
    assert [e.key for e in remote] == [e.key for e in local]
    assert remote_stats.extracted == local_stats.extracted
    assert entries(tmp_path / f"{name}-dask") == entries(tmp_path / f"{name}-local")
    return tmp_path / f"{name}-local" / CACHE_FILE, local_stats


def test_what_the_cache_holds_already_goes_to_the_workers_with_the_articles(tmp_path, cluster, jobs):
    """A new gazetteer: dates come from the cache, places and events are done anew. A new
    actor table then: only the events. Both ways alike, on every worker."""
    plain = Gazetteer.load()
    first, stats = both_ways(jobs, plain, load_actors(), Tables.of(), cluster, tmp_path / "none", tmp_path, "cold")
    assert stats.extracted == len(jobs)

    user = {"aliases": [{"ref": "gn:167357", "names": ["منبيج"]}]}
    actor_file = tmp_path / "actors.yaml"
    actor_file.write_text("actors:\n  - id: x-delegation\n    ar: الوفد\n    kind: other\n", encoding="utf-8")
    other = Gazetteer.load([user])
    before = counts(cluster)
    second, stats = both_ways(jobs, other, load_actors(), Tables.of([user]), cluster, first, tmp_path, "places")
    ran_on_every_worker(before, counts(cluster))
    assert stats.dates_cached == len(jobs) and stats.places_cached == 0

    actors = load_actors([actor_file])
    third, stats = both_ways(jobs, other, actors, Tables.of([user], [actor_file]), cluster, second, tmp_path, "events")
    assert stats.extracted == 0 and stats.dates_cached == stats.places_cached == len(jobs)
    assert len(entries(tmp_path / "events-dask")) == len(entries(tmp_path / "places-dask")) + len(jobs)


def test_a_worker_with_other_tables_refuses_to_fill_the_cache(tmp_path, cluster, jobs):
    other = Gazetteer.load([{"aliases": [{"ref": "gn:167357", "names": ["منبيج"]}]}])
    cache = ExtractionCache(tmp_path / CACHE_FILE)
    with pytest.raises(DaskError, match=r"extracts differently from this machine \(gazetteer differ\)"):
        extract_many(jobs[:4], other, cache=cache, backend=cluster)  # the fixture's tables are the shipped ones
    assert not entries(tmp_path)
    cache.close()


def test_a_build_on_dask_gives_the_same_site_and_cache(tmp_path, cluster):
    plain = copy_project(tmp_path / "plain")
    on_dask = copy_project(tmp_path / "dask")
    set_plugin_options(on_dask, f"      dask: {address(cluster)}\n")
    for project in (plain, on_dask):
        result = mkdocs_build(project, "--strict")
        assert result.returncode == 0, result.stderr
        assert "5 articles (5 extracted, 0 from cache)" in result.stderr
    assert entries(on_dask / ".cache/marsad") == entries(plain / ".cache/marsad")
    assert tree_hashes(on_dask / "site") == tree_hashes(plain / "site")


def test_without_the_extra_the_command_says_what_to_install(tmp_path):
    # (the check can fail: without the blocked import, the run would go on and succeed)
    assert marsad("extract", str(ARTICLES), "--processes", "1").returncode == 0
    for args in (["extract", str(ARTICLES), "--dask"], ["extract", "--dask", "tcp://127.0.0.1:1", str(ARTICLES)]):
        result = marsad(*args, code=WITHOUT_DASK)
        assert result.returncode == 1
        assert result.stderr == MISSING + "\n" and result.stdout == ""
    project = copy_project(tmp_path / "site")
    set_plugin_options(project, "      dask: local\n")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    build = subprocess.run([sys.executable, "-c", WITHOUT_DASK + "from mkdocs.__main__ import cli; cli()", "build",
                            "-f", str(project / "mkdocs.yml")], capture_output=True, text=True, env=env, timeout=300)
    assert build.returncode == 1
    assert MISSING in build.stderr and "Traceback" not in build.stderr
    assert not (project / "site").exists()


def test_a_setting_that_is_no_cluster_is_refused(tmp_path):
    wrong = marsad("extract", "--dask", str(ARTICLES))  # the folder taken for an address
    assert wrong.returncode == 2
    assert "is neither 'local' nor a scheduler address" in wrong.stderr and "--dask local" in wrong.stderr
    unreachable = marsad("extract", str(ARTICLES), "--dask", "tcp://127.0.0.1:9")
    assert unreachable.returncode == 1
    assert unreachable.stderr.startswith("marsad: cannot reach the Dask scheduler at tcp://127.0.0.1:9")
    assert "Traceback" not in unreachable.stderr
    project = copy_project(tmp_path / "site")
    set_plugin_options(project, "      dask: somewhere\n")
    result = mkdocs_build(project)
    assert result.returncode == 1 and "dask" in result.stderr and "is neither 'local'" in result.stderr
