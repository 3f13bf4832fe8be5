"""Hostile input, second round (issue 29): lying archives, odd names, links out, template bombs,
the API's own errors, bidirectional controls, two runs into one folder.

Every hostile input is built here, at test time. Each case runs the command in a child
process beside the five seeds, measures its peak memory (``ru_maxrss``), holds it under
500 MB and checks the seeds all make the digest; ``-s`` prints the peaks.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import struct
import subprocess
import sys
import time
import zipfile
import zlib
from pathlib import Path

import docx
import pytest

from summarizer import ArgumentTypeError, InputError, OptionError, Options, SummarizerError, analyse_text, summarize
from summarizer.reading.load import load

from .conftest import ROOT, SEEDS
from .test_hostile import docx_text, pdf_bytes

MAX_PEAK_MB = 500
REPORT = "某县组织部工作情况\n全县成立临时党支部12个，划分党员责任区30个，下拨党费15万元，用于支持基层。\n"
BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"


def peak_run(*args: str, timeout: float = 300) -> tuple[float, subprocess.CompletedProcess[str]]:
    """Run ``summarize ARGS`` in a child process; its peak memory in MB and its result."""
    probe = (
        "import resource, subprocess, sys; "
        "p = subprocess.run(sys.argv[1:], capture_output=True, text=True); "
        "print(p.returncode); print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss); "
        "sys.stderr.write(p.stderr)"
    )
    command = [sys.executable, "-c", probe, sys.executable, "-m", "summarizer", *args]
    proc = subprocess.run(command, capture_output=True, text=True, timeout=timeout, cwd=ROOT)
    code, rss = proc.stdout.split()
    return int(rss) / 1024, subprocess.CompletedProcess(command, int(code), "", proc.stderr)


def checked_peak(case: str, *args: str) -> subprocess.CompletedProcess[str]:
    peak, proc = peak_run(*args)
    print(f"\npeak memory [{case}]: {peak:.0f} MB")
    assert peak < MAX_PEAK_MB, (case, peak)
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc


def with_seeds(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for seed in SEEDS.glob("*.txt"):
        shutil.copy(seed, folder / seed.name)
    return folder


def briefing(out: Path, suffix: str) -> Path:
    return next(out.glob(f"*{suffix}"))


def assert_seeds_kept(out: Path) -> dict[str, object]:
    data = json.loads(briefing(out, ".json").read_text(encoding="utf-8"))
    names = {Path(r["path"]).name for r in data["reports"]}
    assert {p.name for p in SEEDS.glob("*.txt")} <= names
    return data  # type: ignore[no-any-return]


# ---- builders ----------------------------------------------------------------------------------


def lying_docx(inflated_mb: int, declared: int = 2000) -> bytes:
    """A Word file whose document part inflates to ``inflated_mb`` MB of XML while the package's
    index (central directory and local header alike) declares ``declared`` bytes."""
    source = zipfile.ZipFile(io.BytesIO(docx_text(REPORT)))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as package:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename != "word/document.xml":
                package.writestr(item, data)
                continue
            part = zipfile.ZipInfo(item.filename)
            part.compress_type = zipfile.ZIP_DEFLATED
            head, _, tail = data.partition(b"</w:body>")
            with package.open(part, "w", force_zip64=False) as fh:
                fh.write(head)
                blank = b" " * (1 << 20)
                for _ in range(inflated_mb):
                    fh.write(blank)
                fh.write(b"</w:body>" + tail)
    return rewrite_declared_size(out.getvalue(), "word/document.xml", declared)


def rewrite_declared_size(data: bytes, name: str, declared: int) -> bytes:
    """The package with ``name``'s uncompressed size rewritten in its central directory entry
    and its local header (CRC left as it was): the lie of a hand-made zip bomb."""
    buf = bytearray(data)
    end = buf.rfind(b"PK\x05\x06")
    count, _, offset = struct.unpack_from("<HLL", buf, end + 10)
    at = offset
    for _ in range(count):
        assert buf[at : at + 4] == b"PK\x01\x02"
        name_length, extra_length, comment_length = struct.unpack_from("<HHH", buf, at + 28)
        if buf[at + 46 : at + 46 + name_length] == name.encode():
            struct.pack_into("<L", buf, at + 24, declared)
            (local,) = struct.unpack_from("<L", buf, at + 42)
            struct.pack_into("<L", buf, local + 22, declared)
        at += 46 + name_length + extra_length + comment_length
    return bytes(buf)


def flate_bomb_pdf(megabytes: int, pages: int = 1) -> bytes:
    """A PDF with a text page, then ``pages`` pages whose content stream inflates to ``megabytes`` MB each."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import NameObject, StreamObject

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_bytes("某县组织部工作情况\n全县成立临时党支部12个。"))))
    packed = zlib.compress(b"BT ET " + b" " * (megabytes << 20), 9)
    for _ in range(pages):
        page = writer.add_blank_page(595, 842)
        stream = StreamObject()
        stream._data = packed  # already compressed: set_data would compress it again
        stream[NameObject("/Filter")] = NameObject("/FlateDecode")
        page[NameObject("/Contents")] = writer._add_object(stream)
        page[NameObject("/Resources")] = writer.pages[0]["/Resources"]  # fonts: pypdf reads the stream
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


