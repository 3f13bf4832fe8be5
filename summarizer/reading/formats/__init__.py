"""Format readers: Word, web pages, Markdown, PDF and OFD to the :class:`~summarizer.model.Block` list parse reads.

Each reader returns the file's paragraphs in order, with the headings its format marks
structurally (a Word heading style, ``<h2>``, ``## ``) as levelled blocks, so the parse
stage takes them as headings even where their wording would not say so.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from ...model import Block

_INDENT = " \u3000\t"
FULL_LINE = 0.85
"""A line at least this share of the page width runs on into the next (also in PDFs)."""
MAX_PAGE_WIDTH = 100
"""Characters a printed line holds at most (spaces around numbers included): a text whose
long lines are longer has a paragraph a line, not a page's lines."""
MIN_WRAPPED_LINES = 8
WRAPPED_SHARE = 0.4
"""A text is hard-wrapped when this share of its lines (and at least MIN_WRAPPED_LINES) are full."""
_PARAGRAPH_END = re.compile(r"[。！？!?：:；;…”」』]$")
_OPENS_PART = re.compile(
    r"^(?:[一二三四五六七八九十]{1,3}[、．.]|[（(][一二三四五六七八九十\d]{1,3}[)）]|\d{1,2}[、.．])"
)
NO_TEXT_LAYER = "has no text layer (a scan?)"
"""Why a file with pictures but no text is not read: scanned pages, which need OCR first."""


class FormatError(ValueError):
    """A file of a readable format that holds nothing we can use, with the reason (``encrypted PDF``)."""


def relevel(blocks: Sequence[Block]) -> list[Block]:
    """Headings renumbered so the top level used in the body is 1; a first line that is the
    only heading of its level is the document's title, not a section."""
    items = list(blocks)
    if items and items[0].level and sum(1 for b in items if b.level == items[0].level) == 1:
        items[0] = Block(items[0].text, 0, items[0].where)
    used = [b.level for b in items if b.level]
    top = min(used) if used else 1
    return [Block(b.text, b.level - top + 1, b.where) if b.level else b for b in items]


def display_width(line: str) -> float:
    """A line's printed width in Han characters: ASCII (digits, spaces) takes half of one."""
    return len(line) - 0.5 * len(line.encode("ascii", "ignore"))  # the ASCII characters, counted in C


def page_width(lengths: Sequence[float]) -> float | None:
    """The width of a hard-wrapped text's lines (as ``pdftotext`` writes a PDF), else None."""
    if len(lengths) < MIN_WRAPPED_LINES:
        return None
    width = sorted(lengths)[int(len(lengths) * 0.95)]
    full = sum(1 for n in lengths if FULL_LINE * width <= n <= width)
    return width if width <= MAX_PAGE_WIDTH and full >= max(MIN_WRAPPED_LINES, WRAPPED_SHARE * len(lengths)) else None


def page_paragraphs(pages: Iterable[Sequence[str]]) -> list[Block]:
    """The paragraphs of a fixed layout's pages of lines (a PDF's, an OFD's), ``where`` the page each begins on.

    A fixed layout breaks paragraphs at the line width: a line as long as the page's longest
    runs on into the next, unless the next is indented (Chinese paragraphs open with two
    spaces) or a blank line (a gap the layout left) stands between them. A paragraph may run
    on over a page break.
    """
    blocks: list[Block] = []
    carry, start = "", 0
    for number, page in enumerate(pages, 1):
        lines = [line.rstrip() for line in page]
        # Full by either measure: a layout engine fills a line by its printed width (digits
        # take half a character), a generator may cut it by its characters.
        widths = [display_width(line) for line in lines]
        width = max(widths, default=0)
        most = max((len(line) for line in lines), default=0)
        for line, size in zip(lines, widths):
            if carry and (not line.strip() or line[0] in _INDENT):
                blocks.append(Block(carry, 0, start))
                carry = ""
            if not line.strip():
                continue
            if not carry:
                start = number
            carry += line.strip()
            if size < FULL_LINE * width and len(line) < FULL_LINE * most:
                blocks.append(Block(carry, 0, start))
                carry = ""
    if carry:
        blocks.append(Block(carry, 0, start))
    return blocks


def text_blocks(text: str) -> list[Block]:
    """Plain text: every non-blank line a paragraph, ``where`` its line number.

    A hard-wrapped text (a PDF's text as ``pdftotext`` gives it) has its lines joined again:
    a full line that does not end a sentence runs on into the next, unless the next is
    indented or opens a numbered part.
    """
    lines = [(n, line.rstrip()) for n, line in enumerate(text.splitlines(), 1) if line.strip()]
    widths = [display_width(line) for _, line in lines]
    width = page_width(widths)
    if width is None:
        return [Block(line, 0, n) for n, line in lines]
    blocks: list[Block] = []
    carry, start = "", 0
    for (n, line), size in zip(lines, widths):
        if carry and (line[0] in _INDENT or _OPENS_PART.match(line.strip())):
            blocks.append(Block(carry, 0, start))
            carry = ""
        if not carry:
            start = n
        carry += line.strip()
        if size < FULL_LINE * width or _PARAGRAPH_END.search(line):
            blocks.append(Block(carry, 0, start))
            carry = ""
    if carry:
        blocks.append(Block(carry, 0, start))
    return blocks
