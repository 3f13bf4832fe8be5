"""The length budget: how much of the briefing each region's part and each cross-report part may take.

One :class:`Budget` says it all: characters of summary and figures listed per report (what
``--length`` sets), and the overview line, the shared practices and the tables across
reports. :func:`budget` gives the one ``--length`` names; :func:`ladder` the tighter ones
``--pages`` walks down, each region's part first, the cross-report parts after, so that a
briefing can be shortened a step at a time without analysing its reports again
(:func:`refit`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from ..model import Report
from ..options import MIN_LENGTH
from ..ranking.select import fill
from ..understanding.figures import key_figures
from .outline import outline

FIGURE_EVERY = 25
"""One key figure listed per this many characters of summary (8 for ``standard``)."""
MIN_FIGURES = 3
"""A region's part lists at least this many figures, unless the briefing must be shortened."""
OVERVIEW_CHARS = 80
"""An overview line is one line of the briefing: a region's best sentence cut to this."""
CELL_FIGURES = 3
"""At most this many figures per table cell; a briefing table is read at a glance."""
MAX_THEMES = 10
SHRINK = 0.7
"""Each step of :func:`ladder` keeps this share of a region's part."""
ONE_LINE = 22
"""A region's part as one line of the Word template: 28 characters a line (A4, GB/T 9704
margins, 16 pt), less the first line's indent of two and the share a first sentence may
overrun its budget (:data:`~summarizer.ranking.select.OVERRUN`)."""


@dataclass(frozen=True)
class Budget:
    """How much of the briefing each part may take; ``None`` leaves a part as the digest makes it."""

    length: int
    """Characters of summary per report."""
    figures: int
    """Key figures each region's part lists."""
    overview: int = OVERVIEW_CHARS
    """Characters of an overview line."""
    cell_figures: int = CELL_FIGURES
    """Figures per cell of the comparison table."""
    rows: int | None = None
    """Rows of the comparison table at most (those most regions report)."""
    indicators: int | None = None
    """Headline indicators compared at most (results first); the comparison table may go
    where they stand in for it."""
    themes: int = MAX_THEMES
    """Shared practices listed at most."""


def budget(length: int) -> Budget:
    """The budget ``--length`` names: ``length`` characters of summary a report, figures in
    proportion (8 for ``standard``), the cross-report parts whole.

    >>> budget(200).figures, budget(100).figures
    (8, 4)
    """
    return Budget(length, max(MIN_FIGURES, length // FIGURE_EVERY))


def ladder(length: int) -> tuple[Budget, ...]:
    """Ever tighter budgets from ``length`` on, the first :func:`budget` itself.

    Each region's part is shortened first, by ``SHRINK`` a step down to ``MIN_LENGTH``, with
    fewer figures; then the tables (one figure a cell, fewer rows and indicators), the
    figures each part lists, the overview lines and the practices; then each part is one
    line, and the comparison table gives way to the headline indicators where there are
    any; last, each part keeps its heading, title and place, the overview giving each
    region its line.

    >>> [b.length for b in ladder(200)]
    [200, 140, 98, 68, 47, 40, 40, 40, 40, 22, 0]
    """
    steps = [budget(length)]
    while steps[-1].length > MIN_LENGTH:
        shorter = max(MIN_LENGTH, int(steps[-1].length * SHRINK))
        steps.append(Budget(shorter, max(1, shorter // FIGURE_EVERY)))
    steps.append(replace(steps[-1], cell_figures=1, rows=3, indicators=5))
    steps.append(replace(steps[-1], figures=0, rows=2, indicators=4, themes=5, overview=50))
    steps.append(replace(steps[-1], rows=1, indicators=3, themes=3, overview=30))
    steps.append(replace(steps[-1], length=ONE_LINE, rows=0, indicators=2, themes=2, overview=20))
    steps.append(replace(steps[-1], length=0))
    return tuple(steps)


def refit(report: Report, within: Budget) -> Report:
    """The report's part within a tighter budget, from what its analysis kept: its key
    sentences re-fitted best first (:func:`~summarizer.ranking.select.fill`), a results-first
    report's results and targets cut again (:func:`~summarizer.briefing.outline.outline`),
    and fewer of its figures listed."""
    if not within.length:
        return replace(report, summary=(), key_figures=())
    plan = outline(report.sentences, report.indicators, report.figures, within.length)
    if plan:
        allowed = {s.index for s in plan.candidates}
        summary = plan.arrange(fill([s for s in report.highlights if s.index in allowed], plan.budget))
        # Its figures were chosen from its achievements' sentences: fewer of the same.
        pool = report.key_figures
    else:
        summary = fill(report.highlights, within.length)
        pool = report.figures
    listed = key_figures(pool, summary, within.figures) if within.figures else ()
    return replace(report, summary=summary, key_figures=listed)
