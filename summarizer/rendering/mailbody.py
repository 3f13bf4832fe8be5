"""The e-mail bodies of a briefing: its Markdown as HTML with inline styles, and as plain text with aligned tables.

Both come from one parse by markdown-it-py (CommonMark with GitHub's tables), so the two
parts of the mail say the same. Raw HTML is off: the report text in the Markdown is made
inert (:func:`summarizer.rendering.escape.markdown_text`), and stays text in the mail too.
Mail clients drop ``<style>`` blocks and classes, so every element carries its own style.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

SERIF = "'Songti SC',SimSun,'Noto Serif CJK SC',serif"
STYLES = {
    "div": f"max-width:46em;margin:0 auto;padding:16px;font-family:{SERIF};font-size:16px;line-height:1.75;"
    "color:#1a1a1a",
    "h1": "font-family:'FZXiaoBiaoSong-B05S','STZhongsong',SimSun,serif;font-size:26px;font-weight:bold;"
    "text-align:center;margin:24px 0 8px",
    "h2": "font-family:SimHei,'Heiti SC','Noto Sans CJK SC',sans-serif;font-size:19px;margin:28px 0 8px",
    "h3": "font-family:KaiTi,'Kaiti SC',serif;font-size:18px;margin:20px 0 6px",
    "h4": "font-size:17px;margin:16px 0 4px",
    "h5": "font-size:16px;margin:12px 0 4px",
    "p": "margin:8px 0",
    "blockquote": "margin:8px 0;padding:0;color:#555;text-align:center",
    "ul": "margin:8px 0;padding-left:1.5em",
    "ol": "margin:8px 0;padding-left:1.5em",
    "li": "margin:4px 0",
    "table": "border-collapse:collapse;margin:12px 0;font-size:14px;line-height:1.5",
    "th": "border:1px solid #888;padding:4px 8px;background:#f0f0f0;text-align:left;vertical-align:top",
    "td": "border:1px solid #888;padding:4px 8px;vertical-align:top",
    "hr": "border:0;border-top:1px solid #333;margin:16px 0",
}
"""Each element's inline style: the Word briefing's look (小标宋 title, 黑体 and 楷体 headings)
where the reader's system has the fonts, bordered tables."""
MASTHEAD_STYLES = {
    "h1": "font-family:'FZXiaoBiaoSong-B05S','STZhongsong',SimSun,serif;font-size:40px;font-weight:normal;"
    "color:#e00000;letter-spacing:0.2em;text-align:center;margin:16px 0 8px",
    "p": "margin:4px 0;text-align:center",
    "hr": "border:0;border-top:2px solid #e00000;margin:8px 0 24px",
}
"""The masthead: a red title, its lines centred, over a red rule (GB/T 9704's 版头)."""
RULE_WIDTH = 60
"""Columns of a rule (``---``) in the plain text."""
SHORT_CELL = 12
"""A table cell this many columns wide or less (a date, a region, a category) is kept on one
line: a browser would break ``2020-03-05`` at its hyphens and 党费与资金 after each character."""


@cache
def _parser() -> MarkdownIt:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False}).enable("table")


def parse(markdown: str) -> list[Token]:
    """The block tokens of a briefing's Markdown: CommonMark, tables on, raw HTML off."""
    return _parser().parse(markdown)


def render_html(tokens: Sequence[Token], title: str, masthead: str | None = None) -> str:
    """A whole HTML document of the tokens, every element styled inline.

    ``masthead`` is the masthead's title: when the document opens with it as a heading,
    the heading and the lines up to the first rule are styled as GB/T 9704's 版头.
    """
    opens_with_masthead = (
        masthead is not None and len(tokens) > 1 and tokens[0].tag == "h1" and inline_text(tokens[1]) == masthead
    )
    in_masthead = opens_with_masthead
    for i, token in enumerate(tokens):
        styles = MASTHEAD_STYLES if in_masthead and token.tag in MASTHEAD_STYLES else STYLES
        if token.nesting == 1 or token.type == "hr":
            _style(token, styles.get(token.tag))
        if token.type in ("th_open", "td_open") and display_width(inline_text(tokens[i + 1])) <= SHORT_CELL:
            _style(token, "white-space:nowrap")
        if token.type == "hr":
            in_masthead = False
    md = _parser()
    body = md.renderer.render(list(tokens), md.options, {})
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(title)}</title>\n</head>\n"
        f'<body style="margin:0;padding:0;background:#ffffff">\n<div style="{STYLES["div"]}">\n'
        f"{body}</div>\n</body>\n</html>\n"
    )


