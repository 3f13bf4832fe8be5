"""PDF text layer to paragraphs: page lines re-joined where the page wrapped them."""

from __future__ import annotations

import io
import re

from ...model import Block
from . import _INDENT, FULL_LINE, FormatError, display_width

_HAN = re.compile("[\u4e00-\u9fff]")
MAX_PAGES = 2000


def pdf_blocks(data: bytes, max_characters: int) -> list[Block]:
    """Paragraphs of a PDF's text layer, ``where`` the page each begins on.

    A PDF breaks paragraphs at the line width: a line as long as the page's longest runs on
    into the next, unless the next is indented (Chinese paragraphs open with two spaces).
    Reading stops past ``max_characters`` of text. Raises :class:`FormatError` for
    encrypted PDFs, scans without text and PDFs of more than ``MAX_PAGES`` pages.
    """
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    if reader.is_encrypted:
        raise FormatError("encrypted PDF")
    if len(reader.pages) > MAX_PAGES:
        raise FormatError(f"PDF of {len(reader.pages)} pages (limit {MAX_PAGES})")
    blocks: list[Block] = []
    carry, start = "", 0  # a paragraph may run on over a page break
    read = 0
    for number, page in enumerate(reader.pages, 1):
        text = page.extract_text() or ""
        read += len(text)
        if read > max_characters:
            raise FormatError(f"report text too long (more than {max_characters:,} characters)")
        lines = [ln.rstrip() for ln in text.splitlines() if ln.strip()]
        # Full by either measure: a layout engine fills a line by its printed width (digits
        # take half a character), a generator may cut it by its characters.
        widths = [display_width(ln) for ln in lines]
        width = max(widths, default=0)
        most = max((len(ln) for ln in lines), default=0)
        for line, size in zip(lines, widths):
            if carry and line[0] in _INDENT:
                blocks.append(Block(carry, 0, start))
                carry = ""
            if not carry:
                start = number
            carry += line.strip()
            if size < FULL_LINE * width and len(line) < FULL_LINE * most:
                blocks.append(Block(carry, 0, start))
                carry = ""
    if carry:
        blocks.append(Block(carry, 0, start))
    if not any(_HAN.search(b.text) for b in blocks):
        raise FormatError("the PDF has no text layer (a scan?); run OCR on it first")
    return blocks
