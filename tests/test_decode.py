"""Decoding: every common encoding gives the same report; bad bytes get a reason."""

from __future__ import annotations

from pathlib import Path

import pytest

from summarizer import InputError, read_report
from summarizer.reading.decode import decode

from .conftest import SEEDS


@pytest.mark.parametrize(
    ("encoding", "name", "recorded"),
    [
        # Each seed in an encoding that can hold all of its characters.
        ("gbk", "000_d6fca581655426b0.txt", "gb18030"),
        ("gb18030", "004_9f45e3f91ec10f20.txt", "gb18030"),
        ("big5", "002_ecbfbd57a69820a5.txt", "big5hkscs"),
        ("utf-16", "003_c2f5e837ff8a0051.txt", "utf-16"),
        ("utf-8-sig", "001_6f13dfb4a2b5052d.txt", "utf-8-sig"),
    ],
)
def test_encoded_copies_give_the_same_report(tmp_path: Path, encoding: str, name: str, recorded: str) -> None:
    original = (SEEDS / name).read_text(encoding="utf-8")
    copy = tmp_path / name
    copy.write_bytes(original.encode(encoding))
    plain = tmp_path / "plain" / name
    plain.parent.mkdir()
    plain.write_text(original, encoding="utf-8")
    a, b = read_report(copy), read_report(plain)
    assert a.sections == b.sections and a.title == b.title and a.date == b.date
    assert a.encoding == recorded


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty file"),
        (b"   \n\t ", "empty file"),
        (b"\x00\x01\x02binary\x00", "binary file"),
        (b"\x80\x80\xff" * 5, "cannot decode"),
        (b"\xff\xfe" + bytes(range(0x20, 0x7F)) * 2, "rare characters"),
        (b"only ascii text here", "no Chinese text"),
    ],
)
def test_bad_bytes_have_a_reason(data: bytes, reason: str) -> None:
    with pytest.raises(InputError, match=reason):
        decode(data, "x.txt")
