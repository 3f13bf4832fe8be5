"""OFD (GB/T 33190) text layer to paragraphs, through ofdkit: pages in the document's order, lines re-joined.

ofdkit reads each page's ``TextObject``/``TextCode`` runs (templates included) in reading
order, pages in the order ``Document.xml`` lists them, and gives the page's lines with a
blank line where the layout leaves a paragraph's gap; :func:`page_paragraphs` re-joins the
lines the page wrapped, as for a PDF. An OFD indents a paragraph's first line by placing
it, not by spaces: the lines that start right of the page's left edge of text get the two
spaces back, so a paragraph whose last line is full still ends there.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from ...model import Block
from ..decode import HAN
from ..safezip import MB, ZipLimits, open_zip
from . import NO_TEXT_LAYER, FormatError, page_paragraphs

MAX_PAGES = 2000
"""As for a PDF: a report has tens of pages."""
MAX_PARTS = 20_000
"""Parts in an OFD package: a page has its content and resources; more is an archive or an attack."""
MAX_EXPANDED = 256 * 1024 * 1024
"""Bytes an OFD package may expand to (fonts and scans included): a compressed file can hold gigabytes."""
INDENT = 1.5
"""A line starting this many characters right of the page's left edge of text is indented
(a paragraph's first line opens two characters in; a wrapped line starts at the edge)."""
_SAME_LINE = 0.5
"""Runs whose baselines differ by less than this share of their size are on one line (as ofdkit has it)."""
_LIMITS = ZipLimits(parts=MAX_PARTS, part=64 * MB, total=MAX_EXPANDED)
"""A scanned page's picture may be a few MB; fonts travel in the package too."""
_PICTURES = (".png", ".jpg", ".jpeg", ".jb2", ".jbig2", ".bmp", ".tif", ".tiff", ".gif")


def ofd_blocks(data: bytes, max_characters: int) -> list[Block]:
    """Paragraphs of an OFD's text layer, ``where`` the page each begins on.

    Raises :class:`FormatError` for a package beyond the limits, a text longer than
    ``max_characters`` and pages of pictures without text (a scan).
    """
    import ofdkit

    names = _check_package(data)
    pages = []
    read = 0
    with ofdkit.open(data) as document:
        if len(document.pages) > MAX_PAGES:
            raise FormatError(f"OFD of {len(document.pages)} pages (limit {MAX_PAGES})")
        for page in document.pages:
            text = page.text()
            read += len(text)
            if read > max_characters:
                raise FormatError(f"report text too long (more than {max_characters:,} characters)")
            indented = _indented(page.runs)
            pages.append(["\u3000\u3000" + line if _key(line) in indented else line for line in text.splitlines()])
    blocks = page_paragraphs(pages)
    if not any(HAN.search(b.text) for b in blocks) and any(name.lower().endswith(_PICTURES) for name in names):
        raise FormatError(f"the OFD file {NO_TEXT_LAYER}")
    return blocks


def _indented(runs: Sequence[Any]) -> set[str]:
    """The text (whitespace removed) of the page's lines that start indented from its left edge of text."""
    lines: list[list[Any]] = []
    for run in sorted(runs, key=lambda r: (r.y, r.x)):
        if lines and abs(run.y - lines[-1][0].y) <= _SAME_LINE * max(min(run.size, lines[-1][0].size), 1.0):
            lines[-1].append(run)
        else:
            lines.append([run])
    if not lines:
        return set()
    lefts = [min(run.x for run in line) for line in lines]
    # The left edge of text: the leftmost start two lines or more share (a paragraph's wrapped
    # lines), so that one outdented line does not move it.
    starts = Counter(round(left) for left in lefts)
    edge = min((left for left, n in starts.items() if n > 1), default=min(starts))
    return {
        _key("".join(run.text for run in sorted(line, key=lambda r: r.x)))
        for line, left in zip(lines, lefts)
        if left - edge >= INDENT * max(run.size for run in line)
    }


def _key(line: str) -> str:
    return "".join(line.split())


def _check_package(data: bytes) -> list[str]:
    """The package's part names, once it is known to inflate within the limits: the bytes each
    part actually gives are counted, not the sizes its index declares (a lying index)."""
    package = open_zip(data, "OFD file", _LIMITS)
    package.check()
    return package.names()
