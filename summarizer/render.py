"""Stage 8, render: the digest as JSON, Markdown (Jinja) and Word; files written atomically.

Only this module knows about output formats.
"""

from __future__ import annotations

import itertools
import json
import os
import tempfile
from collections.abc import Callable, Iterator, Mapping
from dataclasses import asdict, dataclass, fields
from functools import partial
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any

from .model import Digest, Figure, Region, Report, Section, Sentence

if TYPE_CHECKING:
    import jinja2

PACKAGE_TEMPLATES = Path(__file__).parent / "templates"
"""Where the wheel carries ``templates/`` (see pyproject's force-include)."""
CHECKOUT_TEMPLATES = Path(__file__).parent.parent / "templates"
MARKDOWN_TEMPLATE = "digest.md.j2"
DOCX_TEMPLATE = "digest.docx"


_FIELD_NAMES = {cls: tuple(f.name for f in fields(cls)) for cls in (Figure, Region)}


def _flat(obj: Figure | Region) -> dict[str, Any]:
    # asdict() deep-copies every value; these dataclasses hold plain values only, and
    # asdict was a third of rendering JSON.
    return {name: getattr(obj, name) for name in _FIELD_NAMES[type(obj)]}


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
        "region": _flat(report.region),
        "summary": _sentences(report.summary),
        "keywords": list(report.keywords),
        "keyphrases": list(report.keyphrases),
        "sections": [_section_dict(s) for s in report.sections],
        "figures": [_flat(f) for f in report.figures],
    }


def digest_to_dict(digest: Digest, *, reports: bool = True) -> dict[str, Any]:
    """JSON-ready dict of a digest (``reports=False`` leaves the report list empty)."""
    dates = digest.date_range
    return {
        "title": digest.title,
        "date_range": list(dates) if dates else None,
        "overview": [asdict(p) for p in digest.overview],
        "themes": [asdict(t) for t in digest.themes],
        "comparison": {
            "columns": list(digest.columns),
            "rows": [
                {"category": row.category, "cells": [[_flat(f) for f in cell] for cell in row.cells]}
                for row in digest.comparison
            ],
        },
        "reports": [report_to_dict(r) for r in digest.reports] if reports else [],
        "skipped": [asdict(s) for s in digest.skipped],
    }


def render_json(digest: Digest) -> str:
    """Deterministic, human-readable JSON (UTF-8 characters kept, not escaped)."""
    return "".join(iter_json(digest))


def _dump(value: Any, indent: str) -> str:
    # orjson writes what json.dumps(indent=2, ensure_ascii=False) writes for our values, at
    # a fifth of the cost (the pure-Python encoder was a tenth of a whole run). Integers
    # beyond 64 bits ("12345678901234567890人") are json's job.
    import orjson

    try:
        text = orjson.dumps(value, option=orjson.OPT_INDENT_2).decode()
    except orjson.JSONEncodeError:
        text = json.dumps(value, ensure_ascii=False, indent=2)
    return text.replace("\n", "\n" + indent)


def iter_json(digest: Digest) -> Iterator[str]:
    """The JSON text of :func:`render_json` in pieces, one report at a time.

    The output is the same as ``json.dumps(digest_to_dict(digest), indent=2)``, but the
    reports are never all held as dicts at once: on 1,000 reports that whole-document dict
    was most of the run's memory.
    """
    head = digest_to_dict(digest, reports=False)
    yield "{"
    for i, (key, value) in enumerate(head.items()):
        yield ("," if i else "") + f"\n  {json.dumps(key)}: "
        if key == "reports" and digest.reports:
            for j, report in enumerate(digest.reports):
                yield ("[" if j == 0 else ",") + "\n    " + _dump(report_to_dict(report), "    ")
            yield "\n  ]"
        else:
            yield _dump(value, "  ")
    yield "\n}\n"


def template_dirs() -> list[Path]:
    """Template folders: the installed package's first, then a checkout's ``templates/``."""
    return [d for d in (PACKAGE_TEMPLATES, CHECKOUT_TEMPLATES) if d.is_dir()]


def find_template(name: str) -> Path:
    """Our template ``name`` from the wheel or the checkout."""
    for folder in template_dirs():
        if (folder / name).is_file():
            return folder / name
    raise FileNotFoundError(f"template {name} is missing from the installation")


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
    """``292000, 元`` → ``29.2万元``; ``1500, 名, 余`` → ``1500余名``; ``97.7, %`` → ``97.7%``.

    Money is always in 万元, the unit briefings compare in.
    """
    if unit == "元":
        number = f"{value / 10000:.4f}".rstrip("0").rstrip(".")
        unit = "万元"
    else:
        number = f"{value:g}" if isinstance(value, float) else str(value)
    if approx in ("余", "多", "上"):
        return f"{number}{'以上' if approx == '上' else approx}{unit}"
    return f"{approx_prefix(approx)}{number}{unit}"


