"""Loading: every common encoding and format becomes the same text; bad files fail with a reason."""

from __future__ import annotations

from pathlib import Path

import pytest
from pdf_typeset import typeset_pdf
from store_fixtures import SAMPLES, make_report

from store.document import parse_file
from store.errors import ReportError
from store.indicators import extract
from store.loaders import decode_bytes, load_text
from store.normalize import normalize

TEXT = make_report()


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030", "utf-16", "utf-16-le", "big5"])
def test_text_files_decode_in_every_common_encoding(tmp_path: Path, encoding: str) -> None:
    text = TEXT
    if encoding == "big5":
        text = "青石鄉2024年度法治政府建設情況報告\n全鄉持證執法人員共18人。"
    path = tmp_path / "r.txt"
    path.write_bytes(text.encode(encoding))
    assert load_text(path) == text


def test_docx_paragraphs_and_tables_are_read_in_order(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_paragraph("青石乡2024年度法治政府建设情况报告")
    document.add_paragraph("一、主要举措和成效")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "指标", "数值"
    table.cell(1, 0).text, table.cell(1, 1).text = "执法记录仪", "6台"
    document.add_paragraph("二、存在的不足和原因")
    path = tmp_path / "附件2.docx"
    document.save(str(path))
    text = load_text(path)
    assert text.split("\n") == [
        "青石乡2024年度法治政府建设情况报告",
        "一、主要举措和成效",
        "指标\t数值",
        "执法记录仪\t6台",
        "二、存在的不足和原因",
    ]


def test_pdf_text_layer_is_extracted(tmp_path: Path) -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    path = tmp_path / "report.pdf"
    pdf = canvas.Canvas(str(path))
    pdf.setFont("STSong-Light", 12)
    for i, line in enumerate(["青石乡2024年度法治政府建设情况报告", "全乡配备执法记录仪6台。"]):
        pdf.drawString(50, 800 - 20 * i, line)
    pdf.save()
    assert "全乡配备执法记录仪6台。" in load_text(path)


# Two paragraphs whose typeset lines end inside 「行政诉讼」 and inside the figure 135: each the first
# line of a numbered paragraph, which cleaning alone never joins to the next.
_CUT_PARAGRAPHS = [
    "（二）规范行政应诉工作。本年度全镇政府作为被告的行政诉讼案件共计2件，均已审结，未发生败诉案件。",
    "（三）深化矛盾纠纷化解。2024年全镇依法调处矛盾纠纷135件，调处成功率98%，涉及金额225.34万元，"
    "实现“小事不出村、大事不出镇”。",
]


def _paragraphs(path: Path) -> list[str]:
    return [line.strip() for line in decode_bytes(path.read_bytes(), path).splitlines() if line.strip()]


def _pypdf_text(path: Path) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(str(path)).pages)


def test_a_pdf_line_break_inside_a_word_or_a_figure_is_joined(tmp_path: Path) -> None:
    """The figures read from a typeset PDF are those of the text, quoted whole from the original:
    a real report with two paragraphs added to its measures, cut by the page inside a word and
    inside a figure."""
    title, *body = _paragraphs(SAMPLES / "001_d5266a71fd10e627.txt")
    heading = next(i for i, line in enumerate(body) if line.startswith("（一）"))
    pdf = typeset_pdf(tmp_path / "r.pdf", title, body[:heading] + _CUT_PARAGRAPHS + body[heading:])
    raw = _pypdf_text(pdf)
    assert "的行政\n诉讼案件" in raw and "纠纷13\n5件" in raw  # the page cut them
    text = load_text(pdf)
    assert "作为被告的行政诉讼案件共计2件" in text and "调处矛盾纠纷135件" in text
    report = parse_file(pdf)
    found = extract(report.norm, 2024)
    for key, value, words in [("admin_lawsuits", 2, "行政诉讼案件共计2件"), ("disputes_mediated", 135, "纠纷135件")]:
        read = next(c for c in found[key].candidates if c.value == value)
        start, end, line = read.located(report.norm)
        assert words in report.norm.original[start:end] == read.quote
        assert read.quote in report.norm.original.split("\n")[line - 1]


@pytest.mark.parametrize("sample", sorted(SAMPLES.glob("*.txt")), ids=lambda p: p.name[:3])
def test_a_typeset_report_reads_as_the_text_it_was_typeset_from(tmp_path: Path, sample: Path) -> None:
    """A real report set in the 公文 layout (indents, justified lines, paragraphs across pages, page
    numbers): its PDF cleans to the very text its .txt cleans to."""
    paragraphs = _paragraphs(sample)
    pdf = typeset_pdf(tmp_path / "r.pdf", paragraphs[0], paragraphs[1:])
    assert "— 2 —" in _pypdf_text(pdf)
    assert normalize(load_text(pdf)).text == normalize(decode_bytes(sample.read_bytes(), sample)).text


