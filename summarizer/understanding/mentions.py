"""The places a report names, each weighed by the role of the line and the words around it.

A name in the title, the reporting body (``民和县委组织部``, ``金集镇党委``), the page's
source, owner or dateline, or the subject of the opening sentence weighs most; one that is
only where help went or came from (``支援武汉``, ``武汉加油``) next to nothing. Names must
begin where a word begins (范县 is not in 示范县); short names (洪泽, 淮安) count only where
the context anchors them; a town may follow its county without its suffix (台州新桥).
:mod:`~summarizer.understanding.region` chooses among them.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import NamedTuple

from ..data import read_toml
from ..errors import RuleFileError
from ..model import Token
from ..ranking.tokenize import offsets as token_offsets
from .gazetteer import Place, find_places, find_towns, gazetteer, parents, related, short_town

SUBJECT_WEIGHT = 3.0
"""A name opening one of the first sentences (犍为县全面从严落实…) names who acts."""
ORGAN_FACTOR = 3.0
"""A name followed by an organ (县委, 镇党委, 人民政府, 应急管理局) names who reports."""
ELSEWHERE_FACTOR = 0.15
"""A place help went to or came from (支援武汉, 武汉加油, 来自北京) is not the report's subject."""

_TITLE_ANCHOR = re.compile(r"^[：:|｜丨\s]")
_CLAUSE_START = re.compile(r"(?:^|[，,。；;：:])\s*$")
_NS = frozenset({"ns", "nsf"})
_PERSON_TAGS = frozenset({"nr", "nrfg", "nrt"})
PERSON_REACH = 4
"""Characters after a place (and its organ) within which a person's name makes it an affiliation."""


@dataclass(frozen=True)
class Contexts:
    """The words around a place name that tell its role (``data/places.toml``)."""

    organ: re.Pattern[str]
    person: re.Pattern[str]
    elsewhere_before: re.Pattern[str]
    elsewhere_after: re.Pattern[str]
    organ_first: frozenset[str]
    """What follows a name inside one word when the word is its organ: 通渭县委, 辉县市政府, 县长."""
    part_of_name: frozenset[str]
    """What follows a short name that is part of a smaller place's or a street's name: 吉水街道, 北京路."""
    speaker_level: re.Pattern[str]
    """A speech naming the level of its government (我代表市人民政府); group 1 the level."""


def _alternation(words: Iterable[str]) -> str:
    parts = [("[\u4e00-\u9fff]{0,4}" + re.escape(w[1:])) if w.startswith("*") else re.escape(w) for w in words]
    return "|".join(sorted(parts, key=len, reverse=True))


def _words(words: Iterable[str]) -> str:
    return "|".join(map(re.escape, words))


@cache
def contexts() -> Contexts:
    """The context word lists, compiled once."""
    data = read_toml("places.toml")
    try:
        return Contexts(
            re.compile(f"(?:{_words(data['organ_levels'])})?(?:{_alternation(data['organs'])})"),
            re.compile(f"(?:{_words(data['person_bodies'])})?(?:{_alternation(data['person_titles'])})"),
            re.compile(f"(?:{_alternation(data['elsewhere_before'])})$"),
            re.compile(f"^(?:{_alternation(data['elsewhere_after'])})"),
            frozenset(data["organ_first"]),
            frozenset(data["part_of_name"]),
            re.compile(data["speaker_level"]),
        )
    except (KeyError, TypeError, re.error) as err:
        raise RuleFileError(f"places.toml: {err}") from err


class Source(NamedTuple):
    """A text in which places are looked for, the weight a name there carries, and its tokens.

    ``lead``: one of the report's first sentences, whose opening names the subject; ``role``:
    a line that says who publishes the page (source, owner, dateline), not what it reports.
    """

    text: str
    weight: float
    tokens: Sequence[Token] = ()
    title: bool = False
    lead: bool = False
    role: bool = False