# ---- 1. archives ------------------------------------------------------------------------------


def test_1_the_lying_zip_is_a_real_one() -> None:
    data = lying_docx(8)
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo("word/document.xml")
    assert info.file_size == 2000 and info.compress_size > 8000  # the index says 2 KB of 8 MB
    with pytest.raises(zipfile.BadZipFile):  # Python's zipfile inflates it all, then finds the CRC wrong
        zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml")


def test_1_a_zip_lying_about_its_sizes_is_stopped_at_what_it_declared(tmp_path: Path) -> None:
    folder = with_seeds(tmp_path / "in")
    (folder / "lying.docx").write_bytes(lying_docx(600))  # 600 MB of XML in 0.6 MB; 0.4.0 took 2.2 GB for 1 GB
    proc = checked_peak(
        "lying zip, 600 MB declared as 2 KB", str(folder), "--json", "-j", "1", "-o", str(tmp_path / "o")
    )
    assert proc.returncode == 4, proc.stderr
    assert "lying.docx: Word file has a false zip index" in proc.stderr
    data = assert_seeds_kept(tmp_path / "o")
    (skipped,) = data["skipped"]  # type: ignore[misc]
    assert skipped["reason_code"] == "zip_bomb" and "压缩目录与内容不符" in skipped["reason_zh"]
    assert "未收录：Word 文件的压缩目录与内容不符" in briefing(tmp_path / "o", ".md").read_text(encoding="utf-8")


