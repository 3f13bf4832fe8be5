"""Title, date and source: what the head of a page says about the report, apart from its body.

The date, the source and who publishes the page are read from every line before the
furniture goes (a date line has no Han characters, a site's owner stands in its footer);
the title is found among the cleaned lines above the first paragraph, without the
wrappers pages put around it (原标题：, 【栏目】, 01.31, 永州战“疫”|). A report without a
title gets a generated headline from its place and topic (:func:`make_headline`). The keys,
words and shapes these facts are read by are data (``data/page_facts.toml``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Literal

from ..data import compile_rule, read_lines, read_toml
from ..model import Block, Region
from ..reading.clean import dateline, signed_by
from .dates import DateSource, own_date, parse_date, report_date, shapes, signature_date
from .sections import ENDS_SENTENCE, numbered

_HAN = re.compile("[\u4e00-\u9fff]")  # script, not vocabulary: the words and shapes are in data/page_facts.toml
HEAD_LINES = 8
"""Lines before the first body paragraph that may hold the title; more is body."""
MAX_META_LEN = 100
MIN_TITLE = 6
"""A head line shorter than this is a column name (县区快讯, 组工动态), not the article's title."""
MAX_TITLE = 80
ROLE_WEIGHT = 3.0
"""How much a page's source, owner, dateline or speaker counts towards its region, against
1 for a mention in the body (see summarizer.understanding.region)."""
TRAIL_WEIGHT = 1.0
BYLINE_LINES = 16
"""Lines of a page in which a dateline (佛山日报讯, 徽县讯) is looked for."""


RoleKind = Literal["source", "owner", "dateline", "speaker", "assembly", "trail", "closing"]


@dataclass(frozen=True)
class Role:
    """A line that says who reports or publishes (来源, 主办单位, a dateline, a speaker), with its weight."""

    text: str
    weight: float
    kind: RoleKind = "source"


@dataclass(frozen=True)
class Header:
    """What the head of a report says about it, and the body paragraphs that follow."""

    title: str | None
    date: str | None
    source: str | None
    body: tuple[Block, ...]
    roles: tuple[Role, ...] = ()
    date_source: DateSource | None = None


@dataclass(frozen=True)
class PageRules:
    """The rules of ``data/page_facts.toml``, compiled (what each matches is described there)."""

    meta_key: re.Pattern[str]
    source: re.Pattern[str]
    not_source: re.Pattern[str]
    organ: re.Pattern[str]
    assembly: re.Pattern[str]
    speaker: re.Pattern[str]
    owner: re.Pattern[str]
    outlet: re.Pattern[str]
    not_outlets: frozenset[str]
    trail: re.Pattern[str]
    wrappers: tuple[re.Pattern[str], ...]
    original: re.Pattern[str]
    date: re.Pattern[str]
    """A date (``data/dates.toml``): a short line opening with one is the page's."""


@cache
def page_rules() -> PageRules:
    """The rules of ``data/page_facts.toml``, compiled on first use and kept."""
    d = read_toml("page_facts.toml")

    def rule(key: str, pattern: str) -> re.Pattern[str]:
        return compile_rule("page_facts.toml", key, pattern)

    def words(key: str) -> str:
        return "|".join(d[key])

    # The mechanics of a meta line (a key, a colon, its value up to the next key) are here;
    # the keys, and every word and shape of a page, are the data's.
    source = rf"(?:{words('source_keys')})\s*[：:]\s*(.*?)\s*(?=(?:{words('source_ends')})\s*[：:]|$)"
    return PageRules(
        meta_key=rule("meta_keys", rf"({words('meta_keys')})\s*[：:]"),
        source=rule("source_keys", source),
        not_source=rule("not_source", f"({words('not_source')})"),
        organ=rule("organ_words", f"({words('organ_words')})"),
        assembly=rule("assembly", d["assembly"]),
        speaker=rule("speaker", d["speaker"]),
        owner=rule("owners", words("owners")),
        outlet=rule("outlet_ends", f"^(.*?(?:{words('outlet_ends')}))"),
        not_outlets=frozenset(d["not_outlets"]),
        trail=rule("trail_marks", rf"\s*(?:{words('trail_marks')})\s*"),
        wrappers=tuple(rule("title_wrappers", p) for p in d["title_wrappers"]),
        original=rule("original_title", words("original_title")),
        date=shapes().date,
    )


