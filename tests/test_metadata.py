"""Title, date and source of the seeds, as the answer key gives them."""

from __future__ import annotations

import re
from typing import Any

import pytest

from summarizer.reading.normalise import normalise_width
from summarizer.understanding.dates import parse_date


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
        ("江城市2021年1-12月安全生产情况", "2021"),  # a period, not a day: the title's year only
    ],
)
def test_the_page_date_in_its_common_forms(line: str, date: str | None) -> None:
    assert _header("东湖镇党员突击队冲在防汛一线", line).date == date


@pytest.mark.parametrize(
    ("lines", "date", "source"),
    [
        # The date line of a report read to a meeting wins over the page's posting date.
        (
            [
                "2020年江城县政府工作报告",
                "时间：2023-03-30 来源：政府官网",
                "政 府 工 作 报 告",
                "——2020年1月21日在江城县第二届人民代表大会第四次会议上",
                "各位代表：",
            ],
            "2020-01-21",
            "dateline",
        ),
        (["政府工作报告", "（2021年2月5日在江城县第十五届人民代表大会第五次会议上）"], "2021-02-05", "dateline"),
        (["江城县2023年工作总结", "（2024年1月12日）"], "2024-01-12", "dateline"),
        (["江城县2023年工作总结", "（二〇二四年一月十二日）"], "2024-01-12", "dateline"),
        # No date line: the title's year, before a page date of another year.
        (["2022年江城县政府工作报告", "发布时间：2023-01-24"], "2022", "title"),
        # A page date in the title's year says the same, to the day.
        (["江城县2022年防汛工作情况", "发布时间：2022-08-01"], "2022-08-01", "published"),
        (["东湖镇党员突击队冲在防汛一线", "发布时间：2020-02-03"], "2020-02-03", "published"),
    ],
)
def test_the_date_a_report_gives_for_itself(lines: list[str], date: str, source: str) -> None:
    report = _header(*lines)
    assert (report.date, report.date_source) == (date, source)


def test_a_signature_date_and_never_a_date_in_the_body() -> None:
    from summarizer.pipeline import analyse_text

    body = "全县成立临时党支部12个，要求2019年12月31日前完成改造。"
    signed = analyse_text(f"东湖镇党员突击队冲在防汛一线\n{body}\n江城县委组织部\n2020年2月5日")
    assert (signed.date, signed.date_source) == ("2020-02-05", "signature")
    unsigned = analyse_text(f"东湖镇党员突击队冲在防汛一线\n{body}")
    assert (unsigned.date, unsigned.date_source) == (None, None)


def test_a_government_report_without_a_title_line_is_headed_by_year_and_body() -> None:
    from summarizer.pipeline import analyse_text

    text = (
        "政 府 工 作 报 告\n——2024年1月16日在亳州市第五届人民代表大会第三次会议上\n各位代表：\n"
        "现在，我代表市人民政府向大会报告工作，请予审议。\n一、2023年工作回顾\n"
        "全年地区生产总值2215.8亿元，增长6.3%；一般公共预算收入160亿元，增长8%；规模以上工业增加值增长8.1%。"
    )
    report = analyse_text(text)
    assert report.kind == "govreport"
    assert report.title is None  # 政府工作报告 alone names neither the body nor the year
    assert report.headline == "2024年亳州市政府工作报告"
    # Without its date line: the year after the one it reviews.
    undated = text.split("\n", 2)[2].replace("全年", "亳州市全年")
    assert analyse_text(undated).headline == "2024年亳州市政府工作报告"


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
