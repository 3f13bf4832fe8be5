"""Normalisation: widths and punctuation, pinyin annotations, script detection and conversion."""

from __future__ import annotations

import pytest

from summarizer.model import Block
from summarizer.reading.normalise import detect_script, normalise, normalise_blocks, normalise_width, repair_pinyin


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


def test_script_detection_and_conversion() -> None:
    assert detect_script("黨員幹部衝在疫情防控第一線，織密織牢防控網。") == "traditional"
    assert detect_script("党员干部冲在疫情防控第一线，织密织牢防控网。") == "simplified"
    assert normalise("黨員幹部衝在第一線")[0] == "党员干部冲在第一线"


def test_blocks_keep_their_places() -> None:
    blocks = [Block("內(nèi)江市", 0, 3), Block("一、黨建引領", 1, 5)]
    out, script = normalise_blocks(blocks)
    assert script == "traditional"
    assert [(b.text, b.level, b.where) for b in out] == [("内江市", 0, 3), ("一、党建引领", 1, 5)]
