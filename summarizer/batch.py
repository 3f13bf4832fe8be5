"""Running a per-file function over many files: in-process, in a process pool, or on Dask.

Whatever runs it, results come back in input order and are identical. The function must
be picklable (a module-level function or a ``functools.partial`` of one) for the pool and
Dask; its results are what the digest keeps, so they should be compact.
"""

from __future__ import annotations

import gc
import os
import signal
import sys
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from itertools import islice
from pathlib import Path
from typing import Any, TypeVar

from .errors import MissingExtraError

FILES_PER_WORKER = 8
"""Below this many files per extra worker, starting a process costs more than it saves."""
DASK_BATCH = 256
"""Futures in flight on a Dask cluster at once: keeps the client's memory flat."""

R = TypeVar("R")


def default_jobs() -> int:
    """All cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - macOS, Windows
        return os.cpu_count() or 1


def run_batch(
    paths: Sequence[Path],
    analyse: Callable[[Path], R],
    *,
    jobs: int | None = None,
    scheduler: str | Any | None = None,
    on_result: Callable[[R], None] | None = None,
    prepare: Callable[[], object] | None = None,
) -> Iterator[R]:
    """``analyse(path)`` for each of ``paths``, in their order.

    ``jobs`` worker processes (default: all cores, fewer for small batches); ``scheduler`` a
    Dask scheduler address or ``distributed.Client`` to run on a cluster instead.
    ``prepare`` runs once before workers start (loading a dictionary they then share).
    """
    if scheduler is not None:
        results = _dask(paths, analyse, scheduler)
    else:
        workers = min(jobs or default_jobs(), max(1, len(paths) // FILES_PER_WORKER))
        results = _local(paths, analyse, workers, prepare)
    for result in results:
        if on_result:
            on_result(result)
        yield result


def _local(
    paths: Sequence[Path], analyse: Callable[[Path], R], workers: int, prepare: Callable[[], object] | None
) -> Iterator[R]:
    if workers <= 1:
        yield from map(analyse, paths)
        return
    if prepare:
        # Before the workers fork, so they share what it loads instead of each loading it.
        prepare()
    pool = ProcessPoolExecutor(max_workers=workers, initializer=_start_worker, initargs=(os.getpid(),))
    try:
        yield from pool.map(analyse, paths, chunksize=4)
    except BaseException:
        # Ctrl-C, SIGTERM or a consumer that stopped: nothing pending is started, and the
        # workers (each holding a dictionary) do not outlive the run.
        pool.shutdown(wait=False, cancel_futures=True)
        processes = getattr(pool, "_processes", None) or {}  # private, but the only handle before 3.14
        for process in list(processes.values()):
            process.terminate()
        raise
    pool.shutdown()


def _start_worker(parent: int) -> None:
    # A forked worker starts with the parent's whole heap (dictionary, modules); freezing
    # it keeps the garbage collector from scanning it again at every full collection. The
    # worker creates no cycles among those objects.
    gc.freeze()
    # The parent answers Ctrl-C and SIGTERM for the run; a worker just stops.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    die_with_parent(parent)
    # Our matrices are a report's sentences (tens of rows): a BLAS thread pool in each
    # worker only adds hand-offs and made --jobs 2 slower than --jobs 1. Capped here, in
    # the worker, where the library's caller keeps its own settings.
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=1)


PR_SET_PDEATHSIG = 1


def die_with_parent(parent: int) -> None:
    """On Linux, have the kernel end this process when its parent dies, even by SIGKILL."""
    if sys.platform.startswith("linux"):
        import ctypes

        try:
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
        except (OSError, AttributeError):  # pragma: no cover - a libc without prctl
            return
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)


def _dask(paths: Sequence[Path], analyse: Callable[[Path], R], scheduler: str | Any) -> Iterator[R]:
    try:
        from distributed import Client
    except ImportError as err:
        raise MissingExtraError("Dask", "dask") from err
    client = scheduler if isinstance(scheduler, Client) else Client(scheduler)  # type: ignore[no-untyped-call]
    try:
        todo = iter(paths)
        while batch := list(islice(todo, DASK_BATCH)):
            futures = client.map(analyse, batch, pure=False)
            for future in futures:
                yield future.result()
    finally:
        if client is not scheduler:
            client.close()  # type: ignore[no-untyped-call]
