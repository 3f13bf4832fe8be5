"""Every format on the desk (issue 31): .doc, .wps, .odt and .rtf through LibreOffice, OFD through
ofdkit, files told by their content, scans skipped with their reason, one failed conversion
costing only its file. The office copies of the seeds are made here, once a session."""

from __future__ import annotations

import json
import os
import shutil
import stat
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn

from summarizer import InputError, read_report, summarize
from summarizer.cli import main
from summarizer.model import Report, Skipped
from summarizer.reading import office
from summarizer.reading.load import load
from summarizer.rendering.reasons import skip_reason

from .conftest import SHARED, need_corpus
from .office_files import (
    NO_SOFFICE,
    SOFFICE,
    build_ofd,
    libreoffice,
    office_document,
    png,
    text_box,
    word_report,
)
from .test_readers import SEED_FILES, _lines, _same, build_docx

FORMATS = SHARED / "formats"
needs_soffice = pytest.mark.skipif(SOFFICE is None, reason=NO_SOFFICE)
SCANNED = "无可读文字（可能为扫描件）"


def invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def briefing_json(folder: Path) -> dict:  # type: ignore[type-arg]
    return json.loads(next(folder.glob("*.json")).read_text(encoding="utf-8"))  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def references() -> dict[str, Report]:
    return {p.stem: read_report(p) for p in SEED_FILES}


@pytest.fixture(scope="module")
def seed_copies(tmp_path_factory: pytest.TempPathFactory, references: dict[str, Report]) -> Iterator[dict[str, Path]]:
    """The seeds as .doc (Word 97), .wps, .odt, .rtf and .ofd, a folder each; LibreOffice
    writes the first three from Word files of the seeds (three starts in all)."""
    if SOFFICE is None:
        pytest.skip(NO_SOFFICE)
    root = tmp_path_factory.mktemp("office")
    words = []
    for seed in SEED_FILES:
        words.append(root / "docx" / f"{seed.stem}.docx")
        words[-1].parent.mkdir(exist_ok=True)
        build_docx(seed, references[seed.stem], words[-1])
    started = time.monotonic()
    folders = {}
    for suffix, target in (("doc", "doc:MS Word 97"), ("odt", "odt"), ("rtf", "rtf")):
        folders[suffix] = root / "copies" / suffix
        libreoffice(words, target, folders[suffix])
        shutil.rmtree(folders[suffix] / ".profile")
    # WPS Office's binary .wps is Word 97's format: a .doc renamed .wps stands in for one
    # (../shared/formats/wps-binary.wps is a real one, read in test_real_office_files).
    folders["wps"] = root / "copies" / "wps"
    folders["wps"].mkdir()
    for doc in folders["doc"].glob("*.doc"):
        shutil.copy(doc, folders["wps"] / f"{doc.stem}.wps")
    folders["ofd"] = root / "copies" / "ofd"
    folders["ofd"].mkdir()
    for seed in SEED_FILES:
        build_ofd(_lines(seed), folders["ofd"] / f"{seed.stem}.ofd")
    took = time.monotonic() - started
    print(f"\nLibreOffice wrote the seeds as .doc, .odt and .rtf in {took:.1f} s", file=sys.stderr)
    yield folders


# ---- the seeds in every format ----------------------------------------------------------------


