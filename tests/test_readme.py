"""The README's Python example really runs."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from .conftest import ROOT


def test_readme_python_example_runs(capsys: pytest.CaptureFixture[str]) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    (code,) = re.findall(r"```python\n(.*?)```", readme, flags=re.S)
    cwd = Path.cwd()
    os.chdir(ROOT)
    try:
        exec(compile(code, "README.md", "exec"), {})
    finally:
        os.chdir(cwd)
    out = capsys.readouterr().out
    assert "通渭县强化政治保证大打疫情防控阻击战 2020-02-05" in out
    assert "党费" in out
