"""Regions: the place a report is about, from the official division codes."""

from __future__ import annotations

from typing import Any

import pytest

from summarizer.region import resolve_region


def test_seed_regions_match_gold(seed_reports: dict[str, Any], gold: dict[str, Any]) -> None:
    for name, want in gold["reports"].items():
        region = seed_reports[name].region
        got = {k: getattr(region, k) for k in ("province", "city", "county", "town") if getattr(region, k)}
        assert got == want["region"], name


@pytest.mark.parametrize(
    ("title", "body", "expected"),
    [
        ("朝阳区召开疫情防控会议", "北京市朝阳区各街道……", ("北京市", "北京市", "朝阳区")),
        ("朝阳区召开疫情防控会议", "长春市朝阳区各街道……", ("吉林省", "长春市", "朝阳区")),
        ("", "广西壮族自治区南宁市青秀区", ("广西壮族自治区", "南宁市", "青秀区")),
        ("凉山州组织部会议", "凉山彝族自治州", ("四川省", "凉山彝族自治州", None)),
        ("", "全市各县区和市中区、东兴区、隆昌市、威远县、资中县都在内江市统一部署下", ("四川省", "内江市", None)),
    ],
)
def test_regions_resolve_from_official_codes(title: str, body: str, expected: tuple[str | None, ...]) -> None:
    region = resolve_region(title, None, body)
    assert (region.province, region.city, region.county) == expected


def test_no_place_gives_an_empty_region() -> None:
    assert resolve_region("关于做好党员教育工作的通知", None, "各党支部要认真学习。").name is None
