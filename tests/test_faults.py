"""Faults: a build killed with `kill -9` at any stage, two builds at once, other paths and
hash seeds. After each, a build gives the same bytes as a clean build elsewhere, no
article is touched and the cache is sound."""

from __future__ import annotations

import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import copy_project, tree_hashes

VARIANTS = 30  # copies of each sample article (new dates, one more sentence): ~150 articles


def _project(dest: Path) -> Path:
    project = copy_project(dest)
    folder = project / "site_src" / "articles"
    for source in sorted(folder.glob("0*.md")):
        text = source.read_text(encoding="utf-8")
        for n in range(VARIANTS):
            day = f"date: 2017-{n % 12 + 1:02d}-{n % 27 + 1:02d}"
            copy = re.sub(r"^date: .*$", day, text, count=1, flags=re.M) + f"\nوفي نسخة {n} من الخبر وصل وفد إلى دمشق أمس.\n"
            (folder / f"{source.stem}-v{n:02d}.md").write_text(copy, encoding="utf-8")
    return project


def _command(project: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "mkdocs", "build", "-f", str(project / "mkdocs.yml"), "-d", str(project / "site"), *extra]


def _env(**extra: str) -> dict[str, str]:
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "0", **extra}


def _build(project: Path, **env: str) -> subprocess.CompletedProcess:
    result = subprocess.run(_command(project), capture_output=True, text=True, env=_env(**env), timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    return result


def _cache_is_sound(project: Path) -> None:
    db = sqlite3.connect(project / ".cache" / "marsad" / "extraction.sqlite")
    try:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    finally:
        db.close()
    again = _build(project)  # everything from the cache now
    assert re.search(r"marsad: \d+ articles \(0 extracted", again.stderr), again.stderr[-2000:]


@pytest.fixture(scope="module")
def reference(tmp_path_factory) -> dict[str, str]:
    """A clean build of the fault project, in another folder."""
    project = _project(tmp_path_factory.mktemp("reference") / "a")
    _build(project)
    return tree_hashes(project / "site")


# What a verbose build prints as it enters each stage: kill it there.
TRIGGERS = {
    "extraction": (r"Cleaning site directory", 0.4),  # then the articles are read and extracted
    "pages": (r"Building page articles/", 0.0),
    "data files": (r"marsad: writing the data files", 0.05),
}


@pytest.mark.parametrize("stage", list(TRIGGERS))
def test_a_build_killed_at_any_stage_then_rebuilt_is_a_clean_build(tmp_path, reference, stage):
    project = _project(tmp_path / "killed" / "deeper")
    sources = tree_hashes(project / "site_src")
    pattern, delay = TRIGGERS[stage]
    seen = 0
    process = subprocess.Popen(_command(project, "-v"), stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True, env=_env())
    try:
        assert process.stderr is not None
        for line in process.stderr:
            if re.search(pattern, line):
                seen += 1
                if stage != "pages" or seen == 40:
                    time.sleep(delay)
                    os.kill(process.pid, signal.SIGKILL)
                    break
    finally:
        process.kill()
        process.wait()
    assert process.returncode == -signal.SIGKILL, "the build ended before it was killed"
    assert seen, f"the build never reached {stage}"
    _build(project)
    assert tree_hashes(project / "site") == reference
    assert tree_hashes(project / "site_src") == sources
    _cache_is_sound(project)


def test_two_builds_at_once_neither_crash_nor_corrupt_the_cache(tmp_path, reference):
    project = _project(tmp_path / "twice")
    first = subprocess.Popen(_command(project), stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True, env=_env())
    second = subprocess.Popen(_command(project), stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True, env=_env())
    outputs = [p.communicate(timeout=600)[1] for p in (first, second)]
    assert first.returncode == 0 and second.returncode == 0, outputs
    assert any("another build of this site is running" in out for out in outputs)
    assert tree_hashes(project / "site") == reference
    _cache_is_sound(project)


def test_byte_identical_across_paths_and_hash_seeds(tmp_path, reference):
    for seed, where in (("1", "x"), ("4242", "some/other/place")):
        project = _project(tmp_path / where / "clone")
        _build(project, PYTHONHASHSEED=seed)
        assert tree_hashes(project / "site") == reference, f"PYTHONHASHSEED={seed} at {project}"
