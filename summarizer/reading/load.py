"""Reading one input file: its bytes, by its format's reader, to a :class:`Document` of paragraphs.

Only regular files are read, never more than a format's limit, and everything a
third-party parser raises on a malformed file becomes an :class:`InputError` naming
the file: one bad file costs only its own place in the digest.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Sequence
from pathlib import Path

from ..errors import InputError
from ..model import Block, Document
from ..options import Format
from .decode import HAN, LETTER_SAMPLE, decode, mostly_latin, replaced

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
MB = 1024 * 1024
MAX_BYTES: dict[Format, int] = {"txt": 20 * MB, "md": 20 * MB, "html": 20 * MB, "docx": 50 * MB, "pdf": 50 * MB}
"""A work report is a few pages of text; Word and PDF files also carry pictures. Anything
larger is a mistake (a log, a dump, a scan of a whole archive)."""
MAX_CHARACTERS = 1_000_000
"""Report text read from one file at most: sixty full government work reports' worth (the
longest we have seen has 17,000 characters); more is an archive or a dump."""


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
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise IsADirectoryError(0, "not a regular file")
        if info.st_size > limit:
            raise TooLarge(info.st_size)
        chunks = []
        size = 0
        while size <= limit:
            chunk = os.read(fd, limit + 1 - size)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    finally:
        os.close(fd)
    if size > limit:
        raise TooLarge(size)
    return b"".join(chunks)


def megabytes(size: int) -> str:
    """``20 MB``, ``20.5 MB``: a size as a message shows it."""
    return f"{size / MB:.1f} MB".replace(".0 MB", " MB")


def load(path: str | Path) -> Document:
    """Read a report file into paragraphs; raise :class:`InputError` with the reason if we can't."""
    path = Path(path)
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise InputError(path, f"{unsupported(path)} ({supported()})")
    limit = MAX_BYTES[fmt]
    try:
        data = read_limited(path, limit)
    except TooLarge as err:
        size = err.args[0]
        shown = f"more than {megabytes(limit)}" if size == limit + 1 else megabytes(size)
        raise InputError(path, f"file too large ({shown}; limit {megabytes(limit)})") from err
    except IsADirectoryError as err:
        raise InputError(path, "not a regular file (a folder, pipe or device)") from err
    except OSError as err:
        raise InputError(path, f"cannot read file ({err.strerror})") from err
    blocks, encoding = _read(path, fmt, data)
    if not any(HAN.search(b.text) for b in blocks):
        raise InputError(path, "no Chinese text")
    if mostly_latin(_head(blocks, LETTER_SAMPLE)):
        raise InputError(path, "mostly not Chinese text (more English words than Chinese characters)")
    if sum(len(b.text) for b in blocks) > MAX_CHARACTERS:
        raise InputError(path, too_long())
    return Document(str(path), tuple(blocks), encoding, fmt, sum(replaced(b.text) for b in blocks))


def too_long() -> str:
    """The reason a text past :data:`MAX_CHARACTERS` is refused, whether read from a file or given."""
    return f"report text too long (more than {MAX_CHARACTERS:,} characters)"


def _head(blocks: Sequence[Block], size: int) -> str:
    """The first ``size`` characters of the paragraphs, one a line."""
    lines: list[str] = []
    total = 0
    for b in blocks:
        lines.append(b.text)
        total += len(b.text) + 1
        if total >= size:
            break
    return "\n".join(lines)[:size]


def _read(path: Path, fmt: Format, data: bytes) -> tuple[list[Block], str]:
    """The format's reader over the file's bytes: paragraphs and how they were decoded."""
    from .formats import FormatError

    try:
        if fmt in ("txt", "md"):
            from .formats import text_blocks
            from .formats.markdown import markdown_blocks

            text, encoding = decode(data, path)
            return (text_blocks(text) if fmt == "txt" else markdown_blocks(text)), encoding
        if fmt == "html":
            from .formats.web import html_blocks

            return html_blocks(data, lambda d: decode(d, path)[0]), "utf-8"
        if fmt == "docx":
            from .formats.word import docx_blocks

            return docx_blocks(data), "utf-8"
        from .formats.pdf import pdf_blocks

        return pdf_blocks(data, MAX_CHARACTERS), "pdf"
    except InputError:
        raise
    except FormatError as err:
        raise InputError(path, str(err)) from err
    except Exception as err:
        # Third-party parsers raise what they like on a malformed file (zipfile, lxml, pypdf
        # errors, KeyError, RecursionError …): at this boundary each means "this file cannot
        # be read", and costs only this file its place in the digest.
        raise InputError(path, f"not a readable {_KIND[fmt]} ({damage(err)})") from err


_DAMAGE = {
    "BadZipFile": "not a zip package",
    "PackageNotFoundError": "not a Word package",
    "XMLSyntaxError": "its XML is broken",
    "KeyError": "a required part is missing",
    "PdfStreamError": "its data is cut short",
    "PdfReadError": "damaged",
    "DependencyError": "compressed in a way the PDF reader cannot undo",
    "RecursionError": "nested too deeply",
    "MemoryError": "too big to open",
}


def damage(err: BaseException) -> str:
    """What a parser's exception says about the file, in words: ``its XML is broken``."""
    kind = type(err).__name__
    return _DAMAGE.get(kind, f"damaged: {kind}")
