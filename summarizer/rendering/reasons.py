"""Why a file was not read, as a machine code and in Chinese (``data/skip_reasons.toml``).

The library's reasons are English one-liners (the terminal's line and the JSON's
``reason``); the briefing speaks one language, and the JSON carries the code beside it.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import PurePath

from ..data import read_toml
from ..model import Report, Skipped
from ..reading.normalise import display_safe


@cache
def _reasons() -> tuple[dict[str, str], tuple[tuple[re.Pattern[str], str, str], ...]]:
    data = read_toml("skip_reasons.toml")
    rows = tuple((re.compile(r["pattern"]), r["code"], r["text"]) for r in data["reason"])
    return dict(data.get("formats", {})), rows


def skip_reason(skipped: Skipped) -> tuple[str, str]:
    """Why a file was not read, as a machine code and in Chinese for the briefing: ``("empty", "空文件")``.

    >>> skip_reason(Skipped("b/r.txt", "same text as a/r.txt", "duplicate"))
    ('duplicate', '与 a/r.txt 内容相同')
    """
    formats, rows = _reasons()
    for pattern, code, text in rows:
        if found := pattern.match(skipped.reason):
            words = {k: formats.get(v, v) for k, v in found.groupdict().items()}
            return code, text.format(**words)
    return "other", f"无法读取（{skipped.reason}）"


def shown_name(item: Report | Skipped) -> str:
    """The file as the briefing names it: relative to the folder the user named (``a/r.txt``)."""
    return item.name or display_safe(PurePath(item.path).name)
