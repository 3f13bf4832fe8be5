"""Word (.docx) to paragraphs: heading styles as levelled blocks, tables read row by row."""

from __future__ import annotations

import io
import re
import zipfile
from typing import Any

from ...model import Block
from ..decode import HAN
from ..safezip import check_zip
from . import NO_TEXT_LAYER, FormatError, relevel

_HEADING_STYLE = re.compile(r"(?:Heading|标题)\s*(\d)")
_TITLE_STYLES = ("Title", "标题")
TITLE_ZONE = 8
"""Paragraphs at the top of a document where its title may stand, after a masthead and a 文号."""
MAX_TITLE = 80
"""Characters a title set over several lines has at most: more is centred body text."""
_CJK = "\u3000-\u303f\u3400-\u9fff\uff00-\uffef"
_SOFT_BREAK = re.compile(f"(?<=[{_CJK}])\\s*\\n\\s*(?=[{_CJK}])")
_ENDS = re.compile("[。！？!?：:；;]$")
_SUBTITLE = ("—", "－", "-", "（", "(")


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
    centred = {style.style_id for style in document.styles if _centred_style(style)}
    blocks: list[Block] = []
    title_done = False
    last_look: tuple[str, bool] | None = None
    for n, element in enumerate(document.element.body.inner_content_elements, 1):
        tag = element.tag.rsplit("}", 1)[-1]
        look = None
        if tag == "p":
            # A text box (a masthead, a 密级 block) is anchored in a paragraph but not part of
            # its text: its paragraphs are read before the anchor's.
            blocks.extend(Block(box, 0, n) for box in _text_boxes(element))
            text = _unbreak(element.text or "")
            if not text:
                last_look = None
                continue
            look = _centred_look(element, centred)
            if look and look == last_look and len(blocks) <= TITLE_ZONE and _continues_title(blocks[-1].text, text):
                # GB/T 9704 sets a long title over several centred lines of the same type, each
                # its own paragraph where the author pressed Enter: one title, not several.
                blocks[-1] = Block(blocks[-1].text + text, blocks[-1].level, blocks[-1].where)
                continue
            style = names.get(element.style or "", "") if element.style else "Normal"
            level = _style_level(style)
            if style in _TITLE_STYLES and not title_done:
                level = 0
            title_done = True
            blocks.append(Block(text, level, n))
        elif tag == "tbl":
            blocks.extend(Block(row, 0, n) for row in _table_rows(element))
        last_look = look
    if not any(HAN.search(b.text) for b in blocks) and any(
        name.startswith("word/media/") for name in zipfile.ZipFile(io.BytesIO(data)).namelist()
    ):
        # Pictures and no text: scanned pages pasted in, as offices send scans in Word files.
        raise FormatError(f"the Word file {NO_TEXT_LAYER}")
    return relevel(blocks)


def _unbreak(text: str) -> str:
    """A paragraph's text with its line breaks (Shift+Enter) taken out: they end a line, not a
    word, so between Chinese characters a break is nothing, elsewhere a space."""
    return _SOFT_BREAK.sub("", text).replace("\n", " ").strip()


def _text_boxes(paragraph: Any) -> list[str]:
    """The paragraphs of the text boxes anchored in ``paragraph``, each box once (Word and
    LibreOffice also write a VML copy of each box for older readers, the ``Fallback``)."""
    boxes = paragraph.xpath(".//*[local-name()='txbxContent'][not(ancestor::*[local-name()='Fallback'])]")
    texts = (_unbreak(p.text or "") for box in boxes for p in box.xpath("./*[local-name()='p']"))
    return [text for text in texts if text]


def _centred_style(style: Any) -> bool:
    # The XML itself: python-docx's alignment enum raises on values it does not know, such as
    # the ``start`` LibreOffice writes.
    return bool(style.element.xpath("string(./w:pPr/w:jc/@w:val)") == "center")


def _centred_look(element: Any, centred: set[str]) -> tuple[str, bool] | None:
    """A centred paragraph's type (size, bold) as its first run sets it; None for other paragraphs."""
    align = element.xpath("string(./w:pPr/w:jc/@w:val)")
    if align != "center" and (align or (element.style or "") not in centred):
        return None
    size = element.xpath("string(./w:r[w:t][1]/w:rPr/w:sz/@w:val)")
    bold = element.xpath("./w:r[w:t][1]/w:rPr/w:b[not(@w:val='0' or @w:val='false')]")
    return size, bool(bold)


def _continues_title(title: str, line: str) -> bool:
    """True when ``line`` may be the next line of ``title``: neither ends a sentence nor is a subtitle."""
    return (
        not any(_ENDS.search(text) or text.startswith(_SUBTITLE) for text in (title, line))
        and len(title) + len(line) <= MAX_TITLE
    )


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
