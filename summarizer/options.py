"""How reports are analysed: the :class:`Options` and the choices each field takes.

A light module (no segmenter, no numpy) so the command line can offer the same choices
and defaults as the library without loading the pipeline.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePath
from typing import Literal, get_args

from .errors import ArgumentTypeError, OptionError

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
MAX_TITLE = 200
"""Characters of a digest title (``--title``): a Word document title holds 255, a briefing's is one line."""


def check_title(title: object) -> str | None:
    """A digest title as given, checked as the command line checks ``--title``; raises otherwise."""
    if title is None:
        return None
    ArgumentTypeError.check("title", title, str, "a str or None")
    assert isinstance(title, str)  # for mypy: check() raised otherwise
    if any(ch in title for ch in "\r\n\x00"):
        raise OptionError("title must be one line")
    if len(title) > MAX_TITLE:
        raise OptionError(f"title is {len(title)} characters long; a title has at most {MAX_TITLE}")
    return title


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
        ArgumentTypeError.check("length", self.length, int, "an int (characters of summary per report)")
        if isinstance(self.userdicts, (str, bytes)) or not isinstance(self.userdicts, (tuple, list)):
            raise ArgumentTypeError(f"userdicts must be a tuple of paths, not {type(self.userdicts).__name__}")
        for path in self.userdicts:
            ArgumentTypeError.check("each of userdicts", path, (str, PurePath), "a path")
        object.__setattr__(self, "userdicts", tuple(str(p) for p in self.userdicts))  # hashable, as the cache needs
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
