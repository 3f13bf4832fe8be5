"""Place names of China and their hierarchy, from ``data/divisions.tsv``, ``towns.tsv`` and ``renamed.tsv``.

Division codes carry the hierarchy (PP0000 province, PPCC00 city, PPCCDD county), so
乌拉特前旗 (150823) lies in 内蒙古自治区 (150000) and 巴彦淖尔市 (150800) without a list of
parents; towns are listed under their county's code. Besides each official name, a place
is found by the forms reports use for it: an autonomous prefecture or county without its
peoples (海西州, 保亭县, 民和县), a county under the suffix it had before becoming a district
or city (綦江县, 洪泽县), an old name (平泉县, 襄樊市), and, where the context anchors it, its
short name (淮安, 洪泽, 台州).
"""

from __future__ import annotations

import itertools
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import NamedTuple

from ..data import read_lines
from ..errors import RuleFileError

MUNICIPALITIES = ("11", "12", "31", "50")
"""北京 天津 上海 重庆: their districts sit directly under the province-level city."""
COUNTY_SUFFIXES = ("县", "区", "市", "旗")
_AUTONOMOUS = re.compile(r"^(.+?)(?:[^族]{1,3}族)+自治(州|县|旗)$")
TOWN_SUFFIXES = ("镇", "乡", "街道", "苏木", "地区办事处")
TOWN_SUFFIX = re.compile("|".join(TOWN_SUFFIXES))
MAX_TOWN = 8
"""Characters of the longest town name looked for before its suffix."""


class Place(NamedTuple):
    """A name found in a text: where, as written, and the divisions it may stand for.

    ``short`` marks a name found by its short form (淮安, 洪泽), which counts only where the
    context anchors it; ``town`` a town, township or street, whose ``codes`` are the counties
    that have one so named. A named tuple: a report yields dozens, made in a hot loop.
    """

    start: int
    end: int
    text: str
    codes: tuple[str, ...]
    short: bool
    town: bool = False


@dataclass(frozen=True)
class Gazetteer:
    """Division names (full, aliases and short) → codes; towns → their counties' codes."""

    names: dict[str, str]
    """Code → official name."""
    full: dict[str, tuple[str, ...]]
    """Official names and the aliases reports write them with → codes."""
    short: dict[str, tuple[str, ...]]
    """Short names (河北, 淮安, 洪泽) → codes."""
    former: frozenset[str]
    """Names a division had before it was renamed or raised (平泉县, 綦江县, 襄樊市)."""
    lengths: dict[str, tuple[int, ...]]
    """Lengths of the full and short names beginning with each two characters, longest first."""
    starts: re.Pattern[str]
    """Where a name may begin: first and second character both occur in some name."""


@cache
def level(code: str) -> int:
    """0 province, 1 city, 2 county."""
    return 0 if code.endswith("0000") else 1 if code.endswith("00") else 2


def province_of(code: str) -> str:
    """``150823`` → ``150000``."""
    return code[:2] + "0000"


def city_of(code: str) -> str:
    """``150823`` → ``150800``."""
    return code[:4] + "00"


@cache
def parents(code: str) -> tuple[str, ...]:
    """The codes above a division, nearest first: ``150823`` → ``150800``, ``150000``."""
    lvl = level(code)
    return () if lvl == 0 else (province_of(code),) if lvl == 1 else (city_of(code), province_of(code))


def _rows(name: str, columns: int) -> Iterator[list[str]]:
    for line in read_lines(name):
        parts = line.split("\t")
        if len(parts) < columns - 1 or not parts[0]:
            raise RuleFileError(f"{name}: bad line {line!r}")
        yield parts + [""] * (columns - len(parts))


