"""Bad input never crashes and never loses anything.

Hand-made bad text files live in ``tests/data/bad/``; binary ones are generated here.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from summarizer.cli import main
from summarizer.reading.clean import clean
from summarizer.reading.formats import text_blocks
from summarizer.reading.normalise import normalise_blocks
from summarizer.understanding.figures import extract_figures
from summarizer.understanding.metadata import read_header
from summarizer.understanding.sections import split_sections, split_sentences

from .conftest import ROOT, SEEDS

BAD = Path(__file__).parent / "data" / "bad"
GOOD = SEEDS / "004_9f45e3f91ec10f20.txt"


def make_bad_folder(folder: Path) -> dict[str, str]:
    """Every kind of bad file a user can hand us, with the reason we must give."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("empty.txt", "whitespace.txt", "no_chinese.txt"):
        shutil.copy(BAD / name, folder / name)
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 8)
    # Not UTF-8, and 0x80 / 0xFF are no lead bytes in GB18030 or Big5.
    (folder / "undecodable.txt").write_bytes("正文".encode() + b"\x80\x80\xff\xff" * 20)
    (folder / "corrupt.docx").write_bytes(b"PK\x03\x04 this is not really a zip")
    (folder / "corrupt.pdf").write_bytes(b"%PDF-1.4\n1 0 obj garbage\n%%EOF")
    with (folder / "huge.txt").open("wb") as fh:  # sparse: 50 MB without writing 50 MB
        fh.truncate(50 * 1024 * 1024)
    return {
        "empty.txt": "empty file",
        "whitespace.txt": "empty file",
        "no_chinese.txt": "no Chinese text",
        "binary.txt": "binary file, not text",
        "undecodable.txt": "cannot decode",
        "corrupt.docx": "not a readable Word file",
        "corrupt.pdf": "not a readable PDF",
        "huge.txt": "file too large (50 MB; limit 20 MB)",
    }


def digest_of(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file()}


def invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def test_each_bad_file_alone_fails_with_its_reason(tmp_path: Path) -> None:
    reasons = make_bad_folder(tmp_path / "in")
    for name, reason in reasons.items():
        code, out = invoke(str(tmp_path / "in" / name), "-o", str(tmp_path / "out"))
        assert code == 3, (name, out)
        assert f"{name}: {reason}" in out, out
        assert "Traceback" not in out
    assert not (tmp_path / "out").exists()