@needs_soffice
def test_office_copies_give_the_seeds_five_regions(
    seed_copies: dict[str, Path], references: dict[str, Report], tmp_path: Path
) -> None:
    folder = seed_copies["doc"].parent
    (folder / "bad.rtf").write_bytes(b"{\\rtf1 a file LibreOffice cannot load")
    started = time.monotonic()
    digest = summarize(folder)
    print(f"\n25 office files (20 converted at one LibreOffice start) read in {time.monotonic() - started:.1f} s")
    (folder / "bad.rtf").unlink()
    wanted = {ref.region.name for ref in references.values()}
    assert len(wanted) == 5
    assert {r.region.name for r in digest.reports} == wanted
    # Each copy is a report of its seed's region, or the same text (after cleaning) as one
    # read before it: the Word 97 copy, met first in walk order.
    read = {Path(r.path).relative_to(folder).as_posix(): r for r in digest.reports}
    copies = {Path(s.path).relative_to(folder).as_posix(): s for s in digest.skipped if s.kind == "duplicate"}
    for fmt in ("doc", "wps", "odt", "rtf", "ofd"):
        for seed in SEED_FILES:
            name = f"{fmt}/{seed.stem}.{fmt}"
            if name in read:
                assert read[name].region.name == references[seed.stem].region.name, name
            else:
                assert copies[name].reason == f"same text as doc/{seed.stem}.doc", name
    # The Word 97 copies read as their text does: title, sections, summary and figures.
    for seed in SEED_FILES:
        report = read[f"doc/{seed.stem}.doc"]
        assert report.format == "doc"
        _same(report, references[seed.stem])
    failed = [s for s in digest.skipped if s.kind == "error"]
    assert [(Path(s.path).name, skip_reason(s)) for s in failed] == [
        ("bad.rtf", ("convert_failed", "LibreOffice 无法转换此文件"))
    ]


@pytest.mark.parametrize("seed", SEED_FILES, ids=lambda p: p.name[:3])
def test_ofd_of_a_seed_reads_as_its_text(seed: Path, references: dict[str, Report], tmp_path: Path) -> None:
    target = tmp_path / f"{seed.stem}.ofd"
    build_ofd(_lines(seed), target)
    report = read_report(target)
    reference = references[seed.stem]
    assert report.format == "ofd"
    assert report.region.name == reference.region.name
    assert report.title == reference.title
    assert report.date == reference.date
    # Pages in Document.xml's order: the text runs as the seed's does.
    assert [s.where for s in report.sentences] == sorted(s.where for s in report.sentences)
    assert report.sentences[-1].where > 1
    wanted = "".join(s.text for s in reference.sentences)
    assert "".join(s.text for s in report.sentences) == wanted


# ---- the real files of ../shared/formats ---------------------------------------------------------


def need_formats() -> Path:
    if not FORMATS.is_dir():
        pytest.skip(f"the real office files are not at {FORMATS}: set SUMMARIZER_SHARED to the folder holding formats/")
    return FORMATS


@needs_soffice
def test_real_office_files(tmp_path: Path) -> None:
    source = need_formats()
    folder = tmp_path / "desk"
    folder.mkdir()
    for name in ("wps-binary.wps", "wps-ooxml.wps", "text.ofd", "scanned.doc"):
        shutil.copy(source / name, folder / name)
    code, out = invoke(str(folder), "--json", "-o", str(tmp_path / "out"))
    assert code == 4, out  # a file was skipped: the briefing is partial
    data = briefing_json(tmp_path / "out")
    formats = {r["name"]: r["format"] for r in data["reports"]}
    assert formats == {"wps-binary.wps": "doc", "wps-ooxml.wps": "docx", "text.ofd": "ofd"}
    assert [(s["name"], s["reason_code"], s["reason_zh"]) for s in data["skipped"]] == [
        ("scanned.doc", "no_text_layer", SCANNED)
    ]
    md = next((tmp_path / "out").glob("*.md")).read_text(encoding="utf-8")
    assert f"scanned.doc | 未收录：{SCANNED}" in md
    # The binary .wps read through LibreOffice: its change list, paragraph by paragraph.
    wps = next(r for r in data["reports"] if r["name"] == "wps-binary.wps")
    assert wps["where_unit"] == "paragraph" and len(wps["sections"]) >= 1
    assert any("密级" in s["text"] for s in wps["summary"])


def test_real_ofd_reads_in_order() -> None:
    document = load(need_formats() / "text.ofd")
    texts = [b.text for b in document.blocks]
    # The README's opening words, in the page's order, wrapped lines re-joined.
    assert texts[0] == "电子文档测评新需求"
    assert texts[1].startswith("1.业务管理员")
    assert any(t.startswith("2.") and "三集中管理" in t for t in texts)
    assert sum(len(t) for t in texts) > 450
    assert all(len(t) > 40 or not t.startswith(("员", "统", "理")) for t in texts)  # no orphaned wrapped line


