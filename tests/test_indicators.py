"""Headline indicators: each way reports write them, kinds, whole-area rules, and the dev key."""

from __future__ import annotations

import importlib.util
import sys

import pytest

from summarizer import analyse_text
from summarizer.model import Indicator, Sentence
from summarizer.understanding.indicators import indicator_names, indicators_of

from .conftest import ROOT, SHARED


def read(*paragraphs: str) -> dict[tuple[str, str], tuple[float, float | None, str]]:
    sentences = [Sentence(text, i, i + 1) for i, text in enumerate(paragraphs)]
    return {(i.name, i.kind): (i.value, i.high, i.unit) for i in indicators_of(sentences)}


@pytest.mark.parametrize(
    ("text", "name", "value", "unit"),
    [
        ("全市地区生产总值971.3亿元，同比增长12%。", "地区生产总值", 971.3, "亿元"),
        ("全市地区生产总值971.3亿元，同比增长12%。", "地区生产总值增长", 12, "%"),
        ("全年GDP增长3.7%。", "地区生产总值增长", 3.7, "%"),
        ("经济总量达到2333.3亿元、比上年增长7％。", "地区生产总值", 2333.3, "亿元"),
        ("一般公共预算收入完成8500万元，下降3.2%。", "一般公共预算收入", 8500, "万元"),
        ("一般公共预算收入完成8500万元，下降3.2%。", "一般公共预算收入增长", -3.2, "%"),
        ("城镇新增就业4.5万余人。", "城镇新增就业", 4.5, "万人"),
        ("实际使用外资8.4亿美元。", "实际利用外资", 8.4, "亿美元"),
        # A clause measuring the amount against the plan keeps the subject for the growth.
        (
            "地区生产总值635亿元，完成年计划710亿元的89.4%（主要是二产未达预期），增长2.0%。",
            "地区生产总值增长",
            2.0,
            "%",
        ),
        ("一般公共预算收入160亿元，居全省第4位，增长8%。", "一般公共预算收入增长", 8, "%"),
        ("居民消费价格同比上涨0.5%。", "居民消费价格涨幅", 0.5, "%"),
        ("城镇调查失业率控制在5.6％以内。", "城镇调查失业率", 5.6, "%"),
        ("粮食总产连续4年超100亿斤。", "粮食总产量", 100, "亿斤"),
        ("粮食播面、总产分别达960.8万亩、74.6亿斤。", "粮食总产量", 74.6, "亿斤"),
        ("地区生产总值由103.97亿元增加到1117.56亿元。", "地区生产总值", 1117.56, "亿元"),
        ("全市地区生产总值达到一千二百亿元，增长百分之六点五。", "地区生产总值", 1200, "亿元"),
        ("全市地区生产总值达到一千二百亿元，增长百分之六点五。", "地区生产总值增长", 6.5, "%"),
        ("全体居民人均可支配收入增长9%左右。", "居民人均可支配收入增长", 9, "%"),
        ("全县农民人均可支配收入15000元，增长7%。", "农村居民人均可支配收入", 15000, "元"),
        ("地区生产总值完成1200亿元，按可比价格计算，增长6.5%。", "地区生产总值增长", 6.5, "%"),
        ("实现地区生产总值（GDP）1200亿元。", "地区生产总值", 1200, "亿元"),
        ("城镇新增就业一万人。", "城镇新增就业", 1, "万人"),
    ],
)
def test_one_wording(text: str, name: str, value: float, unit: str) -> None:
    assert read(text)[name, "result"][::2] == (value, unit)


def test_pairs_listed_respectively() -> None:
    found = read("城镇和农村常住居民人均可支配收入分别达到45877元和22990元，同比分别增长5.7%和8.5%。")
    assert found["城镇居民人均可支配收入", "result"] == (45877, None, "元")
    assert found["农村居民人均可支配收入", "result"] == (22990, None, "元")
    assert found["城镇居民人均可支配收入增长", "result"][0] == 5.7
    assert found["农村居民人均可支配收入增长", "result"][0] == 8.5
    both = read("城乡居民人均可支配收入分别增长6.1%和7.8%。")
    assert both["城镇居民人均可支配收入增长", "result"][0] == 6.1
    assert both["农村居民人均可支配收入增长", "result"][0] == 7.8


def test_an_unlisted_item_keeps_its_place() -> None:
    found = read("财政总收入、一般公共预算收入分别达到1102.6亿元和632亿元。")
    assert found == {("一般公共预算收入", "result"): (632, None, "亿元")}


