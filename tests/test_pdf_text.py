"""Text laid out for print: a real PDF (written by LibreOffice from a Word file of a report)
and the same PDF as poppler's ``pdftotext`` gives it, hard-wrapped with numbers spaced."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from summarizer import read_report
from summarizer.reading.formats import text_blocks
from summarizer.reading.normalise import join_spaced

from .conftest import DATA

PRINTED = [DATA / "bozhou_report.pdf", DATA / "bozhou_report.pdftotext.txt"]


@pytest.mark.parametrize("path", PRINTED, ids=lambda p: p.name)
def test_a_printed_report_reads_as_its_text(path: Path) -> None:
    report = read_report(path)
    assert report.region.name == "亳州市"
    assert (report.date, report.date_source) == ("2024-01-16", "dateline")
    assert report.kind == "govreport"
    assert report.title is None and report.headline == "2024年亳州市政府工作报告"
    found = {(i.name, i.kind): i.value for i in report.indicators}
    assert found[("地区生产总值", "result")] == 2215.8
    assert found[("一般公共预算收入", "result")] == 160
    text = "".join(s.text for sec in report.sections for s in sec.sentences)
    assert "2215.8亿元" in text and not re.search(r"\d [\u4e00-\u9fff]|[\u4e00-\u9fff] \d", text)


def test_lines_broken_by_the_page_are_joined() -> None:
    blocks = text_blocks((DATA / "bozhou_report.pdftotext.txt").read_text(encoding="utf-8"))
    texts = [b.text for b in blocks]
    assert "现在，我代表市人民政府，向大会报告政府工作，请予审议，并请市政协委员和其他列席人员提出意见。" in texts
    assert "一、2023 年工作回顾" in texts  # a numbered part is never run into the paragraph above
    assert blocks[texts.index("一、2023 年工作回顾")].where == 7  # a paragraph keeps its first line


def test_a_text_of_a_paragraph_a_line_is_left_as_it_is() -> None:
    text = "\n".join(["东湖镇组建党员突击队8支，转移群众300人，排查隐患12处，下拨党费5万元。"] * 12)
    assert len(text_blocks(text)) == 12


def test_spaced_characters_are_joined_but_not_names_or_a_pages_few_numbers() -> None:
    assert join_spaced("政 府 工 作 报 告") == "政府工作报告"
    assert join_spaced("县长 吴 鹏") == "县长 吴 鹏"
    page = "时间：2023-03-30 来源：政府官网\n" + "全县完成造林。" * 100
    assert join_spaced(page) == page
