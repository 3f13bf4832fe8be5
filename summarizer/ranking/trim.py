"""Cutting a sentence at clause boundaries to its factual core, as an editor would.

An official sentence opens with why and on what basis (``为贯彻好…的通知要求，``) and often
closes with a set phrase (``，让党旗在疫情防控一线高高飘扬``); the facts are in between.
Clauses are the spans between ``，；：`` outside brackets and quotes: a cut never falls
inside one, so a figure is never split or changed. The rules are ``data/clauses.toml``.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from ..data import read_toml
from ..model import Token
from .tokenize import offsets as token_offsets

_BREAKS = frozenset("，；：,;:")
_OPENERS = {"“": "”", "（": "）", "(": ")", "《": "》", "「": "」", "‘": "’", "【": "】", "〔": "〕"}
_CLOSERS = frozenset(_OPENERS.values())
_MARKS = re.compile("[" + re.escape("".join(_BREAKS) + "".join(_OPENERS) + "".join(_CLOSERS)) + "]")
_ENDS = "。！？!?…"
_TRAILING = "，；：,;:、 "
_DIGIT = re.compile(r"\d")
_CALENDAR = re.compile(r"(?:19|20)\d{2}年|\d+周年|\d{1,2}月(?:\d{1,2}日)?|第\d+")
_SUB_BREAK = re.compile(r"[、 ]")
_HAN = re.compile("[\u4e00-\u9fff]")
FIGURE_WEIGHT = 3.0
RHETORIC_WEIGHT = 0.2
SUBJECT_WEIGHT = 2.0
"""The first clause usually names who acts; a cut that keeps it reads as a sentence."""
NOUNISH = ("n", "r", "j", "s")
"""Tags of the words that open a clause naming who acts (``辉县/ns 市委/n 组织部/n``)."""
MAX_ACTOR = 12
"""Characters of the noun run that may name who acts; longer, the clause says something else."""


@cache
def _rules() -> dict[str, re.Pattern[str]]:
    rules = read_toml("clauses.toml")
    kinds = ("purpose", "occasion", "dependent", "rhetoric", "actor")
    return {kind: re.compile("|".join(f"(?:{p})" for p in rules[kind])) for kind in kinds}


def clauses(text: str) -> list[tuple[int, int]]:
    """Spans of ``text``'s clauses, each with the mark that closes it.

    >>> t = "为做好防控，该镇（含3个村，2个社区）设立卡点12个，“一人一档，一户一策”。"
    >>> [t[a:b] for a, b in clauses(t)]
    ['为做好防控，', '该镇（含3个村，2个社区）设立卡点12个，', '“一人一档，一户一策”。']
    """
    spans: list[tuple[int, int]] = []
    expected: list[str] = []
    start = 0
    last = len(text) - 1
    # Only the marks are visited, not every character: a sentence has a handful.
    for m in _MARKS.finditer(text):
        ch, i = m.group(), m.start()
        if ch in _OPENERS and not (ch == "‘" and expected and expected[-1] == "’"):
            expected.append(_OPENERS[ch])
        elif ch in _CLOSERS and expected and ch == expected[-1]:
            expected.pop()
        elif ch in _BREAKS and not expected and i < last:
            spans.append((start, i + 1))
            start = i + 1
    if start < len(text):
        spans.append((start, len(text)))
    return spans


def _bare(clause: str) -> str:
    return clause.strip().rstrip(_TRAILING + _ENDS)


def is_rhetoric(clause: str) -> bool:
    """A set phrase that states no fact (``坚决打赢疫情防控阻击战``); a clause with a figure never is,
    but a year or an anniversary is not a figure (``是中国共产党成立100周年``).

    >>> is_rhetoric("是中国共产党成立100周年，"), is_rhetoric("全县成立临时党支部12个，")
    (True, False)
    """
    # Most set phrases hold no digit at all: the calendar words are taken out only where one is.
    figure = _DIGIT.search(clause) is not None and _DIGIT.search(_CALENDAR.sub("", clause)) is not None
    return not figure and bool(_rules()["rhetoric"].search(_bare(clause)))


def rhetoric_share(text: str) -> float:
    """The share of ``text``'s characters in set-phrase clauses: 1.0 for a pure slogan.

    >>> rhetoric_share("全县上下同舟共济、众志成城，坚决打赢疫情防控阻击战。")
    1.0
    >>> rhetoric_share("全县成立临时党支部12个，坚决打赢疫情防控阻击战。")
    0.48
    """
    spans = clauses(text)
    return _share(text, spans, [is_rhetoric(text[a:b]) for a, b in spans])


def _share(text: str, spans: Sequence[tuple[int, int]], slogans: Sequence[bool]) -> float:
    if not text:
        return 0.0
    return round(sum(b - a for (a, b), slogan in zip(spans, slogans) if slogan) / len(text), 2)


@dataclass(frozen=True, slots=True)
class Core:
    """A sentence as a summary shows it: ``text`` without lead-in and closing set phrases,
    and ``rhetoric``, the share of set phrases left in it."""

    text: str
    rhetoric: float


def _names_actor(tokens: Sequence[Token], offsets: Sequence[int], position: int) -> bool:
    """Whether the clause at ``position`` opens with who acts: a run of nouns that ends in a
    body or a place (``辉县市委组织部``, ``全县``, ``各级党组织``, ``党员干部``)."""
    run = ""
    for word, tag in itertools.islice(tokens, bisect.bisect_left(offsets, position), None):
        if tag == "x" and not run:
            continue
        if not tag.startswith(NOUNISH) or len(run) >= MAX_ACTOR:
            break
        run += word
        if tag == "r" or _rules()["actor"].search(run):
            return True
    return False


def _lead_clauses(text: str, spans: Sequence[tuple[int, int]], tokens: Sequence[Token]) -> int:
    """How many clauses open the sentence before its body (0 when it has no lead-in).

    A purpose or basis clause takes the clauses that continue it (not naming who acts,
    holding no number) when a clause naming who acts, or holding a figure, follows.
    """
    rules = _rules()
    offsets: list[int] = []

    def continues(span: tuple[int, int]) -> bool:
        clause = text[span[0] : span[1]]
        if not tokens or _DIGIT.search(clause):
            return False
        if not offsets:
            offsets.extend(token_offsets(tokens))  # only a sentence with a lead-in needs them
        return not _names_actor(tokens, offsets, span[0])

    i = 0
    while i < len(spans) - 1:
        clause = _bare(text[spans[i][0] : spans[i][1]])
        if rules["occasion"].search(clause):
            i += 1
            continue
        if not rules["purpose"].search(clause):
            break
        i += 1
        j = i
        while j < len(spans) - 1 and continues(spans[j]):
            j += 1
        if j > i and not continues(spans[j]):
            i = j
    return i


def finish(text: str, end: str = "。") -> str:
    """A cut span as a sentence: its trailing comma or semicolon made a full stop."""
    stripped = text.strip()
    if stripped.endswith(tuple(_ENDS)) or (stripped[-2:-1] in tuple(_ENDS) and stripped[-1:] in "”’」』"):
        return stripped
    return stripped.rstrip(_TRAILING) + end


def core(text: str, tokens: Sequence[Token] = ()) -> Core:
    """The sentence without its lead-in and its closing set phrases.

    >>> from summarizer.ranking.tokenize import get_tokenizer
    >>> s = "为贯彻好通知要求，第一时间落实相关工作，本镇27个党支部791名党员共计捐款104326元。"
    >>> core(s, get_tokenizer().tag(s)).text
    '本镇27个党支部791名党员共计捐款104326元。'
    >>> s = "为打赢阻击战，全力保障群众安全，回龙镇设立“党员先锋岗”13个，用行动践行初心使命，让党旗高高飘扬。"
    >>> core(s, get_tokenizer().tag(s))
    Core(text='回龙镇设立“党员先锋岗”13个。', rhetoric=0.0)
    """
    spans = clauses(text)
    slogans = [is_rhetoric(text[a:b]) for a, b in spans]
    first = _lead_clauses(text, spans, tokens)
    last = len(spans)
    while last > first + 1 and slogans[last - 1]:
        last -= 1
    if first == 0 and last == len(spans):
        return Core(text, _share(text, spans, slogans))
    start = spans[first][0]
    body = finish(text[start : spans[last - 1][1]])
    kept = [(a - start, b - start) for a, b in spans[first:last]]
    return Core(body, _share(body, kept, slogans[first:last]))


def _leads_in(bare: str, kinds: tuple[str, ...] = ("purpose", "occasion")) -> bool:
    """Whether a clause (stripped of its mark) is of one of the lead-in ``kinds``."""
    rules = _rules()
    return any(rules[kind].search(bare) for kind in kinds)


def _weight(clause: str) -> float:
    """What a clause is worth keeping, per character: figures most, set phrases little,
    a lead-in nothing (it only reads as a sentence with what follows it)."""
    if _DIGIT.search(clause):
        return FIGURE_WEIGHT
    if _leads_in(_bare(clause)):
        return 0.0
    return RHETORIC_WEIGHT if is_rhetoric(clause) else 1.0


def shorten(text: str, limit: int, *, cut: bool = True, from_start: bool = False) -> str:
    """The run of whole clauses of ``text`` that fits in ``limit`` characters and carries
    most (figures count most, set phrases least), as a sentence; "" when no clause fits and
    ``cut`` is False.

    With ``from_start`` the run starts at the first clause, which says who acts (an
    overview line). With ``cut``, a first clause longer than ``limit`` alone is cut at a list mark (、) or
    a space, and at ``limit`` with an ellipsis when it has neither (never through a number).

    >>> shorten("目前形势严峻，全县成立临时党支部12个，设立党员责任区509个，组建突击队453支。", 26)
    '全县成立临时党支部12个，设立党员责任区509个。'
    >>> shorten("各地迅速行动起来，全面落实各项防控措施。", 8, cut=False)
    ''
    """
    if len(text) <= limit:
        return text
    spans = clauses(text)
    weights: dict[int, float] = {}

    def weight(j: int) -> float:
        # Judged only for clauses inside some run that fits: an overview line looks at two
        # or three clauses of a sentence, not at all of them.
        if j not in weights:
            a, b = spans[j]
            weights[j] = _weight(text[a:b]) * (b - a) * (SUBJECT_WEIGHT if j == 0 else 1.0)
        return weights[j]

    best, best_value = None, 0.0
    for i in range(1 if from_start else len(spans)):
        if i and _leads_in(_bare(text[spans[i][0] : spans[i][1]]), ("purpose", "occasion", "dependent")):
            continue  # a run never opens with a lead-in or a clause that leans on the one before
        value = 0.0
        for j in range(i, len(spans)):
            if spans[j][1] - spans[i][0] > limit:
                break
            value += weight(j)
            if value > best_value:
                best, best_value = (spans[i][0], spans[j][1]), value
    if best is not None:
        return finish(text[best[0] : best[1]])
    if not cut:
        return ""
    head = text[: spans[0][1]]
    cuts = [m.start() for m in _SUB_BREAK.finditer(head, 0, limit) if m.start() > limit // 2]
    if cuts:
        return finish(head[: cuts[-1]], "等。")
    end = limit - 1
    while end > 1 and head[end - 1 : end + 1].isalnum() and not _HAN.search(head[end - 1 : end + 1]):
        end -= 1  # never through a number
    return head[:end] + "…"
