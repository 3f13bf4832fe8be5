"""PDF text layer to paragraphs: page lines re-joined where the page wrapped them."""

from __future__ import annotations

import io
import re

from ...model import Block
from . import NO_TEXT_LAYER, FormatError, page_paragraphs

_HAN = re.compile("[\u4e00-\u9fff]")
MAX_PAGES = 2000


def pdf_blocks(data: bytes, max_characters: int) -> list[Block]:
    """Paragraphs of a PDF's text layer, ``where`` the page each begins on.

    Lines are re-joined into paragraphs by :func:`page_paragraphs`. Reading stops past
    ``max_characters`` of text. Raises :class:`FormatError` for encrypted PDFs, scans
    without text and PDFs of more than ``MAX_PAGES`` pages.
    """
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    if reader.is_encrypted:
        raise FormatError("encrypted PDF")
    if len(reader.pages) > MAX_PAGES:
        raise FormatError(f"PDF of {len(reader.pages)} pages (limit {MAX_PAGES})")
    pages = []
    read = 0
    for page in reader.pages:
        text = page.extract_text() or ""
        read += len(text)
        if read > max_characters:
            raise FormatError(f"report text too long (more than {max_characters:,} characters)")
        # pypdf's blank lines are not the layout's gaps: only the line widths tell paragraphs.
        pages.append([line for line in text.splitlines() if line.strip()])
    blocks = page_paragraphs(pages)
    if not any(_HAN.search(b.text) for b in blocks):
        raise FormatError(f"the PDF {NO_TEXT_LAYER}; run OCR on it first")
    return blocks
