"""PDF text layer to paragraphs: page lines re-joined where the page wrapped them."""

from __future__ import annotations

import dataclasses
import io
import re
from collections.abc import Iterator
from contextlib import AbstractContextManager, nullcontext
from typing import Any

from ...model import Block
from ..safezip import LIMITS, megabytes
from . import NO_TEXT_LAYER, FormatError, page_paragraphs

_HAN = re.compile("[\u4e00-\u9fff]")
MAX_PAGES = 2000
MB = 1024 * 1024
MAX_STREAM = 16 * MB
"""Bytes one stream may inflate to (pypdf's own limit is 75 MB): a page's text is kilobytes."""
MAX_INFLATED = 64 * MB
"""Bytes the streams text is read from (pages, their forms, fonts' maps) may inflate to together:
pypdf keeps each page's inflated streams, so a 500 KB file of eight 60 MB pages took 580 MB."""
_STREAM_LIMITS = (
    "zlib_maximum_output_length",
    "lzw_maximum_output_length",
    "run_length_maximum_output_length",
    "brotli_maximum_output_length",
    "jbig2_maximum_output_length",
    "image_maximum_buffer_size",
    "stream_decoding_work_maximum_length",
)


def pdf_blocks(data: bytes, max_characters: int) -> list[Block]:
    """Paragraphs of a PDF's text layer, ``where`` the page each begins on.

    Lines are re-joined into paragraphs by :func:`page_paragraphs`. Reading stops past
    ``max_characters`` of text. Raises :class:`FormatError` for encrypted PDFs, scans
    without text and PDFs of more than ``MAX_PAGES`` pages.
    """
    from pypdf.errors import LimitReachedError

    try:
        with _stream_limits():
            return _blocks(data, max_characters)
    except LimitReachedError as err:
        raise FormatError(f"PDF holds a stream that inflates past {megabytes(MAX_STREAM)} (limit)") from err


def _stream_limits() -> AbstractContextManager[Any]:
    """pypdf's limits on inflating one stream, lowered to ``MAX_STREAM`` where its version has
    them as settings (6.x and later; older ones keep their own 75 MB)."""
    try:
        from pypdf import apply_configuration, get_configuration
    except ImportError:  # pragma: no cover - pypdf before its Configuration
        return nullcontext()
    known = {f.name for f in dataclasses.fields(get_configuration())}
    return apply_configuration(None, **{name: MAX_STREAM for name in _STREAM_LIMITS if name in known})


def _resolved(item: Any) -> Any:
    """An indirect reference's object, or the item itself."""
    return item.get_object() if hasattr(item, "get_object") else item


def _text_streams(page: Any) -> Iterator[Any]:
    """The streams pypdf inflates to read a page's text: its contents, its forms (nested), the
    fonts' ToUnicode maps; each once."""
    contents = page.get_contents()
    if contents is not None:
        yield contents
    seen: set[int] = set()
    todo: list[Any] = [page.get("/Resources")]
    while todo:
        resources = _resolved(todo.pop())
        if not isinstance(resources, dict) or id(resources) in seen:
            continue
        seen.add(id(resources))
        forms = _resolved(resources.get("/XObject"))
        for form in map(_resolved, forms.values() if isinstance(forms, dict) else ()):
            if isinstance(form, dict) and form.get("/Subtype") == "/Form" and id(form) not in seen:
                seen.add(id(form))
                yield form
                todo.append(form.get("/Resources"))
        fonts = _resolved(resources.get("/Font"))
        for font in map(_resolved, fonts.values() if isinstance(fonts, dict) else ()):
            cmap = _resolved(font.get("/ToUnicode")) if isinstance(font, dict) else None
            if hasattr(cmap, "get_data") and id(cmap) not in seen:
                seen.add(id(cmap))
                yield cmap


def _blocks(data: bytes, max_characters: int) -> list[Block]:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    if reader.is_encrypted:
        raise FormatError("encrypted PDF")
    if len(reader.pages) > MAX_PAGES:
        raise FormatError(f"PDF of {len(reader.pages)} pages (limit {MAX_PAGES})")
    pages = []
    read = inflated = 0
    for page in reader.pages:
        # Counted before the text is read: pypdf keeps what it inflates for as long as the file is open.
        inflated += sum(len(stream.get_data()) for stream in _text_streams(page))
        if inflated > MAX_INFLATED:
            raise FormatError(f"PDF streams inflate to more than {megabytes(MAX_INFLATED)} (limit)")
        if inflated > LIMITS.ratio_from and inflated > LIMITS.ratio * len(data):
            raise FormatError(f"PDF streams are compressed more than {LIMITS.ratio}:1 (limit; a zip bomb?)")
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
