"""Finding the input files: named files as given, folders walked recursively in sorted order.

Each file is found once, however often it is named or reached (a symlink, a folder
given twice); a sub-folder that cannot be read is reported, not fatal; the folder the
briefing is written to is not read as input, so a run never reads its own outputs.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from .errors import PathError
from .load import FORMATS, supported, unsupported
from .model import Skipped

Found = Path | Skipped


def as_paths(paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]]) -> list[Path]:
    """``paths`` as a list: one path (a string or path object) or an iterable of them.

    >>> as_paths("seeds")
    [PosixPath('seeds')]
    """
    if isinstance(paths, (str, os.PathLike)):
        return [Path(paths)]
    if isinstance(paths, bytes) or not isinstance(paths, Iterable):
        raise TypeError(f"paths must be a path or an iterable of paths, not {type(paths).__name__}")
    out = []
    for item in paths:
        if not isinstance(item, (str, os.PathLike)):
            raise TypeError(f"each path must be a str or os.PathLike, not {type(item).__name__}")
        out.append(Path(item))
    return out


def iter_inputs(
    paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]], exclude: Iterable[Path] = ()
) -> Iterator[Found]:
    """Input files in order: named files as given, folders walked recursively in sorted order.

    Yields a :class:`Skipped` for a sub-folder that cannot be read. Folders in ``exclude``
    (the output folder) are not walked. Raises :class:`PathError` for a named path that
    does not exist or a named file of a type we do not read.
    """
    seen: set[tuple[int, int]] = set()
    skip = {_identity(p) for p in exclude if p.is_dir()}
    for path in as_paths(paths):
        if not path.exists():
            raise PathError(path, "no such file or folder")
        if path.is_dir():
            yield from _walk(path, seen, skip)
        elif path.suffix.lower() not in FORMATS:
            raise PathError(path, f"{unsupported(path)} ({supported()})")
        elif _first(path, seen):
            yield path


def _identity(path: Path) -> tuple[int, int]:
    st = path.stat()
    return st.st_dev, st.st_ino


def _first(path: Path, seen: set[tuple[int, int]]) -> bool:
    """True the first time a file (by device and inode, not by name) is met."""
    try:
        key = _identity(path)
    except OSError:
        return True  # load will name the problem
    if key in seen:
        return False
    seen.add(key)
    return True


def _walk(folder: Path, seen: set[tuple[int, int]], skip: set[tuple[int, int]]) -> Iterator[Found]:
    # An explicit stack, not recursion: a folder 5,000 levels deep must not overflow.
    stack = [folder]
    while stack:
        current = stack.pop()
        try:
            key = _identity(current)
            # The folder's identity, not its path: a symlink loop (a/b -> a) is seen once.
            if key in seen or key in skip:
                continue
            seen.add(key)
            entries = sorted(os.scandir(current), key=lambda e: e.name)
        except OSError as err:
            if current == folder:
                raise PathError(current, f"cannot read folder ({err.strerror})") from err
            yield Skipped(str(current), f"cannot read folder ({err.strerror})")
            continue
        subfolders = []
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = Path(entry.path)
            try:
                is_dir = entry.is_dir()
            except OSError:
                is_dir = False
            if is_dir:
                subfolders.append(path)
            elif _first(path, seen):
                # Unsupported files come through too: the pipeline notes them as not read.
                yield path
        stack.extend(reversed(subfolders))
