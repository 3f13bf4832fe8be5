"""Stage 6, rank: TextRank key sentences and keywords over the tagged sentences.

TextRank (Mihalcea & Tarau, 2004, "TextRank: Bringing Order into Texts"): sentences are
nodes, edge weights are their similarity, and PageRank's stationary distribution scores
them. Unlike textrank4zh (a Python double loop and networkx) the similarity matrix is one
sparse-free matrix product and PageRank a short power iteration, so a report of 100
sentences ranks in well under a millisecond.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from itertools import pairwise
from typing import TYPE_CHECKING

from .data import read_lines
from .model import Section, Sentence, Token

if TYPE_CHECKING:
    import numpy as np

DAMPING = 0.85
"""PageRank's damping factor: the chance the random reader follows an edge rather than jumps."""
TOLERANCE = 1e-6
MAX_ITER = 200
MAX_GRAPH_SENTENCES = 800
"""Longer reports (a work report has tens of sentences, a yearbook thousands) are ranked in
consecutive blocks of at most this many: the dense similarity matrix grows with the
square of the sentence count and its product with the cube (1.3 M characters took 12 s
and 5 GB in one graph)."""
DENSE_KEYWORD_GRAPH = 3000
"""Above this many candidate words the keyword graph is iterated over its edge list
instead of a dense matrix (3,000² floats are 72 MB)."""
BM25_K1 = 1.5
BM25_B = 0.75
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


KEYWORD_WINDOW = 5
KEYWORD_TAGS = frozenset({"n", "nz", "vn", "nt", "ns", "j", "l", "an", "nr", "i"})
SENTENCE_TAGS = frozenset({"an", "i", "j", "l", "n", "nr", "nrfg", "ns", "nt", "nz", "t", "v", "vd", "vn", "eng"})
SIMILARITIES = ("overlap", "bm25")
DEFAULT_SIMILARITY = "overlap"
"""Chosen by ROUGE-L on the dev set (README: Evaluation); BM25 scored lower (28.95 vs 30.41)."""


@cache
def stop_words() -> frozenset[str]:
    """Stop words for sentence similarity (``data/stopwords.txt``)."""
    return frozenset(w.strip() for w in read_lines("stopwords.txt"))


@cache
def keyword_stop_words() -> frozenset[str]:
    """Stop words plus report boilerplate (``data/keyword_stopwords.txt``)."""
    return stop_words() | frozenset(w.strip() for w in read_lines("keyword_stopwords.txt"))


def sentence_terms(tokens: Sequence[Token]) -> list[str]:
    """Words that stand for a sentence in the graph: no punctuation, no stop words."""
    stops = stop_words()
    return [w for w, t in tokens if t != "x" and w.strip() and w not in stops]


def _matrices(term_lists: Sequence[Sequence[str]]) -> tuple[np.ndarray, np.ndarray]:
    """Term-frequency matrix (sentences × vocabulary) and sentence lengths."""
    import numpy as np

    vocab: dict[str, int] = {}
    cols = [vocab.setdefault(term, len(vocab)) for terms in term_lists for term in terms]
    lengths = np.array([len(t) for t in term_lists], dtype=float)
    width = max(len(vocab), 1)
    rows = np.repeat(np.arange(len(term_lists)), lengths.astype(int))
    flat = np.bincount(rows * width + np.array(cols, dtype=int), minlength=len(term_lists) * width)
    return flat.reshape(len(term_lists), width).astype(float), lengths


def similarity_matrix(term_lists: Sequence[Sequence[str]], kind: str = DEFAULT_SIMILARITY) -> np.ndarray:
    """Pairwise sentence similarity.

    ``overlap``: shared distinct words / (log|a| + log|b|), the measure of the TextRank
    paper as textrank4zh implements it, self-similarity included as it does.
    ``bm25``: each sentence scored as a BM25 query against the others, symmetrised;
    it weights rare shared words above common ones, which the overlap measure cannot.
    """
    import numpy as np

    n = len(term_lists)
    tf, lengths = _matrices(term_lists)
    present = (tf > 0).astype(float)
    if kind == "overlap":
        shared = present @ present.T
        with np.errstate(divide="ignore"):
            logs = np.log(np.where(lengths > 0, lengths, 1.0))
        denom = logs[:, None] + logs[None, :]
        sim = np.where((shared > 0) & (np.abs(denom) > 1e-12), shared / np.where(denom == 0, 1, denom), 0.0)
        return np.asarray(sim)
    if kind == "bm25":
        df = present.sum(axis=0)
        idf = np.log((n - df + 0.5) / (df + 0.5) + 1.0)
        avg = lengths.mean() if n and lengths.mean() > 0 else 1.0
        norm = BM25_K1 * (1 - BM25_B + BM25_B * lengths / avg)
        doc = idf * tf * (BM25_K1 + 1) / (tf + norm[:, None])
        sim = present @ doc.T
        sim = (sim + sim.T) / 2
        np.fill_diagonal(sim, 0.0)
        return np.asarray(sim)
    raise ValueError(f"unknown similarity {kind!r}; choose one of {', '.join(SIMILARITIES)}")


def pagerank(
    weights: np.ndarray, damping: float = DAMPING, tol: float = TOLERANCE, max_iter: int = MAX_ITER
) -> np.ndarray:
    """Weighted PageRank by power iteration, as networkx computes it.

    A node without out-edges (a sentence sharing no word) spreads its score evenly, so
    the scores still sum to 1; the random jump is divided by n for the same reason.
    """
    import numpy as np

    out = weights.sum(axis=1)
    # Each row scaled once by damping / out-weight: every iteration is then one product,
    # where scaling the vector each time cost a third of a small graph's ranking.
    transition = weights * _scale(out, damping)[:, None]
    return _power_iteration(out, lambda v: np.asarray(v @ transition), damping, tol, max_iter)


