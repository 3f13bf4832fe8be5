"""The page's HTML: the upload page, and a briefing shown from the same context as its Markdown and Word.

Both templates are ours (``web/templates``), autoescaped: report text and file names are
shown as written and can plant nothing in the page. With citations, each key sentence
stands beside the paragraph of its file it comes from, read again from the job's folder.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from ..model import Digest
from ..options import Script
from ..rendering.context import Briefing
from .form import FIELDS
from .sources import cited_rows, sources
from .uploads import Limits

if TYPE_CHECKING:
    import jinja2

TEMPLATES = Path(__file__).parent / "templates"


@cache
def environment() -> jinja2.Environment:
    """Our page templates, autoescaped, strict about missing values."""
    import jinja2

    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render_index(limits: Limits) -> str:
    """The upload page: the drop area, the options of :data:`~summarizer.web.form.FIELDS`, the limits."""
    from ..reading.load import FORMATS, megabytes

    return (
        environment()
        .get_template("index.html")
        .render(
            fields=FIELDS,
            max_files=limits.max_files,
            max_size=megabytes(limits.max_bytes).replace(" ", "\u00a0"),  # 50 MB kept on one line
            max_bytes=limits.max_bytes,
            suffixes=" ".join(first_suffixes(FORMATS)),
        )
    )


def first_suffixes(formats: Mapping[str, str]) -> list[str]:
    """Each format's first suffix, in order: ``.txt .md .docx`` for a page, not every spelling.

    >>> first_suffixes({".txt": "txt", ".md": "md", ".markdown": "md"})
    ['.txt', '.md']
    """
    first: dict[str, str] = {}
    for suffix, fmt in formats.items():
        first.setdefault(fmt, suffix)
    return list(first.values())


def render_briefing(digest: Digest, root: Path, *, script: Script = "simplified", cited: bool = False) -> str:
    """The briefing as an HTML fragment for the page, in ``script``; ``cited`` shows each sentence's source.

    ``root`` is the job's folder the digest's paths are relative to. A paragraph from a
    file is shown as the file has it, so in Traditional script it is kept out of the
    conversion, as file names are.
    """
    briefing = Briefing.of(digest, script, cited=cited)
    context = briefing.context
    shown: list[str] = []
    for region, report in zip(context["regions"], digest.reports):
        found = iter(sources(report, root / report.path) if cited else ())
        for paragraph in region["paragraphs"]:
            # The summary's sentences, in order, are the paragraphs' sentences, in order.
            paragraph["rows"] = cited_rows(paragraph["sentences"], [next(found, None) for _ in paragraph["sentences"]])
            for row in paragraph["rows"]:
                if row.source:
                    shown.append(row.source)
                    row.source = f"⟦s{len(shown) - 1}⟧"
    page = environment().get_template("briefing.html").render(cited=cited, **context)
    if script == "traditional":
        from ..reading.normalise import converter

        page = converter("s2t").convert(page)
    # One pass each: a thousand reports' sentences are not a thousand passes over the page.
    names = [html.escape(path) for path in briefing.paths]
    page = _PLACEHOLDER.sub(lambda m: _pick(names if m[1] == "" else shown, m), page)
    return page


_PLACEHOLDER = re.compile(r"⟦(s?)(\d+)⟧")


def _pick(values: list[str], match: re.Match[str]) -> str:
    i = int(match[2])
    return values[i] if i < len(values) else match[0]  # a report that writes ⟦7⟧ itself keeps it
