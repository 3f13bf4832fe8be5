"""The reference engine: textrank4zh 0.3, made to run on today's networkx.

textrank4zh calls ``networkx.from_numpy_matrix``, removed in networkx 3.0, and
networkx's pagerank now needs scipy, which textrank4zh does not declare. We restore the
one missing name (``from_numpy_array`` is its documented replacement) before importing
it; install with ``pip install summarizer[reference]``.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from ..errors import MissingExtraError
from ..model import Sentence
from ..ranking.textrank import Ranking


def require_reference() -> None:
    """Raise :class:`MissingExtraError` naming the extra unless textrank4zh can be loaded."""
    _textrank4zh()


def _textrank4zh() -> Any:
    try:
        import networkx as nx
    except ImportError as err:  # pragma: no cover - depends on the installed extras
        raise MissingExtraError("textrank4zh (with networkx)", "reference") from err
    if not hasattr(nx, "from_numpy_matrix"):
        nx.from_numpy_matrix = nx.from_numpy_array
    try:
        import textrank4zh
        from textrank4zh import util
    except ImportError as err:  # pragma: no cover
        raise MissingExtraError("textrank4zh", "reference") from err
    import jieba

    # jieba resets its logger to DEBUG on import; its dictionary lines are not ours to print.
    jieba.setLogLevel(logging.WARNING)
    return textrank4zh, util


def textrank4zh_ranking(sentences: Sequence[Sentence]) -> Ranking:
    """Scores of our sentences as textrank4zh computes them (its segmentation, stop words)."""
    textrank4zh, util = _textrank4zh()
    seg = textrank4zh.Segmentation.WordSegmentation()
    words = seg.segment_sentences([s.text for s in sentences], lower=False, use_stop_words=True)
    if not sentences:
        return Ranking({}, {})
    ranked = util.sort_sentences([s.text for s in sentences], words)
    scores = {sentences[item.index].index: float(item.weight) for item in ranked}
    terms = {s.index: frozenset(w) for s, w in zip(sentences, words)}
    return Ranking(scores, terms)


def textrank4zh_summary(text: str, num: int = 6) -> list[str]:
    """textrank4zh's own whole-document key sentences, best first (for benchmarks and eval)."""
    textrank4zh, _ = _textrank4zh()
    tr = textrank4zh.TextRank4Sentence()
    tr.analyze(text=text, lower=True)
    return [item.sentence for item in tr.get_key_sentences(num=num)]
