"""Clean report text while remembering where every character came from.

Reports arrive with full-width indentation, spaces inside "2024 年", Word's ``[bookmark: …]``
debris and line breaks in the middle of sentences. Retrieval and the LLM want clean text, but
citations must point at the original file. ``NormalizedText`` keeps both: ``text`` is the clean
version, one paragraph per line, and ``offsets[i]`` is the position in the original of ``text[i]``.
A bilingual report's paragraphs in another script (``store.scripts.is_other_script``) are left out
of the clean text: everything fazhi reads is its Chinese, and they stay in the original.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from store.scripts import HAN, has_han, is_other_script

if TYPE_CHECKING:  # numpy loads with the first text normalised, not with every command that lists reports
    import numpy as np

HEADING_START = re.compile(
    r"^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[）)]|\d+(?:、|[.．](?!\d))|[一二三四五六七八九十]+是"
    r"|第[一二三四五六七八九十]+部分(?=[^。]*$))"
)
_SENTENCE_END = "。！？!?；;：:…”」』）)】"
_CJK_CHAR = rf"[{HAN}\u3000-\u303f\uff00-\uffef]"
_LINE = re.compile(r"[^\r\n]+")

# Each pass is (pattern, replacement). Replacements are '' (delete) or one character, so every
# output character still maps to exactly one input position.
_PASSES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"\r\n?"), "\n"),
    (re.compile(r"\[bookmark:[^\]]*\]"), ""),
    (re.compile(r"[\u200b\u200c\u200d\ufeff]"), ""),
    (re.compile(r"[\u3000\u00a0\t\f\v\u2002\u2003\u2009]"), " "),
    (re.compile(r"[ ]+(?=\n)|(?<=\n)[ ]+|^[ ]+"), ""),
    (re.compile(rf"(?<={_CJK_CHAR})[ ]+|[ ]+(?={_CJK_CHAR})"), ""),
    (re.compile(r"[ ]{2,}"), " "),
]


@dataclass
class NormalizedText:
    """Clean text plus the map back into ``original``; line numbers are 1-based."""

    original: str
    text: str
    offsets: np.ndarray
    _line_starts: list[int] = field(default_factory=list, repr=False)

    def __post_init__(self) -> None:
        self._line_starts = [0] + [m.end() for m in re.finditer("\n", self.original)]

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Original ``[start, end)`` covering clean ``text[start:end]``."""
        if end <= start:
            pos = int(self.offsets[start]) if start < len(self.offsets) else len(self.original)
            return pos, pos
        return int(self.offsets[start]), int(self.offsets[end - 1]) + 1

    def line_of(self, original_pos: int) -> int:
        return bisect.bisect_right(self._line_starts, original_pos)

    def find(self, quote: str) -> tuple[int, int] | None:
        """Where ``quote`` occurs in the clean text, ignoring all whitespace; None if it doesn't."""
        needle = "".join(quote.split())
        if not needle:
            return None
        compact, back = _compact(self.text)
        at = compact.find(needle)
        if at < 0:
            return None
        return back[at], back[at + len(needle) - 1] + 1


def _compact(text: str) -> tuple[str, list[int]]:
    keep = [i for i, c in enumerate(text) if not c.isspace()]
    return "".join(text[i] for i in keep), keep


def _apply(text: str, offsets: np.ndarray, pattern: re.Pattern[str], repl: str) -> tuple[str, np.ndarray]:
    import numpy as np

    pieces: list[str] = []
    maps: list[np.ndarray] = []
    last = 0
    for match in pattern.finditer(text):
        pieces.append(text[last : match.start()])
        maps.append(offsets[last : match.start()])
        if repl and match.end() > match.start():
            pieces.append(repl)
            maps.append(offsets[match.start() : match.start() + 1])
        last = match.end()
    if last == 0 and not pieces:
        return text, offsets
    pieces.append(text[last:])
    maps.append(offsets[last:])
    return "".join(pieces), np.concatenate(maps) if maps else offsets


# A title ends with the kind of document it is, and an addressee line (县人民政府：) stands alone:
# neither is half of a body sentence.
_TITLE_END = re.compile(r"(?:报告|总结|情况|汇报)\s*$|[*_#]{2}\s*$")  # …的报告 / **a title or heading in markdown bold**
_SALUTATION = re.compile(r"^[^。，,；;]{2,40}[：:]$")


def _join_broken_lines(text: str, offsets: np.ndarray) -> tuple[str, np.ndarray]:
    """Drop line breaks (and one blank line) that cut a body sentence in two.

    A break is "stray" when the line before is long body text ending mid-sentence and the next
    line does not start a heading. Short lines are titles and headings and keep their break, and
    so does a numbered line with no full stop (a long heading); a long numbered line with full
    stops ("1、加强队伍建设。…") is body text with a run-in heading. Both lines must hold Chinese: a
    line without any (a Zhuang title in Latin letters above the Chinese one) is no half of a sentence.
    """
    lines = text.split("\n")
    drop: list[int] = []
    pos = 0
    for i, line in enumerate(lines[:-1]):
        end = pos + len(line)
        nxt_idx = i + 1
        if not lines[nxt_idx].strip() and nxt_idx + 1 < len(lines):
            nxt_idx += 1
        nxt = lines[nxt_idx]
        if (
            len(line) >= 25
            and not (HEADING_START.match(line) and (len(line) < 40 or "。" not in line))
            and line[-1] not in _SENTENCE_END
            and nxt.strip()
            and not HEADING_START.match(nxt)
            and not _TITLE_END.search(line)
            and not _SALUTATION.match(nxt.strip())
            and (nxt_idx == i + 1 or not lines[i + 1].strip())
            and has_han(line)
            and has_han(nxt)
        ):
            drop.extend(range(end, end + 1 + (nxt_idx - i - 1) * (len(lines[i + 1]) + 1)))
        pos = end + 1
    return _without(text, offsets, drop)


def _drop_other_script_lines(text: str, offsets: np.ndarray) -> tuple[str, np.ndarray]:
    """Empty the lines written in another script (their line breaks stay, as blank lines), so that
    no heading, title, figure or chunk is ever read from them."""
    drop = [i for line in _LINE.finditer(text) if is_other_script(line.group()) for i in range(*line.span())]
    return _without(text, offsets, drop)


def _without(text: str, offsets: np.ndarray, drop: list[int]) -> tuple[str, np.ndarray]:
    """``text`` and its offsets less the characters at the positions ``drop``."""
    import numpy as np

    if not drop:
        return text, offsets
    keep = np.ones(len(text), dtype=bool)
    keep[drop] = False
    return "".join(c for c, k in zip(text, keep, strict=True) if k), offsets[keep]


_STEPS: list[Callable[[str, np.ndarray], tuple[str, np.ndarray]]] = [
    _drop_other_script_lines,
    *(lambda t, o, p=p, r=r: _apply(t, o, p, r) for p, r in _PASSES),
    _join_broken_lines,
    lambda t, o: _apply(t, o, re.compile(r"\n{2,}"), "\n"),
    lambda t, o: _apply(t, o, re.compile(r"^\n+|\n+$"), ""),
]


def normalize(original: str) -> NormalizedText:
    import numpy as np

    text, offsets = original, np.arange(len(original), dtype=np.int64)
    for step in _STEPS:
        text, offsets = step(text, offsets)
    return NormalizedText(original=original, text=text, offsets=offsets)
