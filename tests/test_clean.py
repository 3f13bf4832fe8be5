"""Cleaning: page furniture dropped, the report's own text kept, nothing of it in the briefing."""

from __future__ import annotations

import re
from typing import Any

import pytest

from summarizer import render_json, render_markdown
from summarizer.clean import clean, clean_line
from summarizer.digest import build_digest
from summarizer.model import Block
from summarizer.normalise import to_simplified


@pytest.mark.parametrize(
    "line",
    [
        "手机版",
        "分享到：微信 微博 QQ空间",
        "您当前的位置：首页 > 组工动态 > 正文",
        "首页 > 组工动态 > 正文",
        "上一篇：关于开展党员冬训工作的通知",
        "主办单位：中共某某县委组织部",
        "ICP备05012345号-1 公网安备 62112102000123号",
        "（责任编辑：陈睿）",
        "版权所有 © 2020 某某县委组织部",
    ],
)
def test_furniture_lines_are_dropped(line: str) -> None:
    assert clean_line(line) == ""


@pytest.mark.parametrize(
    "line",
    [
        "全县成立临时党支部12个，划分党员责任区509个。",
        "组织发动到位，密植多元协同的“群防线”",
        "本镇27个党支部791名党员共计捐款104326元，参与率达97.7%。",
    ],
)
def test_report_lines_are_kept(line: str) -> None:
    assert clean_line(line) == line


def test_closing_byline_is_cut_and_places_kept() -> None:
    blocks = [Block("手机版", 0, 1), Block("全县成立临时党支部12个。（钟元良 刘海涛）", 0, 4)]
    assert clean(blocks) == [Block("全县成立临时党支部12个。", 0, 4)]


def test_output_has_no_furniture_pinyin_or_traditional(seed_reports: dict[str, Any], gold: dict[str, Any]) -> None:
    digest = build_digest(list(seed_reports.values()))
    for text in (render_json(digest), render_markdown(digest)):
        for bad in gold["must_not_text"]:
            assert bad not in text
        assert not re.search(gold["pinyin_artifact_regex"], text)
    body = "".join(s.text for r in seed_reports.values() for s in r.sentences)
    assert to_simplified(body) == body
