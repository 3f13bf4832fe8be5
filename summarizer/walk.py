"""Finding the input files: named files as given, folders walked recursively in sorted order."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from .errors import PathError
from .load import FORMATS, supported, unsupported


def iter_inputs(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Yield input files: named files as given, folders walked recursively in sorted order.

    Symlinked folders are followed once: a loop (``a/b -> a``) is detected by the real
    path and not walked again.
    """
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            raise PathError(path, "no such file or folder")
        if path.is_dir():
            yield from _walk(path, set())
        elif path.suffix.lower() not in FORMATS:
            raise PathError(path, f"{unsupported(path)} ({supported()})")
        else:
            yield path


def _walk(folder: Path, seen: set[tuple[int, int]]) -> Iterator[Path]:
    # An explicit stack, not recursion: a folder 5,000 levels deep must not overflow.
    stack = [folder]
    while stack:
        current = stack.pop()
        try:
            st = current.stat()
            # The folder's identity, not its path: a symlink loop (a/b -> a) is seen once.
            if (st.st_dev, st.st_ino) in seen:
                continue
            seen.add((st.st_dev, st.st_ino))
            entries = sorted(os.scandir(current), key=lambda e: e.name)
        except OSError as err:
            raise PathError(current, f"cannot read folder ({err.strerror})") from err
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
            else:
                # Unsupported files come through too: the pipeline notes them as not read.
                yield path
        stack.extend(reversed(subfolders))
