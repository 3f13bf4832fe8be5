"""Fitting the Word briefing to N A4 pages (``--pages``): render, count the pages, shorten, within a few tries.

The pages are counted by LibreOffice where it is installed (``soffice --headless
--convert-to pdf`` in a private profile, the PDF's pages counted by pypdf): the count a
reader will see. Elsewhere they are estimated from the document itself
(:func:`estimate_pages`): each paragraph's lines at its style's size and spacing, the
characters a line holds between the margins (a Chinese character one, a Latin letter or
digit half), tables row by row. Shortening walks down :func:`~summarizer.briefing.budget.ladder`,
each region's part first, and takes the longest briefing that fits: found by bisection on
the estimate, which is cheap, then settled by LibreOffice's count in a try or two.
"""

from __future__ import annotations

import math
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..briefing.budget import ladder
from ..briefing.digest import build_digest
from ..errors import OptionError
from ..model import Digest
from ..options import Options, Script
from .context import Briefing
from .word import render_docx, word_template

SOFFICE_TIMEOUT = 120
"""Seconds LibreOffice may take to lay a briefing out; beyond, the pages are estimated."""
EMU_PER_PT = 12700
LINE_HEIGHT = 1.3
"""A line set "single" is this many times its font size (CJK fonts carry tall ascenders)."""
CELL_PADDING = 4.0
"""Points a table row adds to its lines: the cell margins and the border."""
DEFAULT_SIZE = 12.0
"""Points of text whose style names no size (Word's own default is smaller: 10.5)."""


@dataclass(frozen=True)
class Fitted:
    """The digest whose Word briefing fits (or the shortest there is), and what was counted."""

    digest: Digest
    pages: int
    """Pages the Word briefing takes."""
    fits: bool
    """Whether that is within the pages asked for; False when even the shortest is longer."""
    counted_by: str
    """``LibreOffice`` or ``estimate``."""
    tries: int
    """Lengths rendered and estimated; LibreOffice lays out only those around the estimate's choice."""


