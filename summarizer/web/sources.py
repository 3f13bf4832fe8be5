"""Citations on the page: each key sentence's paragraph in its file, the sentence marked in it.

The file is read again as the engine read it (``reading.load``), before normalising, so the
paragraph is shown as its writer wrote it; the sentence the briefing shows (normalised,
perhaps cut to its core) is found in it by the stretches they share.
"""

from __future__ import annotations

import html
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import cache
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..model import Report
from ..rendering.context import UNIT_NAMES

EXCERPT = 160
"""Characters of a long paragraph shown before the first marked sentence and after the last."""
MIN_MATCH = 4
"""Characters a stretch of the sentence and the paragraph must share to count (a word or two)."""


@dataclass(frozen=True)
class Source:
    """Where a key sentence stands (``第12行``), its paragraph as the file has it, and its span there."""

    where: str
    text: str
    span: tuple[int, int] | None


@cache
def _fold_char(ch: str) -> str:
    folded = unicodedata.normalize("NFKC", ch)
    return folded if len(folded) == 1 else ch


def fold(text: str) -> str:
    """``text`` with full- and half-width forms made one (，→ ,), character for character."""
    return "".join(map(_fold_char, text))


def locate(paragraph: str, sentence: str) -> tuple[int, int] | None:
    """Where in ``paragraph`` the ``sentence`` stands, from its first shared stretch to its last.

    >>> locate("一、总体情况。全县成立临时党支部50个,下拨党费32万元。", "全县成立临时党支部50个，下拨党费32万元。")
    (7, 29)
    """
    a, b = fold(paragraph), fold(sentence)
    blocks = [m for m in SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks() if m.size >= MIN_MATCH]
    if not blocks:
        return None
    start, end = blocks[0].a, blocks[-1].a + blocks[-1].size
    if end - start > 2 * len(sentence) + MIN_MATCH:  # its words scattered over the paragraph: the longest stretch
        longest = max(blocks, key=lambda m: m.size)
        start, end = longest.a, longest.a + longest.size
    return start, end


def quote(text: str, spans: Iterable[tuple[int, int] | None]) -> str:
    """The paragraph as HTML, each span in ``<mark>``, cut to ``EXCERPT`` characters around them.

    >>> quote("前言。全县成立临时党支部50个。结语。", [(3, 16)])
    '前言。<mark>全县成立临时党支部50个。</mark>结语。'
    """
    merged: list[list[int]] = []
    for start, end in sorted(s for s in spans if s):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    if not merged:
        cut = text[: 2 * EXCERPT]
        return html.escape(cut) + ("……" if len(cut) < len(text) else "")
    head, tail = max(0, merged[0][0] - EXCERPT), min(len(text), merged[-1][1] + EXCERPT)
    out, at = ["……" if head else ""], head
    for start, end in merged:
        out += [html.escape(text[at:start]), "<mark>", html.escape(text[start:end]), "</mark>"]
        at = end
    out += [html.escape(text[at:tail]), "……" if tail < len(text) else ""]
    return "".join(out)


def sources(report: Report, path: Path) -> list[Source | None]:
    """Each summary sentence's paragraph in the file at ``path``, in summary order (None where not found)."""
    from ..reading.load import load

    try:
        blocks = load(path).blocks
    except (InputError, OSError):
        return [None] * len(report.summary)
    at: dict[int, list[str]] = defaultdict(list)
    for block in blocks:
        at[block.where].append(block.text)
    unit = UNIT_NAMES[report.unit]
    out: list[Source | None] = []
    for s in report.summary:
        candidates = at.get(s.where)
        if not candidates:
            out.append(None)
            continue
        # A page of a PDF, or a line of a minified web page, holds several paragraphs.
        pairs = {s.text[i : i + 2] for i in range(len(s.text) - 1)}
        paragraph = max(candidates, key=lambda text: sum(text[i : i + 2] in pairs for i in range(len(text) - 1)))
        out.append(Source(f"第{s.where}{unit}", paragraph, locate(paragraph, s.text)))
    return out


@dataclass
class Row:
    """One row of a cited region: key sentences from one paragraph of the file, and that paragraph."""

    sentences: list[dict[str, Any]]
    where: str = ""
    source: str = ""
    """The paragraph as HTML, its sentences marked; empty where it was not found."""


def cited_rows(sentences: list[dict[str, Any]], found: list[Source | None]) -> list[Row]:
    """A paragraph's sentences as rows: consecutive sentences from the same paragraph of the file share
    one row, beside that paragraph with each of them marked."""
    rows: list[Row] = []
    groups: list[list[Source]] = []
    for sentence, source in zip(sentences, found):
        last = groups[-1][-1] if groups and groups[-1] else None
        if source and last and (source.where, source.text) == (last.where, last.text):
            rows[-1].sentences.append(sentence)
            groups[-1].append(source)
        else:
            rows.append(Row([sentence], source.where if source else ""))
            groups.append([source] if source else [])
    for row, group in zip(rows, groups):
        if group:
            row.source = quote(group[0].text, (s.span for s in group))
    return rows
