"""Engines: who runs the pure per-batch coder over the batches of a build.

An engine is a callable `engine(batches, lexicon)` that takes an iterable of
article batches and yields, for every batch and in the same order, what
`events.build.code_batch(batch, lexicon)` returns for it. The coder is a pure
function of the batch and the dictionaries, so every engine gives the same
results, and so the same release, byte for byte (`tests/test_engines.py`):

- `serial_engine`: in this process, one batch after the other.
- `ProcessEngine(workers)`: a local `concurrent.futures` process pool (all
  cores by default). Each worker loads the dictionaries once, in its
  initializer; workers are started with `spawn`, so nothing relies on
  memory inherited by `fork`. At most `in_flight` batches are submitted
  ahead of the one being consumed, so memory stays flat however many
  batches there are. Input of a single batch is coded in this process: a
  pool would only add its start-up time. (Spawned workers import the main
  module: a script that builds with workers must start its work under
  `if __name__ == "__main__":`; `events build` does.) A worker exits when
  the build process dies, even by SIGKILL.
- `DaskEngine`: the same function on Dask (`pip install "events[dask]"`),
  on a `distributed.LocalCluster` of `workers` processes bound to
  127.0.0.1 by default, or on an existing cluster (`scheduler="tcp://…"`),
  for corpora beyond one machine. Each Dask worker process loads the
  dictionaries once (on its first batch) and keeps them.

Workers load the dictionaries from `lexicon_dir` (default: the package's
`events/data/`) and check that their digest is the one the build uses, so
that a worker can never code with other dictionaries than the build
records in its manifest.
"""

from __future__ import annotations

import itertools
import logging
import os
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path
from typing import Any

from events.errors import EventsError, UsageError
from events.lexicon import Lexicon, load_lexicon
from events.model import Article, ArticleResult

log = logging.getLogger(__name__)

Batch = list[Article]
Results = list[ArticleResult]
Engine = Callable[[Iterable[Batch], Lexicon], Iterable[Results]]
ENGINES = ("process", "serial", "dask")


class EngineError(EventsError):
    """An engine could not run (workers died, the cluster is unreachable, wrong dictionaries)."""

    exit_code = 1


def default_workers() -> int:
    """The number of cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def _code_batch(batch: Batch, lex: Lexicon) -> Results:
    from events.build import code_batch  # late: events.build imports this module

    return code_batch(batch, lex)


def serial_engine(batches: Iterable[Batch], lex: Lexicon) -> Iterator[Results]:
    """Code the batches one after the other, in this process."""
    for batch in batches:
        yield _code_batch(batch, lex)


# --------------------------------------------------------------------------
# worker side: the dictionaries, once per process


_WORKER_LEXICON: Lexicon | None = None
_WORKER_LOCK = threading.Lock()


def _worker_lexicon(directory: str | None, digest: str) -> Lexicon:
    """This process's dictionaries, loaded on first use and checked against `digest`."""
    global _WORKER_LEXICON
    with _WORKER_LOCK:
        if _WORKER_LEXICON is None or _WORKER_LEXICON.digest != digest:
            lex = load_lexicon(Path(directory) if directory else None)
            if lex.digest != digest:
                raise EngineError(
                    f"a worker loaded dictionaries with digest {lex.digest[:12]}…, but the build "
                    f"uses {digest[:12]}…: give the engine the folder the build's dictionaries "
                    "come from (lexicon_dir), or install the same version of events on every "
                    "worker")
            _WORKER_LEXICON = lex
        return _WORKER_LEXICON


def _init_process_worker(directory: str | None, digest: str) -> None:
    """Pool initializer: ignore Ctrl-C (the parent stops the pool); load the dictionaries."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _watch_parent()
    _worker_lexicon(directory, digest)


def _watch_parent() -> None:
    """Exit when the parent process dies (SIGKILL leaves no chance to stop the pool)."""
    parent = os.getppid()

    def watch() -> None:
        while True:
            time.sleep(0.5)
            if os.getppid() != parent:
                os._exit(1)

    threading.Thread(target=watch, name="events-parent-watch", daemon=True).start()


def _code_in_process_worker(batch: Batch, digest: str) -> Results:
    lex = _WORKER_LEXICON
    if lex is None or lex.digest != digest:  # the initializer failed or was skipped
        raise EngineError("the worker has no dictionaries loaded")
    return _code_batch(batch, lex)


def code_batch_on_worker(batch: Batch, directory: str | None, digest: str) -> Results:
    """The task a Dask worker runs: the pure coder, with this worker's dictionaries."""
    return _code_batch(batch, _worker_lexicon(directory, digest))


# --------------------------------------------------------------------------
# engines


def _first_two(batches: Iterable[Batch]) -> tuple[list[Batch], Iterator[Batch]]:
    it = iter(batches)
    head = []
    for b in it:
        head.append(b)
        if len(head) == 2:
            break
    return head, it


