"""Region: which province / city / county (and town) a report is about.

Names come from the official division codes shipped as ``data/divisions.tsv`` (built by
``tools/build_divisions.py``); the code itself carries the hierarchy (PP0000 province,
PPCC00 city, PPCCDD county), so 乌拉特前旗 (150823) resolves to 内蒙古自治区 (150000)
and 巴彦淖尔市 (150800) without a hand-made list.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from .data import read_lines
from .model import Region

MUNICIPALITIES = ("11", "12", "31", "50")
"""北京 天津 上海 重庆: their districts sit directly under the province-level city."""
TITLE_WEIGHT = 3
LEAD_WEIGHT = 2
LEAD_CHARS = 200
SHORT_NAME = re.compile(r"^(.{2,}?)(?:[^族]{1,3}族)*(?:特别行政区|自治区|自治州|地区|省|市|盟)$")
TOWN = re.compile(r"([\u4e00-\u9fff]{1,4}?(?:镇|乡|街道))")
NOT_TOWN = re.compile(r"^[各全该本所每乡]|乡镇")


@dataclass(frozen=True)
class Gazetteer:
    """Division names (full, and short for provinces and cities) → codes."""

    names: dict[str, str]
    codes: dict[str, tuple[str, ...]]
    lengths: dict[str, tuple[int, ...]]
    """Lengths of the names beginning with each two characters, longest first."""
    starts: re.Pattern[str]
    """Where a name may begin: first and second character both occur in some name."""


@cache
def gazetteer() -> Gazetteer:
    """Load ``data/divisions.tsv`` once."""
    names: dict[str, str] = {}
    codes: defaultdict[str, list[str]] = defaultdict(list)
    for line in read_lines("divisions.tsv"):
        code, _, name = line.partition("\t")
        names[code] = name
        keys = [name]
        # Counties only by their full name: 前锋区 without 区 is an ordinary word.
        short = SHORT_NAME.match(name)
        if short and code.endswith("00") and len(short.group(1)) >= 2:
            keys.append(short.group(1))
        for key in keys:
            codes[key].append(code)
    frozen = {k: tuple(sorted(set(v))) for k, v in codes.items()}
    lengths: defaultdict[str, set[int]] = defaultdict(set)
    for key in frozen:
        lengths[key[:2]].add(len(key))
    firsts = "".join(sorted({k[0] for k in lengths}))
    seconds = "".join(sorted({k[1] for k in lengths}))
    # A look-ahead over two character classes lets the regex engine skip, in C, the many
    # positions where no name can begin, where a Python loop would visit every character.
    starts = re.compile(f"(?=[{re.escape(firsts)}][{re.escape(seconds)}])")
    return Gazetteer(names, frozen, {k: tuple(sorted(v, reverse=True)) for k, v in lengths.items()}, starts)


def level(code: str) -> int:
    """0 province, 1 city, 2 county."""
    return 0 if code.endswith("0000") else 1 if code.endswith("00") else 2


def province_of(code: str) -> str:
    """``150823`` → ``150000``."""
    return code[:2] + "0000"


def city_of(code: str) -> str:
    """``150823`` → ``150800``."""
    return code[:4] + "00"


def find_names(text: str) -> Iterable[tuple[int, str]]:
    """Longest division names in ``text`` as ``(start, name)``, left to right, not overlapping."""
    gaz = gazetteer()
    end = 0
    for m in gaz.starts.finditer(text):
        i = m.start()
        if i < end:
            continue
        for n in gaz.lengths.get(text[i : i + 2], ()):
            name = text[i : i + n]
            if name in gaz.codes:
                yield i, name
                end = i + n
                break


def mention_scores(title: str, body: str) -> dict[str, float]:
    """Weighted mentions per code: the title and source count most, then the opening lines."""
    gaz = gazetteer()
    scores: defaultdict[str, float] = defaultdict(float)
    for text, weight in ((title, TITLE_WEIGHT), (body, 1)):
        for start, name in find_names(text):
            w = LEAD_WEIGHT if weight == 1 and start < LEAD_CHARS else weight
            for code in gaz.codes[name]:
                scores[code] += w
    return scores


def choose(scores: dict[str, float]) -> str | None:
    """The most specific division the report is about.

    A county wins when it is mentioned at least as much as its city and clearly more than
    any sibling county; a report that walks through several counties of one city
    (市中区、东兴区、隆昌市 …) is about the city.
    """

    def support(code: str) -> float:
        return scores.get(city_of(code), 0.0) + scores.get(province_of(code), 0.0)

    counties = sorted((c for c in scores if level(c) == 2), key=lambda c: (-scores[c], -support(c), c))
    if counties:
        best = counties[0]
        siblings = [scores[c] for c in counties[1:] if city_of(c) == city_of(best)]
        if scores[best] >= scores.get(city_of(best), 0.0) and all(2 * s < scores[best] for s in siblings):
            return best
    cities: defaultdict[str, float] = defaultdict(float)
    for code, score in scores.items():
        if level(code) >= 1 and code[:2] not in MUNICIPALITIES:
            cities[city_of(code)] += score if level(code) == 1 else score / 2
    if cities:
        best = max(cities, key=lambda c: (cities[c] + scores.get(province_of(c), 0.0), c))
        if scores.get(best, 0.0) > 0:
            return best
    provinces: defaultdict[str, float] = defaultdict(float)
    for code, score in scores.items():
        provinces[province_of(code)] += score
    return max(provinces, key=lambda c: (provinces[c], c)) if provinces else None


def find_town(county: str, title: str, body: str) -> str | None:
    """A town or street named right after the county (``崇明区新海镇``), in the title or twice in the text."""
    counts: defaultdict[str, int] = defaultdict(int)
    for text, weight in ((title, 2), (body, 1)):
        for m in re.finditer(re.escape(county), text):
            town = TOWN.match(text, m.end())
            if town and not NOT_TOWN.search(town.group(1)):
                counts[town.group(1)] += weight
    found = [t for t, c in counts.items() if c >= 2]
    return max(found, key=lambda t: (counts[t], t)) if found else None


def region_of(code: str | None, town: str | None = None) -> Region:
    """The hierarchy of a division code."""
    if code is None:
        return Region()
    names = gazetteer().names
    province = names.get(province_of(code))
    city = names.get(city_of(code)) if level(code) >= 1 else None
    if level(code) == 2 and code[:2] in MUNICIPALITIES:
        city = province
    county = names.get(code) if level(code) == 2 else None
    return Region(province, city, county, town, town or county or city or province, code)


def resolve_region(title: str | None, source: str | None, body: str) -> Region:
    """Region of a report from its title, source line and text.

    >>> resolve_region("崇明区新海镇：“三个到位”答好疫情防控“考题”", "崇明区委组织部", "").name
    '新海镇'
    """
    head = "\n".join(x for x in (title, source) if x)
    code = choose(mention_scores(head, body))
    if code is None:
        return Region()
    town = find_town(gazetteer().names[code], head, body) if level(code) == 2 else None
    return region_of(code, town)
