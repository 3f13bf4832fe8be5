"""The noun phrase a figure counts: ``组建“尖刀班”115个`` → 尖刀班, ``下拨29.2万元党费`` → 党费.

Read from the part-of-speech tags around the number: the words after it, else those
before it, stopping at connectors (达, 共计), predicates and punctuation. What a label may
not be or hold (predicate verbs, scope words, topic markers) is data: ``data/labels.toml``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from ..data import read_toml
from ..model import Token

_HAN = re.compile("[\u4e00-\u9fff]")
_NUMBER = re.compile(r"^[\d.,%]+$|^[一二两三四五六七八九十百千万亿]+$")
NOUN_TAGS = frozenset({"n", "nz", "vn", "nt", "ns", "nr", "nrt", "j", "l", "ng", "an", "s"})
MODIFIER_TAGS = frozenset({"b", "v", "vd", "a", "ad", "d", "f", "m"})
HEAD_TAGS = NOUN_TAGS - {"vn", "an", "l", "i"}
"""A label names a thing: 防控工作 (an activity, head 工作/vn) is not what 12人 counts."""
VERB_TAGS = frozenset({"v", "vd"})
QUALIFIER_TAGS = frozenset({"v", "vd", "vn", "a", "ad", "an", "b", "d", "l", "i"})
"""Before a head noun, words of these tags (two characters or more) qualify it: 转移群众, 直接经济损失, 非公企业."""
PLACE_TAGS = frozenset({"ns", "nr", "nrt"})
_AGENT = re.compile("(?:员|者|队|组|人员|干部|党员|群众|成员|代表)$")
"""How a label ends when a verb inside it is part of the name (驻村帮扶工作队成员)."""
_QUANTITY = re.compile("[一二两三四五六七八九十百千万亿几数][名个人支家户条件位次]")
"""A word that is itself a quantity (近万名, 上千个, tagged as idioms): another figure begins."""
_WORDED_AMOUNT = re.compile("[一二两三四五六七八九十百千万亿]*[万亿]元?$")
"""An amount in words before a noun (百亿元项目, 亿元以上项目)."""
_THRESHOLD = frozenset({"以上", "以下"})
"""After an amount, these make it a bound of the noun that follows (亿元以上项目8个)."""
_DIVISION = "省市县区镇乡村旗州"
"""The last character of a place's name, left alone when the tagger splits it off (鹿泉/区)."""
MAX_LABEL_TOKENS = 5
MAX_BEFORE_TOKENS = 6
MAX_QUOTED_LABEL = 12
_NEAR = 24
"""Tokens on either side of a number that its label can reach (quotes and connectors included)."""


@dataclass(frozen=True)
class Vocabulary:
    """Word lists of ``data/labels.toml`` and the connectors of ``data/units.toml``."""

    connectors: frozenset[str]
    predicates: frozenset[str]
    openers: frozenset[str]
    scopes: frozenset[str]
    not_heads: frozenset[str]
    topic_markers: frozenset[str]
    not_places: frozenset[str]
    money: tuple[str, ...]
    head_endings: tuple[str, ...]
    changes: frozenset[str]
    change_kept: frozenset[str]
    change_dropped: frozenset[str]
    units: str
    """First characters of the measure words: a word opening with one after a number is its unit (个村)."""


@cache
def vocabulary() -> Vocabulary:
    """The label word lists, loaded once."""
    d = read_toml("labels.toml")
    u = read_toml("units.toml")
    return Vocabulary(
        connectors=frozenset(u["connectors"]),
        predicates=frozenset(d["predicates"]),
        openers=frozenset(d["openers"]),
        scopes=frozenset(d["scopes"]),
        not_heads=frozenset(d["not_heads"]),
        topic_markers=frozenset(d["topic_markers"]),
        not_places=frozenset(d["not_places"]),
        money=tuple(u["money"]),
        head_endings=tuple(d["head_endings"]),
        changes=frozenset(d["changes"]),
        change_kept=frozenset(d["change_kept"]),
        change_dropped=frozenset(d["change_dropped"]),
        units="".join(sorted({w[0] for w in u["counts"]})),
    )


