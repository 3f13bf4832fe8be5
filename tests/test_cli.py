"""The command line: outputs, exit codes, determinism, cold start."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from summarizer.cli import main

from .conftest import SEEDS


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def test_writes_markdown_json_and_docx(tmp_path: Path) -> None:
    code, out = _run(str(SEEDS), "-o", str(tmp_path), "--json", "--docx")
    assert code == 0, out
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["briefing-2020-05-13.docx", "briefing-2020-05-13.json", "briefing-2020-05-13.md"]
    data = json.loads((tmp_path / "briefing-2020-05-13.json").read_text(encoding="utf-8"))
    assert len(data["reports"]) == 5
    for r in data["reports"]:
        assert {"path", "title", "date", "source", "script", "sections", "summary", "keywords", "figures"} <= set(r)
        assert all({"heading", "level", "sentences", "key_sentences"} <= set(s) for s in r["sections"])


def test_output_is_byte_identical_across_runs(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    assert _run(str(SEEDS), "-o", str(a), "--json")[0] == 0
    assert _run(str(SEEDS), "-o", str(b), "--json")[0] == 0
    for name in ("briefing-2020-05-13.md", "briefing-2020-05-13.json"):
        assert (a / name).read_bytes() == (b / name).read_bytes()


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


def test_help_does_not_import_heavy_modules() -> None:
    code = (
        "import sys\n"
        "from summarizer.cli import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        "heavy = [m for m in ('jieba', 'rjieba', 'numpy', 'docx', 'opencc') if m in sys.modules]\n"
        "assert not heavy, heavy\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True)


def test_python_module_entry_point(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "summarizer", str(SEEDS / "004_9f45e3f91ec10f20.txt"), "-o", str(tmp_path), "-q"],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "briefing-2020-02-05.md").exists()


def test_eval_offers_exactly_the_engines_evaluate_knows() -> None:
    # The command writes the choices out (importing the pipeline would slow --help).
    import click

    from summarizer.cli import evaluate_cmd
    from summarizer.evaluate import ENGINES

    engine = next(p for p in evaluate_cmd.params if p.name == "engines")
    assert isinstance(engine.type, click.Choice)
    assert tuple(engine.type.choices) == ENGINES
