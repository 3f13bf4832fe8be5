"""Page furniture removed paragraph by paragraph, every paragraph of the article body kept.

The rules are data (``data/furniture.txt``), the closing byline of names included; this
module applies them, and one shape no single line shows: the list of links a page ends with.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cache
from typing import Literal

from ..data import read_lines
from ..errors import RuleFileError
from ..model import Block
from ..understanding.sections import ENDS_SENTENCE

_HAN = re.compile("[\u3400-\u9fff]")
_SPACES = re.compile(r"[\s\u3000\u00a0]+")
_SPACED = re.compile(r"^(?:[\u4e00-\u9fff] )+[\u4e00-\u9fff]$")
"""A title set with a space between its characters: 政 府 工 作 报 告."""
TAIL_LINKS = 4
"""Short lines without end punctuation closing a page, this many or more: its link list."""
MAX_LINK = 30


@dataclass(frozen=True)
class Rule:
    """One compiled rule and where it can match: only at the start, only at the end, or anywhere.

    Python's regex engine tries a pattern at every position of a search; knowing a rule is
    anchored lets it be tried at the line's start only (``match``) or on its tail only.
    """

    pattern: re.Pattern[str]
    at: Literal["start", "end", "any"]

    def search(self, line: str) -> re.Match[str] | None:
        """The rule's match in ``line``, looked for only where it can be."""
        if self.at == "start":
            return self.pattern.match(line)
        if self.at == "end" and len(line) > TAIL:
            return self.pattern.search(line, len(line) - TAIL)
        return self.pattern.search(line)

    def cut(self, line: str) -> str:
        """``line`` with the rule's match taken out."""
        m = self.search(line)
        return (line[: m.start()] + line[m.end() :]).strip() if m else line


Joined = tuple["re.Pattern[str] | None", "re.Pattern[str] | None"]
"""A kind's rules joined: the ``^``-anchored ones (matched at the start) and the others (searched)."""


def _hits(rules: Joined, line: str) -> bool:
    anchored, anywhere = rules
    return bool((anchored is not None and anchored.match(line)) or (anywhere is not None and anywhere.search(line)))


@dataclass(frozen=True)
class FurnitureRules:
    """Compiled furniture rules by kind (see ``data/furniture.txt``).

    The rules that only say whether a line goes (line, site, end, next) are joined into one
    pattern a kind, anchored and unanchored ones apart: one search a line instead of fifty,
    and an anchored rule never tried past the line's start.
    """

    line: Joined
    site: Joined
    inline: tuple[Rule, ...]
    byline: tuple[Rule, ...]
    end: Joined
    next: Joined
    cue: re.Pattern[str] | None
    closing: tuple[re.Pattern[str], ...]

    def hits(self, kind: Literal["line", "site", "end", "next"], line: str) -> bool:
        """Whether a rule of ``kind`` matches ``line``."""
        rules: Joined = getattr(self, kind)
        return _hits(rules, line)


KINDS = ("line", "site", "inline", "byline", "end", "next", "cue", "closing")
DATELINE_REACH = 40
"""Characters at the start of a line in which a ``cue`` (讯, 报道) of the byline rules is looked for."""
TAIL = 50
"""Characters at the end of a line in which a rule anchored at the end (…供图$) is looked for."""
PARAGRAPH = 60
"""A line longer than this that ends a sentence reads as report text: only a ``site`` rule drops it."""


def _rule(pattern: str) -> Rule:
    at: Literal["start", "end", "any"] = "any"
    if pattern.startswith("^"):
        at = "start"
    elif pattern.endswith("$") and not pattern.endswith("\\$"):
        at = "end"
    return Rule(re.compile(pattern), at)


def _joined(patterns: list[str]) -> Joined:
    """The patterns as two alternations: the ``^``-anchored ones and the others."""
    anchored = [p[1:] for p in patterns if p.startswith("^")]
    anywhere = [p for p in patterns if not p.startswith("^")]
    return (
        re.compile("|".join(f"(?:{p})" for p in anchored)) if anchored else None,
        re.compile("|".join(f"(?:{p})" for p in anywhere)) if anywhere else None,
    )