def test_1_a_truthful_bomb_is_stopped_by_the_ratio(tmp_path: Path) -> None:
    folder = with_seeds(tmp_path / "in")
    with zipfile.ZipFile(folder / "ratio.docx", "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr("word/document.xml", b"<w:document>" + b" " * (20 << 20) + b"</w:document>")
    proc = checked_peak("20 MB at 1000:1, declared truly", str(folder), "--json", "-j", "1", "-o", str(tmp_path / "o"))
    assert proc.returncode == 4 and "ratio.docx: Word file part word/document.xml is compressed more than 300:1" in (
        proc.stderr
    )
    data = assert_seeds_kept(tmp_path / "o")
    assert data["skipped"][0]["reason_zh"] == "Word 文件中有部件压缩比超过 300:1，疑似压缩炸弹"  # type: ignore[index]


def test_1_archive_limits_each_hold(tmp_path: Path) -> None:
    from summarizer.reading.formats import FormatError
    from summarizer.reading.safezip import ZipLimits, check_zip, open_zip

    good = docx_text(REPORT)
    check_zip(good, "Word file")  # a real Word file passes, every part verified
    assert b"w:document" in open_zip(good, "Word file").read("word/document.xml")
    loose = ZipLimits(ratio=10**6)
    with pytest.raises(FormatError, match="false zip index"):
        check_zip(lying_docx(3), "Word file", loose)
    honest = lying_docx(3, declared=3 << 20)  # the index tells the truth about the body, not its tags
    with pytest.raises(FormatError, match=r"part word/document.xml inflates to more than 1 MB \(limit\)"):
        check_zip(honest, "Word file", ZipLimits(part=1 << 20, ratio=10**6))
    with pytest.raises(FormatError, match=r"Word file expands to 3 MB \(limit 2 MB\)"):
        check_zip(honest, "Word file", ZipLimits(total=2 << 20, ratio=10**6))  # refused on the index's word
    declared = sum(info.file_size for info in zipfile.ZipFile(io.BytesIO(good)).infolist())
    package = open_zip(good, "Word file", ZipLimits(total=declared + 100_000))
    for _ in range(3):  # every byte inflated counts, the same part read again too
        try:
            package.read("word/styles.xml")
        except FormatError as err:
            assert "Word file inflates to more than" in str(err)
            break
    else:
        pytest.fail("reading a part over and over never met the package's limit")
    cut = bytearray(good)
    at = cut.find(b"word/document.xml") + len("word/document.xml") + 40  # inside the part's deflated bytes
    cut[at : at + 8] = b"\x00" * 8
    with pytest.raises(FormatError, match="not a readable Word file"):
        check_zip(bytes(cut), "Word file")
    many = io.BytesIO()
    with zipfile.ZipFile(many, "w") as package:
        for i in range(3000):
            package.writestr(f"{'p' * 900}{i}", b"")
    data = bytearray(many.getvalue())
    struct.pack_into("<HH", data, data.rfind(b"PK\x05\x06") + 8, 5, 5)  # the end record says 5 parts
    with pytest.raises(FormatError, match=r"an index of .* MB; limit 2000 parts"):
        check_zip(bytes(data), "Word file")  # refused by the index's size, before zipfile reads it all
    (tmp_path / "lying.docx").write_bytes(lying_docx(3))
    with pytest.raises(InputError, match="false zip index"):
        load(tmp_path / "lying.docx")


def test_1_pdf_streams_are_capped_one_by_one_and_together(tmp_path: Path) -> None:
    folder = with_seeds(tmp_path / "in")
    (folder / "stream.pdf").write_bytes(flate_bomb_pdf(60))  # one 60 MB stream
    (folder / "pages.pdf").write_bytes(flate_bomb_pdf(12, pages=8))  # eight of 12 MB: 0.4.0 kept each, 580 MB
    proc = checked_peak("PDF flate bombs", str(folder), "--json", "-j", "1", "-o", str(tmp_path / "o"))
    assert proc.returncode == 4, proc.stderr
    assert "stream.pdf: PDF holds a stream that inflates past 16 MB (limit)" in proc.stderr
    assert "pages.pdf: PDF streams are compressed more than 300:1" in proc.stderr
    data = assert_seeds_kept(tmp_path / "o")
    assert {s["reason_code"] for s in data["skipped"]} == {"too_large", "zip_bomb"}  # type: ignore[attr-defined]


def test_1_pdf_total_inflated_is_capped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import summarizer.reading.formats.pdf as pdf
    from summarizer.reading.safezip import ZipLimits

    monkeypatch.setattr(pdf, "LIMITS", ZipLimits(ratio=10**6))  # the ratio would stop it first
    (tmp_path / "pages.pdf").write_bytes(flate_bomb_pdf(12, pages=6))
    with pytest.raises(InputError, match=r"PDF streams inflate to more than 64 MB \(limit\)"):
        load(tmp_path / "pages.pdf")


# ---- 2. names ---------------------------------------------------------------------------------


def test_2_any_file_name_is_carried_and_costs_no_one_their_place(tmp_path: Path) -> None:
    folder = with_seeds(tmp_path / "in")
    raw = os.fsencode(folder)
    gbk_name = raw + b"/\xb1\xa8\xb8\xe6\xff.txt"  # 报告 in GBK, then a byte no encoding takes
    with open(gbk_name, "wb") as fh:
        fh.write(REPORT.encode("utf-8"))
    with open(raw + b"/\xc0\x80" + "空.txt".encode(), "wb"):
        pass  # an empty file whose name is not UTF-8 either: skipped, by name
    proc = checked_peak("names not UTF-8", str(folder), "--json", "--docx", "-j", "1", "-o", str(tmp_path / "o"))
    assert proc.returncode == 4, proc.stderr
    assert r"\udcb1\udca8\udcb8\udce6\udcff.txt" not in proc.stderr  # read, not skipped
    assert r"\udcc0\udc80空.txt: empty file" in proc.stderr
    out = tmp_path / "o"
    raw_json = briefing(out, ".json").read_bytes()
    raw_json.decode("utf-8")  # valid UTF-8 throughout
    data = assert_seeds_kept(out)
    odd = [r for r in data["reports"] if r["path"].endswith("\udcff.txt")]  # type: ignore[attr-defined]
    assert len(odd) == 1 and os.fsencode(odd[0]["path"]) == gbk_name  # the exact bytes, back
    assert odd[0]["name"] == "\ufffd" * 5 + ".txt"
    assert "\\udcff" in raw_json.decode("utf-8")  # written as a surrogate escape
    md = briefing(out, ".md").read_text(encoding="utf-8")
    assert "| \ufffd\ufffd\ufffd\ufffd\ufffd.txt |" in md and "\ufffd\ufffd空.txt | 未收录：空文件" in md
    word = docx.Document(str(briefing(out, ".docx")))
    cells = {c.text for t in word.tables for r in t.rows for c in r.cells}
    assert "\ufffd" * 5 + ".txt" in cells


# ---- 3. templates ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("case", "expression", "message"),
    [
        ("repetition", "{{ 'A' * 10**9 }}", "would build a value of 1,000,000,000 characters"),
        ("power", "{{ 10 ** 1000000000 }}", "computes an integer of about"),
        ("padding", "{{ 'a' | center(1000000000) }}{{ 'a'.ljust(10**9) }}", "would build a value of"),
        ("format width", "{{ '{:>{}}'.format('a', 10**9) }}{{ '%*s' % (10**9, 'a') }}", "would build a value of"),
        (
            "doubling",
            "{% set ns = namespace(x='AAAA') %}{% for i in range(40) %}{% set ns.x = ns.x ~ ns.x %}{% endfor %}",
            "joins a string of about",
        ),
        (
            "nesting",
            "{% set ns = namespace(x=['a']) %}{% for i in range(60) %}{% set ns.x = [ns.x, ns.x] %}{% endfor %}"
            "{{ ns.x }}",
            "prints a value of about",
        ),
        ("join", "{% set a = 'A' * 4000000 %}{{ ([a] * 4000000) | join }}", "joins a string of about"),
        ("replace", "{% set a = 'A' * 4000000 %}{{ a.replace('A', 'BBBBBBBBBB') }}", "would build a str of"),
        ("output", "{% set a = 'A' * 4000000 %}{% for i in range(100) %}{{ a }}{% endfor %}", "writes more than"),
        (
            "steps",
            "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
            "takes more than 1,000,000 steps",
        ),
    ],
)
def test_3_template_bombs_stop_with_exit_6_and_write_nothing(
    tmp_path: Path, case: str, expression: str, message: str
) -> None:
    template = tmp_path / "evil.md.j2"
    template.write_text("# {{ title }}\n" + expression + "\n", encoding="utf-8")
    folder = with_seeds(tmp_path / "in")
    out = tmp_path / "o"
    proc = checked_peak(f"template {case}", str(folder), "--json", "--template", str(template), "-o", str(out))
    assert proc.returncode == 6, proc.stderr
    assert f"{template}" in proc.stderr and "template error: the template " + message in proc.stderr, proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1
    assert not out.exists() or not list(out.iterdir())


