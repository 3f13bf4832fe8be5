"""The rule files of summarizer/data: each opens with a header saying its format, every pattern in
them compiles, and a bad pattern in a user's file is a one-line RuleFileError naming the file."""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterator
from itertools import takewhile
from pathlib import Path
from typing import Any

import pytest

from summarizer import data
from summarizer.errors import RuleFileError
from summarizer.reading import clean
from summarizer.understanding import dates, indicator_rules, mentions, metadata, sections

from .conftest import ROOT

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.10 only
    import tomli as tomllib

DATA = ROOT / "summarizer" / "data"
RULE_FILES = sorted(p for p in DATA.rglob("*") if p.suffix in (".txt", ".toml", ".tsv"))
PATTERN_FILES = ["dates.toml", "page_facts.toml"]
"""TOML files whose every string is a regular expression."""
LOADERS: dict[str, Callable[[], Any]] = {"dates.toml": dates.shapes, "page_facts.toml": metadata.page_rules}
"""Each pattern file's loader, which compiles its rules once."""
LINE_FILES: dict[str, Callable[[], Any]] = {
    "furniture.txt": clean.furniture_rules,
    "headings.txt": sections.heading_styles,
    "topics.txt": metadata._not_topic,
}
"""Files of one regular expression a line (after a KIND or LEVEL and a tab, where they have one)."""


@pytest.mark.parametrize("path", RULE_FILES, ids=lambda p: p.relative_to(DATA).as_posix())
def test_every_rule_file_opens_with_its_format_header(path: Path) -> None:
    header = list(takewhile(lambda line: line.startswith("#"), path.read_text(encoding="utf-8").splitlines()))
    assert header and len(" ".join(header)) >= 40, f"{path.name}: no header saying its format"


def strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings(item)


@pytest.mark.parametrize("name", PATTERN_FILES)
def test_every_pattern_compiles(name: str) -> None:
    with (DATA / name).open("rb") as fh:
        found = list(strings(tomllib.load(fh)))
    assert found
    for pattern in found:
        re.compile(pattern)
    assert LOADERS[name]()


def test_the_words_around_indicator_numbers_compile() -> None:
    with (DATA / "indicators.toml").open("rb") as fh:
        d = tomllib.load(fh)
    lists = [value for section in ("number", "clause") for value in d[section].values() if isinstance(value, list)]
    assert lists
    for pattern in strings(lists):
        re.compile(pattern)
    r = indicator_rules.rules()
    assert r.number.groupindex.keys() >= {"from", "pct", "n1", "n2", "mult", "unit", "approx"}
    assert r.marker.groupindex.keys() == {"each", "same"}


def test_the_place_words_load() -> None:
    with (DATA / "places.toml").open("rb") as fh:
        d = tomllib.load(fh)
    assert re.compile(d["speaker_level"]).groups >= 1
    words = mentions.contexts()
    m = words.speaker_level.search("我代表市人民政府")
    assert m and m[1] == "市"
    assert words.organ_first and words.part_of_name


def line_rules(name: str) -> list[tuple[str, str]]:
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    return [
        (kind, pattern)
        for line in lines
        if line.strip() and not line.startswith("#")
        for kind, _, pattern in [line.rpartition("\t")]
    ]


@pytest.mark.parametrize("name", LINE_FILES)
def test_every_line_rule_compiles(name: str) -> None:
    rules = line_rules(name)
    assert rules
    for _, pattern in rules:
        re.compile(pattern)
    assert LINE_FILES[name]()


def test_every_byline_rule_holds_a_cue() -> None:
    # A byline rule is tried only on a line with a cue near its start: one without a cue never matches.
    rules = line_rules("furniture.txt")
    cues = [pattern for kind, pattern in rules if kind == "cue"]
    bylines = [pattern for kind, pattern in rules if kind == "byline"]
    assert cues and bylines
    for byline in bylines:
        assert any(cue in byline for cue in cues), byline


@pytest.mark.parametrize("name", PATTERN_FILES)
def test_a_bad_user_pattern_names_its_file(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with (DATA / name).open("rb") as fh:
        key, value = next((k, v) for k, v in tomllib.load(fh).items() if isinstance(v, (str, list)))
    bad = "['(unclosed']" if isinstance(value, list) else "'(unclosed'"
    (tmp_path / name).write_text(f"{key} = {bad}\n", encoding="utf-8")
    monkeypatch.setenv("SUMMARIZER_DATA", str(tmp_path))
    loader = LOADERS[name]
    data.read_toml.cache_clear()
    loader.cache_clear()
    try:
        with pytest.raises(RuleFileError, match=rf"^{re.escape(name)}: bad pattern {key} "):
            loader()
    finally:
        monkeypatch.delenv("SUMMARIZER_DATA")
        data.read_toml.cache_clear()
        loader.cache_clear()
