"""The briefing as a Word document, through the docxtpl template ``templates/digest.docx`` or the user's."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..errors import TemplateError
from ..reading.formats import display_width
from ..reading.walk import mark
from .context import Briefing
from .escape import word_text
from .masthead import fit_masthead
from .templates import DOCX_TEMPLATE, TEMPLATE_FAULTS, find_template, jinja_env, located

TWIPS_PER_EMU = 1 / 635
"""python-docx gives lengths in EMU; table grids are in twentieths of a point."""


def word_template(template: str | Path | None = None) -> Path:
    """The Word template file (ours by default), checked to open; raises :class:`TemplateError`."""
    path = Path(template) if template else find_template(DOCX_TEMPLATE)
    _open(path)
    return path


def _open(path: Path) -> Any:
    from docxtpl import DocxTemplate

    from ..reading.formats import FormatError
    from ..reading.load import MAX_BYTES, TooLarge, read_limited
    from ..reading.safezip import check_zip

    try:
        # A Word template is a zip package like a report: one whose index lies must not inflate unchecked.
        check_zip(read_limited(path, MAX_BYTES["docx"]), "Word file")
    except FormatError as err:
        raise TemplateError(f"{path}: template error: {err}") from err
    except (OSError, TooLarge) as err:
        raise TemplateError(f"{path}: template error: cannot read the template ({err})") from err
    tpl = DocxTemplate(str(path))
    try:
        tpl.init_docx()
    except Exception as err:
        # python-docx raises PackageNotFoundError, BadZipFile, KeyError or lxml errors for a
        # file that is not a Word document: all mean the same to the user.
        from ..reading.load import damage

        raise TemplateError(f"{path}: template error: not a readable Word file ({damage(err)})") from err
    return tpl


def render_docx(briefing: Briefing, target: Path, *, template: Path) -> None:
    """Render the Word briefing to ``target``; styles come from the template."""
    import jinja2

    tpl = _open(template)
    try:
        # Autoescaped: report text is XML-escaped, so "&", "<" and "</w:body>" are shown as
        # written and can neither cut the document nor plant fields in it.
        tpl.render(briefing.word, jinja_env=jinja_env(), autoescape=True)
    except jinja2.TemplateSyntaxError as err:
        # Its line counts lines of the document's XML, which mean nothing to the writer.
        raise TemplateError(f"{template}: template error in the Word template's text: {err.message}") from err
    except jinja2.TemplateError as err:
        raise located(err, template) from err
    except TEMPLATE_FAULTS as err:
        raise located(err, template) from err
    fit_tables(tpl.docx)
    keep_heads(tpl.docx)
    fit_masthead(tpl.docx, text_width(tpl.docx) / 20)
    # Word's document properties hold 255 characters; the title shown in the body is whole.
    tpl.docx.core_properties.title = briefing.convert(word_text(briefing.context["title"]))[:255]
    # Marks the file as ours (summarizer.reading.walk.MARK): a later run given this folder passes it over.
    tpl.docx.core_properties.comments = mark()
    if briefing.script == "traditional":
        for run in all_runs(tpl.docx):
            run.text = briefing.convert(run.text)
    save_reproducibly(tpl, target)


ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
"""Every part of the saved package is stamped with the ZIP format's first date instead of the
clock's (python-docx writes the time of saving), so the same briefing is the same file and the
same e-mail attachment on every run."""


def save_reproducibly(document: Any, target: Path) -> None:
    """Save a docxtpl template or python-docx document (``.save(stream)``) with its parts stamped ``ZIP_EPOCH``."""
    import io
    import zipfile

    buffer = io.BytesIO()
    document.save(buffer)
    with zipfile.ZipFile(buffer) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for item in src.infolist():
            stamped = zipfile.ZipInfo(item.filename, ZIP_EPOCH)
            stamped.compress_type = item.compress_type
            stamped.external_attr = item.external_attr
            out.writestr(stamped, src.read(item))


def all_runs(document: Any) -> Iterator[Any]:
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


def text_width(document: Any) -> int:
    """The width between the first section's margins, in twentieths of a point."""
    section = document.sections[0]
    return int((section.page_width - section.left_margin - section.right_margin) * TWIPS_PER_EMU)


