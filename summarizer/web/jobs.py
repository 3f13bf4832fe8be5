"""Briefing jobs: each in its own temporary folder, run in one bounded pool, its progress kept per file.

A job is what one upload asks for. Its files are saved into a folder of its own; a
worker of the shared pool unpacks its archives, runs the same ``summarize`` and
``write_outputs`` as the command line with the form's options, keeps the files it wrote
and the page's HTML in memory, and removes the folder, whatever happened. Finished jobs
are kept for a while for their downloads, then forgotten.
"""

from __future__ import annotations

import logging
import os
import secrets
import shutil
import tempfile
import threading
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePath
from typing import Any

from ..errors import SummarizerError
from ..model import Digest, Report, Skipped
from ..options import Options, OutputFormat
from ..rendering.reasons import skip_reason
from .form import Settings
from .uploads import Intake

log = logging.getLogger(__name__)

FOLDER_PREFIX = "summarize-web-"
"""A job's folder is ``summarize-web-PID-XXXX`` in the system's temporary folder, so a server
started later can tell what a killed one left (its process is gone)."""
OUTPUTS: tuple[OutputFormat, ...] = ("md", "json", "docx", "eml")
"""Every format the command line writes; the page offers each for download."""


class Busy(Exception):
    """As many jobs are running or waiting as the pool takes."""


@dataclass
class Entry:
    """One file of a job as the page's progress list shows it.

    ``state`` is ``waiting``, ``reading``, ``done`` (``note`` its region), ``skipped``
    (``note`` the Chinese reason) or ``noted`` (not a report: another type, or a copy).
    """

    name: str
    state: str = "waiting"
    note: str = ""


@dataclass
class Job:
    """One upload's briefing: its folder, options, progress and, once done, its files and HTML."""

    folder: Path
    settings: Settings
    intake: Intake
    archives: list[tuple[str, Path]] = field(default_factory=list)
    id: str = field(default_factory=lambda: secrets.token_urlsafe(16))
    state: str = "queued"
    """``queued``, ``unpacking``, ``reading``, ``writing``, ``done`` or ``failed``."""
    message: str = ""
    """Why there is no briefing (Chinese), when there is none."""
    entries: dict[str, Entry] = field(default_factory=dict)
    outputs: dict[str, tuple[str, bytes]] = field(default_factory=dict)
    html: str = ""
    started: float = field(default_factory=time.monotonic)
    seconds: float | None = None
    """From upload to briefing, once finished."""
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @property
    def root(self) -> Path:
        """Where the job's reports are saved and unpacked."""
        return self.folder / "input"

    @property
    def finished(self) -> bool:
        """True once the job is done or failed."""
        return self.state in ("done", "failed")

    def name(self, path: str | Path) -> str:
        """A file's name as the user uploaded it: relative to the job's folder of reports."""
        pure = PurePath(path)
        return pure.relative_to(self.root).as_posix() if pure.is_relative_to(self.root) else str(path)

    def note(self, item: Report | Skipped, state: str | None = None) -> None:
        """Record a file's outcome in the progress list."""
        name = self.name(item.path)
        if isinstance(item, Report):
            entry = Entry(name, state or "done", item.label)
        else:
            entry = Entry(name, "skipped" if item.kind == "error" else "noted", skip_reason(item)[1])
        with self.lock:
            self.entries[name] = entry

    def status(self) -> dict[str, Any]:
        """What the page's progress shows, JSON-ready."""
        with self.lock:
            entries = [vars(e).copy() for e in self.entries.values()]
        done = sum(e["state"] not in ("waiting", "reading") for e in entries)
        return {
            "state": self.state,
            "message": self.message,
            "files": entries,
            "done": done,
            "total": len(entries),
            "downloads": [{"format": fmt, "name": name} for fmt, (name, _) in self.outputs.items()],
            "seconds": self.seconds,
        }


def new_folder() -> Path:
    """A private temporary folder for one job (mode 0700), named after this process."""
    return Path(tempfile.mkdtemp(prefix=f"{FOLDER_PREFIX}{os.getpid()}-"))


def remove_stale() -> None:
    """Remove the job folders of servers that were killed before they could (SIGKILL skips clean-up)."""
    from ..rendering.output import orphans

    for folder in orphans(Path(tempfile.gettempdir()).glob(f"{FOLDER_PREFIX}*"), FOLDER_PREFIX):
        shutil.rmtree(folder, ignore_errors=True)


def relative(digest: Digest, root: Path) -> Digest:
    """The digest with its paths relative to ``root``, as the command line run in that folder gives them.

    The JSON then names ``reports/r.txt``, not the server's temporary folder, and is the
    same, byte for byte, as ``summarize reports/`` run where the uploaded folder lies.
    """

    def rel(path: str) -> str:
        pure = PurePath(path)
        return pure.relative_to(root).as_posix() if pure.is_relative_to(root) else path

    return replace(
        digest,
        reports=tuple(replace(r, path=rel(r.path)) for r in digest.reports),
        skipped=tuple(replace(s, path=rel(s.path)) for s in digest.skipped),
        overview=tuple(replace(p, path=rel(p.path)) for p in digest.overview),
    )


def inputs(root: Path) -> list[Path]:
    """What to summarise: the one folder uploaded (a zip of a folder) as the command line is given it, else all."""
    entries = [p for p in root.iterdir() if not p.name.startswith(".")] if root.is_dir() else []
    return entries if len(entries) == 1 and entries[0].is_dir() else [root]