def pagerank_edges(
    n: int, sources: np.ndarray, targets: np.ndarray, damping: float = DAMPING, tol: float = TOLERANCE
) -> np.ndarray:
    """:func:`pagerank` of an unweighted graph given as edge lists, for graphs too big for a matrix."""
    import numpy as np

    out = np.bincount(sources, minlength=n).astype(float)
    edge_scale = _scale(out, damping)[sources]
    return _power_iteration(
        out, lambda v: np.bincount(targets, weights=v[sources] * edge_scale, minlength=n), damping, tol
    )


def _scale(out: np.ndarray, damping: float) -> np.ndarray:
    """``damping / out`` per node, 0 where a node has no out-weight."""
    import numpy as np

    return np.asarray(np.divide(damping, out, out=np.zeros(len(out)), where=out != 0))


def _power_iteration(
    out: np.ndarray,
    step: Callable[[np.ndarray], np.ndarray],
    damping: float,
    tol: float,
    max_iter: int = MAX_ITER,
) -> np.ndarray:
    """PageRank from each node's out-weight and ``step(v)``: the damped walk's product with v."""
    import numpy as np

    n = len(out)
    if n == 0:
        return np.zeros(0)
    dangling = out == 0
    spreads = bool(dangling.any())
    jump = (1 - damping) / n
    x = np.full(n, 1.0 / n)
    for _ in range(max_iter):
        prev = x
        x = step(x)
        x += damping * prev[dangling].sum() / n + jump if spreads else jump
        if np.abs(x - prev).sum() < n * tol:
            break
    return x


@dataclass(frozen=True)
class Ranking:
    """TextRank scores of a report's sentences (by ``Sentence.index``) and their term lists."""

    scores: dict[int, float]
    terms: dict[int, frozenset[str]]


def rank(sentences: Sequence[Sentence], similarity: str = DEFAULT_SIMILARITY) -> Ranking:
    """Score every sentence of a report in one graph (in blocks, for very long reports)."""
    terms = [sentence_terms(s.tokens) for s in sentences]
    n = len(terms)
    blocks = -(-n // MAX_GRAPH_SENTENCES)
    scores: list[float] = []
    for b in range(blocks):
        block = terms[b * n // blocks : (b + 1) * n // blocks]
        # Each block's scores sum to 1; scaled by its share of the report they stay
        # comparable across blocks (one block: a factor of exactly 1.0).
        scores += (pagerank(similarity_matrix(block, similarity)) * (len(block) / n)).tolist()
    return Ranking(
        {s.index: float(v) for s, v in zip(sentences, scores)},
        {s.index: frozenset(t) for s, t in zip(sentences, terms)},
    )


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


@cache
def _is_keyword_word(word: str) -> bool:
    # Pinyin fragments, numbers, codes and single characters are never keywords.
    return len(word) >= 2 and all("\u4e00" <= ch <= "\u9fff" for ch in word) and word not in keyword_stop_words()


def keywords(sentences: Sequence[Sentence], top: int = 10, window: int = KEYWORD_WINDOW) -> tuple[str, ...]:
    """TextRank keywords: words linked when they co-occur within ``window`` in a sentence."""
    import numpy as np

    vocab: dict[str, int] = {}
    ids: list[int] = []
    owners: list[int] = []
    tags = KEYWORD_TAGS
    for k, s in enumerate(sentences):
        seq = [vocab.setdefault(w, len(vocab)) for w, t in s.tokens if t in tags and _is_keyword_word(w)]
        ids += seq
        owners += [k] * len(seq)
    if not vocab:
        return ()
    # Co-occurrence pairs of all sentences at once: words ``gap`` apart in the flattened
    # sequence are linked when they belong to the same sentence.
    flat, owner = np.array(ids), np.array(owners)
    lefts, rights = [], []
    for gap in range(1, min(window, len(flat))):
        same = owner[:-gap] == owner[gap:]
        lefts.append(flat[:-gap][same])
        rights.append(flat[gap:][same])
    n = len(vocab)
    a = np.concatenate([*lefts, *rights]) if lefts else np.zeros(0, dtype=int)
    b = np.concatenate([*rights, *lefts]) if lefts else np.zeros(0, dtype=int)
    if n <= DENSE_KEYWORD_GRAPH:
        adj = np.zeros((n, n))
        adj[a, b] = 1.0
        np.fill_diagonal(adj, 0.0)
        scores = pagerank(adj)
    else:
        edges = np.unique(a[a != b] * n + b[a != b])
        scores = pagerank_edges(n, edges // n, edges % n)
    words = list(vocab)
    # Only words scoring at least the top-th best can be in the answer; sorting just
    # those (ties included) gives the same order as sorting the whole vocabulary.
    floor = np.partition(scores, len(scores) - top)[len(scores) - top] if len(scores) > top else -1.0
    candidates = np.flatnonzero(scores >= floor).tolist()
    order = sorted(candidates, key=lambda i: (-scores[i], words[i]))
    return tuple(words[i] for i in order[:top])


def keyphrases(sentences: Sequence[Sentence], words: Sequence[str], top: int = 5) -> tuple[str, ...]:
    """Adjacent keyword pairs that recur (≥ 2 times): ``疫情`` + ``防控`` → ``疫情防控``."""
    keyset = set(words)
    counts: Counter[str] = Counter()
    for s in sentences:
        toks = [w for w, _ in s.tokens]
        for a, b in pairwise(toks):
            if a in keyset and b in keyset and a != b:
                counts[a + b] += 1
    ranked = sorted((p for p, c in counts.items() if c >= 2), key=lambda p: (-counts[p], p))
    return tuple(ranked[:top])
