"""Shared fixtures: the seeds, their answer key, the shared corpus, and the repository root."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
DATA = Path(__file__).resolve().parent / "data"
GOLD_PATH = DATA / "seeds_gold.json"
SEED_REFS = DATA / "seeds_refs.jsonl"
_CANDIDATES = [Path(os.environ["SUMMARIZER_SHARED"])] if "SUMMARIZER_SHARED" in os.environ else []
SHARED = next(
    (p for p in [*_CANDIDATES, ROOT.parent / "shared", ROOT / "shared"] if p.is_dir()), ROOT.parent / "shared"
)
CORPUS = SHARED / "corpus"
BACKENDS = ["rjieba", "jieba"]


def need_corpus() -> Path:
    """The shared corpus folder, or a skip saying where it was looked for."""
    if not CORPUS.is_dir():
        pytest.skip(f"the shared corpus is not at {CORPUS}: set SUMMARIZER_SHARED to the folder holding corpus/")
    return CORPUS


@pytest.fixture(scope="session")
def gold() -> dict[str, Any]:
    return json.loads(GOLD_PATH.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


@pytest.fixture(scope="session", params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(scope="session")
def seed_reports(backend: str) -> dict[str, Any]:
    from summarizer import Options, read_report

    return {p.name: read_report(p, Options(tokenizer=backend)) for p in sorted(SEEDS.glob("*.txt"))}  # type: ignore[arg-type]