class ProcessEngine:
    """Code batches in a local process pool of `workers` processes (see the module docstring)."""

    name = "process"

    def __init__(self, workers: int | None = None, *, lexicon_dir: Path | None = None,
                 in_flight: int | None = None, context: str = "spawn") -> None:
        self.workers = workers or default_workers()
        if self.workers < 1:
            raise UsageError("--workers must be 1 or more")
        self.lexicon_dir = lexicon_dir
        self.in_flight = in_flight or 2 * self.workers
        self.context = context
        #: whether the last run used a pool (False: one batch, or one worker)
        self.used_pool = False

    def __call__(self, batches: Iterable[Batch], lex: Lexicon) -> Iterator[Results]:
        head, rest = _first_two(batches)
        self.used_pool = self.workers > 1 and len(head) > 1
        if not self.used_pool:
            for batch in head:
                yield _code_batch(batch, lex)
            yield from serial_engine(rest, lex)
            return
        import multiprocessing

        pool = ProcessPoolExecutor(
            max_workers=self.workers, mp_context=multiprocessing.get_context(self.context),
            initializer=_init_process_worker,
            initargs=(str(self.lexicon_dir) if self.lexicon_dir else None, lex.digest))
        pending: deque[Future[Results]] = deque()
        try:
            for b in itertools.chain(head, rest):
                pending.append(pool.submit(_code_in_process_worker, b, lex.digest))
                while len(pending) >= self.in_flight:
                    yield _result(pending.popleft())
            while pending:
                yield _result(pending.popleft())
        finally:
            pool.shutdown(wait=True, cancel_futures=True)


def _result(future: Future[Results]) -> Results:
    from concurrent.futures.process import BrokenProcessPool

    try:
        return future.result()
    except BrokenProcessPool as e:
        raise EngineError(
            f"a coding worker died ({e}): out of memory or killed? (A script that builds with "
            "workers must start its work under `if __name__ == \"__main__\":`, because "
            "workers import the main module)") from e


class DaskEngine:
    """Code batches on Dask: a LocalCluster of `workers` processes, or the one at `scheduler`."""

    name = "dask"

    def __init__(self, workers: int | None = None, *, scheduler: str | None = None,
                 lexicon_dir: Path | None = None, in_flight: int | None = None) -> None:
        self.workers = workers or default_workers()
        self.scheduler = scheduler
        self.lexicon_dir = lexicon_dir
        self.in_flight = in_flight

    def __call__(self, batches: Iterable[Batch], lex: Lexicon) -> Iterator[Results]:
        try:
            from distributed import Client, LocalCluster
        except ImportError as e:
            raise UsageError('the dask engine needs Dask: pip install "events[dask]"') from e
        cluster: Any = None
        try:
            if self.scheduler:
                client = Client(self.scheduler, timeout="30s")  # type: ignore[no-untyped-call,unused-ignore]
            else:
                cluster = LocalCluster(  # type: ignore[no-untyped-call,unused-ignore]
                    n_workers=self.workers, threads_per_worker=1, processes=True,
                    host="127.0.0.1", dashboard_address=None, silence_logs=logging.ERROR)
                client = Client(cluster)  # type: ignore[no-untyped-call,unused-ignore]
        except OSError as e:
            if cluster is not None:
                cluster.close()
            where = self.scheduler or "a local cluster"
            raise EngineError(f"cannot reach the Dask scheduler at {where}: {e}") from e
        directory = str(self.lexicon_dir) if self.lexicon_dir else None
        try:
            n_workers = len(client.scheduler_info().get("workers", {})) or self.workers
            in_flight = self.in_flight or 2 * n_workers
            pending: deque[Any] = deque()
            for batch in batches:
                # pure=False: two equal batches are still two tasks, and results are not kept
                pending.append(client.submit(code_batch_on_worker, batch, directory, lex.digest,
                                             pure=False))
                while len(pending) >= in_flight:
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()
        finally:
            for f in pending:
                f.cancel()
            client.close()  # type: ignore[no-untyped-call,unused-ignore]
            if cluster is not None:
                cluster.close()


def make_engine(name: str = "process", workers: int | None = None, *,
                scheduler: str | None = None, lexicon_dir: Path | None = None) -> Engine:
    """The engine called `name` ("process", "serial" or "dask")."""
    if workers is not None and workers < 1:
        raise UsageError("--workers must be 1 or more")
    if scheduler and name != "dask":
        raise UsageError("--scheduler needs --engine dask")
    if name == "serial":
        return serial_engine
    if name == "process":
        if (workers or default_workers()) == 1:
            return serial_engine
        return ProcessEngine(workers, lexicon_dir=lexicon_dir)
    if name == "dask":
        return DaskEngine(workers, scheduler=scheduler, lexicon_dir=lexicon_dir)
    raise UsageError(f"unknown engine {name!r} (choose from {', '.join(ENGINES)})")
