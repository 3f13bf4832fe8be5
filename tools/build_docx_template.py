"""Regenerate templates/digest.docx, the docxtpl template of the Word briefing.

The file is ordinary Word: open it in Word or LibreOffice to restyle it (fonts, sizes,
margins, the table style) and keep the ``{{ }}`` / ``{%p %}`` / ``{%tr %}`` / ``{%tc %}``
tags; they read the same context as ``digest.md.j2`` (summarizer.rendering.context).

Layout follows GB/T 9704 (党政机关公文格式) as far as a briefing needs it: A4, margins
37/35/28/26 mm, title 2号 方正小标宋, level-1 headings 3号 黑体, level-2 3号 楷体,
level-3 3号 仿宋 bold, body 3号 仿宋, page numbers 4号 宋体 "— 1 —" in the footer.
With a masthead option the briefing opens with a 版头 (red 初号 方正小标宋 title, 第×期, the
printing body left and the date right over a red rule) and closes with a 版记 at the foot of
its last page (报送, 抄送, the printing body and 印发 date, 4号 仿宋, between rules: thick
first and last, thin between).
Run: python tools/build_docx_template.py
"""

from __future__ import annotations

from pathlib import Path

import docx
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

TARGET = Path(__file__).resolve().parent.parent / "templates" / "digest.docx"
TITLE_FONT = "方正小标宋简体"
H1_FONT = "黑体"
H2_FONT = "楷体_GB2312"
BODY_FONT = "仿宋_GB2312"
PAGE_FONT = "宋体"
SIZE_0 = Pt(42)
SIZE_2 = Pt(22)
SIZE_3 = Pt(16)
SIZE_4 = Pt(14)
SIZE_TABLE = Pt(12)
RED = RGBColor(0xFF, 0x00, 0x00)
LEFT_MARGIN = Mm(28)
TEXT_WIDTH = Mm(210 - 28 - 26)
CELL_MARGIN = Pt(5.4)
"""Word's default left and right cell margin (108 twips)."""


def set_fonts(rpr_owner, east_asia: str, size: Pt | None = None, bold: bool | None = None) -> None:
    """Latin text in Times New Roman, Chinese in ``east_asia`` (the w:eastAsia attribute)."""
    font = rpr_owner.font
    font.name = "Times New Roman"
    if size is not None:
        font.size = size
    if bold is not None:
        font.bold = bold
    rpr = rpr_owner.element.get_or_add_rPr() if hasattr(rpr_owner, "element") else rpr_owner._element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(attr), "Times New Roman")
    fonts.set(qn("w:eastAsia"), east_asia)


def style(doc, name: str, east_asia: str, size: Pt, bold: bool = False, center: bool = False) -> None:
    st = doc.styles[name]
    set_fonts(st, east_asia, size, bold)
    st.font.color.rgb = None
    st.font.italic = False
    fmt = st.paragraph_format
    fmt.space_before = Pt(6) if name.startswith("Heading") else Pt(0)
    fmt.space_after = Pt(6) if name.startswith("Heading") else Pt(0)
    fmt.line_spacing = Pt(28)
    if center:
        fmt.alignment = WD_ALIGN_PARAGRAPH.CENTER


def para(doc, text: str, style_name: str = "Normal", east_asia: str = BODY_FONT, bold: bool = False):
    p = doc.add_paragraph(style=style_name)
    run = p.add_run(text)
    set_fonts(run, east_asia, bold=bold or None)
    return p


def tag(doc, text: str) -> None:
    """A paragraph holding only a ``{%p %}`` tag; docxtpl removes it when rendering."""
    doc.add_paragraph(text)


def page_number(section) -> None:
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    set_fonts(footer.add_run("— "), PAGE_FONT, SIZE_4)
    run = footer.add_run()
    set_fonts(run, PAGE_FONT, SIZE_4)
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        else:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        run._r.append(el)
    set_fonts(footer.add_run(" —"), PAGE_FONT, SIZE_4)


