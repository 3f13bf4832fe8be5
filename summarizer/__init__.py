"""summarizer: turn a folder of Chinese work reports into a cross-regional briefing digest.

>>> import summarizer
>>> report = summarizer.read_report("seeds/004_9f45e3f91ec10f20.txt")   # doctest: +SKIP
>>> digest = summarizer.summarize(["seeds/"])                           # doctest: +SKIP
>>> markdown = digest.to_markdown()                                     # doctest: +SKIP
"""

from __future__ import annotations

from .figures import extract_figures
from .load import InputError
from .model import Digest, Figure, Region, Report, Section, Sentence, Skipped
from .pipeline import Options, analyse_text, read_report, summarize

__all__ = [
    "Digest",
    "Figure",
    "InputError",
    "Options",
    "Region",
    "Report",
    "Section",
    "Sentence",
    "Skipped",
    "analyse_text",
    "extract_figures",
    "read_report",
    "summarize",
]
__version__ = "0.3.1"