def libreoffice() -> str | None:
    """The LibreOffice program, when installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def fit_pages(
    digest: Digest,
    options: Options,
    *,
    template: Path | None = None,
    script: Script = "simplified",
    cited: bool = False,
) -> Fitted:
    """The digest shortened until its Word briefing takes at most ``options.pages`` A4 pages.

    The template, script and citations are those the briefing will be written with: each
    changes its length. The digest as analysed is tried first, then the budgets of
    :func:`~summarizer.briefing.budget.ladder` from ``options.length`` down. Which one is
    taken depends on the count: LibreOffice's where it is installed, the estimate elsewhere.
    """
    if not options.pages:
        raise OptionError("fit_pages needs the pages to fit in: Options(pages=N)")
    limit = options.pages
    steps = ladder(options.length)
    path = word_template(template)
    with tempfile.TemporaryDirectory(prefix="summarize-pages-") as tmp:
        folder = Path(tmp)
        counter = PageCounter(folder)
        rendered: dict[int, tuple[Digest, Path]] = {}
        estimated: dict[int, int] = {}
        counted: dict[int, int] = {}

        def render(step: int) -> Path:
            if step not in rendered:
                shorter = build_digest(digest.reports, digest.skipped, digest.title, steps[step]) if step else digest
                target = folder / f"try-{step}.docx"
                render_docx(Briefing.of(shorter, script, cited=cited), target, template=path)
                rendered[step] = (shorter, target)
            return rendered[step][1]

        def estimate(step: int) -> int:
            if step not in estimated:
                estimated[step] = estimate_pages(render(step))
            return estimated[step]

        def count(step: int) -> int:
            if step not in counted:
                counted[step] = counter.count(render(step)) if counter.program else estimate(step)
            return counted[step]

        # The estimate is cheap and within a page: it finds the step, LibreOffice settles it.
        best = _bisect(estimate, len(steps), limit)
        if counter.program:
            best = _settle(best, count, estimate, limit, len(steps))
        pages = count(best)
        return Fitted(rendered[best][0], pages, pages <= limit, counter.counted_by, len(rendered))


def _bisect(pages_at: Callable[[int], int], steps: int, limit: int) -> int:
    """The first step whose briefing fits in ``limit`` pages, assuming later steps are never
    longer; the last step when none fits."""
    if pages_at(0) <= limit:
        return 0
    last = steps - 1
    if pages_at(last) > limit:
        return last
    low, high = 0, last  # low does not fit, high does
    while high - low > 1:
        mid = (low + high) // 2
        if pages_at(mid) <= limit:
            high = mid
        else:
            low = mid
    return high


def _settle(guess: int, count: Callable[[int], int], estimate: Callable[[int], int], limit: int, steps: int) -> int:
    """From the estimate's step to the first that fits as counted: longer ones while they
    still fit and the estimate (within a page) does not rule them out, else shorter ones
    until one fits (the last when none does)."""
    if count(guess) <= limit:
        while guess > 0 and estimate(guess - 1) <= limit + 1 and count(guess - 1) <= limit:
            guess -= 1
        return guess
    while guess < steps - 1 and count(guess) > limit:
        guess += 1
    return guess


class PageCounter:
    """Counts a Word file's pages: by LibreOffice where it is installed and answers, else by estimate."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.program = libreoffice()
        self.counted_by = "LibreOffice" if self.program else "estimate"

    def count(self, docx: Path) -> int:
        """Pages of ``docx``."""
        if self.program:
            pages = self._libreoffice(docx)
            if pages is not None:
                return pages
            # It failed or hung: this run estimates, rather than wait on it again.
            self.program, self.counted_by = None, "estimate"
        return estimate_pages(docx)

    def _libreoffice(self, docx: Path) -> int | None:
        from pypdf import PdfReader

        assert self.program is not None
        # A private profile: a LibreOffice the user has open, or a run beside this one, is left alone.
        profile = (self.folder / "profile").resolve().as_uri()
        command = [self.program, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf"]
        try:
            subprocess.run(
                [*command, "--outdir", str(self.folder), str(docx)],
                capture_output=True,
                timeout=SOFFICE_TIMEOUT,
                check=False,
            )
            pdf = self.folder / f"{docx.stem}.pdf"
            return len(PdfReader(str(pdf)).pages) if pdf.exists() else None
        except (OSError, subprocess.SubprocessError, ValueError):
            return None


def estimate_pages(docx: Path) -> int:
    """Pages of a Word file as laid out from its own measures, without a word processor.

    Each paragraph takes its lines (the characters a line holds between the margins at its
    style's size, a Latin letter or digit counted as half) at its line spacing, plus the
    space before and after it; a table row takes the lines of its fullest cell, its
    columns sharing the width. A page holds the height between the top and bottom margins.
    """
    from docx import Document

    doc: Any = Document(str(docx))
    section = doc.sections[0]
    height = (section.page_height - section.top_margin - section.bottom_margin) / EMU_PER_PT
    width = (section.page_width - section.left_margin - section.right_margin) / EMU_PER_PT
    measure = _Measure(doc)
    used = 0.0
    for block in doc.element.body.iterchildren():
        if block.tag.endswith("}tbl"):
            used += measure.table(block, width)
        elif block.tag.endswith("}p"):
            used += measure.paragraph(block, width)
    return max(1, math.ceil(used / float(height)))


_PROPERTIES = ("line_spacing", "first_line_indent", "space_before", "space_after")


class _Measure:
    """Heights of a document's paragraphs and tables in points; each style is read once
    (python-docx looks a style up by walking the whole style part)."""

    def __init__(self, doc: Any) -> None:
        self.doc = doc
        self.styles: dict[str | None, dict[str, Any]] = {}

    def _style(self, paragraph: Any) -> dict[str, Any]:
        """The style's size and spacing, each from the style or the style it is based on."""
        key = paragraph._p.style
        if key not in self.styles:
            found: dict[str, Any] = {}
            style = paragraph.style
            while style is not None:
                for name in _PROPERTIES:
                    if found.get(name) is None:
                        found[name] = getattr(style.paragraph_format, name)
                if found.get("size") is None and style.font.size:
                    found["size"] = float(style.font.size) / EMU_PER_PT
                style = style.base_style
            self.styles[key] = found
        return self.styles[key]

    def paragraph(self, element: Any, width: float) -> float:
        """Its lines at its line spacing, and the space before and after it."""
        from docx.text.paragraph import Paragraph

        paragraph = Paragraph(element, self.doc)
        style = self._style(paragraph)
        own = paragraph.paragraph_format
        value = {name: _first(getattr(own, name), style.get(name)) for name in _PROPERTIES}
        sizes = [run.font.size for run in paragraph.runs if run.font.size]
        size = float(max(sizes)) / EMU_PER_PT if sizes else style.get("size") or DEFAULT_SIZE
        spacing = value["line_spacing"]
        if spacing is None:
            line = size * LINE_HEIGHT
        elif isinstance(spacing, float):
            line = size * LINE_HEIGHT * spacing
        else:
            line = float(spacing) / EMU_PER_PT
        indent = value["first_line_indent"]
        room = width - (float(indent) / EMU_PER_PT if indent else 0.0)
        gaps = sum(float(g) / EMU_PER_PT for g in (value["space_before"], value["space_after"]) if g)
        return _lines(paragraph.text, room, size) * line + gaps

    def table(self, element: Any, width: float) -> float:
        """Each row as high as its fullest cell, the columns sharing the width."""
        from docx.table import Table

        total = 0.0
        for row in Table(element, self.doc).rows:
            cells = row.cells
            room = width / max(1, len(cells)) - 2 * CELL_PADDING
            fullest = max((sum(self.paragraph(p._p, room) for p in cell.paragraphs) for cell in cells), default=0.0)
            total += fullest + CELL_PADDING
        return total


def _first(own: Any, styled: Any) -> Any:
    return styled if own is None else own


def _lines(text: str, room: float, size: float) -> int:
    units = sum(0.5 if ord(ch) < 0x2E80 else 1.0 for ch in text)
    per_line = max(1.0, math.floor(room / size))
    return max(1, math.ceil(units / per_line))
