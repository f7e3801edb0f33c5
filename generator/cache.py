"""A persistent cache of per-article extraction results, keyed by content hash.

Keys are hashes of what a result depends on: the article text and publication date plus
the date stage's version (dates), or plus the gazetteer's version (places). So changing one
article redoes that article only, and changing the gazetteer redoes places but keeps dates.

Storage is one SQLite file (atomic writes, safe against a crash mid-build). Values are
JSON, never pickle, with a checksum: a corrupt, foreign or stale entry is detected, dropped
and recomputed, never trusted. A corrupt database file is set aside and rebuilt.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import logging
import sqlite3
import types
import typing
from pathlib import Path
from typing import Any, TypeVar

log = logging.getLogger("mkdocs.plugins.marsad")
T = TypeVar("T")
SCHEMA = 1


def key_for(*parts: str) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode("utf-8"))
        digest.update(b"\0")
    return digest.hexdigest()


# ------------------------------------------------------------ dataclasses <-> JSON


def to_plain(value: Any) -> Any:
    """Dataclasses, dates and tuples as JSON-ready values."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [to_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: to_plain(v) for k, v in value.items()}
    return value


def from_plain(kind: Any, value: Any) -> Any:
    """The inverse of to_plain, guided by type hints; raises on anything unexpected."""
    origin = typing.get_origin(kind)
    if origin in (typing.Union, types.UnionType):
        if value is None and type(None) in typing.get_args(kind):
            return None
        errors = []
        for option in typing.get_args(kind):
            if option is type(None):
                continue
            try:
                return from_plain(option, value)
            except (TypeError, ValueError, KeyError) as exc:
                errors.append(exc)
        raise ValueError(f"no type of {kind} fits {value!r}: {errors}")
    if origin is tuple:
        args = typing.get_args(kind)
        if not isinstance(value, list):
            raise TypeError(f"expected a list for {kind}")
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(from_plain(args[0], v) for v in value)
        if len(args) != len(value):
            raise ValueError(f"expected {len(args)} items for {kind}")
        return tuple(from_plain(a, v) for a, v in zip(args, value))
    if origin is list:
        (arg,) = typing.get_args(kind)
        return [from_plain(arg, v) for v in value]
    if dataclasses.is_dataclass(kind):
        if not isinstance(value, dict):
            raise TypeError(f"expected an object for {kind.__name__}")
        hints = typing.get_type_hints(kind)
        return kind(**{f.name: from_plain(hints[f.name], value[f.name]) for f in dataclasses.fields(kind) if f.init})
    if kind is dt.date:
        return dt.date.fromisoformat(value)
    if kind is float and isinstance(value, int):
        return float(value)
    if kind in (str, int, float, bool):
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise TypeError(f"expected {kind.__name__}, got {type(value).__name__}")
        return value
    if kind is Any:
        return value
    raise TypeError(f"cannot read {kind}")


# ------------------------------------------------------------ the store


class ExtractionCache:
    """key -> JSON value, in one SQLite file; `None` path keeps everything in memory."""

    def __init__(self, path: Path | None):
        self.path = path
        self.hits = 0
        self.misses = 0
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
        db.execute("CREATE TABLE IF NOT EXISTS entries (key TEXT PRIMARY KEY, checksum TEXT NOT NULL, value TEXT NOT NULL)")
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("SELECT count(*) FROM entries").fetchone()  # fails here on a corrupt file
        return db

    def get(self, key: str, kind: type[T]) -> T | None:
        try:
            row = self._db.execute("SELECT checksum, value FROM entries WHERE key = ?", (key,)).fetchone()
        except sqlite3.DatabaseError:
            row = None
        if row is None:
            self.misses += 1
            return None
        checksum, text = row
        try:
            if hashlib.sha256(text.encode("utf-8")).hexdigest() != checksum:
                raise ValueError("checksum mismatch")
            envelope = json.loads(text)
            if envelope.get("schema") != SCHEMA or envelope.get("key") != key:
                raise ValueError("foreign entry")
            value = from_plain(kind, envelope["value"])
        except (ValueError, TypeError, KeyError, AttributeError) as exc:
            log.debug("marsad: dropping bad cache entry %s: %s", key[:12], exc)
            self.misses += 1
            return None
        self.hits += 1
        return value

    def put_many(self, items: list[tuple[str, Any]]) -> None:
        rows = []
        for key, value in items:
            text = json.dumps({"schema": SCHEMA, "key": key, "value": to_plain(value)}, ensure_ascii=False, separators=(",", ":"))
            rows.append((key, hashlib.sha256(text.encode("utf-8")).hexdigest(), text))
        try:
            with self._db:
                self._db.executemany("INSERT OR REPLACE INTO entries (key, checksum, value) VALUES (?, ?, ?)", rows)
        except sqlite3.DatabaseError as exc:
            log.warning("marsad: could not write the extraction cache (%s)", exc)

    def close(self) -> None:
        self._db.close()
