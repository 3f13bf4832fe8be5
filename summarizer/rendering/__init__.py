"""Rendering: the digest as JSON, Markdown (Jinja) and Word (docxtpl), and the files written from them.

Only this package knows about output formats: ``context`` builds what templates show,
``templates`` finds and sandboxes them, ``markdown``, ``word`` and ``jsondoc`` render,
``masthead`` gives the 版头 and 版记, ``mail`` and ``mailbody`` make the .eml, and ``output``
names and writes the files atomically.
"""

from __future__ import annotations

from .context import Briefing, briefing_context, format_value
from .jsondoc import digest_to_dict, iter_json, render_json, report_to_dict
from .mail import Mail
from .markdown import render_markdown
from .output import output_stem, write_outputs

__all__ = [
    "Briefing",
    "Mail",
    "briefing_context",
    "digest_to_dict",
    "format_value",
    "iter_json",
    "output_stem",
    "render_json",
    "render_markdown",
    "report_to_dict",
    "write_outputs",
]
