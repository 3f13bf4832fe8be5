"""--since, --until and --regions: which reports the briefing covers; the others are listed with the reason."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

from summarizer import OptionError, Options, summarize
from summarizer.briefing.scope import outside, scope_of
from summarizer.cli import main
from summarizer.model import Region
from summarizer.understanding.gazetteer import divisions_named, place_named
from summarizer.understanding.region import region_of

from .conftest import SEEDS, need_corpus

# The seeds: 乌拉特前旗 2020-03-05, 新海镇 (崇明区) 2020-05-13, 前锋区 and 内江市 undated, 通渭县 2020-02-05.


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


@pytest.fixture(scope="module")
def seeds() -> dict[str, object]:
    digest = summarize([SEEDS])
    return {r.label: r for r in digest.reports}


def test_a_place_is_named_by_any_of_its_forms() -> None:
    assert divisions_named("河北") == divisions_named("河北省") == ("130000",)
    assert divisions_named("银川") == divisions_named("银川市") == ("640100",)
    assert divisions_named("宁夏银川市永宁县") == divisions_named("永宁县") == ("640121",)
    assert divisions_named("朝阳区") == ("110105", "220104")  # Beijing's and Changchun's
    assert divisions_named("北京市朝阳区") == ("110105",)
    assert divisions_named("河北银川市") == ()  # 银川 is not in 河北
    assert place_named("崇明区新海镇") == place_named("新海镇") == (("310151",), "新海镇")
    assert place_named("火星") == ((), None)


@pytest.mark.parametrize(
    ("regions", "kept"),
    [
        ("四川", {"内江市", "前锋区"}),
        ("广安市", {"前锋区"}),
        ("新海镇", {"新海镇"}),
        ("上海", {"新海镇"}),  # a municipality holds its districts' towns
        ("内蒙古,甘肃省", {"乌拉特前旗", "通渭县"}),
        ("巴彦淖尔市，定西", {"乌拉特前旗", "通渭县"}),  # a full-width comma, as typed with a Chinese keyboard
    ],
)
def test_regions_keep_the_reports_inside_the_places_named(tmp_path: Path, regions: str, kept: set[str]) -> None:
    code, output = _run(str(SEEDS), "-o", str(tmp_path), "--json", "--regions", regions)
    assert code == 0, output
    data = json.loads(next(tmp_path.glob("*.json")).read_text(encoding="utf-8"))
    assert {r["region"]["name"] for r in data["reports"]} == kept
    left = data["skipped"]
    assert len(left) == 5 - len(kept) and {s["kind"] for s in left} == {"excluded"}
    assert {s["reason_code"] for s in left} == {"out_of_region"}
    text = next(tmp_path.glob("*.md")).read_text(encoding="utf-8")
    assert text.count("未收录：地区 ") == 5 - len(kept)
    assert f"不在所选地区（{regions.replace('，', ',')}）内" in text


def test_since_and_until_select_by_date_and_say_why_the_others_are_out(tmp_path: Path) -> None:
    code, output = _run(str(SEEDS), "-o", str(tmp_path), "--json", "--since", "2020-03-01", "--until", "2020-04")
    assert code == 0, output
    data = json.loads(next(tmp_path.glob("*.json")).read_text(encoding="utf-8"))
    assert [r["region"]["name"] for r in data["reports"]] == ["乌拉特前旗"]
    reasons = {s["name"][:3]: (s["reason_code"], s["reason_zh"]) for s in data["skipped"]}
    assert reasons["004"] == ("out_of_period", "日期 2020-02-05 早于所选起始日期 2020-03-01")
    assert reasons["001"] == ("out_of_period", "日期 2020-05-13 晚于所选截止日期 2020-04-30")
    assert reasons["002"][0] == reasons["003"][0] == "undated"
    assert "note: left out" in output and "undated, so not shown to be within --since 2020-03-01" in output


def test_a_report_dated_by_its_year_or_its_results_year_counts_for_that_year(seeds: dict[str, object]) -> None:
    report = seeds["通渭县"]
    scope = scope_of(Options(since="2024-03-01", until="2024-06"))
    assert scope is not None
    assert outside(replace(report, date="2024"), scope) is None  # the year overlaps the period
    assert outside(replace(report, date="2023"), scope) == "dated 2023, before --since 2024-03-01"
    # Undated, a report of 2023's results (a government work report) is of 2024, as its headline says.
    assert outside(replace(report, date=None, year=2023), scope) is None
    assert outside(replace(report, date=None, year=None), scope) is not None


def test_a_report_about_no_place_is_outside_any_region(seeds: dict[str, object]) -> None:
    scope = scope_of(Options(regions=("甘肃",)))
    assert scope is not None
    report = seeds["通渭县"]
    assert outside(report, scope) is None
    assert outside(replace(report, region=Region()), scope) == "names no place, not in --regions 甘肃"
    assert outside(replace(report, region=region_of("620100")), scope) is None  # 兰州市 is in 甘肃
    assert (
        outside(replace(report, region=region_of("640121")), scope)
        == "about 宁夏回族自治区银川市永宁县, not in --regions 甘肃"
    )


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"since": "2020-02-30"}, "--since '2020-02-30' is not a date"),
        ({"until": "last year"}, "--until 'last year' is not a date"),
        ({"since": "2021", "until": "2020-12"}, "--since 2021 is after --until 2020-12"),
        ({"regions": ("河北", " ")}, "--regions has an empty name"),
        ({"pages": 0}, "--pages must be at least 1"),
    ],
)
def test_bad_scope_options_are_refused(options: dict[str, object], message: str) -> None:
    with pytest.raises(OptionError, match=message):
        Options(**options)  # type: ignore[arg-type]


def test_an_unknown_place_is_refused_before_any_report_is_read(tmp_path: Path) -> None:
    code, output = _run(str(SEEDS), "-o", str(tmp_path / "out"), "--regions", "河北,火星")
    assert code == 2
    assert output == "summarize: error: --regions: '火星' is not the name of a province, city, county or town\n"
    assert not (tmp_path / "out").exists()


def test_nothing_in_scope_is_an_error_that_says_so(tmp_path: Path) -> None:
    code, output = _run(str(SEEDS), "-o", str(tmp_path / "out"), "-q", "--since", "2030")
    assert code == 3
    assert "every report left out (5: --since, --until, --regions" in output
    assert not (tmp_path / "out").exists()


def test_regions_on_the_full_reports_take_a_province_with_its_counties(tmp_path: Path) -> None:
    full = need_corpus() / "full"
    digest = summarize([full], Options(regions=("河北",)))
    assert {r.region.province for r in digest.reports} == {"河北省"}
    assert {r.region.name for r in digest.reports} == {"满城区", "定兴县", "阜平县"}
    digest = summarize([full], Options(regions=("保定市",), since="2021"))
    assert {r.region.name for r in digest.reports} == {"定兴县", "阜平县"}  # 满城区's is of 2020