def repeat_header(row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    tr_pr.append(el)


def cell(c, text: str, bold: bool = False) -> None:
    p = c.paragraphs[0]
    p.style = "Table Text"
    run = p.add_run(text)
    set_fonts(run, BODY_FONT, SIZE_TABLE, bold or None)


def table(doc, header: list[str], body: list[str]) -> None:
    """A bordered table whose header cells and rows come from column and row loops: the
    header row repeats on each page, the middle row once per item."""
    t = doc.add_table(rows=4, cols=len(header))
    t.style = "Table Grid"
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    for c, text in zip(t.rows[0].cells, header):
        cell(c, text, bold=True)
    repeat_header(t.rows[0])
    cell(t.rows[1].cells[0], body[0])
    for c, text in zip(t.rows[2].cells, body[1:-1]):
        cell(c, text)
    cell(t.rows[3].cells[0], body[-1])


def table_of_rows(doc) -> None:
    """A table a context's ``table`` fills: its header, then a row per ``table.rows`` item."""
    table(
        doc,
        ["{%tc for column in table.header %}", "{{ column }}", "{%tc endfor %}"],
        [
            "{%tr for row in table.rows %}",
            "{%tc for value in row %}",
            "{{ value }}",
            "{%tc endfor %}",
            "{%tr endfor %}",
        ],
    )


def border(ppr_or_tcpr, edges: dict[str, tuple[str, int, str]], tag_name: str = "w:pBdr") -> None:
    """Borders (``edge: (style, size in eighths of a point, colour)``) on a paragraph or a table."""
    box = OxmlElement(tag_name)
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        if edge not in edges:
            continue
        kind, size, colour = edges[edge]
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), kind)
        el.set(qn("w:sz"), str(size))
        el.set(qn("w:space"), "4" if tag_name == "w:pBdr" else "0")
        el.set(qn("w:color"), colour)
        box.append(el)
    ppr_or_tcpr.append(box)


def masthead_styles(doc) -> None:
    """``Masthead`` (the red title), ``Masthead Text`` (第×期, printing body and date) and
    ``Closing Text`` (the 版记 lines), each restylable in Word."""
    top = doc.styles.add_style("Masthead", 1)
    top.base_style = doc.styles["Normal"]
    set_fonts(top, TITLE_FONT, SIZE_0)
    top.font.color.rgb = RED
    rpr = top.element.get_or_add_rPr()
    spacing = OxmlElement("w:spacing")
    spacing.set(qn("w:val"), str(int(Pt(8).pt * 20)))  # the four characters of 工作简报 spread a little
    rpr.append(spacing)
    fmt = top.paragraph_format
    fmt.alignment = WD_ALIGN_PARAGRAPH.CENTER
    fmt.first_line_indent = Pt(0)
    fmt.line_spacing = 1.0
    fmt.space_before, fmt.space_after = Pt(0), Pt(12)
    text = doc.styles.add_style("Masthead Text", 1)
    text.base_style = doc.styles["Normal"]
    set_fonts(text, BODY_FONT, SIZE_3)
    text.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    text.paragraph_format.first_line_indent = Pt(0)
    closing = doc.styles.add_style("Closing Text", 1)
    closing.base_style = doc.styles["Normal"]
    set_fonts(closing, BODY_FONT, SIZE_4)
    fmt = closing.paragraph_format
    fmt.first_line_indent = Pt(0)
    fmt.line_spacing = Pt(24)
    fmt.space_before = fmt.space_after = Pt(2)


def masthead(doc) -> None:
    """The 版头: red title, 第×期, then the printing body left and the date right over a red rule."""
    tag(doc, "{%p if masthead %}")
    para(doc, "{{ masthead.title }}", "Masthead", TITLE_FONT)
    tag(doc, "{%p if masthead.issue %}")
    para(doc, "{{ masthead.issue }}", "Masthead Text")
    tag(doc, "{%p endif %}")
    line = para(doc, "{{ masthead.org }}", "Masthead Text")
    line.alignment = WD_ALIGN_PARAGRAPH.LEFT
    line.paragraph_format.tab_stops.add_tab_stop(TEXT_WIDTH, WD_TAB_ALIGNMENT.RIGHT)
    line.paragraph_format.space_after = Pt(24)  # the title stands clear of the rule
    line.add_run().add_tab()
    set_fonts(line.add_run("{{ masthead.date }}"), BODY_FONT)
    border(line._p.get_or_add_pPr(), {"bottom": ("single", 18, "FF0000")})
    tag(doc, "{%p endif %}")


