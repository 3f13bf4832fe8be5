"""The briefing as its templates see it: one context of display strings, built once per run.

Both the Markdown and the Word template read this context, so they cannot drift apart,
and ``--script traditional`` converts what they render through one converter.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from functools import cached_property, partial
from pathlib import PurePath
from typing import Any

from ..model import Digest, Figure, Region, Section
from ..numerals import chinese_number
from ..options import Script

KEY_FIGURES = 12
"""At most this many figures listed under a region."""


def format_value(value: float, unit: str, approx: str | None = None) -> str:
    """``292000, 元`` → ``29.2万元``; ``1500, 名, 余`` → ``1500余名``; ``97.7, %`` → ``97.7%``.

    Money is always in 万元, the unit briefings compare in.

    >>> format_value(292000, "元"), format_value(1500, "名", "余")
    ('29.2万元', '1500余名')
    """
    if unit == "元":
        number = f"{value / 10000:.4f}".rstrip("0").rstrip(".")
        unit = "万元"
    else:
        number = f"{value:g}" if isinstance(value, float) else str(value)
    if approx in ("余", "多", "上"):
        return f"{number}{'以上' if approx == '上' else approx}{unit}"
    return f"{approx_prefix(approx)}{number}{unit}"


def approx_prefix(approx: str | None) -> str:
    """The approximation words written before a number (近 约 超 逾); 余 and 多 go after it."""
    return {"近": "近", "约": "约", "超": "超", "逾": "逾"}.get(approx or "", "")


def figure_text(fig: Figure) -> str:
    """``党费 29.2万元``: what a table cell or a figure list shows."""
    return f"{fig.label} {format_value(fig.value, fig.unit, fig.approx)}"


def shown_sections(sections: tuple[Section, ...]) -> list[Section]:
    """Sections a region part shows: those with key sentences, and the headings above them.

    A heading whose text all sits in its sub-sections (新海镇's 组织发动到位…) has no key
    sentences of its own; dropping it would leave its sub-headings without their parent.
    """
    shown = []
    for i, sec in enumerate(sections):
        below = itertools.takewhile(partial(_deeper, than=sec.level), sections[i + 1 :])
        if sec.key_sentences or (sec.heading and any(s.key_sentences for s in below)):
            shown.append(sec)
    return shown


def _deeper(section: Section, than: int) -> bool:
    return section.level > than


def key_figures(figures: tuple[Figure, ...]) -> list[Figure]:
    """The figures a region section lists: those in a comparison category first, at most
    ``KEY_FIGURES``, shown in the report's order."""
    ranked = sorted(range(len(figures)), key=lambda i: (figures[i].category is None, i))[:KEY_FIGURES]
    return [figures[i] for i in sorted(ranked)]


def place(region: Region) -> str:
    """``内蒙古自治区巴彦淖尔市乌拉特前旗``: the full hierarchy, a municipality named once."""
    parts = [region.province, region.city, region.county, region.town]
    return "".join(dict.fromkeys(p for p in parts if p))


def briefing_context(digest: Digest) -> dict[str, Any]:
    """Everything the Markdown and Word templates show, as plain strings and lists."""
    dates = digest.date_range
    provinces = {r.region.province for r in digest.reports if r.region.province}
    regions = []
    for i, report in enumerate(digest.reports, 1):
        regions.append(
            {
                "number": f"（{chinese_number(i)}）",
                "label": report.label,
                "place": place(report.region),
                "title": report.title or report.headline or PurePath(report.path).name,
                "source": report.source or "",
                "date": report.date or "",
                "summary": [s.text for s in report.summary],
                "keywords": list(report.keywords[:8]),
                "sections": [
                    {
                        "heading": sec.heading or "",
                        "level": sec.level,
                        "key_sentences": [s.text for s in sec.key_sentences],
                    }
                    for sec in shown_sections(report.sections)
                ],
                "figures": [figure_text(f) for f in key_figures(report.figures)],
            }
        )
    return {
        "title": digest.title or "简报",
        "stats": {
            "reports": len(digest.reports),
            "regions": len(digest.columns),
            "provinces": len(provinces),
            "skipped": len(digest.skipped),
            "date_from": dates[0] if dates else "",
            "date_to": dates[1] if dates else "",
        },
        "overview": [asdict(p) for p in digest.overview],
        "themes": [{"term": t.term, "kind": t.kind, "regions": list(t.regions)} for t in digest.themes],
        "table": {
            "columns": list(digest.columns),
            "rows": [
                {"category": row.category, "cells": ["；".join(figure_text(f) for f in cell) for cell in row.cells]}
                for row in digest.comparison
            ],
        },
        "regions": regions,
        "sources": [
            {
                "path": PurePath(r.path).name,
                "title": r.title or "（无标题）",
                "source": r.source or "",
                "date": r.date or "",
                "script": "繁体" if r.script == "traditional" else "简体",
                "note": f"{r.replaced} 个字符无法解码，以“\ufffd”标出" if r.replaced else "",
            }
            for r in sorted(digest.reports, key=lambda r: r.path)
        ],
        "skipped": [{"path": PurePath(s.path).name, "reason": s.reason} for s in digest.skipped],
    }


_LINE_BREAKS = re.compile(r"[\r\n\t\v\f\x85\u2028\u2029]+")
_MARKDOWN_SYNTAX = re.compile(r"([\\`*_\[\]<|])")
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def markdown_text(text: str) -> str:
    r"""Report text made inert in Markdown: one line, with the characters that would start a
    link, an HTML tag, emphasis, code or a table cell backslash-escaped.

    Report text comes from web pages and strangers' files; a briefing goes into e-mails and
    previewers, which must show ``<script>`` and ``[x](javascript:…)`` as text.

    >>> markdown_text("R&D <b>x</b> [a](javascript:alert(1)) | 第二行\n")
    'R&D \\<b>x\\</b> \\[a\\](javascript:alert(1)) \\| 第二行 '
    """
    return _MARKDOWN_SYNTAX.sub(r"\\\1", _NOT_XML.sub("", _LINE_BREAKS.sub(" ", text)))


def word_text(text: str) -> str:
    r"""Report text Word can hold: one line, without the characters XML 1.0 forbids (the
    template escapes ``&`` and ``<`` itself).

    >>> word_text("A&B\x01\n第二行")
    'A&B 第二行'
    """
    return _NOT_XML.sub("", _LINE_BREAKS.sub(" ", text))


def map_strings(value: Any, change: Callable[[str], str]) -> Any:
    """A copy of a context with ``change`` applied to every string in it."""
    if isinstance(value, str):
        return change(value)
    if isinstance(value, dict):
        return {k: map_strings(v, change) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [map_strings(v, change) for v in value]
    return value


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
    def of(cls, digest: Digest, script: Script = "simplified") -> Briefing:
        """The briefing of a digest; built once, read by every template of the run."""
        briefing = cls(briefing_context(digest), script)
        if script == "traditional":
            for row in (*briefing.context["sources"], *briefing.context["skipped"]):
                briefing.paths.append(row["path"])
                row["path"] = f"⟦{len(briefing.paths) - 1}⟧"
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
        from ..normalise import converter

        out = converter("s2t").convert(text)
        for i, path in enumerate(self.paths):
            out = out.replace(f"⟦{i}⟧", path)
        return out
