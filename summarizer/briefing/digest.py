"""Digest: the per-report results brought together for the cross-report briefing.

Overview (each region's strongest point in one line, near-duplicates dropped), shared
practices (verb and object, 设立临时党支部, that two or more regions report) and the
comparison table (figure categories × regions).
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Sequence

from ..model import ComparisonRow, Digest, Figure, IndicatorKind, Point, Report, Skipped, Theme
from ..ranking.practices import practice_key, usual
from ..ranking.trim import shorten
from ..understanding.figures import category_names, vague
from ..understanding.indicators import indicator_names
from ..understanding.kinds import digest_topic
from .budget import CELL_FIGURES, MAX_THEMES, OVERVIEW_CHARS, Budget, refit

DEFAULT_TITLE = "工作跨地区简报"
NEUTRAL_TITLE = "跨地区工作简报"
"""The title when nothing names the reports' kind: 工作跨地区简报 alone does not read as Chinese."""
NEAR_DUPLICATE = 0.5
"""Character-bigram Jaccard above which two overview sentences say the same thing."""
MIN_INDICATOR_REPORTS = 3
"""The 主要指标 table compares regions: with fewer reports stating indicators it is a list."""
ROWS_BESIDE_INDICATORS = 3
"""Comparison rows beside the 主要指标 tables: one table's worth (the Markdown sets three a table)."""


def digest_title(reports: Sequence[Report]) -> str:
    """``疫情防控工作跨地区简报``: the kinds of the reports (:func:`~summarizer.understanding.kinds.digest_topic`:
    one kind's name, two kinds' names) plus 跨地区简报; when no report is of a known kind, the
    most shared keyword across reports plus 工作跨地区简报; with neither, 跨地区工作简报."""
    topic = digest_topic([r.kind for r in reports])
    if topic:
        return NEUTRAL_TITLE if f"{topic}跨地区简报" == DEFAULT_TITLE else f"{topic}跨地区简报"
    counts: Counter[str] = Counter()
    for r in reports:
        counts.update(set(r.keywords[:5]) | set(r.keyphrases[:3]))
    shared = [w for w, c in counts.most_common() if c >= 2]
    topic = max(shared, key=lambda w: (counts[w], len(w), w)) if shared else ""
    return f"{topic}{DEFAULT_TITLE}" if topic else NEUTRAL_TITLE


def order_key(report: Report) -> tuple[int, str, str]:
    """Province, then city, then county by division code; reports without a region last."""
    code = report.region.code
    return (0, code, report.path) if code else (1, "", report.path)


def _bigrams(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1)}


def _similar(a: set[str], b: set[str]) -> bool:
    return bool(a and b) and len(a & b) / len(a | b) >= NEAR_DUPLICATE


def _prefix(grams: set[str]) -> list[str]:
    """The first bigrams in a fixed order, as many as any set similar enough to ``grams``
    must share one of (prefix filtering)."""
    keep = len(grams) - math.floor(NEAR_DUPLICATE * len(grams)) + 1
    return sorted(grams)[:keep]


_NUMBER = re.compile(r"\d")


def overview(reports: Sequence[Report], chars: int = OVERVIEW_CHARS) -> tuple[Point, ...]:
    """One line per report: its best summary sentence with a number (else its best) that is not a near-duplicate of a
    line already given, cut at clause boundaries to ``chars`` where its figures
    are (the line starts with the region, which says who acts)."""
    seen: list[set[str]] = []
    # Each kept line is indexed under the first of its bigrams in a fixed order (prefix
    # filtering): a line with Jaccard >= NEAR_DUPLICATE to it must share one of them, so
    # only those few are compared instead of every line kept so far, which grew with the
    # square. A report's later sentences are cut and compared only when its best is a
    # near-duplicate.
    index: defaultdict[str, list[int]] = defaultdict(list)
    points: list[Point] = []
    for report in reports:
        # A line with a number before one without: a fact, not the report's stance.
        for sentence in sorted(report.highlights, key=lambda s: not _NUMBER.search(s.text)):
            text = shorten(sentence.text, chars)
            grams = _bigrams(text)
            prefix = _prefix(grams)
            candidates = {i for g in prefix for i in index.get(g, ())}
            if any(_similar(grams, seen[i]) for i in candidates):
                continue
            for g in prefix:
                index[g].append(len(seen))
            seen.append(grams)
            points.append(Point(report.label, text, report.path, sentence.where, report.unit))
            break
    return tuple(points)


