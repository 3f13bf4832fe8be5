"""A lock on the output folder, so that one run at a time writes into it.

Two runs into the same ``-o`` each rename their complete files into place, and the folder
could end with one run's Markdown beside the other's JSON. A run holds an exclusive lock
on the folder itself (``flock`` on the folder's descriptor: no lock file is left behind);
a second run fails at once naming the folder or, asked to wait, waits its turn. A process
may take the lock again while it holds it (the command line takes it before reading the
reports, :func:`~summarizer.rendering.output.write_outputs` again to write). Where the
system has no ``flock`` (Windows) or the file system refuses it, runs are not locked.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar, cast

from ..errors import OutputError

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

F = TypeVar("F", bound=Callable[..., Any])
BUSY = "another summarize run is writing to this folder; wait for it to finish, or run again with --wait"
_HELD: dict[tuple[int, int], int] = {}
"""The folders this process holds, by device and inode, and how many times it took each."""


@contextmanager
def output_lock(folder: Path, *, wait: bool = False, on_wait: Callable[[], None] | None = None) -> Iterator[Path]:
    """Hold the lock on ``folder`` (created if missing, and removed again if it is left empty).

    Raises :class:`OutputError` when another process holds it, unless ``wait``: then
    ``on_wait`` is called once and the lock is waited for.
    """
    created = _create(folder)
    key = None
    fd = -1
    try:
        fd, key = _acquire(folder, wait, on_wait, created)
        yield folder
    finally:
        if key is not None:
            _HELD[key] -= 1
            if not _HELD[key]:
                del _HELD[key]
        if key not in _HELD:
            # Removed while still locked, so a run waiting for the lock finds it gone and makes its own.
            for made in reversed(created):
                try:
                    made.rmdir()  # only an empty folder: this run wrote nothing there
                except OSError:
                    break
        if fd >= 0:
            os.close(fd)  # closing the descriptor releases the lock


def locking(write: F) -> F:
    """``write(digest, out_dir, ...)`` run holding the lock on ``out_dir`` (failing if another run holds it)."""

    @functools.wraps(write)
    def locked(digest: Any, out_dir: Path, *args: Any, **kwargs: Any) -> Any:
        with output_lock(Path(out_dir)):
            return write(digest, out_dir, *args, **kwargs)

    return cast(F, locked)


def _create(folder: Path) -> list[Path]:
    """Create ``folder`` and any missing parents; returns those created, outermost first."""
    missing = []
    for path in (folder, *folder.parents):
        if path.exists():
            break
        missing.append(path)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise OutputError(f"{folder}: cannot create the output folder ({err.strerror or err})") from err
    if not folder.is_dir():
        raise OutputError(f"{folder}: not a folder")
    return list(reversed(missing))


def _acquire(
    folder: Path, wait: bool, on_wait: Callable[[], None] | None, created: list[Path]
) -> tuple[int, tuple[int, int] | None]:
    """The folder's descriptor holding the lock (-1 where locks are not to be had) and its identity."""
    if fcntl is None:
        return -1, None
    for _ in range(10):
        key = _identity(folder)
        if key in _HELD:
            _HELD[key] += 1
            return -1, key
        try:
            fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_CLOEXEC", 0))
        except FileNotFoundError:
            created.extend(_create(folder))  # the run before removed it, empty, as it finished
            continue
        except OSError as err:
            raise OutputError(f"{folder}: cannot open the output folder ({err.strerror or err})") from err
        try:
            if not _lock(fd, folder, wait, on_wait):
                os.close(fd)
                return -1, None
        except BaseException:
            os.close(fd)
            raise
        on_disk = _identity(folder)
        if on_disk == _fd_identity(fd):
            _HELD[on_disk] = 1
            return fd, on_disk
        # The run before removed (or replaced) the folder while this one waited: lock the new one.
        os.close(fd)
        created.extend(_create(folder))
    raise OutputError(f"{folder}: {BUSY}")


def _lock(fd: int, folder: Path, wait: bool, on_wait: Callable[[], None] | None) -> bool:
    """Lock ``fd``; False where the file system offers no lock."""
    assert fcntl is not None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except BlockingIOError as err:
        if not wait:
            raise OutputError(f"{folder}: {BUSY}") from err
    except OSError:
        return False  # NFS and some others refuse flock on a folder: unlocked, as before
    if on_wait:
        on_wait()
    fcntl.flock(fd, fcntl.LOCK_EX)
    return True


def _identity(path: Path) -> tuple[int, int]:
    try:
        st = path.stat()
    except OSError:
        return (-1, -1)
    return st.st_dev, st.st_ino


def _fd_identity(fd: int) -> tuple[int, int]:
    st = os.fstat(fd)
    return st.st_dev, st.st_ino