def _style(token: Token, style: str | None) -> None:
    if not style:
        return
    given = token.attrGet("style")  # a table column's alignment (text-align:right) overrides ours
    token.attrSet("style", f"{style};{given}" if given else style)


def render_text(tokens: Sequence[Token]) -> str:
    """The briefing as plain text: no Markdown marks, tables in columns aligned by display width.

    A Chinese character takes two columns of a fixed-width font (wcwidth), so a table of
    regions lines up in a plain-text mail reader.
    """
    lines: list[str] = []
    prefix: list[str] = []  # the list markers of the items the text is in
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token.type == "table_open":
            end = next(j for j in range(i, len(tokens)) if tokens[j].type == "table_close")
            lines += [*_table(tokens[i:end]), ""]
            i = end
        elif token.type in ("bullet_list_open", "ordered_list_open"):
            prefix.append("- " if token.type == "bullet_list_open" else "1. ")
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            prefix.pop()
            if not prefix:
                lines.append("")
        elif token.type == "list_item_open" and token.info:
            prefix[-1] = f"{token.info}. "
        elif token.type == "inline":
            text = inline_text(token)
            tight = i > 0 and tokens[i - 1].hidden
            lines += _item(text, prefix, first=tokens[i - 2].type == "list_item_open") if prefix else text.split("\n")
            if tokens[i - 1].type == "heading_open" and tokens[i - 1].tag in ("h1", "h2"):
                lines.append(("=" if tokens[i - 1].tag == "h1" else "-") * display_width(text))
            if not tight:
                lines.append("")
        elif token.type in ("code_block", "fence"):
            lines += [*token.content.rstrip("\n").split("\n"), ""]
        elif token.type == "hr":
            lines += ["-" * RULE_WIDTH, ""]
        i += 1
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(line.rstrip() for line in lines) + "\n"


def _item(text: str, prefix: list[str], *, first: bool) -> list[str]:
    indent = "  " * (len(prefix) - 1)
    marker = prefix[-1] if first else " " * len(prefix[-1])
    head, *rest = text.split("\n")
    return [indent + marker + head, *(indent + " " * len(prefix[-1]) + line for line in rest)]


def inline_text(token: Token) -> str:
    """An inline token's text as read: emphasis and link marks dropped, line breaks kept."""
    out = []
    for child in token.children or ():
        if child.type in ("text", "code_inline"):
            out.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            out.append("\n")
        elif child.type == "image":
            out.append(child.content)
    return "".join(out)


def display_width(text: str) -> int:
    """Columns ``text`` takes in a fixed-width font: two for a Chinese character, one for a letter."""
    from wcwidth import wcswidth

    width = wcswidth(text)
    return width if width >= 0 else sum(max(wcswidth(ch), 0) for ch in text)


def _table(tokens: Sequence[Token]) -> list[str]:
    """A table's rows as lines, each column as wide as its widest cell, two spaces between."""
    rows: list[list[str]] = []
    header = 0
    for token in tokens:
        if token.type == "tr_open":
            rows.append([])
        elif token.type == "inline":
            rows[-1].append(inline_text(token).replace("\n", " "))
        elif token.type == "thead_close":
            header = len(rows)
    count = max((len(r) for r in rows), default=0)
    widths = [max((display_width(r[c]) for r in rows if c < len(r)), default=0) for c in range(count)]

    def line(cells: list[str]) -> str:
        return "  ".join(cell + " " * (widths[c] - display_width(cell)) for c, cell in enumerate(cells)).rstrip()

    out = [line(r) for r in rows]
    if header:
        out.insert(header, "  ".join("-" * w for w in widths))
    return out
