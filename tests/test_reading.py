"""Spine: decoding, cleaning, script conversion, metadata and sections on the seeds."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from summarizer import InputError, Options, read_report
from summarizer.load import decode
from summarizer.normalise import normalise_width, repair_pinyin, to_simplified
from summarizer.render import render_json, render_markdown

from .conftest import SEEDS


def _norm(text: str) -> str:
    return re.sub(r"\s", "", normalise_width(text)).replace("：", ":").replace("，", ",")


def _strip_numbering(heading: str) -> str:
    return re.sub(r"^([一二三四五六七八九十]+、|（[一二三四五六七八九十]+）)", "", heading)


def test_metadata_matches_gold(seed_reports: dict[str, Any], gold: dict[str, Any]) -> None:
    for name, g in gold["reports"].items():
        r = seed_reports[name]
        assert (r.title and _norm(r.title)) == (g["title"] and _norm(g["title"])), name
        assert r.date == g["date"], name
        assert r.script == g["script"], name
        if g["source_contains"]:
            assert r.source and g["source_contains"] in r.source, name
        else:
            assert r.source is None, name


def test_all_gold_headings_are_section_headings(seed_reports: dict[str, Any], gold: dict[str, Any]) -> None:
    found = 0
    for name, g in gold["reports"].items():
        headings = {_norm(_strip_numbering(s.heading)) for s in seed_reports[name].sections if s.heading}
        for h in g["headings"]:
            assert _norm(h) in headings, (name, h, headings)
            found += 1
    assert found == 20


def test_output_has_no_furniture_pinyin_or_traditional(seed_reports: dict[str, Any], gold: dict[str, Any]) -> None:
    from summarizer.pipeline import build_digest

    digest = build_digest(list(seed_reports.values()))
    for text in (render_json(digest), render_markdown(digest)):
        for bad in gold["must_not_text"]:
            assert bad not in text
        assert not re.search(gold["pinyin_artifact_regex"], text)
    body = "".join(s.text for r in seed_reports.values() for s in r.sentences)
    assert to_simplified(body) == body


def test_title_stays_null_without_one(seed_reports: dict[str, Any]) -> None:
    assert seed_reports["002_ecbfbd57a69820a5.txt"].title is None
    headline = seed_reports["003_c2f5e837ff8a0051.txt"].headline
    assert headline and headline.startswith("内江市") and headline.endswith("工作情况")
    assert seed_reports["000_d6fca581655426b0.txt"].headline is None


@pytest.mark.parametrize(
    ("encoding", "name"),
    [
        # Each seed in an encoding that can hold all of its characters.
        ("gbk", "000_d6fca581655426b0.txt"),
        ("gb18030", "004_9f45e3f91ec10f20.txt"),
        ("big5", "002_ecbfbd57a69820a5.txt"),
        ("utf-16", "003_c2f5e837ff8a0051.txt"),
        ("utf-8-sig", "001_6f13dfb4a2b5052d.txt"),
    ],
)
def test_encoded_copies_give_the_same_report(tmp_path: Path, encoding: str, name: str) -> None:
    original = (SEEDS / name).read_text(encoding="utf-8")
    copy = tmp_path / name
    copy.write_bytes(original.encode(encoding))
    plain = tmp_path / "plain" / name
    plain.parent.mkdir()
    plain.write_text(original, encoding="utf-8")
    a, b = read_report(copy), read_report(plain)
    assert a.sections == b.sections and a.title == b.title and a.date == b.date
    assert a.encoding == (
        "utf-16"
        if encoding == "utf-16"
        else "big5hkscs"
        if encoding == "big5"
        else "gb18030"
        if encoding in ("gbk", "gb18030")
        else "utf-8-sig"
    )


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


def test_width_and_punctuation() -> None:
    assert normalise_width("参与率达９７.７%,共计１,０００人;时间13:47") == "参与率达97.7%，共计1,000人；时间13:47"
    assert normalise_width("(一)包镇街(021)") == "（一）包镇街(021)"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("防控 ,\t到位", "防控，\t到位"),  # after Chinese: the spaces before the mark go
        ("N95 , 口罩", "N95 ， 口罩"),  # Chinese follows: widened, spaces kept
        ("a, b; 1:2", "a, b; 1:2"),  # Latin on both sides: untouched
        (", 开头", "， 开头"),  # at the start of the text
        ("x," + " " * 40 + "中", "x," + " " * 40 + "中"),  # Chinese only past 40 characters
        ("x," + " " * 39 + "中", "x，" + " " * 39 + "中"),
        ("中,,中", "中，，中"),
    ],
)
def test_ascii_marks_beside_chinese_are_widened(text: str, expected: str) -> None:
    assert normalise_width(text) == expected


def test_pinyin_repair_keeps_real_brackets() -> None:
    assert repair_pinyin("內(nèi)江市各縣(市、區)(鐘元良 劉海濤)組織(zhī)") == "內江市各縣(市、區)(鐘元良 劉海濤)組織"
    assert repair_pinyin("《內江日?qǐng)?bào)》") == "《內江日》"


def test_options_reject_unknown_engine() -> None:
    with pytest.raises(ValueError, match="unknown engine"):
        read_report(SEEDS / "004_9f45e3f91ec10f20.txt", Options(engine="nope"))
