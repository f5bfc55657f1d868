"""Typeset a report into a PDF the way a word processor exports one (the 公文 layout).

A4, 16 pt body in a CJK font, 28 characters to a line, the title centred, every paragraph and
heading indented two characters by its position (not by spaces in the text), lines wrapped by
width wherever a Chinese character ends (inside words and figures too) except that no line starts
with a closing punctuation mark and no English word is cut, full lines stretched to the right margin, and "— n —" at the foot of every
page. The text layer is what a reader of the downloaded file would get, breaks and all.
"""

from __future__ import annotations

from pathlib import Path

FONT = "STSong-Light"
_SIZE = 16.0
_TITLE_SIZE = 22.0
_PITCH = 28.9
_LINE_CHARS = 28
_LATIN = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'"
_NO_LINE_START = "，。、；：？！）》”’」』】…%"
_PAGE_W, _PAGE_H = 595.28, 841.89
_LEFT = (_PAGE_W - _LINE_CHARS * _SIZE) / 2
_TOP = _PAGE_H - 105
_BOTTOM = 100


def _wrap(text: str, first_width: float, width: float) -> list[str]:
    """Lines of at most the width, each break moved back one character when the next line would
    start with closing punctuation (the rule every Chinese word processor follows), and before a
    Latin word rather than inside it."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    lines: list[str] = []
    line = ""
    for char in text:
        limit = first_width if not lines else width
        if line and stringWidth(line + char, FONT, _SIZE) > limit:
            word = len(line) - len(line.rstrip(_LATIN)) if char in _LATIN else 0
            if 0 < word < len(line):
                lines.append(line[:-word])
                line = line[-word:]
            elif char in _NO_LINE_START and len(line) > 1:
                lines.append(line[:-1])
                line = line[-1]
            else:
                lines.append(line)
                line = ""
        line += char
    return [*lines, line]


def typeset_pdf(path: Path, title: str, paragraphs: list[str]) -> Path:
    """Write ``title`` and ``paragraphs`` (one string each, headings included) as a PDF at ``path``."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    pdf = canvas.Canvas(str(path), pagesize=(_PAGE_W, _PAGE_H))
    width = _LINE_CHARS * _SIZE
    page = 1
    y = _TOP

    def next_line() -> None:
        nonlocal page, y
        y -= _PITCH
        if y < _BOTTOM:
            pdf.setFont(FONT, 14)
            pdf.drawCentredString(_PAGE_W / 2, 60, f"— {page} —")
            pdf.showPage()
            page += 1
            y = _TOP

    pdf.setFont(FONT, _TITLE_SIZE)
    pdf.drawCentredString(_PAGE_W / 2, y, title)
    next_line()
    next_line()
    for paragraph in paragraphs:
        lines = _wrap(paragraph, width - 2 * _SIZE, width)
        for i, line in enumerate(lines):
            x = _LEFT + (2 * _SIZE if i == 0 else 0)
            text = pdf.beginText(x, y)
            text.setFont(FONT, _SIZE)
            if i < len(lines) - 1 and len(line) > 1:
                room = _LEFT + width - x - pdfmetrics.stringWidth(line, FONT, _SIZE)
                text.setCharSpace(room / (len(line) - 1))
            text.textOut(line)
            pdf.drawText(text)
            next_line()
    pdf.setFont(FONT, 14)
    pdf.drawCentredString(_PAGE_W / 2, 60, f"— {page} —")
    pdf.showPage()
    pdf.save()
    return path
