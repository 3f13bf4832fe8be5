"""Format readers: Word, web pages, Markdown and PDF give what the .txt gives, with their places."""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

import docx
import pytest
from click.testing import CliRunner

from summarizer import read_report
from summarizer.cli import main
from summarizer.model import Report
from summarizer.reading.normalise import normalise

from .conftest import SEEDS

SEED_FILES = sorted(SEEDS.glob("*.txt"))
PDF_LINE = 34
"""Characters per PDF line: paragraphs wrap, as they do in a real PDF."""


def _lines(seed: Path) -> list[str]:
    return [line.strip() for line in seed.read_text(encoding="utf-8").splitlines() if line.strip()]


def _headings(report: Report) -> set[str]:
    return {s.heading for s in report.sections if s.heading}


def build_docx(seed: Path, reference: Report, target: Path) -> None:
    """One paragraph per line; stand-alone headings in the Heading 2 style, as an author would."""
    doc = docx.Document()
    for line in _lines(seed):
        heading = normalise(line)[0].rstrip("。") in _headings(reference)
        doc.add_paragraph(line, style="Heading 2" if heading else None)
    doc.save(str(target))


def build_html(seed: Path, target: Path) -> None:
    """The report inside a county site's page: nav, breadcrumb, share bar, footer with ICP."""
    lines = _lines(seed)
    body = "".join(f"<p>{html.escape(line)}</p>\n" for line in lines)
    target.write_bytes(
        f"""<!DOCTYPE html><html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>组工动态_县委组织部</title></head><body>
<div class="top"><a href="/">首页</a> | <a href="/m">手机版</a> | <a>无障碍浏览</a></div>
<nav><ul><li><a href="/">首页</a></li><li><a>组织建设</a></li><li><a>干部工作</a></li>
<li><a>人才工作</a></li></ul></nav>
<div class="breadcrumb">您当前的位置：<a href="/">首页</a> &gt; <a>组工动态</a> &gt; 正文</div>
<div class="content"><div class="article">{body}</div>
<div class="share">分享到：<a>微信</a> <a>微博</a> <a>QQ空间</a> 【<a>打印</a>】【<a>关闭</a>】</div>
<div class="pager"><a>上一篇：关于开展党员冬训工作的通知</a> <a>下一篇：全县组工干部大会召开</a></div></div>
<footer><p>主办单位：中共某某县委组织部 版权所有</p><p>ICP备05012345号-1 公网安备 62112102000123号</p>
<p>网站办公地址：某某县人民路1号 邮编：743300</p></footer></body></html>""".encode("gb18030")
    )


def build_markdown(seed: Path, target: Path) -> None:
    lines = _lines(seed)
    target.write_text("\n\n".join(lines), encoding="utf-8")


