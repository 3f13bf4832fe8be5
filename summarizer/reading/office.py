"""Word 97, WPS, ODF and RTF files to .docx through LibreOffice, many files a start, each in its own right.

LibreOffice takes seconds to start, so a run converts all its files with one ``soffice
--headless --convert-to docx`` in a private, temporary profile (a user's open LibreOffice
and its settings are neither used nor disturbed). LibreOffice converts the files in the
order named; a file it refuses has no output and costs only itself. A file that hangs or
crashes it is the one after the last output: it alone is given up, and the files after it
get a fresh start. The converted files are then read by the Word reader.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

MISSING = "needs LibreOffice to read this file (soffice not found)"
"""The reason a file is not read where LibreOffice is not installed."""
FAILED = "LibreOffice could not convert the file"
STALL_SECONDS = 120.0
"""The most a file may take LibreOffice (start-up included for the first): a report of fifty
megabytes of pictures converts in well under a minute; longer is a file that hangs it."""
FILES_PER_START = 200
"""Files named to one LibreOffice at most: their paths stay far within a command line's limit,
and a start (seconds) is small beside converting two hundred files."""
_POLL_SECONDS = 0.1
_PLACES = (
    "/usr/bin/soffice",
    "/opt/libreoffice/program/soffice",
    "/Applications/LibreOffice.app/Contents/MacOS/soffice",
    r"C:\Program Files\LibreOffice\program\soffice.exe",
)


def find_soffice() -> str | None:
    """LibreOffice's ``soffice`` on the PATH or where its installers put it, else None."""
    for name in ("soffice", "libreoffice"):
        if found := shutil.which(name):
            return found
    return next((place for place in _PLACES if os.access(place, os.X_OK)), None)


@contextmanager
def converted(sources: Iterable[tuple[Path, str, bytes]]) -> Iterator[dict[Path, Path | str]]:
    """Each source (its path, the suffix to give LibreOffice, its bytes) converted to .docx.

    Yields the converted file, or the reason there is none, by source path; the files live
    until the ``with`` block ends. LibreOffice is started only if there is a source.
    """
    with tempfile.TemporaryDirectory(prefix="summarizer-office-") as tmp:
        inbox, outbox = Path(tmp, "in"), Path(tmp, "out")
        inbox.mkdir()
        outbox.mkdir()
        # Numbered copies: two inputs both named r.doc cannot meet in the output folder, and
        # no name of the user's reaches LibreOffice's command line. Written one at a time,
        # so a thousand files are never all in memory.
        copies: dict[Path, Path] = {}
        for n, (path, suffix, data) in enumerate(sources):
            copies[path] = inbox / f"{n:06d}{suffix}"
            copies[path].write_bytes(data)
        soffice = find_soffice() if copies else None
        if soffice is None:
            yield dict.fromkeys(copies, MISSING)
            return
        results = convert(soffice, list(copies.values()), outbox, Path(tmp, "profile"))
        yield {path: results[copy] for path, copy in copies.items()}


def convert(soffice: str, files: Sequence[Path], outbox: Path, profile: Path) -> dict[Path, Path | str]:
    """Convert ``files`` into ``outbox`` with as few LibreOffice starts as the files allow."""
    results: dict[Path, Path | str] = {}
    for start in range(0, len(files), FILES_PER_START):
        results.update(_convert(soffice, files[start : start + FILES_PER_START], outbox, profile))
    return results


def _convert(soffice: str, files: Sequence[Path], outbox: Path, profile: Path) -> dict[Path, Path | str]:
    results: dict[Path, Path | str] = {}
    pending = list(files)
    while pending:
        finished, why = _run(soffice, pending, outbox, profile)
        for file in pending:
            if (outbox / f"{file.stem}.docx").is_file():
                results[file] = outbox / f"{file.stem}.docx"
        if finished:
            results.update({file: FAILED for file in pending if file not in results})
            break
        # LibreOffice hung or died on the file after the last it converted: that one alone is
        # given up; those before it without a result it had refused; those after it start again.
        last = max((n for n, file in enumerate(pending) if file in results), default=-1)
        results.update({file: FAILED for file in pending[:last] if file not in results})
        if last + 1 < len(pending):
            results[pending[last + 1]] = f"{FAILED} ({why})"
        pending = pending[last + 2 :]
    return results


def _run(soffice: str, files: Sequence[Path], outbox: Path, profile: Path) -> tuple[bool, str]:
    """One LibreOffice over ``files``: whether it went through them all, or why it stopped."""
    command = [
        soffice,
        f"-env:UserInstallation={profile.as_uri()}",
        "--headless",
        "--norestore",
        "--convert-to",
        "docx:MS Word 2007 XML",
        "--outdir",
        str(outbox),
        *map(str, files),
    ]
    # Its own session, so a hung LibreOffice is ended with every process it started.
    process = subprocess.Popen(
        command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    done = 0
    since = time.monotonic()
    try:
        while process.poll() is None:
            # Progress is a new file in the output folder; a file longer than STALL_SECONDS hangs it.
            now = len(os.listdir(outbox))
            if now > done:
                done, since = now, time.monotonic()
            elif time.monotonic() - since > STALL_SECONDS:
                _end(process)
                return False, f"no result after {STALL_SECONDS:.0f} s"
            time.sleep(_POLL_SECONDS)
    except BaseException:
        # Ctrl-C reaches our process group only: LibreOffice, in its own session, is ended here.
        _end(process)
        raise
    if process.returncode != 0:
        return False, f"LibreOffice stopped with code {process.returncode}"
    return True, ""


def _end(process: subprocess.Popen[bytes]) -> None:
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError, AttributeError):  # pragma: no cover - gone, or not POSIX
        process.kill()
    process.wait()