def run(job: Job) -> None:
    """Make one job's briefing; its folder is removed afterwards, whatever happens."""
    state = "done"
    try:
        _run(job)
    except SummarizerError as err:
        job.message, state = f"无法生成简报：{err}", "failed"
    except Exception:  # a bug of ours: the page says so, the server goes on
        log.exception("job %s failed", job.id)
        job.message, state = "生成简报时出现内部错误，请把所用文件和这条消息报告给维护人员。", "failed"
    finally:
        shutil.rmtree(job.folder, ignore_errors=True)
        job.seconds = round(time.monotonic() - job.started, 3)
        job.state = state  # last: whoever sees it finished finds the folder gone and the files ready


def _run(job: Job) -> None:
    from ..pipeline import summarize
    from ..rendering.mail import Mail
    from ..rendering.output import write_outputs
    from .page import render_briefing

    job.state = "unpacking"
    for name, archive in job.archives:
        job.intake.add_archive(name, archive)
        archive.unlink(missing_ok=True)
    for skipped in job.intake.refused:
        job.note(skipped)
    job.state = "reading"
    root = job.root
    root.mkdir(exist_ok=True)

    def start(files: Sequence[Path]) -> None:
        with job.lock:
            for i, path in enumerate(files):
                name = job.name(path)
                job.entries[name] = Entry(name, "reading" if i == 0 else "waiting")

    def advance(result: Report | Skipped) -> None:
        job.note(result)
        with job.lock:  # files are read in order: the next one waiting is the one being read
            following = next((e for e in job.entries.values() if e.state == "waiting"), None)
            if following:
                following.state = "reading"

    settings = job.settings
    options = Options(**settings.options)
    digest = summarize(inputs(root), options, jobs=1, on_start=start, on_result=advance, **settings.digest)
    digest = relative(digest, root)
    items: list[Report | Skipped] = [*digest.reports, *digest.skipped]
    for item in items:
        job.note(item)  # the final word: a copy is known only once all are read
    if not digest.reports:
        job.message = "没有可以读取的报告：请查看上面每个文件的原因。"
        return
    job.state = "writing"
    written = write_outputs(digest, job.folder / "out", OUTPUTS, mail=Mail(), options=options, **settings.output)
    job.html = render_briefing(digest, root, **settings.output)
    job.outputs = {path.suffix[1:]: (path.name, path.read_bytes()) for path in written}


WARM_UP = "通渭县强化政治保证大打疫情防控阻击战\n全县成立临时党支部50个，下拨党费32万元。\n"
"""A report of two lines, briefed once as the server starts: the engine's modules, rule files and
dictionary load then, not on the first upload."""


def _warm() -> None:
    from ..pipeline import summarize
    from ..rendering.mail import Mail
    from ..rendering.output import write_outputs
    from .page import render_briefing

    folder = new_folder()
    try:
        (folder / "r.txt").write_text(WARM_UP, encoding="utf-8")
        digest = summarize([folder], jobs=1)
        write_outputs(digest, folder / "out", OUTPUTS, mail=Mail())
        render_briefing(digest, folder, cited=True)
    except Exception:  # a failed warm-up costs only the first upload's speed
        log.exception("warming up failed")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


class Jobs:
    """The one pool every upload's job runs in: ``workers`` at a time, ``waiting`` more in line.

    Threads, not processes: a job's files are read one after another in its worker, and
    the pool bounds how many jobs share the machine at once. Finished jobs are kept
    ``keep_seconds`` for their downloads, at most ``keep`` of them.
    """

    def __init__(self, workers: int = 2, waiting: int = 8, keep: int = 20, keep_seconds: float = 3600) -> None:
        self.workers, self.waiting, self.keep, self.keep_seconds = workers, waiting, keep, keep_seconds
        self.pool = ThreadPoolExecutor(workers, thread_name_prefix="summarize-web")
        self.jobs: dict[str, Job] = {}
        self.lock = threading.Lock()

    def submit(self, job: Job) -> None:
        """Queue a job; raises :class:`Busy` when the pool and its line are full."""
        with self.lock:
            self._forget()
            active = sum(not j.finished for j in self.jobs.values())
            if active >= self.workers + self.waiting:
                raise Busy
            self.jobs[job.id] = job
        self.pool.submit(run, job)

    def warm(self) -> None:
        """Load the engine and the segmenter's dictionary in a worker now, so that the first upload need not."""
        self.pool.submit(_warm)

    def get(self, job_id: str) -> Job | None:
        """The job of that id, while it is kept."""
        with self.lock:
            return self.jobs.get(job_id)

    def _forget(self) -> None:
        now = time.monotonic()
        finished = sorted((j for j in self.jobs.values() if j.finished), key=lambda j: j.started)
        for i, job in enumerate(finished):
            if len(finished) - i > self.keep or now - job.started - (job.seconds or 0) > self.keep_seconds:
                del self.jobs[job.id]

    def close(self) -> None:
        """Stop taking jobs: those still waiting are dropped with their folders; running ones finish."""
        self.pool.shutdown(wait=False, cancel_futures=True)
        with self.lock:
            for job in self.jobs.values():
                if job.state == "queued":
                    shutil.rmtree(job.folder, ignore_errors=True)
