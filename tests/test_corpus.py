"""Reading pages the rules were not written on: the shared corpus of real report pages.

``../shared/corpus`` holds 55 page excerpts and 11 full-length reports, with the place each
is about (``SOURCES.tsv``). Region, title, date and cleaning are checked on every page,
with both tokenizers; a digest of the whole corpus is read for page furniture in its
Markdown, Word and JSON. Skipped with the reason when the corpus is not there.
"""

from __future__ import annotations

import csv
import json
import re
from functools import cache
from typing import Any

import docx
import pytest
from click.testing import CliRunner

from summarizer import Options, read_report
from summarizer.cli import main
from summarizer.model import Report
from summarizer.reading.normalise import normalise
from summarizer.understanding.dates import own_date, parse_date
from summarizer.understanding.gazetteer import find_places, find_towns, gazetteer

from .conftest import BACKENDS, CORPUS, need_corpus

FOLDERS = ("epi", "other", "full")


def _rows() -> list[dict[str, str]]:
    rows = []
    for folder in FOLDERS:
        index = CORPUS / folder / "SOURCES.tsv"
        if index.is_file():
            with index.open(encoding="utf-8") as fh:
                rows += [{**row, "folder": folder} for row in csv.DictReader(fh, delimiter="\t")]
    return rows


ROWS = _rows()
IDS = [f"{r['folder']}/{r['file']}" for r in ROWS]


@cache
def _report(folder: str, name: str, backend: str) -> Report:
    return read_report(CORPUS / folder / name, Options(tokenizer=backend))  # type: ignore[arg-type]


def _simplified(text: str) -> str:
    return normalise(text)[0]


# ---- region --------------------------------------------------------------------------


_NOTE = re.compile(r"[（(].*?[)）]")
_TOWN = re.compile(r"[县区市旗]([\u4e00-\u9fff]{2,5}?(?:镇|乡|街道))$")


def _key_unit(place: str) -> tuple[str, set[str]]:
    """The key's most specific unit as written, and the names it goes by (old and new).

    The key is written as in the page (Traditional, notes in parentheses); its last town,
    else its last division, is what the report should be placed at.
    """
    text = _NOTE.sub("", _simplified(place))
    towns = list(find_towns(text))
    if towns:
        return towns[-1].text, {towns[-1].text}
    # A town the division data lacks (吉水街道), written after its county.
    written = _TOWN.search(text)
    if written:
        return written[1], {written[1]}
    places = list(find_places(text))
    if not places:
        return text, set()
    last = places[-1]
    return last.text, {last.text, *(gazetteer().names[c] for c in last.codes)}


def _levels(report: Report) -> list[str]:
    r = report.region
    return [x for x in (r.province, r.city, r.county, r.town, r.name) if x]


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("row", ROWS, ids=IDS)
def test_no_report_is_placed_in_a_wrong_province(row: dict[str, str], backend: str) -> None:
    need_corpus()
    report = _report(row["folder"], row["file"], backend)
    province = report.region.province
    assert province is None or province.startswith(_simplified(row["province"])), (province, row["place"])


@pytest.mark.parametrize("backend", BACKENDS)
def test_region_at_the_most_specific_level_the_page_names(backend: str) -> None:
    # Right when the key's most specific unit is in our hierarchy; ours may go deeper when
    # the text names a town inside the key's county (epi/041 names 南海镇 in 松滋市).
    need_corpus()
    right, wrong = 0, []
    for row in ROWS:
        report = _report(row["folder"], row["file"], backend)
        unit, names = _key_unit(row["place"])
        if names & set(_levels(report)):
            right += 1
        else:
            wrong.append((f"{row['folder']}/{row['file']}", unit, "".join(_levels(report))))
    assert right >= 0.95 * len(ROWS), wrong


def test_a_page_that_names_no_place_gets_no_region_never_its_title() -> None:
    need_corpus()
    for row in ROWS:
        report = _report(row["folder"], row["file"], "rjieba")
        if report.region.name is None:
            assert report.label == "未注明地区"
            assert report.region.province is None


# ---- title, date, source --------------------------------------------------------------

TITLE_FURNITURE = re.compile(
    r"[>＞»›]|欢迎|您的位置|当前位置|首页|热线|电话|范文|搜索|记者|通讯员|责任编辑|^原题|^原标题|^标题[:：]|"
    r"^[【\[]|^\d{1,2}[.．]\d{1,2}\s|[|｜]|^各位代表|\.com|www\.|https?:|ICP|版权|客户端"
)


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("row", ROWS, ids=IDS)
def test_titles_are_the_page_headline_never_furniture(row: dict[str, str], backend: str) -> None:
    need_corpus()
    report = _report(row["folder"], row["file"], backend)
    if report.title is None:
        return
    assert not TITLE_FURNITURE.search(report.title), report.title
    page = _simplified((CORPUS / row["folder"] / row["file"]).read_text(encoding="utf-8"))
    # The headline as the page writes it (its wrapper cut off), not a line we made up.
    assert re.sub(r"\s", "", report.title) in re.sub(r"\s", "", page.replace(":", "：")), report.title


_META_LINE = re.compile(r"发布时间|发布日期|发表时间|更新时间|时间[:：]|日期[:：]|来源[:：]|^\s*\d{4}[-年/.]")


def _stated_dates(page: str) -> set[str]:
    """Full dates the page states in a short line of page facts (not in its body text); a
    report read to a meeting states its own (——2020年1月21日在…会议上) over the page's."""
    own = {d for line in page.splitlines()[:40] if (d := own_date(line))}
    if own:
        return own
    dates = set()
    for line in page.splitlines():
        if len(line.strip()) <= 120 and _META_LINE.search(line):
            date = parse_date(line)
            if date:
                dates.add(date)
    return dates


