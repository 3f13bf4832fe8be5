"""Keywords and key phrases of a report: TextRank over words that co-occur within a window."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from functools import cache
from itertools import pairwise
from typing import TYPE_CHECKING

from ..data import read_lines
from ..model import Sentence, Token
from .memo import Memo
from .textrank import pagerank, pagerank_edges, stop_words

if TYPE_CHECKING:
    import numpy as np

KEYWORD_WINDOW = 5
KEYWORD_TAGS = frozenset({"n", "nz", "vn", "nt", "ns", "j", "l", "an", "nr", "i"})
DENSE_KEYWORD_GRAPH = 3000
"""Above this many candidate words the keyword graph is iterated over its edge list
instead of a dense matrix (3,000² floats are 72 MB)."""


@cache
def keyword_stop_words() -> frozenset[str]:
    """Stop words plus report boilerplate (``data/keyword_stopwords.txt``)."""
    return stop_words() | frozenset(w.strip() for w in read_lines("keyword_stopwords.txt"))


def _keyword_word(word: str) -> bool:
    # Pinyin fragments, numbers, codes, single characters and stop words are never keywords.
    return len(word) >= 2 and all("\u4e00" <= ch <= "\u9fff" for ch in word) and word not in keyword_stop_words()


_KEYWORD_WORDS = Memo(_keyword_word)
"""Whether a word may be a keyword, remembered per word."""


def keywords(
    sentences: Sequence[Sentence], tokens: Sequence[Sequence[Token]], top: int = 10, window: int = KEYWORD_WINDOW
) -> tuple[str, ...]:
    """TextRank keywords: words linked when they co-occur within ``window`` in a sentence."""
    import numpy as np

    vocab: dict[str, int] = {}
    ids: list[int] = []
    owners: list[int] = []
    tags, usable = KEYWORD_TAGS, _KEYWORD_WORDS
    for k, s in enumerate(sentences):
        seq = [vocab.setdefault(w, len(vocab)) for w, t in tokens[s.index] if t in tags and usable[w]]
        ids += seq
        owners += [k] * len(seq)
    if not vocab:
        return ()
    # Co-occurrence pairs of all sentences at once: words ``gap`` apart in the flattened
    # sequence are linked when they belong to the same sentence.
    flat, owner = np.array(ids), np.array(owners)
    n = len(vocab)
    if n <= DENSE_KEYWORD_GRAPH:
        adj = np.zeros((n, n))
        for left, right in _pairs(flat, owner, window):
            adj[left, right] = adj[right, left] = 1.0
        np.fill_diagonal(adj, 0.0)
        scores = pagerank(adj)
    else:
        # Edge codes deduplicated gap by gap: a long report's pairs never all exist at once.
        edges = np.zeros(0, dtype=np.int64)
        for left, right in _pairs(flat.astype(np.int64), owner, window):
            keep = left != right
            left, right = left[keep], right[keep]
            edges = np.union1d(edges, np.concatenate([left * n + right, right * n + left]))
        scores = pagerank_edges(n, edges // n, edges % n)
    words = list(vocab)
    # Only words scoring at least the top-th best can be in the answer; sorting just
    # those (ties included) gives the same order as sorting the whole vocabulary.
    floor = np.partition(scores, len(scores) - top)[len(scores) - top] if len(scores) > top else -1.0
    candidates = np.flatnonzero(scores >= floor).tolist()
    order = sorted(candidates, key=lambda i: (-scores[i], words[i]))
    return tuple(words[i] for i in order[:top])


def _pairs(flat: np.ndarray, owner: np.ndarray, window: int) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """For each gap within the window, the word ids ``gap`` apart in the same sentence."""
    for gap in range(1, min(window, len(flat))):
        same = owner[:-gap] == owner[gap:]
        yield flat[:-gap][same], flat[gap:][same]


def keyphrases(
    sentences: Sequence[Sentence], tokens: Sequence[Sequence[Token]], words: Sequence[str], top: int = 5
) -> tuple[str, ...]:
    """Adjacent keyword pairs that recur (≥ 2 times): ``疫情`` + ``防控`` → ``疫情防控``."""
    keyset = set(words)
    counts: Counter[str] = Counter()
    for s in sentences:
        toks = [w for w, _ in tokens[s.index]]
        for a, b in pairwise(toks):
            if a in keyset and b in keyset and a != b:
                counts[a + b] += 1
    ranked = sorted((p for p, c in counts.items() if c >= 2), key=lambda p: (-counts[p], p))
    return tuple(ranked[:top])
