"""Rule files shipped with the package (furniture patterns, stop words, units, categories).

Every rule a user may want to change lives here as text or TOML, not in code. A user
extends a rule set by pointing ``SUMMARIZER_DATA`` at a folder holding files of the same
names: their lines are added to ours.
"""

from __future__ import annotations

import os
import re
import sys
from functools import cache
from pathlib import Path
from typing import Any

from ..errors import RuleFileError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.10 only
    import tomli as tomllib

DATA_DIR = Path(__file__).parent


def _extra_dirs() -> list[Path]:
    extra = os.environ.get("SUMMARIZER_DATA", "")
    return [Path(p) for p in extra.split(os.pathsep) if p]


def read_text(name: str) -> str:
    """Text of a shipped data file."""
    return (DATA_DIR / name).read_text(encoding="utf-8")


@cache
def read_lines(name: str) -> tuple[str, ...]:
    """Non-blank, non-comment lines of a line-per-rule file, user extensions appended."""
    lines: list[str] = []
    for folder in [DATA_DIR, *_extra_dirs()]:
        path = folder / name
        if not path.exists():
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                lines.append(line.rstrip("\n"))
    return tuple(lines)


@cache
def read_toml(name: str) -> dict[str, Any]:
    """A TOML data file; a user file of the same name has its arrays of tables appended."""
    with (DATA_DIR / name).open("rb") as fh:
        merged: dict[str, Any] = tomllib.load(fh)
    for folder in _extra_dirs():
        path = folder / name
        if path.exists():
            with path.open("rb") as fh:
                for key, value in tomllib.load(fh).items():
                    if isinstance(value, list) and isinstance(merged.get(key), list):
                        merged[key] = merged[key] + value
                    else:
                        merged[key] = value
    return merged


def compile_rule(name: str, key: str, pattern: str) -> re.Pattern[str]:
    """``pattern``, the rule ``key`` of data file ``name``, compiled; a bad one is a RuleFileError naming both."""
    try:
        return re.compile(pattern)
    except re.error as err:
        raise RuleFileError(f"{name}: bad pattern {key} = {pattern!r} ({err})") from err


def data_path(name: str) -> Path:
    """Path of a shipped data file (for backends that want a file name)."""
    return DATA_DIR / name
