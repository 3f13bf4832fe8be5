"""The briefing as its templates see it: one context of display strings, built once per run.

Both the Markdown and the Word template read this context, so they cannot drift apart,
and ``--script traditional`` converts what they render through one converter.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from ..model import Digest, Figure, Indicator, Region, Report, WhereUnit
from ..options import Options, Script
from ..reading.walk import COPY_OF
from ..understanding.indicators import short_name
from ..understanding.numerals import chinese_number
from .escape import map_strings, markdown_text, word_text
from .masthead import masthead_context
from .reasons import shown_name, skip_reason


def format_value(value: float, unit: str, approx: str | None = None) -> str:
    """A figure as a briefing writes it: large numbers in 万 and 亿, money from 万元 up.

    Money is rounded to two decimals of 万元 or 亿元, the units briefings compare in;
    other counts are put in 万 or 亿 only where that loses nothing (30000余份 → 3万余份,
    but 104326人 stays). 余 and 多 follow the number and its 万, 以上 the unit.

    >>> format_value(292000, "元"), format_value(1500, "名", "余"), format_value(30000, "份", "余")
    ('29.2万元', '1500余名', '3万余份')
    >>> format_value(131.8e8, "元"), format_value(11000, "元", "多"), format_value(3e10, "元", "上")
    ('131.8亿元', '1.1万多元', '300亿元以上')
    >>> format_value(2e7, "元", "余")
    '2000余万元'
    """
    magnitude = ""
    for size, name in ((1e8, "亿"), (1e4, "万")):
        exact = abs(value / size * 100 - round(value / size * 100)) < 1e-6
        if abs(value) >= size and (unit == "元" or exact):
            value, magnitude = value / size, name
            break
    if magnitude:
        number = f"{value:.2f}".rstrip("0").rstrip(".")
    elif isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        number = str(int(value))
    else:
        number = f"{value:g}" if isinstance(value, float) else str(value)
    if approx in ("余", "多"):
        # 3万余份, but 2000余万元: 余 follows the place it leaves open.
        if magnitude and value >= 10 and float(value).is_integer():
            return f"{number}{approx}{magnitude}{unit}"
        return f"{number}{magnitude}{approx}{unit}"
    if approx == "上":
        return f"{number}{magnitude}{unit}以上"
    return f"{approx_prefix(approx)}{number}{magnitude}{unit}"


def approx_prefix(approx: str | None) -> str:
    """The approximation words written before a number (近 约 超 逾); 余 and 多 go after it."""
    return {"近": "近", "约": "约", "超": "超", "逾": "逾"}.get(approx or "", "")


def figure_text(fig: Figure, category: str | None = None) -> str:
    """``党费 29.2万元``: what a figure list shows; the label is left out in a table cell
    whose category says it already (``临时党支部`` → ``5个``)."""
    value = format_value(fig.value, fig.unit, fig.approx)
    return value if fig.label == category else f"{fig.label} {value}"


UNIT_NAMES = {"line": "行", "paragraph": "段", "page": "页"}
HANDFUL = 5
"""Up to this many regions the comparison table has a column per region; beyond, a row per
region, so that it never grows wider than the page."""
TABLE_CATEGORIES = 3
"""Categories per table when regions are rows: four columns fit an A4 page in Word."""
GROUPED_CHARS = 300
"""A shorter summary reads as one paragraph; headings would only break it up (``--length long``
gives a report's part its section headings)."""


def cite(where: int, unit: WhereUnit, label: str = "") -> str:
    """``〔通渭县 第12行〕``: where a sentence or figure stands in its file.

    >>> cite(12, "line", "通渭县"), cite(3, "page")
    ('〔通渭县 第12行〕', '〔第3页〕')
    """
    return f"〔{label + ' ' if label else ''}第{where}{UNIT_NAMES[unit]}〕"


def paragraphs(report: Report, cited: bool) -> list[dict[str, Any]]:
    """A report's summary as the briefing shows it: one paragraph, or, when it is long
    (``GROUPED_CHARS``) and spans several headed sections, a paragraph under each heading."""
    section_of = {s.index: sec for sec in report.sections for s in sec.sentences}
    headed = {id(section_of[s.index]) for s in report.summary if section_of[s.index].heading}
    grouped = sum(len(s.text) for s in report.summary) >= GROUPED_CHARS and len(headed) >= 2
    out: list[dict[str, Any]] = []
    for s in report.summary:
        sec = section_of[s.index]
        heading = (sec.heading or "") if grouped else ""
        if not out or out[-1]["heading"] != heading:
            out.append({"heading": heading, "level": sec.level if grouped else 0, "sentences": []})
        out[-1]["sentences"].append({"text": s.text, "cite": cite(s.where, report.unit) if cited else ""})
    return out


def _cell(figures: tuple[Figure, ...], category: str) -> str:
    return "；".join(figure_text(f, category) for f in figures)


def comparison_tables(digest: Digest) -> list[dict[str, Any]]:
    """The comparison as tables of plain strings, each ``{"header": [...], "rows": [[...]]}``.

    A column per region up to ``HANDFUL`` regions; beyond, a row per region and the
    categories split ``TABLE_CATEGORIES`` to a table, each table listing only the regions
    that report one of its categories.
    """
    rows = digest.comparison
    if not rows:
        return []
    regions = digest.columns
    if len(regions) <= HANDFUL:
        body = [[row.category, *(_cell(cell, row.category) for cell in row.cells)] for row in rows]
        return [{"header": ["类别", *regions], "rows": body}]
    tables = []
    for start in range(0, len(rows), TABLE_CATEGORIES):
        group = rows[start : start + TABLE_CATEGORIES]
        body = []
        for j, region in enumerate(regions):
            cells = [_cell(row.cells[j], row.category) for row in group]
            if any(cells):
                body.append([region, *cells])
        tables.append({"header": ["地区", *(row.category for row in group)], "rows": body})
    return tables


INDICATOR_COLUMNS = 5
"""Indicator columns per 主要指标 table, beside region and year: seven columns fit A4 in Word."""


def indicator_text(ind: Indicator) -> str:
    """``971.3亿元``, ``8%左右``, ``6%～6.5%``: an indicator's value as the report writes it."""

    def number(x: float) -> str:
        return str(int(x)) if x.is_integer() else f"{x:g}"

    upper = "" if ind.high is None else f"～{number(ind.high)}{ind.unit}"
    return f"{number(ind.value)}{ind.unit}{upper}{ind.approx or ''}"


def indicator_tables(digest: Digest) -> list[dict[str, Any]]:
    """The 主要指标 tables: a row per region stating indicators, with the year of its results
    or of its targets (the next); a column per
    shared indicator, results then targets, at most ``INDICATOR_COLUMNS`` a table; ``—`` for
    a missing cell."""
    tables = []
    for kind, caption in (("result", "主要指标完成情况"), ("target", "主要预期目标")):
        columns = [name for name, k in digest.indicator_columns if k == kind]
        for start in range(0, len(columns), INDICATOR_COLUMNS):
            group = columns[start : start + INDICATOR_COLUMNS]
            rows = []
            for report in digest.reports:
                stated = {i.name: i for i in report.indicators if i.kind == kind}
                cells = [indicator_text(stated[name]) if name in stated else "—" for name in group]
                if any(c != "—" for c in cells):
                    year = (report.year + (kind == "target")) if report.year else None
                    rows.append([report.label, f"{year}年" if year else "—", *cells])
            if rows:
                more = "（续）" if start else ""
                header = ["地区", "年份", *(short_name(n) for n in group)]
                tables.append({"caption": caption + more, "header": header, "rows": rows})
    return tables


def place(region: Region) -> str:
    """``内蒙古自治区巴彦淖尔市乌拉特前旗``: the full hierarchy, a municipality named once."""
    parts = [region.province, region.city, region.county, region.town]
    return "".join(dict.fromkeys(p for p in parts if p))


OVERRIDDEN = {"region": "地区", "title": "标题", "date": "日期"}


def source_note(report: Report) -> str:
    """The 来源 list's note on a report: characters that could not be decoded, fields the user corrected."""
    notes = []
    if report.replaced:
        notes.append(f"{report.replaced} 个字符无法解码，以“\ufffd”标出")
    if report.overridden:
        notes.append("已按更正文件修改" + "、".join(OVERRIDDEN[name] for name in report.overridden))
    return "；".join(notes)


def briefing_date(digest: Digest, date: str | None = None) -> str | None:
    """The given date, else the newest full report date (a report dated by its title's year
    alone gives no day), else the newest year; never the clock."""
    dates = [r.date for r in digest.reports if r.date]
    return date or max((d for d in dates if len(d) == 10), default=None) or max(dates, default=None)


def briefing_context(
    digest: Digest, *, cited: bool = False, options: Options | None = None, date: str | None = None
) -> dict[str, Any]:
    """Everything the Markdown and Word templates show, as plain strings and lists.

    With ``cited``, every key sentence, overview line and figure carries where it stands
    in its file (``〔第12行〕``), and each report's part names its file. ``masthead`` is
    ``None`` unless ``options`` ask for one (``--masthead``, ``--issue-no``, ``--org``,
    ``--send-to``, ``--cc``); it is dated ``date``, else by :func:`briefing_date`.
    """
    dates = digest.date_range
    provinces = {r.region.province for r in digest.reports if r.region.province}
    regions = []
    for i, report in enumerate(digest.reports, 1):
        name = shown_name(report)
        regions.append(
            {
                "number": f"（{chinese_number(i)}）",
                "label": report.label,
                "place": place(report.region),
                "title": report.title or report.headline or name,
                "source": report.source or "",
                "date": report.date or "",
                "file": name if cited else "",
                "paragraphs": paragraphs(report, cited),
                "figures": [figure_text(f) + (cite(f.where, report.unit) if cited else "") for f in report.key_figures],
            }
        )
    return {
        "masthead": masthead_context(options, briefing_date(digest, date)),
        "title": digest.title or "简报",
        "stats": {
            "reports": len(digest.reports),
            "regions": len(digest.columns),
            "provinces": len(provinces),
            "skipped": len(digest.skipped),
            "date_from": dates[0] if dates else "",
            "date_to": dates[1] if dates else "",
        },
        "overview": [
            {"region": p.region, "text": p.text, "cite": cite(p.where, p.unit, p.region) if cited else ""}
            for p in digest.overview
        ],
        "themes": [{"term": t.term, "kind": t.kind, "regions": list(t.regions)} for t in digest.themes],
        "tables": comparison_tables(digest),
        "indicator_tables": indicator_tables(digest),
        "regions": regions,
        "sources": [
            {
                "path": shown_name(r),
                # A report without a title of its own shows the one made for it, marked as made.
                "title": r.title or (f"{r.headline}（拟）" if r.headline else "（无标题）"),
                "source": r.source or "",
                "date": r.date or "",
                "script": "繁体" if r.script == "traditional" else "简体",
                "note": source_note(r),
            }
            for r in sorted(digest.reports, key=lambda r: r.path)
        ],
        "skipped": [
            {
                "path": shown_name(s),
                "reason": reason,
                "code": code,
                "same_as": s.reason.removeprefix(COPY_OF) if s.kind == "duplicate" else "",
            }
            for s in digest.skipped
            for code, reason in [skip_reason(s)]
        ],
    }


@dataclass
class Briefing:
    """The context of one run and the script its rendered text is shown in.

    In Traditional script the whole rendered output goes through OpenCC s2t, template text
    included, except file names, which are swapped for placeholders first because a file
    name has to stay the name of the file.
    """

    context: dict[str, Any]
    script: Script = "simplified"
    paths: list[str] = field(default_factory=list)

    @classmethod
    def of(
        cls,
        digest: Digest,
        script: Script = "simplified",
        *,
        cited: bool = False,
        options: Options | None = None,
        date: str | None = None,
    ) -> Briefing:
        """The briefing of a digest; built once, read by every template of the run."""
        briefing = cls(briefing_context(digest, cited=cited, options=options, date=date), script)
        if script == "traditional":
            for row in (*briefing.context["sources"], *briefing.context["skipped"], *briefing.context["regions"]):
                key = "file" if "file" in row else "path"
                if row[key]:
                    briefing.paths.append(row[key])
                    row[key] = f"⟦{len(briefing.paths) - 1}⟧"
            for row in briefing.context["skipped"]:
                if row["same_as"]:  # 与 a/报告.txt 内容相同: the name in the reason stays as written too
                    briefing.paths.append(row["same_as"])
                    row["reason"] = row["reason"].replace(row["same_as"], f"⟦{len(briefing.paths) - 1}⟧")
        return briefing

    @cached_property
    def markdown(self) -> dict[str, Any]:
        """The context with every string made inert in Markdown (:func:`markdown_text`)."""
        return map_strings(self.context, markdown_text)  # type: ignore[no-any-return]

    @cached_property
    def word(self) -> dict[str, Any]:
        """The context with every string made fit for Word's XML (:func:`word_text`)."""
        return map_strings(self.context, word_text)  # type: ignore[no-any-return]

    def convert(self, text: str) -> str:
        """Rendered text in the briefing's script, file names put back."""
        if self.script != "traditional":
            return text
        from ..reading.normalise import converter

        out = converter("s2t").convert(text)
        for i, path in enumerate(self.paths):
            out = out.replace(f"⟦{i}⟧", path)
        return out
