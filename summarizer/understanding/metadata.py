"""Title, date and source: what the head of a page says about the report, apart from its body.

The date, the source and who publishes the page are read from every line before the
furniture goes (a date line has no Han characters, a site's owner stands in its footer);
the title is found among the cleaned lines above the first paragraph, without the
wrappers pages put around it (原标题：, 【栏目】, 01.31, 永州战“疫”|). A report without a
title gets a generated headline from its place and topic (:func:`make_headline`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Literal

from ..data import read_lines
from ..model import Block, Region
from ..reading.clean import CLOSING_BODY, dateline
from .dates import DateSource, own_date, parse_date, report_date, shapes, signature_date
from .sections import ENDS_SENTENCE, numbered

_HAN = re.compile("[\u4e00-\u9fff]")
_META_KEY = re.compile(
    r"(发布时间|发布日期|发表时间|更新时间|时间|日期|来源|作者|编辑|责任编辑|阅读|浏览|点击)\s*[：:]"
)
_SOURCE = re.compile(
    r"来源\s*[：:]\s*(.*?)\s*(?=(?:作者|编辑|责任编辑|责编|阅读|浏览|点击|时间|发布时间|日期)\s*[：:]|$)"
)
_NOT_SOURCE = re.compile(r"(https?://|www\.|(?:19|20)\d{2}[-/年.]|\d{1,2}:\d{2}|分享|浏览|阅读|字号|评论|收藏|打印)")
_ORGAN = re.compile(r"(网|报|台|社|刊|端|号|部|委|局|办|厅|院|会|中心|站|政府|室|处|科|所|馆|团|组|队|频道|媒体)")
_ASSEMBLY = re.compile(r"在(\S{2,40}?)第\S{1,6}届\S*(人民代表大会|人大常委会|代表大会)")
_SPEAKER = re.compile(r"^(\S{2,24}?(?:人民政府|政府))\S{0,6}?副?(?:省|市|区|县|州|旗|镇|乡)长")
_OWNER = re.compile(
    r"(?:主办单位|主办|承办单位)\s*[:：]\s*(\S{2,30})|^(\S{2,20})\s*主办$|^欢迎(?:访问|来访|光临)(\S{2,20}?)[！!，,]|即将离开[“\"](\S{2,30}?)[”\"]"
)
_OUTLET = re.compile(r"^(.*?(?:网|报|台|社|客户端|新闻|全媒体|融媒体中心|频道|在线|头条))")
_TRAIL = re.compile(r"\s*(?:>>?|＞|»|›)\s*")
_WRAPPERS = (
    re.compile(r"^(?:原标题|原题|标题|题目)\s*[:：]\s*"),
    re.compile(r"^[（(]原题为?《(.+)》[)）]$"),
    re.compile(r"^(?:【[^】]{1,20}】\s*)+"),
    re.compile(r"^\d{1,2}[.月]\d{1,2}日?\s+"),
    re.compile(r"^[^\s|｜丨，。：]{2,12}\s*[|｜丨]\s*(?=\S{8,})"),
)
_ORIGINAL = re.compile(r"^(?:原标题|原题)\s*[:：]|^[（(]原题为?《")

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
class Facts:
    """What a page's lines say about it before its furniture is removed: each kind of date
    it gives (its date line, its signature, the page's publication date, a date line
    without a key), its source and the lines that say who publishes."""

    dates: dict[DateSource, str]
    source: str | None
    roles: tuple[Role, ...]


def _is_meta(line: str) -> bool:
    if len(line) > MAX_META_LEN or ENDS_SENTENCE.search(line):
        return False
    if _META_KEY.search(line) or _ASSEMBLY.search(line):
        return True
    m = shapes().date.search(line)
    return m is not None and m.start() < 30 and len(_HAN.findall(line[m.end() :])) < 20


def clean_source(value: str) -> str | None:
    """The publishing body of a 来源 line, without what follows it (dates, share bars, counters).

    >>> clean_source("辽宁日报 分享 分享到搜狐微博"), clean_source("赵晨 2021-12-30 13:57:05"), clean_source("文明风")
    ('辽宁日报', None, '文明风')
    """
    words = []
    for word in value.split():
        if _NOT_SOURCE.search(word) or not _HAN.search(word):
            break
        words.append(word)
    source = " ".join(words).strip("：: ")
    # Two characters and nothing an organisation is named with: a person (赵晨), not a body.
    if not source or (len(source) <= 2 and not _ORGAN.search(source)):
        return None
    return source


def read_facts(blocks: Sequence[Block]) -> Facts:
    """Date, source and the lines that say who publishes, from a page's normalised lines."""
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
        if _is_meta(line):
            found = parse_date(line)
            if found:
                # A keyed line (发布时间：…) dates the page; a bare date line may date either.
                dates.setdefault("published" if _META_KEY.search(line) else "text", found)
            m = _SOURCE.search(line)
            if m and source is None:
                source = clean_source(m[1])
                if source:
                    roles.append(Role(source, ROLE_WEIGHT, "source"))
            assembly = _ASSEMBLY.search(line)
            if assembly:
                roles.append(Role(assembly[1], ROLE_WEIGHT, "assembly"))
        # Owners, speakers and trails stand on short lines of their own; paragraphs are skipped.
        for m in _OWNER.finditer(line):
            owner = next(g for g in m.groups() if g)
            roles.append(Role(owner, ROLE_WEIGHT, "owner"))
        speaker = _SPEAKER.match(line)
        if speaker:
            roles.append(Role(speaker[1], ROLE_WEIGHT, "speaker"))
        if _TRAIL.search(line) and not ENDS_SENTENCE.search(line):
            parts = _TRAIL.split(line)[:3]
            roles.extend(Role(part, TRAIL_WEIGHT, "trail") for part in parts if _HAN.search(part))
        if k < BYLINE_LINES:
            roles.extend(_dateline(line))
    signed = signature_date(blocks)
    if signed:
        dates["signature"] = signed
    closing = CLOSING_BODY.search(blocks[-1].text) if blocks else None
    if closing:
        roles.append(Role(closing[1], ROLE_WEIGHT, "closing"))
    if source is None:
        # No 来源 line: the outlet of the dateline (佛山日报讯, 中乡网安徽讯 → 中乡网), else the
        # site's owner, publishes it. A dateline that names only a place (徽县讯) names no outlet.
        outlets = [m[1] for r in roles if r.kind == "dateline" and (m := _OUTLET.match(r.text))]
        owners = [r.text for r in roles if r.kind == "owner"]
        source = next(iter(outlets + owners), None)
    return Facts(dates, source, tuple(roles))