def approx_prefix(approx: str | None) -> str:
    """The approximation words written before a number (近 约 超 逾); 余 and 多 go after it."""
    return {"近": "近", "约": "约", "超": "超", "逾": "逾"}.get(approx or "", "")


def figure_text(fig: Figure) -> str:
    """``党费 29.2万元``: what a table cell or a figure list shows."""
    return f"{fig.label} {format_value(fig.value, fig.unit, fig.approx)}"


def shown_sections(sections: tuple[Section, ...]) -> list[Section]:
    """Sections a region part shows: those with key sentences, and the headings above them.

    A heading whose text all sits in its sub-sections (新海镇's 组织发动到位…) has no key
    sentences of its own; dropping it would leave its sub-headings without their parent.
    """
    shown = []
    for i, sec in enumerate(sections):
        below = itertools.takewhile(partial(_deeper, than=sec.level), sections[i + 1 :])
        if sec.key_sentences or (sec.heading and any(s.key_sentences for s in below)):
            shown.append(sec)
    return shown


def _deeper(section: Section, than: int) -> bool:
    return section.level > than


KEY_FIGURES = 12


def key_figures(figures: tuple[Figure, ...]) -> list[Figure]:
    """The figures a region section lists: those in a comparison category first, at most
    ``KEY_FIGURES``, shown in the report's order."""
    ranked = sorted(range(len(figures)), key=lambda i: (figures[i].category is None, i))[:KEY_FIGURES]
    return [figures[i] for i in sorted(ranked)]


CN_DIGITS = "零一二三四五六七八九"


