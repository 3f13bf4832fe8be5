"""A report body split into its headed sections (numbered, stand-alone and run-in headings) and sentences."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache
from typing import Literal

from ..data import read_lines
from ..errors import RuleFileError
from ..model import Block, Section, Sentence

_END = "。！？!?…"
_CLOSERS = "”’」』）)》】\"'"
_OPEN = "（("
_CLOSE = "）)"
MAX_BRACKETED = 300
"""An unclosed bracket stops protecting end punctuation after this many characters."""
MAX_SENTENCE = 1000
"""Twice the longest sentence of the 71 real reports we read (534 characters): text without
end punctuation (a pasted table, a page without marks) is cut into pieces of at most this
many characters, at a clause mark where there is one, so no sentence is unbounded."""
_CLAUSE_MARKS = re.compile(r"[，；：、,;:\s]")
_EVENTS = re.compile(f"[{re.escape(_END + _OPEN + _CLOSE)}]")
ENDS_SENTENCE = re.compile(rf"[{_END}；;][{_CLOSERS}]*$")
_FIRST_SENTENCE = re.compile(rf"^([^{_END}]+[。！？!?])([{_CLOSERS}]*)(.*)$")
_HAN = re.compile("[\u4e00-\u9fff]")
_DIGIT = re.compile(r"\d")

MAX_STANDALONE_HEADING = 30
MAX_INLINE_LEAD = 22
"""An opening sentence this short, repeated across paragraphs, reads as a run-in heading."""
MIN_INLINE_LEADS = 2
"""One short opening sentence is style; two or more in one report are structure."""


@cache
def heading_styles() -> tuple[tuple[int, re.Pattern[str]], ...]:
    """Numbered heading styles from ``data/headings.txt`` as ``(level, pattern)``."""
    styles = []
    for line in read_lines("headings.txt"):
        level, _, pattern = line.partition("\t")
        try:
            styles.append((int(level), re.compile(pattern)))
        except (ValueError, re.error) as err:
            raise RuleFileError(f"headings.txt: bad rule {line!r} ({err})") from err
    return tuple(styles)


def split_sentences(paragraph: str) -> list[str]:
    """Sentences of one paragraph; closing quotes and brackets stay with their sentence.

    ``他说：“好。”然后走了。`` → ``["他说：“好。”", "然后走了。"]``. End punctuation inside
    brackets does not end the sentence: ``推行“4333”（4即……。3即……）机制。`` is one.
    """
    out: list[str] = []
    start = depth = resume = 0
    n = len(paragraph)
    # Only brackets and end marks change anything: visiting those (a regex finds them in C)
    # instead of every character keeps splitting cheap.
    for m in _EVENTS.finditer(paragraph):
        i = m.start()
        if i < resume:
            continue
        ch = m[0]
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth = max(depth - 1, 0)
        elif depth == 0 or i - start > MAX_BRACKETED:
            while i + 1 < n and paragraph[i + 1] in _END:
                i += 1
            while i + 1 < n and paragraph[i + 1] in _CLOSERS:
                i += 1
            out.append(paragraph[start : i + 1])
            start = resume = i + 1
            depth = 0
    out.append(paragraph[start:])
    pieces = (piece for s in out for piece in (_bounded(s) if len(s) > MAX_SENTENCE else (s,)))
    return [s.strip() for s in pieces if s.strip() and _HAN.search(s)]


def _bounded(text: str) -> list[str]:
    """``text`` in pieces of at most ``MAX_SENTENCE`` characters, each ending at the last
    clause mark of its stretch when that mark lies in its second half."""
    pieces = []
    start = 0
    while len(text) - start > MAX_SENTENCE:
        end = start + MAX_SENTENCE
        marks = [m.end() for m in _CLAUSE_MARKS.finditer(text, start + MAX_SENTENCE // 2, end)]
        cut = marks[-1] if marks else end
        pieces.append(text[start:cut])
        start = cut
    pieces.append(text[start:])
    return pieces


def numbered(line: str) -> tuple[int, str] | None:
    """``(level, text after the numbering)`` for a line opening with a heading number, else None."""
    for level, pattern in heading_styles():
        m = pattern.match(line)
        if m and len(line) > m.end():
            return level, line[m.end() :]
    return None


def _split_lead(text: str) -> tuple[str, str] | None:
    """``强化政治定力，凝聚共克时艰的原动力。疫情就是命令……`` → (lead, rest)."""
    m = _FIRST_SENTENCE.match(text)
    if not m:
        return None
    return m[1] + m[2], m[3].strip()


def _heading_text(text: str) -> str:
    return text.strip().rstrip("。；;：:，,").strip()


Kind = Literal["numbered", "standalone", "inline", "body"]


def split_sections(blocks: Sequence[Block]) -> list[Section]:
    """Headed sections: structural and numbered headings, stand-alone heading lines, inline lead sentences."""
    # First pass: classify each paragraph as (kind, level, heading, rest).
    marks: list[tuple[Kind, int, str, str]] = []
    last = len(blocks) - 1
    for i, block in enumerate(blocks):
        para = block.text
        heading = numbered(para)
        if block.level:
            # A heading the source marked structurally (Word style, <h2>, ##).
            marks.append(("numbered", block.level, _heading_text(heading[1] if heading else para), ""))
            continue
        if heading:
            level, rest = heading
            lead = _split_lead(rest)
            if lead and len(lead[0]) <= 50:
                marks.append(("numbered", level, _heading_text(lead[0]), lead[1]))
            elif not ENDS_SENTENCE.search(rest) and len(rest) <= 50:
                marks.append(("numbered", level, _heading_text(rest), ""))
            else:
                marks.append(("body", 0, "", para))
            continue
        if (
            i != last
            and not ENDS_SENTENCE.search(para)
            and len(para) <= MAX_STANDALONE_HEADING
            and len(_HAN.findall(para)) >= 4
        ):
            marks.append(("standalone", 1, _heading_text(para), ""))
            continue
        lead = _split_lead(para)
        if lead and i > 0 and lead[1] and len(lead[0]) <= MAX_INLINE_LEAD and not _DIGIT.search(lead[0]):
            marks.append(("inline", 0, _heading_text(lead[0]), lead[1]))
        else:
            marks.append(("body", 0, "", para))

    structural = [lvl for kind, lvl, _, _ in marks if kind in ("numbered", "standalone")]
    has_numbered_top = any(k == "numbered" and lvl == 1 for k, lvl, _, _ in marks)
    n_inline = sum(k == "inline" for k, _, _, _ in marks)
    inline_level = (max(structural) + 1) if structural else 1

    sections: list[Section] = []
    title: str | None = None
    level = 0
    sentences: list[Sentence] = []
    index = 0

    def flush() -> None:
        if title is not None or sentences:
            sections.append(Section(title, level, tuple(sentences)))

    for i, ((kind, lvl, text, rest), block) in enumerate(zip(marks, blocks)):
        if kind == "inline" and (n_inline < MIN_INLINE_LEADS or (structural and i == last)):
            # Nested run-in leads are sub-points; a closing paragraph after them that opens
            # with a short sentence ("疫情就是命令，防控就是责任。") is the conclusion.
            kind, rest = "body", block.text
        if kind != "body":
            flush()
            title, sentences = text, []
            if kind == "standalone":
                level = 2 if has_numbered_top else 1
            elif kind == "inline":
                level = inline_level
            else:
                level = lvl
        for sentence in split_sentences(rest):
            sentences.append(Sentence(sentence, index, block.where))
            index += 1
    flush()
    return sections
