"""二、主要做法和成效: what the towns did, theme by theme, in their own words.

Read from the fact sheets: every sentence of a measures part labelled a measure (never a plan, a
problem or a requirement) is filed under its theme (``agent.digest.themes``). Each town is shown by
its most concrete practices: a named local brand (「××议事厅」「无讼××」) first, then a practice
with a figure, then the longest; each is a short verbatim quote (its first clauses when the sentence
is long) cited to its place in the file. The numbers stay in the table of 三.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from agent.answer.types import Citation, ReportRef
from agent.digest.items import HEADLINE
from agent.digest.themes import THEMES, Theme, theme_of
from store.factsheet import FactSheet
from store.normalize import NormalizedText
from store.statements import Statement
from store.structure import numbering

PER_TOWN = 3  # practices shown per town and theme
MAX_QUOTE = 60  # characters of a quote before it is cut at a clause
_BRAND = re.compile(r"[「“\"]([^」”\"]{2,16})[」”\"]")
_CLAUSE_END = re.compile(r"[；;]")  # a quote is cut only where a clause closes a thought, never at a comma


@dataclass(frozen=True)
class Practice:
    """One town's practice under a theme, quoted verbatim."""

    theme: Theme
    report: ReportRef
    citation: Citation
    brand: str | None


def practices_by_theme(sheets: list[tuple[ReportRef, FactSheet, NormalizedText]]) -> list[tuple[Theme, list[Practice]]]:
    """Each theme with the towns' practices under it (themes in their fixed order, empty ones out),
    at most ``PER_TOWN`` practices per town and theme."""
    found: dict[str, list[Practice]] = {theme.name: [] for theme in THEMES}
    for ref, sheet, doc in sheets:
        ranked = sorted((s for s in sheet.statements if _is_practice(s)), key=_concreteness, reverse=True)
        taken: dict[str, int] = {}
        for statement in ranked:
            theme = theme_of(statement.text)
            if theme is None or taken.get(theme.name, 0) >= PER_TOWN:
                continue
            taken[theme.name] = taken.get(theme.name, 0) + 1
            brand = _BRAND.search(statement.text)
            found[theme.name].append(Practice(theme, ref, _short_quote(ref, statement, doc), brand.group(1) if brand else None))
    return [(theme, found[theme.name]) for theme in THEMES if found[theme.name]]


def _is_practice(statement: Statement) -> bool:
    """A measure (or a result in figures) stated in the measures part that says what was done: not a heading, and not a
    numbered headline (（三）以公开透明保障群众知情权。) that only names the work the next sentences do."""
    if statement.kind not in ("measure", "figure") or statement.part != "measures" or statement.heading:
        return False
    numbered = numbering(statement.text)
    return len(statement.text[numbered[1] if numbered else 0 :]) > HEADLINE


def _concreteness(statement: Statement) -> tuple[int, int, int]:
    return bool(_BRAND.search(statement.text)), bool(re.search(r"\d", statement.text)), len(statement.text)


def _short_quote(ref: ReportRef, statement: Statement, doc: NormalizedText) -> Citation:
    """The statement, or its opening clauses up to the one naming its brand when it is long: always
    a verbatim stretch of the original file, cited where it stands."""
    text = doc.original[statement.start : statement.end]
    keep = len(text)
    if len(text) > MAX_QUOTE:
        brand = _BRAND.search(text)
        floor = brand.end() if brand else 20
        cut = next((m.start() for m in _CLAUSE_END.finditer(text) if m.start() >= floor), None)
        if cut is not None and cut <= max(MAX_QUOTE, floor + 10):
            keep = cut
    return Citation.at(ref, text[:keep], statement.start, statement.start + keep, statement.line)