def connectors() -> frozenset[str]:
    """Words that join a label to its number and are never part of it (``data/units.toml``)."""
    return vocabulary().connectors


def retag(tokens: Sequence[Token]) -> list[Token]:
    """The tokens, a word ending in a head ending (整改率, 示范岗, 收入) tagged as a noun; retagged
    tokens are the same again."""
    endings = vocabulary().head_endings
    # Unchanged tokens are kept as they are, not built again.
    return [(tok[0], "n") if tok[1] not in HEAD_TAGS and tok[0].endswith(endings) else tok for tok in tokens]


def label_of(
    before: Sequence[Token], after: Sequence[Token], bound: bool = False, retagged: bool = False, topics: bool = True
) -> str:
    """The label of a figure from the tokens after it (preferred) or before it; ``""`` for none.

    A clause that opens with a topic (煤矿方面：) puts it before the label (``topics`` is
    False where the sentence has no colon, so none can). A ``bound``
    (10亿元以上) followed by a noun and another number only says which things that number
    counts (10亿元以上项目5个): it has no label of its own.

    >>> label_of([("下拨", "v")], [("党费", "n")])
    '党费'
    """
    # Only the words next to the number are read: retag those, unless the caller retagged
    # the whole sentence once for all its figures.
    if retagged:
        label = _label_after(after[:_NEAR], bound) or _label_before(before[-_NEAR:])
    else:
        label = _label_after(retag(after[:_NEAR]), bound) or _label_before(retag(before[-_NEAR:]))
    topic = _topic(before) if label and topics else ""
    return label if topic in label else topic + label


def rate_label(before: Sequence[Token], subject: str = "") -> str:
    """The label of a rate that says how a quantity changed, ``""`` for none.

    规模以上工业总产值增长41% → 规模以上工业总产值增长; 固定资产投资同比下降37.8% →
    固定资产投资下降; after a comma, the quantity is ``subject``, the label of the figure
    that opened the clause (地区生产总值391亿元，年均增长8.6% → 地区生产总值年均增长).
    A rate of a list (分别增长3%、6.4%) gets none: which item it is, the words do not say.
    """
    v = vocabulary()
    i = len(before) - 1
    while i >= 0 and before[i][0] in v.connectors:
        i -= 1
    if i < 0 or before[i][0] not in v.changes:
        return ""
    change = before[i][0]
    i -= 1
    while i >= 0 and (before[i][0] in v.change_kept or before[i][0] in v.change_dropped):
        if before[i][0] in v.change_kept:
            change = before[i][0] + change
        i -= 1
    own = _label_before(retag(before[: i + 1]))
    if own:
        return own + change
    if subject and i >= 0 and before[i][0] in "，,":
        return subject + change
    return ""


def _topic(before: Sequence[Token]) -> str:
    """The topic that opens the figure's clause (煤矿方面：检查企业2个 → 煤矿), or ``""``."""
    markers = vocabulary().topic_markers
    for i in range(len(before) - 1, 0, -1):
        if before[i][0] in "：:" and before[i - 1][0] in markers:
            j = i - 1
            while j > 0 and _HAN.search(before[j - 1][0]):
                j -= 1
            return "".join(w for w, _ in before[j : i - 1])
    return ""


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


def _bracketed(tokens: Sequence[Token], start: int) -> int | None:
    """End of a short noun in brackets at ``start`` (村（社区）, 乡镇（街道）), or None."""
    inside = tokens[start + 1] if start + 2 < len(tokens) and tokens[start + 2][0] == "）" else ("", "")
    return start + 2 if inside[1] in NOUN_TAGS and _HAN.search(inside[0]) else None


