"""Uploaded files into a job's own folder: safe names, size and count limits, zip archives checked first.

Every name from the browser, and every name inside an archive, is made into parts of a
relative path that stays in the job's folder, or refused: an absolute path, ``..``, a link
or a drive letter never reaches the file system. An archive is checked entry by entry
(size, compression ratio, path) before anything is unpacked, and unpacking counts the
bytes it actually writes, so an archive that lies about its sizes is stopped too. What is
refused is kept as a :class:`~summarizer.model.Skipped` with an English reason that
``data/skip_reasons.toml`` puts in Chinese for the page.
"""

from __future__ import annotations

import re
import shutil
import stat
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from ..model import Skipped
from ..reading.load import FORMATS, MAX_BYTES, megabytes

MB = 1024 * 1024
CHUNK = 64 * 1024
MAX_NAME_BYTES = 255
"""A file name's length in bytes that Linux and Windows file systems accept."""
MAX_DEPTH = 32
"""Folders in an uploaded path: deeper is not a folder of reports."""
RATIO_FROM = MB
"""Entries smaller than this are not held to the compression ratio: a short file of blank
lines compresses a thousandfold and harms nobody."""
UTF8_NAMES = 0x800
"""The zip flag saying entry names are UTF-8; without it they are in the packer's code page."""


@dataclass(frozen=True)
class Limits:
    """What one upload may hold: bytes sent, files (archive entries included), bytes unpacked."""

    max_bytes: int = 50 * MB
    max_files: int = 500
    max_unpacked: int = 200 * MB
    max_ratio: int = 100
    """Uncompressed to compressed size of one entry; text compresses about 3 to 1, Word files 1 to 1."""


class Refused(Exception):
    """A name or an entry that is not saved; ``str(err)`` is the English reason."""


class Spent(Refused):
    """The upload's unpacked bytes are spent: the archive's remaining entries are not unpacked."""


def safe_parts(name: str) -> tuple[str, ...]:
    """The parts of a relative path that stays inside its folder; raises :class:`Refused` otherwise.

    Both slashes separate (a Windows name arrives with backslashes); control characters
    are dropped; ``.`` and empty parts are left out.

    >>> safe_parts("报告/2024\\\\通渭县.txt")
    ('报告', '2024', '通渭县.txt')
    >>> safe_parts("../etc/passwd")
    Traceback (most recent call last):
    ...
    summarizer.web.uploads.Refused: unsafe name
    """
    text = name.replace("\\", "/")
    if text.startswith("/") or re.match(r"[A-Za-z]:", text):
        raise Refused("unsafe name")
    parts = []
    for raw in text.split("/"):
        part = "".join(ch for ch in raw if ch.isprintable()).strip()
        if part == "..":
            raise Refused("unsafe name")
        if part in ("", "."):
            continue
        if len(part.encode("utf-8", "surrogatepass")) > MAX_NAME_BYTES:
            raise Refused("name too long")
        parts.append(part)
    if not parts or len(parts) > MAX_DEPTH:
        raise Refused("unsafe name")
    return tuple(parts)