def test_3_a_word_template_bomb_too(tmp_path: Path) -> None:
    template = tmp_path / "evil.docx"
    document = docx.Document()
    document.add_paragraph("{{ 'A' * 10**9 }}")
    document.save(str(template))
    (tmp_path / "lying.docx").write_bytes(lying_docx(50))
    for name in ("evil.docx", "lying.docx"):
        out = tmp_path / f"out-{name}"
        proc = checked_peak(
            f"Word template {name}", str(SEEDS), "--docx", "--template", str(tmp_path / name), "-o", str(out)
        )
        assert proc.returncode == 6 and "template error" in proc.stderr, proc.stderr
        assert not out.exists() or not list(out.iterdir())


def test_3_our_templates_stay_well_within_the_bounds() -> None:
    from summarizer.rendering.context import Briefing
    from summarizer.rendering.markdown import iter_markdown, markdown_template

    template = markdown_template()
    text = "".join(iter_markdown(Briefing.of(summarize(SEEDS), cited=True), template))
    assert "## 五、来源" in text
    assert template.environment.steps < 200  # type: ignore[attr-defined]  # 20 a report; the bound is 1,000,000


# ---- 4. links ---------------------------------------------------------------------------------


def test_4_links_out_of_the_named_folders_are_skipped_unless_followed(tmp_path: Path) -> None:
    secret = tmp_path / "elsewhere"
    secret.mkdir()
    # Each body its own: reports whose text is the same after their title are read once.
    (secret / "机密.txt").write_text(REPORT.replace("全县", "某机密县"), encoding="utf-8")
    (secret / "more").mkdir()
    (secret / "more" / "另一份.txt").write_text(REPORT.replace("全县", "另一县"), encoding="utf-8")
    folder = with_seeds(tmp_path / "in")
    (folder / "inner").mkdir()
    (folder / "inner" / "本地.txt").write_text(REPORT.replace("全县", "本地县"), encoding="utf-8")
    (folder / "link.txt").symlink_to(secret / "机密.txt")
    (folder / "folder_link").symlink_to(secret / "more", target_is_directory=True)
    (folder / "inside_link.txt").symlink_to(folder / "inner" / "本地.txt")  # inside: the same file, read once
    proc = checked_peak("links out", str(folder), "--json", "-j", "1", "-o", str(tmp_path / "o"))
    assert proc.returncode == 4, proc.stderr
    for name in ("link.txt", "folder_link"):
        assert f"{name}: symbolic link to outside the folders named" in proc.stderr
    data = assert_seeds_kept(tmp_path / "o")
    text = json.dumps(data, ensure_ascii=False)
    assert "机密" not in text.replace("link.txt", "") and "另一县" not in text
    assert "本地县" in text
    md = briefing(tmp_path / "o", ".md").read_text(encoding="utf-8")
    assert "| link.txt | 未收录：符号链接指向所给文件夹之外" in md
    # Named, the outside folder is one of the folders named: its files are read.
    proc = checked_peak("links followed", str(folder), "--follow-links", "--json", "-j", "1", "-o", str(tmp_path / "f"))
    assert proc.returncode == 0, proc.stderr
    data = assert_seeds_kept(tmp_path / "f")
    assert {"link.txt", "另一份.txt"} <= {Path(r["path"]).name for r in data["reports"]}  # type: ignore[attr-defined]
    assert summarize([folder, secret]).skipped == ()  # both named: nothing leads out


