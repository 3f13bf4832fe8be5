"""Which reports the briefing covers (``--since``, ``--until``, ``--regions``); the others are left out with the reason.

A report is in a period when its date falls in it; a report dated by its year alone
(``2024``, from its title) when that year overlaps the period; an undated report of a
year's results (a 政府工作报告 reviewing 2023) by the year after, as its headline gives
it. A report with no date at all is left out of any period: nothing shows it belongs
there, and its reason says so, so that the user can give it a date (``--overrides``). A report is in a place named by
``--regions`` when its region is that place or lies inside it: 河北 takes 河北省 with its
cities and counties, 银川市 its districts and counties, and a town its own reports.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from ..errors import OptionError
from ..model import Report, Skipped
from ..options import Options, day_range
from ..understanding.dates import titled_year
from ..understanding.gazetteer import parents, place_named


@dataclass(frozen=True)
class Area:
    """A place ``--regions`` names: as written, the divisions it stands for, and its town if it names one."""

    name: str
    codes: tuple[str, ...]
    town: str | None = None

    def holds(self, report: Report) -> bool:
        """Whether the report is about this place or a place inside it."""
        region = report.region
        if self.town is not None:
            return region.town == self.town and (region.code is None or region.code in self.codes)
        return region.code is not None and any(c == region.code or c in parents(region.code) for c in self.codes)


@dataclass(frozen=True)
class Scope:
    """The period (first and last day, ``YYYY-MM-DD``) and the places a briefing covers."""

    first: str | None = None
    last: str | None = None
    areas: tuple[Area, ...] = ()

    @property
    def period(self) -> str:
        """The period as the options gave it, for a reason: ``--since 2023-01-01 --until 2023-12-31``."""
        return " ".join(f"--{name} {day}" for name, day in (("since", self.first), ("until", self.last)) if day)


def scope_of(options: Options) -> Scope | None:
    """The scope the options set, or None when they set none; raises :class:`OptionError` for
    a ``--regions`` name that is no province, city, county or town."""
    if not (options.since or options.until or options.regions):
        return None
    areas = []
    for name in options.regions:
        codes, town = place_named(name)
        if not codes and town is None:
            raise OptionError(f"--regions: {name!r} is not the name of a province, city, county or town")
        areas.append(Area(name, codes, town))
    first = day_range(options.since, "since")[0]
    last = day_range(options.until, "until")[1]
    return Scope(first, last, tuple(areas))


def outside(report: Report, scope: Scope) -> str | None:
    """Why the report is outside the scope (one line, English, as skip reasons are), or None."""
    if scope.first or scope.last:
        # Undated, a report of a year's results is of the year after, as its headline says
        # (2024年晋城市政府工作报告 reviews 2023).
        year = titled_year(None, None, report.year)
        when = report.date or (str(year) if year else None)
        if not when:
            return f"undated, so not shown to be within {scope.period}"
        start, end = day_range(when)
        if scope.first and end and end < scope.first:
            return f"dated {when}, before --since {scope.first}"
        if scope.last and start and start > scope.last:
            return f"dated {when}, after --until {scope.last}"
    if scope.areas and not any(area.holds(report) for area in scope.areas):
        chosen = ",".join(area.name for area in scope.areas)
        where = "".join(dict.fromkeys(p for p in _hierarchy(report) if p))
        return f"about {where}, not in --regions {chosen}" if where else f"names no place, not in --regions {chosen}"
    return None


def _hierarchy(report: Report) -> tuple[str | None, ...]:
    r = report.region
    return (r.province, r.city, r.county, r.town) if r.code or r.town else ()


def in_scope(reports: Iterable[Report], scope: Scope | None) -> Iterator[Report | Skipped]:
    """Each report, or its :class:`Skipped` (kind ``excluded``) when it is outside the scope."""
    for report in reports:
        reason = outside(report, scope) if scope else None
        yield Skipped(report.path, reason, "excluded", report.name) if reason else report