def zip_name(info: zipfile.ZipInfo) -> str:
    """An entry's name as its packer wrote it: a Chinese Windows packer writes GBK without the UTF-8 flag."""
    if info.flag_bits & UTF8_NAMES:
        return info.filename
    raw = info.filename.encode("cp437", "replace")  # zipfile decoded it as cp437: undo that
    for encoding in ("utf-8", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return info.filename


@dataclass
class Intake:
    """One upload put into ``root``: files and archive entries counted against ``limits``."""

    root: Path
    limits: Limits = field(default_factory=Limits)
    files: int = 0
    unpacked: int = 0
    refused: list[Skipped] = field(default_factory=list)

    def refuse(self, name: str, reason: str) -> None:
        """Note ``name`` as not saved, for ``reason``."""
        self.refused.append(Skipped(name, reason, "error", name))

    def target(self, parts: tuple[str, ...]) -> Path:
        """A new file's path for ``parts`` inside the root, renamed ``name (2).txt`` if taken."""
        root = self.root.resolve()
        folder = root.joinpath(*parts[:-1])
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as err:  # a file of that name is there already
            raise Refused("cannot be saved") from err
        if not folder.resolve().is_relative_to(root):  # cannot happen with safe parts; checked all the same
            raise Refused("unsafe name")
        path = folder / parts[-1]
        stem, suffix = path.stem, path.suffix
        n = 1
        while path.exists() or path.is_symlink():
            n += 1
            path = folder / f"{stem} ({n}){suffix}"
        return path

    def add_file(self, name: str, source: BinaryIO) -> Path | None:
        """Save one uploaded file under its (relative) ``name``; None when refused."""
        try:
            path = self.target(safe_parts(name))
        except Refused as err:
            self.refuse(name, str(err))
            return None
        with path.open("xb") as out:
            shutil.copyfileobj(source, out, CHUNK)
        self.files += 1
        return path

    def add_archive(self, name: str, archive: Path) -> None:
        """Unpack a zip archive into the root after checking every entry; entries refused are noted."""
        try:
            with zipfile.ZipFile(archive) as package:
                infos = [i for i in package.infolist() if not i.is_dir()]
                accepted = self._check(name, infos)
                for info, parts in accepted:
                    if not self._unpack(package, info, parts, f"{name}/{zip_name(info)}"):
                        break
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError) as err:
            self.refuse(name, f"not a readable archive ({type(err).__name__})")

    def _check(self, name: str, infos: list[zipfile.ZipInfo]) -> list[tuple[zipfile.ZipInfo, tuple[str, ...]]]:
        """The entries to unpack and their paths: every entry checked before any is written."""
        limits = self.limits
        accepted = []
        for info in infos:
            shown = f"{name}/{zip_name(info)}"
            try:
                parts = safe_parts(zip_name(info))
                if parts[0] == "__MACOSX":  # a Mac's resource forks, not files the user packed
                    continue
                self._check_entry(info)
            except Refused as err:
                self.refuse(shown, str(err))
                continue
            accepted.append((info, parts))
        room = limits.max_files - self.files
        if len(accepted) > room:
            self.refuse(name, f"archive holds {len(accepted)} files; {max(room, 0)} more allowed")
            return []
        total = sum(info.file_size for info, _ in accepted)
        if self.unpacked + total > limits.max_unpacked:
            self.refuse(name, f"archive unpacks to {megabytes(total)} (limit {megabytes(limits.max_unpacked)})")
            return []
        return accepted

    def _check_entry(self, info: zipfile.ZipInfo) -> None:
        mode = info.external_attr >> 16
        if stat.S_ISLNK(mode):
            raise Refused("a link in the archive")
        if info.flag_bits & 0x1:
            raise Refused("encrypted in the archive")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA):
            raise Refused(f"compression method not supported (method {info.compress_type})")
        fmt = FORMATS.get(Path(info.filename).suffix.lower())
        limit = MAX_BYTES[fmt] if fmt else max(MAX_BYTES.values())
        if info.file_size > limit:
            raise Refused(f"file too large ({megabytes(info.file_size)}; limit {megabytes(limit)})")
        ratio = info.file_size // max(info.compress_size, 1)
        if info.file_size >= RATIO_FROM and ratio > self.limits.max_ratio:
            raise Refused(f"compressed {ratio} to 1 (limit {self.limits.max_ratio} to 1)")

    def _unpack(self, package: zipfile.ZipFile, info: zipfile.ZipInfo, parts: tuple[str, ...], shown: str) -> bool:
        """Write one entry, counting the bytes it inflates to; False when the archive's total is spent."""
        try:
            path = self.target(parts)
        except Refused as err:
            self.refuse(shown, str(err))
            return True
        written = 0
        try:
            with package.open(info) as source, path.open("xb") as out:
                while chunk := source.read(CHUNK):
                    written += len(chunk)
                    # The header's size was checked; the bytes are what count, whatever it said.
                    if written > info.file_size:
                        raise Refused("unpacks beyond the size the archive states")
                    if self.unpacked + written > self.limits.max_unpacked:
                        size, limit = megabytes(self.unpacked + written), megabytes(self.limits.max_unpacked)
                        raise Spent(f"archive unpacks to {size} (limit {limit})")
                    out.write(chunk)
        except Refused as err:
            path.unlink(missing_ok=True)
            self.refuse(shown, str(err))
            return not isinstance(err, Spent)
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, RuntimeError) as err:
            path.unlink(missing_ok=True)
            self.refuse(shown, f"not a readable archive ({type(err).__name__})")
            return True
        self.unpacked += written
        self.files += 1
        return True
