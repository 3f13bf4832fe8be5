"""Format readers: Word, web pages, Markdown and PDF to the :class:`~summarizer.model.Block` list parse reads.

Each reader returns the file's paragraphs in order, with the headings its format marks
structurally (a Word heading style, ``<h2>``, ``## ``) as levelled blocks, so the parse
stage takes them as headings even where their wording would not say so.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..model import Block


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


def text_blocks(text: str) -> list[Block]:
    """Plain text: every non-blank line a paragraph, ``where`` its line number."""
    return [Block(line, 0, n) for n, line in enumerate(text.splitlines(), 1) if line.strip()]
