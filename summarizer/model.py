"""Data model: the plain frozen dataclasses that the pipeline stages hand each other."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from .options import Format, Script

UNPLACED = "未注明地区"
"""The label of a report that names no place it is about."""
SkipKind = Literal["error", "unsupported", "duplicate", "excluded"]
ThemeKind = Literal["keyword", "practice"]
WhereUnit = Literal["line", "paragraph", "page"]
WHERE_UNITS: dict[str, WhereUnit] = {
    "txt": "line",
    "md": "line",
    "html": "line",
    "docx": "paragraph",
    "pdf": "page",
    "doc": "paragraph",
    "odt": "paragraph",
    "rtf": "paragraph",
    "ofd": "page",
}
"""What a block's ``where`` counts in each input format."""

Token = tuple[str, str]
"""A segmented word and its part-of-speech tag, e.g. ``("党员", "n")``."""


@dataclass(frozen=True, slots=True)
class Block:
    """One paragraph as a format reader found it, before any analysis.

    ``level`` is 0 for a paragraph and n >= 1 for a heading the source marks structurally
    (a Word heading style, ``<h2>``, ``## ``); ``where`` is where it stands in its file:
    the line for text, Markdown and web pages, the paragraph for Word, the page for PDF.
    """

    text: str
    level: int = 0
    where: int = 0


@dataclass(frozen=True, slots=True)
class Document:
    """One input file read: its paragraphs and how its bytes were decoded."""

    path: str
    blocks: tuple[Block, ...]
    encoding: str
    format: Format = "txt"
    replaced: int = 0
    """Characters that stand for bytes that could not be decoded (shown as U+FFFD)."""


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence of a report body, e.g. ``下拨29.2万元党费。``, with its place in the report.

    ``index`` counts the report's sentences from 0 in document order; ``where`` is the
    :attr:`Block.where` of the paragraph it stands in.
    """

    text: str
    index: int
    where: int = 0


@dataclass(frozen=True, slots=True)
class Section:
    """A headed part of a report: ``heading`` is None for the untitled lead section.

    ``level`` is 1 for ``一、`` and stand-alone headings, 2 for ``（一）`` and inline leads
    nested under them (0 for the lead section).
    """

    heading: str | None
    level: int
    sentences: tuple[Sentence, ...]


@dataclass(frozen=True, slots=True)
class Region:
    """Administrative hierarchy a report is about; ``name`` is the most specific level."""

    province: str | None = None
    city: str | None = None
    county: str | None = None
    town: str | None = None
    name: str | None = None
    code: str | None = None
    """Six-digit division code of the most specific level above a town; orders the digest."""


@dataclass(frozen=True, slots=True)
class Figure:
    """A statistic: ``组建“尖刀班”115个`` gives label 尖刀班, value 115, unit 个.

    ``value`` is in base units (money in 元: ``29.2万元`` → 292000); ``high`` is the upper
    end of a range (``3至5个``); ``text`` is the span as written; ``approx`` one of
    余 多 近 约 超 逾 上, or None.
    """

    label: str
    value: float
    unit: str
    approx: str | None
    category: str | None
    text: str
    sentence: str
    high: float | None = None
    index: int = 0
    """Index of the sentence the figure stands in (:attr:`Sentence.index`)."""
    where: int = 0
    """Where that sentence stands in its file (:attr:`Block.where`)."""


IndicatorKind = Literal["result", "target"]


@dataclass(frozen=True, slots=True)
class Indicator:
    """A headline indicator: ``地区生产总值971.3亿元`` gives name 地区生产总值, value 971.3, unit 亿元.

    ``kind`` is ``result`` (the year the report reviews) or ``target`` (the coming year's
    expected goals); ``value`` and ``unit`` are as written (``增长6%左右``: 6, %, approx
    左右); ``high`` is the upper end of a range (``6%~6.5%``).
    """

    name: str
    kind: IndicatorKind
    value: float
    unit: str
    high: float | None = None
    approx: str | None = None
    index: int = 0
    """Index of the sentence it stands in (:attr:`Sentence.index`)."""
    where: int = 0
    """Where that sentence stands in its file (:attr:`Block.where`)."""
    span: tuple[int, int] = (0, 0)
    """Where in that sentence it is written: from its clause's start to its number's end."""


@dataclass(frozen=True, slots=True)
class Practice:
    """What a report says was done: ``verb`` and its ``object`` (设立, 临时党支部)."""

    verb: str
    object: str

    @property
    def text(self) -> str:
        """``设立临时党支部``."""
        return self.verb + self.object


@dataclass(frozen=True, slots=True)
class Report:
    """One work report after reading, cleaning, normalising, parsing and analysis."""

    path: str
    title: str | None
    date: str | None
    source: str | None
    script: Script
    encoding: str
    sections: tuple[Section, ...]
    region: Region = field(default_factory=Region)
    summary: tuple[Sentence, ...] = ()
    """The report's key sentences in text order, each cut to its core within the length
    budget: what the briefing shows for the report."""
    keywords: tuple[str, ...] = ()
    keyphrases: tuple[str, ...] = ()
    figures: tuple[Figure, ...] = ()
    headline: str | None = None
    """Generated title for a report that has none (``前锋区疫情防控工作情况``); ``title`` stays as written."""
    format: Format = "txt"
    name: str = ""
    """The file as the briefing names it: its path relative to the folder the user named
    (``a/r.txt``), so that same-named files in different folders are told apart."""
    highlights: tuple[Sentence, ...] = ()
    """The summary's sentences in rank order, best first, each whole (its core, not cut to
    the budget): the overview's candidates."""
    key_figures: tuple[Figure, ...] = ()
    """The figures the briefing lists for the report, in text order."""
    practices: tuple[Practice, ...] = ()
    """What the report says was done (设立临时党支部), most mentioned first."""
    replaced: int = 0
    """Characters of the file that could not be decoded (shown as U+FFFD); the digest says so."""
    indicators: tuple[Indicator, ...] = ()
    """Headline indicators (GDP, budget revenue, incomes …): results, then targets."""
    year: int | None = None
    """The year its results are of (the targets are the next year's), when it states results."""
    kind: str = "other"
    """What the report is (``govreport``, ``epidemic``, ``flood`` …, ``other``), from its text
    (:mod:`summarizer.understanding.kinds`); its figure categories and the digest title follow it."""
    date_source: str | None = None
    """Where ``date`` was read: ``dateline`` (——…在…会议上), ``signature`` (the 落款),
    ``title`` (its year only: ``date`` is ``YYYY``), ``published`` (the page's), ``text``;
    ``override`` where the user's corrections file gave it."""
    overridden: tuple[str, ...] = ()
    """The fields the user's corrections file set (``region``, ``title``, ``date``), in that order."""

    @property
    def label(self) -> str:
        """Name of the report's part of the digest: its region, or 未注明地区 when it names none
        (never its title: a title is not a place)."""
        return self.region.name or UNPLACED

    @property
    def unit(self) -> WhereUnit:
        """What :attr:`Sentence.where` counts in this report's file: lines, paragraphs or pages."""
        return WHERE_UNITS[self.format]

    @property
    def sentences(self) -> tuple[Sentence, ...]:
        """All body sentences in document order."""
        return tuple(s for sec in self.sections for s in sec.sentences)


