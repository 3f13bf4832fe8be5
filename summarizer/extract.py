"""Stage 1b, extract: Word, web pages, Markdown and PDF to the plain text the pipeline reads.

Each extractor returns paragraphs as lines. A heading the source marks structurally (a Word
heading style, ``<h2>``, ``## ``) is written as ``HEADING_MARK + level + HEADING_MARK + text``
so the parse stage takes it as a heading even where its wording would not say so; the
mark is a private-use character that no report contains and no later stage alters.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Any

from .model import HEADING_MARK

_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_MD_INLINE = (
    (re.compile(r"!\[[^\]]*\]\([^)]*\)"), ""),  # images
    (re.compile(r"\[([^\]]*)\]\([^)]*\)"), r"\1"),  # links keep their text
    (re.compile(r"(\*\*|__)(.+?)\1"), r"\2"),
    (re.compile(r"(?<![*\w])\*(?!\s)(.+?)\*"), r"\1"),
    (re.compile(r"`([^`]*)`"), r"\1"),
    (re.compile(r"<[^>]+>"), ""),
)
_MD_BLOCK = re.compile(r"^\s*(?:>\s*)*(?:[-*+]\s+|\d+[.)]\s+)?")
_MD_RULE = re.compile(r"^\s*(?:[-*_]\s*){3,}$|^\s*\|?\s*:?-{2,}")
MIN_PAGE_TITLE = 10
"""A page title shorter than this is a column or site name, not the article's title."""
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_-]+)""", re.I)
_INDENT = " \u3000\t"


def heading_line(level: int, text: str) -> str:
    """A paragraph the parse stage must read as a heading of ``level``."""
    return f"{HEADING_MARK}{level}{HEADING_MARK}{text}"


def _relevel(lines: list[tuple[int, str]]) -> list[str]:
    """Headings renumbered so the top level used in the body is 1; level 0 is a plain paragraph."""
    used = [lvl for lvl, _ in lines if lvl]
    top = min(used) if used else 1
    return [heading_line(lvl - top + 1, text) if lvl else text for lvl, text in lines]


def _drop_title_mark(lines: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """A first line marked as the top heading is the document title, not a section."""
    if lines and lines[0][0] and sum(1 for lvl, _ in lines if lvl == lines[0][0]) == 1:
        return [(0, lines[0][1]), *lines[1:]]
    return lines


def markdown_text(source: str) -> str:
    """Markdown to paragraphs: ``#`` headings marked, inline syntax and list bullets removed."""
    lines: list[tuple[int, str]] = []
    fenced = False
    for raw in source.splitlines():
        if raw.strip().startswith(("```", "~~~")):
            fenced = not fenced
            continue
        if fenced or _MD_RULE.match(raw):
            continue
        m = _MD_HEADING.match(raw)
        level, text = (len(m.group(1)), m.group(2)) if m else (0, _MD_BLOCK.sub("", raw, count=1))
        for pattern, repl in _MD_INLINE:
            text = pattern.sub(repl, text)
        if text.strip().startswith("|"):
            text = "　".join(c.strip() for c in text.strip().strip("|").split("|") if c.strip())
        if text.strip():
            lines.append((level, text.strip()))
    return "\n".join(_relevel(_drop_title_mark(lines)))


def docx_text(path: Path) -> str:
    """Paragraphs of a Word file in order, tables as rows; heading styles become headings."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as err:
        raise ValueError(f"not a readable Word file ({type(err).__name__})") from err
    lines: list[tuple[int, str]] = []
    title_done = False
    for block in document.element.body.iterchildren():
        tag = block.tag.rsplit("}", 1)[-1]
        if tag == "p":
            para = Paragraph(block, document)
            text = para.text.strip()
            if not text:
                continue
            style = (para.style.name if para.style is not None else "") or ""
            level = _style_level(style)
            if style in ("Title", "标题") and not title_done:
                level = 0
            title_done = True
            lines.append((level, text))
        elif tag == "tbl":
            table = Table(block, document)
            for row in table.rows:
                cells = list(dict.fromkeys(c.text.strip() for c in row.cells if c.text.strip()))
                if cells:
                    lines.append((0, "　".join(cells)))
    return "\n".join(_relevel(_drop_title_mark(lines)))


def _style_level(style: str) -> int:
    m = re.match(r"(?:Heading|标题)\s*(\d)", style)
    return int(m.group(1)) if m else 0


def html_text(data: bytes, decode: Any) -> str:
    """Main content of a web page (trafilatura), charset from the page's meta tag.

    The page's own navigation, share bars and footers are removed structurally by
    trafilatura; our furniture patterns still run afterwards on what is left.
    """
    import trafilatura

    m = _META_CHARSET.search(data[:4096])
    html = None
    if m:
        declared = m.group(1).decode("ascii").lower()
        # As browsers do: pages labelled GB2312/GBK are really GB18030, Big5 is Big5-HKSCS.
        declared = {"gb2312": "gb18030", "gbk": "gb18030", "big5": "big5hkscs"}.get(declared, declared)
        try:
            html = data.decode(declared)
        except (LookupError, UnicodeDecodeError):
            html = None
    if html is None:
        html = decode(data)
    body = trafilatura.extract(
        html, output_format="markdown", include_tables=True, include_comments=False, favor_precision=True
    )
    if not body:
        raise ValueError("no article text found in the web page")
    meta = trafilatura.extract_metadata(html)
    title = _page_title(meta.title if meta else None)
    text = markdown_text(body)
    first = text.split("\n", 1)[0].lstrip(HEADING_MARK + "0123456789")
    if title and title not in first and first not in title:
        text = f"{title}\n{text}"
    elif title and first in title and first != title:
        text = text.replace(first, title, 1)
    return text


def _page_title(title: str | None) -> str:
    """The article part of a page title (``报告标题_某某县委组织部`` → ``报告标题``), or ``""`` when
    what is left is only a column name (``组工动态``)."""
    head = re.split(r"\s*[_|｜—–-]+\s*", (title or "").strip())[0]
    return head if len(head) >= MIN_PAGE_TITLE else ""


def pdf_text(path: Path) -> str:
    """Text layer of a PDF, page lines re-joined into paragraphs.

    A PDF breaks paragraphs at the line width: a line as long as the page's longest runs on
    into the next, unless the next is indented (Chinese paragraphs open with two spaces).
    """
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(str(path))
        if reader.is_encrypted:
            raise ValueError("encrypted PDF")
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PdfReadError, OSError, KeyError, TypeError, AttributeError) as err:
        raise ValueError(f"not a readable PDF ({type(err).__name__})") from err
    paragraphs: list[str] = []
    carry = ""  # a paragraph may run on over a page break
    for page in pages:
        lines = [ln.rstrip() for ln in page.splitlines() if ln.strip()]
        width = max((len(ln) for ln in lines), default=0)
        for line in lines:
            if carry and line[0] in _INDENT:
                paragraphs.append(carry)
                carry = ""
            carry += line.strip()
            if len(line) < 0.85 * width:
                paragraphs.append(carry)
                carry = ""
    if carry:
        paragraphs.append(carry)
    if not re.search("[\u4e00-\u9fff]", "".join(paragraphs)):
        raise ValueError("the PDF has no text layer (a scan?); run OCR on it first")
    return "\n".join(paragraphs)
