"""The digest as JSON: stable field names, deterministic bytes, written one report at a time."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import asdict, fields
from typing import Any

from ..model import Digest, Figure, Indicator, Region, Report, Section, Sentence, Skipped, WhereUnit
from ..reading.normalise import has_bidi
from ..reading.walk import generator
from .reasons import shown_name, skip_reason

_FIELD_NAMES = {
    Figure: ("label", "value", "unit", "approx", "category", "text", "sentence", "high"),
    Region: tuple(f.name for f in fields(Region)),
}


def _flat(obj: Figure | Region) -> dict[str, Any]:
    # Plain attribute reads: asdict() deep-copies every value, and these hold plain values only.
    return {name: getattr(obj, name) for name in _FIELD_NAMES[type(obj)]}


def _figure(fig: Figure, unit: WhereUnit, key: bool) -> dict[str, Any]:
    return {**_flat(fig), unit: fig.where, "key": key}


def _number(x: float) -> int | float:
    return int(x) if x.is_integer() else x  # 8, as the report writes 增长8%, not 8.0


def _indicator(ind: Indicator, unit: WhereUnit) -> dict[str, Any]:
    value = _number(ind.value) if ind.high is None else [_number(ind.value), _number(ind.high)]
    return {"name": ind.name, "kind": ind.kind, "value": value, "unit": ind.unit, unit: ind.where}


def _section_dict(sec: Section) -> dict[str, Any]:
    return {"heading": sec.heading, "level": sec.level, "sentences": [s.text for s in sec.sentences]}


def _key_sentence(s: Sentence, unit: WhereUnit) -> dict[str, Any]:
    return {"text": s.text, unit: s.where, "sentence": s.index}


def report_to_dict(report: Report) -> dict[str, Any]:
    """JSON-ready dict of one report; field names are a stable interface.

    ``summary`` and ``figures`` carry where each stands in the file: ``line`` for text,
    Markdown and web pages, ``paragraph`` for Word, ``page`` for PDF (``where_unit``);
    figures the briefing lists have ``key`` true.
    """
    unit = report.unit
    key = set(map(id, report.key_figures))
    return {
        "path": report.path,
        "name": shown_name(report),
        "format": report.format,
        "kind": report.kind,
        "encoding": report.encoding,
        "replaced": report.replaced,
        "title": report.title,
        "headline": report.headline,
        "date": report.date,
        "date_source": report.date_source,
        "source": report.source,
        "script": report.script,
        "region": _flat(report.region),
        "where_unit": unit,
        "summary": [_key_sentence(s, unit) for s in report.summary],
        "practices": [p.text for p in report.practices],
        "keywords": list(report.keywords),
        "keyphrases": list(report.keyphrases),
        "sections": [_section_dict(s) for s in report.sections],
        "figures": [_figure(f, unit, id(f) in key) for f in report.figures],
        "indicators": [_indicator(i, unit) for i in report.indicators],
        "year": report.year,
        # Only where a corrections file set a field, so that a run without one keeps its bytes.
        **({"overridden": list(report.overridden)} if report.overridden else {}),
    }


def _skipped(skipped: Skipped) -> dict[str, Any]:
    # ``reason`` as the terminal showed it, ``reason_code`` for programs, ``reason_zh`` as the briefing.
    code, text = skip_reason(skipped)
    return {**asdict(skipped), "name": shown_name(skipped), "reason_code": code, "reason_zh": text}


def digest_to_dict(digest: Digest, *, reports: bool = True) -> dict[str, Any]:
    """JSON-ready dict of a digest (``reports=False`` leaves the report list empty)."""
    dates = digest.date_range
    return {
        # First, where a later run looks for it: this file is ours, not a report to read.
        "generator": generator(),
        "title": digest.title,
        "date_range": list(dates) if dates else None,
        "overview": [{"region": p.region, "text": p.text, "path": p.path, p.unit: p.where} for p in digest.overview],
        "themes": [asdict(t) for t in digest.themes],
        "comparison": {
            "columns": list(digest.columns),
            "rows": [
                {"category": row.category, "cells": [[_flat(f) for f in cell] for cell in row.cells]}
                for row in digest.comparison
            ],
        },
        "reports": [report_to_dict(r) for r in digest.reports] if reports else [],
        "skipped": [_skipped(s) for s in digest.skipped],
    }


def render_json(digest: Digest) -> str:
    """Deterministic, human-readable JSON (UTF-8 characters kept, not escaped)."""
    return "".join(iter_json(digest))


_UNSAFE = re.compile("[\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
"""Written as ``\\uXXXX`` escapes: lone surrogates (a file name's bytes that are not UTF-8, as
Python holds them) cannot be written as UTF-8 at all, and bidirectional controls would show
the file's lines in another order. Either stands only in a ``path``; the value read back is
the name exactly (``os.fsencode(path)`` gives its bytes)."""


def _escaped(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def _dump(value: Any, indent: str) -> str:
    # orjson writes what json.dumps(indent=2, ensure_ascii=False) writes for our values, at
    # a fraction of the cost. Integers beyond 64 bits ("12345678901234567890人") are json's job.
    import orjson

    try:
        text = orjson.dumps(value, option=orjson.OPT_INDENT_2).decode()
        # orjson refuses lone surrogates, so only a bidirectional control can need escaping here.
        unsafe = has_bidi(text)
    except orjson.JSONEncodeError:
        text = json.dumps(value, ensure_ascii=False, indent=2)
        unsafe = True
    return (_UNSAFE.sub(_escaped, text) if unsafe else text).replace("\n", "\n" + indent)


def iter_json(digest: Digest) -> Iterator[str]:
    """The JSON text of :func:`render_json` in pieces, one report at a time.

    The output is the same as ``json.dumps(digest_to_dict(digest), indent=2)``, but the
    reports are never all held as dicts at once: on a big corpus that whole-document dict
    would be most of the run's memory.
    """
    head = digest_to_dict(digest, reports=False)
    yield "{"
    for i, (key, value) in enumerate(head.items()):
        yield ("," if i else "") + f"\n  {json.dumps(key)}: "
        if key == "reports" and digest.reports:
            for j, report in enumerate(digest.reports):
                yield ("[" if j == 0 else ",") + "\n    " + _dump(report_to_dict(report), "    ")
            yield "\n  ]"
        else:
            yield _dump(value, "  ")
    yield "\n}\n"
