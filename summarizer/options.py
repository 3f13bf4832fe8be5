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
Format = Literal["txt", "md", "docx", "html", "pdf"]
OutputFormat = Literal["md", "json", "docx", "eml"]

BACKENDS: tuple[Backend, ...] = get_args(Backend)
DEFAULT_BACKEND: Backend = "rjieba"
ENGINES: tuple[Engine, ...] = get_args(Engine)
SIMILARITIES: tuple[Similarity, ...] = get_args(Similarity)
DEFAULT_SIMILARITY: Similarity = "overlap"
"""Chosen by ROUGE-L on the dev set (README: Evaluation); BM25 scored lower."""
SCRIPTS: tuple[Script, ...] = get_args(Script)
EVAL_ENGINES = (*ENGINES, "lead3")
"""What ``summarize eval`` can score: our engines plus the lead-3 baseline."""

SUMMARY_CHARS = 160
"""Budget of a report summary: about what a briefing gives one report (two sentences)."""


@dataclass(frozen=True)
class Options:
    """How reports are analysed; every field has a command-line option of the same name."""

    tokenizer: Backend = DEFAULT_BACKEND
    userdicts: tuple[str, ...] = ()
    engine: Engine = "textrank"
    similarity: Similarity = DEFAULT_SIMILARITY
    summary_chars: int = SUMMARY_CHARS

    def __post_init__(self) -> None:
        # Checked once, where options are made, rather than in every entry point that takes them.
        for name, value, choices in (
            ("tokenizer", self.tokenizer, BACKENDS),
            ("engine", self.engine, ENGINES),
            ("similarity", self.similarity, SIMILARITIES),
        ):
            if value not in choices:
                raise OptionError(f"unknown {name} {value!r}; choose one of {', '.join(choices)}")
        if self.summary_chars < 1:
            raise OptionError(f"summary_chars must be positive, not {self.summary_chars}")