def _inserted(short: str, long: str) -> bool:
    """Whether ``long`` is ``short`` with words inserted inside it, its opening and its head
    kept (扫黑除恶斗争 → 扫黑除恶专项斗争): the same measure, written out in full."""
    if len(short) < 4 or len(long) <= len(short):
        return False
    head = 0
    while head < len(short) and short[head] == long[head]:
        head += 1
    return head >= 2 and len(short) - head >= 2 and long.endswith(short[head:])


def _variants(keys: Sequence[tuple[str, str]]) -> list[tuple[tuple[str, str], tuple[str, str]]]:
    """Pairs (short, long) of practices of one action whose objects are one measure written
    shorter and in full; each short form goes to the first long form found, in sorted order.

    Only keys of one action whose objects share their first and last two characters can be
    such a pair (:func:`_inserted`): each is compared within that group, not with every key,
    which grew with the square of a thousand reports' practices.
    """
    groups: defaultdict[tuple[str, str, str], list[tuple[str, str]]] = defaultdict(list)
    for key in sorted(keys):
        groups[key[0], key[1][:2], key[1][-2:]].append(key)
    pairs = []
    taken: set[tuple[str, str]] = set()
    for short in sorted(keys):
        for long in groups[short[0], short[1][:2], short[1][-2:]]:
            if short not in taken and long not in taken and _inserted(short[1], long[1]):
                pairs.append((short, long))
                taken.add(short)
                break
    return pairs


def themes(reports: Sequence[Report], most: int = MAX_THEMES) -> tuple[Theme, ...]:
    """Practices that two or more regions report, most widely shared first.

    Mentions of one object with verbs of one action class are one practice (成立 / 组建
    临时党支部), shown with the verb the regions use most; an object written shorter is the
    same practice as the one written in full (推进扫黑除恶斗争 / 推进扫黑除恶专项斗争), shown as
    more regions write it.
    """
    regions: defaultdict[tuple[str, str], set[str]] = defaultdict(set)
    verbs: defaultdict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    rank: Counter[tuple[str, str]] = Counter()
    for report in reports:
        for i, practice in enumerate(report.practices):
            shared_as = practice_key(practice)
            regions[shared_as].add(report.label)
            verbs[shared_as][practice.verb] += 1
            rank[shared_as] += i
    merged: dict[tuple[str, str], tuple[str, str]] = {}

    def into(key: tuple[str, str]) -> tuple[str, str]:
        while key in merged:
            key = merged[key]
        return key

    for short, long in _variants(list(regions)):
        a, b = into(short), into(long)
        if a == b:
            continue
        # The wording more regions use names the measure (成立临时党支部, not the one region's
        # 临时火线党支部); on a tie, the one written in full.
        keep, drop = (b, a) if len(regions[b]) >= len(regions[a]) else (a, b)
        regions[keep] |= regions.pop(drop)
        verbs[keep] += verbs.pop(drop)
        rank[keep] += rank.pop(drop)
        merged[drop] = keep
    shared = [key for key, where in regions.items() if len(where) >= 2]
    shared.sort(key=lambda k: (-len(regions[k]), rank[k] / len(regions[k]), k))
    order = {label: i for i, label in enumerate(dict.fromkeys(r.label for r in reports))}
    out = []
    for k in shared[:most]:
        out.append(Theme(usual(verbs[k]) + k[1], "practice", tuple(sorted(regions[k], key=order.__getitem__))))
    return tuple(out)


