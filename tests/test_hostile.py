"""Hostile input (issue 19): nothing injected, nothing exhausted, one bad file never costs the others.

Every hostile file is built here; nothing large is committed. The numbers in the test
names follow the issue's list.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from summarizer import InputError, summarize
from summarizer.cli import main
from summarizer.reading.load import load

from .conftest import SEEDS

GOOD = SEEDS / "004_9f45e3f91ec10f20.txt"
REPORT = "某县组织部工作情况\n全县成立临时党支部12个，划分党员责任区30个，下拨党费15万元，{}，用于支持基层。\n"
"""A report whose one sentence (so its key sentence) carries the hostile text."""


def invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def cli(*args: str, timeout: float = 300, **kw: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "summarizer", *args], capture_output=True, text=True, timeout=timeout, **kw
    )


def fingerprint(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.is_symlink()
    }


# ---- builders ---------------------------------------------------------------------------


def docx_with_body(xml_body: str) -> bytes:
    """A minimal Word package whose document.xml body is ``xml_body`` as given (possibly broken)."""
    base = io.BytesIO()
    docx.Document().save(base)
    src = zipfile.ZipFile(io.BytesIO(base.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "word/document.xml":
                head = data.decode("utf-8").partition("<w:body>")[0]
                data = (head + "<w:body>" + xml_body + "</w:body></w:document>").encode("utf-8")
            z.writestr(item, data)
    return out.getvalue()


def docx_text(text: str) -> bytes:
    document = docx.Document()
    for line in text.splitlines():
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def pdf_bytes(text: str) -> bytes:
    pytest.importorskip("reportlab")
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    out = io.BytesIO()
    pdf = canvas.Canvas(out)
    y = 800
    for line in text.splitlines():
        pdf.setFont("STSong-Light", 12)
        pdf.drawString(40, y, line)
        y -= 16
    pdf.save()
    return out.getvalue()


def hostile_files(folder: Path) -> dict[str, str]:
    """Every hostile file of the issue that is a file, with a word its skip reason must contain."""
    folder.mkdir(parents=True, exist_ok=True)
    reasons = {}
    (folder / "bad_xml.docx").write_bytes(docx_with_body("<w:p><w:r><w:t>党员</w:t></w:r></w:p><w:p><unclosed>"))
    reasons["bad_xml.docx"] = "not a readable Word file"
    entities = '<!ENTITY a "党党党党党党党党党党">' + "".join(
        f'<!ENTITY {c} "{("&" + p + ";") * 10}">' for p, c in zip("abcdefgh", "bcdefghi")
    )
    laughs = docx_with_body("<w:p><w:r><w:t>&i;</w:t></w:r></w:p>").replace(
        b"<w:document", b"<!DOCTYPE w:document [" + entities.encode() + b"]><w:document", 1
    )
    (folder / "laughs.docx").write_bytes(laughs)
    reasons["laughs.docx"] = "Word"
    with zipfile.ZipFile(folder / "zip_bomb.docx", "w", zipfile.ZIP_DEFLATED) as w:
        w.writestr("[Content_Types].xml", "<Types/>")
        w.writestr("word/document.xml", b"<w:document>" + b" " * (70 * 1024 * 1024) + b"</w:document>")
    reasons["zip_bomb.docx"] = "expands to"
    with zipfile.ZipFile(folder / "many_parts.docx", "w") as w:
        for i in range(2100):
            w.writestr(f"p{i}.xml", "x")
    reasons["many_parts.docx"] = "parts"
    # Same length, so the cross-reference offsets stay right: only the filter is unsupported.
    pdf = pdf_bytes("全县成立临时党支部12个。").replace(b"/FlateDecode ]", b"/JBIG2Decode ]")
    assert b"JBIG2Decode" in pdf
    (folder / "bad_filter.pdf").write_bytes(pdf)
    reasons["bad_filter.pdf"] = "PDF"
    (folder / "truncated.pdf").write_bytes(pdf_bytes("全县成立临时党支部12个。")[:300])
    reasons["truncated.pdf"] = "PDF"
    os.mkfifo(folder / "fifo.txt")
    reasons["fifo.txt"] = "not a regular file"
    (folder / "zero.txt").symlink_to("/dev/zero")
    reasons["zero.txt"] = "symbolic link to outside the folders named"
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 8)
    reasons["binary.txt"] = "binary"
    with (folder / "huge.txt").open("wb") as fh:  # sparse: 30 MB without writing 30 MB
        fh.truncate(30 * 1024 * 1024)
    reasons["huge.txt"] = "file too large (30 MB; limit 20 MB)"
    return reasons


# ---- 1. injection into the Word file -------------------------------------------------------


INJECTION = (
    'R&D研发<b>粗体</b></w:t></w:r></w:p></w:body></w:document> 字段 INCLUDEPICTURE "http://example.com/x.png" \\d'
)


def test_1_word_shows_report_text_literally_and_stays_whole(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "A&B<x>.txt").write_text(REPORT.format(INJECTION), encoding="utf-8")
    shutil.copy(GOOD, folder / "good.txt")
    code, out = invoke(str(folder), "--docx", "-o", str(tmp_path / "out"))
    assert code == 0, out
    path = next((tmp_path / "out").glob("*.docx"))
    document = docx.Document(str(path))
    text = "\n".join(p.text for p in document.paragraphs)
    tables = "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)
    assert "R&D研发<b>粗体</b></w:t></w:r></w:p></w:body></w:document>" in text + tables
    assert "A&B<x>.txt" in tables
    # The briefing is whole, not cut at the planted </w:body>: its last part and table are there.
    assert "五、来源" in text and "good.txt" in tables
    from lxml import etree

    tree = etree.fromstring(zipfile.ZipFile(path).read("word/document.xml"))
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    fields = [e.text or "" for e in tree.iter(f"{w}instrText")] + [
        e.get(f"{w}instr") or "" for e in tree.iter(f"{w}fldSimple")
    ]
    assert not any("INCLUDEPICTURE" in f for f in fields)  # the words are text, not a field
    assert any("INCLUDEPICTURE" in (e.text or "") for e in tree.iter(f"{w}t"))


def test_1_word_briefing_opens_in_libreoffice(tmp_path: Path) -> None:
    if not shutil.which("soffice"):
        pytest.skip("LibreOffice (soffice) is not installed")
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "r.txt").write_text(REPORT.format(INJECTION), encoding="utf-8")
    assert invoke(str(tmp_path / "in"), "--docx", "-o", str(tmp_path / "out"))[0] == 0
    path = next((tmp_path / "out").glob("*.docx"))
    proc = subprocess.run(
        ["soffice", "--headless", "--convert-to", "txt:Text", "--outdir", str(tmp_path), str(path)],
        capture_output=True,
        text=True,
        timeout=180,
    )
    converted = tmp_path / (path.stem + ".txt")
    assert converted.exists(), proc.stderr
    assert "R&D研发<b>粗体</b></w:t>" in converted.read_text(encoding="utf-8-sig")


# ---- 2. templates are sandboxed ------------------------------------------------------------------


@pytest.mark.parametrize(
    "expression",
    [
        "{{ cycler.__init__.__globals__.os.popen('id').read() }}",
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{{ self._TemplateReference__context }}",
    ],
)
def test_2_markdown_templates_cannot_reach_the_interpreter(tmp_path: Path, expression: str) -> None:
    template = tmp_path / "evil.md.j2"
    template.write_text(f"# {{{{ title }}}}\n{expression}\n", encoding="utf-8")
    code, out = invoke(str(GOOD), "--template", str(template), "-o", str(tmp_path / "out"))
    assert code == 6 and "template error" in out, out
    assert "uid=" not in out
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())


def test_2_word_templates_are_sandboxed_too(tmp_path: Path) -> None:
    template = tmp_path / "evil.docx"
    document = docx.Document()
    document.add_paragraph("{{ cycler.__init__.__globals__.os.popen('id').read() }}")
    document.save(str(template))
    code, out = invoke(str(GOOD), "--docx", "--template", str(template), "-o", str(tmp_path / "out"))
    assert code == 6 and "template error" in out and "uid=" not in out


# ---- 3. Markdown is inert -------------------------------------------------------------------------


def test_3_html_and_links_in_reports_are_inert_in_markdown(tmp_path: Path) -> None:
    hostile = (
        "<script>alert(1)</script> [点此](javascript:alert(1)) ![x](http://e.cn/t.png) <img src=x onerror=alert(1)>"
    )
    (tmp_path / "r.txt").write_text(REPORT.format(hostile), encoding="utf-8")
    code, out = invoke(str(tmp_path / "r.txt"), "-o", str(tmp_path / "out"))
    assert code == 0, out
    md = next((tmp_path / "out").glob("*.md")).read_text(encoding="utf-8")
    body = md.split("## 四、各地情况", 1)[1]
    assert not re.search(r"(?<!\\)[<\[]", body.split("## 五、来源")[0])  # no tag, link or image can open
    assert r"\<script>" in md and r"\[点此\](javascript:alert(1))" in md


# ---- 4. file names cannot forge lines or break tables ---------------------------------------------


def test_4_file_names_with_newlines_and_bars(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a|b\nsummarize: wrote forged.md.txt").write_text(REPORT.format("甲"), encoding="utf-8")
    (folder / "empty\n.txt").write_bytes(b"")
    code, out = invoke(str(folder), "-o", str(tmp_path / "out"))
    assert code == 4
    assert "\nsummarize: wrote forged" not in out
    assert all(line.startswith(("summarize:", "wrote ")) for line in out.splitlines())
    md = next((tmp_path / "out").glob("*.md")).read_text(encoding="utf-8")
    source_rows = [line for line in md.splitlines() if line.startswith("| a")]
    assert len(source_rows) == 1 and source_rows[0].count(" | ") == 5 and r"a\|b" in source_rows[0]


# ---- 5-8. exhaustion ------------------------------------------------------------------------------


def test_5_compressed_bombs_are_refused_before_parsing(tmp_path: Path) -> None:
    reasons = hostile_files(tmp_path / "in")
    for name in ("zip_bomb.docx", "many_parts.docx"):
        start = time.monotonic()
        with pytest.raises(InputError, match=reasons[name]):
            load(tmp_path / "in" / name)
        assert time.monotonic() - start < 5


def test_5_a_big_word_body_reads_in_linear_time(tmp_path: Path) -> None:
    styled = '<w:p><w:pPr><w:pStyle w:val="ListBullet"/></w:pPr><w:r><w:t>第{0}段：临时党支部{0}个。</w:t></w:r></w:p>'
    plain = "<w:p><w:r><w:t>第{0}段：全县成立临时党支部{0}个。</w:t></w:r></w:p>"
    body = "".join((styled if i % 2 else plain).format(i) for i in range(20000))
    (tmp_path / "big.docx").write_bytes(docx_with_body(body))
    start = time.monotonic()
    blocks = load(tmp_path / "big.docx").blocks
    assert len(blocks) == 20000
    assert time.monotonic() - start < 10  # python-docx's Paragraph.style took 0.66 ms each


def test_6_fifos_and_devices_are_not_read(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    os.mkfifo(folder / "fifo.txt")
    (folder / "zero.txt").symlink_to("/dev/zero")
    os.mkfifo(folder / "fifo.docx")
    shutil.copy(GOOD, folder / "good.txt")
    # Followed on request: the link to /dev/zero is refused as a device, not read forever.
    proc = cli(str(folder), "--follow-links", "-o", str(tmp_path / "out"), timeout=60)
    assert proc.returncode == 4, proc.stderr
    for name in ("fifo.txt", "zero.txt", "fifo.docx"):
        assert f"{name}: not a regular file" in proc.stderr


def _peak_rss_mb(*args: str) -> tuple[float, subprocess.CompletedProcess[str]]:
    probe = (
        "import resource, subprocess, sys; "
        "p = subprocess.run(sys.argv[1:], capture_output=True, text=True); "
        "print(p.returncode); print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss); "
        "sys.stderr.write(p.stderr)"
    )
    proc = subprocess.run(
        [sys.executable, "-c", probe, sys.executable, "-m", "summarizer", *args],
        capture_output=True,
        text=True,
        timeout=600,
    )
    code, rss = proc.stdout.split()
    return int(rss) / 1024, subprocess.CompletedProcess(proc.args, int(code), "", proc.stderr)


def test_7_a_line_without_punctuation_has_bounded_sentences_and_memory(tmp_path: Path) -> None:
    rng = random.Random(7)
    chars = "党员干部下沉社区开展疫情防控工作发放物资捐款党费志愿者服务群众全县镇村组织"
    (tmp_path / "line.txt").write_text("".join(rng.choice(chars) for _ in range(700_000)), encoding="utf-8")
    peak, proc = _peak_rss_mb(str(tmp_path / "line.txt"), "--json", "-q", "-o", str(tmp_path / "out"))
    assert proc.returncode == 0, proc.stderr
    assert peak < 450, peak  # about 250 MB measured; the interpreter and dictionary are 100 of them
    data = json.loads(next((tmp_path / "out").glob("*.json")).read_text(encoding="utf-8"))
    (report,) = data["reports"]
    assert max(len(s) for sec in report["sections"] for s in sec["sentences"]) <= 1000
    assert sum(len(s) for s in report["summary"]) <= 1000


def test_7_a_huge_report_is_refused_with_little_memory(tmp_path: Path) -> None:
    text = "".join(p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt")))
    (tmp_path / "huge.txt").write_text((text * 300)[:6_500_000], encoding="utf-8")  # 19 MB
    shutil.copy(GOOD, tmp_path / "good.txt")
    peak, proc = _peak_rss_mb(str(tmp_path), "-o", str(tmp_path / "out"))
    assert proc.returncode == 4 and "huge.txt: report text too long" in proc.stderr, proc.stderr
    assert peak < 300, peak


def test_7_many_tiny_files_keep_memory_flat(tmp_path: Path) -> None:
    folder = tmp_path / "tiny"
    folder.mkdir()
    for i in range(2000):
        (folder / f"{i:05d}.txt").write_text(
            f"某县组织部\n全县成立临时党支部{i}个，下拨党费{i}万元。", encoding="utf-8"
        )
    peak, proc = _peak_rss_mb(str(folder), "-j", "1", "-q", "-o", str(tmp_path / "out"))
    assert proc.returncode == 0, proc.stderr
    assert peak < 250, peak


def test_8_a_userdict_that_never_ends_is_refused(tmp_path: Path) -> None:
    code, out = invoke(str(GOOD), "--userdict", "/dev/zero", "-o", str(tmp_path / "out"))
    assert code == 2 and "/dev/zero: user dictionary is not a regular file" in out


# ---- 9-14. nothing lost ---------------------------------------------------------------------------


def test_9_malformed_word_and_pdf_files_are_skipped_by_name(tmp_path: Path) -> None:
    reasons = hostile_files(tmp_path / "in")
    for name in ("bad_xml.docx", "laughs.docx", "bad_filter.pdf", "truncated.pdf"):
        try:
            document = load(tmp_path / "in" / name)
        except InputError as err:
            assert err.path.endswith(name) and reasons[name] in err.reason
        else:  # read: the parser coped; what came back is text, not an explosion
            assert sum(len(b.text) for b in document.blocks) < 100_000


def test_10_an_unreadable_sub_folder_is_skipped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "in"
    (folder / "locked").mkdir(parents=True)
    shutil.copy(GOOD, folder / "good.txt")
    real = os.scandir

    def scandir(path: object) -> object:
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "scandir", scandir)
    code, out = invoke(str(folder), "--json", "-o", str(tmp_path / "out"))
    assert code == 4, out
    assert "locked: cannot read folder (Permission denied)" in out
    data = json.loads(next((tmp_path / "out").glob("*.json")).read_text(encoding="utf-8"))
    assert len(data["reports"]) == 1


def test_11_a_run_never_reads_its_own_outputs_or_a_file_twice(tmp_path: Path) -> None:
    shutil.copytree(SEEDS, tmp_path / "work")
    for _ in range(2):
        proc = cli(".", "--json", "--docx", "-q", cwd=tmp_path / "work")
        assert proc.returncode == 0, proc.stderr
    data = json.loads(next((tmp_path / "work" / "outputs").glob("*.json")).read_text(encoding="utf-8"))
    assert len(data["reports"]) == 5
    digest = summarize([GOOD, GOOD, SEEDS, str(GOOD)])
    assert len(digest.reports) == 5


def _copies(folder: Path, n: int) -> Path:
    """A folder of ``n`` copies of a good report: a run long enough to be interrupted."""
    folder.mkdir()
    for i in range(n):
        shutil.copy(GOOD, folder / f"r{i}.txt")
    return folder


def test_12_sigterm_is_handled_like_ctrl_c(tmp_path: Path) -> None:
    corpus = _copies(tmp_path / "in", 60)
    proc = subprocess.Popen(
        [sys.executable, "-m", "summarizer", str(corpus), "-j", "2", "-o", str(tmp_path / "out")],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    time.sleep(2.5)
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode in (0, 143), err
    if proc.returncode == 143:
        assert "terminated" in err and "Traceback" not in err
    out = tmp_path / "out"
    assert not out.exists() or not [p for p in out.iterdir() if p.name.startswith(".")]


def _children(pid: int) -> list[int]:
    try:
        tasks = Path(f"/proc/{pid}/task").iterdir()
        return [int(c) for t in tasks for c in (t / "children").read_text().split()]
    except OSError:
        return []


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="worker clean-up uses Linux's parent-death signal")
def test_12_workers_do_not_outlive_a_killed_parent(tmp_path: Path) -> None:
    corpus = _copies(tmp_path / "in", 200)
    proc = subprocess.Popen(
        [sys.executable, "-m", "summarizer", str(corpus), "-j", "2", "-q", "-o", str(tmp_path / "out")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    workers: list[int] = []
    deadline = time.monotonic() + 60
    while len(workers) < 2 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.2)
        workers = _children(proc.pid)
    if len(workers) < 2:
        proc.kill()
        pytest.skip("the run finished before its workers could be seen")
    proc.kill()
    proc.wait()
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and any(Path(f"/proc/{w}").exists() and "Z" not in _state(w) for w in workers):
        time.sleep(0.2)
    assert not [w for w in workers if Path(f"/proc/{w}").exists() and "Z" not in _state(w)]


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
    except OSError:
        return "Z"


def test_13_outputs_follow_the_umask(tmp_path: Path) -> None:
    previous = os.umask(0o022)
    try:
        assert invoke(str(GOOD), "--json", "--docx", "-o", str(tmp_path / "out"))[0] == 0
    finally:
        os.umask(previous)
    for path in (tmp_path / "out").iterdir():
        assert path.stat().st_mode & 0o777 == 0o644, path


def test_14_utf16_without_bom_and_one_bad_byte_are_read(tmp_path: Path) -> None:
    text = GOOD.read_text(encoding="utf-8")
    # The same text twice would be read once (a copy): each file gets a line of its own.
    (tmp_path / "utf16.txt").write_bytes((text + "\n本文另存为UTF-16。\n").encode("utf-16-le"))
    data = (text + "\n本文另存为GB18030。\n").encode("gb18030")
    (tmp_path / "bad_byte.txt").write_bytes(data[:500] + b"\xff" + data[500:])
    raw = (text + "\n本文另存为UTF-8。\n").encode("utf-8")
    (tmp_path / "nul.txt").write_bytes(raw[:300] + b"\x00" + raw[300:])
    code, out = invoke(str(tmp_path), "--json", "-o", str(tmp_path / "out"))
    assert code == 0, out
    data_out = json.loads(next((tmp_path / "out").glob("*.json")).read_text(encoding="utf-8"))
    got = {Path(r["path"]).name: r for r in data_out["reports"]}
    assert set(got) == {"utf16.txt", "bad_byte.txt", "nul.txt"}
    assert got["utf16.txt"]["replaced"] == 0 and got["utf16.txt"]["encoding"] == "utf_16_le"
    assert got["bad_byte.txt"]["replaced"] >= 1 and got["nul.txt"]["replaced"] >= 1
    md = next((tmp_path / "out").glob("*.md")).read_text(encoding="utf-8")
    assert "个字符无法解码" in md


# ---- 15-20. exit codes and messages -----------------------------------------------------------


def test_15_a_date_cannot_lead_out_of_the_output_folder(tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()
    code, out = invoke(str(GOOD), "--date", "x/../../../escaped", "-o", str(tmp_path / "out" / "deep"))
    assert code == 2 and "YYYY-MM-DD" in out
    assert not list(tmp_path.rglob("*escaped*"))


def test_16_python_api_takes_one_path_or_many() -> None:
    assert len(summarize(str(GOOD)).reports) == 1
    assert len(summarize(GOOD).reports) == 1
    with pytest.raises(TypeError, match="paths must be a path or an iterable of paths"):
        summarize(42)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="each path must be"):
        summarize([GOOD, 3])  # type: ignore[list-item]


def test_17_long_titles_and_header_newlines(tmp_path: Path) -> None:
    from summarizer import Mail, OptionError, write_outputs

    # The library holds a title to the command line's cap (issue 29); Word's property keeps it whole.
    with pytest.raises(OptionError, match="a title has at most 200"):
        summarize(GOOD, title="很长的标题" * 80)
    digest = summarize(GOOD, title="很长的标题" * 40)
    written = write_outputs(digest, tmp_path / "api", ("md", "docx"))
    assert docx.Document(str(written[-1])).core_properties.title == "很长的标题" * 40
    with pytest.raises(OptionError, match="one line"):
        write_outputs(digest, tmp_path / "api2", ("eml",), mail=Mail(subject="甲\r\nBcc: x@y.cn"))
    code, out = invoke(str(GOOD), "--eml", "--to-addr", "a@b.cn\nBcc: x@y.cn", "-o", str(tmp_path / "cli"))
    assert code == 2 and "--to-addr must be one line" in out and not (tmp_path / "cli").exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{% include '/etc/passwd' %}", "no template"),
        ("第一行\n{{ 1/0 }}\n", ":2: template error"),
        ("{{ title | nosuchfilter }}", "template error"),
        ("{% for x in %}", ":1: template error"),
    ],
)
def test_18_markdown_template_failures_name_the_template_and_write_nothing(
    tmp_path: Path, content: str, message: str
) -> None:
    template = tmp_path / "bad.md.j2"
    template.write_text(content, encoding="utf-8")
    code, out = invoke(str(GOOD), "--json", "--template", str(template), "-o", str(tmp_path / "out"))
    assert code == 6 and message in out and str(template) in out, out
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())


def test_18_word_template_failures_write_nothing(tmp_path: Path) -> None:
    not_zip = tmp_path / "not_zip.docx"
    not_zip.write_text("not a Word file", encoding="utf-8")
    code, out = invoke(str(GOOD), "--docx", "--template", str(not_zip), "-o", str(tmp_path / "o1"))
    assert code == 6 and f"{not_zip}: template error: not a readable Word file" in out
    bad = tmp_path / "bad.docx"
    document = docx.Document()
    document.add_paragraph("{{ title }")
    document.add_paragraph("{% for %}")
    document.save(str(bad))
    code, out = invoke(str(GOOD), "--docx", "--json", "--template", str(bad), "-o", str(tmp_path / "o2"))
    assert code == 6 and f"{bad}: template error" in out and "None" not in out
    assert not (tmp_path / "o2").exists() or not list((tmp_path / "o2").iterdir())  # no Markdown or JSON left


def test_19_a_userdict_not_in_utf8_is_named(tmp_path: Path) -> None:
    bad = tmp_path / "words.txt"
    bad.write_bytes("党员示范岗 100 n\n".encode("gbk"))
    code, out = invoke(str(GOOD), "--userdict", str(bad), "-o", str(tmp_path / "out"))
    assert code == 2 and f"{bad}: user dictionary is not UTF-8" in out


def test_20_messages_are_plain(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    reasons = hostile_files(tmp_path / "in")
    proc = cli(str(tmp_path / "in" / "huge.txt"), str(tmp_path / "in" / "bad_filter.pdf"), "-o", str(tmp_path / "o"))
    assert "huge.txt: file too large (30 MB; limit 20 MB)" in proc.stderr
    assert "EOF marker" not in proc.stderr and "Ascii85" not in proc.stderr and "Traceback" not in proc.stderr
    assert reasons["huge.txt"] in proc.stderr
    import tempfile as tempfile_module

    def refuse(*args: object, **kwargs: object) -> object:
        raise PermissionError(13, "Permission denied", str(kwargs.get("dir")) + "/.summarize-123-x.tmp")

    monkeypatch.setattr(tempfile_module, "mkstemp", refuse)
    code, out = invoke(str(GOOD), "-o", str(tmp_path / "readonly"))
    assert code == 5 and f"{tmp_path / 'readonly'}: cannot write output (Permission denied)" in out
    assert ".summarize-" not in out


# ---- must show ------------------------------------------------------------------------------------


def test_a_mixed_folder_keeps_every_seed_and_names_every_other_file(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    reasons = hostile_files(folder)
    for seed in SEEDS.glob("*.txt"):
        shutil.copy(seed, folder / seed.name)
    (folder / "a|b\nc.txt").write_text(REPORT.format(INJECTION), encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    reasons["empty.txt"] = "empty file"
    before = fingerprint(folder)
    peak, proc = _peak_rss_mb(str(folder), "--json", "--docx", "-o", str(tmp_path / "out"))
    assert proc.returncode == 4, proc.stderr
    assert "Traceback" not in proc.stderr
    assert fingerprint(folder) == before
    assert peak < 400, peak
    data = json.loads(next((tmp_path / "out").glob("*.json")).read_text(encoding="utf-8"))
    names = {Path(r["path"]).name for r in data["reports"]}
    assert {p.name for p in SEEDS.glob("*.txt")} <= names
    skipped = {Path(s["path"]).name: s["reason"] for s in data["skipped"]}
    for name, reason in reasons.items():
        if name == "laughs.docx" and name not in skipped:
            continue  # lxml refused the entities or read them unexpanded; either way it stayed small
        assert name in skipped and reason in skipped[name], (name, skipped.get(name))
        assert f"{name}: " in proc.stderr
    for line in proc.stderr.splitlines():
        assert line.startswith("summarize: "), line


def _mutants(original: bytes, count: int, seed: int) -> list[bytes]:
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        data = bytearray(original)
        for _ in range(rng.randint(1, 8)):
            kind = rng.random()
            at = rng.randrange(len(data))
            if kind < 0.5:
                data[at] = rng.randrange(256)
            elif kind < 0.7:
                del data[at : at + rng.randint(1, 64)]
            elif kind < 0.9:
                data[at:at] = rng.randbytes(rng.randint(1, 64))
            else:
                data = data[: max(1, at)]
        out.append(bytes(data))
    return out


@pytest.mark.parametrize("suffix", [".docx", ".pdf"])
def test_fuzzed_word_and_pdf_files_are_read_or_skipped_with_our_error(tmp_path: Path, suffix: str) -> None:
    text = GOOD.read_text(encoding="utf-8")
    original = docx_text(text) if suffix == ".docx" else pdf_bytes("\n".join(text.splitlines()[:20]))
    outcomes = {"read": 0, "skipped": 0}
    for i, data in enumerate(_mutants(original, 150, seed=19 if suffix == ".docx" else 20)):
        path = tmp_path / f"m{i}{suffix}"
        path.write_bytes(data)
        try:
            load(path)
            outcomes["read"] += 1
        except InputError as err:
            assert err.path == str(path) and err.reason
            outcomes["skipped"] += 1
    assert outcomes["skipped"] > 0
