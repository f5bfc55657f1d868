"""Put a PDF's wrapped lines back into paragraphs, from where each line stands on its page.

A PDF has no paragraphs: its text layer is the typeset lines, so 「行政诉讼」 at the end of a line
comes out as 「行政\\n诉讼」 and 「3000余人次」 as 「3000\\n余人次」. Cleaning (``store.normalize``)
joins only breaks it can see in the text, and a typeset line is too short, or ends too much like a
heading or a sentence, to tell from its words alone; so the figure was lost to every reader and
quotes stopped mid-word. The page shows what the words cannot: a line that runs to the right margin
and a next line that starts at the left margin, right below it (or at the top of the next page),
are one paragraph; a first-line indent, a short line or a wider gap starts a new one.

The joined text is what the loader returns, so it is what every offset in the store points into:
joining changes no character of the words, it only drops the line break (and the spaces at it;
one space stays between two English words, ``_glue``) and the page numbers at the top and foot of
each page. A line pypdf gives no upright position for is never joined, and a page whose pieces do
not add up to pypdf's own text is kept as pypdf reads it.
"""

from __future__ import annotations

import math
import re
import statistics
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

from store.normalize import HEADING_START
from store.scripts import has_han, is_other_script

# A line that is nothing but a page number: "— 3 —", "- 3 -", "第3页", "第3页 共9页", "3/9", "3".
_PAGE_NUMBER = re.compile(r"^[\s\-—–－]*(?:\d{1,4}|第\s*\d{1,4}\s*页(?:\s*[，,/]?\s*共\s*\d{1,4}\s*页)?|\d{1,4}\s*/\s*\d{1,4})[\s\-—–－]*$")
# Where the layout does not show where paragraphs start (no first-line indents, or headings at the
# left margin), a full line ending a sentence may end its paragraph, and a line starting like a
# heading may be one: such breaks are kept.
_SENTENCE_END = "。！？!?"
# How far a line's estimated end may fall short of where its next line's first word would have had
# to end: the estimate of a line's width is off by the punctuation a font sets narrower.
_SLACK_EM = 1.5
# How far right of the left margin a line may start and still be no first-line indent, and how far
# a first-line indent reaches (two characters in the standard layout).
_INDENT_EM = 0.5
_MAX_INDENT_EM = 4.0
# A gap this wide between two pieces of a line makes it a row of table cells.
_CELL_GAP_EM = 2.0
# How many lines must end at the same place for it to be the right margin.
_MARGIN_LINES = 3
# Lines more than this many line pitches apart are separate paragraphs (spacing between them).
_PITCH_SLACK = 1.3


@dataclass
class _Line:
    """One line of a page's text layer and where it stands; ``x0`` is None when pypdf gave no
    upright position for some of it. ``x1`` is estimated from the characters (a Chinese character
    is one em wide, anything else half an em): pypdf reports where a piece starts, not its width."""

    text: str
    page: int
    x0: float | None = None
    x1: float = 0.0
    y: float = 0.0
    size: float = 0.0

    @property
    def placed(self) -> bool:
        """Whether the line has a known position and can be half of a Chinese paragraph: a line in
        another script (a bilingual report) stays a line of its own, as cleaning drops it whole."""
        return self.x0 is not None and bool(self.text.strip()) and not is_other_script(self.text)


def _script(text: str) -> str:
    """The script of the first letter of ``text``: "cjk" for a Chinese (or full-width) one,
    "latin" for a Latin one, "" when it has none (figures, symbols, emoji)."""
    letter = next((c for c in text if c.isalpha()), "")
    if not letter:
        return ""
    return "cjk" if unicodedata.east_asian_width(letter) in "WF" else "latin"


def _em_width(text: str) -> float:
    """Ideographs, full-width forms and the punctuation East Asian fonts set full width (“”、—…)
    are one em; Latin letters and digits half an em."""
    return sum(1.0 if unicodedata.east_asian_width(c) in "WFA" else 0.5 for c in text)