def test_bad_files_among_good_ones_give_a_partial_digest(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    reasons = make_bad_folder(folder)
    shutil.copy(GOOD, folder / "good.txt")
    before = digest_of(folder)
    code, out = invoke(str(folder), "--json", "-o", str(tmp_path / "out"))
    assert code == 4, out
    assert digest_of(folder) == before  # inputs untouched
    data = json.loads(next((tmp_path / "out").glob("*.json")).read_text(encoding="utf-8"))
    assert [Path(r["path"]).name for r in data["reports"]] == ["good.txt"]
    skipped = {Path(s["path"]).name: s["reason"] for s in data["skipped"]}
    assert set(skipped) == set(reasons)
    for name, reason in reasons.items():
        assert reason in skipped[name]
        assert f"skipped {folder / name}: {reason}" in out
    md = next((tmp_path / "out").glob("*.md")).read_text(encoding="utf-8")
    assert "| huge.txt | 未收录：文件过大（50 MB，上限 20 MB） |" in md


def test_strict_turns_a_skip_into_failure(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(GOOD, folder / "good.txt")
    shutil.copy(BAD / "empty.txt", folder / "empty.txt")
    code, out = invoke(str(folder), "--strict", "-o", str(tmp_path / "out"))
    assert code == 3 and "--strict" in out
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("setup", "code", "message"),
    [
        (lambda p: p / "missing", 2, "no such file or folder"),
        (lambda p: (p / "e").mkdir() or p / "e", 3, "no supported files"),
        (lambda p: (p / "x").mkdir() or ((p / "x" / "a.csv").write_text("a,b") and p / "x"), 3, "no supported files"),
    ],
    ids=["missing path", "empty folder", "no supported files"],
)
def test_path_problems(tmp_path: Path, setup: object, code: int, message: str) -> None:
    target = setup(tmp_path)  # type: ignore[operator]
    got, out = invoke(str(target), "-o", str(tmp_path / "out"))
    assert got == code and message in out and len(out.strip().splitlines()) <= 2


def test_unwritable_output_folder(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    code, out = invoke(str(GOOD), "-o", str(blocker / "out"))
    assert code == 5 and f"{blocker / 'out'}: cannot create the output folder" in out
    assert blocker.read_text(encoding="utf-8") == "not a folder"


def test_existing_output_replaced_only_when_complete(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    old = out / "briefing-2020-02-05.md"
    old.write_text("old briefing", encoding="utf-8")
    bad = tmp_path / "bad.md.j2"
    bad.write_text("{{ title }}\n{{ nothing.here }}\n", encoding="utf-8")
    code, _ = invoke(str(GOOD), "--template", str(bad), "-o", str(out))
    assert code == 6
    assert old.read_text(encoding="utf-8") == "old briefing"
    assert sorted(p.name for p in out.iterdir()) == ["briefing-2020-02-05.md"]


def test_symlink_loops_and_deep_folders(tmp_path: Path) -> None:
    top = tmp_path / "in"
    deep = top
    for i in range(400):
        deep = deep / f"d{i % 10}"
    deep.mkdir(parents=True)
    shutil.copy(GOOD, deep / "deep.txt")
    (top / "d0" / "loop").symlink_to(top, target_is_directory=True)
    start = time.monotonic()
    code, out = invoke(str(top), "--json", "-o", str(tmp_path / "out"))
    assert code == 0, out
    assert time.monotonic() - start < 30
    data = json.loads(next((tmp_path / "out").glob("*.json")).read_text(encoding="utf-8"))
    assert [Path(r["path"]).name for r in data["reports"]] == ["deep.txt"]


SLOW_WRITER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    import summarizer.rendering.output as render

    real = render._write_chunks

    def slow(path, chunks):
        if ".md." not in path.name:
            return real(path, chunks)
        text = "".join(chunks)
        with path.open("w", encoding="utf-8") as fh:
            fh.write(text[: len(text) // 2])
            fh.flush()
            print("HALF", flush=True)
            time.sleep(60)
            fh.write(text[len(text) // 2 :])

    render._write_chunks = slow
    from summarizer.cli import main
    sys.exit(main())
    """
)


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGINT], ids=["kill", "ctrl-c"])
def test_killed_mid_write_leaves_no_partial_output(tmp_path: Path, sig: signal.Signals) -> None:
    out = tmp_path / "out"
    out.mkdir()
    old = out / "briefing-2020-02-05.md"
    old.write_text("old briefing", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [sys.executable, "-c", SLOW_WRITER, str(GOOD), "-o", str(out)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        text=True,
    )
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "HALF"
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=30)
    assert old.read_text(encoding="utf-8") == "old briefing"
    visible = sorted(p.name for p in out.iterdir() if not p.name.startswith("."))
    assert visible == ["briefing-2020-02-05.md"]
    if sig == signal.SIGINT:
        assert proc.returncode == 130 and "interrupted" in err and "Traceback" not in err
        assert list(out.iterdir()) == [old]  # the temporary file was removed too
    else:
        # SIGKILL skips all clean-up; the next run removes the temporary file, however new.
        leftovers = [p for p in out.iterdir() if p.name.startswith(".")]
        assert leftovers
        assert invoke(str(GOOD), "-o", str(out))[0] == 0
        assert sorted(p.name for p in out.iterdir()) == ["briefing-2020-02-05.md"]
        assert old.read_text(encoding="utf-8") != "old briefing"


REPORTISH = st.text(
    alphabet=st.sampled_from(
        list(
            "党员干部疫情防控组织部工作小区社区一二三四五六七八九十、（）()〔〕「」“”。，；：！？…0123456789.%万亿元个名余近约"
        )
        + list("手机版打印首页轮换图ICP备案版权所有上篇下篇 \n\t　nèijiāng")
    ),
    max_size=400,
)


@settings(max_examples=150, deadline=None)
@given(REPORTISH | st.text(max_size=200))
def test_stages_never_raise_and_sentences_are_substrings(text: str) -> None:
    blocks, _ = normalise_blocks(text_blocks(text))
    paragraphs = clean(blocks)
    cleaned = "\n".join(b.text for b in paragraphs)
    header = read_header(paragraphs)
    for section in split_sections(header.body):
        if section.heading:
            assert section.heading in cleaned
        for sentence in section.sentences:
            assert sentence.text and sentence.text in cleaned
            assert any(b.where == sentence.where and sentence.text in b.text for b in paragraphs)
            for fig in extract_figures(sentence.text):
                assert fig.text in sentence.text
    for paragraph in paragraphs:
        for piece in split_sentences(paragraph.text):
            assert piece in paragraph.text
