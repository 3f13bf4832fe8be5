"""The briefing as Markdown, through ``templates/digest.md.j2`` or the user's own template."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from ..model import Digest
from ..options import Options, Script
from ..reading.walk import mark
from .context import Briefing
from .templates import MARKDOWN_TEMPLATE, TEMPLATE_FAULTS, jinja_env, load_template, located

if TYPE_CHECKING:
    import jinja2


def markdown_template(template: str | Path | None = None) -> jinja2.Template:
    """The compiled Markdown template (ours by default); raises :class:`TemplateError` now, before writing."""
    path = Path(template) if template else None
    return load_template(path, MARKDOWN_TEMPLATE, jinja_env(path.parent if path else None))


def iter_markdown(briefing: Briefing, template: jinja2.Template) -> Iterator[str]:
    """The Markdown text in the pieces Jinja produces them in.

    Written straight to a file, a thousand reports' Markdown is never one string in
    memory. Traditional output is converted as a whole: a phrase may span two pieces.
    The first line marks the file as ours (:data:`summarizer.reading.walk.MARK`), whatever the
    template, so that a later run given this folder does not read it as a report.
    """
    import jinja2

    from .sandbox import bounded_output

    yield f"<!-- {mark()} -->\n"
    try:
        if briefing.script == "traditional":
            yield briefing.convert(template.render(**briefing.markdown))
        else:
            yield from bounded_output(template.generate(**briefing.markdown))
    except jinja2.TemplateError as err:
        raise located(err, template.filename or template.name or MARKDOWN_TEMPLATE) from err
    except TEMPLATE_FAULTS as err:
        # What a template expression can raise ({{ 1/0 }}, {{ x[9] }}): the template's fault.
        raise located(err, template.filename or template.name or MARKDOWN_TEMPLATE) from err


def render_markdown(
    digest: Digest,
    template: str | Path | None = None,
    *,
    script: Script = "simplified",
    cited: bool = False,
    options: Options | None = None,
    date: str | None = None,
) -> str:
    """Markdown briefing of a digest through ``digest.md.j2`` (or the user's template).

    ``options`` give the masthead and closing block (:attr:`Options.masthead` and the rest),
    dated ``date`` or the newest report's.
    """
    briefing = Briefing.of(digest, script, cited=cited, options=options, date=date)
    return "".join(iter_markdown(briefing, markdown_template(template)))
