"""The page's options: each field once, with its Chinese label and the call its value goes to.

The form on the page and the reading of a submitted form both loop over :data:`FIELDS`,
so offering one more option (a masthead field, say) is one line here. A field's value goes
to the :class:`~summarizer.options.Options` (``"options"``), to ``summarize`` (``"digest"``)
or to ``write_outputs`` (``"output"``), under ``key`` or its own name: the same calls with
the same values as the command line makes, so the files are the same.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from ..errors import OptionError
from ..options import LENGTHS, MAX_TITLE, Options

Target = Literal["options", "digest", "output"]
Kind = Literal["choice", "text", "flag", "number"]


@dataclass(frozen=True)
class Field:
    """One option on the page: ``name`` in the form, ``label`` shown, ``target`` the call it goes to.

    A ``choice`` offers ``choices`` as (form value, label, value passed); a ``text`` is one
    line of at most ``size`` characters, left out when empty; a ``flag`` is a checkbox.
    """

    name: str
    label: str
    target: Target
    kind: Kind
    choices: tuple[tuple[str, str, Any], ...] = ()
    default: str = ""
    hint: str = ""
    size: int = MAX_TITLE
    key: str = ""

    @property
    def keyword(self) -> str:
        """The keyword argument its value is passed as."""
        return self.key or self.name


LENGTH_WORDS = {"short": "简短", "standard": "标准", "long": "详细"}
LENGTH_CHOICES = tuple((name, f"{LENGTH_WORDS[name]}（每份约 {n} 字）", n) for name, n in LENGTHS.items())
SCRIPT_CHOICES = (("simplified", "简体", "simplified"), ("traditional", "繁体", "traditional"))

FIELDS: tuple[Field, ...] = (
    Field("length", "篇幅", "options", "choice", LENGTH_CHOICES, default="standard"),
    Field("script", "字体", "output", "choice", SCRIPT_CHOICES, default="simplified"),
    Field("cite", "标注出处", "output", "flag", hint="每句注明出处，并在旁边列出原文", key="cited"),
    Field("title", "标题", "digest", "text", hint="留空则按报告内容自动拟定"),
    # Which reports: by date and by place, as --since, --until and --regions.
    Field("since", "起始日期", "options", "text", hint="如 2024-01-01、2024-03 或 2024", size=10),
    Field("until", "截止日期", "options", "text", hint="同上，含当天", size=10),
    Field("regions", "地区", "options", "text", hint="只收录这些地区，逗号分隔，如：河北,银川市", size=200),
    # The masthead (版头) and closing block (版记): any one of them given prints both.
    Field("masthead", "版头", "options", "text", hint="如“工作简报”；都留空则不加版头", size=40),
    Field("issue_no", "期号", "options", "number", hint="如 12，即“第12期”", size=6),
    Field("org", "编印单位", "options", "text", hint="如“××县委办公室”", size=60),
    Field("send_to", "报送", "options", "text", size=120),
    Field("cc", "抄送", "options", "text", size=120),
)
"""The options the page offers, in the order it shows them."""


@dataclass
class Settings:
    """A submitted form read: keyword arguments for each of the three calls."""

    options: dict[str, Any] = field(default_factory=dict)
    digest: dict[str, Any] = field(default_factory=dict)
    output: dict[str, Any] = field(default_factory=dict)

    def of(self, target: Target) -> dict[str, Any]:
        """The keyword arguments for ``target``."""
        return {"options": self.options, "digest": self.digest, "output": self.output}[target]


def read_form(form: Mapping[str, Any], fields: tuple[Field, ...] = FIELDS) -> Settings:
    """The settings a submitted form asks for; raises :class:`OptionError` with a Chinese message.

    Only the listed fields are read, and only their listed values taken: nothing else in
    the request (a template, a path, an engine) reaches the engine.

    >>> read_form({"length": "long", "cite": "on", "title": " 汛期简报 "}).output
    {'script': 'simplified', 'cited': True}
    >>> read_form({"length": "long", "title": " 汛期简报 "}).digest
    {'title': '汛期简报'}
    """
    settings = Settings()
    for f in fields:
        raw = form.get(f.name)
        text = raw.strip() if isinstance(raw, str) else ""
        target = settings.of(f.target)
        if f.kind == "flag":
            target[f.keyword] = text.lower() in ("on", "1", "true", "yes")
        elif f.kind == "choice":
            values = {value: passed for value, _, passed in f.choices}
            if text and text not in values:
                raise OptionError(f"“{f.label}”没有“{text[:20]}”这一项，可选：{'、'.join(c[1] for c in f.choices)}")
            target[f.keyword] = values[text or f.default]
        elif text:
            if any(ch in text for ch in "\r\n\x00"):
                raise OptionError(f"“{f.label}”只能是一行文字")
            if len(text) > f.size:
                raise OptionError(f"“{f.label}”有 {len(text)} 个字，最多 {f.size} 个")
            if f.kind == "number" and not (text.isascii() and text.isdigit() and int(text) > 0):
                raise OptionError(f"“{f.label}”应是正整数，而不是“{text[:20]}”")
            target[f.keyword] = int(text) if f.kind == "number" else text
    try:  # a date or name the options refuse is said now, not after the upload is read
        Options(**settings.options)
    except OptionError as err:
        raise OptionError(f"选项有误：{err}") from None
    return settings
