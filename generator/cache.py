"""A persistent store of per-article extraction results, keyed by content hash.

Keys are hashes of what a result depends on (see extract.py): the article text and
publication date plus the date stage's version (dates), or plus the gazetteer's version
(places). So changing one article redoes that article only, and changing the gazetteer
redoes places but keeps dates.

The same file keeps, in a second table, the rows each article adds to the site's data
files (see datafiles.py), keyed by the extraction's key and what else the rows show.

Storage is one SQLite file (atomic writes, safe against a crash mid-build). Values are
JSON, never pickle, stored with a checksum: a corrupt, foreign or stale entry is detected,
dropped and recomputed, never trusted. A corrupt database file is set aside and rebuilt.
After each site build, entries the build did not use are pruned (see `prune`).
"""

from __future__ import annotations

import hashlib
import json
import logging
import sqlite3
from collections.abc import Iterable
from pathlib import Path
from typing import Any

log = logging.getLogger("mkdocs.plugins.marsad")
SCHEMA = 2
_BATCH = 500  # keys per SELECT ... IN (...)
EXTRACTION = "entries"
ROWS = "rows"  # data-file rows (datafiles.py)
_TABLES = (EXTRACTION, ROWS)


def key_for(*parts: str) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode("utf-8"))
        digest.update(b"\0")
    return digest.hexdigest()


def _checksum(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class ExtractionCache:
    """key -> JSON value, in one SQLite file; `None` path keeps everything in memory."""

    def __init__(self, path: Path | None):
        self.path = path
        self._db = self._open()

    def _open(self) -> sqlite3.Connection:
        if self.path is None:
            return self._init(sqlite3.connect(":memory:"))
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            return self._init(sqlite3.connect(self.path))
        except sqlite3.DatabaseError as exc:
            broken = self.path.with_suffix(self.path.suffix + ".corrupt")
            log.warning("marsad: extraction cache %s is unreadable (%s); rebuilding it", self.path, exc)
            self.path.replace(broken)
            return self._init(sqlite3.connect(self.path))

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
            except sqlite3.DatabaseError as exc:
                log.warning("marsad: could not read the extraction cache (%s)", exc)
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
        rows = []
        for key, value in items:
            text = json.dumps({"schema": SCHEMA, "key": key, "value": value}, ensure_ascii=False, separators=(",", ":"))
            rows.append((key, _checksum(text), text))
        try:
            with self._db:
                self._db.executemany(f"INSERT OR REPLACE INTO {table} (key, checksum, value) VALUES (?, ?, ?)", rows)
        except sqlite3.DatabaseError as exc:
            log.warning("marsad: could not write the extraction cache (%s)", exc)

    def prune(self, keep: Iterable[str], table: str) -> None:
        """Drop the entries of `table` whose keys are not in `keep` (the ones this build used)."""
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
        except sqlite3.DatabaseError as exc:
            log.warning("marsad: could not prune the extraction cache (%s)", exc)

    def close(self) -> None:
        self._db.close()
