"""Word (.docx) to paragraphs: heading styles as levelled blocks, tables read row by row."""

from __future__ import annotations

import io
import re
import zipfile
from typing import Any

from ...model import Block
from . import FormatError, relevel

_HEADING_STYLE = re.compile(r"(?:Heading|标题)\s*(\d)")
_TITLE_STYLES = ("Title", "标题")
MAX_PARTS = 2000
"""Parts in a Word package: a report has tens (pictures included); thousands is an attack."""
MAX_EXPANDED = 64 * 1024 * 1024
"""Bytes a Word package may expand to: a compressed file can hold gigabytes of XML."""


def check_package(data: bytes) -> None:
    """Refuse a Word package that would expand beyond the limits, before any XML is parsed.

    Python's zipfile never yields more than an entry's declared size, so the sizes the
    central directory declares bound what parsing can read.
    """
    try:
        entries = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as err:
        raise FormatError("not a readable Word file (not a zip package)") from err
    if len(entries) > MAX_PARTS:
        raise FormatError(f"not a readable Word file ({len(entries)} parts; limit {MAX_PARTS})")
    expanded = sum(e.file_size for e in entries)
    if expanded > MAX_EXPANDED:
        raise FormatError(
            f"Word file expands to {expanded // (1024 * 1024)} MB (limit {MAX_EXPANDED // (1024 * 1024)} MB)"
        )


def docx_blocks(data: bytes) -> list[Block]:
    """Body paragraphs of a Word file in order, ``where`` the paragraph's number in the body.

    Styles are looked up by id in one table built once: python-docx's ``Paragraph.style``
    resolves the style part anew for every paragraph, which dominated reading big files.
    """
    import docx

    check_package(data)
    document = docx.Document(io.BytesIO(data))
    names = {style.style_id: style.name or "" for style in document.styles}
    blocks: list[Block] = []
    title_done = False
    for n, element in enumerate(document.element.body.inner_content_elements, 1):
        tag = element.tag.rsplit("}", 1)[-1]
        if tag == "p":
            text = (element.text or "").strip()
            if not text:
                continue
            style = names.get(element.style or "", "") if element.style else "Normal"
            level = _style_level(style)
            if style in _TITLE_STYLES and not title_done:
                level = 0
            title_done = True
            blocks.append(Block(text, level, n))
        elif tag == "tbl":
            blocks.extend(Block(row, 0, n) for row in _table_rows(element))
    return relevel(blocks)


def _table_rows(table: Any) -> list[str]:
    """Each row's distinct non-empty cell texts joined by an ideographic space."""
    rows = []
    for tr in table.tr_lst:
        cells = list(dict.fromkeys(text for tc in tr.tc_lst if (text := _cell_text(tc))))
        if cells:
            rows.append("　".join(cells))
    return rows


def _cell_text(tc: Any) -> str:
    return "\n".join((p.text or "") for p in tc.p_lst).strip()


def _style_level(style: str) -> int:
    m = _HEADING_STYLE.match(style)
    return int(m.group(1)) if m else 0
