"""Shared fixtures: a copy of the sample project, real MkDocs builds, real Chromium."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
GOLD = SHARED / "gold" / "seeds.yaml"
SEEDS = SHARED / "seeds"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]


def copy_project(dest: Path) -> Path:
    """mkdocs.yml and site_src/ copied into dest, so tests never write into the repository."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    shutil.copytree(ROOT / "site_src", dest / "site_src")
    return dest


def tree_hashes(folder: Path) -> dict[str, str]:
    """{path inside folder: sha256} of every file: two trees are byte-identical when equal."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def set_plugin_options(project: Path, options: str) -> None:
    """Add option lines (YAML at the plugin's indentation) to the marsad plugin of project/mkdocs.yml."""
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "  - marsad:\n" in text
    config.write_text(text.replace("  - marsad:\n", "  - marsad:\n" + options, 1), encoding="utf-8")


def mkdocs_build(project: Path, *extra: str) -> subprocess.CompletedProcess:
    """The real `mkdocs build` command on a project folder; output goes to project/site."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "0"}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-f", str(project / "mkdocs.yml"), "-d", str(project / "site"), *extra],
        capture_output=True, text=True, env=env, timeout=600,
    )


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("sample"))
    result = mkdocs_build(project, "--strict")
    assert result.returncode == 0, result.stderr
    return project / "site"


def chromium_or_skip() -> str:
    if Path(CHROMIUM).exists():
        return CHROMIUM
    if os.environ.get("CI"):
        pytest.fail(f"{CHROMIUM} is missing: CI must install Debian's chromium (see .ci/run)")
    pytest.skip("no Chromium on this machine (apt-get install -y chromium)")


@pytest.fixture(scope="session")
def browser():
    executable = chromium_or_skip()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        instance = pw.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture()
def shared():
    """../shared (gold annotations, seeds): present beside every clone in CI."""
    if GOLD.exists():
        return SHARED
    if os.environ.get("CI"):
        pytest.fail(f"{SHARED} is missing: CI runs with shared/ beside the clone")
    pytest.skip("../shared is not beside this clone")
