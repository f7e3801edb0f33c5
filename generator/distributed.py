"""Extraction on a Dask cluster: `marsad extract --dask [ADDRESS]`, the plugin's `dask` option.

Extraction is a pure function of an article and the tables, so the articles whose results
the cache lacks go to the cluster's workers in batches (a few hundred articles a task: one
task an article would cost the scheduler more than the work), and only their cache rows
come back. The client alone reads and writes the SQLite cache, in batches: the workers may
be other machines, and one writer keeps the file sound. What lands in the cache is what a
local run writes, key by key (extract.extract_rows is the same code, the values the same rows).

A worker loads the gazetteer and the actor tables once (`_tables`), from the shipped data of
its own Marsad and the site's files, which travel as their contents: scattered to each
worker once, not pickled into every task, and not read from a disk the worker may not see.
Before its first batch a worker compares the versions the client keyed the cache by (code,
tables, libraries: extract.Versions) with its own, and refuses to work when they differ.

`distributed` is an optional extra (`pip install 'marsad[dask]'`), imported only here and
only when asked for.
"""

from __future__ import annotations

import gc
import hashlib
import json
import math
import os
import re
import shutil
import tempfile
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

from .events.actors import ActorTable, load_actors
from .extract import RowTask, Rows, Versions, extract_rows, versions_of
from .places import Gazetteer

LOCAL = "local"  # the option's value for a LocalCluster on this machine
INSTALL_HINT = "pip install 'marsad[dask]'"
BATCH = 200  # articles a task at most: about a second of work, each task's overhead a few ms
TASKS_PER_WORKER = 4  # a small run still goes out in several batches, to every worker
IN_FLIGHT_PER_WORKER = 2  # batches queued a worker: no worker waits, and millions of texts are not sent at once
# A scheduler address as Dask writes it: tcp://host:8786, tls://…, ws://…, or host:port.
_ADDRESS = re.compile(r"^(?:(?:tcp|tls|ws|wss|ucx|inproc)://\S+|[\w.\-\[\]:]+:\d+)$")


class DaskError(RuntimeError):
    """A problem to tell the user in one line (no traceback): the package is missing, the
    scheduler cannot be reached, a worker runs another Marsad."""


def check_setting(value: str) -> str | None:
    """Why `value` is not a setting of the dask option ("" off, "local", an address); None when it is."""
    if value in ("", LOCAL) or _ADDRESS.match(value):
        return None
    return f"{value!r} is neither {LOCAL!r} nor a scheduler address (tcp://host:8786)"


def import_distributed() -> ModuleType:
    try:
        import distributed
    except ImportError:
        raise DaskError(f"running on Dask needs the distributed package: {INSTALL_HINT}") from None
    return distributed


@dataclass(frozen=True)
class Tables:
    """The site's own tables as their contents, for workers that may not see its files:
    user gazetteer files as (name, bytes) or documents (stored geocoder answers), actor
    files as (name, bytes). The shipped tables come with each worker's Marsad."""

    gazetteer: tuple[tuple[str, bytes] | dict, ...] = ()
    actors: tuple[tuple[str, bytes], ...] = ()
    digest: str = ""  # names the tables a worker has loaded

    @classmethod
    def of(cls, gazetteer: Iterable[Path | dict] = (), actors: Iterable[Path] = ()) -> Tables:
        """What Gazetteer.load(gazetteer) and load_actors(actors) read, as contents."""
        gaz = tuple(g if isinstance(g, dict) else (Path(g).name, Path(g).read_bytes()) for g in gazetteer)
        act = tuple((Path(a).name, Path(a).read_bytes()) for a in actors)
        digest = hashlib.sha256()
        for part, items in (("gazetteer", gaz), ("actors", act)):
            digest.update(part.encode())
            for item in items:
                if isinstance(item, dict):
                    digest.update(b"\0doc\0" + json.dumps(item, sort_keys=True, ensure_ascii=False).encode())
                else:
                    digest.update(b"\0file\0" + item[0].encode() + b"\0" + item[1])
        return cls(gaz, act, digest.hexdigest())

    def load(self) -> tuple[Gazetteer, ActorTable]:
        """The gazetteer and the actor table, loaded by the same code as the client's: the
        files are written out under their own names (Gazetteer.load hashes a file's bytes
        into its version, a document otherwise)."""
        folder = Path(tempfile.mkdtemp(prefix="marsad-tables-"))
        try:
            def write(n: int, name: str, data: bytes) -> Path:
                path = folder / str(n) / name  # one folder each: two files may share a name
                path.parent.mkdir()
                path.write_bytes(data)
                return path

            gaz = [g if isinstance(g, dict) else write(n, *g) for n, g in enumerate(self.gazetteer)]
            act = [write(len(gaz) + n, *a) for n, a in enumerate(self.actors)]
            return Gazetteer.load(gaz), load_actors(act)
        finally:
            shutil.rmtree(folder, ignore_errors=True)


# ------------------------------------------------------------ on a worker

