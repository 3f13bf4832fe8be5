"""Title, date and source of the seeds, as the answer key gives them."""

from __future__ import annotations

import re
from typing import Any

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
