"""Choosing key sentences: by TextRank score and preference, with MMR redundancy removal,
each cut to its factual core (``trim``) so that a budget is met by trimming before a
better sentence is dropped for a worse one."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence

from ..model import Sentence
from .textrank import Ranking
from .trim import Core, shorten

MIN_SUMMARY_SENTENCE = 16
"""A clause this short (下发“红色动员令”。) is a run-in label, not a point worth a summary line."""
MMR_LAMBDA = 0.7
"""Weight of relevance against novelty when picking the next sentence (MMR)."""
FIGURE_BONUS = 0.3
"""Score boost per figure a sentence carries (up to FIGURE_CAP): briefings quote numbers."""
FIGURE_CAP = 3
RHETORIC_PENALTY = 0.8
"""A sentence of set phrases only (坚决打赢疫情防控阻击战) keeps a fifth of its score. On the
corpus references 0.5 and 0.8 score alike and 0.3 or less loses 0.85 ROUGE-L; on the five
seeds 0.5 scores 3.1 higher, by leading 通渭县 and 新海镇 with their stance sentences,
which left 通渭县's part without the figures its reference gives. Facts first."""
QUOTATION = 0.5
"""A sentence that is one quotation (a resident's words, a slogan) is an anecdote, not a fact."""
LEAD_BONUS = 1.0
"""The first substantive sentence (not a quotation, not set phrases) states the gist: a
news page's lead, a work report's overview. Doubled, it lifted ROUGE-L on both the seed
and the corpus references; a bonus reaching further down picked later details instead."""
_QUOTES = ("“", '"', "「")
_UNQUOTES = ("”", '"', "」")
MIN_PIECE = 16
"""What is left of a budget is not spent on a cut shorter than this: a fragment, not a point."""
MIN_KEPT = 0.5
"""A later pick cut to fit keeps at least this share of its core; less is a fragment
(隆昌市委组织部常务副部长谢庆诗坚持“5+2”“白+黑”。) that fills the budget and says nothing."""
OVERRUN = 0.2
"""A summary's first sentence may exceed the budget by this share, cut down to it if longer."""


def preferences(
    sentences: Sequence[Sentence], figure_counts: Mapping[int, int], shown: Callable[[Sentence], Core]
) -> dict[int, float]:
    """Score multipliers for selection from what is known of every sentence cheaply: the
    figures it carries and whether it is the report's lead: the first sentence that is
    not a quotation and mostly not set phrases (``shown`` gives a sentence's core).

    >>> from summarizer.ranking.trim import core
    >>> facts = "全县成立临时党支部50个，划分党员责任区509个。"
    >>> s = [Sentence("“关键时刻冲得出来，顶得上去。”", 0), Sentence(facts, 1)]
    >>> preferences(s, {1: 2}, lambda x: core(x.text))
    {1: 3.2}
    """
    out = {i: 1 + FIGURE_BONUS * min(n, FIGURE_CAP) for i, n in figure_counts.items() if n}
    for s in sentences:
        if len(s.text) < MIN_SUMMARY_SENTENCE:
            continue
        kept = shown(s)
        if not _quoted(kept.text) and kept.rhetoric < 0.5 and len(kept.text) >= MIN_SUMMARY_SENTENCE:
            out[s.index] = round(out.get(s.index, 1.0) * (1 + LEAD_BONUS), 6)
            break
    return out


def penalty(shown: Core) -> float:
    """How much of its score a sentence keeps for what it is, judged on its core: set
    phrases (坚决打赢疫情防控阻击战) and quotations lose, facts keep it all.

    >>> from summarizer.ranking.trim import core
    >>> penalty(core("“关键时刻冲得出来，顶得上去。”")), penalty(core("全县成立临时党支部50个。"))
    (0.1, 1.0)
    """
    factor = 1 - RHETORIC_PENALTY * shown.rhetoric
    if _quoted(shown.text):
        factor *= QUOTATION
    return round(factor, 6)


def _quoted(text: str) -> bool:
    return text.startswith(_QUOTES) and text.rstrip("。").endswith(_UNQUOTES)


