"""Reading one input file: its bytes, by its format's reader, to a :class:`Document` of paragraphs."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from .decode import HAN, decode
from .errors import InputError
from .model import Block, Document
from .options import Format

FORMATS: dict[str, Format] = {
    ".txt": "txt",
    ".md": "md",
    ".markdown": "md",
    ".docx": "docx",
    ".html": "html",
    ".htm": "html",
    ".pdf": "pdf",
}
_KIND: dict[Format, str] = {
    "txt": "text file",
    "md": "Markdown file",
    "docx": "Word file",
    "html": "web page",
    "pdf": "PDF",
}
MAX_BYTES = 20 * 1024 * 1024
"""A work report is a few pages; anything this large is a mistake (a log, a dump)."""


def supported() -> str:
    """``reads .txt, .md, …``: the formats, for error messages."""
    return "reads " + ", ".join(dict.fromkeys(FORMATS))


def unsupported(path: Path) -> str:
    """``unsupported file type '.xlsx'``: the reason a file is not read."""
    return f"unsupported file type '{path.suffix or '(none)'}'"


class TooLarge(Exception):
    """A file holds more than the limit it is read with."""


def read_limited(path: str | Path, limit: int) -> bytes:
    """The bytes of a regular file, at most ``limit`` of them.

    Opened without blocking and checked on the open descriptor, so a FIFO, a device
    (``/dev/zero``) or a folder named like a report is refused instead of read forever;
    the limit is enforced while reading, so a file growing meanwhile cannot exceed it.
    Raises :class:`OSError`, :class:`IsADirectoryError` for anything not a regular file,
    and :class:`TooLarge`.
    """
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    with os.fdopen(fd, "rb") as fh:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise IsADirectoryError(0, "not a regular file")
        data = fh.read(limit + 1)
    if len(data) > limit:
        raise TooLarge(len(data))
    return data


def load(path: str | Path) -> Document:
    """Read a report file into paragraphs; raise :class:`InputError` with the reason if we can't."""
    path = Path(path)
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise InputError(path, f"{unsupported(path)} ({supported()})")
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise TooLarge(size)
        data = read_limited(path, MAX_BYTES)
    except TooLarge as err:
        raise InputError(path, f"file too large ({_megabytes(err.args[0])}; limit {_megabytes(MAX_BYTES)})") from err
    except IsADirectoryError as err:
        raise InputError(path, "not a regular file (a folder, pipe or device)") from err
    except OSError as err:
        raise InputError(path, f"cannot read file ({err.strerror})") from err
    encoding = "utf-8"
    blocks: list[Block]
    from .readers import FormatError

    try:
        if fmt in ("txt", "md"):
            from .readers import text_blocks
            from .readers.markdown import markdown_blocks

            text, encoding = decode(data, path)
            blocks = text_blocks(text) if fmt == "txt" else markdown_blocks(text)
        elif fmt == "html":
            from .readers.web import html_blocks

            blocks = html_blocks(data, lambda d: decode(d, path)[0])
        elif fmt == "docx":
            from .readers.word import docx_blocks

            blocks = docx_blocks(path)
        else:
            from .readers.pdf import pdf_blocks

            blocks, encoding = pdf_blocks(path), "pdf"
    except InputError:
        raise
    except FormatError as err:
        raise InputError(path, str(err)) from err
    except Exception as err:
        # Third-party parsers raise what they like on a malformed file (zipfile, lxml, pypdf
        # errors, KeyError, RecursionError …): at this boundary each means "this file cannot
        # be read", and costs only this file its place in the digest.
        raise InputError(path, f"not a readable {_KIND[fmt]} ({type(err).__name__})") from err
    if not any(HAN.search(b.text) for b in blocks):
        raise InputError(path, "no Chinese text")
    return Document(str(path), tuple(blocks), encoding, fmt)


def _megabytes(size: int) -> str:
    """``20 MB``; ``more than 20 MB`` for the one byte over a limit that reading stopped at."""
    if size == MAX_BYTES + 1:
        return f"more than {MAX_BYTES // (1024 * 1024)} MB"
    return f"{size / (1024 * 1024):.1f} MB".replace(".0 MB", " MB")
