"""Running the per-report stages over many files: in-process, in a process pool, or on Dask.

Whatever runs them, results come back in input order and are identical; each result is
the compact :class:`Report` (tokens dropped), so memory grows with the digest, not with
the text read.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from itertools import islice
from pathlib import Path
from typing import Any

from .load import FORMATS, InputError, unsupported
from .model import Report, Section, Sentence, Skipped

FILES_PER_WORKER = 8
"""Below this many files per extra worker, starting a process costs more than it saves."""
DASK_BATCH = 256
"""Futures in flight on a Dask cluster at once: keeps the client's memory flat."""

Result = Report | Skipped


BLAS_THREAD_VARIABLES = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")


def single_threaded_blas() -> None:
    """Keep numpy's BLAS to one thread unless the user chose otherwise.

    Our matrices are a report's sentences (tens of rows): a BLAS thread pool only adds
    hand-offs, burned a second core for no gain on one process (12 s of CPU for 6.7 s of
    wall on 1,000 reports) and made ``--jobs 2`` slower than ``--jobs 1``. Takes effect in
    processes that have not imported numpy yet, which includes our workers.
    """
    for name in BLAS_THREAD_VARIABLES:
        os.environ.setdefault(name, "1")


def default_jobs() -> int:
    """All cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - macOS, Windows
        return os.cpu_count() or 1


def compact(report: Report) -> Report:
    """The report without per-sentence tokens: what the digest needs, a fraction of the size."""
    # One bare copy per sentence, shared by the sections, key sentences, summary and
    # highlights that hold it: a third fewer objects to build, pickle and unpickle.
    bare: dict[int, Sentence] = {}

    def strip(items: tuple[Sentence, ...]) -> tuple[Sentence, ...]:
        return tuple(bare.get(s.index) or bare.setdefault(s.index, Sentence(s.text, s.index)) for s in items)

    sections = tuple(
        Section(sec.heading, sec.level, strip(sec.sentences), strip(sec.key_sentences)) for sec in report.sections
    )
    return replace(report, sections=sections, summary=strip(report.summary), highlights=strip(report.highlights))


def analyse_path(path: Path, options: Any) -> Result:
    """One file to a compact report, or to the reason it was skipped (runs in workers too)."""
    from .pipeline import read_report

    if path.suffix.lower() not in FORMATS:
        return Skipped(str(path), f"{unsupported(path)}, not read", "unsupported")
    try:
        return compact(read_report(path, options))
    except InputError as err:
        return Skipped(err.path, err.reason)


def run_batch(
    paths: Sequence[Path],
    options: Any,
    *,
    jobs: int | None = None,
    scheduler: str | Any | None = None,
    on_result: Callable[[Result], None] | None = None,
) -> Iterator[Result]:
    """Results for ``paths`` in their order.

    ``jobs`` worker processes (default: all cores, fewer for small batches); ``scheduler`` a
    Dask scheduler address or ``distributed.Client`` to run on a cluster instead.
    """
    single_threaded_blas()
    if scheduler is not None:
        results = _dask(paths, options, scheduler)
    else:
        workers = min(jobs or default_jobs(), max(1, len(paths) // FILES_PER_WORKER))
        results = _local(paths, options, workers)
    for result in results:
        if on_result:
            on_result(result)
        yield result


def _local(paths: Sequence[Path], options: Any, workers: int) -> Iterator[Result]:
    if workers <= 1:
        for path in paths:
            yield analyse_path(path, options)
        return
    from .tokenize import get_tokenizer

    # Load the dictionary before the workers fork so they share it instead of each loading it.
    get_tokenizer(options.tokenizer, options.userdicts)
    with ProcessPoolExecutor(max_workers=workers, initializer=_start_worker) as pool:
        yield from pool.map(analyse_path, paths, [options] * len(paths), chunksize=4)


def _start_worker() -> None:
    # A forked worker starts with the parent's whole heap (dictionary, modules); freezing
    # it keeps the garbage collector from scanning it again at every full collection
    # (12 % of a --jobs 2 run). The worker creates no cycles among those objects.
    gc.freeze()


def _dask(paths: Sequence[Path], options: Any, scheduler: str | Any) -> Iterator[Result]:
    try:
        from distributed import Client
    except ImportError as err:
        raise RuntimeError("Dask is not installed: pip install 'summarizer[dask]'") from err
    client = scheduler if isinstance(scheduler, Client) else Client(scheduler)  # type: ignore[no-untyped-call]
    try:
        todo = iter(paths)
        while batch := list(islice(todo, DASK_BATCH)):
            futures = client.map(analyse_path, batch, options=options, pure=False)
            for future in futures:
                yield future.result()
    finally:
        if client is not scheduler:
            client.close()  # type: ignore[no-untyped-call]