def _upright_origin(cm: list[float], tm: list[float], font_size: float) -> tuple[float, float, float] | None:
    """Where a piece of text starts on the page and its size in points, for horizontal text only."""
    a, b, c, d, e, f = tm
    ca, cb, cc, cd, ce, cf = cm
    m = (a * ca + b * cc, a * cb + b * cd, c * ca + d * cc, c * cb + d * cd, e * ca + f * cc + ce, e * cb + f * cd + cf)
    if m[0] <= 0 or m[3] <= 0 or abs(m[1]) > 1e-6 or abs(m[2]) > 1e-6:
        return None
    return m[4], m[5], font_size * math.hypot(m[0], m[1])


def _page_lines(page: Any, number: int) -> list[_Line]:
    """The page's lines as pypdf extracts them, each with the position of its pieces. A line whose
    pieces stand apart is a table row (or text set in columns): it gets no position, as the end of
    its last cell says nothing about a paragraph."""
    pieces: list[tuple[str, tuple[float, float, float] | None]] = []

    def visit(text: str, cm: list[float], tm: list[float], _font: Any, font_size: float) -> None:
        pieces.append((text, _upright_origin(cm, tm, font_size)))

    text = page.extract_text(visitor_text=visit) or ""
    if "".join(piece for piece, _ in pieces) != text:
        return [_Line(line, number) for line in text.split("\n")]
    lines = [_Line("", number)]
    for piece, origin in pieces:
        for i, part in enumerate(piece.split("\n")):
            if i:
                lines.append(_Line("", number))
            line = lines[-1]
            if part.strip():
                if origin is None or i or (line.text.strip() and origin[0] - line.x1 > _CELL_GAP_EM * origin[2]):
                    line.x0, origin = None, None
                elif not line.text.strip():
                    line.x0, line.y, line.size = origin
                if origin is not None and line.x0 is not None:
                    line.x1 = origin[0] + _em_width(part.rstrip()) * origin[2]
            line.text += part
    return lines


def _body(lines: list[_Line]) -> list[_Line]:
    """The page's lines less the blank lines and page numbers at its top and bottom."""
    while lines and (not lines[0].text.strip() or _PAGE_NUMBER.match(lines[0].text)):
        lines = lines[1:]
    while lines and (not lines[-1].text.strip() or _PAGE_NUMBER.match(lines[-1].text)):
        lines = lines[:-1]
    return lines


@dataclass(frozen=True)
class _Layout:
    """The text block of the document: where a continued line starts, where a full line ends, the
    distance from one line to the next within a paragraph, and whether every paragraph and heading
    starts indented (then a line at the left margin below a full line always continues it, even
    after a full stop or when it starts like a heading: 「一是」 run into a paragraph).

    The left margin is the leftmost start that lines share, and the right one the furthest end that
    several lines share to half an em: every full line of pure Chinese ends there, while other lines' estimated
    ends are off by the punctuation a font sets narrower than an em (and a title is set larger), so
    the longest estimate is no margin. Where no end is shared, nothing shows a margin and no line
    is joined (a page of short lines: a title page, a list)."""

    left: float
    right: float
    pitch: float | None
    indented: bool = False

    def wraps(self, a: _Line, b: _Line) -> bool:
        """Whether ``a`` stops where it does because ``b``'s first word did not fit after it: a
        Chinese character with the punctuation that may not start a line, or an English word."""
        return a.x1 + _em_width(_first_word(b.text)) * a.size >= self.right - _SLACK_EM * a.size

    def at_margin(self, line: _Line) -> bool:
        return (line.x0 or 0.0) <= self.left + _INDENT_EM * line.size

    def indent(self, line: _Line) -> bool:
        return _INDENT_EM * line.size < (line.x0 or 0.0) - self.left <= _MAX_INDENT_EM * line.size