def fit_tables(document: Any) -> None:
    """Give every table a grid matching its widest row, within the page's text width, each
    column as wide as its longest cell asks (capped), as a browser lays a table out: column
    loops in the template leave the template's grid behind, which LibreOffice draws as
    squeezed columns, a grid wider than the text runs off the page, and equal columns wrap
    a title over three lines beside a date column half empty."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    limit = text_width(document)
    for table in document.tables:
        tbl = table._tbl
        rows = [tr.findall(qn("w:tc")) for tr in tbl.findall(qn("w:tr"))]
        widest = max(map(len, rows), default=0)
        grid = tbl.find(qn("w:tblGrid"))
        if grid is None or widest == 0:
            continue
        width = min(sum(int(col.get(qn("w:w")) or 0) for col in grid) or limit, limit)
        asks = [MIN_COLUMN] * widest
        for n, cells in enumerate(rows):
            if len(cells) == widest:
                for i, tc in enumerate(cells):
                    text = "".join(t.text or "" for t in tc.iter(qn("w:t")))
                    # A header may wrap onto a second line: it never makes a column long by itself.
                    asks[i] = max(asks[i], min(SHORT_COLUMN if n == 0 else MAX_COLUMN, round(2 * display_width(text))))
        shares = _shares(asks, width)
        for col in list(grid):
            grid.remove(col)
        for share in shares:
            col = OxmlElement("w:gridCol")
            col.set(qn("w:w"), str(share))
            grid.append(col)
        for cells in rows:
            for i, tc in enumerate(cells):
                tc_w = tc.find(qn("w:tcPr") + "/" + qn("w:tcW")) if len(cells) == widest else None
                if tc_w is not None:
                    tc_w.set(qn("w:w"), str(shares[i]))
                    tc_w.set(qn("w:type"), "dxa")
        for tc_pr in tbl.iter(qn("w:tcPr")):
            tc_w = tc_pr.find(qn("w:tcW"))
            if tc_w is not None and tc_w.get(qn("w:type")) != "dxa":
                tc_w.set(qn("w:w"), str(width // widest))
                tc_w.set(qn("w:type"), "dxa")


KEPT_ROWS = 3
"""A table's head and first rows kept together with the caption above them: no page ends on a
caption, or on a table's head and one row."""


def keep_heads(document: Any) -> None:
    """Keep each table's caption with it and its first rows together (Word's keep-with-next,
    which LibreOffice honours too); no row is split over two pages."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    # cantSplit follows these in a row's properties (the schema's order; Word is strict).
    first = {qn(f"w:{name}") for name in ("cnfStyle", "divId", "gridBefore", "gridAfter", "wBefore", "wAfter")}
    for table in document.tables:
        tbl = table._tbl
        before = tbl.getprevious()
        if before is not None and before.tag == qn("w:p"):
            before.get_or_add_pPr().get_or_add_keepNext()
        rows = tbl.findall(qn("w:tr"))
        for n, tr in enumerate(rows):
            tr_pr = tr.get_or_add_trPr()
            if tr_pr.find(qn("w:cantSplit")) is None:
                tr_pr.insert(sum(1 for child in tr_pr if child.tag in first), OxmlElement("w:cantSplit"))
            if n < KEPT_ROWS - 1 and n < len(rows) - 1:
                for para in tr.iter(qn("w:p")):
                    para.get_or_add_pPr().get_or_add_keepNext()


def _shares(asks: list[int], width: int) -> list[int]:
    """Column widths in twips from what each column asks, in half-width characters. Where
    some columns are long (a title, a source), the short ones (a date, 简体) keep what they
    ask, so they never wrap, and the long ones share the rest in proportion; where all are
    short (a table of figures) or the short ones would leave too little, all are equal."""
    padded = [ask + CELL_PADDING for ask in asks]
    equal = [width // len(asks)] * len(asks)
    short = [ask if ask <= SHORT_COLUMN + CELL_PADDING else 0 for ask in padded]
    long = sum(ask for ask, kept in zip(padded, short) if not kept)
    rest = width - sum(short) * TWIPS_PER_COLUMN
    if not long or rest < long * TWIPS_PER_COLUMN // 2:
        return equal
    return [kept * TWIPS_PER_COLUMN if kept else rest * ask // long for ask, kept in zip(padded, short)]


TWIPS_PER_COLUMN = 120
"""Twips a column is given per half-width character it asks (五号 type, 10.5 pt, is 105; a
little more, as LibreOffice sets digits wider than half a Chinese character)."""
CELL_PADDING = 3
"""Half-width characters a cell's margins take."""
SHORT_COLUMN = 12
"""Columns asking at most this many half-width characters (a date is 10) are never squeezed."""
MIN_COLUMN = 6
"""Half-width characters a column has at least (a short header such as 年份 and its padding)."""
MAX_COLUMN = 30
"""Half-width characters a column asks for at most: a longer cell wraps rather than starve the others."""
