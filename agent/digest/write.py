"""A digest as Markdown, or as a Word document in the official document layout (GB/T 9704-2012
where the fonts allow): A4, margins 37/35/28/26 mm, title 方正小标宋简体 2号, body 仿宋_GB2312 3号 set
through the East Asian font attribute (``font.name`` alone leaves Chinese text in the Latin
font), headings 黑体 / 楷体_GB2312, fixed 28 pt line spacing, page numbers 「— 1 —」, the indicator
table as a Word table, the chart as a picture under it, and citations as numbered endnotes."""

from __future__ import annotations

import io
from pathlib import Path

from agent.digest.build import Digest


def chart_path(memo: Path) -> Path:
    """Where the chart of a Markdown memo goes: beside it (memo.md → memo-chart.png)."""
    return memo.with_name(memo.stem + "-chart.png")


def to_markdown(digest: Digest, chart: Path | None = None) -> str:
    """The memo as Markdown; with ``chart``, the section's chart is referenced by that file's name
    (the caller writes the PNG there)."""
    lines = [f"# {digest.title}", "", digest.date, ""]
    for section in digest.sections:
        lines += [f"## {section.heading}", ""]
        for paragraph in section.paragraphs:
            lines += [paragraph.text, ""]
        if section.table:
            header, *body = section.table
            lines.append("| " + " | ".join(header) + " |")
            lines.append("|" + "---|" * len(header))
            lines += ["| " + " | ".join(row) + " |" for row in body]
            lines.append("")
        if section.chart and chart:
            lines += [f"![{section.chart.caption}]({chart.name})", ""]
    lines += ["## 出处", ""]
    for number, c in enumerate(digest.citations, 1):
        lines.append(f"{number}. {c.town or '?'}（{c.year or '年份不详'}），{c.file} 第{c.line}行：「{c.quote}」")
    return "\n".join(lines) + "\n"


def _east_asian(run, name: str, size_pt: float, bold: bool = False) -> None:  # noqa: ANN001
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    run.font.name = name
    run.font.size = Pt(size_pt)
    run.font.bold = bold
    run.font.color.rgb = RGBColor(0, 0, 0)  # official documents are black; Word's heading styles are blue
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), name)


def _page_number_footer(section) -> None:  # noqa: ANN001
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _east_asian(paragraph.add_run("— "), "宋体", 14)
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._element.append(element)
    _east_asian(run, "宋体", 14)
    _east_asian(paragraph.add_run(" —"), "宋体", 14)


def write_docx(digest: Digest, path: Path) -> None:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
    from docx.shared import Mm, Pt

    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    _page_number_footer(section)

    def body(text: str, font: str = "仿宋_GB2312", size: float = 16, indent: bool = True, bold: bool = False):  # noqa: ANN202
        paragraph = document.add_paragraph()
        fmt = paragraph.paragraph_format
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = Pt(28)
        if indent:
            fmt.first_line_indent = Pt(size * 2)
        _east_asian(paragraph.add_run(text), font, size, bold)
        return paragraph

    title = document.add_paragraph()  # not Word's "Title" style, which draws a rule under it
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _east_asian(title.add_run(digest.title), "方正小标宋简体", 22)
    date_line = body(digest.date, indent=False)
    date_line.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for part in digest.sections:
        heading = document.add_heading(level=1)
        _east_asian(heading.add_run(part.heading), "黑体", 16)
        for paragraph in part.paragraphs:
            for line in paragraph.text.split("\n"):
                body(line)
        if part.table:
            header, *rows = part.table
            table = document.add_table(rows=1 + len(rows), cols=len(header))
            table.style = "Table Grid"
            for r, values in enumerate([header, *rows]):
                for c, value in enumerate(values):
                    cell = table.cell(r, c)
                    cell.text = ""
                    _east_asian(cell.paragraphs[0].add_run(value), "仿宋_GB2312", 10.5, bold=r == 0)
        if part.chart:
            document.add_picture(io.BytesIO(part.chart.png), width=Mm(150))
            document.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
            caption = body(part.chart.caption, size=12, indent=False)
            caption.alignment = WD_ALIGN_PARAGRAPH.CENTER
    notes = document.add_heading(level=1)
    _east_asian(notes.add_run("出处"), "黑体", 16)
    for number, c in enumerate(digest.citations, 1):
        body(f"[{number}] {c.town or '?'}（{c.year or '年份不详'}），{c.file} 第{c.line}行：「{c.quote}」", size=12, indent=False)
    document.save(str(path))
