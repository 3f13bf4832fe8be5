"""Kinds of report: what a report is (政府工作报告, 疫情防控, 防汛 …) from its title, headings and sentences.

Each kind is a data file, ``data/kinds/KIND.toml``: weighted cue regexes, its Chinese name
for titles, its figure categories (the rows of the comparison table) and the heading
shapes of its review, plan and problems parts. A report's kind comes from one pass of one
compiled regex over its title, its headings and the opening of its body; never from its
file name.

>>> kind_of("安里镇村联动 加强防汛工作", ["领导重视，靠前指挥"], ["连日强降雨，水位上涨。"])
'flood'
>>> section_role("2024年工作安排", "govreport"), section_role("存在的问题", "other")
('plan', 'problems')
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal

from ..data import DATA_DIR, read_toml
from ..errors import RuleFileError
from ..model import Section

Role = Literal["review", "plan", "problems"]
ROLES: tuple[Role, ...] = ("review", "plan", "problems")

OTHER = "other"
"""The kind of a report no kind file recognises; also the roles every kind shares."""
ORDER = ("govreport", "epidemic", "flood", "safety", "rural", "partybuilding", "summary", OTHER)
"""Shipped kinds in the order ties go (a government report mentions 疫情防控 and 防汛 too)."""
WEIGHTS = {"strong": 4, "cues": 2, "weak": 1}
"""A cue's weight by the list it is written in."""
PLACE_WEIGHTS = (3, 2, 1)
"""A cue in the title counts three times, in a heading twice, in the body once."""
CAP = 3
"""A cue counts at most this many times in each place: a repeated word is not more evidence."""
BODY_CHARS = 1200
"""Only the body's opening is read: a report says what it is early, and a 100,000-character
report costs no more than a short one."""
MIN_SCORE = 6
"""Less than this and a report is not of the kind (an unrelated page that says 党员 once)."""
DOMINANT_SCORE = 16
"""A ``dominant`` kind (the government work report) at this score wins whatever else the
report covers: a report read to a congress speaks of farming, safety and floods too."""
SHORT_HEADING = 12
"""A neutral row name (a kind without categories) is its heading's first clause, cut to this."""

_NUMBERING = re.compile(
    r"^(?:[一二三四五六七八九十]是|第[一二三四五六七八九十]{1,3}[部分章节条]?|[（(]?[一二三四五六七八九十\d]{1,3}[)）、．.])\s*"
)
_CLAUSE_END = re.compile(r"[，,；;。：:！!？?、——\s]")


@dataclass(frozen=True)
class Kind:
    """One kind of report as its data file describes it."""

    key: str
    name: str
    document: str
    fallback: bool
    dominant: bool
    factor: float
    categories: tuple[dict[str, Any], ...]
    roles: dict[Role, tuple[str, ...]]


def _file_keys() -> list[str]:
    found = {p.stem for p in (DATA_DIR / "kinds").glob("*.toml")}
    return [k for k in ORDER if k in found] + sorted(found - set(ORDER))


@cache
def kinds() -> dict[str, Kind]:
    """Every kind, in tie order, from ``data/kinds/*.toml`` (user files of the same names add to them)."""
    out = {}
    for key in _file_keys():
        d = read_toml(f"kinds/{key}.toml")
        out[key] = Kind(
            key=key,
            name=str(d.get("name", "")),
            document=str(d.get("document", "")),
            fallback=bool(d.get("fallback", False)),
            dominant=bool(d.get("dominant", False)),
            factor=float(d.get("factor", 1.0)),
            categories=tuple(d.get("category", ())),
            roles={role: tuple(d.get(role, ())) for role in ROLES},
        )
    return out


def kind_name(kind: str) -> str:
    """The kind's Chinese name for titles (``疫情防控工作``); 工作 for an unknown kind."""
    k = kinds().get(kind)
    return k.name if k and k.name else "工作"


