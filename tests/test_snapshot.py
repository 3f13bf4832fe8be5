"""The same output: the Markdown and JSON of the seeds (whole, in tests/data/snapshots) and of
the shared corpus (by their SHA-256) are held, so that a change meant to keep the output
(restructuring, speed) shows at once where it does not.

A change meant to alter the output regenerates them: ``SUMMARIZER_SNAPSHOTS=update pytest
tests/test_snapshot.py``, and the diff of the seeds' files is read before it is committed.
"""

from __future__ import annotations

import hashlib
import json
import os

import pytest

from summarizer import Options, render_json, render_markdown, summarize

from .conftest import CORPUS, DATA, ROOT, need_corpus

SNAPSHOTS = DATA / "snapshots"
UPDATE = os.environ.get("SUMMARIZER_SNAPSHOTS") == "update"


def _outputs(folder: str) -> tuple[str, str]:
    digest = summarize([folder], Options())
    return render_markdown(digest), render_json(digest)


def _held(name: str, text: str) -> None:
    path = SNAPSHOTS / name
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.is_file(), f"no snapshot {name}: run with SUMMARIZER_SNAPSHOTS=update"
    assert text == path.read_text(encoding="utf-8"), f"{name} changed: SUMMARIZER_SNAPSHOTS=update if meant"


def test_the_seeds_briefing_is_as_held(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)  # the JSON names files by the path given
    markdown, data = _outputs("seeds")
    _held("seeds.md", markdown)
    _held("seeds.json", data)


@pytest.mark.parametrize("folder", ["epi", "other", "full"])
def test_the_corpus_briefings_are_as_held(folder: str, monkeypatch: pytest.MonkeyPatch) -> None:
    need_corpus()
    monkeypatch.chdir(CORPUS)
    markdown, data = _outputs(folder)
    hashes = {kind: hashlib.sha256(text.encode()).hexdigest() for kind, text in (("md", markdown), ("json", data))}
    path = SNAPSHOTS / "corpus.json"
    held = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    if UPDATE:
        held[folder] = hashes
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(held, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    assert held.get(folder) == hashes, f"corpus/{folder} output changed: SUMMARIZER_SNAPSHOTS=update if meant"