_loaded: dict[str, tuple[Gazetteer, ActorTable]] = {}
_loading = threading.Lock()  # a worker with several threads loads its tables once
loads = batches = 0  # tables loaded and batches run by this process (the tests look: one load a worker)


def _tables(tables: Tables) -> tuple[Gazetteer, ActorTable]:
    global loads
    with _loading:
        if tables.digest not in _loaded:
            _loaded.clear()  # one site's tables at a time: a gazetteer is large
            _loaded[tables.digest] = tables.load()
            loads += 1
            # The tables live as long as the worker: keep the cyclic garbage collector from
            # walking their millions of objects again and again (as the plugin does).
            gc.freeze()
        return _loaded[tables.digest]


def extract_batch(tables: Tables, versions: Versions, week_start: int, batch: list[RowTask]) -> list[Rows]:
    """A task: the rows of a batch of articles (runs on a worker)."""
    global batches
    batches += 1
    gazetteer, actors = _tables(tables)
    mine = versions_of(gazetteer, actors)
    if mine != versions:
        differ = ", ".join(name for name in vars(versions) if getattr(mine, name) != getattr(versions, name))
        raise DaskError(f"a Dask worker ({_where()}) extracts differently from this machine ({differ} differ): "
                        "install the same Marsad, libraries and tables on every worker")
    return [extract_rows(task, gazetteer, actors, week_start) for task in batch]


def _where() -> str:
    try:
        from distributed import get_worker

        return str(get_worker().address)
    except (ImportError, ValueError):
        return f"process {os.getpid()}"


def worker_counts() -> tuple[int, int]:
    """How many times this worker loaded tables, and how many batches it ran."""
    return loads, batches


# ------------------------------------------------------------ on the client


def batch_size(tasks: int, workers: int) -> int:
    """Up to BATCH articles a task, fewer when that would leave workers idle."""
    return max(1, min(BATCH, math.ceil(tasks / (max(1, workers) * TASKS_PER_WORKER))))


class DaskBackend:
    """extract.Backend on a Dask cluster: a LocalCluster of `workers` processes (one thread
    each: extraction is pure Python, held by the GIL) for LOCAL, else the scheduler at the
    address. The cluster is started or joined when there is work (a warm build needs none),
    and left when the context ends."""

    def __init__(self, setting: str, tables: Tables, *, workers: int | None = None) -> None:
        problem = check_setting(setting)
        if problem is not None or not setting:
            raise DaskError(f"dask: {problem or 'no cluster given'}")
        self._distributed = import_distributed()  # a missing package is said at once, before any work
        self.setting = setting
        self.tables = tables
        self.workers = workers or os.cpu_count() or 1
        self._cluster: Any = None
        self._client: Any = None
        self._scattered: Any = None

    def __enter__(self) -> DaskBackend:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
        if self._cluster is not None:
            self._cluster.close()
        self._client = self._cluster = self._scattered = None

    def client(self) -> Any:
        if self._client is None:
            d = self._distributed
            try:
                if self.setting == LOCAL:
                    # No dashboard: it needs bokeh, and its fixed port may be taken.
                    self._cluster = d.LocalCluster(n_workers=self.workers, threads_per_worker=1, processes=True,
                                                   dashboard_address=None)
                    self._client = d.Client(self._cluster)
                else:
                    self._client = d.Client(self.setting)
            except (OSError, TimeoutError, RuntimeError) as exc:  # (a LocalCluster's workers failing to start: RuntimeError)
                self.close()
                if self.setting == LOCAL:
                    raise DaskError(f"cannot start a LocalCluster of {self.workers} workers: {exc}") from None
                raise DaskError(f"cannot reach the Dask scheduler at {self.setting}: {exc}") from None
        return self._client

    def run(self, tasks: list[RowTask], versions: Versions, week_start: int) -> Iterator[tuple[int, list[Rows]]]:
        if not tasks:
            return
        d = self._distributed
        client = self.client()
        workers = max(1, len(client.scheduler_info().get("workers", {})))
        size = batch_size(len(tasks), workers)
        starts = iter(range(0, len(tasks), size))
        if self._scattered is None:
            self._scattered = client.scatter(self.tables, broadcast=True)
        pending = d.as_completed()
        start_of: dict[Any, int] = {}  # future -> index of its batch's first task

        def submit() -> None:
            start = next(starts, None)
            if start is not None:
                future = client.submit(extract_batch, self._scattered, versions, week_start,
                                       tasks[start:start + size], pure=False)
                start_of[future] = start
                pending.add(future)

        for _ in range(workers * IN_FLIGHT_PER_WORKER):
            submit()
        try:
            for future in pending:  # (as_completed takes new futures while it is iterated)
                rows = future.result()
                start = start_of.pop(future)
                submit()
                yield start, rows
        except d.KilledWorker as exc:
            raise DaskError(f"a Dask worker died while extracting ({exc}): too little memory?") from None
        finally:
            if start_of:  # an interrupted run leaves nothing queued on the cluster
                client.cancel(list(start_of))