def cn_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 105 → 一百零五, 1010 → 一千零一十: briefing section numbers."""
    if n < 10:
        return CN_DIGITS[n]
    if n < 20:
        return "十" + (CN_DIGITS[n % 10] if n % 10 else "")
    out = ""
    zero = False
    for value, name in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = n // value % 10
        if digit:
            out += ("零" if zero and out else "") + CN_DIGITS[digit] + name
            zero = False
        else:
            zero = bool(out)
    return out if n < 10000 else str(n)


def place(region: Region) -> str:
    """``内蒙古自治区巴彦淖尔市乌拉特前旗``: the full hierarchy, a municipality named once."""
    parts = [region.province, region.city, region.county, region.town]
    return "".join(dict.fromkeys(p for p in parts if p))


def briefing_context(digest: Digest) -> dict[str, Any]:
    """Everything the Markdown and Word templates show, as plain strings and lists.

    Both templates read this one context, so they cannot drift apart, and ``--to
    traditional`` converts it once for both.
    """
    dates = digest.date_range
    provinces = {r.region.province for r in digest.reports if r.region.province}
    regions = []
    for i, report in enumerate(digest.reports, 1):
        regions.append(
            {
                "number": f"（{cn_number(i)}）",
                "label": report.label,
                "place": place(report.region),
                "title": report.title or report.headline or PurePath(report.path).name,
                "source": report.source or "",
                "date": report.date or "",
                "summary": [s.text for s in report.summary],
                "keywords": list(report.keywords[:8]),
                "sections": [
                    {
                        "heading": sec.heading or "",
                        "level": sec.level,
                        "key_sentences": [s.text for s in sec.key_sentences],
                    }
                    for sec in shown_sections(report.sections)
                ],
                "figures": [figure_text(f) for f in key_figures(report.figures)],
            }
        )
    return {
        "title": digest.title or "简报",
        "stats": {
            "reports": len(digest.reports),
            "regions": len(digest.columns),
            "provinces": len(provinces),
            "skipped": len(digest.skipped),
            "date_from": dates[0] if dates else "",
            "date_to": dates[1] if dates else "",
        },
        "overview": [asdict(p) for p in digest.overview],
        "themes": [{"term": t.term, "kind": t.kind, "regions": list(t.regions)} for t in digest.themes],
        "table": {
            "columns": list(digest.columns),
            "rows": [
                {"category": row.category, "cells": ["；".join(figure_text(f) for f in cell) for cell in row.cells]}
                for row in digest.comparison
            ],
        },
        "regions": regions,
        "sources": [
            {
                "path": PurePath(r.path).name,
                "title": r.title or "（无标题）",
                "source": r.source or "",
                "date": r.date or "",
                "script": "繁体" if r.script == "traditional" else "简体",
            }
            for r in sorted(digest.reports, key=lambda r: r.path)
        ],
        "skipped": [{"path": PurePath(s.path).name, "reason": s.reason} for s in digest.skipped],
    }


class Traditional:
    """Renders in Traditional script: the whole output goes through OpenCC s2t, template
    text included, except file names, which are swapped for placeholders first because a
    file name has to stay the name of the file."""

    def __init__(self) -> None:
        from .normalise import converter

        self.s2t = converter("s2t")
        self.paths: list[str] = []

    def protect(self, context: dict[str, Any]) -> dict[str, Any]:
        """Swap file names in the context for placeholders that conversion leaves alone."""
        for row in (*context["sources"], *context["skipped"]):
            self.paths.append(row["path"])
            row["path"] = f"⟦{len(self.paths) - 1}⟧"
        return context

    def convert(self, text: str) -> str:
        """Rendered text to Traditional, file names put back."""
        out = self.s2t.convert(text)
        for i, path in enumerate(self.paths):
            out = out.replace(f"⟦{i}⟧", path)
        return out


def _context(digest: Digest, script: str) -> tuple[dict[str, Any], Traditional | None]:
    context = briefing_context(digest)
    if script != "traditional":
        return context, None
    trad = Traditional()
    return trad.protect(context), trad


def render_markdown(digest: Digest, template: str | Path | None = None, *, script: str = "simplified") -> str:
    """Markdown through ``digest.md.j2`` (or the user's template)."""
    return "".join(iter_markdown(digest, template, script=script))


def iter_markdown(digest: Digest, template: str | Path | None = None, *, script: str = "simplified") -> Iterator[str]:
    """The text of :func:`render_markdown` in the pieces Jinja produces them in.

    Written straight to a file, a thousand reports' Markdown is never one string in
    memory. Traditional output is converted as a whole: a phrase may span two pieces.
    """
    path = Path(template) if template else None
    env = jinja_env(path.parent if path else None)
    tmpl = env.get_template(path.name if path else MARKDOWN_TEMPLATE)
    context, trad = _context(digest, script)
    if trad:
        yield trad.convert(tmpl.render(**context))
    else:
        yield from tmpl.generate(**context)


def render_docx(
    digest: Digest, target: Path, template: str | Path | None = None, *, script: str = "simplified"
) -> None:
    """Word through the docxtpl template ``digest.docx`` (or the user's), styles from the template."""
    from docxtpl import DocxTemplate

    tpl = DocxTemplate(str(template or find_template(DOCX_TEMPLATE)))
    context, trad = _context(digest, script)
    tpl.render(context, jinja_env=jinja_env())
    fit_tables(tpl.docx)
    tpl.docx.core_properties.title = context["title"]
    if trad:
        for run in all_runs(tpl.docx):
            run.text = trad.convert(run.text)
        tpl.docx.core_properties.title = trad.convert(context["title"])
    tpl.save(str(target))


def all_runs(document: Any) -> Any:
    """Every text run of the body, its tables and the headers and footers."""
    parts = [document, *(s.header for s in document.sections), *(s.footer for s in document.sections)]
    for part in parts:
        for para in part.paragraphs:
            yield from para.runs
        for table in part.tables:
            for row in table.rows:
                for cell in row.cells:
                    for para in cell.paragraphs:
                        yield from para.runs


def fit_tables(document: Any) -> None:
    """Give every table a grid matching its widest row: column loops in the template
    leave the template's grid behind, which LibreOffice draws as squeezed columns."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    for table in document.tables:
        tbl = table._tbl
        widest = max((len(tr.findall(qn("w:tc"))) for tr in tbl.findall(qn("w:tr"))), default=0)
        grid = tbl.find(qn("w:tblGrid"))
        if grid is None or widest == 0 or len(grid) == widest:
            continue
        width = sum(int(col.get(qn("w:w")) or 0) for col in grid) or 9000
        for col in list(grid):
            grid.remove(col)
        for _ in range(widest):
            col = OxmlElement("w:gridCol")
            col.set(qn("w:w"), str(width // widest))
            grid.append(col)
        for tc_pr in tbl.iter(qn("w:tcPr")):
            tc_w = tc_pr.find(qn("w:tcW"))
            if tc_w is not None:
                tc_w.set(qn("w:w"), str(width // widest))
                tc_w.set(qn("w:type"), "dxa")


def write_atomic(target: Path, write: Callable[[Path], None]) -> None:
    """Write through a temporary file in the same folder, then rename over ``target``.

    An interrupted run leaves the old file or the new one, never half of one.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_temporaries(target)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        write(tmp_path)
        os.replace(tmp_path, target)
    finally:
        if tmp_path.exists():
            tmp_path.unlink()


STALE_SECONDS = 600
"""A temporary file this old was left by a killed run (a live run writes in well under a second)."""


def remove_stale_temporaries(target: Path) -> None:
    """Remove what a run killed mid-write (SIGKILL skips our clean-up) left beside ``target``."""
    import time

    for leftover in target.parent.glob(f".{target.name}.*.tmp"):
        try:
            if time.time() - leftover.stat().st_mtime > STALE_SECONDS:
                leftover.unlink()
        except OSError:
            continue


def _write_chunks(path: Path, chunks: Iterator[str]) -> None:
    with path.open("w", encoding="utf-8") as fh:
        fh.writelines(chunks)


def _write_bytes(path: Path, data: bytes) -> None:
    path.write_bytes(data)


def write_text_atomic(target: Path, text: str) -> None:
    """Atomically write UTF-8 text."""

    def write(path: Path) -> None:
        path.write_text(text, encoding="utf-8")

    write_atomic(target, write)


def output_stem(digest: Digest, date: str | None = None) -> str:
    """``briefing-2020-05-13``: the given date, else the newest report date, never the clock."""
    date = date or max((r.date for r in digest.reports if r.date), default=None)
    return f"briefing-{date}" if date else "briefing"


@dataclass(frozen=True)
class Mail:
    """``--eml``: a draft with the Markdown as body and the Word file attached."""

    to_addr: str | None = None
    subject: str | None = None


def render_eml(body: str, attachment: Path, mail: Mail, title: str) -> bytes:
    """An RFC 5322 draft (``X-Unsent: 1`` makes Outlook open it for editing).

    The MIME boundary is derived from the content, not random, so the same run gives the same mail.
    """
    import hashlib
    from email.message import EmailMessage
    from email.policy import SMTP

    msg = EmailMessage()
    msg["Subject"] = mail.subject or title
    if mail.to_addr:
        msg["To"] = mail.to_addr
    msg["X-Unsent"] = "1"
    msg.set_content(body)
    data = attachment.read_bytes()
    msg.add_attachment(
        data,
        maintype="application",
        subtype="vnd.openxmlformats-officedocument.wordprocessingml.document",
        filename=attachment.name,
    )
    msg.set_boundary("=_briefing_" + hashlib.sha256(body.encode() + data).hexdigest()[:24])
    return msg.as_bytes(policy=SMTP)


def write_outputs(
    digest: Digest,
    out_dir: Path,
    formats: tuple[str, ...],
    *,
    date: str | None = None,
    templates: Mapping[str, Path] | None = None,
    script: str = "simplified",
    mail: Mail | None = None,
) -> list[Path]:
    """Write the requested formats (``md``, ``json``, ``docx``, ``eml``) and return their paths.

    ``templates`` maps a format to the user's template for it; ``script="traditional"``
    renders Markdown and Word in Traditional characters (JSON keeps the analysed text).
    An ``.eml`` needs the Word file, so asking for one writes both.
    """
    templates = templates or {}
    stem = output_stem(digest, date)
    if "eml" in formats and "docx" not in formats:
        formats = (*formats, "docx")
    order = [f for f in ("json", "md", "docx", "eml") if f in formats]
    unknown = set(formats) - set(order)
    if unknown:
        raise ValueError(f"unknown output format {sorted(unknown)[0]!r}")
    written = []
    markdown = None
    for fmt in order:
        target = out_dir / f"{stem}.{fmt}"
        if fmt == "md" and "eml" in order:
            markdown = render_markdown(digest, templates.get("md"), script=script)
            write_text_atomic(target, markdown)
        elif fmt == "md":
            chunks = iter_markdown(digest, templates.get("md"), script=script)
            write_atomic(target, partial(_write_chunks, chunks=chunks))
        elif fmt == "json":
            write_atomic(target, partial(_write_chunks, chunks=iter_json(digest)))
        elif fmt == "docx":
            write_atomic(target, lambda p: render_docx(digest, p, templates.get("docx"), script=script))
        else:
            body = markdown or render_markdown(digest, templates.get("md"), script=script)
            eml = render_eml(body, out_dir / f"{stem}.docx", mail or Mail(), digest.title or "简报")
            write_atomic(target, partial(_write_bytes, data=eml))
        written.append(target)
    return written