def comparison(
    reports: Sequence[Report], limit: int | None = None, per_cell: int = CELL_FIGURES
) -> tuple[tuple[str, ...], tuple[ComparisonRow, ...]]:
    """Columns (regions in digest order) and one row per figure category that two or more regions report.

    Rows come in the order of the categories of the kinds present, the most common kind's
    first, then the rows taken from headings (kinds without categories) as they come;
    with a ``limit``, only that many rows, those most regions report; ``per_cell`` figures a
    cell at most. A figure with a
    vague label (项目 116个) is not compared.
    """
    columns = tuple(dict.fromkeys(r.label for r in reports))
    cells: defaultdict[tuple[str, str], list[Figure]] = defaultdict(list)
    seen: dict[str, None] = {}
    for report in reports:
        for fig in report.figures:
            if fig.category and not vague(fig.label):
                cells[fig.category, report.label].append(fig)
                seen[fig.category] = None
    present = Counter(r.kind for r in reports)
    names = category_names(sorted(present, key=lambda k: -present[k]))
    rows = []
    for category in dict.fromkeys([*names, *seen]):
        row = tuple(tuple(cells.get((category, col), [])[:per_cell]) for col in columns)
        if sum(1 for cell in row if cell) >= 2:
            rows.append(ComparisonRow(category, row))
    if limit is not None and len(rows) > limit:
        widest = {id(r) for r in sorted(rows, key=lambda r: -sum(1 for cell in r.cells if cell))[:limit]}
        rows = [r for r in rows if id(r) in widest]
    return columns, tuple(rows)


def indicator_columns(reports: Sequence[Report], most: int | None = None) -> tuple[tuple[str, IndicatorKind], ...]:
    """The indicators most of the reports that state indicators state, results then targets,
    each in the fixed order of ``data/indicators.toml``; with ``most``, only that many, those
    the most reports state, results before targets."""
    stating = [r for r in reports if r.indicators]
    if len(stating) < MIN_INDICATOR_REPORTS:
        return ()
    counts = Counter((i.name, i.kind) for r in stating for i in r.indicators)
    order = {name: i for i, name in enumerate(indicator_names())}
    shared = [key for key, n in counts.items() if 2 * n > len(stating)]
    if most is not None:
        shared = sorted(shared, key=lambda k: (k[1] != "result", -counts[k], order[k[0]]))[:most]
    return tuple(sorted(shared, key=lambda k: (k[1] != "result", order[k[0]])))


def build_digest(
    reports: Sequence[Report], skipped: Sequence[Skipped] = (), title: str | None = None, within: Budget | None = None
) -> Digest:
    """The digest: reports ordered by region, overview, themes and comparison table.

    ``within`` a tighter budget than the reports were analysed in (``--pages``): each
    report's part is fitted to it (:func:`~summarizer.briefing.budget.refit`) and the
    overview, practices and tables are sized by it.
    """
    if within is not None:
        reports = [refit(r, within) for r in reports]
    sizes = within or Budget(0, 0)  # the cross-report parts whole
    ordered = tuple(sorted(reports, key=order_key))
    indicators = indicator_columns(ordered, sizes.indicators)
    # Beside the 主要指标 tables, one table of the figures most regions report is enough.
    limits = [n for n in (ROWS_BESIDE_INDICATORS if indicators else None, sizes.rows) if n is not None]
    if not indicators:
        limits = [max(1, n) for n in limits]  # a table dropped for space is not "nothing to compare"
    columns, rows = comparison(ordered, min(limits, default=None), sizes.cell_figures)
    return Digest(
        reports=ordered,
        skipped=tuple(sorted(skipped, key=lambda s: s.path)),
        title=title or digest_title(ordered),
        overview=overview(ordered, sizes.overview),
        themes=themes(ordered, sizes.themes),
        columns=columns,
        comparison=rows,
        indicator_columns=indicators,
    )
