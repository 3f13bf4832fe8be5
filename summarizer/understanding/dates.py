"""The date a report gives for itself: its date line, its 落款, its title's year, the page's.

Shapes: ``——2024年1月16日在××市第五届人民代表大会第三次会议上``, ``（2021年2月5日在…会议上）``, a
bracketed date alone under the title, a 落款 date (``二〇二四年一月十二日``) at the end; a date
inside a sentence of the body (``2019年12月31日前完成``) is never the report's.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Literal

from ..data import compile_rule, read_toml
from ..model import Block

# The values of the Chinese digits are numeral syntax, not a shape of reports: they stay here.
_CN_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"○": 0, "零": 0}
SIGNATURE_LINES = 4
"""Lines at the end of a report in which its signature date is looked for."""
DateSource = Literal["dateline", "signature", "title", "published", "text", "override"]


@dataclass(frozen=True)
class Shapes:
    """The date shapes of ``data/dates.toml``, compiled (each key's groups are described there)."""

    date: re.Pattern[str]
    cn_date: re.Pattern[str]
    meeting_line: re.Pattern[str]
    signature: re.Pattern[str]
    title_year: re.Pattern[str]


@cache
def shapes() -> Shapes:
    """The shapes of ``data/dates.toml``, compiled on first use and kept."""
    d = read_toml("dates.toml")
    keys = ("date", "cn_date", "meeting_line", "signature", "title_year")
    return Shapes(*(compile_rule("dates.toml", k, d[k].replace("{date}", d["date_text"])) for k in keys))


def parse_date(text: str) -> str | None:
    """ISO date of the first valid ``2020年3月5日``/``2020-3-5``/``2020/2/3`` in ``text``, else None.

    >>> parse_date("发布时间：2020年3月5日 13:47"), parse_date("发布时间:2020/2/3 11:20:46")
    ('2020-03-05', '2020-02-03')
    """
    for m in shapes().date.finditer(text):
        month, day = (m[2], m[3]) if m[2] else (m[5], m[6])
        try:
            return _dt.date(int(m[1]), int(month), int(day)).isoformat()
        except ValueError:
            continue
    return None


def _cn_date(text: str) -> str | None:
    """ISO date of ``二〇二四年一月十二日``."""
    m = shapes().cn_date.search(text)
    if not m:
        return None
    year = int("".join(str(_CN_DIGITS[c]) for c in m[1]))

    def small(t: str) -> int:  # 一 … 三十一
        tens, _, ones = t.rpartition("十")
        return (_CN_DIGITS.get(tens, 1) * 10 if "十" in t else 0) + (_CN_DIGITS[ones] if ones else 0)

    try:
        return _dt.date(year, small(m[2]), small(m[3])).isoformat()
    except ValueError:
        return None


def own_date(line: str) -> str | None:
    """The date of a line that dates the report itself (——2024年1月16日在…会议上, （2024年1月12日））.

    >>> own_date("——2024年1月16日在亳州市第五届人民代表大会第三次会议上")
    '2024-01-16'
    >>> own_date("（二〇二一年二月五日）"), own_date("2019年12月31日前完成改造。")
    ('2021-02-05', None)
    """
    m = shapes().meeting_line.search(line)
    return (parse_date(m[1]) or _cn_date(m[1])) if m else None


def signature_date(blocks: Sequence[Block]) -> str | None:
    """The 落款 date: a line of its own among the last ``SIGNATURE_LINES``, the last one first."""
    signature = shapes().signature
    for block in reversed(blocks[-SIGNATURE_LINES:]):
        m = signature.match(block.text.strip())
        if m:
            found = parse_date(m[1]) or _cn_date(m[1])
            if found:
                return found
    return None


def titled_year(date: str | None, date_source: DateSource | None, reviewed: int | None) -> int | None:
    """The year a report is of as its title would give it: the year it dates itself in, else
    the year after the one it reviews (一、2023年工作回顾 is read in 2024), never the page's."""
    if date and date_source in ("dateline", "signature", "title", "override"):
        return int(date[:4])
    return reviewed + 1 if reviewed else None


def report_date(dates: dict[DateSource, str], title: str | None) -> tuple[str | None, DateSource | None]:
    """The date a report gives for itself, and where it was read: its date line, its
    signature, the year its title names (``2022``), the page's publication date, a date
    line of the page; never a date in a sentence of its body."""
    for kind in ("dateline", "signature"):
        if kind in dates:
            return dates[kind], kind
    years = shapes().title_year.findall(title or "")
    page_kinds: tuple[DateSource, ...] = ("published", "text")
    page = next(((dates[k], k) for k in page_kinds if k in dates), None)
    # A title's year (2022年…计划执行情况与2023年…草案) is the latest it names; a page date in
    # that year says the same, to the day.
    if years and not (page and page[0][:4] == max(years)):
        return max(years), "title"
    if page:
        return page
    return None, None
