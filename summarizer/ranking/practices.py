"""Practices a report describes: the verb and its object (设立 临时党支部, 严控 一般性支出).

A practice is a whole measure as the report writes it. The object is the whole noun phrase
after an action verb, past any number and measure word (``成立2个临时党支部``): it runs to
the end of the phrase (punctuation, a number, a function word or a verb of its own) and is
kept only when it ends there on a noun, never cut where the phrase goes on (``促进农业高质``
of 高质高效). Inside it may stand adjectives and the verbs of compounds (房地产市场平稳健康发展,
扫黑除恶专项斗争, 地下水超采综合治理); a verb inside an object is no practice's verb. Verbs
that name no comparable action, objects too general to be a practice and the light verbs
that count only before a named measure are listed in ``data/practices.toml``.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from ..data import read_toml
from ..model import Practice, Sentence, Token
from .memo import Memo

NOUN_TAGS = ("n", "j", "l", "b", "f", "g", "i", "k", "t", "vn", "an", "a")
"""Tags of the words a noun phrase is made of (党员/n 先锋岗/n, 专项/b 党费/n, 平稳/a 健康/a 发展/vn)."""
HEAD_TAGS = ("n", "j", "l", "i", "vn")
"""Tags an object may end on: it names a thing or a measure (综合治理), not a quality or a place word."""
NAMING_TAGS = ("n", "j", "l", "i", "vn")
"""An object names something: it holds at least one word of these (有效衔接 names nothing)."""
SKIP_TAGS = frozenset({"m", "q", "mq"})
"""Numbers and measure words between a verb and its object (成立2个临时党支部)."""
QUOTES = {"“": "”", "《": "》", "「": "」"}
"""A quoted name is one word of an object (开展“万企兴万村”行动)."""
CONJUNCTIONS = frozenset({"和", "与", "及", "以及", "同"})
JOINERS = frozenset({"的", "之", "等", "（", "—"})
"""Words after which a noun phrase goes on: what came before them is a modifier, a conjunct
or part of a name (加快建设中国（三亚）跨境电子商务综合试验区)."""
MIN_OBJECT = 2
"""Objects of two characters count only after a verb of a known action class (下拨党费)."""
MAX_OBJECT = 12
"""Longer runs are clauses, not one measure: dropped whole, never cut (房地产市场平稳健康发展 is 11)."""
MAX_PRACTICES = 30
"""Practices kept per report, most mentioned first: enough to find what regions share."""


@dataclass(frozen=True)
class _Rules:
    not_actions: frozenset[str]
    generic: frozenset[str]
    action: dict[str, str]
    light: frozenset[str]
    measures: tuple[str, ...]
    known: frozenset[str]
    """Verbs that stand on their own: one after an object starts a new predicate (成立临时党支部开展…)."""
    in_phrase: Memo[Token, bool]
    ordinal: re.Pattern[str]
    place_before: frozenset[str]


@cache
def _rules() -> _Rules:
    rules = read_toml("practices.toml")
    action = {verb: group[0] for group in rules["same_action"] for verb in group}
    not_actions, light = frozenset(rules["not_actions"]), frozenset(rules["light"])
    return _Rules(
        not_actions=not_actions - light,
        generic=frozenset(rules["generic"]),
        action=action,
        light=light,
        measures=tuple(rules["measures"]),
        known=(known := not_actions | light | frozenset(action)),
        in_phrase=_in_phrase(known),
        ordinal=re.compile(rules["ordinal"]),
        place_before=frozenset(rules["place_before"]),
    )


def action(verb: str) -> str:
    """The action a verb names: the first verb of its class in ``same_action`` (组建 → 设立), else itself."""
    return _rules().action.get(verb, verb)


def practice_key(practice: Practice) -> tuple[str, str]:
    """What makes mentions one practice: the action and the object (成立 / 组建 临时党支部 are one)."""
    return action(practice.verb), practice.object


def usual(verbs: Counter[str]) -> str:
    """The verb a practice is shown with: the one its mentions use most (the first on a tie)."""
    return max(verbs, key=lambda v: (verbs[v], v))


_HAN_WORD = re.compile("[\u4e00-\u9fff]+")


_HAN: Memo[str, bool] = Memo(lambda word: bool(_HAN_WORD.fullmatch(word)))
"""Whether a word is all Han characters, remembered per word."""


def _in_phrase(known: frozenset[str]) -> Memo[Token, bool]:
    """Whether a token may stand in a noun phrase, remembered per token."""

    def test(token: Token) -> bool:
        word, tag = token
        # A verb of two characters that is not one of the listed free-standing verbs is
        # part of a compound (扫黑除恶, 超采, 支出); one listed starts a predicate of its own.
        return bool((tag.startswith(NOUN_TAGS) or (tag == "v" and len(word) >= 2 and word not in known)) and _HAN[word])

    return Memo(test)


def _phrase(tokens: Sequence[Token], j: int, inside: Memo[Token, bool]) -> int:
    """Where the noun phrase starting at ``j`` ends (exclusive): past nouns, adjectives, quoted
    names and the verbs of compounds, up to the first word that is none of these."""
    n = len(tokens)
    while True:
        while j < n and inside[tokens[j]]:
            j += 1
        if j == n:
            return j
        close = QUOTES.get(tokens[j][0])
        if not close:
            return j
        k = j + 1
        while k < n and tokens[k][0] != close and (_HAN[tokens[k][0]] or tokens[k][0] == "、"):
            k += 1
        if k >= n or tokens[k][0] != close or k == j + 1:
            return j
        j = k + 1


def _whole(tokens: Sequence[Token], start: int, end: int, inside: Memo[Token, bool], generic: frozenset[str]) -> bool:
    """Whether the phrase ``tokens[start:end]`` is a whole noun phrase.

    It ends on its head, a noun or a verb that closes the clause (严控一般性支出，), not on an
    adjective or a verb that goes on (促进农业高质高效). Nor does it, or a list it opens, go on
    past 的 or 等, where it is a modifier (构建亲清统一的新型政商关系), or past 和 into a
    conjunct no shorter than itself, which may end on a head the two share (实施高新技术企业和
    科技型中小企业培育; 党员突击队和先锋队 are two).
    """
    last, tag = tokens[end - 1]
    n = len(tokens)
    if tag == "v" and end < n and _HAN[tokens[end][0]]:
        return False
    if tag != "v" and not (tag.startswith(HEAD_TAGS) or last in QUOTES.values()):
        return False
    head = end
    while end < n and tokens[end][0] == "、":
        end = _phrase(tokens, end + 1, inside)
    joiner = tokens[end][0] if end < n else ""
    if joiner in CONJUNCTIONS:
        conjunct = _phrase(tokens, end + 1, inside)
        size = sum(len(w) for w, _ in tokens[start:head])  # only here: most phrases have no 和
        if sum(len(w) for w, _ in tokens[end + 1 : conjunct]) >= size:
            return False
        end = conjunct
    if end < n and tokens[end][0] == "等":
        # A list closed by a word too general to be their head lists whole items (组建党员突击队、
        # 设立党员先锋岗等方式); any other word after 等 is their shared head (新能源汽车、家电等大宗消费).
        return "".join(w for w, _ in tokens[end + 1 : _phrase(tokens, end + 1, inside)]) in generic
    return end == n or tokens[end][0] not in JOINERS


def practices_in(tokens: Sequence[Token]) -> list[Practice]:
    """Verb–object pairs in one sentence's tokens.

    >>> from summarizer.ranking.tokenize import get_tokenizer
    >>> [p.text for p in practices_in(get_tokenizer().tag("全县成立临时党支部50个，设立12个党员先锋岗。"))]
    ['成立临时党支部', '设立党员先锋岗']
    """
    rules = _rules()
    known, skip_verbs, in_phrase = rules.known, rules.not_actions, rules.in_phrase
    found: list[Practice] = []
    n = len(tokens)
    inside = 0  # tokens before this are the object of an earlier verb: no verb there heads a practice
    # Verbs picked out in one comprehension: most tokens are not one, and a loop over
    # every token was most of the cost. Verbs of one character head no practice but do
    # have objects that may hold other verbs (打好污染防治攻坚战). The cheap tests come first.
    for i in [i for i, (_, t) in enumerate(tokens) if t == "v"]:
        if i < inside:
            continue
        verb = tokens[i][0]
        j = i + 1
        while j < n and tokens[j][1] in SKIP_TAGS:
            j += 1
        end = inside = _phrase(tokens, j, in_phrase)
        # Verbs in the conjuncts of the object are inside it as well (培育提速扩容 in 实施高新
        # 技术企业和科技型中小企业培育提速扩容行动).
        while inside < n and (tokens[inside][0] == "、" or tokens[inside][0] in CONJUNCTIONS):
            inside = _phrase(tokens, inside + 1, in_phrase)
        if end == j or len(verb) < 2 or verb in skip_verbs:
            continue
        thing = "".join([w for w, _ in tokens[j:end]])
        quoted = thing[0] in QUOTES
        # Quotes around the whole object only stress it: 组建“党员突击队” is 组建党员突击队.
        if quoted and thing.index(QUOTES[thing[0]]) == len(thing) - 1:
            thing = thing[1:-1]
        if len(thing) < MIN_OBJECT or len(thing) > MAX_OBJECT or thing in rules.generic:
            continue
        if rules.ordinal.match(verb) or not _HAN[verb]:
            continue
        before = tokens[i - 1] if i else ("", "x")
        # After another verb of a compound (扫黑除恶) a verb is no practice's own, nor after a
        # listed verb tagged as something else or ending a four-character word, whose object
        # it starts (落实/a 减税降费政策, 积极开展/l 扫黑除恶专项斗争); after 至 or 到 it is a
        # place mis-tagged as a verb (至保定火车站).
        listed = before[0] in known or (len(before[0]) == 4 and before[0][2:] in known)
        if before[0] in rules.place_before or (before[1] in ("v", "i") and not listed):
            continue
        if listed and before[1] in ("a", "l"):
            continue
        if tokens[j][1].startswith(("nr", "ns", "f")) or not _whole(tokens, j, end, in_phrase, rules.generic):
            continue
        if not any(t.startswith(NAMING_TAGS) for _, t in tokens[j:end]):
            continue
        if any(rules.ordinal.match(w) for w, _ in tokens[j:end]):
            continue
        # A light verb (开展, 推进) names a practice only with a named measure after it.
        if verb in rules.light and not (thing.endswith(rules.measures) or quoted):
            continue
        # A two-character object (党费, 卡点) is too loose after just any verb.
        if len(thing) > MIN_OBJECT or verb in rules.action:
            found.append(Practice(verb, thing))
    return found


def practices(sentences: Sequence[Sentence], tokens: Sequence[Sequence[Token]]) -> tuple[Practice, ...]:
    """A report's practices, one per action and object with the verb it uses most, most
    mentioned first."""
    counts: Counter[Practice] = Counter()
    for s in sentences:
        counts.update(practices_in(tokens[s.index]))
    grouped: dict[tuple[str, str], Counter[str]] = {}
    for practice, k in counts.items():
        grouped.setdefault(practice_key(practice), Counter())[practice.verb] += k
    ranked = sorted(grouped.items(), key=lambda item: (-sum(item[1].values()), item[0]))
    return tuple(Practice(usual(verbs), thing) for (_, thing), verbs in ranked[:MAX_PRACTICES])