def _dateline(line: str) -> list[Role]:
    """The outlet or place a dateline opening ``line`` names (佛山日报讯 → 佛山日报), as a role."""
    m = dateline(line)
    who = m.groupdict().get("who") if m else None
    return [Role(who, ROLE_WEIGHT, "dateline")] if who and who != "本报" else []


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
    # Wrappers nest (03.02 【党旗飘扬】…): peeled until none is left.
    for _ in range(len(_WRAPPERS)):
        before = text
        for pattern in _WRAPPERS:
            m = pattern.match(text)
            if m:
                text = (m.group(1) if m.groups() and m.group(1) else text[m.end() :]).strip()
        if text == before:
            break
    return text.strip()


def _title_of(head: Sequence[Block]) -> str | None:
    """The longest head line that reads as a headline; a 原标题 wrapper only when nothing else does."""
    candidates = []
    for block in head:
        title = unwrap_title(block.text)
        if MIN_TITLE <= len(title) <= MAX_TITLE and len(_HAN.findall(title)) >= MIN_TITLE // 2:
            candidates.append((bool(_ORIGINAL.match(block.text)), -len(title), title))
    return min(candidates)[2] if candidates else None


def read_header(blocks: Sequence[Block], facts: Facts | None = None) -> Header:
    """Title of a cleaned report and its body paragraphs, with the page's ``facts``."""
    facts = facts or read_facts(blocks)
    body = [b for b in blocks if not _is_meta(b.text)]
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