def document_name(kind: str) -> str | None:
    """What a report of the kind is titled (``政府工作报告``), when the kind has such a name."""
    k = kinds().get(kind)
    return k.document if k and k.document else None


def _compile(pattern: str, where: str) -> re.Pattern[str]:
    try:
        return re.compile(pattern)
    except re.error as err:
        raise RuleFileError(f"kinds/{where}.toml: bad regex {pattern!r} ({err})") from err


@cache
def _cues() -> tuple[re.Pattern[str], tuple[tuple[re.Pattern[str], str, int], ...]]:
    """One alternation of every kind's cues, and each cue as (pattern, kind, weight).

    The cues are joined as written, no group around each, and every alternative of a cue
    begins with a literal character (write ``过去[一五]年``, not ``(?:过去|前)``): so the
    regex engine skips in C to a character some cue begins with, where the alternatives,
    grouped by their first character (:func:`_by_first`), are one branch per character:
    one pass at a fraction of a cue-by-cue search.
    Which cue matched is looked up afterwards by the matched text (:func:`_cue_of`,
    cached: the same words recur).
    """
    parts: list[str] = []
    cues: list[tuple[re.Pattern[str], str, int]] = []
    for key in kinds():
        d = read_toml(f"kinds/{key}.toml")
        for field, weight in WEIGHTS.items():
            for pattern in d.get(field, ()):
                cues.append((_compile(pattern, key), key, weight))
                parts.append(pattern)
    return re.compile(_by_first("|".join(parts)) if parts else r"(?!)"), tuple(cues)


def _alternatives(pattern: str) -> list[str]:
    """The top-level alternatives of a regex (``a|b(?:c|d)`` → ``a``, ``b(?:c|d)``)."""
    out, depth, start, i = [], 0, 0, 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            i += 2
            continue
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth -= 1
        elif ch == "|" and depth == 0:
            out.append(pattern[start:i])
            start = i + 1
        i += 1
    out.append(pattern[start:])
    return out


def _by_first(pattern: str) -> str:
    """The alternatives grouped by their first character, ``党建|党员|疫情`` → ``党(?:建|员)|疫(?:情)``:
    at a position the engine tries one branch per first character, not one per cue."""
    groups: dict[str, list[str]] = {}
    for alt in _alternatives(pattern):
        head = alt[:2] if alt.startswith("\\") else alt[:1]
        if alt[len(head) : len(head) + 1] in ("?", "*", "+", "{"):
            head = alt  # a quantified first character (党+) stays whole
        groups.setdefault(head, []).append(alt[len(head) :])
    return "|".join(f"{head}(?:{'|'.join(rests)})" for head, rests in groups.items())


@cache
def _cue_of(text: str) -> int:
    """Index of the first cue the matched ``text`` is a whole match of."""
    for i, (pattern, _, _) in enumerate(_cues()[1]):
        if pattern.fullmatch(text):
            return i
    return -1  # pragma: no cover - the alternation matched it, so one of its branches does


def scores(title: str | None, headings: Iterable[str], body: Iterable[str]) -> Counter[str]:
    """Each kind's score: its cues' weights, times 3 in the title, 2 in a heading, 1 in the body."""
    pattern, cues = _cues()
    text = []
    size = 0
    for sentence in body:
        text.append(sentence)
        size += len(sentence)
        if size >= BODY_CHARS:
            break
    total: Counter[str] = Counter()
    for place, texts in zip(PLACE_WEIGHTS, (title or "", "\n".join(headings), "".join(text)[:BODY_CHARS])):
        seen = Counter(map(_cue_of, pattern.findall(texts)))
        for i, n in seen.items():
            if i >= 0:
                _, kind, weight = cues[i]
                total[kind] += weight * place * min(n, CAP)
    return total


