"""Bytes of a text file to text: byte-order marks, UTF-8, then the likelier of GB18030 and Big5."""

from __future__ import annotations

import codecs
import re
from functools import cache
from pathlib import Path

from .data import read_text
from .errors import InputError

_HAN_RANGES = "\u3400-\u9fff\uf900-\ufaff"
HAN = re.compile(f"[{_HAN_RANGES}]")
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


def decode(data: bytes, path: str | Path = "<bytes>") -> tuple[str, str]:
    """Decode report bytes: BOM first, then strict UTF-8, then the likelier of GB18030/Big5.

    Returns ``(text, encoding)``; raises :class:`InputError` for empty, binary, undecodable
    or Chinese-free input.

    >>> decode("党员".encode("gb18030"))
    ('党员', 'gb18030')
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
    if not HAN.search(text):
        raise InputError(path, "no Chinese text")
    if common_ratio(text) < MIN_COMMON_RATIO:
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
    return max(candidates, key=lambda c: common_ratio(c[0]))


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


def common_ratio(text: str) -> float:
    """Share of a text's Han characters that are common ones (0.0 without any)."""
    # A few thousand characters decide the encoding as well as the whole file would. Both
    # counts go through what is rare in good text (non-Han runs, rare characters): a regex
    # match per Han character is many times slower.
    sample = text[:6000]
    han = len(sample) - sum(map(len, _NOT_HAN.findall(sample)))
    if not han:
        return 0.0
    return 1 - len(_rare_han().findall(sample)) / han


def _control_ratio(text: str) -> float:
    sample = text[:4096]
    return len(_CONTROL.findall(sample)) / len(sample)