@cache
def furniture_rules() -> FurnitureRules:
    """Rules from ``furniture.txt`` (plus any user file, see :mod:`summarizer.data`)."""
    rules: dict[str, list[str]] = {kind: [] for kind in KINDS}
    for rule in read_lines("furniture.txt"):
        kind, _, pattern = rule.partition("\t")
        if kind.strip() not in rules:
            raise RuleFileError(f"furniture.txt: unknown rule kind {kind!r} in {rule!r}")
        try:
            re.compile(pattern)
        except re.error as err:
            raise RuleFileError(f"furniture.txt: bad pattern {pattern!r} ({err})") from err
        rules[kind.strip()].append(pattern)
    return FurnitureRules(
        line=_joined(rules["line"]),
        site=_joined(rules["site"]),
        inline=tuple(map(_rule, rules["inline"])),
        byline=tuple(map(_rule, rules["byline"])),
        end=_joined(rules["end"]),
        next=_joined(rules["next"]),
        cue=re.compile("|".join(rules["cue"])) if rules["cue"] else None,
        closing=tuple(map(re.compile, rules["closing"])),
    )


def dateline(line: str, rules: FurnitureRules | None = None) -> re.Match[str] | None:
    """The dateline and byline opening ``line`` (佛山日报讯记者某某报道：), matched by the first
    ``byline`` rule that matches; its group ``who`` is the outlet or place, when it names one.

    >>> dateline("徽县讯（通讯员 李四）全县转移群众300人。")["who"]
    '徽县'
    """
    rules = rules or furniture_rules()
    if rules.cue is not None and not rules.cue.search(line, 0, DATELINE_REACH):
        return None
    for byline in rules.byline:
        m = byline.search(line)
        if m:
            return m
    return None


def signed_by(text: str, rules: FurnitureRules | None = None) -> str | None:
    """The body that signs the end of a last paragraph, as the ``closing`` rule that names
    one (its group ``who``) reads it.

    >>> signed_by("……全面排查隐患。（获嘉县应急管理局）"), signed_by("……休息4个小时。（钟元良 刘海涛）")
    ('获嘉县应急管理局', None)
    """
    for closing in (rules or furniture_rules()).closing:
        m = closing.search(text)
        if m and m.groupdict().get("who"):
            return m["who"]
    return None


def clean_line(line: str, rules: FurnitureRules | None = None) -> str:
    """One line without furniture; ``""`` when the whole line is furniture.

    >>> clean_line("分享到：微信 微博")
    ''
    >>> clean_line("佛山日报讯记者郭东霓报道：身穿红色马甲的党员到社区报到。")
    '身穿红色马甲的党员到社区报到。'
    """
    return _clean_stripped(_SPACES.sub(" ", line).strip(), rules or furniture_rules())


def _clean_stripped(line: str, rules: FurnitureRules) -> str:
    if _SPACED.match(line):
        line = line.replace(" ", "")
    if not line or _hits(rules.site, line):
        return ""
    # A byline first: 记者某某报道：… opens a paragraph that a line rule for bylines
    # alone would drop whole.
    opening = dateline(line, rules)
    if opening:
        line = (line[: opening.start()] + line[opening.end() :]).strip()
    paragraph = len(line) > PARAGRAPH and ENDS_SENTENCE.search(line)
    if not paragraph and _hits(rules.line, line):
        return ""
    for rule in rules.inline:
        line = rule.cut(line)
    # A line without a single Han character ("1 1 1", "| |") carries no report text.
    return line if _HAN.search(line) else ""


def clean(blocks: Sequence[Block]) -> list[Block]:
    """Paragraphs of a normalised report with furniture removed, in order, their places kept."""
    rules = furniture_rules()
    kept: list[Block] = []
    skip_next = False
    for block in blocks:
        stripped = _SPACES.sub(" ", block.text).strip()
        if skip_next:
            skip_next = False
            continue
        if _hits(rules.end, stripped):
            break
        if _hits(rules.next, stripped):
            skip_next = True
            continue
        text = _clean_stripped(stripped, rules)
        if text:
            kept.append(block if text == block.text else replace(block, text=text))
    _drop_tail_links(kept)
    if kept:
        last = kept[-1].text
        for closing in rules.closing:
            last = closing.sub("", last)
        last = last.rstrip()
        if last:
            kept[-1] = replace(kept[-1], text=last)
        else:
            kept.pop()
    return kept


def _drop_tail_links(blocks: list[Block]) -> None:
    """Drop the run of short unpunctuated lines a page ends with (its related links and tags)."""
    run = 0
    for block in reversed(blocks):
        if len(block.text) > MAX_LINK or ENDS_SENTENCE.search(block.text) or block.level:
            break
        run += 1
    if run >= TAIL_LINKS and run < len(blocks):
        del blocks[-run:]
