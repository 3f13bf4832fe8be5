"""Choosing key sentences: by TextRank score and preference, with MMR redundancy removal, within a budget."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

from .model import Section, Sentence
from .textrank import Ranking

MIN_SUMMARY_SENTENCE = 16
"""A clause this short (下发“红色动员令”。) is a run-in label, not a point worth a summary line."""
MMR_LAMBDA = 0.7
"""Weight of relevance against novelty when picking the next sentence (MMR)."""
FIGURE_BONUS = 0.3
"""Score boost per figure a sentence carries (up to FIGURE_CAP): briefings quote numbers."""
FIGURE_CAP = 3
# A bonus for the opening sentence was tried and lowered ROUGE-L on the dev set; the
# references quote practices with their numbers, wherever they stand.


def preferences(figure_counts: Mapping[int, int]) -> dict[int, float]:
    """Score multipliers for selection from the number of figures each sentence carries."""
    return {i: 1 + FIGURE_BONUS * min(n, FIGURE_CAP) for i, n in figure_counts.items() if n}


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
) -> tuple[Sentence, ...]:
    """Pick key sentences by score with MMR redundancy removal, returned in original order.

    ``prefer`` maps sentence indices to score multipliers (sentences that carry figures).
    With ``max_chars``, sentences longer than the budget, or shorter than
    ``MIN_SUMMARY_SENTENCE``, are only considered when nothing else is left.
    """
    prefer = prefer or {}
    if max_chars is not None:
        fitting = [s for s in candidates if MIN_SUMMARY_SENTENCE <= len(s.text) <= max_chars]
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
        if max_chars is not None and chosen and used + len(best.text) > max_chars:
            # Too long for what is left of the budget: not chosen, so it must not make
            # the sentences like it look redundant either.
            continue
        chosen.append(best)
        used += len(best.text)
        if max_chars is not None:
            if used >= max_chars:
                break
            # The budget only shrinks: what is too long now never fits. Dropping it here
            # instead of one per round keeps a long report's summary linear in its length.
            pool = {i: s for i, s in pool.items() if used + len(s.text) <= max_chars}
        picked = terms[best.index]
        for i in pool:
            redundancy[i] = max(redundancy[i], _overlap(terms[i], picked))
    return tuple(sorted(chosen, key=lambda s: s.index))


def key_sentences_per_section(
    sections: Sequence[Section], ranking: Ranking, prefer: Mapping[int, float] | None = None
) -> tuple[Section, ...]:
    """Each section with its own key sentences: one, plus one per six sentences, at most three."""
    out = []
    for sec in sections:
        k = min(3, 1 + len(sec.sentences) // 6)
        keys = select(sec.sentences, ranking, max_sentences=k, prefer=prefer)
        out.append(Section(sec.heading, sec.level, sec.sentences, keys))
    return tuple(out)