def test_one_figure_for_several_alike() -> None:
    found = read("今年的主要预期目标是：规模以上工业增加值、社会消费品零售总额、进出口总额均增长8%以上。")
    names = {"规模以上工业增加值增长", "社会消费品零售总额增长", "进出口总额增长"}
    assert {k[0] for k in found} == names
    assert all(k[1] == "target" and v[0] == 8 for k, v in found.items())


def test_targets_are_read_from_the_goals_paragraph_and_ranges_kept() -> None:
    found = read(
        "一年来，地区生产总值增长6.3%。",
        "今年经济社会发展的主要预期目标是：",
        "地区生产总值增长6%—6.5%，居民消费价格涨幅控制在3%以内，城镇新增就业3.3万人以上。",
        "我们将确保粮食产量稳定在100亿斤以上。",
    )
    assert found["地区生产总值增长", "result"][0] == 6.3
    assert found["地区生产总值增长", "target"][:2] == (6, 6.5)
    assert found["居民消费价格涨幅", "target"][0] == 3
    assert found["城镇新增就业", "target"] == (3.3, None, "万人")
    assert ("粮食总产量", "result") not in found  # the tasks after the goals are plans, not results


@pytest.mark.parametrize(
    "text",
    [
        "地区生产总值年均增长8.2%。",  # an average over years
        "“十三五”时期，地区生产总值累计完成288.2亿元。",  # a five-year total
        "今后五年发展目标是：县域生产总值突破270亿元。",  # the plan's period
        "实现跨境电商进出口33亿元、增长22.2%。",  # a sector's
        "单位GDP能耗下降5%。",  # not GDP
        "城关镇地区生产总值12亿元。",  # a town's
        "对俄进出口达117.9亿元。",  # one partner's
        "“7个100”即地区生产总值比增100亿元以上。",  # an increment, not the level
        "城乡居民人均可支配收入增长8%。",  # whose?
    ],
)
def test_not_a_whole_area_figure_of_the_year(text: str) -> None:
    assert read(text) == {}


def test_every_name_is_in_the_fixed_list() -> None:
    assert len(indicator_names()) == 21
    report = analyse_text("一年来，全市地区生产总值971.3亿元，同比增长12%；城镇新增就业4.5万人。\n")
    assert all(isinstance(i, Indicator) and i.name in indicator_names() for i in report.indicators)
    assert report.indicators[0].where == 1


def test_the_report_own_place_is_the_whole_area() -> None:
    report = analyse_text("荔城区人民政府工作报告\n初步预计，荔城地区生产总值635亿元，增长2.0%。\n")
    assert {(i.name, i.value) for i in report.indicators} >= {("地区生产总值", 635)}


def test_seeds_state_no_indicators(seed_reports: dict[str, object]) -> None:
    assert all(not r.indicators for r in seed_reports.values())  # type: ignore[attr-defined]


def test_the_development_key() -> None:
    key = SHARED / "eval" / "indicators.tsv"
    if not key.is_file():
        pytest.skip(f"the indicator key is not at {key}")
    spec = importlib.util.spec_from_file_location("eval_indicators", ROOT / "benchmarks" / "eval_indicators.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["eval_indicators"] = module
    spec.loader.exec_module(module)
    recall, precision = module.score(key, SHARED / "corpus" / "full")
    assert recall >= 0.95 and precision >= 0.97


def test_the_year_of_the_results_is_read_from_the_review() -> None:
    text = (
        "一、2023年工作回顾\n（一）经济运行\n"
        "全市地区生产总值971.3亿元，同比增长12%；城镇新增就业4.5万人；社会消费品零售总额增长14%。\n"
    )
    assert analyse_text(text).year == 2023
    assert analyse_text("各地党员下沉社区，开展志愿服务。\n").year is None


def test_goals_listed_a_paragraph_each() -> None:
    found = read(
        "今年经济社会发展的主要预期目标是：",
        "——地区生产总值增长6%左右；",
        "——一般公共预算收入增长5%；",
        "——城镇调查失业率控制在5.5%以内。",
        "做好今年工作，要抓好以下方面。",
        "全力推动社会消费品零售总额增长8%。",
    )
    assert {k for k in found} == {
        ("地区生产总值增长", "target"),
        ("一般公共预算收入增长", "target"),
        ("城镇调查失业率", "target"),
    }
