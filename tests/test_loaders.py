"""Loading: every common encoding and format becomes the same text; bad files fail with a reason."""

from __future__ import annotations

from pathlib import Path

import pytest
from store_fixtures import make_report

from store.errors import ReportError
from store.loaders import load_text

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
