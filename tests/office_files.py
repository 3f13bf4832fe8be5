"""Builders of office files for the tests: OFD packages as GB/T 33190 lays them out, Word files
as offices write them, and LibreOffice's conversions of them (.doc, .odt, .rtf)."""

from __future__ import annotations

import shutil
import struct
import subprocess
import zipfile
import zlib
from collections.abc import Sequence
from pathlib import Path
from xml.sax.saxutils import escape

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
NO_SOFFICE = "LibreOffice (soffice) is not installed: apt-get install libreoffice-writer-nogui"
OFD_NS = "http://www.ofdspec.org/2016"
PAGE_W, PAGE_H = 210.0, 297.0
MARGIN_X, MARGIN_TOP = 28.0, 37.0
"""GB/T 9704's A4 page: 28 mm left, 37 mm top."""
SIZE = 5.6
"""3号 type (16 pt) in millimetres."""
LINE_STEP = 10.0
"""Fixed 28 pt line spacing, in millimetres."""
LINE_CHARS = 28
"""Characters of a 3号 line across the type area (156 mm)."""


def libreoffice(files: Sequence[Path], target: str, outdir: Path) -> list[Path]:
    """``files`` converted by LibreOffice to ``target`` (``doc:MS Word 97``, ``odt``, ``rtf``) in ``outdir``."""
    assert SOFFICE, NO_SOFFICE
    outdir.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation={(outdir / '.profile').as_uri()}",
            "--headless",
            "--convert-to",
            target,
            "--outdir",
            str(outdir),
            *map(str, files),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    suffix = "." + target.split(":")[0]
    out = [outdir / f"{f.stem}{suffix}" for f in files]
    assert all(p.is_file() for p in out), sorted(outdir.iterdir())
    return out


# ---- OFD ------------------------------------------------------------------------------------


def _xml(body: str) -> bytes:
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{body}'.encode()


def _wrap(paragraph: str) -> list[tuple[float, str]]:
    """A paragraph's printed lines with their left edge, the first indented two characters;
    lines are filled by printed width (a Latin letter or digit takes half a character)."""
    lines: list[tuple[float, str]] = []
    line, width, room = "", 0.0, LINE_CHARS - 2.0
    for char in paragraph:
        advance = 0.5 if char.isascii() else 1.0
        if width + advance > room:
            lines.append(((MARGIN_X + 2 * SIZE) if not lines else MARGIN_X, line))
            line, width, room = "", 0.0, float(LINE_CHARS)
        line += char
        width += advance
    if line:
        lines.append(((MARGIN_X + 2 * SIZE) if not lines else MARGIN_X, line))
    return lines


def _text_object(ident: int, x: float, y: float, text: str) -> str:
    # GB/T 33190: a TextObject's Boundary places it on the page; its TextCode's X, Y (the
    # baseline) are within the Boundary, DeltaX the advance of each character after the first.
    return (
        f'<ofd:TextObject ID="{ident}" Boundary="{x:.2f} {y:.2f} {len(text) * SIZE:.2f} {SIZE * 1.2:.2f}" '
        f'Font="2" Size="{SIZE}"><ofd:FillColor Value="0 0 0"/>'
        f'<ofd:TextCode X="0" Y="{SIZE:.2f}" DeltaX="g {max(len(text) - 1, 1)} {SIZE}">{escape(text)}</ofd:TextCode>'
        "</ofd:TextObject>"
    )


