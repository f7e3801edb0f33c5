"""A persistent store of per-article extraction results, keyed by content hash.

Keys are hashes of what a result depends on (see extract.py): the article text and
publication date plus the date stage's version (dates), or plus the gazetteer's version
(places). So changing one article redoes that article only, and changing the gazetteer
redoes places but keeps dates.

A stage's version (`Stage`) hashes its whole code, not a hand-kept list of files: every
file of each package it names (a module that is a package counts as its folder), each
plain module with the modules of this package it imports, its data tables and the
versions of the libraries it uses. So no edit to the code, a table or a library can serve
a result made before it.

The same file keeps, in a second table, the rows each article adds to the site's data
files (see site/datafiles.py), keyed by the extraction's key and what else the rows show.

Storage is one SQLite file (atomic writes, safe against a crash mid-build). Values are
JSON, never pickle, stored with a checksum: a corrupt, foreign or stale entry is detected,
dropped and recomputed, never trusted. A corrupt database file is set aside and rebuilt.
After each site build, entries the build did not use are pruned (see `prune`).
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import importlib
import json
import logging
import os
import sqlite3
import sys
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from types import ModuleType
from typing import Any

log = logging.getLogger("mkdocs.plugins.marsad")
SCHEMA = 2
_BATCH = 500  # keys per SELECT ... IN (...)
CACHE_FILE = "extraction.sqlite"  # in the cache folder (the plugin's cache_dir, `marsad extract --cache`)
EXTRACTION = "entries"
ROWS = "rows"  # data-file rows (site/datafiles.py)
_TABLES = (EXTRACTION, ROWS)


def key_for(*parts: str) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode("utf-8"))
        digest.update(b"\0")
    return digest.hexdigest()


PACKAGE = Path(__file__).parent  # generator/: data paths and the names hashed are relative to it
_PACKAGE_NAME = __name__.rpartition(".")[0]  # "generator"


@dataclass(frozen=True)
class Stage:
    """What a stage's results depend on besides their input.

    modules    dotted names of this package's modules the stage runs: a package counts as
               every file of its folder (sorted; code and data files, no __pycache__ or
               hidden files), a
               plain module as its file plus, transitively, the modules of this package it
               imports (so `generator.dates` is whole whether it is a module that imports
               its tables or a package that holds them)
    data       data files the stage reads, relative to generator/ (a missing one raises)
    libraries  distributions whose installed version is part of the key
    """

    name: str
    modules: tuple[str, ...]
    data: tuple[str, ...] = ()
    libraries: tuple[str, ...] = ()

    def files(self) -> list[Path]:
        """Every file the version hashes, sorted by its path under generator/."""
        found: set[Path] = set()
        seen: set[str] = set()
        todo = list(self.modules)
        while todo:
            name = todo.pop()
            if name in seen:
                continue
            seen.add(name)
            module = sys.modules.get(name) or importlib.import_module(name)
            if hasattr(module, "__path__"):  # a package: its whole folder
                for folder in module.__path__:
                    found.update(p for p in Path(folder).rglob("*")
                                 if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"
                                 and not p.name.startswith("."))  # (an editor's swap file)
                continue
            assert module.__file__ is not None
            found.add(Path(module.__file__))
            todo.extend(_imported(module))
        for rel in self.data:
            path = PACKAGE / rel
            if not path.is_file():
                raise FileNotFoundError(f"stage {self.name}: data file {path} is missing")
            found.add(path)
        return sorted(found, key=lambda p: _relative(p))

    def version(self) -> str:
        return _stage_version(self)


def _imported(module: ModuleType) -> set[str]:
    """The modules of this package that a module's namespace refers to (what it imported)."""
    names = set()
    for value in vars(module).values():
        name = value.__name__ if isinstance(value, ModuleType) else getattr(value, "__module__", None)
        if isinstance(name, str) and name.startswith(_PACKAGE_NAME + ".") and name != module.__name__:
            names.add(name)
    return names


