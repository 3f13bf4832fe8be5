"""Shared fixtures: the seeds, the hand-made gold key, and the repository root."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
_CANDIDATES = [Path(os.environ["SUMMARIZER_SHARED"])] if "SUMMARIZER_SHARED" in os.environ else []
SHARED = next(
    (p for p in [*_CANDIDATES, ROOT.parent / "shared", ROOT / "shared"] if p.is_dir()), ROOT.parent / "shared"
)
GOLD_PATH = SHARED / "gold" / "seeds.json"
BACKENDS = ["rjieba", "jieba"]


@pytest.fixture(scope="session")
def gold() -> dict[str, Any]:
    if not GOLD_PATH.exists():
        pytest.skip(f"gold answer key not found at {GOLD_PATH} (set SUMMARIZER_SHARED)")
    return json.loads(GOLD_PATH.read_text(encoding="utf-8"))


@pytest.fixture(scope="session", params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(scope="session")
def seed_reports(backend: str) -> dict[str, Any]:
    from summarizer import Options, read_report

    return {p.name: read_report(p, Options(tokenizer=backend)) for p in sorted(SEEDS.glob("*.txt"))}