def _layout(lines: list[_Line]) -> _Layout | None:
    placed = [line for line in lines if line.placed]
    if not placed:
        return None
    starts = [round(line.x0 or 0.0) for line in placed]
    shared = [x for x in starts if starts.count(x) >= 2]
    half_em = statistics.median(line.size for line in placed) / 2
    ends = [round(line.x1 / half_em) for line in placed]
    margins = [x * half_em for x in ends if ends.count(x) >= _MARGIN_LINES]
    if not margins:
        return None
    steps = [a.y - b.y for a, b in zip(placed, placed[1:], strict=False) if a.page == b.page and a.y > b.y]
    layout = _Layout(
        left=min(shared or starts),
        right=max(margins),
        pitch=statistics.median(steps) if steps else None,
    )
    indents = sum(map(layout.indent, placed))
    flush_headings = any(
        HEADING_START.match(b.text.strip()) and layout.at_margin(b) and not layout.wraps(a, b)
        for a, b in zip(placed, placed[1:], strict=False)
    )
    return replace(layout, indented=indents >= 2 and not flush_headings)


def _continues(a: _Line, b: _Line, layout: _Layout) -> bool:
    """Whether ``b`` is the rest of the paragraph that ``a`` wraps out of."""
    if not (a.placed and b.placed) or abs(a.size - b.size) > 0.1 * a.size or not _one_text(a.text, b.text):
        return False
    if a.page == b.page:
        step = a.y - b.y
        if step <= 0 or (layout.pitch is not None and step > _PITCH_SLACK * layout.pitch):
            return False
    elif b.page != a.page + 1:
        return False
    if not (layout.wraps(a, b) and layout.at_margin(b)):
        return False
    return layout.indented or (
        a.text.rstrip()[-1] not in _SENTENCE_END and not HEADING_START.match(b.text.strip())
    )


def _one_text(a: str, b: str) -> bool:
    """Whether two lines can be one text: both Chinese, or the last letter of ``a`` and the first of
    ``b`` in one script (an English sentence run into a Chinese paragraph goes on in the next line),
    or ``b`` only figures and punctuation (「0%，」, the rest of a figure). A line of Latin letters or
    symbols after a Chinese line, or before one, is a line of its own: an English title, a Zhuang
    paragraph, a row of emoji."""
    script = _script(a[::-1])
    return (
        (has_han(a) and has_han(b))
        or (bool(script) and _script(b) == script)
        or (bool(script) and all(unicodedata.category(c)[0] in "NPZ" for c in b))
    )


def _first_word(text: str) -> str:
    """What a line break cannot come before: the line's first English word or character, with the
    punctuation after it (a line never starts with 「，」 or 「”」)."""
    first = re.match(r"\s*([A-Za-z0-9'’\-]+|\S)", text)
    if first is None:
        return ""
    end = first.end()
    while end < len(text) and unicodedata.category(text[end]) in ("Po", "Pe", "Pf"):
        end += 1
    return first.group(1) + text[first.end() : end]


def _glue(left: str, right: str) -> str:
    """The two halves of a wrapped line as one: nothing between them, as in Chinese and in a figure
    cut by the line's end (「99.\n3%」, 「6,\n500」), but a space before an English word that follows
    a word or a sentence's punctuation, and before a number that follows a word."""
    left, right = left.rstrip(), right.lstrip()
    a, b = left[-1:], right[:1]
    if not (a.isascii() and b.isascii() and b.isalnum()):
        space = False
    elif b.isdigit():
        space = a.isalpha()
    else:
        space = a.isalnum() or a in ",.;:!?)]\"'"
    return left + (" " if space else "") + right


def pdf_paragraphs(pages: Iterable[Any]) -> list[str]:
    """The text of each page of ``pages`` (pypdf pages), one paragraph per line; a paragraph
    carried over to the next page is joined to the page it starts on."""
    per_page = [_body(_page_lines(page, number)) for number, page in enumerate(pages)]
    layout = _layout([line for lines in per_page for line in lines])
    texts: list[list[str]] = []
    previous: _Line | None = None
    for lines in per_page:
        texts.append([])
        for line in lines:
            if previous is not None and layout is not None and _continues(previous, line, layout):
                target = texts[-1] if texts[-1] else next(t for t in reversed(texts) if t)
                target[-1] = _glue(target[-1], line.text)
            else:
                texts[-1].append(line.text)
            previous = line
    return ["\n".join(lines) for lines in texts]
