"""Ranking: agreement with textrank4zh, per-section key sentences, keywords."""

from __future__ import annotations

import re
from typing import Any

import pytest

from summarizer import Options, read_report
from summarizer.rank import pagerank, rank, similarity_matrix
from summarizer.render import report_to_dict

from .conftest import SEEDS


def _owner(ours: list[str], theirs: str) -> int | None:
    for i, s in enumerate(ours):
        if theirs in s:
            return i
    return None


def test_top3_agrees_with_textrank4zh() -> None:
    pytest.importorskip("textrank4zh")
    from summarizer.reference import _textrank4zh

    textrank4zh, _ = _textrank4zh()
    agree = 0
    for path in sorted(SEEDS.glob("*.txt")):
        report = read_report(path, Options(tokenizer="jieba"))
        sentences = report.sentences
        texts = [s.text for s in sentences]
        ranking = rank(sentences, "overlap")
        # textrank4zh skips sentences shorter than 6 characters when it reports the top ones.
        eligible = [(i, s) for i, s in enumerate(sentences) if len(s.text) >= 6]
        ours = {i for i, _ in sorted(eligible, key=lambda p: -ranking.scores[p[1].index])[:3]}
        # One sentence per line and no other delimiter, so both engines rank the same sentences.
        tr = textrank4zh.TextRank4Sentence(delimiters=["\n"])
        tr.analyze(text="\n".join(texts), lower=True)
        theirs = {_owner(texts, item.sentence) for item in tr.get_key_sentences(num=3)}
        agree += ours == theirs
    assert agree >= 4


def test_pagerank_matches_the_closed_form_on_a_symmetric_graph() -> None:
    import numpy as np

    w = np.array([[0, 1, 1], [1, 0, 0], [1, 0, 0]], dtype=float)
    x = pagerank(w)
    assert x.sum() == pytest.approx(1.0)
    assert x[0] > x[1] == pytest.approx(x[2])


def test_bm25_similarity_is_symmetric_without_self_loops() -> None:
    sim = similarity_matrix([["党员", "志愿者"], ["党员", "口罩"], ["口罩"]], "bm25")
    assert (sim == sim.T).all() and (sim.diagonal() == 0).all()
    assert sim[0, 2] == 0 and sim[0, 1] > 0


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


def test_keywords_have_no_pinyin_numbers_or_single_characters(seed_reports: dict[str, Any]) -> None:
    for report in seed_reports.values():
        for word in report.keywords:
            assert len(word) >= 2 and re.fullmatch("[\u4e00-\u9fff]+", word), word


def test_json_carries_ranking_fields(seed_reports: dict[str, Any]) -> None:
    data = report_to_dict(seed_reports["003_c2f5e837ff8a0051.txt"])
    assert data["summary"] and data["keywords"]
    assert all("key_sentences" in s for s in data["sections"])
    assert not any(re.search("[a-zāáǎàēéěèīíǐìōóǒòūúǔù]", w) for w in data["keywords"])


def test_pagerank_over_edges_matches_the_matrix_form() -> None:
    import numpy as np

    from summarizer.rank import pagerank_edges

    rng = np.random.default_rng(7)
    n = 60
    adj = (rng.random((n, n)) < 0.08).astype(float)
    adj = np.maximum(adj, adj.T)
    np.fill_diagonal(adj, 0.0)
    adj[5, :] = adj[:, 5] = 0.0  # an isolated word: the dangling case
    a, b = np.nonzero(adj)
    assert np.allclose(pagerank_edges(n, a, b), pagerank(adj), atol=1e-9)


def test_a_very_long_report_is_ranked_in_blocks(monkeypatch: pytest.MonkeyPatch) -> None:
    import summarizer.rank as rank_module
    from summarizer.model import Sentence

    words = ["党员", "干部", "社区", "防控", "物资", "志愿者", "捐款", "党费"]
    sentences = [
        Sentence(f"句{i}", i, tuple((w, "n") for w in (words[i % 8], words[(i * 3) % 8], words[(i * 5 + 1) % 8])))
        for i in range(25)
    ]
    whole = rank(sentences).scores
    monkeypatch.setattr(rank_module, "MAX_GRAPH_SENTENCES", 10)  # 3 blocks of 8, 8 and 9
    blocks = rank(sentences).scores
    assert sorted(blocks) == list(range(25))
    assert sum(blocks.values()) == pytest.approx(1.0)
    assert blocks != whole
    first = rank(sentences[:8]).scores  # the first block on its own, rescaled by its share
    assert [blocks[i] for i in range(8)] == pytest.approx([first[i] * 8 / 25 for i in range(8)])


def _select_without_pruning(candidates: list[Any], ranking: Any, max_chars: int) -> tuple[Any, ...]:
    """The selection loop as it was before dropping sentences that no longer fit."""
    from summarizer.rank import MIN_SUMMARY_SENTENCE, MMR_LAMBDA, _overlap

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


def test_budgeted_selection_is_the_unpruned_loop() -> None:
    import random

    from summarizer.model import Sentence
    from summarizer.rank import Ranking, select

    rng = random.Random(3)
    vocabulary = [f"词{i}" for i in range(12)]
    for _ in range(300):
        n = rng.randint(1, 30)
        sentences = [Sentence("字" * rng.randint(5, 120), i) for i in range(n)]
        ranking = Ranking(
            {i: rng.random() for i in range(n)},
            {i: frozenset(rng.sample(vocabulary, rng.randint(0, 5))) for i in range(n)},
        )
        budget = rng.choice([60, 160, 300])
        assert select(sentences, ranking, max_chars=budget) == _select_without_pruning(sentences, ranking, budget)
