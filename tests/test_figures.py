"""Figures: gold recall, identifiers that are not figures, number parsing properties."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from summarizer import extract_figures
from summarizer.understanding.figures import _matches, _pattern, categorise
from summarizer.understanding.numerals import chinese_number, parse_number


def test_gold_figures_found(seed_reports: dict[str, Any], gold: dict[str, Any]) -> None:
    found, missed = 0, []
    for name, g in gold["reports"].items():
        figures = seed_reports[name].figures
        for gf in g["figures"]:
            if any(
                f.value == gf["value"]
                and f.unit == gf["unit"]
                and f.approx == gf.get("approx")
                and gf["subject"] in f.label
                for f in figures
            ):
                found += 1
            else:
                missed.append((name, gf))
    assert found >= 58, missed


def test_identifiers_are_never_figures(seed_reports: dict[str, Any], gold: dict[str, Any]) -> None:
    for name, g in gold["reports"].items():
        for f in seed_reports[name].figures:
            for bad in g["must_not_figures"]:
                assert bad not in f.text, (name, bad, f)


def test_model_names_do_not_lend_their_digits() -> None:
    figs = extract_figures("协调落实防护服500件、隔离面罩5400个、N95口罩10000个、消毒酒精2000瓶。")
    masks = [f for f in figs if "口罩" in f.label]
    assert [(f.value, f.unit) for f in masks] == [(10000, "个")]
    assert not any(f.value == 95 for f in figs)


def test_money_multipliers_and_approximations() -> None:
    (a,) = extract_figures("下拨29.2万元党费，支持基层。")
    assert (a.label, a.value, a.unit, a.approx, a.category) == ("党费", 292000, "元", None, "党费与资金")
    (b,) = extract_figures("累计收到物资折价和捐款共700余万元。")
    assert (b.value, b.unit, b.approx, b.category) == (7000000, "元", "余", "捐款")
    (c,) = extract_figures("发放宣传资料等3万余份。")
    assert (c.value, c.unit, c.approx) == (30000, "份", "余")
    (d,) = extract_figures("本镇党员参与率达97.7%。")
    assert d.label.endswith("参与率") and (d.value, d.unit) == (97.7, "%")
    (g,) = extract_figures("抽调十二名党员干部。")
    assert (g.value, g.unit, g.label) == (12, "名", "党员干部")
    (e,) = extract_figures("动员三百余名党员志愿者参与。")
    assert (e.label, e.value, e.unit, e.approx) == ("党员志愿者", 300, "名", "余")


def test_dates_codes_and_durations_are_not_figures() -> None:
    text = "2020年3月5日13:47，在310国道值守5天，连续奋战32个小时，推行“1+5+N”和“4333”机制，电话(021)32303149。"
    assert extract_figures(text) == []


def test_ranges_keep_both_ends() -> None:
    (f,) = extract_figures("每个小区配备3至5名网格员。")
    assert (f.value, f.high, f.unit, f.label) == (3, 5, "名", "网格员")


def test_categories_from_data_file() -> None:
    assert categorise("临时党支部", "个", "epidemic") == "临时党支部"
    assert categorise("党员志愿者", "名", "epidemic") == "志愿者"
    assert categorise("疫情防控专项党费", "元", "epidemic") == "党费与资金"


@given(st.integers(min_value=0, max_value=10**12))
def test_arabic_numbers_round_trip(n: int) -> None:
    assert parse_number(str(n)) == n
    assert parse_number(f"{n:,}") == n


@given(st.integers(min_value=0, max_value=99_999_999))
def test_chinese_numbers_round_trip(n: int) -> None:
    assert parse_number(chinese_number(n)) == n


def test_numerals_as_reports_write_them() -> None:
    assert [parse_number(t) for t in ("两千", "三〇五", "十二", "两万三千")] == [2000, 305, 12, 23000]
    assert [chinese_number(n) for n in (1, 10, 12, 105, 1010, 2345)] == [
        "一",
        "十",
        "十二",
        "一百零五",
        "一千零一十",
        "二千三百四十五",
    ]


def test_each_figure_knows_its_sentence(seed_reports: dict[str, Any]) -> None:
    for report in seed_reports.values():
        by_index = {s.index: s.text for s in report.sentences}
        assert all(by_index[f.index] == f.sentence for f in report.figures)


@given(st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False, allow_infinity=False))
def test_decimals_round_trip(d: Any) -> None:
    assert parse_number(str(d)) == float(d)


@settings(max_examples=200, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(list("0123456789.,%万亿千余多近约个名元份人次“”+N一二三十百（）。，的党员口罩 \n")),
        max_size=60,
    )
    | st.text(max_size=60)
)
def test_extraction_never_raises(text: str) -> None:
    for f in extract_figures(text):
        assert f.text in text and f.sentence == text


_FIGURE_PIECES = [
    *"0123456789,.一二两三十百千万亿余多近约超逾大个人名元%％至-第的中 ",
    *("百分之", "超过", "多达", "大约", "以上", "左右", "人次"),
]


@settings(max_examples=2000, deadline=None)
@given(st.lists(st.sampled_from(_FIGURE_PIECES), max_size=25).map("".join))
def test_figure_scan_only_where_a_figure_can_begin_finds_every_match(text: str) -> None:
    # _matches skips positions no figure can start at; it must find what a scan of every
    # position finds (catches a start character missing from _starts).
    expected = [(m.span(), m.groupdict()) for m in _pattern().finditer(text)]
    assert [(m.span(), m.groupdict()) for m in _matches(text)] == expected
