"""The masthead (版头) and closing block (版记): options, Markdown, Word, a user's template, and the
printed pages (LibreOffice to PDF, where it is installed)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import docx
import pytest
from click.testing import CliRunner
from docx.oxml.ns import qn

from summarizer import OptionError, Options, render_markdown, summarize, write_outputs
from summarizer.cli import main
from summarizer.rendering import briefing_context

from .conftest import SEEDS

STEM = "briefing-2020-05-13"
HEADED = Options(masthead="工作简报", issue_no=12, org="中共某某市委组织部", send_to="省委组织部", cc="各县区委组织部")
ARGS = ["--masthead", "--issue-no", "12", "--org", "中共某某市委组织部", "--send-to", "省委组织部"]


@pytest.fixture(scope="module")
def digest() -> Any:
    return summarize([SEEDS])


@pytest.fixture(scope="module")
def headed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seeds' briefing made as the issue's check asks: --masthead --issue-no 12 --org … --send-to …."""
    out = tmp_path_factory.mktemp("headed")
    result = CliRunner().invoke(main, [str(SEEDS), *ARGS, "--docx", "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out


def test_no_masthead_option_no_masthead(digest: Any) -> None:
    assert briefing_context(digest)["masthead"] is None
    assert render_markdown(digest, options=Options()) == render_markdown(digest)
    assert not Options().headed and Options(cc="各乡镇").headed


def test_any_masthead_option_gives_the_default_title_and_the_briefing_date(digest: Any) -> None:
    head = briefing_context(digest, options=Options(issue_no=3))["masthead"]
    assert head["title"] == "工作简报" and head["issue"] == "第3期" and head["date"] == "2020年5月13日"
    dated = briefing_context(digest, options=Options(org="办公室"), date="2021-01-02")
    assert dated["masthead"]["date"] == "2021年1月2日"


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"issue_no": 0}, "issue number"),
        ({"issue_no": "12"}, "issue number"),
        ({"org": "  "}, "--org is empty"),
        ({"send_to": "甲\n乙"}, "--send-to must be one line"),
    ],
)
def test_bad_masthead_options_are_refused(fields: dict[str, Any], message: str) -> None:
    with pytest.raises(OptionError, match=message):
        Options(**fields)


def test_markdown_opens_with_the_masthead_and_ends_with_the_closing_block(digest: Any) -> None:
    md = render_markdown(digest, options=HEADED)
    lines = [line for line in md.splitlines() if line]
    assert lines[1:5] == ["# 工作简报", "第12期", "中共某某市委组织部　　2020年5月13日", "---"]
    assert lines[5] == "# 疫情防控工作跨地区简报"
    closing = ["报送：省委组织部", "抄送：各县区委组织部", "中共某某市委组织部　　2020年5月13日印发"]
    assert lines[-5:] == ["---", *closing, "---"]


def test_the_masthead_is_text_the_markdown_cannot_misread(digest: Any) -> None:
    md = render_markdown(digest, options=Options(masthead="*督查*专报", org="<b>办公室</b>"))
    assert "# \\*督查\\*专报" in md and "\\<b>办公室\\</b>" in md


def test_word_masthead_red_title_issue_and_rule(headed: Path) -> None:
    doc = docx.Document(str(headed / f"{STEM}.docx"))
    first, issue, line, title = doc.paragraphs[:4]
    assert first.text == "工作简报" and first.style.name == "Masthead"
    assert str(first.style.font.color.rgb) == "FF0000"
    assert issue.text == "第12期"
    assert line.text == "中共某某市委组织部\t2020年5月13日"
    rule = line._p.pPr.find(qn("w:pBdr")).find(qn("w:bottom"))
    assert rule.get(qn("w:color")) == "FF0000" and int(rule.get(qn("w:sz"))) >= 12
    assert title.style.name == "Title"


def test_word_closing_block_floats_at_the_foot_of_the_last_page(headed: Path) -> None:
    doc = docx.Document(str(headed / f"{STEM}.docx"))
    closing = doc.tables[-1]
    lines = [c.text for row in closing.rows for c in row.cells]
    assert lines == ["报送：省委组织部", "中共某某市委组织部\t2020年5月13日印发"]
    place = closing._tbl.tblPr.find(qn("w:tblpPr"))
    assert place.get(qn("w:tblpYSpec")) == "bottom" and place.get(qn("w:vertAnchor")) == "margin"
    edges = closing._tbl.tblPr.find(qn("w:tblBorders"))
    widths = {edge: int(edges.find(qn(f"w:{edge}")).get(qn("w:sz"))) for edge in ("top", "insideH", "bottom")}
    assert widths["top"] == widths["bottom"] > widths["insideH"]  # GB/T 9704: thick first and last rules
    assert doc.element.body[-2].tag == qn("w:p")  # the paragraph it is anchored to


def test_word_without_masthead_options_has_neither_part(tmp_path: Path, digest: Any) -> None:
    doc = docx.Document(str(write_outputs(digest, tmp_path, ["docx"])[0]))
    assert doc.paragraphs[0].style.name == "Title"
    assert not any(p.style.name in ("Masthead", "Masthead Text") for p in doc.paragraphs)
    assert "报送" not in "".join(c.text for t in doc.tables for row in t.rows for c in row.cells)


