"""PDF text layer to paragraphs: page lines re-joined where the page wrapped them."""

from __future__ import annotations

import re
from pathlib import Path

from ..model import Block
from . import FormatError

_INDENT = " \u3000\t"
_HAN = re.compile("[\u4e00-\u9fff]")
FULL_LINE = 0.85
"""A line at least this share of the page's longest runs on into the next."""


def pdf_blocks(path: Path) -> list[Block]:
    """Paragraphs of a PDF's text layer, ``where`` the page each begins on.

    A PDF breaks paragraphs at the line width: a line as long as the page's longest runs on
    into the next, unless the next is indented (Chinese paragraphs open with two spaces).
    Raises :class:`FormatError` for encrypted PDFs and scans without text.
    """
    from pypdf import PdfReader

    reader = PdfReader(str(path))
    if reader.is_encrypted:
        raise FormatError("encrypted PDF")
    blocks: list[Block] = []
    carry, start = "", 0  # a paragraph may run on over a page break
    for number, page in enumerate(reader.pages, 1):
        lines = [ln.rstrip() for ln in (page.extract_text() or "").splitlines() if ln.strip()]
        width = max((len(ln) for ln in lines), default=0)
        for line in lines:
            if carry and line[0] in _INDENT:
                blocks.append(Block(carry, 0, start))
                carry = ""
            if not carry:
                start = number
            carry += line.strip()
            if len(line) < FULL_LINE * width:
                blocks.append(Block(carry, 0, start))
                carry = ""
    if carry:
        blocks.append(Block(carry, 0, start))
    if not any(_HAN.search(b.text) for b in blocks):
        raise FormatError("the PDF has no text layer (a scan?); run OCR on it first")
    return blocks
