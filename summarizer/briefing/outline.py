"""Results first: a report that states headline indicators is summarised as a briefing gives it.

Its headline results open the summary, then its achievements (key sentences from the
review), then the coming year's main targets, each cut from the report's own sentences
where its indicators are written (``全市地区生产总值971.3亿元，同比增长12%；…``), so that
every line still stands in its file. A report that states fewer indicators than
``MIN_INDICATORS`` is summarised as before.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from ..model import Figure, Indicator, IndicatorKind, Section, Sentence
from ..ranking.textrank import Ranking
from ..understanding.figures import key_figures
from ..understanding.indicator_rules import rules

MIN_INDICATORS = 3
"""Fewer than this, of results or of targets, is a figure in passing, not a report's headline."""
RESULT_SHARE = 0.4
"""Of the summary's length, at most this much for the headline results ..."""
TARGET_SHARE = 0.3
"""... and this much for the targets; the rest is the achievements'."""
STATING_SENTENCES = 2
"""Results are often stated in two places (the economy, then incomes), targets in two
sentences of their paragraph: at most this many of each."""
TARGET_LABEL = "主要预期目标："
"""What targets cut from a sentence that does not say so are shown under."""
_CLAUSE_MARKS = "，；;,：:"
_YEAR = re.compile(r"((?:19|20)\d\d)年")
HEADING_WEIGHT = 3
"""A year in the heading over the results (一、2023年工作回顾) counts for this many in the text."""


@dataclass(frozen=True)
class Outline:
    """What a results-first summary is made of: the results and targets cut from their
    sentences, the sentences achievements may come from, and the length left for them."""

    results: tuple[Sentence, ...]
    targets: tuple[Sentence, ...]
    candidates: tuple[Sentence, ...]
    budget: int

    def arrange(self, achievements: Sequence[Sentence]) -> tuple[Sentence, ...]:
        """The summary in briefing order: results, achievements, targets."""
        return (*self.results, *achievements, *self.targets)


def _cut(s: Sentence, spans: Sequence[tuple[int, int]], start: int, limit: int) -> Sentence | None:
    """``s`` from ``start`` to the end of its last indicator that fits in ``limit`` characters."""
    ends = [end for _, end in sorted(spans) if end - start <= limit]
    if not ends:
        return None
    text = s.text[start : max(ends)].rstrip(_CLAUSE_MARKS) + "。"
    return Sentence(text, s.index, s.where)


def _by_sentence(indicators: Sequence[Indicator], kind: IndicatorKind) -> dict[int, list[Indicator]]:
    out: dict[int, list[Indicator]] = {}
    for ind in indicators:
        if ind.kind == kind:
            out.setdefault(ind.index, []).append(ind)
    return out


def _stated(
    sentences: Sequence[Sentence], indicators: Sequence[Indicator], kind: IndicatorKind, limit: int
) -> list[Sentence]:
    """The sentences stating most indicators of ``kind`` (at most ``STATING_SENTENCES``), each
    cut to where they are written, in text order; targets open with the clause that
    announces them (主要预期目标是：), or with that label where their sentence has none."""
    by_sentence = _by_sentence(indicators, kind)
    text_of = {s.index: s for s in sentences}
    out: list[Sentence] = []
    left = limit
    for i in sorted(by_sentence, key=lambda i: (-len(by_sentence[i]), i))[:STATING_SENTENCES]:
        if out and len(by_sentence[i]) < 2:
            break  # a second sentence earns its place with two indicators or more
        s, spans = text_of[i], [ind.span for ind in by_sentence[i]]
        start = first = min(a for a, _ in spans)
        cue = rules().target.search(s.text, 0, first) if kind == "target" else None
        if cue:
            start = max(s.text.rfind(mark, 0, cue.start()) + 1 for mark in _CLAUSE_MARKS)
            if first - start > left // 2:
                start = first  # a long preamble (综合考虑各方面因素，…) is not worth the space
        cut = _cut(s, spans, start, left)
        if cut:
            out.append(cut)
            left -= len(cut.text)
    out.sort(key=lambda s: s.index)
    if kind == "target" and out and not rules().target.search(out[0].text):
        out[0] = Sentence(TARGET_LABEL + out[0].text, out[0].index, out[0].where)
    return out


def outline(
    sentences: Sequence[Sentence], indicators: Sequence[Indicator], figures: Sequence[Figure], length: int
) -> Outline | None:
    """The results-first plan of a report's summary within ``length``, or None when the
    report does not state enough indicators to lead with.

    Achievements are measures with their numbers (``改造厕所4055座``) from the review: the
    sentences before the targets that carry a figure.
    """
    results = sum(1 for ind in indicators if ind.kind == "result")
    targets = sum(1 for ind in indicators if ind.kind == "target")
    if results < MIN_INDICATORS and targets < MIN_INDICATORS:
        return None
    lead = _stated(sentences, indicators, "result", int(length * RESULT_SHARE)) if results >= MIN_INDICATORS else []
    tail = _stated(sentences, indicators, "target", int(length * TARGET_SHARE)) if targets >= MIN_INDICATORS else []
    used = {s.index for s in (*lead, *tail)}
    # Achievements come from the review: what follows the targets is the year's plans.
    first_target = min((ind.index for ind in indicators if ind.kind == "target"), default=None)
    review = [s for s in sentences if s.index not in used and (first_target is None or s.index < first_target)]
    counted = {f.index for f in figures}
    candidates = tuple(s for s in review if s.index in counted) or tuple(review)
    budget = length - sum(len(s.text) for s in (*lead, *tail))
    return Outline(tuple(lead), tuple(tail), candidates, budget)


def achievement_figures(
    plan: Outline, figures: Sequence[Figure], ranking: Ranking, picked: Sequence[Sentence], limit: int
) -> tuple[Figure, ...]:
    """The figures a results-first part lists: those of its achievements and of the review's
    best-ranked sentences after them, never the headline indicators again or the plans."""
    best = sorted(plan.candidates, key=lambda s: (-ranking.scores.get(s.index, 0.0), s.index))[:limit]
    among = {s.index for s in (*picked, *best)}
    summary = (*plan.results, *picked, *plan.targets)
    return key_figures([f for f in figures if f.index in among], summary, limit)


def reviewed_year(sections: Sequence[Section], indicators: Sequence[Indicator]) -> int | None:
    """The year a report's results are of: the year most named in the headings over its
    result indicators and in their sentences (``一、2023年工作回顾``), the latest on a tie."""
    at = {ind.index for ind in indicators if ind.kind == "result"}
    counts: Counter[int] = Counter()
    part = ""  # the heading of the part a section stands in (一、2023年工作回顾 over （一）…)
    for sec in sections:
        if sec.level <= 1:
            part = sec.heading or ""
        stating = [s for s in sec.sentences if s.index in at]
        if not stating:
            continue
        for year in _YEAR.findall(part if sec.level > 1 else sec.heading or ""):
            counts[int(year)] += HEADING_WEIGHT
        for s in stating:
            counts.update(int(year) for year in _YEAR.findall(s.text))
    return max(counts, key=lambda y: (counts[y], y)) if counts else None
