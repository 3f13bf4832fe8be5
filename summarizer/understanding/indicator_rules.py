"""The indicator vocabulary of ``data/indicators.toml`` compiled once: families, exclusions, cues, number words.

The words and shapes are the data's; the shape of a number itself (Arabic digits or
Chinese numerals, 百分之…, 万/亿, 余/多) is numeral syntax and stays here.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from ..data import compile_rule, read_toml

NAME = "indicators.toml"
_CN = "零〇一二两三四五六七八九十百千点"


@dataclass(frozen=True)
class Family:
    """One thing reports measure (``data/indicators.toml``): its names, units and members."""

    level: str
    growth: str
    units: frozenset[str]
    who: dict[str, tuple[str, ...]]
    continues: re.Pattern[str] | None = None


@dataclass(frozen=True)
class Rules:
    """The indicator vocabulary, compiled once."""

    families: tuple[Family, ...]
    subjects: re.Pattern[str]
    anchors: re.Pattern[str]
    names: tuple[str, ...]
    short: dict[str, str]
    lead: re.Pattern[str]
    increment: re.Pattern[str]
    clause_exclude: re.Pattern[str]
    keeps_subject: re.Pattern[str]
    sentence_exclude: re.Pattern[str]
    target: re.Pattern[str]
    cue_words: tuple[str, ...]
    growth_words: re.Pattern[str]
    negative: re.Pattern[str]
    number: re.Pattern[str]
    units: frozenset[str]
    dates: frozenset[str]
    lead_growth: re.Pattern[str]
    marker: re.Pattern[str]
    separator: re.Pattern[str]
    item_trim: str
    place_levels: frozenset[str]


def _alternation(patterns: Sequence[str]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns))


def _number(words: dict[str, list[str]]) -> re.Pattern[str]:
    """A number in a clause: digits or Chinese numerals, 万/亿, 余/多 here; the words around it data's."""
    start, to, units, approx = ("|".join(words[k]) for k in ("start", "range", "units", "approx"))
    # Any measure word ends a number (960.8万亩) so a list's numbers line up with its subjects.
    return compile_rule(
        NAME,
        "number",
        rf"(?P<from>{start})?(?:百分之(?P<pct>[{_CN}]+)|"
        rf"(?P<n1>\d+(?:\.\d+)?|[{_CN}]+)(?:[%％]?(?:{to})(?P<n2>\d+(?:\.\d+)?))?"
        rf" ?(?:余|多)?(?P<mult>万亿|万|亿)?(?:余|多)?(?P<unit>[%％]|{units}|[\u4e00-\u9fff]))"
        rf"(?P<approx>{approx})?",
    )


@cache
def rules() -> Rules:
    """The rules of ``data/indicators.toml``; each family's subject is group ``f<i>``."""
    d = read_toml(NAME)
    families = []
    parts = []
    for i, fam in enumerate(d["family"]):
        parts.append(f"(?P<f{i}>" + fam["subject"].replace("(?P<who>", f"(?P<w{i}>") + ")")
        families.append(
            Family(
                fam["level"],
                fam["growth"],
                frozenset(fam["units"]),
                {k: tuple(v) for k, v in fam.get("who", {}).items()},
                re.compile(fam["continues"]) if "continues" in fam else None,
            )
        )

    def words(key: str) -> str:
        return "|".join(d["clause"][key])

    return Rules(
        families=tuple(families),
        subjects=re.compile("|".join(parts)),
        anchors=re.compile("|".join(map(re.escape, d["anchors"]))),
        names=tuple(d["names"]),
        short=dict(d.get("short", {})),
        lead=re.compile(d["exclude"]["lead"]),
        increment=re.compile(d["exclude"]["increment"]),
        clause_exclude=_alternation(d["exclude"]["clause"]),
        keeps_subject=_alternation(d["exclude"]["keeps_subject"]),
        sentence_exclude=_alternation(d["exclude"]["sentence"]),
        target=re.compile(d["target"]["cue"]),
        cue_words=tuple(d["target"]["cue_words"]),
        growth_words=_alternation(d["target"]["growth_words"]),
        negative=_alternation(d["target"]["negative"]),
        number=_number(d["number"]),
        units=frozenset({"%", "％", *d["number"]["units"]}),
        dates=frozenset(d["number"]["dates"]),
        lead_growth=compile_rule(NAME, "lead_growth", f"^(?:{words('lead_growth')})*"),
        marker=compile_rule(NAME, "each", f"(?P<each>{words('each')})|(?P<same>{words('same')})"),
        separator=compile_rule(NAME, "separators", words("separators")),
        item_trim=d["clause"]["item_trim"],
        place_levels=frozenset(d["place"]["levels"]),
    )