@cache
def gazetteer() -> Gazetteer:
    """Load the division files once."""
    names: dict[str, str] = {}
    full: defaultdict[str, set[str]] = defaultdict(set)
    short: defaultdict[str, set[str]] = defaultdict(set)
    for code, name, abbr in _rows("divisions.tsv", 3):
        names[code] = name
        full[name].add(code)
        if len(abbr) >= 2 and abbr != name:
            short[abbr].add(code)
        m = _AUTONOMOUS.match(name)
        if m:
            # 海西蒙古族藏族自治州 is written 海西州, 保亭黎族苗族自治县 保亭县.
            full[(abbr or m.group(1)) + m.group(2)].add(code)
    official = set(full)
    former: set[str] = set()
    by_code_short = {code: a for a, codes in short.items() for code in codes}
    for code in names:
        abbr = by_code_short.get(code, "")
        if level(code) == 2 and len(abbr) >= 2:
            # A county under the suffix it had before it became a district or city (綦江县, 洪泽县).
            for suffix in COUNTY_SUFFIXES:
                if abbr + suffix not in official:
                    full[abbr + suffix].add(code)
                    former.add(abbr + suffix)
    for old, code, _date in _rows("renamed.tsv", 3):
        if code in names and old not in official:
            full[old].add(code)
            former.add(old)
    frozen_full = {k: tuple(sorted(v)) for k, v in full.items()}
    frozen_short = {k: tuple(sorted(v)) for k, v in short.items() if k not in frozen_full}
    lengths: defaultdict[str, set[int]] = defaultdict(set)
    for key in (*frozen_full, *frozen_short):
        lengths[key[:2]].add(len(key))
    firsts = "".join(sorted({k[0] for k in lengths}))
    seconds = "".join(sorted({k[1] for k in lengths}))
    # A look-ahead over two character classes lets the regex engine skip, in C, the many
    # positions where no name can begin, where a Python loop would visit every character.
    starts = re.compile(f"(?=[{re.escape(firsts)}][{re.escape(seconds)}])")
    return Gazetteer(
        names,
        frozen_full,
        frozen_short,
        frozenset(former),
        {k: tuple(sorted(v, reverse=True)) for k, v in lengths.items()},
        starts,
    )


@cache
def town_prefixes() -> frozenset[str]:
    """The first two characters of every town's name: most places are followed by none."""
    return frozenset(town[:2] for town in towns())


@cache
def town_order() -> dict[str, int]:
    """Each town's place in the town file: the order its namesakes are weighed in."""
    return {town: i for i, town in enumerate(towns())}


@cache
def towns() -> dict[str, tuple[str, ...]]:
    """Town, township and street names → the codes of the counties that have one so named.

    Loaded on first use, apart from the divisions: it is ten times their size.
    """
    found: dict[str, list[str]] = {}
    for line in read_lines("towns.tsv"):
        county, _, town = line.partition("\t")
        if len(town) >= 2:
            found.setdefault(town, []).append(county)
    return {town: tuple(counties) for town, counties in found.items()}


def find_places(text: str) -> Iterator[Place]:
    """Division names in ``text``, longest first at each position, left to right, not overlapping.

    >>> [(p.text, p.short) for p in find_places("江苏淮安市洪泽区组织全区党员")]
    [('江苏', True), ('淮安市', False), ('洪泽区', False)]
    """
    gaz = gazetteer()
    lengths, full, short = gaz.lengths, gaz.full, gaz.short
    size = len(text)
    # A zero-width split at every position a name may begin: plain strings, where finditer
    # would make a match object for each position.
    pieces = gaz.starts.split(text)
    i = len(pieces[0])
    end = 0
    for piece in itertools.islice(pieces, 1, None):
        candidates = lengths.get(text[i : i + 2]) if i >= end else None
        for n in candidates or ():
            if i + n > size:
                continue
            name = text[i : i + n]
            codes = full.get(name)
            if codes:
                yield Place(i, i + n, name, codes, False)
            elif name in short:
                yield Place(i, i + n, name, _namesakes(short[name]), True)
            else:
                continue
            end = i + n
            break
        i += len(piece)


def _namesakes(codes: tuple[str, ...]) -> tuple[str, ...]:
    """A short name shared by a city and its own county (岳阳市, 岳阳县) stands for the city:
    the county is written in full."""
    cities = {c for c in codes if level(c) == 1}
    return tuple(c for c in codes if not (level(c) == 2 and city_of(c) in cities)) if cities else codes


