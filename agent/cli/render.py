"""How the CLI lays text out: fitted to a terminal's width, never wrapped when piped.

A terminal gets tables fitted to its width: identifiers and file names are never cut (a cut id
cannot be pasted into ``fazhi remove``), and long quotes are shortened with an ellipsis at a place
that is not inside a number (a quote cut to 共18… must not read as 共1…, nor 2.95万 as 2.95).
Piped output is written at full length on unwrapped lines, so a script or ``grep`` never sees a
number broken across two lines. Widths are display cells: a Chinese character takes two.
"""

from __future__ import annotations

from collections.abc import Iterable

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.table import Column, Table
from rich.text import Text

from agent.ui_text import t

ELLIPSIS = "…"
PIPE_WIDTH = 10_000  # piped: wide enough that no table or line is ever wrapped or shortened
# Characters of a written number: digits, separators, percent signs and Chinese numerals and
# magnitudes (2.95万, 三百余, 1,234.5, 12.3%). A cut between two of them would change the number.
_NUMBER_CHARS = frozenset("0123456789０１２３４５６７８９.,，．%％‰〇零一二两三四五六七八九十百千万亿余多几")


def _in_number(text: str, cut: int) -> bool:
    return 0 < cut < len(text) and text[cut - 1] in _NUMBER_CHARS and text[cut] in _NUMBER_CHARS


def _in_word(text: str, cut: int) -> bool:
    return 0 < cut < len(text) and text[cut - 1].isascii() and text[cut - 1].isalpha() and text[cut].isascii() \
        and text[cut].isalpha()


def _fit(text: str, width: int) -> int:
    """How many leading characters of ``text`` fit in ``width`` cells."""
    used = count = 0
    for char in text:
        used += cell_len(char)
        if used > width:
            break
        count += 1
    return count


def _cut_point(text: str, width: int) -> int:
    """Where to cut ``text`` to fit ``width`` cells: not inside a number (possibly 0), and not
    inside an English word when a space in the last 20 characters allows."""
    cut = _fit(text, width)
    while _in_number(text, cut):
        cut -= 1
    if _in_word(text, cut):
        space = text.rfind(" ", max(0, cut - 20), cut)
        cut = space + 1 if space > 0 else cut
    return cut


def shorten(text: str, width: int) -> str:
    """``text`` on one line of at most ``width`` cells: whole when it fits, else cut with an
    ellipsis at a place that is not inside a number."""
    text = " ".join(text.split())
    if cell_len(text) <= width:
        return text
    if width < 1:
        return ""
    return text[: _cut_point(text, width - cell_len(ELLIPSIS))].rstrip() + ELLIPSIS


def wrap(text: str, width: int) -> list[str]:
    """``text`` broken into lines of at most ``width`` cells, never inside a number (a number
    longer than a whole line is the one exception: it is broken where the line ends)."""
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        rest = paragraph
        while cell_len(rest) > width:
            cut = _cut_point(rest, width) or max(_fit(rest, width), 1)
            lines.append(rest[:cut].rstrip())
            rest = rest[cut:].lstrip(" ")
        lines.append(rest)
    return lines


class Shortened:
    """A table cell of one line that fits the width its column gets (``shorten``), so the column
    can give way to the ones that must not be cut."""

    def __init__(self, text: str, style: str = "", min_width: int = 12) -> None:
        self.text, self.style = " ".join(text.split()), style
        self.min_width = min(min_width, cell_len(self.text))

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement(self.min_width, max(self.min_width, cell_len(self.text)))

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield Text(shorten(self.text, options.max_width), style=self.style, no_wrap=True, overflow="crop")


def keep_whole(console: Console, table: Table, column: Column, texts: Iterable[str]) -> None:
    """Keep ``column`` as wide as the widest of ``texts`` (ids, file names: a cut one cannot be
    pasted into another command), the other columns giving way; on a terminal too narrow even
    for that, the column folds them over two lines instead: whole, never cut."""
    column.min_width = max((cell_len(text) for text in texts), default=0)
    if _laid_out_width(console, table) > console.width:
        column.min_width, column.no_wrap, column.overflow = None, False, "fold"


def _laid_out_width(console: Console, table: Table) -> int:
    """The width rich will give ``table`` on ``console``: wider than the console when the columns'
    minimum widths cannot all be met (rich then crops the lines). Rich has no public measure for
    this (``Console.measure`` ignores ``no_wrap``), so this asks the table's own layout."""
    extra = table._extra_width
    return sum(table._calculate_column_widths(console, console.options.update_width(console.width - extra))) + extra


def out_console() -> Console:
    """The console for stdout: fitted to a terminal; piped, as wide as the text (no wrapping)."""
    console = Console()
    return console if console.is_terminal else Console(width=PIPE_WIDTH, soft_wrap=True)


def print_legend(console: Console, key: str, **values: object) -> None:
    """The line under a table that says what its marks mean."""
    for line in wrapped(console, t(key, **values)):
        console.print(line, style="dim", markup=False, highlight=False, soft_wrap=True)


def wrapped(console: Console, text: str) -> list[str]:
    """``text`` as the lines to print: wrapped to a terminal (never inside a number), as it is when piped."""
    return wrap(text, console.width) if console.is_terminal else text.splitlines()
