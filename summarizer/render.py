"""Stage 8, render: the digest as JSON, Markdown (Jinja) and Word; files written atomically.

Only this module knows about output formats.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .model import Digest, Report, Section, Sentence

if TYPE_CHECKING:
    import jinja2

PACKAGE_TEMPLATES = Path(__file__).parent / "templates"
"""Where the wheel carries ``templates/`` (see pyproject's force-include)."""
CHECKOUT_TEMPLATES = Path(__file__).parent.parent / "templates"
MARKDOWN_TEMPLATE = "digest.md.j2"


def _sentences(items: tuple[Sentence, ...]) -> list[str]:
    return [s.text for s in items]


def _section_dict(sec: Section) -> dict[str, Any]:
    return {
        "heading": sec.heading,
        "level": sec.level,
        "sentences": _sentences(sec.sentences),
        "key_sentences": _sentences(sec.key_sentences),
    }


def report_to_dict(report: Report) -> dict[str, Any]:
    """JSON-ready dict of one report; field names are a stable interface."""
    return {
        "path": report.path,
        "format": report.format,
        "encoding": report.encoding,
        "title": report.title,
        "headline": report.headline,
        "date": report.date,
        "source": report.source,
        "script": report.script,
        "region": asdict(report.region),
        "summary": _sentences(report.summary),
        "keywords": list(report.keywords),
        "keyphrases": list(report.keyphrases),
        "sections": [_section_dict(s) for s in report.sections],
        "figures": [asdict(f) for f in report.figures],
    }


def digest_to_dict(digest: Digest) -> dict[str, Any]:
    """JSON-ready dict of a digest."""
    return {
        "title": digest.title,
        "reports": [report_to_dict(r) for r in digest.reports],
        "skipped": [asdict(s) for s in digest.skipped],
    }


def render_json(digest: Digest) -> str:
    """Deterministic, human-readable JSON (UTF-8 characters kept, not escaped)."""
    return json.dumps(digest_to_dict(digest), ensure_ascii=False, indent=2) + "\n"


def template_dirs() -> list[Path]:
    """Template folders: the installed package's first, then a checkout's ``templates/``."""
    return [d for d in (PACKAGE_TEMPLATES, CHECKOUT_TEMPLATES) if d.is_dir()]


def jinja_env(extra: Path | None = None) -> jinja2.Environment:
    """A Jinja environment over the user's template folder (if any) and ours."""
    import jinja2

    dirs = ([extra] if extra else []) + template_dirs()
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(d) for d in dirs]),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,
    )
    env.filters["money"] = format_value
    return env


def format_value(value: float, unit: str, approx: str | None = None) -> str:
    """``292000, 元`` → ``29.2万元``; ``1500, 名, 余`` → ``1500余名``; ``97.7, %`` → ``97.7%``."""
    if unit == "元" and value >= 10000:
        number = f"{value / 10000:.2f}".rstrip("0").rstrip(".")
        return f"{number}{approx or ''}万元" if approx == "余" else f"{approx_prefix(approx)}{number}万元"
    number = f"{value:g}" if isinstance(value, float) else str(value)
    if approx in ("余", "多", "上"):
        suffix = "以上" if approx == "上" else approx
        return f"{number}{suffix}{unit}"
    return f"{approx_prefix(approx)}{number}{unit}"


def approx_prefix(approx: str | None) -> str:
    return {"近": "近", "约": "约", "超": "超", "逾": "逾"}.get(approx or "", "")


def render_markdown(digest: Digest, template: str | Path | None = None) -> str:
    """Markdown through ``digest.md.j2`` (or the user's template)."""
    path = Path(template) if template else None
    env = jinja_env(path.parent if path else None)
    tmpl = env.get_template(path.name if path else MARKDOWN_TEMPLATE)
    return tmpl.render(digest=digest, data=digest_to_dict(digest))


def render_docx(digest: Digest, target: Path) -> None:
    """A Word document of the digest (headings as real heading styles)."""
    import docx

    doc = docx.Document()
    doc.add_heading(digest.title or "简报", level=0)
    for report in digest.reports:
        doc.add_heading(report.title or report.headline or Path(report.path).name, level=1)
        meta = "　".join(x for x in (report.source, report.date) if x)
        if meta:
            doc.add_paragraph(meta)
        for s in report.summary:
            doc.add_paragraph(s.text)
        for sec in report.sections:
            if sec.heading and sec.key_sentences:
                doc.add_heading(sec.heading, level=2)
            for s in sec.key_sentences:
                doc.add_paragraph(s.text)
    doc.core_properties.title = digest.title or ""
    doc.save(str(target))


def write_atomic(target: Path, write: Callable[[Path], None]) -> None:
    """Write through a temporary file in the same folder, then rename over ``target``.

    An interrupted run leaves the old file or the new one, never half of one.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        write(tmp_path)
        os.replace(tmp_path, target)
    finally:
        if tmp_path.exists():
            tmp_path.unlink()


def write_text_atomic(target: Path, text: str) -> None:
    """Atomically write UTF-8 text."""

    def write(path: Path) -> None:
        path.write_text(text, encoding="utf-8")

    write_atomic(target, write)


def output_stem(digest: Digest, date: str | None = None) -> str:
    """``briefing-2020-05-13``: the given date, else the newest report date, never the clock."""
    date = date or max((r.date for r in digest.reports if r.date), default=None)
    return f"briefing-{date}" if date else "briefing"


def write_outputs(
    digest: Digest,
    out_dir: Path,
    formats: tuple[str, ...],
    *,
    date: str | None = None,
    template: str | Path | None = None,
) -> list[Path]:
    """Write the requested formats (``md``, ``json``, ``docx``) and return their paths."""
    stem = output_stem(digest, date)
    written = []
    for fmt in formats:
        target = out_dir / f"{stem}.{fmt}"
        if fmt == "md":
            write_text_atomic(target, render_markdown(digest, template))
        elif fmt == "json":
            write_text_atomic(target, render_json(digest))
        elif fmt == "docx":
            write_atomic(target, lambda p: render_docx(digest, p))
        else:
            raise ValueError(f"unknown output format {fmt!r}")
        written.append(target)
    return written
