"""Rendering: Markdown, Word, JSON and the .eml draft; templates (ours and the user's); the wheel."""

from __future__ import annotations

import email
import json
import os
import shutil
import subprocess
import sys
import zipfile
from email import policy
from pathlib import Path
from typing import Any

import docx
import pytest
from click.testing import CliRunner
from docx.oxml.ns import qn

from summarizer import Options, read_report
from summarizer.briefing.digest import build_digest
from summarizer.cli import main
from summarizer.options import LENGTHS
from summarizer.rendering import briefing_context, format_value

from .conftest import ROOT, SEEDS

STEM = "briefing-2020-05-13"


@pytest.fixture(scope="module")
def briefing(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("briefing")
    result = CliRunner().invoke(
        main, [str(SEEDS), "--docx", "--json", "--eml", "--to-addr", "zzb@example.cn", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    return out


def test_money_in_wan_and_approximations() -> None:
    assert format_value(292000, "元") == "29.2万元"
    assert format_value(1500, "名", "余") == "1500余名"
    assert format_value(600, "个", "近") == "近600个"
    assert format_value(97.7, "%") == "97.7%"


def test_headings_only_where_a_long_part_spans_sections(seed_reports: dict[str, Any], backend: str) -> None:
    # The default part of a region is one paragraph; a long one is set under the headings of
    # the sections its sentences come from, each heading one the report really has.
    standard = briefing_context(build_digest(list(seed_reports.values())))
    assert all(len(r["paragraphs"]) == 1 and not r["paragraphs"][0]["heading"] for r in standard["regions"])
    options = Options(tokenizer=backend, length=LENGTHS["long"])  # type: ignore[arg-type]
    reports = [read_report(p, options) for p in sorted(SEEDS.glob("*.txt"))]
    long = briefing_context(build_digest(reports))
    grouped = [r for r in long["regions"] if any(p["heading"] for p in r["paragraphs"])]
    assert grouped
    for region, report in ((r, next(x for x in reports if x.label == r["label"])) for r in grouped):
        headings = {sec.heading or "" for sec in report.sections}
        assert all(p["heading"] in headings for p in region["paragraphs"])


def test_markdown_sections_and_money_in_wan(briefing: Path) -> None:
    md = (briefing / f"{STEM}.md").read_text(encoding="utf-8")
    for heading in ("## 一、总体情况", "## 二、共性做法", "## 三、数据对比", "## 四、各地情况", "## 五、来源"):
        assert heading in md
    row = next(line for line in md.splitlines() if line.startswith("| 党费"))
    assert row.count("万元") >= 3
    assert "共收录报告 5 份，涉及 5 个地区" in md


def test_word_styles_fonts_and_comparison_table(briefing: Path) -> None:
    doc = docx.Document(str(briefing / f"{STEM}.docx"))
    styles = {p.style.name for p in doc.paragraphs}
    assert {"Title", "Heading 1", "Heading 2"} <= styles
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert headings == ["一、总体情况", "二、共性做法", "三、数据对比", "四、各地情况", "五、来源"]
    body = [p for p in doc.paragraphs if p.style.name == "Normal" and p.text]
    assert body
    for para in body:
        for run in para.runs:
            assert run._r.rPr.rFonts.get(qn("w:eastAsia")), para.text
    section = doc.sections[0]
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297
    assert "PAGE" in section.footer.paragraphs[0]._p.xml
    table = doc.tables[0]
    assert table.style.name == "Table Grid"
    header = [c.text for c in table.rows[0].cells]
    assert header[0] == "类别" and len(header) == 6
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    fee = next(r for r in table.rows if "党费" in r.cells[0].text)
    assert sum(1 for c in fee.cells[1:] if c.text) >= 3


def test_eml_parses_and_carries_the_word_file(briefing: Path) -> None:
    msg = email.message_from_bytes((briefing / f"{STEM}.eml").read_bytes(), policy=policy.default)
    assert msg["To"] == "zzb@example.cn"
    assert msg["Subject"] == "疫情防控工作跨地区简报"
    assert msg["From"] and msg["From"].addresses[0].domain.endswith(".invalid")
    assert msg["Date"].datetime.date().isoformat() == "2020-05-13"
    body = msg.get_body(("plain",))
    assert body is not None and "一、总体情况" in body.get_content() and "**" not in body.get_content()
    attachments = list(msg.iter_attachments())
    assert [a.get_filename() for a in attachments] == [f"{STEM}.docx"]
    assert attachments[0].get_content() == (briefing / f"{STEM}.docx").read_bytes()


def test_eml_sender_and_subject_from_options(tmp_path: Path) -> None:
    args = ["--eml", "--from-addr", "办公室 <bgs@example.cn>", "--subject", "请审阅"]
    result = CliRunner().invoke(main, [str(SEEDS / "004_9f45e3f91ec10f20.txt"), *args, "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    msg = email.message_from_bytes(next(tmp_path.glob("*.eml")).read_bytes(), policy=policy.default)
    assert msg["From"].addresses[0].addr_spec == "bgs@example.cn"
    assert msg["Subject"] == "请审阅"


def test_traditional_output_keeps_file_names(tmp_path: Path) -> None:
    named = tmp_path / "seeds"
    named.mkdir()
    shutil.copy(SEEDS / "004_9f45e3f91ec10f20.txt", named / "通渭县报告.txt")
    shutil.copy(SEEDS / "000_d6fca581655426b0.txt", named / "000.txt")
    result = CliRunner().invoke(main, [str(named), "--script", "traditional", "--docx", "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    md = next((tmp_path / "out").glob("*.md")).read_text(encoding="utf-8")
    assert "一、總體情況" in md and "通渭縣強化政治保證" in md
    assert "通渭县报告.txt" in md
    doc = docx.Document(str(next((tmp_path / "out").glob("*.docx"))))
    assert doc.paragraphs[0].text.endswith("簡報")
    assert doc.core_properties.title.endswith("簡報")


def test_the_old_script_option_still_works_with_a_note(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main, [str(SEEDS / "004_9f45e3f91ec10f20.txt"), "--to", "traditional", "-o", str(tmp_path)]
    )
    assert result.exit_code == 0 and "--to is deprecated; use --script" in result.output
    assert "總體情況" in next(tmp_path.glob("*.md")).read_text(encoding="utf-8")


def test_user_templates_for_markdown_and_word(tmp_path: Path) -> None:
    md_template = tmp_path / "mine.md.j2"
    md_template.write_text("{{ title }}|{{ regions | map(attribute='label') | join(',') }}\n", encoding="utf-8")
    word_template = tmp_path / "mine.docx"
    doc = docx.Document()
    doc.add_paragraph("审阅稿：{{ title }}")
    doc.add_paragraph("{% for r in regions %}{{ r.label }}、{% endfor %}")
    doc.save(str(word_template))
    args = [str(SEEDS), "--template", str(md_template), "--template", str(word_template), "--docx"]
    result = CliRunner().invoke(main, [*args, "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    md = (tmp_path / "out" / f"{STEM}.md").read_text(encoding="utf-8")
    # Our mark opens every Markdown output, whatever the template: a later run knows the file.
    assert md.splitlines()[1:] == ["疫情防控工作跨地区简报|乌拉特前旗,新海镇,内江市,前锋区,通渭县"]
    assert md.startswith("<!-- generated by summarizer ")
    word = [p.text for p in docx.Document(str(tmp_path / "out" / f"{STEM}.docx")).paragraphs]
    assert word == ["审阅稿：疫情防控工作跨地区简报", "乌拉特前旗、新海镇、内江市、前锋区、通渭县、"]


def test_template_error_names_the_template_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.md.j2"
    bad.write_text("# {{ title }}\n{{ missing.field }}\n", encoding="utf-8")
    result = CliRunner().invoke(main, [str(SEEDS), "--template", str(bad), "-o", str(tmp_path / "out")])
    assert result.exit_code == 6
    assert f"{bad}:2: template error" in result.output
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_wheel_carries_the_templates_and_rules(tmp_path: Path) -> None:
    """Build the wheel and look inside: the templates and every rule file travel with the package."""
    pytest.importorskip("hatchling")
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            str(ROOT),
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stderr
    (wheel,) = tmp_path.glob("summarizer-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert {"summarizer/templates/digest.md.j2", "summarizer/templates/digest.docx"} <= names
    data = ROOT / "summarizer" / "data"
    rules = {
        f"summarizer/data/{p.relative_to(data).as_posix()}"
        for p in data.rglob("*")
        if p.suffix in (".txt", ".toml", ".tsv")
    }
    assert rules and rules <= names


def test_a_new_category_needs_only_the_category_file(tmp_path: Path) -> None:
    """Follow docs/architecture.md: append a [[category]] block to the seeds' kind's file, nothing else,
    and it is a table row."""
    shutil.copytree(ROOT / "summarizer", tmp_path / "summarizer", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "templates", tmp_path / "templates")
    categories = tmp_path / "summarizer" / "data" / "kinds" / "epidemic.toml"
    with categories.open("a", encoding="utf-8") as fh:
        fh.write('\n[[category]]\nname = "基层单元"\nlabels = ["小区", "党支部$", "村社", "乡镇"]\n')
    out = tmp_path / "out"
    env = {**os.environ, "PYTHONPATH": str(tmp_path)}
    code = "import sys; from summarizer.cli import main; sys.exit(main())"
    args = [sys.executable, "-c", code, str(SEEDS), "--json", "-o", str(out)]
    subprocess.run(args, cwd=tmp_path, env=env, check=True, capture_output=True)
    data = json.loads((out / f"{STEM}.json").read_text(encoding="utf-8"))
    rows = {r["category"]: r for r in data["comparison"]["rows"]}
    assert "基层单元" in rows
    assert "| 基层单元 |" in (out / f"{STEM}.md").read_text(encoding="utf-8")
    assert CliRunner().invoke(main, [str(SEEDS), "--json", "-o", str(tmp_path / "o2")]).exit_code == 0
    unedited = json.loads((tmp_path / "o2" / f"{STEM}.json").read_text(encoding="utf-8"))
    assert "基层单元" not in {r["category"] for r in unedited["comparison"]["rows"]}


def test_word_columns_follow_their_cells_and_a_date_column_is_never_squeezed() -> None:
    from summarizer.rendering.word import CELL_PADDING, TWIPS_PER_COLUMN, _shares

    width = 8800  # a page's text width in twips
    file_, title, source, date, script = 25, 40, 26, 10, 4
    shares = _shares([file_, title, source, date, script], width)
    assert sum(shares) <= width
    assert shares[3] == (date + CELL_PADDING) * TWIPS_PER_COLUMN  # 2020-03-05 on one line, margins included
    assert shares[1] > shares[0] > shares[4]  # the long title widest, the script column narrowest
    # A table of figures, every column short: equal columns, as a reader compares them.
    assert _shares([8, 6, 10, 7, 12, 12, 8], width) == [width // 7] * 7


def test_word_tables_keep_their_caption_and_head_and_no_row_splits(briefing: Path) -> None:
    [path] = briefing.glob("*.docx")
    document = docx.Document(str(path))
    assert document.tables
    for table in document.tables:
        tbl = table._tbl
        before = tbl.getprevious()
        assert (
            before is None or before.tag != qn("w:p") or before.find(qn("w:pPr") + "/" + qn("w:keepNext")) is not None
        )
        rows = tbl.findall(qn("w:tr"))
        assert all(tr.find(qn("w:trPr") + "/" + qn("w:cantSplit")) is not None for tr in rows)
        head = rows[0].findall(".//" + qn("w:p"))
        assert len(rows) == 1 or all(p.find(qn("w:pPr") + "/" + qn("w:keepNext")) is not None for p in head)
        # the last row lets the text after the table go on without it
        assert len(rows) < 3 or rows[-1].find(".//" + qn("w:keepNext")) is None
