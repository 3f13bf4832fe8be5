"""The noun phrase a figure counts: ``组建“尖刀班”115个`` → 尖刀班, ``下拨29.2万元党费`` → 党费.

Read from the part-of-speech tags around the number: the words after it, else those
before it, stopping at connectors (达, 共计), predicates and punctuation.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

from .data import read_toml
from .model import Token

_HAN = re.compile("[\u4e00-\u9fff]")
NOUN_TAGS = frozenset({"n", "nz", "vn", "nt", "ns", "nr", "nrt", "j", "l", "ng", "an", "s"})
MODIFIER_TAGS = frozenset({"b", "v", "vd", "a", "ad", "d", "f", "m"})
HEAD_TAGS = NOUN_TAGS - {"vn", "an", "l", "i"}
"""A label names a thing: 防控工作 (an activity, head 工作/vn) is not what 12人 counts."""
VERB_TAGS = frozenset({"v", "vd"})
_AGENT = re.compile("(?:员|者|队|组|人员|干部|党员|群众|成员|代表)$")
"""How a label ends when a verb inside it is part of the name (驻村帮扶工作队成员)."""
_QUANTITY = re.compile("[一二两三四五六七八九十百千万亿几数][名个人支家户条件位次]")
"""A word that is itself a quantity (近万名, 上千个, tagged as idioms): another figure begins."""
MAX_LABEL_TOKENS = 5
MAX_QUOTED_LABEL = 12


@cache
def connectors() -> frozenset[str]:
    """Words that join a label to its number and are never part of it (``data/units.toml``)."""
    return frozenset(read_toml("units.toml")["connectors"])


def label_of(before: Sequence[Token], after: Sequence[Token]) -> str:
    """The label of a figure from the tokens after it (preferred) or before it; ``""`` for none.

    >>> label_of([("下拨", "v")], [("党费", "n")])
    '党费'
    """
    return _label_after(after) or _label_before(before)


def _quoted(tokens: Sequence[Token], start: int, step: int) -> tuple[str, int] | None:
    """Text inside the quote that starts (step=1) or ends (step=-1) at ``start``."""
    close = "”" if step == 1 else "“"
    parts = []
    i = start + step
    while 0 <= i < len(tokens) and tokens[i][0] != close:
        parts.append(tokens[i][0])
        i += step
    if not (0 <= i < len(tokens)):
        return None
    text = "".join(parts if step == 1 else reversed(parts))
    if not text or len(text) > MAX_QUOTED_LABEL or not _HAN.search(text):
        return None
    return text, i


def _label_after(tokens: Sequence[Token]) -> str:
    conn = connectors()
    words: list[Token] = []
    verb_at: int | None = None
    i = 0
    while i < len(tokens) and len(words) < MAX_LABEL_TOKENS:
        w, t = tokens[i]
        if w == "“":
            q = _quoted(tokens, i, 1)
            if q is None:
                break
            follows = tokens[q[1] + 1][0] if q[1] + 1 < len(tokens) else ""
            if words and _HAN.search(follows):
                # 党员“轻骑队”， names the thing; 巾帼志愿者“逆行”而战 quotes a predicate.
                break
            words.append((q[0], "n"))
            i = q[1] + 1
            continue
        if w in conn or not _HAN.search(w) or _QUANTITY.search(w):
            break
        if t in NOUN_TAGS:
            words.append((w, t))
        elif (
            t in MODIFIER_TAGS
            and t != "m"
            and len(w) >= 2
            and i + 1 < len(tokens)
            and tokens[i + 1][1] in HEAD_TAGS
            and sum(len(word) for word, tag in words if tag in NOUN_TAGS) <= 2
        ):
            # 在职党员, 旗直部门, 驻村帮扶工作队: a modifier leads into a head noun. A verb
            # after a noun may also start the predicate (党员投身疫情): kept only if the
            # label ends in who acts (驻村帮扶工作队成员), checked below.
            if t in VERB_TAGS and verb_at is None and any(tag in NOUN_TAGS for _, tag in words):
                verb_at = len(words)
            words.append((w, t))
        else:
            break
        i += 1
    while words and words[-1][1] not in HEAD_TAGS:
        words.pop()
    if verb_at is not None and verb_at < len(words) and not _AGENT.search("".join(w for w, _ in words)):
        del words[verb_at:]
        while words and words[-1][1] not in HEAD_TAGS:
            words.pop()
    return "".join(w for w, _ in words)


def _label_before(tokens: Sequence[Token]) -> str:
    conn = connectors()
    i = len(tokens) - 1
    while i >= 0 and tokens[i][0] in conn:
        i -= 1
    if i < 0:
        return ""
    if tokens[i][0] == "”":
        q = _quoted(tokens, i, -1)
        return q[0] if q else ""
    if tokens[i][1] not in HEAD_TAGS:
        return ""
    words: list[str] = []
    while i >= 0 and len(words) < MAX_LABEL_TOKENS:
        w, t = tokens[i]
        if w in conn or not _HAN.search(w):
            break
        if t in NOUN_TAGS:
            words.insert(0, w)
        elif (
            t in MODIFIER_TAGS
            and len(words) == 1
            and len(words[0]) <= 2
            and len(w) >= 2
            and t != "m"
            and (t != "v" or (i > 0 and (tokens[i - 1][1] in ("v", "vn") or tokens[i - 1][0] == "、")))
        ):
            # A bare head noun takes one modifier (劝返卡点); a verb only when it is itself
            # the object of another verb or a list item (设置劝返卡点、隔离面罩), else it is
            # the predicate (拨付党费).
            words.insert(0, w)
            break
        else:
            break
        i -= 1
    return "".join(words)
