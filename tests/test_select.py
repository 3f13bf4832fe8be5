"""Key sentence selection: per section, within a budget, the same as the plain MMR loop."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from summarizer.model import Sentence
from summarizer.select import MIN_SUMMARY_SENTENCE, MMR_LAMBDA, _overlap, select
from summarizer.textrank import Ranking


def test_every_section_has_key_sentences_and_headings_are_not_picked(seed_reports: dict[str, Any]) -> None:
    for report in seed_reports.values():
        headings = {s.heading for s in report.sections}
        for section in report.sections:
            if section.sentences:
                assert section.key_sentences
                assert set(section.key_sentences) <= set(section.sentences)
            assert not any(k.text in headings for k in section.key_sentences)
        assert report.summary and report.keywords
        assert all(len(s.text) >= 16 for s in report.summary)
        indices = [s.index for s in report.summary]
        assert indices == sorted(indices)


def _select_without_pruning(candidates: list[Any], ranking: Any, max_chars: int) -> tuple[Any, ...]:
    """The selection loop as it was before dropping sentences that no longer fit."""
    fitting = [s for s in candidates if MIN_SUMMARY_SENTENCE <= len(s.text) <= max_chars] or candidates
    top = max(ranking.scores[s.index] for s in fitting) or 1.0
    pool, chosen, used = list(fitting), [], 0
    redundancy = {s.index: 0.0 for s in pool}
    while pool:

        def mmr(s: Any) -> tuple[float, int]:
            relevance = MMR_LAMBDA * (ranking.scores[s.index] / top)
            return relevance - (1 - MMR_LAMBDA) * redundancy[s.index], -s.index

        best = max(pool, key=mmr)
        pool.remove(best)
        if chosen and used + len(best.text) > max_chars:
            continue
        chosen.append(best)
        used += len(best.text)
        if used >= max_chars:
            break
        for s in pool:
            redundancy[s.index] = max(redundancy[s.index], _overlap(ranking.terms[s.index], ranking.terms[best.index]))
    return tuple(sorted(chosen, key=lambda s: s.index))


VOCABULARY = [f"词{i}" for i in range(12)]
REPORTS = st.lists(
    st.tuples(st.integers(5, 120), st.floats(0, 1), st.sets(st.sampled_from(VOCABULARY), max_size=5)),
    min_size=1,
    max_size=30,
)


@settings(max_examples=300, deadline=None)
@given(REPORTS, st.sampled_from([60, 160, 300]))
def test_budgeted_selection_is_the_unpruned_loop(report: list[Any], budget: int) -> None:
    sentences = [Sentence("字" * length, i) for i, (length, _, _) in enumerate(report)]
    ranking = Ranking({i: r[1] for i, r in enumerate(report)}, {i: frozenset(r[2]) for i, r in enumerate(report)})
    assert select(sentences, ranking, max_chars=budget) == _select_without_pruning(sentences, ranking, budget)
