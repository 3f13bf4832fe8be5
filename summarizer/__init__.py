"""summarizer: turn a folder of Chinese work reports into a cross-regional briefing digest.

>>> import summarizer
>>> report = summarizer.read_report("seeds/004_9f45e3f91ec10f20.txt")   # doctest: +SKIP
>>> digest = summarizer.summarize(["seeds/"])                           # doctest: +SKIP
>>> markdown = summarizer.render_markdown(digest)                       # doctest: +SKIP
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from .errors import (
    InputError,
    MissingExtraError,
    OptionError,
    OutputError,
    PathError,
    RuleFileError,
    SummarizerError,
    TemplateError,
)
from .figures import extract_figures
from .model import Digest, Figure, Region, Report, Section, Sentence, Skipped
from .options import Options
from .pipeline import analyse_text, read_report, summarize
from .render import Mail, digest_to_dict, render_json, render_markdown, write_outputs

try:
    __version__ = version("summarizer")
except PackageNotFoundError:  # pragma: no cover - running from a checkout that was never installed
    __version__ = "0+unknown"

__all__ = [
    "Digest",
    "Figure",
    "InputError",
    "Mail",
    "MissingExtraError",
    "OptionError",
    "Options",
    "OutputError",
    "PathError",
    "Region",
    "Report",
    "RuleFileError",
    "Section",
    "Sentence",
    "Skipped",
    "SummarizerError",
    "TemplateError",
    "analyse_text",
    "digest_to_dict",
    "extract_figures",
    "read_report",
    "render_json",
    "render_markdown",
    "summarize",
    "write_outputs",
]