def _relative(path: Path) -> str:
    try:
        return path.resolve().relative_to(PACKAGE.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def library_version(name: str) -> str:
    try:
        return version(name)
    except PackageNotFoundError:
        return "not installed"


@functools.lru_cache(maxsize=None)
def _stage_version(stage: Stage) -> str:
    """Computed once per process, as the code and tables it covers are loaded once."""
    digest = hashlib.sha256(stage.name.encode())
    for path in stage.files():
        digest.update(b"\0" + _relative(path).encode() + b"\0")
        digest.update(path.read_bytes())
    for library in stage.libraries:
        digest.update(f"\0{library}={library_version(library)}".encode())
    return digest.hexdigest()[:16]


def _checksum(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# How long a write waits for a lock another process holds on the file. Marsad's own builds
# never meet here (the build lock serialises them): a lock held longer is a foreign process,
# and the build goes on without the cache rather than waiting.
LOCK_WAIT_SECONDS = 0.5
# SQLite's primary result codes for a file that is not a database, or a damaged one: only
# these make a cache "corrupt". Permission, read-only, lock and disk-full errors do not.
_CORRUPT_CODES = {11, 26}  # SQLITE_CORRUPT, SQLITE_NOTADB


def is_corrupt(exc: sqlite3.Error) -> bool:
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None:
        return (code & 0xFF) in _CORRUPT_CODES
    return not isinstance(exc, sqlite3.OperationalError)


def folder_access(folder: Path) -> tuple[str, str]:
    """("write" | "read" | "off", why): what a build may do with its cache folder. "read":
    it exists but nothing can be written into it (permissions, a read-only file system);
    "off": it cannot be created (a file in the way, no permission)."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        return "off", exc.strerror or str(exc)
    if not folder.is_dir():
        return "off", "not a folder"
    try:
        fd, probe = tempfile.mkstemp(prefix=".probe.", dir=folder)
    except OSError as exc:
        return ("read" if os.access(folder, os.R_OK) else "off"), exc.strerror or str(exc)
    os.close(fd)
    with contextlib.suppress(OSError):
        os.unlink(probe)
    return "write", ""


def _log_info(message: str) -> None:
    log.info(message)


class ExtractionCache:
    """key -> JSON value, in one SQLite file; `None` path keeps everything in memory.

    A cache that cannot be used never fails a build: a folder or file system that cannot
    be written is read without being added to (`read_only`, or found on opening), a full
    disk or a lock held by another process stops the writing, and each says so once through
    `report` (INFO: `--strict` publishes still pass). Only a file that is not an SQLite
    database, or a damaged one, is set aside as `.corrupt` and started afresh.
    """

    def __init__(self, path: Path | None, *, read_only: bool = False,
                 report: Callable[[str], None] = _log_info):
        self.path = path
        self.writable = not read_only
        self._report = report
        self._db = self._open()

    def _problem(self, doing: str, exc: BaseException, then: str) -> None:
        reason = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
        self._report(f"marsad: the cache {self.path} cannot be {doing} ({reason}): {then}")

    def _open(self) -> sqlite3.Connection:
        if self.path is None:
            return self._init(sqlite3.connect(":memory:"))
        if not self.writable:
            return self._open_read_only()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            return self._init(sqlite3.connect(self.path, timeout=LOCK_WAIT_SECONDS))
        except (sqlite3.Error, OSError) as exc:
            if isinstance(exc, sqlite3.Error) and is_corrupt(exc):
                return self._set_aside(exc)
            self.writable = False  # permissions, a read-only file system, a full disk, a lock
            self._problem("written", exc, "the build reads what it holds and saves nothing")
            return self._open_read_only()

    def _set_aside(self, exc: sqlite3.Error) -> sqlite3.Connection:
        assert self.path is not None
        broken = self.path.with_suffix(self.path.suffix + ".corrupt")
        log.warning("marsad: extraction cache %s is unreadable (%s); rebuilding it", self.path, exc)
        try:
            self.path.replace(broken)
            return self._init(sqlite3.connect(self.path, timeout=LOCK_WAIT_SECONDS))
        except (OSError, sqlite3.Error) as again:
            self.writable = False
            self._problem("rebuilt", again, "the build goes on without it")
            return self._init(sqlite3.connect(":memory:"))

    def _open_read_only(self) -> sqlite3.Connection:
        """The file opened for reading only (immutable: nothing can change it under a
        read-only mount), or an empty memory store when even that fails."""
        assert self.path is not None
        if self.path.is_file():
            try:
                db = sqlite3.connect(f"{self.path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
                db.execute("SELECT count(*) FROM entries").fetchone()
                return db
            except sqlite3.Error as exc:
                self._problem("read", exc, "the build goes on without it")
        return self._init(sqlite3.connect(":memory:"))

    @staticmethod
    def _init(db: sqlite3.Connection) -> sqlite3.Connection:
        for table in _TABLES:
            db.execute(f"CREATE TABLE IF NOT EXISTS {table} (key TEXT PRIMARY KEY, checksum TEXT NOT NULL, value TEXT NOT NULL)")
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("SELECT count(*) FROM entries").fetchone()  # fails here on a corrupt file
        return db

    def get_many(self, keys: Iterable[str], table: str = EXTRACTION) -> dict[str, Any]:
        """The trustworthy stored values of these keys; missing or bad entries are left out."""
        wanted = list(dict.fromkeys(keys))
        found: dict[str, Any] = {}
        for i in range(0, len(wanted), _BATCH):
            chunk = wanted[i:i + _BATCH]
            try:
                rows = self._db.execute(
                    f"SELECT key, checksum, value FROM {table} WHERE key IN ({','.join('?' * len(chunk))})", chunk
                ).fetchall()
            except sqlite3.Error as exc:
                self._problem("read", exc, "the build goes on without what it holds")
                return found
            for key, checksum, text in rows:
                try:
                    if _checksum(text) != checksum:
                        raise ValueError("checksum mismatch")
                    envelope = json.loads(text)
                    if envelope.get("schema") != SCHEMA or envelope.get("key") != key:
                        raise ValueError("foreign entry")
                    found[key] = envelope["value"]
                except (ValueError, TypeError, KeyError, AttributeError) as exc:
                    log.debug("marsad: dropping bad cache entry %s: %s", key[:12], exc)
        return found

    def put_many(self, items: Iterable[tuple[str, Any]], table: str = EXTRACTION) -> None:
        if not self.writable:
            return
        rows = []
        for key, value in items:
            text = json.dumps({"schema": SCHEMA, "key": key, "value": value}, ensure_ascii=False, separators=(",", ":"))
            rows.append((key, _checksum(text), text))
        try:
            with self._db:  # one transaction: a failed write (a full disk) leaves the file as it was
                self._db.executemany(f"INSERT OR REPLACE INTO {table} (key, checksum, value) VALUES (?, ?, ?)", rows)
        except (sqlite3.Error, OSError) as exc:
            self.writable = False
            self._problem("written", exc, "the build goes on without saving; the cache is kept as it was")

    def prune(self, keep: Iterable[str], table: str) -> None:
        """Drop the entries of `table` whose keys are not in `keep` (the ones this build used)."""
        if not self.writable:
            return
        keep = set(keep)
        try:
            (count,) = self._db.execute(f"SELECT count(*) FROM {table}").fetchone()
            if count <= len(keep):
                return  # nothing stale (the usual rebuild): no need to look at the keys
            stale = [(k,) for (k,) in self._db.execute(f"SELECT key FROM {table}") if k not in keep]
            with self._db:
                self._db.executemany(f"DELETE FROM {table} WHERE key = ?", stale)
            if len(stale) > len(keep) // 2:
                self._db.execute("VACUUM")  # give the space back (after a new version, say)
        except (sqlite3.Error, OSError) as exc:
            self.writable = False
            self._problem("pruned", exc, "stale entries stay until a later build")

    def close(self) -> None:
        self._db.close()
