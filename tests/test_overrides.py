"""--overrides: a CSV of corrections (file, region, title, date, skip) applied to what was read,
before the digest is made, so that Markdown, Word and JSON all follow."""

from __future__ import annotations

import json
import re
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from summarizer import OptionError, Options, summarize
from summarizer.cli import main

from .conftest import SEEDS

TONGWEI = "004_9f45e3f91ec10f20.txt"
QIANFENG = "002_ecbfbd57a69820a5.txt"  # untitled: its headline is made from its place
NEIJIANG = "003_c2f5e837ff8a0051.txt"
HEADER = "file,region,title,date,skip\n"


def _csv(tmp_path: Path, body: str, encoding: str = "utf-8", header: str = HEADER) -> Path:
    path = tmp_path / "更正.csv"
    path.write_bytes((header + body).encode(encoding))
    return path


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def test_an_overrides_file_changes_region_title_and_date_in_markdown_word_and_json(tmp_path: Path) -> None:
    from docx import Document

    fix = _csv(tmp_path, f"{TONGWEI},宁夏银川市永宁县,永宁县疫情防控工作简报,2020-06-01,\n")
    out = tmp_path / "out"
    code, output = _run(str(SEEDS), "-o", str(out), "--json", "--docx", "--overrides", str(fix))
    assert code == 0, output
    [md] = out.glob("*.md")
    assert md.name == "briefing-2020-06-01.md"  # the newest date is the corrected one
    text = md.read_text(encoding="utf-8")
    assert "### （五）永宁县" in text and "通渭县" not in text.split("## 五、来源")[0]
    assert "**永宁县疫情防控工作简报**" in text
    assert "*宁夏回族自治区银川市永宁县　2020-06-01*" in text
    assert "- **永宁县**：" in text  # the overview line is the corrected region's
    assert "| 类别 | 乌拉特前旗 | 新海镇 | 内江市 | 前锋区 | 永宁县 |" in text  # a column, in its place
    assert "已按更正文件修改地区、标题、日期" in text
    assert "至 2020-06-01" in text

    word = "\n".join(p.text for p in Document(str(out / "briefing-2020-06-01.docx")).paragraphs)
    assert "（五）永宁县" in word and "永宁县疫情防控工作简报" in word
    assert "宁夏回族自治区银川市永宁县　2020-06-01" in word and "通渭县" not in word.split("五、来源")[0]

    data = json.loads((out / "briefing-2020-06-01.json").read_text(encoding="utf-8"))
    report = next(r for r in data["reports"] if r["name"] == TONGWEI)
    assert report["overridden"] == ["region", "title", "date"]
    assert report["region"]["county"] == "永宁县" and report["region"]["code"] == "640121"
    assert (report["title"], report["date"], report["date_source"]) == (
        "永宁县疫情防控工作简报",
        "2020-06-01",
        "override",
    )
    assert data["reports"][-1]["name"] == TONGWEI  # ordered by its new code (640121)
    assert "永宁县" in data["comparison"]["columns"] and "通渭县" not in data["comparison"]["columns"]
    assert all("overridden" not in r for r in data["reports"] if r["name"] != TONGWEI)
    assert any("永宁县" in t["regions"] for t in data["themes"])


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk"])
def test_the_file_may_be_utf8_with_or_without_bom_or_gbk(tmp_path: Path, encoding: str) -> None:
    fix = _csv(tmp_path, f"{QIANFENG},河北省保定市满城区,,,\n{NEIJIANG},,,2020-04-01,否\n", encoding)
    digest = summarize([SEEDS], Options(overrides=str(fix)))
    by_name = {r.name: r for r in digest.reports}
    assert by_name[QIANFENG].region.name == "满城区" and by_name[QIANFENG].overridden == ("region",)
    # A headline the tool made from the place follows the corrected place.
    assert by_name[QIANFENG].title is None and by_name[QIANFENG].headline == "满城区疫情防控工作情况"
    assert by_name[NEIJIANG].date == "2020-04-01" and by_name[NEIJIANG].overridden == ("date",)
    assert digest.reports[0].region.name == "满城区"  # 130607 comes first in division order


