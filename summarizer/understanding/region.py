"""The place a report is about: weighing each place it names by the role the name plays.

A name in the title, the reporting body (``民和县委组织部``, ``金集镇党委``), the page's
source, owner or dateline, or the subject of the opening sentence says what the report is
about; a name elsewhere counts little, and one that is only where help went or came
from (``支援武汉``, ``武汉加油``) next to nothing. Names must begin where a word begins
(范县 is not in 示范县); short names (洪泽, 淮安) count only where the context anchors
them. The region is then the deepest division that holds most of the weight: province,
city, county, and a town only when the report is about the town itself.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

from ..model import Region, Token
from .gazetteer import MUNICIPALITIES, city_of, gazetteer, level, parents, province_of
from .mentions import Source, Tally, contexts, tally

TITLE_WEIGHT = 6.0
LEAD_SENTENCES = 3
MIN_WEIGHT = 2.0
"""Less than this, in all, is an incidental mention: the report does not say where it is from."""
DOMINANCE = 2.0
"""A division is chosen over its siblings only with this many times their weight."""
CHILD_SHARE = 0.4
"""A child division is the subject when it carries this share of its parent's weight (a county
report names its city's or municipality's leadership often: 在重庆市委、重庆市人民政府领导下)."""
TOWN_SHARE = 0.5


def _support(counts: Tally) -> defaultdict[str, float]:
    """Each division's weight with everything under it: its counties', towns' and its own."""
    support: defaultdict[str, float] = defaultdict(float)
    names = gazetteer().names
    for code, weight in counts.codes.items():
        for node in (code, *parents(code)):
            if node in names:
                support[node] += weight
    for (county, _), weight in _resolved_towns(counts).items():
        for node in (county, *parents(county)):
            if node in names:
                support[node] += weight
    return support


def _resolved_towns(counts: Tally) -> dict[tuple[str, str], float]:
    """Town mentions that stand for one county: the only one so named, or the one whose county,
    else city, else province the report otherwise names."""
    by_town: defaultdict[str, list[str]] = defaultdict(list)
    for county, town in counts.towns:
        by_town[town].append(county)
    named = {code for code, weight in counts.codes.items() if weight > 0}
    resolved = {}
    for town, counties in by_town.items():
        for ring in (lambda c: c, city_of, province_of):
            if len(counties) == 1:
                break
            near = [c for c in counties if ring(c) in named]
            if near:
                counties = near
        if len(counties) == 1:
            resolved[counties[0], town] = counts.towns[counties[0], town]
    return resolved


def _children(code: str | None, candidates: Iterable[str]) -> list[str]:
    if code is None:
        return [c for c in candidates if level(c) == 0]
    lvl = level(code)
    if lvl == 0:
        if code[:2] in MUNICIPALITIES:
            return [c for c in candidates if level(c) == 2 and province_of(c) == code]
        return [c for c in candidates if level(c) == 1 and province_of(c) == code] + [
            c for c in candidates if level(c) == 2 and province_of(c) == code and city_of(c) not in gazetteer().names
        ]
    if lvl == 1:
        return [c for c in candidates if level(c) == 2 and city_of(c) == code]
    return []


def choose(counts: Tally, level_hint: str | None = None) -> tuple[str | None, str | None]:
    """The division code and town the weight points to, descending while one child dominates.

    ``level_hint`` is the suffix of the reporting government's level (``市`` where a speaker
    says 我代表市人民政府): a 市 is not left for a 区 or 县 under it.
    """
    names = gazetteer().names
    support = _support(counts)
    if not support:
        return None, _only_town(counts)
    chosen: str | None = None
    while True:
        children = sorted(_children(chosen, support), key=lambda c: (-support[c], c))
        if not children:
            break
        best = children[0]
        rival = support[children[1]] if len(children) > 1 else 0.0
        whole = support[chosen] if chosen else sum(support[c] for c in children)
        if support[best] < MIN_WEIGHT or support[best] < DOMINANCE * rival:
            break
        if chosen is not None and support[best] < CHILD_SHARE * whole:
            break
        if level_hint and chosen and names[chosen].endswith(level_hint) and not names[best].endswith(level_hint):
            break
        chosen = best
    if chosen is None:
        return None, _only_town(counts)
    return chosen, _town(counts, chosen)


def _town(counts: Tally, county: str) -> str | None:
    """A town under ``county`` that the report is about: named as subject, reporting body or in
    the title, with weight near its county's own."""
    towns = {t: w for (c, t), w in _resolved_towns(counts).items() if c == county}
    strong = {t: w for t, w in towns.items() if (county, t) in counts.strong_towns}
    if not strong:
        return None
    best = max(strong, key=lambda t: (strong[t], t))
    others = max((w for t, w in towns.items() if t != best), default=0.0)
    # The county's own mentions in the report, not its name in the page's footer or dateline.
    own = counts.codes.get(county, 0.0) - counts.from_roles.get(county, 0.0)
    if strong[best] >= TOWN_SHARE * own and strong[best] > DOMINANCE * others:
        return best
    return None


def _only_town(counts: Tally) -> str | None:
    """A town the report is about, though its county is not known (several share its name): the
    one it names as subject or reporting body, or the only town it names at all."""
    strong: defaultdict[str, float] = defaultdict(float)
    for (county, town), weight in counts.towns.items():
        if (county, town) in counts.strong_towns:
            strong[town] = max(strong[town], weight)
    if strong:
        best = max(strong, key=lambda t: (strong[t], t))
        if strong[best] >= MIN_WEIGHT:
            return best
    named = {town for _, town in counts.towns}
    return named.pop() if len(named) == 1 and not counts.codes else None


def region_of(code: str | None, town: str | None = None, written: str | None = None) -> Region:
    """The hierarchy of a division code (and a town under it)."""
    if code is None:
        return Region(town=town, name=town) if town else Region()
    names = gazetteer().names
    province = names.get(province_of(code))
    city = names.get(city_of(code)) if level(code) >= 1 else None
    if level(code) == 2 and code[:2] in MUNICIPALITIES:
        city = province
    county = names.get(code) if level(code) == 2 else None
    name = town or written or county or city or province
    return Region(province, city, county, town, name, code)


def resolve_region(
    title: tuple[str, Sequence[Token]] | None,
    roles: Sequence[tuple[str, float, Sequence[Token]]],
    sentences: Sequence[tuple[str, Sequence[Token]]],
) -> Region:
    """Region of a report from its title, the lines that say who publishes it, and its sentences.

    ``title`` is ``(text, tokens)``; ``roles`` are ``(text, weight, tokens)`` (source, owner,
    dateline, speaker); ``sentences`` are ``(text, tokens)`` in order. Tokens keep names to
    word starts; without them (``()``) any position counts.

    >>> resolve_region(("崇明区新海镇：“三个到位”答好疫情防控“考题”", ()), [("崇明区委组织部", 3.0, ())], []).name
    '新海镇'
    """
    sources = [Source(title[0], TITLE_WEIGHT, title[1], title=True)] if title else []
    sources += [Source(text, weight, tokens, role=True) for text, weight, tokens in roles]
    sources += [Source(text, 1.0, tokens, lead=i < LEAD_SENTENCES) for i, (text, tokens) in enumerate(sentences)]
    counts = tally(sources)
    speaker = contexts().speaker_level
    hint = next((m[1] for text, _ in sentences[: LEAD_SENTENCES * 2] if (m := speaker.search(text))), None)
    code, town = choose(counts, hint)
    written = counts.written.get(code) if code and code not in counts.official else None
    return region_of(code, town, written)
