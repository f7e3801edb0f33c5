"""A cache that cannot be used never breaks a build (on real file systems).

Each case builds with `--strict` (what the Pages workflow runs), exits 0 and gives the same
site as a build with the cache off: a cache folder that cannot be created, one on a
read-only mount, a full disk (after which the cache file is still there, valid, and the
next build takes its entries from it), and a cache another process holds locked. Mounts
need root (a bind mount, a tmpfs); where the machine does not allow them, the test is
skipped with the reason. Temporary files a killed build left in the cache folder are
gone after the next build.
"""

from __future__ import annotations

import re
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest
from conftest import copy_project, mkdocs_build, set_plugin_options, tree_hashes

CACHE = ".cache/marsad"
NEW_ARTICLE = ("---\ntitle: غارة جوية على منبج\ndate: 2016-08-25\nsource: وكالة\n---\n\n"
               "قصفت طائرات حربية مدينة منبج مساء أمس، ما أدى إلى مقتل خمسة مدنيين.\n")


def _set_cache_dir(project: Path, value: str) -> None:
    set_plugin_options(project, f"      cache_dir: {value!r}\n")


def _reference(tmp_path: Path, with_new_article: bool = False) -> dict[str, str]:
    """The site as a build with the cache off makes it."""
    project = copy_project(tmp_path / "reference")
    if with_new_article:
        (project / "site_src" / "articles" / "zz_new.md").write_text(NEW_ARTICLE, encoding="utf-8")
    _set_cache_dir(project, "")
    result = mkdocs_build(project, "--strict")
    assert result.returncode == 0, result.stderr[-3000:]
    return tree_hashes(project / "site")


def _from_cache(stderr: str) -> int:
    found = re.search(r"marsad: \d+ articles \(\d+ extracted, (\d+) from cache\)", stderr)
    assert found, stderr[-2000:]
    return int(found.group(1))


def _mount(*args: str) -> None:
    result = subprocess.run(["mount", *args], capture_output=True, text=True)
    if result.returncode != 0:
        pytest.skip(f"cannot mount here ({result.stderr.strip() or 'mount failed'}): needs root")


def _umount(path: Path) -> None:
    subprocess.run(["umount", "-l", str(path)], capture_output=True)


def _entries(db: Path) -> int:
    with sqlite3.connect(db) as con:
        assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        return con.execute("SELECT count(*) FROM entries").fetchone()[0]


def test_a_cache_folder_that_cannot_be_created(tmp_path):
    project = copy_project(tmp_path / "p")
    (project / "blocker").write_text("a file where the cache folder would go\n")
    _set_cache_dir(project, "blocker/marsad")
    result = mkdocs_build(project, "--strict")
    assert result.returncode == 0, result.stderr[-3000:]
    assert "cannot be used" in result.stderr and result.stderr.count("cache folder") == 1
    assert tree_hashes(project / "site") == _reference(tmp_path)
    assert (project / "blocker").read_text() == "a file where the cache folder would go\n"


def test_a_read_only_cache_is_read_and_kept(tmp_path):
    if shutil.which("mount") is None:
        pytest.skip("no mount command")
    project = copy_project(tmp_path / "p")
    assert mkdocs_build(project, "--strict").returncode == 0  # a warm cache
    folder = project / CACHE
    before = {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}
    _mount("--bind", str(folder), str(folder))
    try:
        _mount("-o", "remount,bind,ro", str(folder))
        (project / "site_src" / "articles" / "zz_new.md").write_text(NEW_ARTICLE, encoding="utf-8")
        result = mkdocs_build(project, "--strict")
        assert result.returncode == 0, result.stderr[-3000:]
        assert "cannot be written" in result.stderr
        assert _from_cache(result.stderr) == 5  # the five sample articles, read from it
    finally:
        _umount(folder)
    assert tree_hashes(project / "site") == _reference(tmp_path, with_new_article=True)
    after = {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}
    assert after == before  # nothing renamed as corrupt, nothing written
    assert not list(folder.glob("*.corrupt"))


def test_a_full_disk_keeps_the_cache_for_the_next_build(tmp_path):
    if shutil.which("mount") is None:
        pytest.skip("no mount command")
    project = copy_project(tmp_path / "p")
    folder = project / CACHE
    folder.mkdir(parents=True)
    _mount("-t", "tmpfs", "-o", "size=16m", "tmpfs", str(folder))
    try:
        result = mkdocs_build(project, "--strict")
        assert result.returncode == 0, result.stderr[-3000:]
        db = folder / "extraction.sqlite"
        warm = _entries(db)
        assert warm > 0
        filler = folder / "filler"
        subprocess.run(["dd", "if=/dev/zero", f"of={filler}", "bs=64k"], capture_output=True)  # fills the disk
        (project / "site_src" / "articles" / "zz_new.md").write_text(NEW_ARTICLE, encoding="utf-8")
        result = mkdocs_build(project, "--strict")
        assert result.returncode == 0, result.stderr[-3000:]
        assert "full" in result.stderr and "the cache is kept" in result.stderr, result.stderr[-2000:]
        assert tree_hashes(project / "site") == _reference(tmp_path, with_new_article=True)
        assert db.exists() and not list(folder.glob("*.corrupt"))
        assert _entries(db) >= warm  # still there and valid
        filler.unlink()
        result = mkdocs_build(project, "--strict")
        assert result.returncode == 0, result.stderr[-3000:]
        assert _from_cache(result.stderr) >= 5  # the warm entries were used
    finally:
        _umount(folder)


def test_a_cache_locked_by_another_process(tmp_path):
    project = copy_project(tmp_path / "p")
    assert mkdocs_build(project, "--strict").returncode == 0
    db = project / CACHE / "extraction.sqlite"
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        (project / "site_src" / "articles" / "zz_new.md").write_text(NEW_ARTICLE, encoding="utf-8")
        result = mkdocs_build(project, "--strict")
        assert result.returncode == 0, result.stderr[-3000:]
        assert "locked" in result.stderr
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert tree_hashes(project / "site") == _reference(tmp_path, with_new_article=True)
    assert not list(db.parent.glob("*.corrupt"))
    assert _entries(db) > 0


def test_no_temporary_files_stay_in_the_cache_folder(tmp_path):
    project = copy_project(tmp_path / "p")
    assert mkdocs_build(project, "--strict").returncode == 0
    folder = project / CACHE
    # what a build killed mid-rename leaves: write_atomic's temporary names
    (folder / ".map-0123456789abcdef.html.k2j3h4").write_text("<html>half")
    (folder / ".probe.x8y7z6").write_text("")
    assert mkdocs_build(project, "--strict").returncode == 0
    stray = [p.name for p in folder.iterdir() if p.name.startswith(".")]
    assert stray == []
