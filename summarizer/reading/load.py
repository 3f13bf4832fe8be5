"""Reading one input file: its bytes, by its format's reader, to a :class:`Document` of paragraphs.

Only regular files are read, never more than a format's limit, and everything a
third-party parser raises on a malformed file becomes an :class:`InputError` naming
the file: one bad file costs only its own place in the digest.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Iterator, Sequence
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
    ".doc": "doc",
    # WPS Office's own name: Word 97's binary format, or an OOXML package (told by content).
    ".wps": "doc",
    ".odt": "odt",
    ".rtf": "rtf",
    ".ofd": "ofd",
}
_KIND: dict[Format, str] = {
    "txt": "text file",
    "md": "Markdown file",
    "docx": "Word file",
    "html": "web page",
    "pdf": "PDF",
    "doc": "Word file",
    "odt": "OpenDocument file",
    "rtf": "RTF file",
    "ofd": "OFD file",
}
MB = 1024 * 1024
MAX_BYTES: dict[Format, int] = {
    "txt": 20 * MB,
    "md": 20 * MB,
    "html": 20 * MB,
    "docx": 50 * MB,
    "pdf": 50 * MB,
    "doc": 50 * MB,
    "odt": 50 * MB,
    "rtf": 50 * MB,
    "ofd": 50 * MB,
}
"""A work report is a few pages of text; Word and PDF files also carry pictures. Anything
larger is a mistake (a log, a dump, a scan of a whole archive)."""
MAX_CHARACTERS = 1_000_000
"""Report text read from one file at most: sixty full government work reports' worth (the
longest we have seen has 17,000 characters); more is an archive or a dump."""


CONVERTED: tuple[Format, ...] = ("doc", "odt", "rtf")
"""Formats LibreOffice converts to .docx for the Word reader (``office``)."""
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
"""An OLE2 compound file: Word 97's .doc, and WPS Office's binary .wps."""


def sniff(data: bytes, named: Format) -> Format:
    """An office file's format by its content, the name deciding only between zip packages.

    WPS Office saves some ``.wps`` files as OOXML packages, read as .docx; a ``.docx`` that
    is Word 97 inside is converted; an ODF package says so in its first part.

    >>> sniff(b"PK\\x03\\x04...", "doc"), sniff(b"{\\\\rtf1", "doc"), sniff(_OLE2, "docx")
    ('docx', 'rtf', 'doc')
    """
    if named not in ("docx", "ofd", *CONVERTED):
        return named
    if data.startswith(_OLE2):
        return "doc"
    if data.startswith(b"{\\rtf"):
        return "rtf"
    if data.startswith(b"PK\x03\x04"):
        if data[30:38] == b"mimetype" and b"opendocument" in data[38:100]:
            return "odt"
        return named if named == "ofd" else "docx"
    return named


def office_sources(paths: Iterable[Path]) -> Iterator[tuple[Path, str, bytes]]:
    """The files among ``paths`` that LibreOffice must convert: each path, suffix and bytes.

    Only files named as the converted formats are opened; a file that cannot be read here is
    left for :func:`load` to name the problem.
    """
    for path in paths:
        named = FORMATS.get(path.suffix.lower())
        if named not in CONVERTED:
            continue
        try:
            data = read_limited(path, MAX_BYTES[named])
        except (OSError, TooLarge):
            continue
        if data and sniff(data, named) in CONVERTED:
            yield path, path.suffix.lower(), data


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


def load(path: str | Path, converted: Path | str | None = None) -> Document:
    """Read a report file into paragraphs; raise :class:`InputError` with the reason if we can't.

    ``converted``: for a file LibreOffice converts, its .docx, or the reason there is none,
    from a run's conversion of all its files (:func:`office_sources`); without it the file
    is converted here.
    """
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
    fmt = sniff(data, fmt)
    if fmt in CONVERTED:
        data = _converted(path, fmt, data, converted)
    blocks, encoding = _read(path, fmt, data)
    if not any(HAN.search(b.text) for b in blocks):
        raise InputError(path, "no Chinese text")
    if mostly_latin(_head(blocks, LETTER_SAMPLE)):
        raise InputError(path, "mostly not Chinese text (more English words than Chinese characters)")
    if sum(len(b.text) for b in blocks) > MAX_CHARACTERS:
        raise InputError(path, too_long())
    return Document(str(path), tuple(blocks), encoding, fmt, sum(replaced(b.text) for b in blocks))


def _converted(path: Path, fmt: Format, data: bytes, converted: Path | str | None) -> bytes:
    """The .docx LibreOffice made of the file, converting it now if the run has not."""
    if not data:
        raise InputError(path, "empty file")
    if converted is None:
        from .office import converted as convert

        suffix = path.suffix.lower() if FORMATS.get(path.suffix.lower()) in CONVERTED else f".{fmt}"
        with convert([(path, suffix, data)]) as results:
            return _converted(path, fmt, data, results[path])
    if isinstance(converted, str):
        raise InputError(path, converted)
    try:
        return read_limited(converted, MAX_BYTES["docx"])
    except (OSError, TooLarge) as err:
        raise InputError(path, f"not a readable {_KIND[fmt]} (its conversion cannot be read)") from err


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
        if fmt == "docx" or fmt in CONVERTED:
            from .formats.word import docx_blocks

            return docx_blocks(data), "utf-8"
        if fmt == "ofd":
            from .formats.ofd import ofd_blocks

            return ofd_blocks(data, MAX_CHARACTERS), "utf-8"
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
    "OFDFormatError": "not an OFD package",
    "OFDLimitError": "beyond the reader's limits",
}


def damage(err: BaseException) -> str:
    """What a parser's exception says about the file, in words: ``its XML is broken``."""
    kind = type(err).__name__
    return _DAMAGE.get(kind, f"damaged: {kind}")
