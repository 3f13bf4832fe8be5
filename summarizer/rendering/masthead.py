"""The masthead (版头) and closing block (版记) of a briefing: their fields, and the red title fitted in Word.

GB/T 9704 lays them out: the red title, ``第12期``, the body that prints the briefing on the
left and the date on the right over a red rule; at the end, between rules, ``报送：``,
``抄送：`` and the printing body with the date it was printed (``2020年5月13日印发``).
"""

from __future__ import annotations

from typing import Any

from ..options import DEFAULT_MASTHEAD, Options

EMU_PER_PT = 12700
HALF_WIDTH = 0.5
"""Latin letters and digits take about half the width of a Chinese character."""
MIN_TITLE_PT = 22
"""The red title is never set smaller than the document title (2号): a longer one wraps instead."""


def chinese_date(date: str | None) -> str:
    """A date as a Chinese office writes it, in Arabic numerals with 年月日 and no leading zeros.

    >>> chinese_date("2020-05-03"), chinese_date("2020-05"), chinese_date("2024"), chinese_date(None)
    ('2020年5月3日', '2020年5月', '2024年', '')
    """
    if not date:
        return ""
    parts = date.split("-")
    return "".join(f"{int(part)}{unit}" for part, unit in zip(parts, "年月日"))


def masthead_context(options: Options | None, date: str | None) -> dict[str, Any] | None:
    """What the templates show in the masthead and closing block; ``None`` when no masthead option is given.

    ``date`` is the briefing's (``--date`` or the newest report's), shown as ``2020年5月13日``.
    """
    if options is None or not options.headed:
        return None
    return {
        "title": options.masthead or DEFAULT_MASTHEAD,
        "issue_no": options.issue_no,
        "issue": f"第{options.issue_no}期" if options.issue_no else "",
        "org": options.org or "",
        "date": chinese_date(date),
        "send_to": options.send_to or "",
        "cc": options.cc or "",
    }


def fit_masthead(document: Any, width_pt: float) -> None:
    """Set the red title (paragraphs of the ``Masthead`` style) on one line where it can be.

    Four characters, spread, fill half the line at the style's size; a long name of a body
    (``中共某某县委组织部工作简报``) would wrap, so it is set close and its size brought down
    to the line's width, never below ``MIN_TITLE_PT`` (a longer one wraps).
    """
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    for para in document.paragraphs:
        if para.style is None or para.style.name != "Masthead" or not para.text:
            continue
        size = para.style.font.size
        if size is None:
            continue
        ems = sum(HALF_WIDTH if ord(ch) < 0x2E80 else 1 for ch in para.text)
        if ems * size.pt + _spacing_pt(para.style) * len(para.text) <= width_pt:
            continue
        fitted = Pt(max(MIN_TITLE_PT, min(size.pt, int(width_pt / ems))))
        for run in para.runs:
            run.font.size = fitted
            close = OxmlElement("w:spacing")
            close.set(qn("w:val"), "0")
            rpr = run._r.get_or_add_rPr()
            for old in rpr.findall(qn("w:spacing")):
                rpr.remove(old)
            # CT_RPr's schema order: spacing comes before the size (w:sz), as Word requires.
            sz = rpr.find(qn("w:sz"))
            sz.addprevious(close) if sz is not None else rpr.append(close)


def _spacing_pt(style: Any) -> float:
    """The style's character spacing (``w:spacing``, in twentieths of a point), in points."""
    from docx.oxml.ns import qn

    rpr = style.element.rPr
    spacing = rpr.find(qn("w:spacing")) if rpr is not None else None
    return int(spacing.get(qn("w:val"))) / 20 if spacing is not None else 0.0