@dataclass(frozen=True, slots=True)
class Skipped:
    """An input that could not be used, with the one-line reason shown to the user."""

    path: str
    reason: str
    kind: SkipKind = "error"
    """``error`` (a bad file: the run is partial), ``unsupported`` (a file type we do not read,
    noted only), ``duplicate`` (the same text as a report already read, noted only) or
    ``excluded`` (read, but left out by the user's choice: ``--since``, ``--regions``, a
    corrections file's ``skip``; noted only)."""
    name: str = ""
    """The file as the briefing names it (see :attr:`Report.name`)."""


@dataclass(frozen=True, slots=True)
class Point:
    """One overview line: a key sentence, the region it comes from, and where it stands
    (``path``, and ``where`` counted in ``unit``)."""

    region: str
    text: str
    path: str = ""
    where: int = 0
    unit: WhereUnit = "line"


@dataclass(frozen=True, slots=True)
class Theme:
    """A practice (``kind="practice"``, 设立临时党支部) or keyword (``"keyword"``) shared by regions."""

    term: str
    kind: ThemeKind
    regions: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ComparisonRow:
    """One figure category across regions; ``cells`` line up with ``Digest.columns``."""

    category: str
    cells: tuple[tuple[Figure, ...], ...]


@dataclass(frozen=True, slots=True)
class Digest:
    """The cross-report result: reports in digest order (province, city, county), what was
    skipped, and what the briefing says across reports."""

    reports: tuple[Report, ...]
    skipped: tuple[Skipped, ...] = ()
    title: str | None = None
    overview: tuple[Point, ...] = ()
    themes: tuple[Theme, ...] = ()
    columns: tuple[str, ...] = ()
    comparison: tuple[ComparisonRow, ...] = ()
    indicator_columns: tuple[tuple[str, IndicatorKind], ...] = ()
    """The headline indicators (name, kind) the 主要指标 table compares: those most reports
    that state indicators state, results first; empty when fewer than three state any."""

    @property
    def date_range(self) -> tuple[str, str] | None:
        """Earliest and latest report date."""
        dates = sorted(r.date for r in self.reports if r.date)
        return (dates[0], dates[-1]) if dates else None
