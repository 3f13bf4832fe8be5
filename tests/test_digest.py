"""The cross-regional digest: order, overview, themes and comparison table."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from summarizer.briefing.digest import MAX_THEMES, OVERVIEW_CHARS, _bigrams, _similar, build_digest, overview, themes
from summarizer.model import Practice, Region, Report, Sentence
from summarizer.ranking.practices import action
from summarizer.understanding.figures import extract_figures, key_figures, vague


def test_digest_is_ordered_by_province_then_city(seed_reports: dict[str, Any]) -> None:
    digest = build_digest(list(seed_reports.values()))
    codes = [r.region.code for r in digest.reports]
    assert codes == sorted(codes)
    assert digest.columns == tuple(r.region.name for r in digest.reports)


def test_overview_themes_and_table(seed_reports: dict[str, Any]) -> None:
    digest = build_digest(list(seed_reports.values()))
    regions = [p.region for p in digest.overview]
    assert set(regions) == set(digest.columns)
    assert len(regions) == len(digest.reports)  # one line a report
    texts = [p.text for p in digest.overview]
    assert len(set(texts)) == len(texts) and all(len(t) <= OVERVIEW_CHARS for t in texts)
    assert digest.themes and all(len(t.regions) >= 2 for t in digest.themes)
    assert len({t.term for t in digest.themes}) == len(digest.themes)
    for row in digest.comparison:
        assert sum(1 for cell in row.cells if cell) >= 2
        assert len(row.cells) == len(digest.columns)


def bare_report(path: str, region: str, **fields: Any) -> Report:
    """A bare report for digest tests: only what the test sets, the rest empty."""
    base: dict[str, Any] = dict(
        title=None, date=None, source=None, script="simplified", encoding="utf-8", sections=(), summary=(),
        keywords=(), keyphrases=(), figures=(),
    )  # fmt: skip
    return Report(path=path, region=Region(name=region), **{**base, **fields})


BASE = "党员干部下沉社区开展疫情防控工作发放物资捐款党费志愿者服务群众"
HIGHLIGHT = st.tuples(
    st.integers(0, 3),
    st.integers(15, 30),
    st.lists(st.tuples(st.integers(0, 29), st.sampled_from("的了在和与对区县市镇村组")), max_size=3),
).map(lambda t: _mutated(*t))


def _mutated(start: int, length: int, edits: list[tuple[int, str]]) -> str:
    chars = list(BASE[start:][:length])
    for at, ch in edits:  # a few characters changed: near, not exact, duplicates
        chars[at % len(chars)] = ch
    return "".join(chars) + "。"


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(HIGHLIGHT, min_size=0, max_size=2), min_size=1, max_size=60), st.integers(1, 8))
def test_overview_drops_the_same_near_duplicates_as_comparing_every_pair(
    highlights: list[list[str]], regions: int
) -> None:
    reports = [
        bare_report(f"{i}.txt", f"地区{i % regions}", highlights=tuple(Sentence(t, k) for k, t in enumerate(hs)))
        for i, hs in enumerate(highlights)
    ]
    expected, seen = [], []
    for report in reports:
        for s in report.highlights:  # one line a report: its best that is not a near-duplicate
            grams = _bigrams(s.text)
            if any(_similar(grams, g) for g in seen):
                continue
            seen.append(grams)
            expected.append((report.label, s.text))
            break
    assert [(p.region, p.text) for p in overview(reports)] == expected


VERBS = ["成立", "组建", "设立", "下拨", "划拨", "发放"]
OBJECTS = ["临时党支部", "党员突击队", "党费", "口罩"]
REPORT_PRACTICES = st.tuples(
    st.lists(st.tuples(st.sampled_from(VERBS), st.sampled_from(OBJECTS)), max_size=6, unique=True),
    st.integers(0, 4),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(REPORT_PRACTICES, min_size=2, max_size=12))
def test_themes_are_the_practices_several_regions_share(data: list[tuple[list[tuple[str, str]], int]]) -> None:
    reports = [
        bare_report(str(i), f"地区{region}", practices=tuple(Practice(v, o) for v, o in pairs))
        for i, (pairs, region) in enumerate(data)
    ]
    regions: dict[tuple[str, str], set[str]] = {}
    for report in reports:
        for p in report.practices:
            regions.setdefault((action(p.verb), p.object), set()).add(report.label)
    shared = {k: v for k, v in regions.items() if len(v) >= 2}
    got = themes(reports)
    assert len(got) == min(len(shared), MAX_THEMES)
    assert [len(t.regions) for t in got] == sorted((len(t.regions) for t in got), reverse=True)
    for theme in got:
        key = next(k for k in shared if theme.term.endswith(k[1]) and action(theme.term[: -len(k[1])]) == k[0])
        assert set(theme.regions) == shared[key] and theme.kind == "practice"


def test_key_figures_say_what_they_count() -> None:
    figures = extract_figures("实施项目116个，建成城市公厕10座，改造老旧小区12个。")
    figures = [replace(figures[0], label="项目"), *figures[1:]]
    listed = key_figures(figures, [], 8)
    assert [f.label for f in listed] == ["城市公厕", "老旧小区"]  # 项目 116个: which projects?
    assert vague("村") and vague("项目") and not vague("老旧小区")


def test_a_measure_written_shorter_is_the_same_practice() -> None:
    reports = [
        bare_report("a", "甲县", practices=(Practice("推进", "扫黑除恶专项斗争"),)),
        bare_report("b", "乙县", practices=(Practice("推进", "扫黑除恶斗争"),)),
        bare_report("c", "丙县", practices=(Practice("推进", "扫黑除恶专项斗争"), Practice("成立", "临时党支部"))),
        bare_report("d", "丁县", practices=(Practice("成立", "党支部"),)),  # no opening kept: another thing
    ]
    got = themes(reports)
    assert [(t.term, t.regions) for t in got] == [("推进扫黑除恶专项斗争", ("甲县", "乙县", "丙县"))]


def test_a_shared_measure_is_named_as_most_regions_write_it() -> None:
    # One region's 临时火线党支部 joins the three that write 临时党支部, not the other way round.
    reports = [bare_report(str(i), f"{i}县", practices=(Practice("成立", "临时党支部"),)) for i in "甲乙丙"]
    reports.append(bare_report("丁", "丁县", practices=(Practice("成立", "临时火线党支部"),)))
    assert [(t.term, len(t.regions)) for t in themes(reports)] == [("成立临时党支部", 4)]


def test_beside_the_indicator_tables_one_table_of_figures() -> None:
    from summarizer.briefing.digest import ROWS_BESIDE_INDICATORS, comparison

    sentence = "新建城市公厕10座，招聘教师175名，新增高新技术企业19家，转移农村劳动力3095人。"
    figures = tuple(extract_figures(sentence, kind="govreport"))
    reports = [bare_report(f"{i}.txt", f"地区{i}", figures=figures, kind="govreport") for i in range(3)]
    _, rows = comparison(reports)
    assert len(rows) > ROWS_BESIDE_INDICATORS
    _, capped = comparison(reports, ROWS_BESIDE_INDICATORS)
    assert [r.category for r in capped] == [r.category for r in rows][:ROWS_BESIDE_INDICATORS]


def test_an_overview_line_never_opens_with_what_a_figure_did() -> None:
    from summarizer.ranking.trim import shorten

    text = (
        "第一产业增加值18亿元，完成年计划18亿元的100%，增长3.5%；第二产业增加值323亿元，"
        "完成年计划362亿元的89.2%，下降2.0%；第三产业增加值294亿元，增长6.3%。"
    )
    for limit in (30, 50, 80):
        line = shorten(text, limit)
        assert not line.startswith(("完成", "增长", "下降")), line


def test_an_overview_line_is_a_fact_with_a_number_where_the_report_has_one() -> None:
    stance = Sentence("全镇上下凝心聚力抓生态、促振兴，镇村面貌得到较大提升。", 0)
    fact = Sentence("清理各类垃圾5000余吨，拆除旱厕400余个。", 1)
    points = overview([bare_report("a.txt", "马厂镇", highlights=(stance, fact))])
    assert points[0].text.startswith("清理各类垃圾5000余吨")
    points = overview([bare_report("b.txt", "马厂镇", highlights=(stance,))])
    assert points[0].text.startswith("全镇上下")  # none has a number: its best line still
