"""Word (.docx) to paragraphs: heading styles as levelled blocks, tables read row by row."""

from __future__ import annotations

import io
import re
from typing import Any

from ...model import Block
from ..safezip import check_zip
from . import relevel

_HEADING_STYLE = re.compile(r"(?:Heading|标题)\s*(\d)")
_TITLE_STYLES = ("Title", "标题")


def check_package(data: bytes) -> None:
    """Refuse a Word package that would expand beyond the limits or whose zip index lies,
    before any XML is parsed (:mod:`summarizer.reading.safezip`)."""
    check_zip(data, "Word file")


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