def kind_of(title: str | None, headings: Iterable[str], body: Iterable[str]) -> str:
    """The report's kind: a ``dominant`` kind that reaches ``DOMINANT_SCORE``; else the kind
    of highest score times its ``factor`` among those reaching ``MIN_SCORE``, a genre kind
    (``fallback``, 工作总结) only when no subject kind does; else ``other``."""
    got = scores(title, headings, body)
    table = kinds()
    order = {k: i for i, k in enumerate(table)}
    dominant = [k for k in got if table[k].dominant and got[k] >= DOMINANT_SCORE]
    if dominant:
        return min(dominant, key=lambda k: (-got[k], order[k]))
    ranked = [k for k in got if got[k] >= MIN_SCORE]
    if not ranked:
        return OTHER
    return min(ranked, key=lambda k: (table[k].fallback, -got[k] * table[k].factor, order[k]))


@cache
def _roles(kind: str) -> tuple[tuple[Role, re.Pattern[str]], ...]:
    table = kinds()
    own = table.get(kind)
    base = table.get(OTHER)
    out = []
    for role in ROLES:
        patterns = [*(own.roles[role] if own else ()), *(base.roles[role] if base and own is not base else ())]
        if patterns:
            out.append((role, _compile("|".join(f"(?:{p})" for p in patterns), kind)))
    return tuple(out)


def section_role(heading: str | None, kind: str) -> Role | None:
    """``review`` (过去一年 / 工作回顾), ``plan`` (今年工作 / 目标任务 / 下步打算) or ``problems``
    (存在问题) for a heading of that shape in a report of ``kind``, else None.

    Problems are looked for first (今年工作中存在的问题 is about problems), then the review
    (主要目标完成情况 and 一年来，我们紧盯目标任务 look back), then plans.
    """
    if not heading:
        return None
    roles = dict(_roles(kind))
    for role in ("problems", "review", "plan"):
        pattern = roles.get(role)
        if pattern is not None and pattern.search(heading):
            return role
    return None


def planned(sections: Sequence[Section], kind: str) -> frozenset[int]:
    """Indices of the sentences in a report's plan part: under a heading of the plan shape
    (2024年工作安排) and its subsections, up to the next heading at its level or above."""
    out: set[int] = set()
    role: Role | None = None
    level = 0
    for sec in sections:
        if sec.heading:
            own = section_role(sec.heading, kind)
            if own or sec.level <= level:
                role, level = own, sec.level
        if role == "plan":
            out.update(s.index for s in sec.sentences)
    return frozenset(out)


def short_heading(heading: str | None) -> str | None:
    """A heading's first clause without its numbering, at most ``SHORT_HEADING`` characters:
    the neutral row name of a figure under it (``一是全面部署，制定…`` → ``全面部署``)."""
    if not heading:
        return None
    text = _NUMBERING.sub("", heading.strip(), count=1)
    text = _CLAUSE_END.split(text, maxsplit=1)[0]
    return text[:SHORT_HEADING] or None


def has_categories(kind: str) -> bool:
    """Whether the kind has its own figure categories (else its rows are its headings)."""
    k = kinds().get(kind)
    return bool(k and k.categories)


def digest_topic(present: Sequence[str]) -> str | None:
    """The topic of a digest title from its reports' kinds, ``None`` when they are all ``other``.

    One kind: its name (``政府工作报告``, ``疫情防控工作``). Two known kinds: both names,
    the kind with more reports first, one 工作 for both (``防汛、安全生产工作``). More
    kinds, or known kinds mixed with ``other``: the neutral 工作.
    """
    counts = Counter(present)
    if not counts or set(counts) == {OTHER}:
        return None
    if OTHER in counts or len(counts) > 2:
        return "工作"
    order = {k: i for i, k in enumerate(kinds())}
    names = [kind_name(k) for k in sorted(counts, key=lambda k: (-counts[k], order.get(k, len(order)), k))]
    if len(names) == 2 and all(n.endswith("工作") for n in names):
        return f"{names[0][:-2]}、{names[1]}"
    return "、".join(names)
