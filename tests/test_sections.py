"""Sections and sentences: the seeds' headings as the answer key gives them; sentence splitting."""

from __future__ import annotations

import re
from typing import Any

from summarizer.model import Block
from summarizer.understanding.sections import split_sections, split_sentences

from .test_metadata import norm


def _strip_numbering(heading: str) -> str:
    return re.sub(r"^([一二三四五六七八九十]+、|（[一二三四五六七八九十]+）)", "", heading)


def test_all_gold_headings_are_section_headings(seed_reports: dict[str, Any], gold: dict[str, Any]) -> None:
    found = 0
    for name, g in gold["reports"].items():
        headings = {norm(_strip_numbering(s.heading)) for s in seed_reports[name].sections if s.heading}
        for h in g["headings"]:
            assert norm(h) in headings, (name, h, headings)
            found += 1
    assert found == 20


def test_closing_quotes_stay_with_their_sentence() -> None:
    assert split_sentences("他说：“好。”然后走了。") == ["他说：“好。”", "然后走了。"]
    assert split_sentences("推行“4333”（4即……。3即……）机制。下拨党费。") == [
        "推行“4333”（4即……。3即……）机制。",
        "下拨党费。",
    ]


def test_numbered_structural_and_run_in_headings() -> None:
    blocks = [
        Block("一、强化组织保障。全县成立临时党支部12个。", 0, 1),
        Block("关心关爱", 1, 2),
        Block("走访慰问一线党员干部200余名。", 0, 3),
        Block("（一）下沉一线。组建党员突击队30支。", 0, 4),
    ]
    sections = split_sections(blocks)
    assert [(s.heading, s.level) for s in sections] == [("强化组织保障", 1), ("关心关爱", 1), ("下沉一线", 2)]
    assert [(s.text, s.index, s.where) for sec in sections for s in sec.sentences] == [
        ("全县成立临时党支部12个。", 0, 1),
        ("走访慰问一线党员干部200余名。", 1, 3),
        ("组建党员突击队30支。", 2, 4),
    ]