@dataclass(frozen=True)
class Facts:
    """What a page's lines say about it before its furniture is removed: each kind of date
    it gives (its date line, its signature, the page's publication date, a date line
    without a key), its source and the lines that say who publishes."""

    dates: dict[DateSource, str]
    source: str | None
    roles: tuple[Role, ...]


def _is_meta(line: str, rules: PageRules) -> bool:
    if len(line) > MAX_META_LEN or ENDS_SENTENCE.search(line):
        return False
    if rules.meta_key.search(line) or rules.assembly.search(line):
        return True
    m = rules.date.search(line)
    return m is not None and m.start() < 30 and len(_HAN.findall(line[m.end() :])) < 20


def clean_source(value: str) -> str | None:
    """The publishing body of a 来源 line, without what follows it (dates, share bars, counters).

    >>> clean_source("辽宁日报 分享 分享到搜狐微博"), clean_source("赵晨 2021-12-30 13:57:05"), clean_source("文明风")
    ('辽宁日报', None, '文明风')
    """
    rules = page_rules()
    words = []
    for word in value.split():
        if rules.not_source.search(word) or not _HAN.search(word):
            break
        words.append(word)
    source = " ".join(words).strip("：: ")
    # Two characters and nothing an organisation is named with: a person (赵晨), not a body.
    if not source or (len(source) <= 2 and not rules.organ.search(source)):
        return None
    return source


def read_facts(blocks: Sequence[Block]) -> Facts:
    """Date, source and the lines that say who publishes, from a page's normalised lines."""
    rules = page_rules()
    source = None
    dates: dict[DateSource, str] = {}
    roles: list[Role] = []
    for k, block in enumerate(blocks):
        line = block.text
        if k < BYLINE_LINES and "dateline" not in dates and "日" in line:
            found = own_date(line)
            if found:
                dates["dateline"] = found
        if len(line) > MAX_META_LEN:
            # A paragraph: only a dateline opening one of the first paragraphs says who reports.
            if k < BYLINE_LINES:
                roles.extend(_dateline(line))
            continue
        line = " ".join(line.split())
        if _is_meta(line, rules):
            found = parse_date(line)
            if found:
                # A keyed line (发布时间：…) dates the page; a bare date line may date either.
                dates.setdefault("published" if rules.meta_key.search(line) else "text", found)
            m = rules.source.search(line)
            if m and source is None:
                source = clean_source(m[1])
                if source:
                    roles.append(Role(source, ROLE_WEIGHT, "source"))
            assembly = rules.assembly.search(line)
            if assembly:
                roles.append(Role(assembly[1], ROLE_WEIGHT, "assembly"))
        # Owners, speakers and trails stand on short lines of their own; paragraphs are skipped.
        for m in rules.owner.finditer(line):
            owner = next(g for g in m.groups() if g)
            roles.append(Role(owner, ROLE_WEIGHT, "owner"))
        speaker = rules.speaker.match(line)
        if speaker:
            roles.append(Role(speaker[1], ROLE_WEIGHT, "speaker"))
        if rules.trail.search(line) and not ENDS_SENTENCE.search(line):
            parts = rules.trail.split(line)[:3]
            roles.extend(Role(part, TRAIL_WEIGHT, "trail") for part in parts if _HAN.search(part))
        if k < BYLINE_LINES:
            roles.extend(_dateline(line))
    signed = signature_date(blocks)
    if signed:
        dates["signature"] = signed
    closing = signed_by(blocks[-1].text) if blocks else None
    if closing:
        roles.append(Role(closing, ROLE_WEIGHT, "closing"))
    if source is None:
        # No 来源 line: the outlet of the dateline (佛山日报讯, 中乡网安徽讯 → 中乡网), else the
        # site's owner, publishes it. A dateline that names only a place (徽县讯) names no outlet.
        outlets = [m[1] for r in roles if r.kind == "dateline" and (m := rules.outlet.match(r.text))]
        owners = [r.text for r in roles if r.kind == "owner"]
        source = next(iter(outlets + owners), None)
    return Facts(dates, source, tuple(roles))