def test_a_skipped_file_is_listed_as_left_out_with_the_line(tmp_path: Path) -> None:
    fix = _csv(tmp_path, f"{NEIJIANG},是\n", header="file,skip\n")  # the columns it needs, in any order
    out = tmp_path / "out"
    code, output = _run(str(SEEDS), "-o", str(out), "--json", "--overrides", str(fix))
    assert code == 0, output  # left out by choice is not a failure
    assert f"note: left out {SEEDS / NEIJIANG}: skipped by 更正.csv line 2" in output
    text = next(out.glob("*.md")).read_text(encoding="utf-8")
    assert f"| {NEIJIANG.replace('_', chr(92) + '_')} | 未收录：按更正文件 更正.csv 第 2 行跳过 |" in text
    assert "共收录报告 4 份" in text and "内江市" not in text.split("## 五、来源")[0]
    data = json.loads(next(out.glob("*.json")).read_text(encoding="utf-8"))
    [left] = data["skipped"]
    assert (left["name"], left["kind"], left["reason_code"]) == (NEIJIANG, "excluded", "skipped_by_user")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("nope/r.txt,河北,,,\n", ":2: unknown file 'nope/r.txt'"),
        (f"{TONGWEI},,,2020-13-01,\n", ":2: date '2020-13-01' is not a date"),
        (f"{TONGWEI},,,5月1日,\n", ":2: date '5月1日' is not a date"),
        (f"{TONGWEI},朝阳区,,,\n", ":2: region '朝阳区' names several places (北京市朝阳区、吉林省长春市朝阳区)"),
        (f"{TONGWEI},火星,,,\n", ":2: region '火星' is not the name of a province, city, county or town"),
        (f"{TONGWEI},,,,maybe\n", ":2: skip 'maybe' is neither yes"),
        (f"{TONGWEI},,标题,,\n\n{TONGWEI},,,2020-01-01,\n", ":4: '004_9f45e3f91ec10f20.txt' is corrected on line 2"),
        (f"{TONGWEI},,,,,extra\n", ":2: 6 cells where the header has 5 columns"),
        (",河北,,,\n", ":2: no file name"),
    ],
)
def test_a_bad_line_is_one_error_naming_the_file_and_line(tmp_path: Path, content: str, message: str) -> None:
    fix = _csv(tmp_path, content)
    out = tmp_path / "out"
    code, output = _run(str(SEEDS), "-o", str(out), "--overrides", str(fix))
    assert code == 2, output
    assert f"summarize: error: {fix}{message}" in output
    assert len(output.strip().splitlines()) == 1
    assert not out.exists()  # refused before anything was written


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"file,place\n", ":1: unknown column 'place'; the header is file,region,title,date,skip"),
        (b"region,title\n", ":1: no 'file' column"),
        (b"", ": empty; the first line is the header"),
        (b"file,region\n\x80\x80\n", ": not UTF-8 or GBK text"),
    ],
)
def test_a_bad_header_or_encoding_is_named(tmp_path: Path, data: bytes, message: str) -> None:
    fix = tmp_path / "fix.csv"
    fix.write_bytes(data)
    with pytest.raises(OptionError, match="^" + str(fix).replace("\\", "\\\\") + message.replace("(", r"\(")):
        summarize([SEEDS], Options(overrides=str(fix)))


def test_a_name_in_a_subfolder_is_the_path_the_briefing_gives(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    (folder / "a").mkdir(parents=True)
    (folder / "a" / "r.txt").write_bytes((SEEDS / TONGWEI).read_bytes())
    fix = _csv(tmp_path, ".\\a\\r.txt,甘肃省兰州市,,,\n")  # as Windows writes it: the same file
    [report] = summarize([folder], Options(overrides=str(fix))).reports
    assert report.name == "a/r.txt" and report.region.name == "兰州市"


def test_the_readme_example_is_a_valid_corrections_file(tmp_path: Path) -> None:
    from summarizer.briefing.corrections import read_corrections

    from .conftest import ROOT

    (example,) = re.findall(r"```csv\n(.*?)```", (ROOT / "README.md").read_text(encoding="utf-8"), flags=re.S)
    path = tmp_path / "overrides.csv"
    path.write_text(textwrap.dedent(example), encoding="utf-8")
    lines = read_corrections(path).by_file
    assert lines["a/通报.txt"].region is not None and lines["a/通报.txt"].region.county == "永宁县"
    assert lines["old/copy.txt"].skip and lines["002_ecbfbd57a69820a5.txt"].date == "2020-02-20"
