"""Stage 1, load: find input files and turn their bytes into text, recording the encoding."""

from __future__ import annotations

import codecs
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .data import read_text

FORMATS = {
    ".txt": "txt",
    ".md": "md",
    ".markdown": "md",
    ".docx": "docx",
    ".html": "html",
    ".htm": "html",
    ".pdf": "pdf",
}
MAX_BYTES = 20 * 1024 * 1024
"""A work report is a few pages; anything this large is a mistake (a log, a dump)."""

_HAN_RANGES = "\u3400-\u9fff\uf900-\ufaff"
_HAN = re.compile(f"[{_HAN_RANGES}]")
_NOT_HAN = re.compile(f"[^{_HAN_RANGES}]+")
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f]")
MIN_COMMON_RATIO = 0.5
"""Real Chinese prose is >90 % common characters; mis-decoded bytes are mostly rare ones."""

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Tried in this order after the BOMs; GB18030 is a superset of GBK and GB2312, and
# Big5-HKSCS of Big5, so these two cover every legacy file we are told about.
_LEGACY = ("gb18030", "big5hkscs")


class InputError(Exception):
    """A user-caused problem with one input: ``str(err)`` is the one-line message."""

    def __init__(self, path: str | Path, reason: str, code: int = 3) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = str(path)
        self.reason = reason
        self.code = code


@dataclass(frozen=True)
class Document:
    """Raw text of one input file and how it was decoded."""

    path: str
    text: str
    encoding: str
    format: str = "txt"


def iter_inputs(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Yield input files: named files as given, folders walked recursively in sorted order.

    Symlinked folders are followed once: a loop (``a/b -> a``) is detected by the real
    path and not walked again.
    """
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            raise InputError(path, "no such file or folder", code=2)
        if path.is_dir():
            yield from _walk(path, set())
        elif path.suffix.lower() not in FORMATS:
            raise InputError(path, f"{unsupported(path)} ({supported()})", code=2)
        else:
            yield path


def supported() -> str:
    """``reads .txt, .md, …``: the formats, for error messages."""
    return "reads " + ", ".join(dict.fromkeys(FORMATS))


def unsupported(path: Path) -> str:
    """``unsupported file type '.xlsx'``: the reason a file is not read."""
    return f"unsupported file type '{path.suffix or '(none)'}'"


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
            raise InputError(current, f"cannot read folder ({err.strerror})", code=2) from err
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


def load(path: str | Path) -> Document:
    """Read a text report and decode it; raise :class:`InputError` with the reason if we can't."""
    path = Path(path)
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise InputError(path, f"{unsupported(path)} ({supported()})")
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise InputError(
                path, f"file too large ({size // (1024 * 1024)} MB; limit {MAX_BYTES // (1024 * 1024)} MB)"
            )
        data = path.read_bytes()
    except OSError as err:
        raise InputError(path, f"cannot read file ({err.strerror})") from err
    if fmt == "txt":
        text, encoding = decode(data, path)
        return Document(str(path), text, encoding, fmt)
    from . import extract

    encoding = "utf-8"
    try:
        if fmt == "md":
            raw, encoding = decode(data, path)
            text = extract.markdown_text(raw)
        elif fmt == "html":
            text = extract.html_text(data, lambda d: decode(d, path)[0])
        elif fmt == "docx":
            text = extract.docx_text(path)
        else:
            text, encoding = extract.pdf_text(path), "pdf"
    except ValueError as err:
        raise InputError(path, str(err)) from err
    if not _HAN.search(text):
        raise InputError(path, "no Chinese text")
    return Document(str(path), text, encoding, fmt)


def decode(data: bytes, path: str | Path = "<bytes>") -> tuple[str, str]:
    """Decode report bytes: BOM first, then strict UTF-8, then the likelier of GB18030/Big5.

    Returns ``(text, encoding)``; raises :class:`InputError` for empty, binary, undecodable
    or Chinese-free input.
    """
    if not data.strip():
        raise InputError(path, "empty file")
    text: str | None = None
    encoding = ""
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                text, encoding = data.decode(name), name
            except UnicodeDecodeError as err:
                raise InputError(path, f"cannot decode as {name} despite its byte-order mark") from err
            break
    if text is None:
        if b"\x00" in data:
            raise InputError(path, "binary file, not text")
        try:
            text, encoding = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            text, encoding = _decode_legacy(data, path)
    text = text.lstrip("\ufeff")
    if not text.strip():
        raise InputError(path, "empty file")
    if _control_ratio(text) > 0.05:
        raise InputError(path, "binary file, not text")
    if not _HAN.search(text):
        raise InputError(path, "no Chinese text")
    if _common_ratio(text) < MIN_COMMON_RATIO:
        raise InputError(path, f"decodes as {encoding} only to rare characters: wrong encoding or binary data")
    return text, encoding


def _decode_legacy(data: bytes, path: str | Path) -> tuple[str, str]:
    candidates = []
    for name in _LEGACY:
        try:
            candidates.append((data.decode(name), name))
        except UnicodeDecodeError:
            continue
    if not candidates:
        raise InputError(path, "cannot decode as text (tried UTF-8, UTF-16, GB18030, Big5)")
    # Both legacy codecs accept many byte strings; the right one yields common characters.
    return max(candidates, key=lambda c: _common_ratio(c[0]))


@cache
def _rare_han() -> re.Pattern[str]:
    """Han characters outside ``data/common_chars.txt``, as a character class of ranges."""
    common = frozenset(read_text("common_chars.txt").strip())
    ranges: list[str] = []
    for lo, hi in ((0x3400, 0x9FFF), (0xF900, 0xFAFF)):
        run: list[int] = []
        for code in range(lo, hi + 2):
            if code <= hi and chr(code) not in common:
                run.append(code)
            elif run:
                ranges.append(chr(run[0]) if len(run) == 1 else f"{chr(run[0])}-{chr(run[-1])}")
                run = []
    return re.compile(f"[{''.join(ranges)}]")


def _common_ratio(text: str) -> float:
    # A few thousand characters decide the encoding as well as the whole file would. Both
    # counts go through what is rare in good text (non-Han runs, rare characters): a regex
    # match per Han character made this check most of what reading a UTF-8 report cost.
    sample = text[:6000]
    han = len(sample) - sum(map(len, _NOT_HAN.findall(sample)))
    if not han:
        return 0.0
    return 1 - len(_rare_han().findall(sample)) / han


def _control_ratio(text: str) -> float:
    sample = text[:4096]
    return len(_CONTROL.findall(sample)) / len(sample)