def build_pdf(seed: Path, target: Path) -> None:
    """A text-layer PDF written with reportlab's built-in STSong-Light CID font (no font file needed)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    pdf = canvas.Canvas(str(target))
    y = 800
    for para in _lines(seed):
        line = "\u3000\u3000" + para  # Chinese paragraphs open with a two-character indent
        for start in range(0, len(line), PDF_LINE):
            if y < 60:
                pdf.showPage()
                y = 800
            pdf.setFont("STSong-Light", 12)
            pdf.drawString(40, y, line[start : start + PDF_LINE])
            y -= 16
    pdf.save()


def _same(got: Report, want: Report) -> None:
    assert got.title == want.title
    assert [s.heading for s in got.sections] == [s.heading for s in want.sections]
    assert [s.text for s in got.summary] == [s.text for s in want.summary]
    assert [(f.label, f.value, f.unit) for f in got.figures] == [(f.label, f.value, f.unit) for f in want.figures]


@pytest.fixture(scope="module")
def references() -> dict[str, Report]:
    return {p.name: read_report(p) for p in SEED_FILES}


@pytest.mark.parametrize("seed", SEED_FILES, ids=lambda p: p.name[:3])
@pytest.mark.parametrize(("suffix", "build"), [(".docx", build_docx), (".html", build_html), (".md", None)])
def test_formats_match_the_text_version(
    seed: Path, suffix: str, build: Any, references: dict[str, Report], tmp_path: Path
) -> None:
    target = tmp_path / f"{seed.stem}{suffix}"
    if suffix == ".docx":
        build_docx(seed, references[seed.name], target)
    elif suffix == ".html":
        build_html(seed, target)
    else:
        build_markdown(seed, target)
    report = read_report(target)
    assert report.format == suffix.lstrip(".")
    _same(report, references[seed.name])


@pytest.mark.parametrize("seed", SEED_FILES, ids=lambda p: p.name[:3])
def test_pdf_matches_the_text_version(seed: Path, references: dict[str, Report], tmp_path: Path) -> None:
    pytest.importorskip("reportlab")
    target = tmp_path / f"{seed.stem}.pdf"
    build_pdf(seed, target)
    report = read_report(target)
    assert report.format == "pdf"
    _same(report, references[seed.name])


def test_word_heading_styles_become_headings(tmp_path: Path) -> None:
    doc = docx.Document()
    doc.add_paragraph("某县组织部工作情况报告", style="Title")
    doc.add_paragraph("今年以来，全县组织系统认真落实各项部署，取得明显成效。")
    doc.add_paragraph("抓好基层党组织建设和党员教育管理工作的主要做法与成效", style="Heading 1")
    doc.add_paragraph("全县新建临时党支部12个，组建党员突击队30支，下拨党费15万元。")
    doc.add_paragraph("关心关爱", style="Heading 1")
    doc.add_paragraph("走访慰问一线党员干部200余名，发放慰问金8万元。")
    table = doc.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text, table.rows[0].cells[1].text = "慰问对象", "一线党员干部和困难群众家庭"
    doc.save(str(tmp_path / "r.docx"))
    report = read_report(tmp_path / "r.docx")
    assert report.title == "某县组织部工作情况报告"
    assert [s.heading for s in report.sections] == [
        None,
        "抓好基层党组织建设和党员教育管理工作的主要做法与成效",
        "关心关爱",
    ]
    assert "慰问对象 一线党员干部和困难群众家庭" in [s.text for s in report.sentences]


def test_mixed_folder_gives_one_digest(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_bytes(SEED_FILES[0].read_bytes())
    build_docx(SEED_FILES[1], read_report(SEED_FILES[1]), folder / "b.docx")
    build_html(SEED_FILES[2], folder / "c.html")
    build_markdown(SEED_FILES[3], folder / "d.md")
    (folder / "e.xlsx").write_bytes(b"PK\x03\x04 not read")
    result = CliRunner().invoke(main, [str(folder), "--json", "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert "note: not read" in result.output and "e.xlsx" in result.output
    import json

    data = json.loads(next((tmp_path / "out").glob("*.json")).read_text(encoding="utf-8"))
    assert sorted(r["format"] for r in data["reports"]) == ["docx", "html", "md", "txt"]
    assert [s["kind"] for s in data["skipped"]] == ["unsupported"]


def test_unknown_extension_named_explicitly_is_an_error(tmp_path: Path) -> None:
    target = tmp_path / "report.xlsx"
    target.write_bytes(b"PK\x03\x04")
    result = CliRunner().invoke(main, [str(target), "-o", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert "report.xlsx: unsupported file type '.xlsx'" in result.output


def test_scanned_pdf_gets_a_clear_message(tmp_path: Path) -> None:
    pytest.importorskip("reportlab")
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(tmp_path / "scan.pdf"))
    pdf.rect(50, 50, 400, 600, fill=1)  # an image-only page stands in for a scan
    pdf.save()
    result = CliRunner().invoke(main, [str(tmp_path / "scan.pdf"), "-o", str(tmp_path / "out")])
    assert result.exit_code == 3
    assert "no text layer" in result.output


def test_places_are_lines_paragraphs_and_pages(tmp_path: Path) -> None:
    text = "某县组织部工作情况\n\n全县成立临时党支部12个。\n\n下拨党费15万元。\n"
    (tmp_path / "r.txt").write_text(text, encoding="utf-8")
    (tmp_path / "r.md").write_text(
        "# 某县组织部工作情况\n\n全县成立临时党支部12个。\n\n下拨党费15万元。\n", encoding="utf-8"
    )
    doc = docx.Document()
    for para in ("某县组织部工作情况", "", "全县成立临时党支部12个。", "下拨党费15万元。"):
        doc.add_paragraph(para)
    doc.save(str(tmp_path / "r.docx"))
    for name, expected in (("r.txt", [3, 5]), ("r.md", [3, 5]), ("r.docx", [3, 4])):
        report = read_report(tmp_path / name)
        assert [s.where for s in report.sentences] == expected, name


def test_pdf_places_are_pages(tmp_path: Path) -> None:
    pytest.importorskip("reportlab")
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    pdf = canvas.Canvas(str(tmp_path / "r.pdf"))
    for text in ("某县组织部工作情况", "\u3000\u3000全县成立临时党支部12个。", "\u3000\u3000下拨党费15万元。"):
        pdf.setFont("STSong-Light", 12)
        pdf.drawString(40, 800, text)
        pdf.showPage()
    pdf.save()
    report = read_report(tmp_path / "r.pdf")
    assert [s.where for s in report.sentences] == [2, 3]
