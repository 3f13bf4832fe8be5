"""The fast converter gives opencc-python-reimplemented's output, character for character."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from summarizer.reading.convert import DictConverter, from_reimplemented

from .conftest import SEEDS

pure = pytest.importorskip("opencc.opencc", reason="opencc-python-reimplemented is not installed")
if type(pytest.importorskip("opencc").OpenCC("t2s")).__module__ != pure.__name__:
    pytest.skip("the installed opencc is the compiled one", allow_module_level=True)


def _library(config: str) -> object:
    return pure.OpenCC(config)


def _texts() -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    # Both scripts of every seed: Traditional input for t2s, Simplified for s2t.
    t2s, s2t = _library("t2s"), _library("s2t")
    return texts + [t2s.convert(t) for t in texts] + [s2t.convert(t) for t in texts]  # type: ignore[attr-defined]


def _generated(config: str, count: int = 3000) -> list[str]:
    """Text made of dictionary keys, their fragments and separators, so matches overlap."""
    root = Path(str(pure.__file__)).parent / "dictionary"
    name = {"t2s": "TSPhrases.txt", "s2t": "STPhrases.txt"}[config]
    keys = [line.split("\t")[0] for line in (root / name).read_text(encoding="utf-8").splitlines()]
    rng = random.Random(20261124)
    out = []
    for _ in range(count):
        parts = []
        for _ in range(rng.randint(1, 6)):
            key = rng.choice(keys)
            a = rng.randint(0, len(key) - 1)
            parts.append(key[a:] if rng.random() < 0.5 else key)
            parts.append(rng.choice(["", "", "，", " ", "的", "—", "國", "发"]))
        out.append("".join(parts))
    return out


@pytest.mark.parametrize("config", ["t2s", "s2t"])
def test_same_output_as_the_library(config: str) -> None:
    fast = from_reimplemented(config)
    assert isinstance(fast, DictConverter)
    library = _library(config)
    for text in _texts() + _generated(config):
        assert fast.convert(text) == library.convert(text), text  # type: ignore[attr-defined]


def test_the_pipeline_uses_it() -> None:
    from summarizer.reading.normalise import converter

    assert isinstance(converter("t2s"), DictConverter)


def test_an_unexpected_layout_falls_back_to_the_library(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pure, "DICT_DIR", "no-such-folder")
    assert from_reimplemented("t2s") is None
