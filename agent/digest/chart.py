"""The bar chart of section 三: two or three key indicators, town by town, drawn from the
indicator table's own cells (the chart can show no number the table does not hold).

Chinese labels need a CJK font. A county office's machine may have none that matplotlib finds,
and a chart of tofu boxes is worse than none, so the chart always uses the Noto Sans CJK SC font
shipped by the ``mplfonts`` package (SIL Open Font License) and checks that the font has a glyph
for every label before drawing.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from agent.tables.build import TableRow
from store.indicators import BY_KEY
from store.numbers import format_figure

MIN_TOWNS = 3  # below this a table says it all
MAX_INDICATORS = 3
MAX_BARS = 15  # per indicator; more towns than this show the highest ones, and the caption says so


@dataclass(frozen=True)
class Bar:
    town: str
    value: float
    approx: bool


@dataclass(frozen=True)
class Panel:
    """One indicator's bars, highest first."""

    key: str
    title: str
    bars: list[Bar]
    stated: int  # towns stating the figure; more than len(bars) when the panel is cut


@dataclass(frozen=True)
class Chart:
    panels: list[Panel]
    png: bytes

    @property
    def caption(self) -> str:
        cut = [p for p in self.panels if p.stated > len(p.bars)]
        note = f"；{'、'.join(p.title for p in cut)}只列数值最高的{MAX_BARS}个" if cut else ""
        return f"图：主要指标对比（数字取自上表，只列写明了数字的乡镇（街道），≈为约数{note}）"

    def as_dict(self) -> dict:
        return {"indicators": [p.key for p in self.panels], "caption": self.caption,
                "bars": {p.key: [{"town": b.town, "value": b.value, "approx": b.approx} for b in p.bars]
                         for p in self.panels}}


def chart_panels(rows: list[TableRow], keys: tuple[str, ...]) -> list[Panel]:
    """The indicators that the most towns state (at least ``MIN_TOWNS``), as bars."""
    panels = []
    for key in keys:
        bars = [Bar(row.town or row.file, float(cell.value), cell.approx) for row in rows
                if (cell := row.cells.get(key)) is not None and isinstance(cell.value, int | float)]
        if len(bars) >= MIN_TOWNS:
            bars.sort(key=lambda b: (-b.value, b.town))
            panels.append(Panel(key, BY_KEY[key].zh, bars[:MAX_BARS], len(bars)))
    panels.sort(key=lambda p: -p.stated)
    return panels[:MAX_INDICATORS]


@cache
def cjk_font() -> Path:
    """The bundled Noto Sans CJK SC font file."""
    import mplfonts

    return Path(mplfonts.__file__).parent / "fonts" / "NotoSansCJKsc-Regular.otf"


def missing_glyphs(text: str, font: Path) -> set[str]:
    """Characters of ``text`` the font cannot draw (they would print as boxes)."""
    from matplotlib.ft2font import FT2Font

    face = FT2Font(str(font))
    return {ch for ch in set(text) if not ch.isspace() and face.get_char_index(ord(ch)) == 0}


def draw(panels: list[Panel]) -> bytes:
    """A PNG of the panels side by side, each bar labelled with its figure as the table writes it."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt
    from matplotlib.font_manager import FontProperties

    font = cjk_font()
    labels = "".join(p.title + "".join(b.town for b in p.bars) for p in panels) + "≈0123456789.,"
    if missing := missing_glyphs(labels, font):
        raise ValueError(f"{font.name} has no glyph for {''.join(sorted(missing))}")
    prop = FontProperties(fname=str(font), size=9)
    small = FontProperties(fname=str(font), size=7)
    rows = max(len(p.bars) for p in panels)
    figure, axes = plt.subplots(1, len(panels), figsize=(6.3, 0.28 * rows + 1.0), dpi=200, squeeze=False)
    for ax, panel in zip(axes[0], panels, strict=True):
        names = [b.town for b in reversed(panel.bars)]
        values = [b.value for b in reversed(panel.bars)]
        ax.barh(range(len(values)), values, color="#4a6fa5", height=0.6)
        ax.set_yticks(range(len(values)), names, fontproperties=prop)
        ax.set_title(panel.title, fontproperties=prop)
        for y, bar in enumerate(reversed(panel.bars)):
            ax.text(bar.value, y, " " + ("≈" if bar.approx else "") + format_figure(bar.value),
                    va="center", fontproperties=small)
        ax.set_xlim(0, max(values) * 1.3 or 1)
        ax.set_xticks([])
        for side in ("top", "right", "bottom"):
            ax.spines[side].set_visible(False)
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", metadata={"Software": None})
    plt.close(figure)
    return buffer.getvalue()


def bar_chart(rows: list[TableRow], keys: tuple[str, ...]) -> Chart | None:
    """The chart, or None when fewer than ``MIN_TOWNS`` towns state any key indicator."""
    panels = chart_panels(rows, keys)
    return Chart(panels, draw(panels)) if panels else None