def _overlap(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / math.sqrt(len(a) * len(b))


def select(
    candidates: Sequence[Sentence],
    ranking: Ranking,
    *,
    max_chars: int,
    prefer: Mapping[int, float] | None = None,
    trim: Callable[[Sentence], Core] | None = None,
    ranked: list[Sentence] | None = None,
) -> tuple[Sentence, ...]:
    """Pick key sentences within ``max_chars`` by score with MMR redundancy removal,
    returned in original order.

    ``prefer`` maps sentence indices to score multipliers (figures, the lead). ``trim``
    gives a sentence as it is shown, its core without lead-in and closing set phrase,
    whose :func:`penalty` its score is multiplied by. A sentence longer than what is left
    is cut at clause boundaries to fit (:func:`~summarizer.ranking.trim.shorten`); the first may
    overrun by ``OVERRUN``. Sentences shorter than ``MIN_SUMMARY_SENTENCE`` are only
    considered when nothing else is left. ``ranked``, when given, receives the picks in
    the order they were chosen (best first).
    """
    prefer = prefer or {}
    candidates = [s for s in candidates if len(s.text) >= MIN_SUMMARY_SENTENCE] or candidates
    if not candidates:
        return ()
    score = {s.index: ranking.scores.get(s.index, 0.0) for s in candidates}
    top = max(score.values()) or 1.0
    # MMR's relevance part never changes between rounds. Without the penalty it is an upper
    # bound; the penalty needs the sentence's core, so it is found only for the sentences
    # whose bound could still win (a handful), not for every sentence of the report.
    bound = {i: MMR_LAMBDA * (v / top * prefer.get(i, 1.0)) for i, v in score.items()}
    novelty = 1 - MMR_LAMBDA
    judged: dict[int, tuple[float, str]] = {}

    def judge(s: Sentence) -> tuple[float, str]:
        if s.index not in judged:
            kept = trim(s) if trim else Core(s.text, 0.0)
            judged[s.index] = (bound[s.index] * (penalty(kept) if trim else 1.0), kept.text)
        return judged[s.index]

    chosen: list[Sentence] = []
    # Keyed by index: removing a pick from a list compared dataclasses field by field.
    pool = {s.index: s for s in candidates}
    used = 0
    terms = {i: ranking.terms.get(i, frozenset()) for i in pool}
    # Highest similarity of each candidate to anything already chosen, kept up to date
    # as picks are made instead of recomputed against all of them every round.
    redundancy = dict.fromkeys(terms, 0.0)
    while pool:
        best = _best(pool, bound, redundancy, novelty, judge)
        del pool[best.index]
        whole = judge(best)[1]
        if len(whole) < MIN_SUMMARY_SENTENCE and len(candidates) > 1:
            continue  # its core is a fragment
        text = _fitted(whole, max_chars - used, max_chars, first=not chosen)
        if not text:
            # Does not fit even cut down (or only as a fragment of itself): not chosen, so
            # it must not make the sentences like it look redundant either.
            continue
        chosen.append(Sentence(text, best.index, best.where))
        used += len(text)
        if max_chars - used < MIN_PIECE:
            break
        picked = terms[best.index]
        for i in pool:
            redundancy[i] = max(redundancy[i], _overlap(terms[i], picked))
    if ranked is not None:
        ranked.extend(chosen)
    return tuple(sorted(chosen, key=lambda s: s.index))


def fill(picks: Sequence[Sentence], max_chars: int) -> tuple[Sentence, ...]:
    """Key sentences already chosen, best first and whole (a report's ``highlights``), fitted
    again into a smaller ``max_chars`` as :func:`select` fits them: each whole, cut at clause
    boundaries, or left out; returned in original order.

    >>> a, b = Sentence("全县成立临时党支部50个，下拨党费32万元。", 3), Sentence("各村劝返外来人员120人。", 1)
    >>> [s.text for s in fill([a, b], 24)]
    ['全县成立临时党支部50个，下拨党费32万元。']
    """
    chosen: list[Sentence] = []
    used = 0
    for s in picks:
        text = _fitted(s.text, max_chars - used, max_chars, first=not chosen)
        if not text:
            continue
        chosen.append(Sentence(text, s.index, s.where))
        used += len(text)
        if max_chars - used < MIN_PIECE:
            break
    return tuple(sorted(chosen, key=lambda s: s.index))


def _fitted(text: str, left: int, budget: int, *, first: bool) -> str:
    """``text`` as it can stand in what is ``left`` of a ``budget``: whole, cut at clause
    boundaries, or "" when it cannot. A later pick is cut from its start, so that it still
    says who acts, and must keep ``MIN_KEPT`` of itself; the first may be any run of its
    clauses (where its figures are), and overrun by ``OVERRUN`` when even its first clause
    is longer than the budget."""
    if len(text) <= left:
        return text
    cut = shorten(text, left, cut=False, from_start=not first) if left >= MIN_PIECE else ""
    if not cut and first:
        cut = shorten(text, int(budget * (1 + OVERRUN)))
    if len(cut) < MIN_PIECE or (not first and len(cut) < MIN_KEPT * len(text)):
        return ""
    return cut


def _best(
    pool: Mapping[int, Sentence],
    bound: Mapping[int, float],
    redundancy: Mapping[int, float],
    novelty: float,
    judge: Callable[[Sentence], tuple[float, str]],
) -> Sentence:
    """The candidate of highest MMR value (the earliest on a tie), judging candidates in the
    order of their upper bound and stopping where no bound left can reach the best value."""
    best: Sentence | None = None
    best_value = -math.inf
    for s in sorted(pool.values(), key=lambda s: (novelty * redundancy[s.index] - bound[s.index], s.index)):
        if bound[s.index] - novelty * redundancy[s.index] < best_value:
            break
        value = judge(s)[0] - novelty * redundancy[s.index]
        if value > best_value or (value == best_value and best is not None and s.index < best.index):
            best, best_value = s, value
    assert best is not None
    return best