def closing_block(doc) -> None:
    """The 版记 at the foot of the last page: a one-column table with rules above, between and
    below its rows, floating at the bottom of the text area so it closes the page wherever the
    text ends; rows for 报送 and 抄送 only where given."""
    tag(doc, "{%p if masthead %}")
    t = doc.add_table(rows=7, cols=1)
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    tbl_pr = t._tbl.tblPr
    float_ = OxmlElement("w:tblpPr")
    # Placed from the page's edge at the left margin: LibreOffice floats a table as wide as the
    # text only when it is placed relative to the page (its heuristic for a table text could flow beside).
    position = {"vertAnchor": "margin", "tblpYSpec": "bottom", "horzAnchor": "page", "tblpX": str(LEFT_MARGIN.twips)}
    for attr, value in position.items():
        float_.set(qn(f"w:{attr}"), value)
    tbl_pr.insert(0, float_)
    thick, thin = ("single", 8, "000000"), ("single", 4, "000000")
    none = ("nil", 0, "auto")
    edges = {"top": thick, "bottom": thick, "insideH": thin, "left": none, "right": none, "insideV": none}
    border(tbl_pr, edges, "w:tblBorders")
    # CT_TblPr's schema order puts the borders before tblLook; Word calls a file out of order damaged.
    tbl_pr.find(qn("w:tblLook")).addprevious(tbl_pr.find(qn("w:tblBorders")))
    rows = [
        "{%tr if masthead.send_to %}",
        "报送：{{ masthead.send_to }}",
        "{%tr endif %}",
        "{%tr if masthead.cc %}",
        "抄送：{{ masthead.cc }}",
        "{%tr endif %}",
    ]
    char = SIZE_4
    for row, text in zip(t.rows, rows):
        p = row.cells[0].paragraphs[0]
        p.style = "Closing Text"
        set_fonts(p.add_run(text), BODY_FONT)
        if not text.startswith("{%"):
            # 左右各空一字; a wrapped line starts under the first character after the colon.
            p.paragraph_format.left_indent = Pt(char.pt * 4)
            p.paragraph_format.first_line_indent = -Pt(char.pt * 3)
            p.paragraph_format.right_indent = char
    last = t.rows[6].cells[0].paragraphs[0]
    last.style = "Closing Text"
    last.paragraph_format.left_indent = char
    last.paragraph_format.tab_stops.add_tab_stop(TEXT_WIDTH - 2 * CELL_MARGIN - char, WD_TAB_ALIGNMENT.RIGHT)
    set_fonts(last.add_run("{{ masthead.org }}"), BODY_FONT)
    last.add_run().add_tab()
    set_fonts(last.add_run("{% if masthead.date %}{{ masthead.date }}印发{% endif %}"), BODY_FONT)
    # The paragraph a floating table is anchored to; an empty line of one point, so that it
    # never pushes the block onto a page of its own.
    anchor = doc.add_paragraph(style="Closing Text")
    anchor.paragraph_format.line_spacing = Pt(1)
    anchor.paragraph_format.space_before = anchor.paragraph_format.space_after = Pt(0)
    set_fonts(anchor.add_run(""), BODY_FONT, Pt(1))
    tag(doc, "{%p endif %}")


