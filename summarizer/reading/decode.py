"""Bytes of a text file to text: byte-order marks, UTF-8, GB18030 or Big5, else what can be decoded.

What cannot be decoded (a stray byte, a NUL) becomes U+FFFD and is counted, so one bad
byte costs a report one character, not its place in the digest, and the digest says so.
"""

from __future__ import annotations

import codecs
import re
from functools import cache
from pathlib import Path

from ..data import read_text
from ..errors import InputError

_HAN_RANGES = "\u3400-\u9fff\uf900-\ufaff"
HAN = re.compile(f"[{_HAN_RANGES}]")
_NOT_HAN = re.compile(f"[^{_HAN_RANGES}]+")
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f]")
_LETTERS = re.compile("[A-Za-z]+")
LETTER_SAMPLE = 2_000
"""Characters from the start of a text that decide whether it is mostly English."""


def mostly_latin(text: str) -> bool:
    """More Latin words than Chinese characters: an English page or a README, not a report.

    Words, not letters: a Chinese character carries about what an English word does, and a
    report that quotes a URL or an English name is still a Chinese report.

    >>> mostly_latin("This corpus holds 55 pages（党建）"), mostly_latin("下拨党费29.2万元 (ABC)")
    (True, False)
    """
    sample = text[:LETTER_SAMPLE]
    words = len(_LETTERS.findall(sample))
    # Most reports have no Latin word at all: the Chinese characters are counted only when needed.
    return words > 0 and words > len(_NOT_HAN.sub("", sample))


MIN_COMMON_RATIO = 0.5
"""Real Chinese prose is >90 % common characters; mis-decoded bytes are mostly rare ones."""

REPLACEMENT = "\ufffd"
MAX_REPLACED_RATIO = 0.02
"""A text with more undecodable characters than this is the wrong encoding or not text at all."""
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
    """Decode report bytes; returns ``(text, encoding)``.

    A byte-order mark first; then UTF-16 without one (recognised by charset-normalizer);
    strict UTF-8; the likelier of GB18030 and Big5; charset-normalizer's guess; and last
    the best of those with undecodable bytes replaced, when they are few. Raises
    :class:`InputError` for empty, binary, undecodable or Chinese-free input.

    >>> decode("党员".encode("gb18030"))
    ('党员', 'gb18030')
    """
    if not data.strip():
        raise InputError(path, "empty file")
    text, encoding = _decode(data, path)
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


def _decode(data: bytes, path: str | Path) -> tuple[str, str]:
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(name), name
            except UnicodeDecodeError:
                return _lenient(data, (name,), path)
    binary = _binary(data)
    if binary or b"\x00" in data:
        # UTF-16 without a byte-order mark has NULs (ASCII) and control values (in the low
        # bytes of Chinese characters) that would read as binary data: recognise it first.
        wide = _detect(data)
        if wide and wide.startswith(("utf_16", "utf_32")):
            try:
                text, encoding = _strict_or_lenient(data, wide, path)
            except InputError:
                text, encoding = "", wide
            if common_ratio(text) >= MIN_COMMON_RATIO:
                return text, encoding
        if binary or data.count(b"\x00") > MAX_REPLACED_RATIO * len(data):
            raise InputError(path, "binary file, not text")
        # A few stray NULs in a text file: each one a replaced character.
        data = data.replace(b"\x00", REPLACEMENT.encode())
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    legacy = _decode_legacy(data)
    if legacy:
        return legacy
    guess = _detect(data)
    if guess:
        try:
            text = data.decode(guess)
            if common_ratio(text) >= MIN_COMMON_RATIO:
                return text, guess
        except (UnicodeDecodeError, LookupError):
            pass
    return _lenient(data, ("utf-8", *_LEGACY), path)


def _detect(data: bytes) -> str | None:
    """charset-normalizer's encoding for bytes our own order did not decode, or None."""
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000]).best()
    return best.encoding if best else None


def _strict_or_lenient(data: bytes, encoding: str, path: str | Path) -> tuple[str, str]:
    try:
        return data.decode(encoding), encoding
    except UnicodeDecodeError:
        return _lenient(data, (encoding,), path)


def _lenient(data: bytes, encodings: tuple[str, ...], path: str | Path) -> tuple[str, str]:
    """The encoding that decodes with the fewest replaced characters, when they are few enough."""
    best: tuple[str, str] | None = None
    fewest = len(data) + 1
    for name in encodings:
        text = data.decode(name, errors="replace")
        bad = text.count(REPLACEMENT)
        if bad < fewest and common_ratio(text) >= MIN_COMMON_RATIO:
            best, fewest = (text, name), bad
    if best is None or fewest > MAX_REPLACED_RATIO * max(len(best[0]), 1):
        raise InputError(path, "cannot decode as text (tried UTF-8, UTF-16, GB18030, Big5)")
    return best


_CONTROL_BYTES = bytes([*range(1, 9), *range(14, 32)])


def _binary(data: bytes) -> bool:
    """Control bytes (not tab, newline or form feed) in more than 5 % of a sample: not text."""
    sample = data[:8192]
    return len(sample) - len(sample.translate(None, _CONTROL_BYTES)) > 0.05 * len(sample)


def replaced(text: str) -> int:
    """How many characters of a decoded text stand for bytes that could not be decoded."""
    return text.count(REPLACEMENT)


def _decode_legacy(data: bytes) -> tuple[str, str] | None:
    candidates = []
    for name in _LEGACY:
        try:
            candidates.append((data.decode(name), name))
        except UnicodeDecodeError:
            continue
    # Both legacy codecs accept many byte strings; the right one yields common characters.
    scored = [(common_ratio(text), text, name) for text, name in candidates]
    good = [c for c in scored if c[0] >= MIN_COMMON_RATIO]
    if good:
        _, text, name = max(good, key=lambda c: c[0])
        return text, name
    return None


@cache
def _rare_han() -> re.Pattern[str]:
    """Han characters outside ``data/common_chars.txt``, as a character class of ranges."""
    lines = read_text("common_chars.txt").splitlines()
    common = frozenset("".join(line.strip() for line in lines if not line.startswith("#")))
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


def is_rare(ch: str) -> bool:
    """Whether a Han character is outside the common set (mis-decoded bytes are mostly such)."""
    return _rare_han().match(ch) is not None


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
