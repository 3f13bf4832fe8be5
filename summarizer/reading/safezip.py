"""Zip packages opened safely: each part inflated as a stream, capped by the bytes it really gives.

Word (.docx), OpenDocument and OFD files are zip packages. Python's ``zipfile`` trusts the
sizes the package's index (its central directory) declares, and asked for a whole part it
inflates all of it in one call before it compares: a 1 MB package whose index said "2 KB"
of a part that inflated to a gigabyte took 2.2 GB of memory, then failed as "not a zip".
Here every part is inflated a chunk at a time, and the bytes it actually gives are counted
against the limits (:class:`ZipLimits`): per part, per package, and the ratio of inflated
to compressed bytes. A part that gives more than its index declares is a lie, and stops
there. A package :func:`check_zip` passes inflates to exactly what it declares, within the
limits, so a parser handed it afterwards (python-docx) can read no more than that.

Any format reader may use it: ``check_zip(data, "Word file")`` before a third-party
parser, or ``open_zip(data, kind).read(name)`` for the parts themselves. Problems are
:class:`~summarizer.reading.formats.FormatError` one-liners that ``load`` turns into the
file's skip reason (``data/skip_reasons.toml`` gives them in Chinese).
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass

from .formats import FormatError

MB = 1024 * 1024
CHUNK = 64 * 1024
"""Bytes inflated per step: the most a part can exceed a limit by before it is stopped."""
INDEX_ENTRY = 1024
"""Bytes of index a part may take on average: 46 and its name (an office document's are short)."""


@dataclass(frozen=True)
class ZipLimits:
    """What one package may hold; the defaults fit office documents (a report is tens of parts, a few MB)."""

    parts: int = 2000
    """Parts in the package: a report has tens, pictures included; thousands is an attack."""
    part: int = 32 * MB
    """Bytes one part may inflate to (a report's whole text is a few MB of XML)."""
    total: int = 64 * MB
    """Bytes all parts together may inflate to."""
    ratio: int = 300
    """Inflated bytes per compressed byte a part may reach: office XML compresses 3 to 30 times,
    an empty table 150; a deflate bomb reaches 1,000."""
    ratio_from: int = MB
    """The ratio is judged from this many inflated bytes: a small part of blanks may compress further."""


LIMITS = ZipLimits()
_EOCD = b"PK\x05\x06"
_LOCAL = struct.Struct("<4s5H3L2H")  # a part's local header: signature … name length, extra length
_PRINTABLE_NAME = 60


def megabytes(size: int) -> str:
    """``64 MB``, ``1.5 MB``: a size as a message shows it."""
    return f"{size / MB:.1f} MB".replace(".0 MB", " MB")


def _shown(name: str) -> str:
    # A part's name is the package author's text: shown short and on one line.
    text = "".join(ch if ch.isprintable() else "?" for ch in name[:_PRINTABLE_NAME])
    return text + ("…" if len(name) > _PRINTABLE_NAME else "")


class SafeZip:
    """A zip package whose parts are read through the limits; see :func:`open_zip`."""

    def __init__(self, data: bytes, kind: str, limits: ZipLimits = LIMITS) -> None:
        self.data = data
        self.kind = kind
        self.limits = limits
        self.inflated = 0
        """Bytes inflated from this package so far, counted against ``limits.total``."""
        declared, index_size = _end_record(data)
        if declared > limits.parts or index_size > limits.parts * INDEX_ENTRY:
            shown = f"{declared} parts" if declared > limits.parts else f"an index of {megabytes(index_size)}"
            raise FormatError(f"not a readable {kind} ({shown}; limit {limits.parts} parts)")
        try:
            self.infos = zipfile.ZipFile(io.BytesIO(data)).infolist()
        except (zipfile.BadZipFile, ValueError, OSError, EOFError, struct.error) as err:
            raise FormatError(f"not a readable {kind} (not a zip package)") from err
        if len(self.infos) > limits.parts:
            raise FormatError(f"not a readable {kind} ({len(self.infos)} parts; limit {limits.parts})")
        expanded = sum(info.file_size for info in self.infos)
        if expanded > limits.total:
            # The index's own word is enough to refuse; it is never enough to accept.
            raise FormatError(f"{kind} expands to {expanded // MB} MB (limit {limits.total // MB} MB)")

    def names(self) -> list[str]:
        """The parts' names, in the package's order."""
        return [info.filename for info in self.infos]

    def read(self, name: str) -> bytes:
        """One part's bytes, inflated within the limits; raises :class:`FormatError`."""
        info = next((i for i in reversed(self.infos) if i.filename == name), None)
        if info is None:
            raise FormatError(f"not a readable {self.kind} (no part {_shown(name)})")
        return b"".join(self._inflate(info))

    def check(self) -> None:
        """Inflate every part, keeping nothing: each must give exactly what it declares, within the limits."""
        for info in self.infos:
            for _ in self._inflate(info):
                pass

    def _inflate(self, info: zipfile.ZipInfo) -> Iterator[bytes]:
        """A part's bytes in chunks, counted against the limits as they come."""
        name = _shown(info.filename)
        if info.flag_bits & 0x1:
            raise FormatError(f"not a readable {self.kind} (part {name} is encrypted)")
        raw = self._raw(info)
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise FormatError(f"not a readable {self.kind} (part {name} uses compression method {info.compress_type})")
        limits = self.limits
        # One byte past each bound is enough to know it was crossed.
        cap = min(info.file_size, limits.part, limits.total - self.inflated) + 1
        size = 0
        crc = 0
        for chunk, consumed in self._steps(info, raw, cap):
            size += len(chunk)
            self.inflated += len(chunk)
            if size > info.file_size:
                raise FormatError(
                    f"{self.kind} has a false zip index: part {name} inflates past its declared "
                    f"{info.file_size:,} bytes (a zip bomb?)"
                )
            if size > limits.part:
                raise FormatError(f"{self.kind} part {name} inflates to more than {megabytes(limits.part)} (limit)")
            if self.inflated > limits.total:
                raise FormatError(f"{self.kind} inflates to more than {megabytes(limits.total)} (limit)")
            if size > limits.ratio_from and size > limits.ratio * max(consumed, 1):
                raise FormatError(
                    f"{self.kind} part {name} is compressed more than {limits.ratio}:1 (limit; a zip bomb?)"
                )
            crc = zlib.crc32(chunk, crc)
            yield chunk
        if size < info.file_size:
            raise FormatError(f"not a readable {self.kind} (part {name} is cut short)")
        if crc != info.CRC:
            raise FormatError(f"not a readable {self.kind} (part {name} is damaged: checksum mismatch)")

    def _raw(self, info: zipfile.ZipInfo) -> memoryview:
        """The part's compressed bytes, where its local header says they start."""
        at = info.header_offset
        if at < 0 or at + _LOCAL.size > len(self.data) or self.data[at : at + 4] != b"PK\x03\x04":
            raise FormatError(f"not a readable {self.kind} (not a zip package)")
        *_, name_length, extra_length = _LOCAL.unpack_from(self.data, at)
        start = at + _LOCAL.size + name_length + extra_length
        if start + info.compress_size > len(self.data):
            raise FormatError(f"not a readable {self.kind} (part {_shown(info.filename)} is cut short)")
        return memoryview(self.data)[start : start + info.compress_size]

    def _steps(self, info: zipfile.ZipInfo, raw: memoryview, cap: int) -> Iterator[tuple[bytes, int]]:
        """The part's bytes at most ``CHUNK`` a step, each with the compressed bytes used so far,
        until ``cap`` bytes have come."""
        if info.compress_type == zipfile.ZIP_STORED:
            for at in range(0, min(len(raw), cap), CHUNK):
                chunk = bytes(raw[at : at + CHUNK])
                yield chunk, at + len(chunk)
            return
        inflater = zlib.decompressobj(-zlib.MAX_WBITS)
        given = fed = 0
        tail = b""
        try:
            while given < cap and not inflater.eof:
                if not tail:
                    if fed >= len(raw):
                        break
                    # Fed a chunk at a time too: the tail zlib hands back is a copy of the input left.
                    tail = bytes(raw[fed : fed + CHUNK])
                    fed += len(tail)
                chunk = inflater.decompress(tail, CHUNK)
                tail = inflater.unconsumed_tail
                given += len(chunk)
                if chunk:
                    yield chunk, fed - len(tail)
        except zlib.error as err:
            raise FormatError(f"not a readable {self.kind} (part {_shown(info.filename)} is damaged)") from err


def _end_record(data: bytes) -> tuple[int, int]:
    """The part count and index size the end record declares, read before ``zipfile`` builds an
    entry for each part (it reads the whole index, whatever count the record gives: 400,000
    empty parts in 36 MB took 200 MB). Zeros where there is no record; zipfile names that."""
    end = data.rfind(_EOCD, max(0, len(data) - 22 - 0xFFFF))
    if end < 0 or end + 22 > len(data):
        return 0, 0
    count, size = struct.unpack_from("<HL", data, end + 10)
    locator = end - 20
    if (count == 0xFFFF or size == 0xFFFFFFFF) and locator >= 0 and data[locator : locator + 4] == b"PK\x06\x07":
        # Zip64 keeps the real numbers in a record of its own, which the locator points to.
        (at,) = struct.unpack_from("<Q", data, locator + 8)
        if 0 <= at <= len(data) - 56 and data[at : at + 4] == b"PK\x06\x06":
            count, size = struct.unpack_from("<QQ", data, at + 32)
    return count, size


def open_zip(data: bytes, kind: str, limits: ZipLimits = LIMITS) -> SafeZip:
    """The package in ``data``, its index checked against ``limits``; ``kind`` names it in messages (``Word file``)."""
    return SafeZip(data, kind, limits)


def check_zip(data: bytes, kind: str, limits: ZipLimits = LIMITS) -> None:
    """Refuse a package that would inflate past ``limits`` or whose index lies, inflating it as a
    stream and keeping nothing; raises :class:`FormatError` with the reason."""
    open_zip(data, kind, limits).check()
