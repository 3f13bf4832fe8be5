"""Title, date and source of the seeds, as the answer key gives them."""

from __future__ import annotations

import re
from typing import Any

import pytest

from summarizer.metadata import parse_date
from summarizer.normalise import normalise_width


def norm(text: str) -> str:
    return re.sub(r"\s", "", normalise_width(text)).replace("：", ":").replace("，", ",")


def test_metadata_matches_gold(seed_reports: dict[str, Any], gold: dict[str, Any]) -> None:
    for name, g in gold["reports"].items():
        r = seed_reports[name]
        assert (r.title and norm(r.title)) == (g["title"] and norm(g["title"])), name
        assert r.date == g["date"], name
        assert r.script == g["script"], name
        if g["source_contains"]:
            assert r.source and g["source_contains"] in r.source, name
        else:
            assert r.source is None, name


def test_title_stays_null_without_one(seed_reports: dict[str, Any]) -> None:
    assert seed_reports["002_ecbfbd57a69820a5.txt"].title is None
    headline = seed_reports["003_c2f5e837ff8a0051.txt"].headline
    assert headline and headline.startswith("内江市") and headline.endswith("工作情况")
    assert seed_reports["000_d6fca581655426b0.txt"].headline is None


def test_dates_in_common_forms() -> None:
    assert parse_date("2020年3月5日") == "2020-03-05"
    assert parse_date("2020-3-5 13:47") == "2020-03-05"
    assert parse_date("2020年2月30日 2020年3月1日") == "2020-03-01"  # an impossible date is skipped
    assert parse_date("第3季度") is None


def _header(*lines: str) -> Any:
    from summarizer.pipeline import analyse_text

    return analyse_text("\n".join([*lines, "全县成立临时党支部12个，划分党员责任区30个，下拨党费15万元。"]))


@pytest.mark.parametrize(
    ("first", "title"),
    [
        ("原标题：东湖镇：党员突击队冲在防汛一线", "东湖镇：党员突击队冲在防汛一线"),
        ("【战疫一线】东湖镇：党员突击队冲在防汛一线", "东湖镇：党员突击队冲在防汛一线"),
        ("03.02 【党旗飘扬】东湖镇党员突击队冲在防汛一线", "东湖镇党员突击队冲在防汛一线"),
        ("您的位置：首页 > 乡镇动态 > 正文", None),
        ("欢迎访问清河县人民政府网站", None),
        ("各位代表：", None),
        ("江城日报·江城客户端记者王小明 通讯员李四", None),
    ],
)
def test_titles_without_wrappers_and_never_furniture(first: str, title: str | None) -> None:
    assert _header(first).title == title


@pytest.mark.parametrize(
    ("line", "date"),
    [
        ("发布时间:2020/2/3 11:20:46", "2020-02-03"),
        ("时间:2022年04月27日 来源:清河县委组织部", "2022-04-27"),
        ("2021-08-11 09:30 来源：江城日报", "2021-08-11"),
        ("发布日期：2020.3.5", "2020-03-05"),
        ("江城市2021年1-12月安全生产情况", None),  # a period, not a date
    ],
)
def test_the_page_date_in_its_common_forms(line: str, date: str | None) -> None:
    assert _header("东湖镇党员突击队冲在防汛一线", line).date == date


@pytest.mark.parametrize(
    ("line", "source"),
    [
        ("来源：江城日报 作者：王小明 浏览：12", "江城日报"),
        ("来源: 东湖镇 浏览量：", "东湖镇"),
        ("江城日报讯（记者 王小明）近日，东湖镇组建党员突击队8支。", "江城日报"),  # the dateline's outlet
        ("主办单位：中共清河县委组织部", "中共清河县委组织部"),  # the site's owner when nothing else says
    ],
)
def test_the_source_is_the_publishing_body_clean(line: str, source: str) -> None:
    assert _header("东湖镇党员突击队冲在防汛一线", line).source == source
