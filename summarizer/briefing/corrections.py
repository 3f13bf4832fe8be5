"""Corrections a user makes to what was read (``--overrides FILE.csv``): region, title, date, or skip a file.

The file is CSV in UTF-8 (with or without a byte-order mark) or GBK, as Excel saves it
in a Chinese office, with the header ``file,region,title,date,skip`` (any order; only
``file`` is required). ``file`` names a file as the briefing's 来源 does (``a/r.txt``); an
empty cell leaves that field as read. Every value is checked before a report is read, and
each error names the file and line. A correction is applied to the report as analysed,
before the digest is made, so grouping, order, tables, Markdown, Word and JSON all follow.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from ..errors import OptionError
from ..model import Region, Report, Skipped
from ..understanding.dates import titled_year
from ..understanding.gazetteer import place_named
from ..understanding.kinds import document_name
from ..understanding.metadata import make_headline
from ..understanding.region import region_of

COLUMNS = ("file", "region", "title", "date", "skip")
YES = frozenset({"1", "y", "yes", "true", "x", "是", "跳过"})
NO = frozenset({"", "0", "n", "no", "false", "否"})
MAX_TITLE = 200
"""Characters of a title: a briefing's heading is one line."""


@dataclass(frozen=True)
class Correction:
    """One line of the corrections file: what to set for ``file`` (None: leave as read)."""

    file: str
    line: int
    region: Region | None = None
    title: str | None = None
    date: str | None = None
    skip: bool = False


@dataclass(frozen=True)
class Corrections:
    """The corrections file read and checked: its name (for messages) and its lines by file."""

    source: str
    by_file: Mapping[str, Correction]

    def check(self, names: Collection[str]) -> None:
        """Raise :class:`OptionError` for the first line naming a file that is not among ``names``."""
        for c in sorted(self.by_file.values(), key=lambda c: c.line):
            if c.file not in names:
                raise OptionError(
                    f"{self.source}:{c.line}: unknown file {c.file!r}: name it as the briefing's 来源 does"
                    f" (its path inside the folder given), one of {len(names)} files found"
                )

    def apply(self, reports: Iterable[Report]) -> Iterator[Report | Skipped]:
        """Each report corrected, or its :class:`Skipped` (kind ``excluded``) where the file says skip."""
        for report in reports:
            c = self.by_file.get(report.name)
            if c is None:
                yield report
            elif c.skip:
                where = Path(self.source).name
                yield Skipped(report.path, f"skipped by {where} line {c.line}", "excluded", report.name)
            else:
                yield corrected(report, c)


def corrected(report: Report, c: Correction) -> Report:
    """The report with the corrections' fields set and marked in ``overridden``; a headline the
    tool made (the report had no title) is made again from the corrected place and year."""
    overridden = tuple(
        name for name, value in (("region", c.region), ("title", c.title), ("date", c.date)) if value is not None
    )
    if not overridden:
        return report
    fixed = replace(
        report,
        region=c.region or report.region,
        title=c.title or report.title,
        date=c.date or report.date,
        date_source="override" if c.date else report.date_source,
        overridden=overridden,
    )
    if fixed.headline and not report.title and (c.region or c.date):
        year = titled_year(fixed.date, fixed.date_source, fixed.year)  # type: ignore[arg-type]
        headline = make_headline(fixed.region, fixed.keyphrases, document_name(fixed.kind), year)
        fixed = replace(fixed, headline=headline)
    return fixed


def read_corrections(path: str | Path) -> Corrections:
    """Read and check a corrections file; raises :class:`OptionError` naming the file and line."""
    source = str(path)
    try:
        data = Path(path).read_bytes()
    except OSError as err:
        raise OptionError(f"{source}: cannot read the corrections file ({err.strerror or err})") from err
    text = _decode(data, source)
    rows = csv.reader(io.StringIO(text, newline=""))
    by_file: dict[str, Correction] = {}
    header: list[str] | None = None
    try:
        for row in rows:
            line = rows.line_num
            if not any(cell.strip() for cell in row):
                continue
            if header is None:
                header = _header(row, source, line)
                continue
            if len(row) > len(header):
                raise OptionError(f"{source}:{line}: {len(row)} cells where the header has {len(header)} columns")
            c = _correction(dict(zip(header, row)), source, line)
            if c.file in by_file:
                raise OptionError(f"{source}:{line}: {c.file!r} is corrected on line {by_file[c.file].line} already")
            by_file[c.file] = c
    except csv.Error as err:
        raise OptionError(f"{source}:{rows.line_num}: not valid CSV ({err})") from err
    if header is None:
        raise OptionError(f"{source}: empty; the first line is the header {','.join(COLUMNS)}")
    return Corrections(source, by_file)


def _decode(data: bytes, source: str) -> str:
    # Excel saves CSV as UTF-8 with a byte-order mark or in the system's code page (GBK in a
    # Chinese office); GB18030 reads GBK and more.
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise OptionError(f"{source}: not UTF-8 or GBK text; save the corrections file as CSV (UTF-8)")


def _header(row: list[str], source: str, line: int) -> list[str]:
    header = [cell.strip().lower() for cell in row]
    for name in header:
        if name not in COLUMNS:
            raise OptionError(f"{source}:{line}: unknown column {name!r}; the header is {','.join(COLUMNS)}")
    if "file" not in header:
        raise OptionError(f"{source}:{line}: no 'file' column; the header is {','.join(COLUMNS)}")
    if len(set(header)) < len(header):
        raise OptionError(f"{source}:{line}: a column is named twice; the header is {','.join(COLUMNS)}")
    return header


def _correction(cells: dict[str, str], source: str, line: int) -> Correction:
    def value(name: str) -> str:
        return (cells.get(name) or "").strip()

    def bad(why: str) -> OptionError:
        return OptionError(f"{source}:{line}: {why}")

    file = value("file").replace("\\", "/").removeprefix("./")
    if not file:
        raise bad("no file name in the 'file' column")
    title = value("title") or None
    if title and (len(title) > MAX_TITLE or any(ch in title for ch in "\r\n\x00")):
        raise bad(f"title must be one line of at most {MAX_TITLE} characters")
    skip = value("skip").lower()
    if skip not in YES | NO:
        raise bad(f"skip {value('skip')!r} is neither yes (1, yes, 是) nor no (empty, 0, no, 否)")
    return Correction(file, line, _region(value("region"), bad), title, _date(value("date"), bad), skip in YES)


def _above(region: Region) -> tuple[str | None, ...]:
    return region.province, region.city, region.county


def _date(text: str, bad: Callable[[str], OptionError]) -> str | None:
    if not text:
        return None
    try:
        if len(text) == 4 and text.isdigit():
            return text  # a year alone, as a report dated by its title's year has
        if len(text) == 10 and dt.date.fromisoformat(text).isoformat() == text:
            return text
    except ValueError:
        pass
    raise bad(f"date {text!r} is not a date: write YYYY-MM-DD (or YYYY)")


def _region(text: str, bad: Callable[[str], OptionError]) -> Region | None:
    if not text:
        return None
    codes, town = place_named(text)
    if not codes and town is None:
        raise bad(f"region {text!r} is not the name of a province, city, county or town")
    if len(codes) > 1:
        places = "、".join("".join(dict.fromkeys(p for p in _above(region_of(c)) if p)) for c in codes)
        raise bad(f"region {text!r} names several places ({places}); write the province or city before it")
    return region_of(codes[0] if codes else None, town)
