"""TextRank's graph engine: sentence similarity, PageRank, and each sentence's score in its report.

TextRank (Mihalcea & Tarau, 2004, "TextRank: Bringing Order into Texts"): sentences are
nodes, edge weights are their similarity, and PageRank's stationary distribution scores
them. Unlike textrank4zh (a Python double loop and networkx) the similarity matrix is one
matrix product and PageRank a short power iteration over numpy arrays.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from ..data import read_lines
from ..model import Sentence, Token
from ..options import DEFAULT_SIMILARITY, SIMILARITIES, Similarity

if TYPE_CHECKING:
    import numpy as np

DAMPING = 0.85
"""PageRank's damping factor: the chance the random reader follows an edge rather than jumps."""
TOLERANCE = 1e-6
MAX_ITER = 200
MAX_GRAPH_SENTENCES = 800
"""Longer reports (a work report has tens of sentences, a yearbook thousands) are ranked in
consecutive blocks of at most this many: the dense similarity matrix grows with the
square of the sentence count and its product with the cube."""
MAX_MATRIX_CELLS = 1_000_000
"""Sentence × vocabulary cells built at once (8 MB of floats): a report of random characters
has a vocabulary of tens of thousands of words, which one dense matrix would hold in GBs."""
BM25_K1 = 1.5
BM25_B = 0.75
SENTENCE_TAGS = frozenset({"an", "i", "j", "l", "n", "nr", "nrfg", "ns", "nt", "nz", "t", "v", "vd", "vn", "eng"})


@cache
def stop_words() -> frozenset[str]:
    """Stop words for sentence similarity (``data/stopwords.txt``)."""
    return frozenset(w.strip() for w in read_lines("stopwords.txt"))


def sentence_terms(tokens: Sequence[Token]) -> list[str]:
    """Words that stand for a sentence in the graph: no punctuation, no stop words."""
    stops = stop_words()
    # Whitespace of every kind is tagged x by both taggers, so x alone leaves it out.
    return [w for w, t in tokens if t != "x" and w not in stops]


def _term_blocks(term_lists: Sequence[Sequence[str]]) -> tuple[Iterator[np.ndarray], np.ndarray]:
    """The term-frequency matrix (sentences × vocabulary) in column blocks, and sentence lengths.

    One block for a report of ordinary size; a vocabulary too wide for ``MAX_MATRIX_CELLS``
    (random characters, a pasted table) comes in several, so the matrix never exists whole.
    """
    import numpy as np

    vocab: dict[str, int] = {}
    cols = np.array([vocab.setdefault(term, len(vocab)) for terms in term_lists for term in terms], dtype=int)
    lengths = np.array([len(t) for t in term_lists], dtype=float)
    n, width = len(term_lists), max(len(vocab), 1)
    rows = np.repeat(np.arange(n), lengths.astype(int))
    step = max(1, MAX_MATRIX_CELLS // max(n, 1))

    def blocks() -> Iterator[np.ndarray]:
        if width <= step:
            yield np.bincount(rows * width + cols, minlength=n * width).reshape(n, width).astype(float)
            return
        order = np.argsort(cols, kind="stable")
        by_col, rows_by_col = cols[order], rows[order]
        for lo in range(0, width, step):
            a, b = np.searchsorted(by_col, [lo, lo + step])
            w = min(step, width - lo)
            flat = np.bincount(rows_by_col[a:b] * w + (by_col[a:b] - lo), minlength=n * w)
            yield flat.reshape(n, w).astype(float)

    return blocks(), lengths


def similarity_matrix(term_lists: Sequence[Sequence[str]], kind: Similarity = DEFAULT_SIMILARITY) -> np.ndarray:
    """Pairwise sentence similarity.

    ``overlap``: shared distinct words / (log|a| + log|b|), the measure of the TextRank
    paper as textrank4zh implements it, self-similarity included as it does.
    ``bm25``: each sentence scored as a BM25 query against the others, symmetrised;
    it weights rare shared words above common ones, which the overlap measure cannot.
    """
    import numpy as np

    if kind not in SIMILARITIES:
        raise ValueError(f"unknown similarity {kind!r}; choose one of {', '.join(SIMILARITIES)}")
    n = len(term_lists)
    blocks, lengths = _term_blocks(term_lists)
    if kind == "overlap":
        shared = np.zeros((n, n))
        for tf in blocks:
            present = (tf > 0).astype(float)
            shared += present @ present.T
        with np.errstate(divide="ignore"):
            logs = np.log(np.where(lengths > 0, lengths, 1.0))
        denom = logs[:, None] + logs[None, :]
        sim = np.where((shared > 0) & (np.abs(denom) > 1e-12), shared / np.where(denom == 0, 1, denom), 0.0)
        return np.asarray(sim)
    avg = lengths.mean() if n and lengths.mean() > 0 else 1.0
    norm = BM25_K1 * (1 - BM25_B + BM25_B * lengths / avg)
    sim = np.zeros((n, n))
    for tf in blocks:
        present = (tf > 0).astype(float)
        df = present.sum(axis=0)
        idf = np.log((n - df + 0.5) / (df + 0.5) + 1.0)
        doc = idf * tf * (BM25_K1 + 1) / (tf + norm[:, None])
        sim += present @ doc.T
    sim = (sim + sim.T) / 2
    np.fill_diagonal(sim, 0.0)
    return np.asarray(sim)


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
    # instead of scaling the vector again at every iteration.
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
        # As floats even without edges, where bincount would count in integers.
        out,
        lambda v: np.bincount(targets, weights=v[sources] * edge_scale, minlength=n).astype(float),
        damping,
        tol,
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


def rank(
    sentences: Sequence[Sentence], tokens: Sequence[Sequence[Token]], similarity: Similarity = DEFAULT_SIMILARITY
) -> Ranking:
    """Score every sentence of a report in one graph (in blocks, for very long reports).

    ``tokens[s.index]`` are sentence ``s``'s word/POS pairs from the single tagging pass.
    """
    terms = [sentence_terms(tokens[s.index]) for s in sentences]
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
