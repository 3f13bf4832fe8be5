"""Practices a report describes: the verb and its object (设立 临时党支部, 下拨 党费).

The object is the run of nouns after an action verb, past any number and measure word
(``成立2个临时党支部``). Verbs that name no comparable action and objects too general to
be a practice are filtered by the lists in ``data/practices.toml``.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from functools import cache

from .data import read_toml
from .model import Practice, Sentence, Token

OBJECT_TAGS = ("n", "j", "l", "b", "vn", "an")
"""Tags of the words an object is made of (党员/n 先锋岗/n, 专项/b 党费/n)."""
HEAD_TAGS = ("n", "j", "l", "vn")
"""Tags an object may end on: it names a thing, not a quality."""
SKIP_TAGS = frozenset({"m", "q", "mq", "x"})
"""Numbers, measure words and quotation marks between a verb and its object."""
MAX_OBJECT_WORDS = 3
MIN_OBJECT = 2
"""Objects of two characters count only after a verb of a known action class (下拨党费)."""
MAX_OBJECT = 8
MAX_PRACTICES = 30
"""Practices kept per report, most mentioned first: enough to find what regions share."""


@cache
def _lists() -> tuple[frozenset[str], frozenset[str], dict[str, str]]:
    rules = read_toml("practices.toml")
    action = {verb: group[0] for group in rules["same_action"] for verb in group}
    return frozenset(rules["not_actions"]), frozenset(rules["generic"]), action


def action(verb: str) -> str:
    """The action a verb names: the first verb of its class in ``same_action`` (组建 → 设立), else itself."""
    return _lists()[2].get(verb, verb)


def practice_key(practice: Practice) -> tuple[str, str]:
    """What makes mentions one practice: the action and the object (成立 / 组建 临时党支部 are one)."""
    return action(practice.verb), practice.object


def usual(verbs: Counter[str]) -> str:
    """The verb a practice is shown with: the one its mentions use most (the first on a tie)."""
    return max(verbs, key=lambda v: (verbs[v], v))


_HAN_WORD = re.compile("[\u4e00-\u9fff]+")


def practices_in(tokens: Sequence[Token]) -> list[Practice]:
    """Verb–object pairs in one sentence's tokens.

    >>> from summarizer.tokenize import get_tokenizer
    >>> [p.text for p in practices_in(get_tokenizer().tag("全县成立临时党支部50个，设立12个党员先锋岗。"))]
    ['成立临时党支部', '设立党员先锋岗']
    """
    not_actions, generic, actions = _lists()
    found: list[Practice] = []
    n = len(tokens)
    # Verbs picked out in one comprehension: most tokens are not one, and a loop over
    # every token was most of the cost.
    verbs = [i for i, (w, t) in enumerate(tokens) if t == "v" and len(w) >= 2 and w not in not_actions]
    for i in verbs:
        verb = tokens[i][0]
        if not _HAN_WORD.fullmatch(verb):
            continue
        j = i + 1
        while j < n and tokens[j][1] in SKIP_TAGS and tokens[j][0] not in "，。；：、":
            j += 1
        words: list[Token] = []
        while j < n and len(words) < MAX_OBJECT_WORDS and tokens[j][1].startswith(OBJECT_TAGS):
            if tokens[j][1].startswith("nr") or not _HAN_WORD.fullmatch(tokens[j][0]):
                break
            words.append(tokens[j])
            j += 1
        while words and not words[-1][1].startswith(HEAD_TAGS):
            words.pop()
        if not words:
            continue
        thing = "".join([w for w, _ in words])
        if len(thing) < MIN_OBJECT or len(thing) > MAX_OBJECT or thing in generic:
            continue
        # A two-character object (党费, 卡点) is too loose after just any verb.
        if len(thing) > MIN_OBJECT or verb in actions:
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
