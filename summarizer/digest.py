"""Digest: the per-report results brought together for the cross-report briefing.

Overview (each region's strongest points, near-duplicates dropped), common themes
(keywords and practices shared by two or more regions) and the comparison table
(figure categories × regions).
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Sequence

from .figures import category_names
from .model import ComparisonRow, Digest, Figure, Point, Report, Skipped, Theme, ThemeKind

DEFAULT_TITLE = "工作跨地区简报"
NEAR_DUPLICATE = 0.5
"""Character-bigram Jaccard above which two overview sentences say the same thing."""
MAX_THEMES = 12
CELL_FIGURES = 3
"""At most this many figures per table cell; a briefing table is read at a glance."""


def digest_title(reports: Sequence[Report]) -> str:
    """``疫情防控工作跨地区简报``: the most shared keyword across reports, plus 工作跨地区简报."""
    counts: Counter[str] = Counter()
    for r in reports:
        counts.update(set(r.keywords[:5]) | set(r.keyphrases[:3]))
    shared = [w for w, c in counts.most_common() if c >= 2]
    topic = max(shared, key=lambda w: (counts[w], len(w), w)) if shared else ""
    return f"{topic}{DEFAULT_TITLE}"


def order_key(report: Report) -> tuple[int, str, str]:
    """Province, then city, then county by division code; reports without a region last."""
    code = report.region.code
    return (0, code, report.path) if code else (1, "", report.path)


def _bigrams(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1)}


def _similar(a: set[str], b: set[str]) -> bool:
    return bool(a and b) and len(a & b) / len(a | b) >= NEAR_DUPLICATE


def _prefix(grams: set[str], rarity: Counter[str]) -> list[str]:
    """The rarest bigrams, as many as any set similar enough to ``grams`` must share one of."""
    keep = len(grams) - math.floor(NEAR_DUPLICATE * len(grams)) + 1
    return sorted(grams, key=lambda g: (rarity[g], g))[:keep]


def overview(reports: Sequence[Report]) -> tuple[Point, ...]:
    """One or two highlights per region (two when there are three regions or fewer)."""
    per_region = 2 if len({r.label for r in reports}) <= 3 else 1
    grams = [[_bigrams(s.text) for s in r.highlights] for r in reports]
    rarity = Counter(g for per_report in grams for sentence in per_report for g in sentence)
    seen: list[set[str]] = []
    # Each kept sentence is indexed under its rarest bigrams (prefix filtering): a sentence
    # with Jaccard >= NEAR_DUPLICATE to it must share one of them, so only those few are
    # compared instead of every sentence kept so far, which grew with the square.
    index: defaultdict[str, list[int]] = defaultdict(list)
    points: list[Point] = []
    for report, per_report in zip(reports, grams):
        taken = 0
        for sentence, sentence_grams in zip(report.highlights, per_report):
            if taken >= per_region:
                continue
            prefix = _prefix(sentence_grams, rarity)
            candidates = {i for g in prefix for i in index.get(g, ())}
            if any(_similar(sentence_grams, seen[i]) for i in candidates):
                continue
            for g in prefix:
                index[g].append(len(seen))
            seen.append(sentence_grams)
            points.append(Point(report.label, sentence.text))
            taken += 1
    return tuple(points)


def themes(reports: Sequence[Report]) -> tuple[Theme, ...]:
    """Keywords and practices (figure labels such as 临时党支部) that two or more regions share.

    A term inside a longer shared term with the same regions (疫情 in 疫情防控) is dropped.
    """
    regions: defaultdict[tuple[ThemeKind, str], set[str]] = defaultdict(set)
    rank: Counter[tuple[ThemeKind, str]] = Counter()
    for report in reports:
        terms = list(dict.fromkeys((*report.keyphrases[:5], *report.keywords[:10])))
        for i, term in enumerate(terms):
            regions["keyword", term].add(report.label)
            rank["keyword", term] += i
        for i, fig in enumerate(dict.fromkeys(f.label for f in report.figures if len(f.label) >= 2)):
            regions["practice", fig].add(report.label)
            rank["practice", fig] += i
    shared = {k: v for k, v in regions.items() if len(v) >= 2}
    # Only a term shared by exactly the same regions can hide another: grouping by region
    # set keeps this linear in practice where comparing all pairs grew with the square.
    same_regions: defaultdict[frozenset[str], list[str]] = defaultdict(list)
    for (_, term), where in shared.items():
        same_regions[frozenset(where)].append(term)
    kept = [
        (kind, term)
        for (kind, term), where in shared.items()
        if not any(term != other and term in other for other in same_regions[frozenset(where)])
    ]
    order = {label: i for i, label in enumerate(dict.fromkeys(r.label for r in reports))}
    kept.sort(key=lambda k: (-len(shared[k]), rank[k] / len(shared[k]), k))
    # 党员 as a keyword and as a figure label is one theme; the better-shared one is kept.
    unique = {term: kind for kind, term in reversed(kept)}
    kept = [(kind, term) for kind, term in kept if unique[term] == kind]
    return tuple(
        Theme(term, kind, tuple(sorted(shared[kind, term], key=order.__getitem__))) for kind, term in kept[:MAX_THEMES]
    )


def comparison(reports: Sequence[Report]) -> tuple[tuple[str, ...], tuple[ComparisonRow, ...]]:
    """Columns (regions in digest order) and one row per figure category that two or more regions report."""
    columns = tuple(dict.fromkeys(r.label for r in reports))
    cells: defaultdict[tuple[str, str], list[Figure]] = defaultdict(list)
    for report in reports:
        for fig in report.figures:
            if fig.category:
                cells[fig.category, report.label].append(fig)
    rows = []
    for category in category_names():
        row = tuple(tuple(cells.get((category, col), [])[:CELL_FIGURES]) for col in columns)
        if sum(1 for cell in row if cell) >= 2:
            rows.append(ComparisonRow(category, row))
    return columns, tuple(rows)


def build_digest(reports: Sequence[Report], skipped: Sequence[Skipped] = (), title: str | None = None) -> Digest:
    """The digest: reports ordered by region, overview, themes and comparison table."""
    ordered = tuple(sorted(reports, key=order_key))
    columns, rows = comparison(ordered)
    return Digest(
        reports=ordered,
        skipped=tuple(sorted(skipped, key=lambda s: s.path)),
        title=title or digest_title(ordered),
        overview=overview(ordered),
        themes=themes(ordered),
        columns=columns,
        comparison=rows,
    )