def test_real_ooxml_wps_needs_no_libreoffice(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(office, "find_soffice", lambda: None)
    document = load(need_formats() / "wps-ooxml.wps")
    assert document.format == "docx"
    assert "提出知道商城" in "".join(b.text for b in document.blocks)


# ---- Word 97 files as offices write them ------------------------------------------------------

OFFICE_REPORT = {
    "masthead": "陇西县人民政府办公室文件",
    "number": "陇政办发〔2024〕12号",
    "title": ("关于2023年全县安全生产工作", "情况的报告"),
    "to": "县委：",
    "body": (
        "2023年，我县深入贯彻落实安全生产各项决策部署，坚持人民至上、生命至上，全县安全生产形势总体平稳，"
        "全年未发生较大以上生产安全事故。现将有关情况报告如下。",
        "一、主要工作开展情况",
        "（一）压紧压实安全生产责任。县政府召开常务会议12次专题研究安全生产工作，与17个乡镇和36个部门"
        "签订安全生产目标责任书，层层传导压力。",
        "（二）深入开展隐患排查整治。全年共检查生产经营单位2860家次，排查整改各类隐患4120条，整改率达98.6%，"
        "关闭取缔非法违法小作坊23家。",
        "（三）强化宣传教育培训。开展“安全生产月”活动，培训企业负责人和安全管理人员1500余人次，发放宣传资料3万余份。",
        "二、存在的问题",
        "部分企业主体责任落实不到位，基层监管力量薄弱，道路交通和建筑施工领域隐患依然突出。",
        "三、下一步工作打算",
        "我县将持续深化安全生产专项整治，健全隐患排查治理双重预防机制，坚决防范遏制重特大事故发生。",
    ),
    "signature": "陇西县人民政府办公室",
    "date": "2024年1月15日",
}


@needs_soffice
def test_word97_office_report_reads_its_title_and_place(tmp_path: Path) -> None:
    # A county office's report typed in Word and saved as Word 97: masthead, 文号, a title
    # over two centred lines (two paragraphs in one file, Shift+Enter and the masthead in a
    # text box in the other), a table, signature and a page-number field. LibreOffice
    # writes the .doc.
    words = []
    for soft in (False, True):
        words.append(tmp_path / f"report_{'soft' if soft else 'enter'}.docx")
        office_document(words[-1], soft_breaks=soft, masthead_box=soft, **OFFICE_REPORT)  # type: ignore[arg-type]
    folder = tmp_path / "in"
    libreoffice(words, "doc:MS Word 97", folder)
    shutil.rmtree(folder / ".profile")
    code, out = invoke(str(folder), "--json", "-o", str(tmp_path / "out"))
    assert code == 0, out
    data = briefing_json(tmp_path / "out")
    reports = {r["name"]: r for r in data["reports"]}
    assert sorted(reports) == ["report_enter.doc"]  # the other is the same text
    assert [s["reason"] for s in data["skipped"]] == ["same text as report_enter.doc"]
    report = reports["report_enter.doc"]
    assert report["format"] == "doc"
    assert report["title"] == "".join(OFFICE_REPORT["title"])
    assert report["region"]["name"] == "陇西县" and report["region"]["city"] == "定西市"
    assert report["date"] == "2024-01-15"
    assert any(f["value"] == 4120 for f in report["figures"])


@pytest.mark.parametrize("soft", [False, True], ids=["enter", "shift-enter"])
def test_a_title_over_centred_lines_is_one_title(soft: bool, tmp_path: Path) -> None:
    office_document(tmp_path / "r.docx", soft_breaks=soft, **OFFICE_REPORT)  # type: ignore[arg-type]
    blocks = [b.text for b in load(tmp_path / "r.docx").blocks]
    title = "".join(OFFICE_REPORT["title"])
    assert blocks[:4] == [OFFICE_REPORT["masthead"], OFFICE_REPORT["number"], title, OFFICE_REPORT["to"]]
    # A subtitle set in the title's type, and a sentence, stay paragraphs of their own.
    document = docx.Document()
    lines = ("政府工作报告", "——2024年1月在县人民代表大会上", "今年的工作已经完成。", "各项指标全面完成")
    for text in lines:
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.add_run(text).bold = True
    document.save(str(tmp_path / "s.docx"))
    assert [b.text for b in load(tmp_path / "s.docx").blocks] == list(lines)


@pytest.mark.parametrize("fallback", [False, True], ids=["vml", "drawingml+vml"])
def test_a_text_box_is_read_once(fallback: bool, tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph()._p.append(text_box("陇西县人民政府办公室文件", fallback=fallback))
    document.add_paragraph("关于全县安全生产工作情况的报告")
    document.save(str(tmp_path / "r.docx"))
    blocks = [b.text for b in load(tmp_path / "r.docx").blocks]
    assert blocks == ["陇西县人民政府办公室文件", "关于全县安全生产工作情况的报告"]


def test_alignment_values_python_docx_does_not_know_are_read(tmp_path: Path) -> None:
    # LibreOffice writes w:jc="start" in styles; python-docx's enum raises on it.
    document = docx.Document()
    document.styles["Normal"].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
    document.styles["Normal"].element.pPr.jc.set(qn("w:val"), "start")
    document.add_paragraph("全县检查生产经营单位2860家次。")
    document.save(str(tmp_path / "r.docx"))
    assert [b.text for b in load(tmp_path / "r.docx").blocks] == ["全县检查生产经营单位2860家次。"]


@needs_soffice
def test_word97_government_reports_read_as_their_text(tmp_path: Path) -> None:
    # The shared corpus's city government work reports (real text, 13,000-19,000 characters
    # each), set as such reports are in Word and saved as Word 97: each reads with the place
    # its answer key names and the headline its text gives.
    corpus = need_corpus() / "full"
    rows = [line.split("\t") for line in (corpus / "SOURCES.tsv").read_text(encoding="utf-8").splitlines()[1:]]
    places = {row[0]: row[2] for row in rows if row[2].endswith("市") and "区" not in row[2]}
    assert len(places) >= 8
    words = []
    for name in sorted(places):
        text = (corpus / name).read_text(encoding="utf-8")
        words.append(tmp_path / "docx" / name.replace(".txt", ".docx"))
        words[-1].parent.mkdir(exist_ok=True)
        word_report("政府工作报告", [line.strip() for line in text.splitlines() if line.strip()], words[-1])
    folder = tmp_path / "in"
    libreoffice(words, "doc:MS Word 97", folder)
    shutil.rmtree(folder / ".profile")
    digest = summarize(folder)
    assert not digest.skipped
    for report in digest.reports:
        name = Path(report.path).with_suffix(".txt").name
        assert report.format == "doc"
        assert report.region.name == places[name], name
        as_text = read_report(corpus / name)
        assert (report.title, report.headline) == (as_text.title, as_text.headline), name


# ---- scans, missing LibreOffice, failed conversions ------------------------------------------------


def test_scanned_ofd_and_word_are_skipped_with_their_reason(tmp_path: Path) -> None:
    build_ofd([], tmp_path / "scan.ofd", image_only=True)
    word = docx.Document()
    (tmp_path / "scan.png").write_bytes(png())
    word.add_picture(str(tmp_path / "scan.png"))
    word.save(str(tmp_path / "scan.docx"))
    for name in ("scan.ofd", "scan.docx"):
        with pytest.raises(InputError) as err:
            load(tmp_path / name)
        assert skip_reason(Skipped(name, err.value.reason)) == ("no_text_layer", SCANNED)


def test_without_libreoffice_each_file_is_skipped_and_the_rest_briefed(
    tmp_path: Path, references: dict[str, Report], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(office, "find_soffice", lambda: None)
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SEED_FILES[0], folder / "a.txt")
    # Word 97's signature and a broken body: never opened without LibreOffice.
    (folder / "b.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    (folder / "c.rtf").write_bytes(b"{\\rtf1\\ansi \\u25253?}")
    (folder / "d.odt").write_bytes(b"PK\x03\x04" + b"\0" * 26 + b"mimetypeapplication/vnd.oasis.opendocument.text")
    # A .wps that is an OOXML package is read by its content, LibreOffice or not.
    build_docx(SEED_FILES[1], references[SEED_FILES[1].stem], folder / "e.wps")
    code, out = invoke(str(folder), "--json", "-o", str(tmp_path / "out"))
    assert code == 4, out
    data = briefing_json(tmp_path / "out")
    assert {r["name"]: r["format"] for r in data["reports"]} == {"a.txt": "txt", "e.wps": "docx"}
    assert [(s["name"], s["reason_code"], s["reason_zh"]) for s in data["skipped"]] == [
        (name, "needs_libreoffice", "需要安装 LibreOffice") for name in ("b.doc", "c.rtf", "d.odt")
    ]


FAKE_SOFFICE = """#!{python}
# LibreOffice's command line as the tests need it: each file converted in order, a file
# holding HANG hangs it, one holding CRASH ends it.
import pathlib, sys, time
args = sys.argv[1:]
with open({log!r}, "a") as log:
    log.write("start\\n")
out = pathlib.Path(args[args.index("--outdir") + 1])
for name in args[args.index("--outdir") + 2 :]:
    data = pathlib.Path(name).read_bytes()
    if b"HANG" in data:
        time.sleep(60)
    if b"CRASH" in data:
        sys.exit(81)
    if b"REFUSE" not in data:
        (out / (pathlib.Path(name).stem + ".docx")).write_bytes(b"converted " + data)
"""


@pytest.fixture
def fake_soffice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A stand-in ``soffice`` first on the PATH; returns its log of starts."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    log = tmp_path / "starts.log"
    script = bin_dir / "soffice"
    script.write_text(FAKE_SOFFICE.format(python=sys.executable, log=str(log)), encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setattr(office, "STALL_SECONDS", 2.0)
    return log


def test_one_start_converts_every_file(fake_soffice: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    sources = [(Path(f"r{n}.doc"), ".doc", f"report {n}".encode()) for n in range(6)]
    with office.converted(sources) as results:
        got = {path.name: Path(r).read_bytes() for path, r in results.items() if not isinstance(r, str)}
    assert got == {f"r{n}.doc": f"converted report {n}".encode() for n in range(6)}
    assert fake_soffice.read_text().count("start") == 1
    # Past FILES_PER_START, one more start for each such many files.
    monkeypatch.setattr(office, "FILES_PER_START", 4)
    with office.converted(sources) as results:
        assert all(not isinstance(r, str) for r in results.values())
    assert fake_soffice.read_text().count("start") == 1 + 2


def test_a_file_that_fails_to_convert_costs_only_itself(fake_soffice: Path) -> None:
    contents = [b"one", b"HANG", b"two", b"REFUSE", b"CRASH", b"three"]
    sources = [(Path(f"{n}.doc"), ".doc", data) for n, data in enumerate(contents)]
    started = time.monotonic()
    with office.converted(sources) as results:
        got = {p.name: r if isinstance(r, str) else Path(r).read_bytes().decode() for p, r in results.items()}
    assert got == {
        "0.doc": "converted one",
        "1.doc": "LibreOffice could not convert the file (no result after 2 s)",
        "2.doc": "converted two",
        # Refused and crashed with no result between: each is given up, neither costs the others.
        "3.doc": "LibreOffice could not convert the file (LibreOffice stopped with code 81)",
        "4.doc": "LibreOffice could not convert the file (LibreOffice stopped with code 81)",
        "5.doc": "converted three",
    }
    assert fake_soffice.read_text().count("start") == 4
    # The hang cost its stall, not the run's: the whole took a few seconds.
    assert time.monotonic() - started < 30


def test_an_ofd_whose_index_lies_about_its_sizes_is_refused_at_what_it_declared(tmp_path: Path) -> None:
    import io
    import zipfile

    from .test_hostile2 import rewrite_declared_size

    build_ofd(["某县2023年工作总结。全县完成投资12亿元。"], tmp_path / "good.ofd")
    source = zipfile.ZipFile(tmp_path / "good.ofd")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as package:
        for item in source.infolist():
            package.writestr(item.filename, source.read(item.filename))
        with package.open("Doc_0/Res/font.bin", "w") as fh:  # 80 MB of blanks declared as 2 KB
            for _ in range(80):
                fh.write(b" " * (1 << 20))
    lying = tmp_path / "lying.ofd"
    lying.write_bytes(rewrite_declared_size(out.getvalue(), "Doc_0/Res/font.bin", 2000))
    with pytest.raises(InputError, match="OFD file has a false zip index"):
        load(lying)
