"""The command line: outputs, options end to end, exit codes, determinism, help, cold start."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from summarizer.cli import main

from .conftest import ROOT, SEED_REFS, SEEDS

GOOD = SEEDS / "004_9f45e3f91ec10f20.txt"


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def _cli(*args: str, env: dict[str, str] | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "summarizer", *args], capture_output=True, text=True, env=env, cwd=cwd, timeout=300
    )


def test_writes_markdown_json_and_docx(tmp_path: Path) -> None:
    code, out = _run(str(SEEDS), "-o", str(tmp_path), "--json", "--docx")
    assert code == 0, out
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["briefing-2020-05-13.docx", "briefing-2020-05-13.json", "briefing-2020-05-13.md"]
    data = json.loads((tmp_path / "briefing-2020-05-13.json").read_text(encoding="utf-8"))
    assert len(data["reports"]) == 5
    for r in data["reports"]:
        assert {"path", "title", "date", "source", "script", "sections", "summary", "keywords", "figures"} <= set(r)
        assert all({"heading", "level", "sentences"} <= set(s) for s in r["sections"])


def test_output_is_byte_identical_across_processes_and_hash_seeds(tmp_path: Path) -> None:
    outputs = []
    for seed in ("0", "1", "4242"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        proc = _cli(str(SEEDS), "-o", str(tmp_path / seed), "--json", "-q", env=env)
        assert proc.returncode == 0, proc.stderr
        outputs.append({p.name: p.read_bytes() for p in (tmp_path / seed).iterdir()})
    assert outputs[0] == outputs[1] == outputs[2]


def test_title_and_date_options(tmp_path: Path) -> None:
    code, out = _run(str(SEEDS), "-o", str(tmp_path), "--title", "二〇二〇年春季组织工作简报", "--date", "2020-06-01")
    assert code == 0, out
    md = (tmp_path / "briefing-2020-06-01.md").read_text(encoding="utf-8")
    assert md.startswith("# 二〇二〇年春季组织工作简报\n")


@pytest.mark.parametrize("date", ["x/../../../escaped", "2020-13-01", "20200601", "2020-6-1", ""])
def test_a_bad_date_is_refused_before_anything_is_read(tmp_path: Path, date: str) -> None:
    code, out = _run(str(SEEDS), "-o", str(tmp_path / "out"), "--date", date)
    assert code == 2 and "YYYY-MM-DD" in out
    assert not (tmp_path / "out").exists() and not list(tmp_path.parent.glob("escaped*"))


def test_no_md_alone_is_refused_before_analysis(tmp_path: Path) -> None:
    code, out = _run(str(tmp_path / "does-not-matter"), "--no-md")
    assert code == 2 and "nothing to write" in out
    code, out = _run(str(GOOD), "--no-md", "--json", "-o", str(tmp_path))
    assert code == 0 and [p.suffix for p in tmp_path.iterdir()] == [".json"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--to-addr", "a@b.cn"], "--to-addr needs --eml"),
        (["--subject", "审阅"], "--subject needs --eml"),
        (["--engine", "textrank4zh", "--similarity", "bm25"], "--similarity applies to our engine only"),
        (["--eml", "--subject", "第一行\n第二行"], "--subject must be one line"),
        (["--title", "标" * 300], "a title has at most 200"),
    ],
)
def test_options_that_would_be_ignored_are_refused(tmp_path: Path, args: list[str], message: str) -> None:
    code, out = _run(str(GOOD), "-o", str(tmp_path / "out"), *args)
    assert code == 2 and message in out, out
    assert not (tmp_path / "out").exists()


def test_a_word_template_without_docx_is_refused(tmp_path: Path) -> None:
    template = tmp_path / "mine.docx"
    shutil.copy(ROOT / "templates" / "digest.docx", template)
    code, out = _run(str(GOOD), "--template", str(template), "-o", str(tmp_path / "out"))
    assert code == 2 and "needs --docx" in out


def test_userdict_teaches_the_segmenter_and_bad_ones_are_named(tmp_path: Path) -> None:
    words = tmp_path / "words.txt"
    words.write_text("党员示范岗 100 n\n", encoding="utf-8")
    code, out = _run(str(SEEDS / "002_ecbfbd57a69820a5.txt"), "--json", "--userdict", str(words), "-o", str(tmp_path))
    assert code == 0, out
    data = json.loads(next(tmp_path.glob("*.json")).read_text(encoding="utf-8"))
    assert any(f["label"] == "党员示范岗" for f in data["reports"][0]["figures"])
    bad = tmp_path / "gbk.txt"
    bad.write_bytes("党员示范岗 100 n\n".encode("gbk"))
    code, out = _run(str(GOOD), "--userdict", str(bad), "-o", str(tmp_path / "o2"))
    assert code == 2 and f"{bad}: user dictionary is not UTF-8" in out and "Traceback" not in out


def test_debug_shows_the_traceback_and_plain_runs_do_not(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    proc = _cli(str(GOOD), "-o", str(blocker / "out"))
    assert proc.returncode == 5 and "Traceback" not in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1
    proc = _cli(str(GOOD), "-o", str(blocker / "out"), "--debug")
    assert proc.returncode == 1 and "Traceback" in proc.stderr


def test_quiet_prints_nothing_with_either_tokenizer(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    shutil.copytree(SEEDS, folder)
    (folder / "notes.xlsx").write_bytes(b"PK")
    for backend in ("rjieba", "jieba"):
        proc = _cli(str(folder), "-q", "--tokenizer", backend, "-o", str(tmp_path / backend))
        assert proc.returncode == 0, proc.stderr
        assert proc.stdout == "" and proc.stderr == "", (backend, proc.stderr)


def test_strict_ignores_files_that_are_not_reports(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    shutil.copytree(SEEDS, folder)
    (folder / "notes.xlsx").write_bytes(b"PK")
    code, out = _run(str(folder), "--strict", "-o", str(tmp_path / "out"))
    assert code == 0, out


def test_no_input_and_missing_path_fail_with_one_line(tmp_path: Path) -> None:
    code, out = _run()
    assert code == 2 and out.strip().count("\n") == 0 and "no input" in out
    code, out = _run(str(tmp_path / "nope"))
    assert code == 2 and "no such file or folder" in out and "Traceback" not in out
    code, out = _run(str(tmp_path))
    assert code == 3 and "no supported files" in out


def test_bad_file_among_good_ones_is_skipped(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    shutil.copytree(SEEDS, folder)
    (folder / "broken.txt").write_bytes(b"\x80\x80\xff" * 10)
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    code, out = _run(str(folder), "-o", str(tmp_path / "out"))
    assert code == 4
    assert "broken.txt" in out and "cannot decode" in out
    md = next((tmp_path / "out").glob("*.md")).read_text(encoding="utf-8")
    assert "broken.txt" in md and md.count("## ") >= 6
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before
    assert _run(str(folder), "-o", str(tmp_path / "strict"), "--strict")[0] == 3
    assert not (tmp_path / "strict").exists()


def test_help_lists_the_subcommands_and_the_run_options() -> None:
    code, out = _run("--help")
    assert code == 0
    assert out.startswith("Usage: main [OPTIONS] PATH...") or out.startswith("Usage: summarize [OPTIONS] PATH...")
    assert "run*" in out and "eval" in out and "--docx" in out


def test_a_folder_named_like_a_subcommand(tmp_path: Path) -> None:
    folder = tmp_path / "eval"
    folder.mkdir()
    shutil.copy(GOOD, folder / "r.txt")
    proc = _cli("-o", "out", "-q", "--", "eval", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "out" / "briefing-2020-02-05.md").exists()
    proc = _cli("--", "eval", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "outputs" / "briefing-2020-02-05.md").exists()
    proc = _cli("./eval", "-o", "out2", "-q", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr


def test_help_does_not_import_heavy_modules() -> None:
    code = (
        "import sys\n"
        "from summarizer.cli import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        "heavy = [m for m in ('jieba', 'rjieba', 'numpy', 'docx', 'opencc', 'jinja2') if m in sys.modules]\n"
        "assert not heavy, heavy\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True)


def test_python_module_entry_point(tmp_path: Path) -> None:
    proc = _cli(str(GOOD), "-o", str(tmp_path), "-q")
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "briefing-2020-02-05.md").exists()


def test_eval_scores_the_installed_engines_on_the_shipped_pairs() -> None:
    code, out = _run("eval", str(SEED_REFS))
    assert code == 0, out
    rows = {line.split()[0]: [float(x) for x in line.split()[1:4]] for line in out.splitlines()[1:] if line.strip()}
    assert {"textrank", "lead3"} <= set(rows)
    assert rows["textrank"][2] > rows["lead3"][2]


def test_eval_names_a_missing_extra_in_one_line(tmp_path: Path) -> None:
    # A Python that cannot import textrank4zh (a blocked import) stands in for a plain install.
    blocker = tmp_path / "textrank4zh.py"
    blocker.write_text("raise ImportError('blocked')\n", encoding="utf-8")
    code = (
        "import importlib.util, sys\n"
        "real = importlib.util.find_spec\n"
        "importlib.util.find_spec = lambda n, *a: None if n == 'textrank4zh' else real(n, *a)\n"
        "from summarizer.cli import main\n"
        f"sys.exit(main(['eval', {str(SEED_REFS)!r}, '--engine', 'textrank4zh', '--engine', 'lead3']))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert "textrank4zh not scored: pip install 'summarizer[reference]'" in proc.stderr
    assert "Traceback" not in proc.stderr and "lead3" in proc.stdout
