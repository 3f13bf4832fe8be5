"""Key sentence selection: within a budget, cut to fit before a better sentence is dropped."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from summarizer.model import Sentence
from summarizer.ranking.select import MIN_PIECE, OVERRUN, select
from summarizer.ranking.textrank import Ranking


def test_summaries_fit_their_budget_and_never_pick_a_heading(seed_reports: dict[str, Any]) -> None:
    for report in seed_reports.values():
        headings = {s.heading for s in report.sections}
        assert report.summary and report.keywords
        assert not any(s.text in headings for s in report.summary)
        assert all(len(s.text) >= MIN_PIECE for s in report.summary)
        indices = [s.index for s in report.summary]
        assert indices == sorted(indices)
        assert sum(len(s.text) for s in report.summary) <= 200 * (1 + OVERRUN)
        assert len(report.highlights) == len(report.summary)


CLAUSE = st.integers(16, 60).map(lambda n: "字" * n)
SENTENCE = st.lists(CLAUSE, min_size=1, max_size=6).map(lambda parts: "，".join(parts) + "。")
REPORTS = st.lists(st.tuples(SENTENCE, st.floats(0.01, 1)), min_size=1, max_size=20)


@settings(max_examples=300, deadline=None)
@given(REPORTS, st.sampled_from([60, 160, 300]))
def test_the_best_sentence_is_cut_to_fit_rather_than_dropped(report: list[Any], budget: int) -> None:
    sentences = [Sentence(text, i) for i, (text, _) in enumerate(report)]
    ranking = Ranking({i: r[1] for i, r in enumerate(report)}, {i: frozenset() for i in range(len(report))})
    ranked: list[Sentence] = []
    chosen = select(sentences, ranking, max_chars=budget, ranked=ranked)
    assert chosen and sorted(chosen, key=lambda s: s.index) == list(chosen)
    assert ranked[0].index == max(range(len(report)), key=lambda i: (report[i][1], -i))
    assert len(ranked[0].text) <= budget * (1 + OVERRUN)
    assert sum(len(s.text) for s in ranked[1:]) <= max(0, budget - len(ranked[0].text))
    for s in chosen:
        assert s.text.rstrip("。").removesuffix("等").rstrip("…") in sentences[s.index].text
