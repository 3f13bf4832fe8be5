"""How reports are analysed: the :class:`Options` and the choices each field takes.

A light module (no segmenter, no numpy) so the command line can offer the same choices
and defaults as the library without loading the pipeline.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

from .errors import OptionError

Backend = Literal["rjieba", "jieba"]
Engine = Literal["textrank", "textrank4zh"]
Similarity = Literal["overlap", "bm25"]
Script = Literal["simplified", "traditional"]
Format = Literal["txt", "md", "docx", "html", "pdf", "doc", "odt", "rtf", "ofd"]
OutputFormat = Literal["md", "json", "docx", "eml"]

BACKENDS: tuple[Backend, ...] = get_args(Backend)
DEFAULT_BACKEND: Backend = "rjieba"
ENGINES: tuple[Engine, ...] = get_args(Engine)
SIMILARITIES: tuple[Similarity, ...] = get_args(Similarity)
DEFAULT_SIMILARITY: Similarity = "overlap"
"""Chosen by ROUGE-L on the dev set (README: Evaluation); BM25 scored lower."""
SCRIPTS: tuple[Script, ...] = get_args(Script)
EVAL_ENGINES = (*ENGINES, "snownlp", "sumy-textrank", "sumy-lexrank", "lead3")
"""What ``summarize eval`` can score: our engines, the peers (``summarizer.evaluation.peers``) and lead-3."""

LENGTHS = {"short": 100, "standard": 200, "long": 400}
"""Named sizes of a region's part of the briefing, in characters of summary per report.
``standard`` keeps the seeds' briefing within a third of their own text."""
DEFAULT_LENGTH = LENGTHS["standard"]
FIGURE_EVERY = 25
"""One key figure listed per this many characters of summary (8 for ``standard``)."""
MIN_LENGTH = 40
"""A shorter summary is a fragment, not a point (two short clauses)."""


@dataclass(frozen=True)
class Options:
    """How reports are analysed; every field has a command-line option of the same name."""

    tokenizer: Backend = DEFAULT_BACKEND
    userdicts: tuple[str, ...] = ()
    engine: Engine = "textrank"
    similarity: Similarity = DEFAULT_SIMILARITY
    length: int = DEFAULT_LENGTH
    """Characters of summary per report (``--length``: a number or a name in ``LENGTHS``)."""

    def __post_init__(self) -> None:
        # Checked once, where options are made, rather than in every entry point that takes them.
        for name, value, choices in (
            ("tokenizer", self.tokenizer, BACKENDS),
            ("engine", self.engine, ENGINES),
            ("similarity", self.similarity, SIMILARITIES),
        ):
            if value not in choices:
                raise OptionError(f"unknown {name} {value!r}; choose one of {', '.join(choices)}")
        if self.length < MIN_LENGTH:
            raise OptionError(f"length must be at least {MIN_LENGTH} characters, not {self.length}")

    @property
    def key_figures(self) -> int:
        """How many figures a report's part of the briefing lists, in proportion to its length."""
        return max(3, self.length // FIGURE_EVERY)
