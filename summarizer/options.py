"""How reports are analysed: the :class:`Options` and the choices each field takes.

A light module (no segmenter, no numpy) so the command line can offer the same choices
and defaults as the library without loading the pipeline.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import PurePath
from typing import Literal, get_args

from .errors import ArgumentTypeError, OptionError

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
MIN_LENGTH = 40
"""A shorter summary is a fragment, not a point (two short clauses)."""
DEFAULT_MASTHEAD = "工作简报"
"""The masthead's red title when a masthead option is given without ``--masthead TEXT``."""
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
    """How reports are analysed and the briefing headed; every field has a command-line option of the same name."""

    tokenizer: Backend = DEFAULT_BACKEND
    userdicts: tuple[str, ...] = ()
    engine: Engine = "textrank"
    similarity: Similarity = DEFAULT_SIMILARITY
    length: int = DEFAULT_LENGTH
    """Characters of summary per report (``--length``: a number or a name in ``LENGTHS``)."""
    # The masthead (版头) and closing block (版记) of the Word and Markdown briefing; none
    # given, the briefing has neither.
    masthead: str | None = None
    """The red title (``--masthead``); ``DEFAULT_MASTHEAD`` when only another masthead field is given."""
    issue_no: int | None = None
    """``第12期`` (``--issue-no``)."""
    org: str | None = None
    """The body that prints the briefing (编印单位, ``--org``), beside the date in the masthead and closing block."""
    send_to: str | None = None
    """``报送：`` of the closing block (``--send-to``)."""
    cc: str | None = None
    """``抄送：`` of the closing block (``--cc``)."""
    overrides: str | None = None
    """A CSV file of corrections (``file,region,title,date,skip``) applied to what was read."""
    since: str | None = None
    """Only reports dated on or after this day (``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``: its first day)."""
    until: str | None = None
    """Only reports dated on or before this day (``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``: its last day)."""
    regions: tuple[str, ...] = ()
    """Only reports about these places or places inside them (河北, 银川市, 永宁县)."""
    pages: int | None = None
    """The Word briefing's length in A4 pages: :func:`summarizer.fit_pages` shortens the digest to fit."""

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
        if self.pages is not None and self.pages < 1:
            raise OptionError(f"--pages must be at least 1, not {self.pages}")
        first, last = day_range(self.since, "since")[0], day_range(self.until, "until")[1]
        if first and last and first > last:
            raise OptionError(f"--since {self.since} is after --until {self.until}")
        if isinstance(self.regions, str):  # Options(regions="河北,银川市") means the names, not the characters
            object.__setattr__(self, "regions", tuple(self.regions.replace("，", ",").split(",")))
        object.__setattr__(self, "regions", tuple(name.strip() for name in self.regions))
        for name in self.regions:
            if not name:
                raise OptionError("--regions has an empty name; separate names with commas: 河北,银川市")

        issue = self.issue_no
        if issue is not None and (not isinstance(issue, int) or isinstance(issue, bool) or issue < 1):
            raise OptionError(f"issue number must be a whole number from 1, not {self.issue_no!r}")
        for name in ("masthead", "org", "send_to", "cc"):
            value = getattr(self, name)
            if value is not None and not value.strip():
                raise OptionError(f"--{name.replace('_', '-')} is empty")
            if value is not None and any(ch in value for ch in "\r\n\x00"):
                raise OptionError(f"--{name.replace('_', '-')} must be one line")

    @property
    def headed(self) -> bool:
        """Whether the briefing has a masthead and closing block: any of their options given."""
        return any(v is not None for v in (self.masthead, self.issue_no, self.org, self.send_to, self.cc))


_DAY = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def day_range(text: str | None, option: str = "date") -> tuple[str | None, str | None]:
    """The first and last day ``YYYY-MM-DD`` a date names: a day, a month or a year.

    >>> day_range("2023-02"), day_range("2024"), day_range("2020-05-13")
    (('2023-02-01', '2023-02-28'), ('2024-01-01', '2024-12-31'), ('2020-05-13', '2020-05-13'))
    """
    import calendar
    import datetime as dt

    if text is None:
        return None, None
    m = _DAY.fullmatch(text.strip())
    try:
        if not m:
            raise ValueError(text)
        year, month, day = int(m[1]), int(m[2] or 0), int(m[3] or 0)
        if day:
            first = last = dt.date(year, month, day)
        elif month:
            first, last = dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])
        else:
            first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    except ValueError:
        raise OptionError(f"--{option} {text!r} is not a date: write YYYY-MM-DD, YYYY-MM or YYYY") from None
    return first.isoformat(), last.isoformat()