@pytest.mark.parametrize("backend", BACKENDS)
def test_dates_are_found_on_the_pages_that_state_one(backend: str) -> None:
    need_corpus()
    stated = found = 0
    missed = []
    for row in ROWS:
        page = _simplified((CORPUS / row["folder"] / row["file"]).read_text(encoding="utf-8"))
        dates = _stated_dates(page)
        report = _report(row["folder"], row["file"], backend)
        if report.date is not None:
            # Only a date the page states, never the clock.
            assert report.date in page or parse_date(page[page.find(report.date[:4]) :]) is not None
        if not dates:
            continue
        stated += 1
        if report.date in dates:
            found += 1
        else:
            missed.append((row["file"], sorted(dates), report.date))
    assert stated >= 20
    assert found >= 0.9 * stated, missed


SOURCE_FURNITURE = re.compile(r"浏览|阅读|点击|作者|编辑|分享|[:：]|\d{4}[-/年]|http|www")


@pytest.mark.parametrize("row", ROWS, ids=IDS)
def test_sources_are_clean(row: dict[str, str]) -> None:
    need_corpus()
    source = _report(row["folder"], row["file"], "rjieba").source
    assert source is None or not SOURCE_FURNITURE.search(source), source


# ---- the briefing of the whole corpus -----------------------------------------------

FURNITURE_SHAPES = {
    # A reporter's name, not an outlet named after reporters (记者观察网).
    "reporter byline": r"记者\s*(?![\u4e00-\u9fff]{1,3}(?:网|报|台|站))[\u4e00-\u9fff]{2,3}(?:\s|[)）]|报道|摄)",
    "correspondent": r"通讯员",
    "editor": r"责任编辑|编辑[:：]|责编",
    "wrapper": r"原标题|原题",
    "dateline": r"[\u4e00-\u9fff]{2,}讯\s*[（(]|日电\s*[（(]|讯\s*[（(]?记者",
    "navigation trail": r"首页\s*[>＞]|当前位置|您的位置",
    "editor's note": r"编者按",
    "address": r"https?://|www\.",
    "ICP line": r"ICP",
    "counter": r"浏览量[:：]|阅读[:：]|点击[:：]",
    "share bar": r"分享到|扫一扫",
    "pinyin": r"[\u4e00-\u9fff]\s*[(（]\s*[a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\d?\s*[)）]",
    "replacement character": "\ufffd",
}


def _json_strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for k, v in value.items() if k != "path" for s in _json_strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _json_strings(v)]
    return []


@pytest.fixture(scope="module")
def corpus_briefing(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    need_corpus()
    out = tmp_path_factory.mktemp("corpus")
    result = CliRunner().invoke(main, [str(CORPUS), "--docx", "--json", "--cite", "-q", "-o", str(out)])
    assert result.exit_code in (0, 4), result.output
    document = docx.Document(str(next(out.glob("*.docx"))))
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    return {
        "Markdown": next(out.glob("*.md")).read_text(encoding="utf-8"),
        "Word": "\n".join([p.text for p in document.paragraphs] + cells),
        "JSON": "\n".join(_json_strings(json.loads(next(out.glob("*.json")).read_text(encoding="utf-8")))),
    }


@pytest.mark.parametrize("kind", ["Markdown", "Word", "JSON"])
@pytest.mark.parametrize("shape", list(FURNITURE_SHAPES))
def test_no_furniture_byline_or_pinyin_in_the_corpus_briefing(
    corpus_briefing: dict[str, str], kind: str, shape: str
) -> None:
    text = corpus_briefing[kind]
    hits = [text[max(0, m.start() - 20) : m.end() + 20] for m in re.finditer(FURNITURE_SHAPES[shape], text)]
    assert not hits, hits


def test_corpus_briefing_figures_name_what_they_count(corpus_briefing: dict[str, str]) -> None:
    # Every figure listed under a region reads "label value"; the label is a noun phrase,
    # not a clause (党员投身疫情 18000余名) and not another quantity.
    lines = [line for line in corpus_briefing["Markdown"].splitlines() if line.startswith("**主要数据**")]
    assert lines
    for line in lines:
        for item in line.removeprefix("**主要数据**：").rstrip("。").split("；"):
            label, _, value = re.sub(r"〔.*?〕", "", item).rpartition(" ")
            assert label and re.search(r"\d", value), item
            assert not re.search(r"\d|投身|开展|参与|发挥", label), item


def test_corpus_briefing_table_fits_the_page(corpus_briefing: dict[str, str]) -> None:
    # Many regions: regions are rows and the categories are split, so no table of figures
    # is wider than four columns; the 主要指标 tables (short cells) at most seven.
    md = corpus_briefing["Markdown"]
    part = md[md.index("## 三、数据对比") : md.index("## 四、各地情况")]
    tables = [t for t in part.split("\n\n") if t.startswith("| ")]
    widths = {t: t.splitlines()[0].count("|") - 1 for t in tables}
    figures = [w for t, w in widths.items() if not t.startswith("| 地区 | 年份")]
    assert figures and max(figures) <= 4
    assert max(widths.values()) <= 7


def test_each_full_report_is_of_its_year() -> None:
    # Its date line where it has one (a scraped county page is posted years later), else the
    # year after the one it reviews, in the heading a report without a title line is given.
    need_corpus()
    with (CORPUS / "full" / "SOURCES.tsv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    for row in rows:
        report = read_report(CORPUS / "full" / row["file"])
        heading = report.title or report.headline or ""
        assert row["year"] in heading or (report.date or "").startswith(row["year"]), (row["file"], heading)
        assert report.date is None or report.date.startswith(row["year"]), (row["file"], report.date)
