"""Cleaning: page furniture dropped, the report's own text kept, nothing of it in the briefing."""

from __future__ import annotations

import re
from typing import Any

import pytest

from summarizer import render_json, render_markdown
from summarizer.briefing.digest import build_digest
from summarizer.model import Block
from summarizer.reading.clean import clean, clean_line
from summarizer.reading.normalise import to_simplified


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


# ---- the shapes of furniture, on lines of our own making ------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "首页>>新闻中心>>工作动态>>正文",  # a navigation trail, however its arrows are drawn
        "当前位置：网站首页 » 政务公开 » 乡镇动态",
        "编者按：即日起，本网开设“战疫一线”专栏。",  # an editor's note is the site's, not the report's
        "参与方式：扫描下方二维码投稿",
        "阅读：1024",
        "分享到：",
        "本网站所载内容转载自合法授权网站，如有侵权请联系删除。",
        "（责任编辑：周某某）",
        "扫一扫在手机打开当前页",
    ],
)
def test_furniture_of_other_sites_is_dropped(line: str) -> None:
    assert clean_line(line) == ""


@pytest.mark.parametrize(
    ("line", "kept"),
    [
        # A dateline with its byline: the outlet is a fact of the page, the names go.
        ("江城日报讯（记者 王小明 通讯员 李四）近日，东湖镇组建党员突击队8支。", "近日，东湖镇组建党员突击队8支。"),
        ("清河县讯 3月2日，全县下拨专项党费20万元。", "3月2日，全县下拨专项党费20万元。"),
        ("江城新闻网3月5日讯（通讯员 赵六）该镇设立卡点12个。", "该镇设立卡点12个。"),
        ("记者 王小明 通讯员 李四 报道：全县成立临时党支部6个。", "全县成立临时党支部6个。"),
        # Closing bylines and photo credits at the end of any paragraph.
        ("该镇已转移群众300人。（记者王小明）", "该镇已转移群众300人。"),
        ("该镇已转移群众300人。(特约通讯员:李四) |", "该镇已转移群众300人。"),
        ("党员志愿者为群众测量体温。 王小明 摄", "党员志愿者为群众测量体温。"),
        # The salutation of a government work report, not its first sentence.
        ("各位代表！现在，我代表县人民政府向大会报告工作。", "现在，我代表县人民政府向大会报告工作。"),
    ],
)
def test_bylines_and_salutations_are_cut_the_text_kept(line: str, kept: str) -> None:
    assert clean_line(line) == kept


def test_an_end_marker_ends_the_article_and_a_summary_label_takes_its_line() -> None:
    blocks = [
        Block("内容摘要：", 0, 1),
        Block("这是网站自动生成的摘要。", 0, 2),
        Block("全县成立临时党支部12个，划分党员责任区30个。", 0, 3),
        Block("相关新闻", 0, 4),
        Block("某某镇召开防汛工作会议", 0, 5),
    ]
    assert [b.where for b in clean(blocks)] == [3]


def test_a_paragraph_that_mentions_a_hotline_is_report_text() -> None:
    line = "县委组织部开通党员服务热线，24小时接听群众来电，累计受理求助事项126件，办结率100%。"
    assert clean_line(line) == line
