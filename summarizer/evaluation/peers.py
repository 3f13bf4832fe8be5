"""Other summarizers as their users run them, ranked best first, for evaluation and benchmarks.

textrank4zh, SnowNLP, sumy's TextRank and sumy's LexRank each rank the sentences they
split themselves (SnowNLP splits at commas too) and are given the same text: our
normalised, cleaned sentences, one per line, so that they are measured on what they rank
and not on page furniture. :func:`fit` is the one budget rule every engine is held to.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import Any

from ..errors import MissingExtraError

PEERS = ("textrank4zh", "snownlp", "sumy-textrank", "sumy-lexrank")
EXTRAS = {
    "textrank4zh": ("textrank4zh", "reference"),
    "snownlp": ("snownlp", "peers"),
    "sumy-textrank": ("sumy", "peers"),
    "sumy-lexrank": ("sumy", "peers"),
}
"""The module each peer needs and the extra that installs it."""


def fit(ranked: Sequence[str], budget: int, text: str) -> str:
    """Sentences in rank order, each taken if it fits what is left of ``budget`` (the first
    always), then put back in the order they stand in ``text``."""
    chosen: list[str] = []
    used = 0
    for sentence in ranked:
        if chosen and used + len(sentence) > budget:
            continue
        chosen.append(sentence)
        used += len(sentence)
    return "".join(sorted(chosen, key=text.find))


def _textrank4zh(text: str) -> list[str]:
    from .reference import textrank4zh_summary

    return textrank4zh_summary(text, num=text.count("\n") + 1)


def _snownlp(text: str) -> list[str]:
    try:
        from snownlp import SnowNLP
    except ImportError as err:  # pragma: no cover - depends on the installed extras
        raise MissingExtraError("snownlp", "peers") from err
    doc = SnowNLP(text)
    return list(doc.summary(len(doc.sentences)))


def _sumy(kind: str) -> Callable[[str], list[str]]:
    def ranked(text: str) -> list[str]:
        try:
            from sumy.nlp.tokenizers import Tokenizer
            from sumy.parsers.plaintext import PlaintextParser
            from sumy.summarizers.lex_rank import LexRankSummarizer
            from sumy.summarizers.text_rank import TextRankSummarizer
        except ImportError as err:  # pragma: no cover
            raise MissingExtraError("sumy", "peers") from err
        import jieba

        jieba.setLogLevel(logging.WARNING)
        base = TextRankSummarizer if kind == "textrank" else LexRankSummarizer
        order: list[Any] = []

        class Ranked(base):  # type: ignore[misc, valid-type]
            # sumy returns its best sentences back in text order; the budget rule needs
            # them best first, so the ratings it computes are kept instead.
            @staticmethod
            def _get_best_sentences(sentences: Any, count: Any, rating: Any, *args: Any, **kwargs: Any) -> Any:
                rate = rating.__getitem__ if isinstance(rating, dict) else rating
                order.extend(sorted(sentences, key=lambda s: -rate(s, *args, **kwargs)))
                return ()

        document = PlaintextParser.from_string(text, Tokenizer("chinese")).document
        Ranked()(document, len(document.sentences))
        return [str(s) for s in order]

    return ranked


RANKERS: dict[str, Callable[[str], list[str]]] = {
    "textrank4zh": _textrank4zh,
    "snownlp": _snownlp,
    "sumy-textrank": _sumy("textrank"),
    "sumy-lexrank": _sumy("lexrank"),
}


def peer_summary(engine: str, sentences: Sequence[str], budget: int) -> str:
    """What ``engine`` picks from ``sentences`` within ``budget`` characters (:func:`fit`)."""
    text = "\n".join(sentences)
    return fit(RANKERS[engine](text), budget, text)