def _dateline(line: str) -> list[Role]:
    """The outlet or place a dateline opening ``line`` names (佛山日报讯 → 佛山日报), as a role."""
    m = dateline(line)
    who = m.groupdict().get("who") if m else None
    return [Role(who, ROLE_WEIGHT, "dateline")] if who and who not in page_rules().not_outlets else []


def _is_body(line: str) -> bool:
    return bool(ENDS_SENTENCE.search(line)) or len(line) > 60


def unwrap_title(line: str) -> str:
    """A head line without the wrappers pages put around a headline.

    >>> unwrap_title("【衡水战“疫”·党旗红】党旗飘扬 誓言铿锵 阜城县基层党组织防控疫情冲锋在前")
    '党旗飘扬 誓言铿锵 阜城县基层党组织防控疫情冲锋在前'
    >>> unwrap_title("01.31 “红色动员令”！永兴2万党员干部冲在战“疫”一线")
    '“红色动员令”！永兴2万党员干部冲在战“疫”一线'
    >>> unwrap_title("原标题：新桥：党员踊跃捐款捐物助力防疫")
    '新桥：党员踊跃捐款捐物助力防疫'
    """
    text = line.strip()
    wrappers = page_rules().wrappers
    # Wrappers nest (03.02 【党旗飘扬】…): peeled until none is left.
    for _ in range(len(wrappers)):
        before = text
        for pattern in wrappers:
            m = pattern.match(text)
            if m:
                text = (m.group(1) if m.groups() and m.group(1) else text[m.end() :]).strip()
        if text == before:
            break
    return text.strip()


def _title_of(head: Sequence[Block]) -> str | None:
    """The longest head line that reads as a headline; a 原标题 wrapper only when nothing else does."""
    original = page_rules().original
    candidates = []
    for block in head:
        title = unwrap_title(block.text)
        if MIN_TITLE <= len(title) <= MAX_TITLE and len(_HAN.findall(title)) >= MIN_TITLE // 2:
            candidates.append((bool(original.match(block.text)), -len(title), title))
    return min(candidates)[2] if candidates else None


def read_header(blocks: Sequence[Block], facts: Facts | None = None) -> Header:
    """Title of a cleaned report and its body paragraphs, with the page's ``facts``."""
    facts = facts or read_facts(blocks)
    rules = page_rules()
    body = [b for b in blocks if not _is_meta(b.text, rules)]
    head: list[Block] = []
    for block in body[:HEAD_LINES]:
        if _is_body(block.text) or numbered(block.text) or block.level:
            break
        head.append(block)
    title = None
    if head and len(head) < len(body):
        # The title is the longest line above the first paragraph; the other lines there
        # are column tags ("基层党建", "坚决打赢疫情防控阻击战") and bylines, not article text.
        title = _title_of(head)
        body = body[len(head) :]
    date, date_source = report_date(facts.dates, title)
    return Header(title, date, facts.source, tuple(body), facts.roles, date_source)


def generic_title(title: str | None, document: str | None) -> bool:
    """Whether a title line is the document's name alone (政 府 工 作 报 告), naming no body or year."""
    return bool(title and document and "".join(title.split()) == document)


def make_headline(
    region: Region, topics: Sequence[str], document: str | None = None, year: int | None = None
) -> str | None:
    """A heading for a report that arrived without a title.

    ``2024年亳州市政府工作报告`` for a kind with a document name (its year when known, its
    place); otherwise ``前锋区疫情防控工作情况``: its first key phrase that names what was
    done, not who or where (``data/topics.txt``); a single keyword says too little (回家,
    国家), so without such a phrase ``前锋区工作情况``; None when neither a place nor a
    topic is known."""
    place = region.name or ""
    if document:
        return f"{year}年{place}{document}" if year else f"{place}{document}"
    short = place[:2]
    topic = next((t for t in topics if not _not_topic().search(t) and not (short and short in t)), "")
    return f"{place}{topic}工作情况" if place or topic else None


@cache
def _not_topic() -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{line})" for line in read_lines("topics.txt")))
