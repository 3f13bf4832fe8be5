"""Markdown to paragraphs: ``#`` headings as levelled blocks, inline syntax and list bullets removed."""

from __future__ import annotations

import re

from ...model import Block
from . import relevel

_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_INLINE = (
    (re.compile(r"!\[[^\]]*\]\([^)]*\)"), ""),  # images
    (re.compile(r"\[([^\]]*)\]\([^)]*\)"), r"\1"),  # links keep their text
    (re.compile(r"(\*\*|__)(.+?)\1"), r"\2"),
    (re.compile(r"(?<![*\w])\*(?!\s)(.+?)\*"), r"\1"),
    (re.compile(r"`([^`]*)`"), r"\1"),
    (re.compile(r"<[^>]+>"), ""),
)
_BLOCK = re.compile(r"^\s*(?:>\s*)*(?:[-*+]\s+|\d+[.)]\s+)?")
_RULE = re.compile(r"^\s*(?:[-*_]\s*){3,}$|^\s*\|?\s*:?-{2,}")


def markdown_blocks(source: str) -> list[Block]:
    """Paragraphs of a Markdown text, ``where`` the line each stands on.

    >>> [(b.text, b.level) for b in markdown_blocks("# 标题\\n\\n## 一、做法\\n- **下拨**党费")]
    [('标题', 0), ('一、做法', 1), ('下拨党费', 0)]
    """
    blocks: list[Block] = []
    fenced = False
    for n, raw in enumerate(source.splitlines(), 1):
        if raw.strip().startswith(("```", "~~~")):
            fenced = not fenced
            continue
        if fenced or _RULE.match(raw):
            continue
        m = _HEADING.match(raw)
        level, text = (len(m.group(1)), m.group(2)) if m else (0, _BLOCK.sub("", raw, count=1))
        for pattern, repl in _INLINE:
            text = pattern.sub(repl, text)
        if text.strip().startswith("|"):
            text = "　".join(c.strip() for c in text.strip().strip("|").split("|") if c.strip())
        if text.strip():
            blocks.append(Block(text.strip(), level, n))
    return relevel(blocks)