def build_ofd(paragraphs: Sequence[str], target: Path, *, image_only: bool = False) -> None:
    """A minimal OFD package of ``paragraphs`` as GB/T 33190 lays it out.

    ``OFD.xml`` names ``Doc_0/Document.xml``, which lists the pages in reading order; each
    page's ``Content.xml`` holds one ``TextObject``/``TextCode`` a printed line. The page
    folders are numbered backwards and stored last page first, so only a reader that follows
    Document.xml reads them in order. ``image_only``: one page holding a scanned picture.
    """
    lines = [line for paragraph in paragraphs for line in _wrap(paragraph)]
    per_page = int((PAGE_H - MARGIN_TOP - 35) // LINE_STEP)
    pages = [lines[i : i + per_page] for i in range(0, len(lines), per_page)] or [[]]
    ident = 10
    contents = []
    for page in pages:
        objects = []
        for row, (x, text) in enumerate(page):
            objects.append(_text_object(ident, x, MARGIN_TOP + row * LINE_STEP, text))
            ident += 1
        if image_only:
            box, ctm = f"0 0 {PAGE_W} {PAGE_H}", f"{PAGE_W} 0 0 {PAGE_H} 0 0"
            objects = [f'<ofd:ImageObject ID="{ident}" ResourceID="3" Boundary="{box}" CTM="{ctm}"/>']
        contents.append(
            f'<ofd:Page xmlns:ofd="{OFD_NS}"><ofd:Content><ofd:Layer ID="{ident}">{"".join(objects)}'
            "</ofd:Layer></ofd:Content></ofd:Page>"
        )
        ident += 1
    count = len(contents)
    listed = "".join(f'<ofd:Page ID="{i + 1}" BaseLoc="Pages/Page_{count - 1 - i}/Content.xml"/>' for i in range(count))
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr(
            "OFD.xml",
            _xml(
                f'<ofd:OFD xmlns:ofd="{OFD_NS}" Version="1.0" DocType="OFD"><ofd:DocBody><ofd:DocInfo>'
                "<ofd:DocID>6c3a1a0e0f6d4d3f9d0b6a8e2f1c7b55</ofd:DocID><ofd:Creator>summarizer tests</ofd:Creator>"
                "</ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>"
            ),
        )
        package.writestr(
            "Doc_0/Document.xml",
            _xml(
                f'<ofd:Document xmlns:ofd="{OFD_NS}"><ofd:CommonData><ofd:MaxUnitID>{ident}</ofd:MaxUnitID>'
                f"<ofd:PageArea><ofd:PhysicalBox>0 0 {PAGE_W} {PAGE_H}</ofd:PhysicalBox></ofd:PageArea>"
                "<ofd:PublicRes>PublicRes.xml</ofd:PublicRes><ofd:DocumentRes>DocumentRes.xml</ofd:DocumentRes>"
                f"</ofd:CommonData><ofd:Pages>{listed}</ofd:Pages></ofd:Document>"
            ),
        )
        package.writestr(
            "Doc_0/PublicRes.xml",
            _xml(
                f'<ofd:Res xmlns:ofd="{OFD_NS}" BaseLoc="Res"><ofd:Fonts>'
                '<ofd:Font ID="2" FontName="仿宋_GB2312" FamilyName="仿宋"/></ofd:Fonts></ofd:Res>'
            ),
        )
        media = (
            '<ofd:MultiMedias><ofd:MultiMedia ID="3" Type="Image" Format="PNG"><ofd:MediaFile>scan.png'
            "</ofd:MediaFile></ofd:MultiMedia></ofd:MultiMedias>"
            if image_only
            else ""
        )
        resources = f'<ofd:Res xmlns:ofd="{OFD_NS}" BaseLoc="Res">{media}</ofd:Res>'
        package.writestr("Doc_0/DocumentRes.xml", _xml(resources))
        if image_only:
            package.writestr("Doc_0/Res/scan.png", png())
        for i in reversed(range(count)):
            package.writestr(f"Doc_0/Pages/Page_{count - 1 - i}/Content.xml", _xml(contents[i]))


def png(width: int = 8, height: int = 8) -> bytes:
    """A small grey PNG: the picture of a scanned page."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + b"\x80" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


# ---- Word as an office writes it --------------------------------------------------------------


def _run_font(run: object, size: float, *, bold: bool = False, color: tuple[int, int, int] | None = None) -> None:
    run.font.size = Pt(size)  # type: ignore[attr-defined]
    run.bold = bold  # type: ignore[attr-defined]
    run.font.name = "仿宋_GB2312"  # type: ignore[attr-defined]
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "仿宋_GB2312")  # type: ignore[attr-defined]
    if color:
        run.font.color.rgb = RGBColor(*color)  # type: ignore[attr-defined]


def office_document(
    target: Path,
    *,
    masthead: str,
    number: str,
    title: Sequence[str],
    to: str,
    body: Sequence[str],
    signature: str,
    date: str,
    soft_breaks: bool = False,
    masthead_box: bool = False,
) -> None:
    """A Word file as a county office types one (GB/T 9704): a red masthead and the 文号, the
    title centred in 2号 over several lines (separate paragraphs, or one broken with Shift+Enter
    where ``soft_breaks``), the addressee, the body in 3号 with two-character indents, headings
    ``一、`` in bold, a table, the signature and date set right, a page number in the footer.
    ``masthead_box``: the masthead in a text box, as some offices' templates have it."""
    document = docx.Document()

    def line(text: str, size: float = 16, *, bold: bool = False, align: int | None = None, indent: bool = True) -> None:
        paragraph = document.add_paragraph()
        _run_font(paragraph.add_run(("\u3000\u3000" if indent else "") + text), size, bold=bold)
        if align is not None:
            paragraph.alignment = align

    masthead_paragraph = document.add_paragraph()
    masthead_paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if masthead_box:
        masthead_paragraph._p.append(text_box(masthead))
    else:
        _run_font(masthead_paragraph.add_run(masthead), 36, bold=True, color=(255, 0, 0))
    line(number, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    document.add_paragraph()
    if soft_breaks:
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        for i, part in enumerate(title):
            run = paragraph.add_run(part)
            _run_font(run, 22, bold=True)
            if i < len(title) - 1:
                run.add_break()
    else:
        for part in title:
            line(part, 22, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    line(to, indent=False)
    for i, text in enumerate(body):
        heading = text[:2] in {"一、", "二、", "三、", "四、", "五、"}
        line(text, bold=heading)
        if i == 2:
            table = document.add_table(rows=2, cols=3)
            table.style = "Table Grid"
            for row, values in enumerate((("项目", "数量", "备注"), ("检查单位", "2860家次", "全年合计"))):
                for col, value in enumerate(values):
                    table.rows[row].cells[col].text = value
    line(signature, align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
    line(date, align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
    footer = document.sections[0].footer.paragraphs[0].add_run()
    for kind, instruction in (("begin", None), (None, " PAGE "), ("end", None)):
        element = OxmlElement("w:fldChar" if kind else "w:instrText")
        if kind:
            element.set(qn("w:fldCharType"), kind)
        else:
            element.text = instruction
        footer._r.append(element)
    document.save(str(target))


def text_box(text: str, *, fallback: bool = False) -> object:
    """A run holding a text box of ``text``: VML, as Word 97 files bring it; with ``fallback``
    the DrawingML box and its VML copy, as Word 2010 and LibreOffice write .docx."""
    box = (
        f'<w:txbxContent><w:p><w:pPr><w:jc w:val="center"/></w:pPr><w:r><w:rPr><w:color w:val="FF0000"/>'
        f'<w:sz w:val="72"/></w:rPr><w:t>{escape(text)}</w:t></w:r></w:p></w:txbxContent>'
    )
    vml = (
        '<w:pict><v:shape id="masthead" type="#_x0000_t202" style="position:absolute;width:420pt;height:60pt">'
        f"<v:textbox>{box}</v:textbox></v:shape></w:pict>"
    )
    shape = (
        f'<mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wps:wsp><wps:txbx>{box}</wps:txbx>'
        f"</wps:wsp></w:drawing></mc:Choice><mc:Fallback>{vml}</mc:Fallback></mc:AlternateContent>"
        if fallback
        else vml
    )
    return parse_xml(
        '<w:r xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
        'xmlns:v="urn:schemas-microsoft-com:vml" '
        'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
        f'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">{shape}</w:r>'
    )


def word_report(title: str, paragraphs: Sequence[str], target: Path) -> None:
    """A long report as Word files of government work reports are set: the title centred in
    2号 bold, body paragraphs in 3号 with a first-line indent (formatting, not spaces), the
    numbered part headings (``一、``) in bold."""
    document = docx.Document()
    heading = document.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run_font(heading.add_run(title), 22, bold=True)
    for text in paragraphs:
        paragraph = document.add_paragraph()
        paragraph.paragraph_format.first_line_indent = Pt(32)
        _run_font(paragraph.add_run(text), 16, bold=text[:2] in {"一、", "二、", "三、", "四、", "五、"})
    document.save(str(target))
