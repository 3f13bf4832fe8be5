"""Headline indicators: GDP, budget revenue, incomes … of the reviewed year and the coming year's targets.

``地区生产总值971.3亿元，同比增长12%`` gives 地区生产总值 971.3 亿元 and 地区生产总值增长 12 %;
``城镇、农村居民人均可支配收入分别增长6%、8.5%`` one for each; after ``主要预期目标是：``
they are targets. Names, units, what makes a clause not a whole-area figure of the year
and the words around numbers and between listed subjects are data (``data/indicators.toml``,
compiled by :mod:`.indicator_rules`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import pairwise

from ..model import Indicator, IndicatorKind, Sentence
from .indicator_rules import rules
from .numerals import parse_number

_CLAUSE = re.compile(r"[^，；;。！？：:,]+")


def indicator_names() -> tuple[str, ...]:
    """The fixed indicator names, in table order."""
    return rules().names


def short_name(name: str) -> str:
    """The column name of an indicator in the 主要指标 table (``地区生产总值增长`` → ``GDP增速``)."""
    return rules().short.get(name, name)


Slot = tuple[int, str]
"""One indicator a mention stands for: its family and member (``城镇``, or "" for the whole)."""


def _slots(m: re.Match[str]) -> list[Slot]:
    """The indicators one subject mention stands for: 城乡居民人均可支配收入 → 城镇 and 农村."""
    assert m.lastgroup is not None
    fam_index = int(m.lastgroup[1:])
    fam = rules().families[fam_index]
    who = m.group(f"w{fam_index}") if fam.who else None
    if not who:
        return [(fam_index, "")]
    members = [name for key, names in fam.who.items() for pos in [who.find(key)] if pos >= 0 for name in [(pos, names)]]
    members.sort()
    out = [(fam_index, member) for _, names in members for member in names]
    return out or [(fam_index, "")]


@dataclass(frozen=True)
class _Number:
    value: float
    high: float | None
    unit: str
    approx: str | None
    start: int
    end: int


def _value(text: str) -> int | float:
    if "点" not in text:
        return parse_number(text)
    import cn2an  # 百分之六点五: numerals.parse_number reads whole Chinese numbers only

    try:
        return float(cn2an.cn2an(text, "normal"))
    except (ValueError, KeyError) as err:
        raise ValueError(text) from err


def _numbers(clause: str, start: int) -> list[_Number]:
    r = rules()
    out = []
    for m in r.number.finditer(clause, start):
        measure = m.group("unit") or "%"
        if m.group("from") or measure in r.dates:
            continue  # 由103.97亿元增加到1117.56亿元: the starting value is not the year's
        if measure not in r.units and not m.group("n1").isascii():
            continue  # 一般, 十堰: Chinese numerals stand in words; with a measure word only
        try:
            value = _value(m.group("pct") or m.group("n1"))
            high = _value(m.group("n2")) if m.group("n2") else None
        except ValueError:
            continue
        unit = "%" if m.group("pct") else (m.group("mult") or "") + m.group("unit").replace("％", "%")
        out.append(
            _Number(float(value), None if high is None else float(high), unit, m.group("approx"), m.start(), m.end())
        )
    return out


def _name(slot: Slot, num: _Number, before: str) -> tuple[str, bool] | None:
    """The indicator a number states for a slot, and whether it is negative (下降), or None."""
    r = rules()
    if slot[0] < 0:
        return None  # a listed item that names no indicator (财政总收入、…分别…)
    fam = r.families[slot[0]]
    if num.unit == "%":
        if fam.level and "%" in fam.units:
            name = fam.level
        elif fam.growth and r.growth_words.search(before):
            name = fam.growth
        else:
            return None
    elif fam.level and num.unit in fam.units and not r.increment.search(before):
        name = fam.level
    else:
        return None
    name = name.format(who=slot[1])
    if name not in r.names:
        return None
    return name, bool(num.unit == "%" and r.negative.search(before))


Found = list[tuple[str, _Number, bool]]
"""Indicator name, its number, and whether the number is a fall (下降)."""


def _clause_indicators(
    clause: str, inherited: list[Slot] | None, lead: re.Pattern[str]
) -> tuple[Found, list[Slot] | None]:
    """The indicators one clause states, and the slots a following clause may go on with
    (``…971.3亿元，同比增长12%``: the growth is the same subject's)."""
    r = rules()
    if r.clause_exclude.search(clause):
        return [], None
    mentions = [m for m in r.subjects.finditer(clause) if lead.search(clause, 0, m.start())]
    if not mentions:
        if not inherited:
            return [], None
        opening = r.lead_growth.match(clause)
        if opening and r.growth_words.match(clause, opening.end()):
            return _listed_numbers(clause, inherited, 0), inherited
        goes_on = r.families[inherited[0][0]].continues if len(inherited) == 1 and inherited[0][0] >= 0 else None
        then = goes_on.match(clause) if goes_on else None
        if then:
            return _own_numbers(clause, inherited[0], then.end()), inherited
        # A clause without a number (按可比价格计算) or against the plan (完成年计划…) qualifies
        return [], inherited if not r.number.search(clause) or r.keeps_subject.match(clause) else None
    last = mentions[-1].end()
    marker = r.marker.search(clause, last)
    bare = all(not _numbers(clause[: b.start()], a.end()) for a, b in pairwise(mentions))
    slots = [slot for m in mentions for slot in _slots(m)]
    if marker or (len(slots) > 1 and bare):
        # 城镇和农村居民人均可支配收入分别达到45877元和22990元; 规上工业增加值、社零均增长8%
        listed = _items(clause, mentions, marker.start() if marker else last)
        return _listed_numbers(clause, listed, last, same=bool(marker and marker.lastgroup == "same")), listed
    out: Found = []
    for m, after in zip(mentions, [*mentions[1:], None]):
        out.extend(_own_numbers(clause[: after.start()] if after else clause, _slots(m)[0], m.end()))
    return out, _slots(mentions[-1])


def _items(clause: str, mentions: Sequence[re.Match[str]], until: int) -> list[Slot]:
    """The slots of a list of subjects (``财政总收入、一般公共预算收入分别…``): an item that
    names no indicator holds its place in the list too."""
    r = rules()
    spans = [(m.start(), m.end()) for m in mentions]
    cuts = [m.start() for m in r.separator.finditer(clause, 0, until) if not any(a <= m.start() < b for a, b in spans)]
    slots: list[Slot] = []
    for a, b in zip([0, *cuts], [*cuts, until]):
        inside = [m for m in mentions if a <= m.start() < b]
        if inside:
            slots.extend(slot for m in inside for slot in _slots(m))
        elif item := clause[a:b].strip(r.item_trim):
            # 粮食播面、总产分别…: an item may go on with the subject before it
            fam = r.families[slots[-1][0]] if slots and slots[-1][0] >= 0 else None
            slots.append(slots[-1] if fam and fam.continues and fam.continues.match(item) else (-1, ""))
    return slots


def _listed_numbers(clause: str, slots: list[Slot], after: int, same: bool = False) -> Found:
    """Listed subjects and their numbers: one for all (``均``), else one each in order;
    fewer numbers than subjects say nothing of whose is whose."""
    if len(slots) == 1:
        return _own_numbers(clause, slots[0], after)
    nums = _numbers(clause, after)
    if not nums or (not same and len(nums) < len(slots)):
        return []
    before = clause[after : nums[0].start]
    out: Found = []
    for slot, num in zip(slots, [nums[0]] * len(slots) if same else nums):
        named = _name(slot, num, before)
        if named:
            out.append((named[0], num, named[1]))
    return out


def _own_numbers(clause: str, slot: Slot, after: int) -> Found:
    """One subject: its first amount in a unit of its own and its first growth."""
    out: Found = []
    seen: set[str] = set()
    anchor = after
    for num in _numbers(clause, after):
        named = _name(slot, num, clause[anchor : num.start])
        anchor = num.end
        if named and named[0] not in seen:
            seen.add(named[0])
            out.append((named[0], num, named[1]))
    return out


def own_places(name: str | None) -> tuple[str, ...]:
    """The names a report calls its own place by: 荔城区 and 荔城."""
    if not name:
        return ()
    short = name[:-1] if len(name) >= 3 and name[-1] in rules().place_levels else name
    return tuple(dict.fromkeys((name, short)))


def own_lead(places: Sequence[str]) -> re.Pattern[str]:
    """The lead rule with the report's own place names added (荔城地区生产总值 in 荔城区's report)."""
    names = sorted({p for p in places if p and len(p) >= 2}, key=lambda p: (-len(p), p))
    if not names:
        return rules().lead
    return re.compile(rules().lead.pattern.removesuffix(")$") + "|" + "|".join(map(re.escape, names)) + ")$")


def indicators_of(sentences: Sequence[Sentence], places: Sequence[str] = ()) -> tuple[Indicator, ...]:
    """The headline indicators a report states, first mention of each (name, kind) kept.

    Results are read from the review, targets from the paragraph of the coming year's
    expected goals (or the one after its cue); nothing after that paragraph is read: the
    year's tasks that follow restate plans, not results.
    """
    r = rules()
    lead = own_lead(places)
    found: dict[tuple[str, IndicatorKind], Indicator] = {}
    targets_at: int | None = None  # the paragraph of the expected goals, once met
    carried = False
    stated = False  # whether the paragraph of targets being read stated one
    excluded_at: int | None = None
    for s in sentences:
        if targets_at is not None and s.where != targets_at:
            # Goals may be listed a paragraph each (——地区生产总值增长6%左右；); the cue may end
            # its paragraph once. A paragraph without a target ends them.
            if not stated and (carried or any(kind == "target" for _, kind in found)):
                break
            carried, targets_at, stated = carried or not stated, s.where, False
        cue = r.target.search(s.text) if targets_at is None and any(w in s.text for w in r.cue_words) else None
        if cue and r.sentence_exclude.search(s.text):
            excluded_at = s.where  # 今后五年发展目标是：… is the plan's period, not the year
        elif cue:
            targets_at = s.where
        if not r.anchors.search(s.text) or s.where == excluded_at or r.sentence_exclude.search(s.text):
            continue
        kind: IndicatorKind = "result" if targets_at is None else "target"
        base = cue.end() if cue else 0
        for name, num, negative, at in _sentence_indicators(s.text[base:], lead):
            stated = stated or kind == "target"
            if (name, kind) not in found:
                value = -num.value if negative else num.value
                span = (base + at, base + at + num.end)
                found[name, kind] = Indicator(name, kind, value, num.unit, num.high, num.approx, s.index, s.where, span)
    order = {name: i for i, name in enumerate(r.names)}
    return tuple(sorted(found.values(), key=lambda x: (x.kind != "result", order[x.name])))


def _sentence_indicators(text: str, lead: re.Pattern[str] | None = None) -> Iterator[tuple[str, _Number, bool, int]]:
    """The indicators of one sentence, clause by clause, each with where its clause starts."""
    inherited: list[Slot] | None = None
    for m in _CLAUSE.finditer(text):
        found, inherited = _clause_indicators(m.group(), inherited, lead or rules().lead)
        for name, num, negative in found:
            yield name, num, negative, m.start()
