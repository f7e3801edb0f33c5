"""The site search: Pagefind's index of the article pages, and the box in Material's header.

Material's search plugin writes one index of every page that each page loads whole (261 MB
at 30,000 articles): no reader could search a large site. Marsad's search is Pagefind's
instead, built offline at the end of the build (`build_index`, from on_post_build): an
index in chunks, of which a query fetches only the few it needs, with Arabic stemming.

What is found: article pages only. Each carries `data-pagefind-body` on its title and its
text (not on the event lists and tables that repeat it), and `data-pagefind-meta` on its
date, outlet and places, which the results show (pages.render_article). An article whose
front matter says `search: {exclude: true}` has no such attribute and is not indexed.

The box: Material's header shows its search box only with its own search plugin; the
header's search block is replaced by partials/marsad-search.html (`patch_header`, on the
theme's source, as partials.py wraps partials: a header that is not as expected is logged
and the site has no search box). Material's classes give the box and its results Material's
look; static/marsad-search.js answers it, loading Pagefind on first use only.

Material's `search` plugin, if a site's mkdocs.yml still lists it, is turned off
(`turn_off_material_search`): two indexes would cost a large build minutes for nothing.
With the marsad option `search: false` none of this happens, and Material's plugin works as
it does on any MkDocs site.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import re
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from jinja2 import ChoiceLoader, DictLoader, Environment, TemplateNotFound

log = logging.getLogger("mkdocs.plugins.marsad")

BUNDLE = "pagefind"  # the index's folder in the site
HEADER = "partials/header.html"
BOX = "partials/marsad-search.html"  # in generator/theme/
LANGUAGE = "ar"  # the articles' language, whatever the interface's (its stemming)

# Material's header: its search button and box, shown when its search plugin is on.
_MATERIAL_SEARCH_BLOCK = re.compile(
    r'\{%-?\s*if "material/search" in config\.plugins\s*-?%\}.*?\{%-?\s*include "partials/search\.html"\s*-?%\}'
    r'\s*\{%-?\s*endif\s*-?%\}\s*\{%-?\s*endif\s*-?%\}',
    re.S,
)


def patch_header(source: str) -> str | None:
    """Material's header with our search box in place of its own; None when the header is
    not as expected (another Material release)."""
    patched, n = _MATERIAL_SEARCH_BLOCK.subn(f'{{% include "{BOX}" %}}', source, count=1)
    return patched if n == 1 else None


def install_box(env: Environment) -> bool:
    """Serve the patched header from `env`; False (logged) when the theme's header cannot
    take the box."""
    assert env.loader is not None
    try:
        source, _, _ = env.loader.get_source(env, HEADER)
    except TemplateNotFound:
        source = ""
    patched = patch_header(source)
    if patched is None:
        log.warning("marsad: the theme's %s has no search block as Material 9 writes it: the site has no search box "
                    "(a Material release that changed it? see generator/mkdocs/search.py)", HEADER)
        return False
    env.loader = ChoiceLoader([DictLoader({HEADER: patched}), env.loader])
    if env.cache is not None:
        env.cache.clear()  # drop a header compiled before the patch
    return True


def turn_off_material_search(plugins) -> bool:
    """Material's search plugin off, if mkdocs.yml lists it; True when it was on."""
    config = getattr(plugins.get("material/search"), "config", None)
    if config is None or not config.get("enabled", True):
        return False
    config["enabled"] = False  # its hooks and the header's box look at it
    return True


@dataclass(frozen=True)
class IndexStats:
    pages: int
    seconds: float
    bytes: int
    parts: int = 1
    reused: int = 0  # parts copied from the cache


def executable() -> Path:
    """Pagefind's binary, from the `pagefind[bin]` package (or PAGEFIND_BINARY_PATH)."""
    from pagefind.service import get_executable

    path = get_executable()
    if path is None:
        raise FileNotFoundError("the pagefind binary is not installed (pip install 'pagefind[bin]')")
    return Path(path)


# Pages per Pagefind index. Pagefind holds its whole index in memory while it builds (about
# 150 kB a page: 4.5 GB for 30,000 articles in one), so a larger site is indexed in parts,
# one after the other, and the search box merges them in the browser (PARTS lists them).
PART_PAGES = 3000
PARTS = "marsad-parts.json"  # in the bundle: the other parts' folders, relative to it
CACHE = "search"  # in the cache folder: each part's index, by the hash of its pages


