"""Regions: the place a report is about, by the role each name plays; one case for every rule."""

from __future__ import annotations

from typing import Any

import pytest

from summarizer import analyse_text
from summarizer.understanding.gazetteer import find_places, find_towns
from summarizer.understanding.region import resolve_region


def region(text: str) -> tuple[str | None, ...]:
    """Province, city, county, town and name of a report given as lines (the first its title)."""
    r = analyse_text(text).region
    return (r.province, r.city, r.county, r.town, r.name)


def test_seed_regions_match_gold(seed_reports: dict[str, Any], gold: dict[str, Any]) -> None:
    for name, want in gold["reports"].items():
        r = seed_reports[name].region
        got = {k: getattr(r, k) for k in ("province", "city", "county", "town") if getattr(r, k)}
        assert got == want["region"], name


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A district name shared by several cities: the city named decides.
        ("朝阳区召开疫情防控会议\n北京市朝阳区各街道全面落实防控措施。", ("北京市", "北京市", "朝阳区")),
        ("朝阳区召开疫情防控会议\n长春市朝阳区各街道全面落实防控措施。", ("吉林省", "长春市", "朝阳区")),
        ("某地动态\n广西壮族自治区南宁市青秀区组织党员下沉社区。", ("广西壮族自治区", "南宁市", "青秀区")),
        # An autonomous prefecture by its short form.
        ("凉山州组织部会议召开\n凉山州各县组织党员干部投身防控一线。", ("四川省", "凉山彝族自治州", None)),
        # A city report naming several of its counties stays at the city.
        (
            "全市动员\n内江市统一部署，市中区、东兴区、隆昌市、威远县、资中县各自组织党员投身一线。",
            ("四川省", "内江市", None),
        ),
    ],
)
def test_regions_resolve_from_official_codes(text: str, expected: tuple[str | None, ...]) -> None:
    assert region(text)[:3] == expected


def test_no_place_gives_an_empty_region_and_an_unplaced_label() -> None:
    report = analyse_text("关于做好党员教育工作的通知\n各党支部要认真学习，按时参加组织生活。")
    assert report.region.name is None and report.label == "未注明地区"


def test_names_begin_where_words_begin() -> None:
    # 范县 inside 示范县, 兴县 and 振兴区 inside 振兴县域: not places.
    assert region("建设示范县\n我们坚持打造示范县，推动振兴县域经济，成效明显。")[0] is None


def test_a_place_help_went_to_is_not_the_subject() -> None:
    text = "党员捐款助力抗疫\n金集镇党委迅速动员，支部党员纷纷捐款，祝福武汉加油，支援湖北抗疫。"
    # 金集镇 is a town of 天长市 (Anhui) and of a county in Gansu: without more, only the town.
    assert region(text) == (None, None, None, "金集镇", "金集镇")
    # The page's owner says which: 天长市委组织部 publishes it.
    assert region(text + "\n主办单位：中共天长市委组织部")[:4] == ("安徽省", "滁州市", "天长市", "金集镇")


def test_a_reporting_body_in_a_short_form_resolves() -> None:
    # 民和 is 民和回族土族自治县 (Qinghai), not 和县 (Anhui).
    text = "组织部门在行动\n民和县委组织部第一时间下发通知，全县党员干部迅速行动起来。"
    assert region(text)[:3] == ("青海省", "海东市", "民和回族土族自治县")


def test_a_province_or_city_before_a_county_only_qualifies_it() -> None:
    assert region("江西分宜：党建引领筑牢防线\n全县党员干部带头坚守一线。")[:3] == ("江西省", "新余市", "分宜县")
    assert region("西宁市湟源县：同心抗疫\n全县各级党组织闻令而动。")[2] == "湟源县"


def test_renamed_divisions_resolve_with_the_name_the_text_uses() -> None:
    r = analyse_text("平泉县开展活动\n平泉县组织全县党员投身防控一线，成效明显。").region
    assert (r.province, r.city, r.county, r.name, r.code) == ("河北省", "承德市", "平泉市", "平泉县", "130881")
    assert region("綦江县人民政府工作报告\n綦江县人民政府组织全县力量。")[2] == "綦江区"


def test_short_names_count_only_where_anchored() -> None:
    assert region("淮安洪泽：支部包片 党员包户\n该区组建党员突击队90余个。")[:3] == ("江苏省", "淮安市", "洪泽区")
    # 合肥 in a street name, 吉水 in a street office's name: not the city or county.
    assert region("社区动态\n合肥路街道组织党员志愿者开展服务，吉水街道也积极响应。")[:2] != ("安徽省", "合肥市")


def test_a_town_is_chosen_when_it_is_the_subject() -> None:
    text = "抓实防控\n近日，房县野人谷镇三座庵村防疫卡口成立临时党支部，野人谷镇党委书记担任支部书记。"
    assert region(text)[2:4] == ("房县", "野人谷镇")


def test_a_town_merely_mentioned_is_not() -> None:
    text = "永兴县动员党员\n永兴县充分发挥各级党组织作用，全县党员干部冲在一线。马田镇党员王平良坚守岗位。"
    assert region(text)[2:4] == ("永兴县", None)


def test_a_person_s_workplace_is_not_the_subject() -> None:
    text = (
        "湖南岳阳：严把防疫关键部位\n"
        "正月十五这天，湖南岳阳市岳阳县中洲乡党委书记刘潇依旧坚守在一线。该市建立临时党支部183个。"
    )
    assert region(text)[1:3] == ("岳阳市", None)


def test_a_town_missing_from_the_data_is_read_after_its_county() -> None:
    text = "网格化服务\n安庆市望江县吉水街道党工委积极深化网格化服务工作，成效明显。"
    assert region(text)[2:4] == ("望江县", "吉水街道")


def test_an_unambiguous_town_places_the_report() -> None:
    assert region("党员冲在前\n连日来，小中甸镇基层党员冲在防疫一线，成为群众的主心骨。")[:1] == ("云南省",)


def test_a_government_report_stays_at_its_speaker_s_level() -> None:
    text = "各位代表：\n现在，我代表市人民政府向大会报告工作。\n三亚市崖州区建设加快推进，崖州区新增企业120家。"
    assert region(text)[1:3] == ("三亚市", None)


def test_the_page_owner_and_dateline_count() -> None:
    r = resolve_region(None, [("中共天长市委组织部", 3.0, ())], [("近日，支部党员参加捐款。", ())])
    assert (r.province, r.county) == ("安徽省", "天长市")


def test_finders() -> None:
    found = [(p.text, p.short) for p in find_places("江苏淮安市洪泽区")]
    assert found == [("江苏", True), ("淮安市", False), ("洪泽区", False)]
    assert [p.text for p in find_towns("庐江县郭河镇党委政府")] == ["郭河镇"]
