"""Regenerate templates/digest.docx, the docxtpl template of the Word briefing.

The file is ordinary Word: open it in Word or LibreOffice to restyle it (fonts, sizes,
margins, the table style) and keep the ``{{ }}`` / ``{%p %}`` / ``{%tr %}`` / ``{%tc %}``
tags; they read the same context as ``digest.md.j2`` (summarizer.rendering.context).

Layout follows GB/T 9704 (党政机关公文格式) as far as a briefing needs it: A4, margins
37/35/28/26 mm, title 2号 方正小标宋, level-1 headings 3号 黑体, level-2 3号 楷体,
level-3 3号 仿宋 bold, body 3号 仿宋, page numbers 4号 宋体 "— 1 —" in the footer.
Run: python tools/build_docx_template.py
"""

from __future__ import annotations

from pathlib import Path

import docx
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

TARGET = Path(__file__).resolve().parent.parent / "templates" / "digest.docx"
TITLE_FONT = "方正小标宋简体"
H1_FONT = "黑体"
H2_FONT = "楷体_GB2312"
BODY_FONT = "仿宋_GB2312"
PAGE_FONT = "宋体"
SIZE_2 = Pt(22)
SIZE_3 = Pt(16)
SIZE_4 = Pt(14)
SIZE_TABLE = Pt(12)


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

    doc.core_properties.title = "简报模板"
    doc.core_properties.author = "summarizer"
    doc.save(str(TARGET))
    print(f"wrote {TARGET}")


if __name__ == "__main__":
    main()
