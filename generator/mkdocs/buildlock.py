"""One build of a project at a time.

Two `mkdocs build`s of one project at once (a cron job and a person, `mkdocs serve` and a
build) would race: one cleans the site folder while the other writes into it, and both
write the cache. The plugin takes this lock in on_config, before MkDocs cleans the site
folder, and lets it go when the build ends (or fails): the second build waits, says so,
and then builds. The lock is an OS file lock (filelock): a build killed with `kill -9`
holds nothing afterwards.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import tempfile
from pathlib import Path

from filelock import FileLock, Timeout

log = logging.getLogger("mkdocs.plugins.marsad")
LOCK_NAME = "build.lock"


def lock_path(cache_folder: Path | None, site_dir: str) -> Path:
    """The lock lives in the cache folder; with the cache off, in the temporary folder,
    named after the site folder (what two builds would fight over)."""
    if cache_folder is not None:
        return cache_folder / LOCK_NAME
    digest = hashlib.sha256(str(Path(site_dir).resolve()).encode("utf-8")).hexdigest()[:16]
    return Path(tempfile.gettempdir()) / f"marsad-{digest}.lock"


class BuildLock:
    def __init__(self, path: Path):
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._lock = FileLock(str(path))

    def acquire(self) -> None:
        try:
            self._lock.acquire(timeout=0)
        except Timeout:
            log.info("marsad: another build of this site is running; waiting for it to finish")
            self._lock.acquire()

    def release(self) -> None:
        with contextlib.suppress(OSError):
            self._lock.release(force=True)

    @property
    def held(self) -> bool:
        return self._lock.is_locked


def remove_leftovers(folder: Path) -> int:
    """Temporary files a killed build left in the cache folder (write_atomic's `.name.xxxx`);
    called with the lock held, so no build is writing them."""
    removed = 0
    if folder.is_dir():
        for leftover in folder.glob(".*.*"):
            if leftover.is_file():
                with contextlib.suppress(OSError):
                    leftover.unlink()
                    removed += 1
    return removed
