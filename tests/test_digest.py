"""The cross-regional digest: order, overview, themes and comparison table."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from summarizer.digest import _bigrams, _similar, build_digest, overview, themes
from summarizer.model import Figure, Region, Report, Sentence


def test_digest_is_ordered_by_province_then_city(seed_reports: dict[str, Any]) -> None:
    digest = build_digest(list(seed_reports.values()))
    codes = [r.region.code for r in digest.reports]
    assert codes == sorted(codes)
    assert digest.columns == tuple(r.region.name for r in digest.reports)


def test_overview_themes_and_table(seed_reports: dict[str, Any]) -> None:
    digest = build_digest(list(seed_reports.values()))
    regions = [p.region for p in digest.overview]
    assert set(regions) == set(digest.columns)
    assert all(regions.count(r) <= 2 for r in regions)
    texts = [p.text for p in digest.overview]
    assert len(set(texts)) == len(texts)
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
    per_region = 2 if len({r.label for r in reports}) <= 3 else 1
    expected, seen = [], []
    for report in reports:
        taken = 0
        for s in report.highlights:
            grams = _bigrams(s.text)
            if taken >= per_region or any(_similar(grams, g) for g in seen):
                continue
            seen.append(grams)
            expected.append((report.label, s.text))
            taken += 1
    assert [(p.region, p.text) for p in overview(reports)] == expected


VOCAB = ["疫情", "疫情防控", "防控", "党员", "党员干部", "干部", "社区", "临时党支部", "党支部", "捐款", "党费"]
REPORT_TERMS = st.tuples(
    st.lists(st.sampled_from(VOCAB), max_size=8, unique=True),
    st.lists(st.sampled_from(VOCAB), max_size=3),
    st.integers(0, 4),
)


def _all_pairs(reports: list[Report]) -> list[tuple[str, str]]:
    regions: dict[tuple[str, str], set[str]] = {}
    for report in reports:
        for term in (*report.keyphrases[:5], *report.keywords[:10]):
            regions.setdefault(("keyword", term), set()).add(report.label)
        for fig in report.figures:
            regions.setdefault(("practice", fig.label), set()).add(report.label)
    shared = {k: v for k, v in regions.items() if len(v) >= 2}
    return sorted(
        k for k in shared if not any(k[1] != o and k[1] in o and shared[k] == w for (_, o), w in shared.items())
    )


@settings(max_examples=300, deadline=None)
@given(st.lists(REPORT_TERMS, min_size=2, max_size=12))
def test_themes_hide_the_same_terms_as_comparing_every_pair(data: list[tuple[list[str], list[str], int]]) -> None:
    reports = [
        bare_report(
            str(i),
            f"地区{region}",
            keywords=tuple(words),
            keyphrases=tuple(words[:2]),
            figures=tuple(Figure(label, 1, "个", None, None, "1个", "") for label in labels),
        )
        for i, (words, labels, region) in enumerate(data)
    ]
    expected = _all_pairs(reports)
    got = themes(reports)
    assert all((t.kind, t.term) in expected for t in got)
    # Themes are capped and a term shared as keyword and practice is kept once.
    assert len(got) == min(len({term for _, term in expected}), 12)
