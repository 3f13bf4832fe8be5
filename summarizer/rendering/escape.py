"""Report text made safe to show: inert in Markdown, holdable by Word's XML, and a context mapped."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

_LINE_BREAKS = re.compile(r"[\r\n\t\v\f\x85\u2028\u2029]+")
_MARKDOWN_SYNTAX = re.compile(r"([\\`*_\[\]<|])")
# Bidirectional controls go with the characters XML forbids: they would show a name or a
# sentence in another order than it is written.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\u202a-\u202e\u2066-\u2069]")
_SURROGATE = re.compile("[\ud800-\udfff]")
"""What Python holds for the bytes of a file name that are not UTF-8: shown as U+FFFD."""


def markdown_text(text: str) -> str:
    r"""Report text made inert in Markdown: one line, with the characters that would start a
    link, an HTML tag, emphasis, code or a table cell backslash-escaped.

    Report text comes from web pages and strangers' files; a briefing goes into e-mails and
    previewers, which must show ``<script>`` and ``[x](javascript:…)`` as text.

    >>> markdown_text("R&D <b>x</b> [a](javascript:alert(1)) | 第二行\n")
    'R&D \\<b>x\\</b> \\[a\\](javascript:alert(1)) \\| 第二行 '
    """
    return _MARKDOWN_SYNTAX.sub(r"\\\1", word_text(text))


def word_text(text: str) -> str:
    r"""Report text Word can hold: one line, without the characters XML 1.0 forbids (the
    template escapes ``&`` and ``<`` itself).

    >>> word_text("A&B\x01\n第二行")
    'A&B 第二行'
    """
    return _SURROGATE.sub("\ufffd", _NOT_XML.sub("", _LINE_BREAKS.sub(" ", text)))


def map_strings(value: Any, change: Callable[[str], str]) -> Any:
    """A copy of a context with ``change`` applied to every string in it."""
    if isinstance(value, str):
        return change(value)
    if isinstance(value, dict):
        return {k: map_strings(v, change) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [map_strings(v, change) for v in value]
    return value