def find_towns(text: str) -> Iterator[Place]:
    """Town, township and street names (ending in 镇, 乡, 街道 …) in ``text``; ``codes`` are counties.

    >>> [(p.text, p.codes) for p in find_towns("野人谷镇三座庵村防疫卡口")]
    [('野人谷镇', ('420325',))]
    """
    names = towns()
    for m in TOWN_SUFFIX.finditer(text):
        for n in range(min(MAX_TOWN, m.start()), 0, -1):
            name = text[m.start() - n : m.end()]
            if name in names:
                yield Place(m.start() - n, m.end(), name, names[name], False, town=True)
                break


def divisions_named(text: str) -> tuple[str, ...]:
    """The divisions a name stands for, alone or after the names of the divisions above it;
    () when it is not a division's name.

    >>> divisions_named("河北"), divisions_named("宁夏银川市永宁县"), divisions_named("朝阳区")
    (('130000',), ('640121',), ('110105', '220104'))
    """
    places = list(find_places(text))
    if not places or "".join(p.text for p in places) != text:
        return ()
    codes = set(places[-1].codes)
    for above in places[:-1]:
        codes = {c for c in codes if any(related(c, q) for q in above.codes)}
    return tuple(sorted(codes))


def place_named(text: str) -> tuple[tuple[str, ...], str | None]:
    """The divisions a place name stands for and the town it names, if any: ``银川市`` →
    (640100,), None; ``崇明区新海镇`` → (the county 崇明区, 新海镇); ((), None) when not a place.

    >>> place_named("崇明区新海镇")
    (('310151',), '新海镇')
    """
    text = text.strip()
    codes = divisions_named(text)
    if codes:
        return codes, None
    town = next((t for t in find_towns(text) if t.end == len(text)), None)
    if town is None:
        return (), None
    above = divisions_named(text[: town.start]) if town.start else ()
    if town.start and not above:
        return (), None
    counties = [c for c in town.codes if not above or any(related(c, q) for q in above)]
    return tuple(sorted(counties)), town.text


def related(a: str, b: str) -> bool:
    """Whether two divisions are one, or one lies within the other."""
    return a == b or a in parents(b) or b in parents(a)


_COUNTY_SUFFIX = frozenset("区县市旗州盟")
_NEW_TOWN = re.compile(r"([\u4e00-\u9fff]{2,4}?(?:镇|乡|街道))")
_NOT_TOWN = re.compile(r"^[各全该本所每乡县市区]|乡镇|城乡")


def short_town(text: str, place: Place) -> Place | None:
    """A town named without its suffix right after its county or city: 台州新桥, 台州路桥区新桥."""
    if text[place.end : place.end + 2] not in town_prefixes():
        return new_town(text, place)
    names = towns()
    for n in range(min(MAX_TOWN, len(text) - place.end), 1, -1):
        stem = text[place.end : place.end + n]
        if text[place.end + n : place.end + n + 1] in _COUNTY_SUFFIX or TOWN_SUFFIX.search(stem):
            continue  # 昆明市官渡区: a county named like one of its towns; 新乡 is no town's stem
        # The stem with each suffix a town takes, looked up where it would be written in full.
        found = [(stem + suffix, names[stem + suffix]) for suffix in TOWN_SUFFIXES if stem + suffix in names]
        if len(found) > 1:
            found.sort(key=lambda tc: town_order()[tc[0]])
        pairs = [
            (county, town)
            for town, counties in found
            for county in counties
            if county in place.codes or city_of(county) in place.codes
        ]
        if pairs:
            return Place(place.end, place.end + n, pairs[0][1], tuple(county for county, _ in pairs), False, town=True)
    return new_town(text, place)


def new_town(text: str, place: Place) -> Place | None:
    """A town the data lacks, named right after its county (望江县吉水街道)."""
    m = _NEW_TOWN.match(text, place.end)
    if (
        m
        and len(place.codes) == 1
        and level(place.codes[0]) == 2
        and not _NOT_TOWN.search(m[1])
        and m[1] not in towns()
    ):
        return Place(m.start(1), m.end(1), m[1], place.codes, False, town=True)
    return None
