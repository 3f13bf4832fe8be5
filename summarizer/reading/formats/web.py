"""Web pages to paragraphs: the main content found by trafilatura, charset from the page's meta tag."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

from ...model import Block
from . import FormatError, relevel

MIN_PAGE_TITLE = 10
"""A page title shorter than this is a column or site name, not the article's title."""
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_-]+)""", re.I)
_HEADING = re.compile(r"h(\d)")
# As browsers do: pages labelled GB2312/GBK are really GB18030, Big5 is Big5-HKSCS.
_BROWSER_CHARSETS = {"gb2312": "gb18030", "gbk": "gb18030", "big5": "big5hkscs"}


def page_text(data: bytes, decode: Callable[[bytes], str]) -> str:
    """The page as text, in the charset its meta tag declares, else as ``decode`` reads it."""
    m = _META_CHARSET.search(data[:4096])
    if m:
        declared = m.group(1).decode("ascii").lower()
        try:
            return data.decode(_BROWSER_CHARSETS.get(declared, declared))
        except (LookupError, UnicodeDecodeError):
            pass
    return decode(data)


def html_blocks(data: bytes, decode: Callable[[bytes], str]) -> list[Block]:
    """Paragraphs of a web page's main content, ``where`` each paragraph's number in it.

    The page's own navigation, share bars and footers are removed structurally by
    trafilatura; our furniture patterns still run afterwards on what is left.
    """
    import trafilatura
    from lxml import etree

    html = page_text(data, decode)
    xml = trafilatura.extract(
        html, output_format="xml", include_tables=True, include_comments=False, favor_precision=True
    )
    if not xml:
        raise FormatError("no article text found in the web page")
    main = etree.fromstring(xml.encode("utf-8")).find("main")
    items = [(level, text) for level, text in _paragraphs(main) if text]
    blocks = relevel([Block(text, level, n) for n, (level, text) in enumerate(items, 1)])
    meta = trafilatura.extract_metadata(html)
    title = _page_title(meta.title if meta else None)
    if not title or not blocks:
        return blocks
    first = blocks[0].text
    if title not in first and first not in title:
        return [Block(title, 0, 0), *blocks]
    if first in title and first != title:
        # The first paragraph is a shortened title: the page's own title is the full one.
        return [Block(title, blocks[0].level, blocks[0].where), *blocks[1:]]
    return blocks


def _paragraphs(main: Any) -> Iterator[tuple[int, str]]:
    """``(heading level or 0, text)`` for each paragraph, list item and table row of trafilatura's XML."""
    if main is None:
        return
    for element in main:
        tag = element.tag
        if tag == "head":
            m = _HEADING.fullmatch(element.get("rend") or "")
            yield (int(m.group(1)) if m else 2), _text(element)
        elif tag == "list":
            for item in element.iter("item"):
                yield 0, _text(item)
        elif tag == "table":
            for row in element.iter("row"):
                cells = [_text(cell) for cell in row.iter("cell")]
                yield 0, "　".join(c for c in cells if c)
        elif tag == "quote":
            yield from _paragraphs(element)
        else:
            yield 0, _text(element)


def _text(element: Any) -> str:
    return " ".join("".join(element.itertext()).split())


def _page_title(title: str | None) -> str:
    """The article part of a page title (``报告标题_某某县委组织部`` → ``报告标题``), or ``""`` when
    what is left is only a column name (``组工动态``)."""
    head = re.split(r"\s*[_|｜—–-]+\s*", (title or "").strip())[0]
    return head if len(head) >= MIN_PAGE_TITLE else ""