# ---- 5. the API's own errors --------------------------------------------------------------------


@pytest.mark.parametrize("text", [None, b"\xe5\x85\x9a", 42, ["党员"]])
def test_5_analyse_text_refuses_what_is_not_text(text: object) -> None:
    with pytest.raises(ArgumentTypeError, match="text must be a str") as caught:
        analyse_text(text)  # type: ignore[arg-type]
    assert isinstance(caught.value, TypeError) and isinstance(caught.value, SummarizerError)


def test_5_the_api_holds_the_command_lines_caps() -> None:
    with pytest.raises(InputError, match=r"report text too long \(more than 1,000,000 characters\)"):
        analyse_text("党" * 1_000_001)
    with pytest.raises(InputError, match="report text too long"):
        analyse_text("党员\n" * 8_000_000)  # past what a text file may hold: refused before splitting
    assert analyse_text("通渭县疫情防控\n" + "全县成立临时党支部50个。" * 3).region.name == "通渭县"
    assert analyse_text("\udcff通渭县成立临时党支部50个。").figures  # a lone surrogate cannot stop the segmenter
    for call, kind, message in [
        (lambda: analyse_text("党员", options={"length": 200}), ArgumentTypeError, "options must be an Options"),  # type: ignore[arg-type]
        (lambda: analyse_text("党员", fmt="xlsx"), OptionError, "unknown format 'xlsx'"),  # type: ignore[arg-type]
        (lambda: analyse_text("党员", path=Path("x")), ArgumentTypeError, "path must be a str"),  # type: ignore[arg-type]
        (lambda: summarize(SEEDS, title="标" * 201), OptionError, "a title has at most 200"),
        (lambda: summarize(SEEDS, title=5), ArgumentTypeError, "title must be a str"),  # type: ignore[arg-type]
        (lambda: summarize(SEEDS, jobs=0), OptionError, "jobs must be at least 1"),
        (lambda: summarize(SEEDS, jobs="2"), ArgumentTypeError, "jobs must be an int"),  # type: ignore[arg-type]
        (lambda: summarize(SEEDS, on_skip=3), ArgumentTypeError, "on_skip must be callable"),  # type: ignore[arg-type]
        (lambda: summarize(b"seeds"), ArgumentTypeError, "paths must be a path"),  # type: ignore[arg-type]
        (lambda: summarize(SEEDS, exclude=[3]), ArgumentTypeError, "each path must be"),  # type: ignore[list-item]
        (lambda: Options(length="200"), ArgumentTypeError, "length must be an int"),  # type: ignore[arg-type]
        (lambda: Options(userdicts="a.txt"), ArgumentTypeError, "userdicts must be a tuple"),  # type: ignore[arg-type]
    ]:
        with pytest.raises(kind, match=message):
            call()


