"""The graph engine: PageRank against its closed form, similarity, agreement with textrank4zh."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from summarizer import Options, read_report
from summarizer.model import Sentence
from summarizer.pipeline import tag
from summarizer.ranking.textrank import DAMPING, pagerank, pagerank_edges, rank, similarity_matrix

from .conftest import SEEDS


def closed_form(weights: np.ndarray, damping: float = DAMPING) -> np.ndarray:
    """PageRank solved as a linear system: x = (1-d)/n · 1 + d · Mᵀx, dangling nodes spread evenly."""
    n = len(weights)
    out = weights.sum(axis=1)
    transition = np.where(out[:, None] > 0, weights / np.where(out == 0, 1, out)[:, None], 1.0 / n)
    return np.linalg.solve(np.eye(n) - damping * transition.T, np.full(n, (1 - damping) / n))


def test_pagerank_matches_the_closed_form_on_a_symmetric_graph() -> None:
    w = np.array([[0, 1, 1], [1, 0, 0], [1, 0, 0]], dtype=float)
    x = pagerank(w, tol=1e-12)
    assert x == pytest.approx(closed_form(w), abs=1e-9)
    # Without damping, PageRank of an undirected graph is its degree distribution.
    assert pagerank(w, damping=0.9999, tol=1e-14, max_iter=100000) == pytest.approx([0.5, 0.25, 0.25], abs=1e-3)


@settings(max_examples=100, deadline=None)
@given(
    arrays(
        np.float64,
        st.tuples(st.integers(1, 12), st.integers(1, 12)).map(lambda s: (s[0], s[0])),
        elements=st.sampled_from([0.0, 0.5, 1.0, 2.0]),
    )
)
def test_pagerank_is_the_closed_form_on_any_graph(weights: np.ndarray) -> None:
    np.fill_diagonal(weights, 0.0)
    assert pagerank(weights, tol=1e-12, max_iter=10000) == pytest.approx(closed_form(weights), abs=1e-8)


@settings(max_examples=50, deadline=None)
@given(st.integers(2, 60), st.integers(0, 2**32 - 1))
def test_pagerank_over_edges_matches_the_matrix_form(n: int, seed: int) -> None:
    rng = np.random.default_rng(seed)
    adj = (rng.random((n, n)) < 0.1).astype(float)
    adj = np.maximum(adj, adj.T)
    np.fill_diagonal(adj, 0.0)
    a, b = np.nonzero(adj)
    assert np.allclose(pagerank_edges(n, a, b), pagerank(adj), atol=1e-9)


def test_bm25_similarity_is_symmetric_without_self_loops() -> None:
    sim = similarity_matrix([["党员", "志愿者"], ["党员", "口罩"], ["口罩"]], "bm25")
    assert (sim == sim.T).all() and (sim.diagonal() == 0).all()
    assert sim[0, 2] == 0 and sim[0, 1] > 0


def _owner(ours: list[str], theirs: str) -> int | None:
    return next((i for i, s in enumerate(ours) if theirs in s), None)


def test_top3_agrees_with_textrank4zh() -> None:
    pytest.importorskip("textrank4zh")
    from summarizer.evaluation.reference import _textrank4zh

    textrank4zh, _ = _textrank4zh()
    agree = 0
    options = Options(tokenizer="jieba")
    for path in sorted(SEEDS.glob("*.txt")):
        sentences = read_report(path, options).sentences
        texts = [s.text for s in sentences]
        ranking = rank(sentences, tag(sentences, options), "overlap")
        # textrank4zh skips sentences shorter than 6 characters when it reports the top ones.
        eligible = [(i, s) for i, s in enumerate(sentences) if len(s.text) >= 6]
        ours = {i for i, _ in sorted(eligible, key=lambda p: -ranking.scores[p[1].index])[:3]}
        # One sentence per line and no other delimiter, so both engines rank the same sentences.
        tr = textrank4zh.TextRank4Sentence(delimiters=["\n"])
        tr.analyze(text="\n".join(texts), lower=True)
        theirs = {_owner(texts, item.sentence) for item in tr.get_key_sentences(num=3)}
        agree += ours == theirs
    assert agree >= 4


def test_a_very_long_report_is_ranked_in_blocks(monkeypatch: pytest.MonkeyPatch) -> None:
    import summarizer.ranking.textrank as textrank

    words = ["党员", "干部", "社区", "防控", "物资", "志愿者", "捐款", "党费"]
    sentences = [Sentence(f"句{i}", i) for i in range(25)]
    tokens = [[(w, "n") for w in (words[i % 8], words[(i * 3) % 8], words[(i * 5 + 1) % 8])] for i in range(25)]
    whole = rank(sentences, tokens).scores
    monkeypatch.setattr(textrank, "MAX_GRAPH_SENTENCES", 10)  # 3 blocks of 8, 8 and 9
    blocks = rank(sentences, tokens).scores
    assert sorted(blocks) == list(range(25))
    assert sum(blocks.values()) == pytest.approx(1.0)
    assert blocks != whole
    first = rank(sentences[:8], tokens).scores  # the first block on its own, rescaled by its share
    assert [blocks[i] for i in range(8)] == pytest.approx([first[i] * 8 / 25 for i in range(8)])


def test_the_reference_engine_ranks_with_textrank4zh_itself() -> None:
    """--engine textrank4zh scores with textrank4zh's own segmentation and graph: same algorithm
    as ours, so the order mostly agrees, but the scores are its own."""
    pytest.importorskip("textrank4zh")
    from summarizer.pipeline import rank_report

    options = Options()
    sentences = read_report(SEEDS / "004_9f45e3f91ec10f20.txt").sentences
    ours = rank_report(sentences, tag(sentences, options), options)
    theirs = rank_report(sentences, tag(sentences, options), Options(engine="textrank4zh"))
    assert set(theirs.scores) == set(ours.scores)
    assert theirs.scores != ours.scores
    assert theirs.terms != ours.terms  # its own segmentation and stop words