def main() -> None:
    doc = docx.Document()
    sec = doc.sections[0]
    sec.page_width, sec.page_height = Mm(210), Mm(297)
    sec.top_margin, sec.bottom_margin = Mm(37), Mm(35)
    sec.left_margin, sec.right_margin = Mm(28), Mm(26)
    page_number(sec)

    style(doc, "Normal", BODY_FONT, SIZE_3)
    doc.styles["Normal"].paragraph_format.first_line_indent = Pt(32)
    style(doc, "Title", TITLE_FONT, SIZE_2, center=True)
    doc.styles["Title"].paragraph_format.first_line_indent = Pt(0)
    style(doc, "Subtitle", H2_FONT, SIZE_3, center=True)
    style(doc, "Heading 1", H1_FONT, SIZE_3)
    style(doc, "Heading 2", H2_FONT, SIZE_3)
    style(doc, "Heading 3", BODY_FONT, SIZE_3, bold=True)
    style(doc, "Heading 4", BODY_FONT, SIZE_3)
    for name in ("Title", "Subtitle", "Heading 1", "Heading 2", "Heading 3", "Heading 4"):
        # Word's built-in heading styles draw a bottom border and theme colours; 公文 uses neither.
        ppr = doc.styles[name].element.get_or_add_pPr()
        for border in ppr.findall(qn("w:pBdr")):
            ppr.remove(border)
    table_text = doc.styles.add_style("Table Text", 1)
    table_text.base_style = doc.styles["Normal"]
    set_fonts(table_text, BODY_FONT, SIZE_TABLE)
    table_text.paragraph_format.first_line_indent = Pt(0)
    table_text.paragraph_format.line_spacing = 1.0
    masthead_styles(doc)

    masthead(doc)
    para(doc, "{{ title }}", "Title", TITLE_FONT)
    para(
        doc,
        "共收录报告{{ stats.reports }}份，涉及{{ stats.regions }}个地区"
        "{% if stats.date_from %}，时间{{ stats.date_from }}"
        "{% if stats.date_to != stats.date_from %}至{{ stats.date_to }}{% endif %}{% endif %}",
        "Subtitle",
        H2_FONT,
    )
    para(doc, "一、总体情况", "Heading 1", H1_FONT)
    tag(doc, "{%p for point in overview %}")
    para(doc, "{{ point.region }}：{{ point.text }}{{ point.cite }}")
    tag(doc, "{%p endfor %}")

    para(doc, "二、共性做法", "Heading 1", H1_FONT)
    tag(doc, "{%p for theme in themes %}")
    para(doc, "{{ theme.term }}（{{ theme.regions | length }}地：{{ theme.regions | join('、') }}）")
    tag(doc, "{%p else %}")
    para(doc, "各地报告没有两地以上共有的具体做法。")
    tag(doc, "{%p endfor %}")

    para(doc, "三、数据对比", "Heading 1", H1_FONT)
    tag(doc, "{%p for table in indicator_tables %}")
    caption = para(doc, "{{ table.caption }}", bold=True)
    caption.paragraph_format.keep_with_next = True  # never a caption alone at a page's foot
    table_of_rows(doc)
    para(doc, "")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p for table in tables %}")
    table_of_rows(doc)
    para(doc, "")
    tag(doc, "{%p else %}")
    tag(doc, "{%p if not indicator_tables %}")
    para(doc, "各地没有可比的数据（每个类别至少需要两个地区）。")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p endfor %}")

    para(doc, "四、各地情况", "Heading 1", H1_FONT)
    tag(doc, "{%p for region in regions %}")
    para(doc, "{{ region.number }}{{ region.label }}", "Heading 2", H2_FONT)
    para(doc, "{{ region.title }}", bold=True)
    para(doc, "{{ [region.place, region.source, region.date, region.file] | select | join('　') }}", east_asia=H2_FONT)
    tag(doc, "{%p for paragraph in region.paragraphs %}")
    tag(doc, "{%p if paragraph.heading and paragraph.level <= 1 %}")
    para(doc, "{{ paragraph.heading }}", "Heading 3", BODY_FONT)
    tag(doc, "{%p elif paragraph.heading %}")
    para(doc, "{{ paragraph.heading }}", "Heading 4", BODY_FONT)
    tag(doc, "{%p endif %}")
    para(doc, "{% for sentence in paragraph.sentences %}{{ sentence.text }}{{ sentence.cite }}{% endfor %}")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p if region.figures %}")
    para(doc, "主要数据：{{ region.figures | join('；') }}。")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p endfor %}")

    para(doc, "五、来源", "Heading 1", H1_FONT)
    sources = doc.add_table(rows=3, cols=5)
    sources.style = "Table Grid"
    for c, text in zip(sources.rows[0].cells, ["文件", "标题", "来源", "日期", "原文字体、备注"]):
        cell(c, text, bold=True)
    repeat_header(sources.rows[0])
    cell(sources.rows[1].cells[0], "{%tr for s in sources %}")
    for c, text in zip(sources.rows[2].cells, ["{{ s.path }}", "{{ s.title }}", "{{ s.source }}", "{{ s.date }}"]):
        cell(c, text)
    cell(sources.rows[2].cells[4], "{{ s.script }}{% if s.note %}；{{ s.note }}{% endif %}")
    end = sources.add_row()
    cell(end.cells[0], "{%tr endfor %}")
    tag(doc, "{%p for s in skipped %}")
    para(doc, "未收录：{{ s.path }}（{{ s.reason }}）")
    tag(doc, "{%p endfor %}")
    closing_block(doc)

    doc.core_properties.title = "简报模板"
    doc.core_properties.author = "summarizer"
    doc.save(str(TARGET))
    print(f"wrote {TARGET}")


if __name__ == "__main__":
    main()
