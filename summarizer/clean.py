"""Page furniture removed paragraph by paragraph, every paragraph of the article body kept.

The rules are data (``data/furniture.txt``); this module only applies them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cache

from .data import read_lines
from .errors import RuleFileError
from .model import Block

_HAN = re.compile("[\u3400-\u9fff]")
_SPACES = re.compile(r"[\s\u3000\u00a0]+")
# A byline closing the article: "……休息4个小时。（钟元良 刘海涛）". Names only, no
# punctuation inside, so a real closing parenthetical survives.
_BYLINE = re.compile(r"[（(]\s*(?:[\u4e00-\u9fff·]{2,4}\s*){1,4}[)）]\s*$")


@dataclass(frozen=True)
class FurnitureRules:
    """Compiled furniture rules: whole-line drops and inline cuts."""

    line: tuple[re.Pattern[str], ...]
    inline: tuple[re.Pattern[str], ...]


@cache
def furniture_rules() -> FurnitureRules:
    """Rules from ``furniture.txt`` (plus any user file, see :mod:`summarizer.data`)."""
    line: list[re.Pattern[str]] = []
    inline: list[re.Pattern[str]] = []
    for rule in read_lines("furniture.txt"):
        kind, _, pattern = rule.partition("\t")
        target = {"line": line, "inline": inline}.get(kind.strip())
        if target is None:
            raise RuleFileError(f"furniture.txt: unknown rule kind {kind!r} in {rule!r}")
        try:
            target.append(re.compile(pattern))
        except re.error as err:
            raise RuleFileError(f"furniture.txt: bad pattern {pattern!r} ({err})") from err
    return FurnitureRules(tuple(line), tuple(inline))


def clean_line(line: str, rules: FurnitureRules | None = None) -> str:
    """One line without furniture; ``""`` when the whole line is furniture.

    >>> clean_line("分享到：微信 微博")
    ''
    """
    rules = rules or furniture_rules()
    line = _SPACES.sub(" ", line).strip()
    if not line or any(p.search(line) for p in rules.line):
        return ""
    for pattern in rules.inline:
        line = pattern.sub("", line).strip()
    # A line without a single Han character ("1 1 1", "| |") carries no report text.
    return line if _HAN.search(line) else ""


def clean(blocks: Sequence[Block]) -> list[Block]:
    """Paragraphs of a normalised report with furniture removed, in order, their places kept."""
    rules = furniture_rules()
    kept = []
    for block in blocks:
        text = clean_line(block.text, rules)
        if text:
            kept.append(block if text == block.text else replace(block, text=text))
    if kept:
        last = _BYLINE.sub("", kept[-1].text).rstrip()
        if last:
            kept[-1] = replace(kept[-1], text=last)
        else:
            kept.pop()
    return kept