def test_a_long_masthead_is_set_on_one_line(tmp_path: Path, digest: Any) -> None:
    name = "中共甘肃省定西市通渭县委组织部工作简报"
    doc = docx.Document(str(write_outputs(digest, tmp_path, ["docx"], options=Options(masthead=name))[0]))
    head = doc.paragraphs[0]
    section = doc.sections[0]
    width = docx.shared.Length(section.page_width - section.left_margin - section.right_margin).pt
    sizes = {run.font.size.pt for run in head.runs}
    assert len(sizes) == 1
    size = sizes.pop()
    assert 22 <= size < 42 and size * len(name) <= width
    assert all(run._r.rPr.find(qn("w:spacing")).get(qn("w:val")) == "0" for run in head.runs)


def test_traditional_script_masthead(tmp_path: Path, digest: Any) -> None:
    written = write_outputs(digest, tmp_path, ["md", "docx"], script="traditional", options=HEADED)
    assert "# 工作簡報" in written[0].read_text(encoding="utf-8")
    doc = docx.Document(str(written[1]))
    assert doc.paragraphs[0].text == "工作簡報"
    assert "抄送：各縣區委組織部" in [c.text for row in doc.tables[-1].rows for c in row.cells]


def test_a_users_word_template_gets_the_same_fields(tmp_path: Path, digest: Any) -> None:
    template = docx.Document()
    template.add_paragraph(
        "{{ masthead.title }}|{{ masthead.issue_no }}|{{ masthead.issue }}|{{ masthead.org }}|"
        "{{ masthead.date }}|{{ masthead.send_to }}|{{ masthead.cc }}"
    )
    template.add_paragraph("{{ title }}")
    template.save(str(tmp_path / "mine.docx"))
    out = write_outputs(digest, tmp_path / "out", ["docx"], templates={"docx": tmp_path / "mine.docx"}, options=HEADED)
    first = docx.Document(str(out[0])).paragraphs[0].text
    assert first == "工作简报|12|第12期|中共某某市委组织部|2020年5月13日|省委组织部|各县区委组织部"


def test_masthead_options_on_the_command_line(tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(main, [str(SEEDS), "--masthead", "督查专报", "--cc", "各乡镇", "-o", str(tmp_path / "a")])
    assert result.exit_code == 0, result.output
    md = (tmp_path / "a" / f"{STEM}.md").read_text(encoding="utf-8")
    assert "# 督查专报" in md and "抄送：各乡镇" in md and "报送" not in md
    result = runner.invoke(main, [str(SEEDS), "--org", "办公室", "--no-md", "--json", "-o", str(tmp_path / "b")])
    assert result.exit_code == 2 and "--org heads the Markdown or Word briefing" in result.output
    assert not (tmp_path / "b").exists()
    result = runner.invoke(main, ["--masthead", str(SEEDS), "-o", str(tmp_path / "c")])  # the path taken as title
    assert result.exit_code == 2 and "put --masthead after the paths" in result.output


def _pdf(docx_file: Path, tmp_path: Path) -> Path:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        pytest.skip("LibreOffice (soffice) is not installed: the printed pages cannot be checked")
    profile = (tmp_path / "lo-profile").as_uri()  # a private profile: another soffice may be running
    cmd = [soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path)]
    subprocess.run([*cmd, str(docx_file)], check=True, capture_output=True, timeout=180)
    return tmp_path / f"{docx_file.stem}.pdf"


def _lines(page: Any) -> list[tuple[float, str]]:
    """A PDF page's text by line, top down, with each line's height above the page's foot."""
    rows: dict[int, list[str]] = {}
    page.extract_text(visitor_text=lambda text, cm, tm, *_: rows.setdefault(round(tm[5]), []).append(text))
    return [(y, re.sub(r"\s+", "", "".join(rows[y]))) for y in sorted(rows, reverse=True) if "".join(rows[y]).strip()]


def test_printed_masthead_on_the_first_page_closing_block_on_the_last(headed: Path, tmp_path: Path) -> None:
    from pypdf import PdfReader

    pages = PdfReader(str(_pdf(headed / f"{STEM}.docx", tmp_path))).pages
    assert len(pages) >= 2
    first = [text for _, text in _lines(pages[0])]
    assert first[:3] == ["工作简报", "第12期", "中共某某市委组织部2020年5月13日"]
    assert first[3] == "疫情防控工作跨地区简报"
    assert not any("报送" in text for page in pages[:-1] for _, text in _lines(page))
    last = _lines(pages[-1])
    closing = [(y, text) for y, text in last if text.startswith("报送") or text.endswith("印发")]
    assert [text for _, text in closing] == ["报送：省委组织部", "中共某某市委组织部2020年5月13日印发"]
    # At the page's foot: below everything but the page number, in the lowest fifth of the page.
    height = float(pages[-1].mediabox.height)
    assert all(y < height / 5 for y, _ in closing)
    assert [text for _, text in last][-1].strip("—") == str(len(pages))