def test_5_api_errors_measured_in_a_child(tmp_path: Path) -> None:
    script = (
        "import summarizer\n"
        "for text in (None, b'x', 7, '党' * 1_000_001):\n"
        "    try:\n"
        "        summarizer.analyse_text(text)\n"
        "    except summarizer.SummarizerError as err:\n"
        "        print(type(err).__name__)\n"
    )
    probe = (
        "import resource, subprocess, sys; p = subprocess.run(sys.argv[1:], capture_output=True, text=True); "
        "print(p.stdout, end=''); print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    proc = subprocess.run(
        [sys.executable, "-c", probe, sys.executable, "-c", script],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )
    *kinds, rss = proc.stdout.split()
    print(f"\npeak memory [API argument checks]: {int(rss) / 1024:.0f} MB")
    assert kinds == ["ArgumentTypeError"] * 3 + ["InputError"] and int(rss) / 1024 < MAX_PEAK_MB


# ---- 6. bidirectional controls ------------------------------------------------------------------


def test_6_bidi_controls_are_removed_from_text_and_names_in_every_output(tmp_path: Path) -> None:
    folder = with_seeds(tmp_path / "in")
    spoof = f"报告{BIDI[4]}txt.exe"  # shows as 报告exe.txt
    (folder / f"{spoof}.txt").write_text(
        REPORT.replace("某县组织部", f"某县{BIDI}组织部").replace("下拨党费", f"下拨{BIDI[4]}党费"), encoding="utf-8"
    )
    (folder / f"空{BIDI[4]}.txt").write_bytes(b"")
    out = tmp_path / "o"
    proc = checked_peak(
        "bidi controls", str(folder), "--json", "--docx", "--eml", "--title", f"简报{BIDI[4]}标题", "-o", str(out)
    )
    assert proc.returncode == 4, proc.stderr
    for suffix in (".md", ".json", ".eml"):
        raw = briefing(out, suffix).read_text(encoding="utf-8")
        assert not any(ch in raw for ch in BIDI), suffix
    word = zipfile.ZipFile(briefing(out, ".docx"))
    assert not any(ch in word.read(n).decode("utf-8") for n in word.namelist() if n.endswith(".xml") for ch in BIDI)
    data = assert_seeds_kept(out)
    report = next(r for r in data["reports"] if "txt.exe" in r["path"])  # type: ignore[attr-defined]
    assert report["title"] == "某县组织部工作情况" and report["name"] == "报告txt.exe.txt"
    assert os.path.exists(report["path"])  # the path, escaped in the file, names the file exactly
    assert data["title"] == "简报标题"
    md = briefing(out, ".md").read_text(encoding="utf-8")
    assert "# 简报标题" in md and "| 报告txt.exe.txt |" in md and "| 空.txt | 未收录：空文件" in md


# ---- 7. one run at a time into a folder ----------------------------------------------------------

HOLDER = """
import sys, time
from pathlib import Path
from summarizer.rendering.lock import output_lock
with output_lock(Path(sys.argv[1])):
    print("held", flush=True)
    sys.stdin.readline()
"""


def test_7_a_second_run_into_the_same_folder_fails_fast_or_waits(tmp_path: Path) -> None:
    out = tmp_path / "o"
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(out)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=ROOT
    )
    assert holder.stdout is not None and holder.stdin is not None
    try:
        assert holder.stdout.readline().strip() == "held"
        start = time.monotonic()
        proc = checked_peak("second run, locked out", str(SEEDS), "--json", "-o", str(out))
        assert time.monotonic() - start < 30  # before any report is analysed
        assert proc.returncode == 5, proc.stderr
        assert f"{out}: another summarize run is writing to this folder" in proc.stderr and "--wait" in proc.stderr
        assert not list(out.iterdir())
        waiter = subprocess.Popen(
            [sys.executable, "-m", "summarizer", str(SEEDS), "--wait", "-q", "-o", str(out)],
            stderr=subprocess.PIPE,
            text=True,
            cwd=ROOT,
        )
        assert waiter.stderr is not None
        assert "waiting for another run writing to" in waiter.stderr.readline()
        assert waiter.poll() is None  # still waiting
    finally:
        holder.stdin.write("done\n")
        holder.stdin.close()
        holder.wait(timeout=60)
    assert waiter.wait(timeout=300) == 0
    assert [p.name for p in out.iterdir()] == ["briefing-2020-05-13.md"]