def _label_after(tokens: Sequence[Token], bound: bool = False) -> str:
    v = vocabulary()
    conn = v.connectors
    words: list[Token] = []
    verb_at: int | None = None
    i = 1 if tokens and tokens[0][0] in v.openers else 0
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
        if w == "（" and len(words) == 1 and words[0][1] in NOUN_TAGS and (end := _bracketed(tokens, i)):
            # 村（社区）党组织: the brackets name the same thing another way.
            words[-1] = (words[-1][0] + "".join(x for x, _ in tokens[i : end + 1]), words[-1][1])
            i = end + 1
            continue
        if w in conn or not _HAN.search(w) or _QUANTITY.search(w):
            break
        if t in NOUN_TAGS:
            if t == "ns" and words:
                break  # 村（社区）和县直单位: a place after the noun begins another
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
    while words and (words[-1][1] not in HEAD_TAGS or words[-1][0] in v.not_heads):
        words.pop()
    if verb_at is not None and verb_at < len(words) and not _AGENT.search("".join(w for w, _ in words)):
        del words[verb_at:]
        while words and words[-1][1] not in HEAD_TAGS:
            words.pop()
    if bound and words and i < len(tokens) and _NUMBER.match(tokens[i][0]):
        return ""
    return _named("".join(w for w, _ in words), words)


def _named(label: str, words: Sequence[Token]) -> str:
    """The label, or ``""`` where it only says where (沁水, 全镇)."""
    if label in vocabulary().scopes or (words and all(t in PLACE_TAGS for _, t in words)):
        return ""
    return label


def _amount_start(tokens: Sequence[Token], end: int) -> int:
    """Start of the amount in words right before ``end`` (百亿元, 亿元), ``end`` for none or one in digits."""
    k = end
    while k > 0 and _WORDED_AMOUNT.match(tokens[k - 1][0]):
        k -= 1
    return end if k == end or (k > 0 and _NUMBER.match(tokens[k - 1][0])) else k


def _label_before(tokens: Sequence[Token]) -> str:
    v = vocabulary()
    conn = v.connectors
    i = len(tokens) - 1
    while i >= 0 and tokens[i][0] in conn:
        i -= 1
    if i < 0:
        return ""
    if tokens[i][0] == "”":
        q = _quoted(tokens, i, -1)
        return q[0] if q else ""
    if tokens[i][1] not in HEAD_TAGS or tokens[i][0] in v.not_heads:
        return ""
    words: list[Token] = []
    while i >= 0 and len(words) < MAX_BEFORE_TOKENS:
        w, t = tokens[i]
        if w in conn or w in v.predicates or not _HAN.search(w):
            break
        if t in NOUN_TAGS or (t in QUALIFIER_TAGS and len(w) >= 2):
            # 农村低保对象, 转移安置群众, 直接经济损失: nouns and the words that qualify them.
            words.insert(0, (w, t))
        elif w in _THRESHOLD and words and i > 0 and tokens[i - 1][1] in NOUN_TAGS:
            # 规模以上工业增加值, 限额以上企业: a bound of size names a class of things.
            words.insert(0, (w, t))
        elif w in _THRESHOLD and (k := _amount_start(tokens, i)) < i:
            # 亿元以上项目: the bound is part of what is counted. One in digits (10亿元以上)
            # is left out: a label holding digits reads as another figure.
            words[:0] = tokens[k : i + 1]
            i = k - 1
            break
        else:
            break
        i -= 1
    while len(words) > 1 and (
        words[0][0] in v.scopes
        or (words[0][1] in PLACE_TAGS and words[1][1] not in PLACE_TAGS and words[0][0] not in v.not_places)
        or (len(words[0][0]) == 1 and words[0][0] in _DIVISION)
        or (words[0][1] in ("d", "ad") and words[1][1] in VERB_TAGS)
    ):
        # 全镇建档立卡贫困户, 鹿泉区非公企业: the place is the report's, not the label's;
        # 有序转移群众: an adverb of the verb.
        words.pop(0)
    if words and i >= 0 and _amount_start(tokens, i + 1) == i and tokens[i][0].endswith(v.money):
        # 百亿元项目4个: an amount before the noun says which things are counted.
        words.insert(0, tokens[i])
    elif words and i >= 0 and _NUMBER.match(tokens[i][0]) and words[0][0][0] in v.units:
        # 9个村69149442人: 个村 belongs to the number before it.
        return ""
    return _named("".join(w for w, _ in words), words)