@dataclass
class Tally:
    """Weight per division code, and per town under each county."""

    codes: defaultdict[str, float] = field(default_factory=lambda: defaultdict(float))
    from_roles: defaultdict[str, float] = field(default_factory=lambda: defaultdict(float))
    """Weight that came from the page's source, owner and datelines rather than the report."""
    towns: defaultdict[tuple[str, str], float] = field(default_factory=lambda: defaultdict(float))
    strong_towns: set[tuple[str, str]] = field(default_factory=set)
    written: dict[str, str] = field(default_factory=dict)
    """The former name a renamed division goes by in the text (平泉县 for 平泉市)."""
    official: set[str] = field(default_factory=set)
    """Divisions the text also names by their current name."""

    def add(self, code: str, weight: float, role: bool) -> None:
        """Count ``weight`` for a division, noting when it came from the page's roles."""
        self.codes[code] += weight
        if role:
            self.from_roles[code] += weight


def _begins(offsets: Sequence[int], position: int) -> bool:
    """Whether a token begins (or the last one ends) at ``position``."""
    i = bisect.bisect_left(offsets, position)
    return i < len(offsets) and offsets[i] == position


def _token_at(source: Source, offsets: Sequence[int], position: int) -> Token | None:
    """The token beginning exactly at ``position``, if one does."""
    i = bisect.bisect_left(offsets, position)
    return source.tokens[i] if i < len(source.tokens) and offsets[i] == position else None


def _anchored(place: Place, source: Source, offsets: Sequence[int] | None) -> bool:
    """Whether a short name standing alone is a place here: followed by its organ (洪泽区委 →
    洪泽 委), opening a title before a colon (柘荣：), the whole name of an outlet (云上崇阳), or
    a word the tagger calls a place."""
    text = source.text
    if contexts().organ.match(text, place.end) is not None:
        return True
    if source.title and place.start == 0 and _TITLE_ANCHOR.match(text[place.end : place.end + 1] or "："):
        return True
    if offsets is None:
        return False
    if source.role:
        return _begins(offsets, place.end)
    token = _token_at(source, offsets, place.start)
    return token is not None and token[0] == place.text and token[1] in _NS


def _name_follows(source: Source, offsets: Sequence[int], position: int) -> bool:
    """Whether a person's name (a token tagged nr) begins within a few characters of ``position``."""
    i = bisect.bisect_left(offsets, position)
    while i < len(source.tokens) and offsets[i] < position + PERSON_REACH:
        if source.tokens[i][1] in _PERSON_TAGS:
            return True
        i += 1
    return False


def _chains(
    source: Source, places: Sequence[Place], towns: Sequence[Place], offsets: Sequence[int] | None
) -> list[list[Place]]:
    """The places a text names, adjacent ones that nest (湖南岳阳市岳阳县中洲乡) as one chain.

    A chain must begin where a word begins and end where one ends (范县 is not in 示范县, 合作市
    not in 合作市场) unless its organ follows inside the word (通渭县委); a short name counts in
    a chain, next to a place it contains or lies in, or alone where it is anchored.
    """
    text = source.text
    words = contexts()
    raw: list[list[Place]] = []
    for place in places:
        if raw and raw[-1][-1].end == place.start and _nests(place, raw[-1][-1]):
            raw[-1].append(place)
        else:
            raw.append([place])
    chains: list[list[Place]] = []
    extra: list[Place] = []
    for chain in raw:
        while chain and chain[-1].short and text[chain[-1].end : chain[-1].end + 1] in words.part_of_name:
            chain.pop()  # 吉水街道, 合肥路街道, 北京路: a smaller place or a street named after it
        if not chain:
            continue
        end = chain[-1].end
        if offsets is not None and (
            not _begins(offsets, chain[0].start)
            or (not _begins(offsets, end) and text[end : end + 1] not in words.organ_first)
        ):
            continue
        if len(chain) == 1 and chain[0].short and not _anchored(chain[0], source, offsets):
            continue
        chains.append(chain)
        short = short_town(text, chain[-1])
        if short is not None:
            extra.append(short)
    by_end = {chain[-1].end: chain for chain in chains}
    for town in [*towns, *extra]:
        if any(p.start < town.end and town.start < p.end for chain in chains for p in chain):
            continue
        before = by_end.get(town.start)
        if before is not None and _nests(town, before[-1]):
            before.append(town)
        elif offsets is None or _begins(offsets, town.start):
            chains.append([town])
    chains.sort(key=lambda chain: chain[0].start)
    return chains