def _pagefind(site: Path, output: Path, glob: str) -> None:
    """One Pagefind run. From an empty folder with no PAGEFIND_ variables: a pagefind.yml or
    an environment variable would be an input the build does not show."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PAGEFIND_")}
    args = [str(executable()), "--site", str(site), "--output-path", str(output), "--glob", glob,
            "--force-language", LANGUAGE, "--quiet"]
    with tempfile.TemporaryDirectory(prefix="marsad-pagefind-") as cwd:
        result = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"pagefind failed ({result.returncode}): {(result.stderr or result.stdout).strip()[-2000:]}")
    for line in (result.stdout + result.stderr).splitlines():
        if line.strip():
            log.debug("marsad: pagefind: %s", line.strip())


def _part_key(site_dir: Path, glob: str, part: list[str], page_keys: dict[str, str]) -> str:
    """What a part's index depends on: Pagefind's version, how it is run, and each page's
    path and what it indexes of the page (`page_keys`: made by the plugin from the article,
    its extraction and the render stage; the page's other parts, like its links to month
    pages that move when an event is added, are not indexed), else the page's bytes."""
    from ..cache import library_version

    digest = hashlib.sha256("\0".join(["pagefind-part", library_version("pagefind"), LANGUAGE, glob]).encode())
    for rel in part:
        key = page_keys.get(rel) or hashlib.sha256((site_dir / rel).read_bytes()).hexdigest()
        digest.update(f"{rel}\0{key}\0".encode())
    return digest.hexdigest()[:32]


def _index_part(site_dir: Path, glob: str, part: list[str], dest: Path, whole: bool) -> None:
    if whole:  # one part: Pagefind reads the site itself
        _pagefind(site_dir, dest, glob)
        return
    # The part's pages, hard-linked (no copy) at their own paths under a folder of the
    # site's file system, so Pagefind gives them their URLs in the site.
    with tempfile.TemporaryDirectory(prefix=".marsad-search-", dir=site_dir) as tmp:
        for rel in part:
            (Path(tmp) / rel).parent.mkdir(parents=True, exist_ok=True)
            os.link(site_dir / rel, Path(tmp) / rel)
        _pagefind(Path(tmp), dest, glob)


def build_index(site_dir: Path, glob: str, pages: list[str], part_pages: int = PART_PAGES,
                cache_dir: Path | None = None, page_keys: dict[str, str] | None = None) -> IndexStats:
    """Index the pages of `site_dir` that match `glob` (those with data-pagefind-body) into
    site_dir/pagefind: one index, or when `pages` (those pages' paths in the site) are more
    than `part_pages`, one per part of them (the first in pagefind/, the others in
    pagefind/part-N/, listed in PARTS). Same pages, same bytes: Pagefind names its files by
    their content's hash and writes no time (tests/test_build.py compares two builds).

    With `cache_dir`, each part's index is kept there by a hash of its pages, and a part
    whose pages did not change is copied, not indexed again: after a new article only the
    part it falls in is (the pages are in parts by their paths)."""
    site_dir = site_dir.resolve()
    out = site_dir / BUNDLE
    if out.exists():
        shutil.rmtree(out)  # a `--dirty` build: the old chunks would stay beside the new
    started = time.perf_counter()
    parts = [sorted(pages)[i:i + part_pages] for i in range(0, len(pages), part_pages)] or [[]]
    used = set()
    reused = 0
    for n, part in enumerate(parts):
        dest = out if n == 0 else out / f"part-{n}"
        key = _part_key(site_dir, glob, part, page_keys or {}) if cache_dir is not None else ""
        kept = cache_dir / key if cache_dir is not None else None
        used.add(key)
        if kept is not None and (kept / "pagefind-entry.json").is_file():
            shutil.copytree(kept, dest, dirs_exist_ok=True)
            reused += 1
            continue
        _index_part(site_dir, glob, part, dest, whole=len(parts) == 1)
        if kept is not None:
            with contextlib.suppress(OSError):  # a cache that cannot be written costs time only
                kept.parent.mkdir(parents=True, exist_ok=True)
                tmp = Path(tempfile.mkdtemp(prefix=".part-", dir=kept.parent))
                shutil.copytree(dest, tmp, dirs_exist_ok=True)
                os.replace(tmp, kept)
    if cache_dir is not None and cache_dir.is_dir():
        for old in cache_dir.iterdir():  # what no part of this build used
            if old.name not in used:
                shutil.rmtree(old, ignore_errors=True)
    names = [f"part-{n}/" for n in range(1, len(parts))]
    (out / PARTS).write_text(json.dumps(names) + "\n", encoding="utf-8")
    seconds = time.perf_counter() - started
    indexed = 0
    for folder in [out] + [out / name for name in names]:
        entry = json.loads((folder / "pagefind-entry.json").read_text(encoding="utf-8"))
        indexed += sum(int(lang.get("page_count", 0)) for lang in entry.get("languages", {}).values())
    size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    return IndexStats(indexed, seconds, size, len(parts), reused)
