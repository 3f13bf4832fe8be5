"""Title, date and source: what the head of a page says about the report, apart from its body."""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from .model import Block
from .sections import ENDS_SENTENCE, numbered

_HAN = re.compile("[\u4e00-\u9fff]")
_META_KEY = re.compile(
    r"(发布时间|发布日期|发表时间|更新时间|时间|日期|来源|作者|编辑|责任编辑|阅读|浏览|点击)\s*[：:]"
)
_DATE = re.compile(r"((?:19|20)\d{2})\s*[年\-/.]\s*(\d{1,2})\s*[月\-/.]\s*(\d{1,2})\s*日?")
_SOURCE = re.compile(r"来源\s*[：:]\s*(.*?)\s*(?=(?:作者|编辑|责任编辑|阅读|浏览|点击|时间|发布时间|日期)\s*[：:]|$)")

HEAD_LINES = 6
"""Lines before the first body paragraph that may hold the title; more is body."""
MAX_META_LEN = 100


@dataclass(frozen=True)
class Header:
    """What the head of a report says about it, and the body paragraphs that follow."""

    title: str | None
    date: str | None
    source: str | None
    body: tuple[Block, ...]


def parse_date(text: str) -> str | None:
    """ISO date of the first valid ``2020年3月5日``/``2020-3-5`` in ``text``, else None.

    >>> parse_date("发布时间：2020年3月5日 13:47")
    '2020-03-05'
    """
    for m in _DATE.finditer(text):
        try:
            return _dt.date(int(m[1]), int(m[2]), int(m[3])).isoformat()
        except ValueError:
            continue
    return None


def _is_meta(line: str) -> bool:
    if len(line) > MAX_META_LEN or ENDS_SENTENCE.search(line):
        return False
    if _META_KEY.search(line):
        return True
    m = _DATE.match(line)
    return m is not None and len(_HAN.findall(line[m.end() :])) < 20


def _is_body(line: str) -> bool:
    return bool(ENDS_SENTENCE.search(line)) or len(line) > 60


def read_header(blocks: Sequence[Block]) -> Header:
    """Title, date and source of a cleaned report, and its body paragraphs."""
    date = source = None
    body: list[Block] = []
    for block in blocks:
        if _is_meta(block.text):
            date = date or parse_date(block.text)
            m = _SOURCE.search(block.text)
            if m and source is None and _HAN.search(m[1]):
                source = m[1].strip()
        else:
            body.append(block)

    title = None
    head: list[Block] = []
    for block in body[:HEAD_LINES]:
        if _is_body(block.text) or numbered(block.text) or block.level:
            break
        head.append(block)
    if head and len(head) < len(body):
        # The title is the longest line above the first paragraph; the other lines there
        # are column tags ("基层党建", "坚决打赢疫情防控阻击战"), not article text.
        title = max(head, key=lambda b: len(b.text)).text
        body = body[len(head) :]
    return Header(title, date, source, tuple(body))