def _found(sources: Iterable[Source]) -> Iterator[tuple[Source, list[Place], list[Place]]]:
    """Each source that names a place, with the division and town names found in it.

    The names are looked for in all the texts at once: one scan of a report instead of one
    per sentence, most of which name no place.
    """
    texts = list(sources)
    joined = "\n".join(s.text for s in texts)
    offsets = list(itertools.accumulate((len(s.text) + 1 for s in texts), initial=0))
    found: defaultdict[int, tuple[list[Place], list[Place]]] = defaultdict(lambda: ([], []))
    for kind, names in ((0, find_places(joined)), (1, find_towns(joined))):
        for place in names:
            k = bisect.bisect_right(offsets, place.start) - 1
            shift = offsets[k]
            found[k][kind].append(place._replace(start=place.start - shift, end=place.end - shift))
    for k in sorted(found):
        yield texts[k], *found[k]


def _nests(place: Place, outer: Place) -> bool:
    """Whether ``place`` lies within ``outer`` (江西 > 分宜, 台州 > 路桥区 > 新桥镇)."""
    if outer.town:
        return False
    if place.town:
        return any(county in outer.codes or _within((county,), outer.codes) for county in place.codes)
    return _within(place.codes, outer.codes)


def _narrowed(chain: Sequence[Place]) -> tuple[str, ...]:
    """The codes of a chain's last name that lie within the name before it (南京市鼓楼区)."""
    last = chain[-1]
    if len(chain) == 1:
        return last.codes
    outer = set(chain[-2].codes)
    near = tuple(c for c in last.codes if {c, *parents(c)} & outer)
    return near or last.codes


def _weight(start: int, end: int, source: Source, offsets: Sequence[int] | None) -> tuple[float, bool]:
    """The weight of a chain of names at ``text[start:end]``, and whether it names the report's
    subject or reporting body."""
    text = source.text
    weight = source.weight
    strong = source.title or source.weight > 1
    words = contexts()
    organ = words.organ.match(text, end)
    after = organ.end() if organ else end
    person = words.person.match(text, after) or (offsets is not None and _name_follows(source, offsets, after))
    if person:
        # 中洲乡党委书记刘潇, 马田镇党员王平良: where a person works, not who reports.
        return source.weight * (ELSEWHERE_FACTOR if source.title else 1.0), False
    if organ:
        weight *= ORGAN_FACTOR
        strong = True
    if source.lead and _CLAUSE_START.search(text[max(0, start - 2) : start]):
        weight = max(weight, SUBJECT_WEIGHT)
        strong = True
    if words.elsewhere_before.search(text[max(0, start - 3) : start]) or words.elsewhere_after.match(
        text[end : end + 3]
    ):
        return weight * ELSEWHERE_FACTOR, False
    return weight, strong


def tally(sources: Iterable[Source]) -> Tally:
    """Weight per division and town from every place the sources name.

    Each chain counts once, for its deepest name: the province or city before a county
    (江西分宜, 西宁市湟源县) only qualifies it, and shares its role (title, subject). A name
    several divisions share (鼓楼区, 朝阳区) goes to the one the rest of the report names,
    else is split between them.
    """
    gaz = gazetteer()
    counts = Tally()
    shared: list[tuple[tuple[str, ...], float, bool]] = []
    for source, places, towns in _found(sources):
        offsets = token_offsets(source.tokens) if source.tokens else None
        chains = _chains(source, places, towns, offsets)
        for chain in chains:
            weight, strong = _weight(chain[0].start, chain[-1].end, source, offsets)
            last = chain[-1]
            codes = _narrowed(chain)
            for place in chain:
                for code in () if place.town else place.codes:
                    if place.text in gaz.former:
                        counts.written.setdefault(code, place.text)
                    elif place.text == gaz.names.get(code):
                        counts.official.add(code)
            if last.town:
                for county in codes:
                    counts.towns[county, last.text] += weight
                    if strong:
                        counts.strong_towns.add((county, last.text))
            elif len(codes) > 1:
                shared.append((codes, weight, source.role))
            else:
                counts.add(codes[0], weight, source.role)
    named = dict(counts.codes)
    for codes, weight, role in shared:
        near = {c: sum(w for other, w in named.items() if related(c, other)) for c in codes}
        best = max(near.values())
        chosen = [c for c, w in near.items() if w == best] if best > 0 else list(codes)
        for code in chosen:
            counts.add(code, weight / len(chosen) ** 0.5, role)
    return counts


def _within(children: Sequence[str], ancestors: Sequence[str]) -> bool:
    return any(a in ancestors for child in children for a in parents(child))
