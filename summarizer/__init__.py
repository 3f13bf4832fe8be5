"""summarizer: turn a folder of Chinese work reports into a cross-regional briefing digest.

>>> import summarizer
>>> report = summarizer.analyse_text("通渭县强化政治保证大打疫情防控阻击战\\n全县成立临时党支部50个，下拨党费32万元。")
>>> report.title, report.region.name
('通渭县强化政治保证大打疫情防控阻击战', '通渭县')
>>> [(f.label, f.value, f.unit) for f in report.figures]
[('临时党支部', 50, '个'), ('党费', 320000, '元')]
>>> markdown = summarizer.render_markdown(summarizer.summarize(["seeds/"]))  # doctest: +SKIP
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from .errors import (
    ArgumentTypeError,
    InputError,
    MissingExtraError,
    OptionError,
    OutputError,
    PathError,
    RuleFileError,
    SummarizerError,
    TemplateError,
)
from .options import Options

if TYPE_CHECKING:
    from .model import Digest, Figure, Region, Report, Section, Sentence, Skipped
    from .pipeline import analyse_text, read_report, summarize
    from .rendering import Mail, digest_to_dict, render_json, render_markdown, write_outputs
    from .rendering.pages import fit_pages
    from .understanding.figures import extract_figures

# The engine loads on first use, not on `import summarizer`: the CLI's --help and its
# option errors need none of it.
_LAZY = {
    "extract_figures": "understanding.figures",
    **dict.fromkeys(("Digest", "Figure", "Region", "Report", "Section", "Sentence", "Skipped"), "model"),
    **dict.fromkeys(("analyse_text", "read_report", "summarize"), "pipeline"),
    **dict.fromkeys(("Mail", "digest_to_dict", "render_json", "render_markdown", "write_outputs"), "rendering"),
    "fit_pages": "rendering.pages",
}


def __getattr__(name: str) -> Any:
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            found = version("summarizer")
        except PackageNotFoundError:  # pragma: no cover - a checkout that was never installed
            found = "0+unknown"
        # Looked up once: reading the installed metadata costs milliseconds, and every run names it.
        globals()["__version__"] = found
        return found
    if name in _LAZY:
        value = getattr(import_module(f".{_LAZY[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "ArgumentTypeError",
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
    "fit_pages",
    "read_report",
    "render_json",
    "render_markdown",
    "summarize",
    "write_outputs",
]
