"""Choosing key sentences: by TextRank score and preference, with MMR redundancy removal,
each cut to its factual core (``trim``) so that a budget is met by trimming before a
better sentence is dropped for a worse one."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

from .model import Sentence
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
"""A sentence of set phrases only (坚决打赢疫情防控阻击战) keeps a fifth of its score."""
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
OVERRUN = 0.2
"""A summary's first sentence may exceed the budget by this share, cut down to it if longer."""


def preferences(
    sentences: Sequence[Sentence], figure_counts: Mapping[int, int], cores: Mapping[int, Core]
) -> dict[int, float]:
    """Score multipliers for selection, from the number of figures each sentence carries,
    its share of set phrases, whether it is a quotation, and whether it is the report's
    lead; all judged on its ``cores`` (:func:`~summarizer.trim.core`), as it would be shown.

    >>> from summarizer.trim import core
    >>> facts = "全县成立临时党支部50个，划分党员责任区509个。"
    >>> s = [Sentence("“关键时刻冲得出来，顶得上去。”", 0), Sentence(facts, 1)]
    >>> preferences(s, {1: 2}, {x.index: core(x.text) for x in s})
    {0: 0.1, 1: 3.2}
    """
    out = {}
    lead_seen = False
    for s in sentences:
        shown = cores[s.index]
        factor = 1 + FIGURE_BONUS * min(figure_counts.get(s.index, 0), FIGURE_CAP)
        factor *= 1 - RHETORIC_PENALTY * shown.rhetoric
        quoted = shown.text.startswith(_QUOTES) and shown.text.rstrip("。").endswith(_UNQUOTES)
        if quoted:
            factor *= QUOTATION
        elif not lead_seen and shown.rhetoric < 0.5 and len(shown.text) >= MIN_SUMMARY_SENTENCE:
            factor *= 1 + LEAD_BONUS
            lead_seen = True
        if factor != 1:
            out[s.index] = round(factor, 6)
    return out


def _overlap(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / math.sqrt(len(a) * len(b))


def select(
    candidates: Sequence[Sentence],
    ranking: Ranking,
    *,
    max_sentences: int | None = None,
    max_chars: int | None = None,
    prefer: Mapping[int, float] | None = None,
    trim: Mapping[int, Core] | None = None,
    ranked: list[Sentence] | None = None,
) -> tuple[Sentence, ...]:
    """Pick key sentences by score with MMR redundancy removal, returned in original order.

    ``prefer`` maps sentence indices to score multipliers (sentences that carry figures,
    slogans). ``trim`` maps sentence indices to their text as it is shown (their core,
    without lead-in and closing set phrase). With ``max_chars``, a sentence longer than what is left is
    cut at clause boundaries to fit (:func:`~summarizer.trim.shorten`); the first sentence
    may overrun by ``OVERRUN``. Sentences shorter than ``MIN_SUMMARY_SENTENCE`` are only
    considered when nothing else is left. ``ranked``, when given, receives the picks in
    the order they were chosen (best first).
    """
    prefer = prefer or {}
    shown = {s.index: trim[s.index].text if trim else s.text for s in candidates} if max_chars is not None else {}
    if max_chars is not None:
        fitting = [s for s in candidates if len(shown[s.index]) >= MIN_SUMMARY_SENTENCE]
        candidates = fitting or candidates
    if not candidates:
        return ()
    if max_chars is None and max_sentences is not None and len(candidates) <= max_sentences:
        return tuple(sorted(candidates, key=lambda s: s.index))  # every one is picked anyway
    score = {s.index: ranking.scores.get(s.index, 0.0) for s in candidates}
    top = max(score.values()) or 1.0
    # MMR's relevance part never changes between rounds: computed once per candidate.
    relevance = {i: MMR_LAMBDA * (v / top * prefer.get(i, 1.0)) for i, v in score.items()}
    novelty = 1 - MMR_LAMBDA

    chosen: list[Sentence] = []
    # Keyed by index: removing a pick from a list compared dataclasses field by field.
    pool = {s.index: s for s in candidates}
    used = 0
    terms = {i: ranking.terms.get(i, frozenset()) for i in pool}
    # Highest similarity of each candidate to anything already chosen, kept up to date
    # as picks are made instead of recomputed against all of them every round.
    redundancy = dict.fromkeys(terms, 0.0)
    while pool and (max_sentences is None or len(chosen) < max_sentences):
        best = max(pool.values(), key=lambda s: (relevance[s.index] - novelty * redundancy[s.index], -s.index))
        del pool[best.index]
        if max_chars is not None:
            left = max_chars - used
            text = shown[best.index]
            if len(text) > left:
                # A later pick is cut from its start, so that it still says who acts; the
                # first may be any run of its clauses (where its figures are).
                text = shorten(text, left, cut=False, from_start=bool(chosen)) if left >= MIN_PIECE else ""
                if not text and not chosen:
                    # Even the first clause is longer than the budget: cut, within bounds.
                    text = shorten(shown[best.index], int(max_chars * (1 + OVERRUN)))
                if len(text) < MIN_PIECE:
                    # Does not fit even cut down: not chosen, so it must not make the
                    # sentences like it look redundant either.
                    continue
            best = Sentence(text, best.index, best.where)
        chosen.append(best)
        if max_chars is not None:
            used += len(best.text)
            if max_chars - used < MIN_PIECE:
                break
        picked = terms[best.index]
        for i in pool:
            redundancy[i] = max(redundancy[i], _overlap(terms[i], picked))
    if ranked is not None:
        ranked.extend(chosen)
    return tuple(sorted(chosen, key=lambda s: s.index))