def test_a_pdf_without_a_shared_margin_keeps_its_lines(tmp_path: Path) -> None:
    """Lines that no margin shows to be wrapped (a short page, a list) stay as they are."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    path = tmp_path / "list.pdf"
    pdf = canvas.Canvas(str(path))
    pdf.setFont("STSong-Light", 12)
    lines = ["青石乡2024年度执法检查清单", "一号门店消防通道", "二号门店燃气管道检查记录", "三号门店"]
    for i, line in enumerate(lines):
        pdf.drawString(50, 800 - 18 * i, line)
    pdf.save()
    assert load_text(path).strip().split("\n") == lines


DATA = Path(__file__).parent / "data"
# A report as a township office writes it in Word: a title, an addressee, headings, a table.
WORD_PARAGRAPHS = [
    "青石乡2024年度法治政府建设情况报告",
    "云岭县人民政府：",
    "2024年，青石乡坚持以习近平法治思想为指导，扎实推进法治政府建设，现将有关情况报告如下：",
    "一、主要举措和成效",
    "（一）加强队伍建设。全乡持证执法人员共18人，配备执法记录仪6台。",
    "（二）化解矛盾纠纷。全年调处矛盾纠纷120件，调解成功率98%。",
    "二、存在的不足和原因",
    "基层法治力量薄弱，专职法治工作人员不足。",
    "青石乡人民政府",
    "2025年1月15日",
]
WORD_TABLE = [("指标", "数值"), ("行政诉讼案件", "2件")]


def word_document(path: Path) -> Path:
    """The .docx that ``tests/data/word97-qingshi-2024.doc`` was saved from (LibreOffice 7.4,
    ``soffice --headless --convert-to doc``, filter "MS Word 97"): the paragraphs, the table after
    the first measures paragraph."""
    import docx

    document = docx.Document()
    for i, text in enumerate(WORD_PARAGRAPHS):
        document.add_paragraph(text)
        if i == 4:
            table = document.add_table(rows=len(WORD_TABLE), cols=2)
            for row, cells in zip(table.rows, WORD_TABLE, strict=True):
                row.cells[0].text, row.cells[1].text = cells
    document.save(str(path))
    return path


def test_a_word_97_doc_reads_as_the_docx_it_was_saved_from(tmp_path: Path) -> None:
    """Issue 22, item 10d: a .doc (Word 97–2003) is read, tables included, not refused."""
    doc = DATA / "word97-qingshi-2024.doc"
    assert doc.read_bytes()[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # a real Compound File
    text = load_text(doc)
    assert text == load_text(word_document(tmp_path / "same.docx"))
    assert "行政诉讼案件\t2件" in text.split("\n")
    report = parse_file(doc)
    assert (report.meta.town, report.meta.county, report.meta.year) == ("青石乡", "云岭县", 2024)


def test_other_files_named_doc_are_read_as_what_they_are_or_refused_with_how_to_convert(tmp_path: Path) -> None:
    docx_named_doc = tmp_path / "a.doc"
    docx_named_doc.write_bytes(word_document(tmp_path / "a.docx").read_bytes())
    assert load_text(docx_named_doc).startswith("青石乡2024年度法治政府建设情况报告")
    page = tmp_path / "b.doc"
    page.write_text("<html><body><p>青石乡2024年度法治政府建设情况报告</p></body></html>", encoding="utf-8")
    assert "青石乡2024年度法治政府建设情况报告" in load_text(page)
    for name, content, problem in [
        ("c.doc", b"{\\rtf1\\ansi hello}", "an RTF file named .doc"),
        ("d.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "not a readable .doc"),
    ]:
        bad = tmp_path / name
        bad.write_bytes(content)
        with pytest.raises(ReportError) as caught:
            load_text(bad)
        assert problem in caught.value.problem and "soffice --headless --convert-to docx" in caught.value.problem
        assert "\n" not in str(caught.value)


def test_html_keeps_article_text_and_drops_page_furniture(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(
        "<html><head><title>t</title><script>var x='脚本';</script></head><body>"
        "<nav>首页 | 政务公开</nav><div class='article'><p>青石乡2024年度法治政府建设情况报告</p>"
        "<p>全乡配备执法记录仪6台。</p></div><footer>版权所有</footer></body></html>",
        encoding="gbk",
    )
    text = load_text(path)
    assert "全乡配备执法记录仪6台。" in text
    assert "脚本" not in text and "版权所有" not in text and "首页" not in text


@pytest.mark.parametrize(
    ("name", "content", "problem"),
    [
        ("empty.txt", b"", "empty file"),
        ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00", "binary"),
        ("garbage.txt", bytes(range(0x80, 0x100)) * 4, "cannot decode"),
        ("notes.csv", "镇,数值".encode(), "unsupported file type"),
        ("english.txt", b"just an english note", "no Chinese text"),
        ("broken.docx", b"PK\x03\x04 not really a zip", "not a readable .docx"),
        ("broken.pdf", b"%PDF-1.4 truncated", "not a readable .pdf"),
    ],
)
def test_bad_files_raise_one_line_errors_naming_the_file(tmp_path: Path, name: str, content: bytes, problem: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(ReportError) as caught:
        load_text(path)
    assert problem in caught.value.problem
    assert str(caught.value).startswith(str(path))
    assert "\n" not in str(caught.value)
