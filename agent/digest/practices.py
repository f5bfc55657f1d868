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
_CLAUSE_END = re.compile(r"[；;]")
_CLAUSE = re.compile(r"[，,；;。]")
_LEAD = re.compile(r"^(?:在|从|就)?[^，,。；;]{2,12}(?:上|方面|领域)[，,]")  # 在普法宣传上， / 矛盾化解方面，  # a quote is cut only where a clause closes a thought, never at a comma


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
        themed = _themed(sheet.statements)
        ranked = sorted(themed, key=lambda pair: _concreteness(pair[0]), reverse=True)
        taken: dict[str, int] = {}
        for statement, theme in ranked:
            if theme is None or taken.get(theme.name, 0) >= PER_TOWN:
                continue
            taken[theme.name] = taken.get(theme.name, 0) + 1
            brand = _BRAND.search(statement.text)
            found[theme.name].append(Practice(theme, ref, _short_quote(ref, statement, doc), brand.group(1) if brand else None))
    return [(theme, found[theme.name]) for theme in THEMES if found[theme.name]]


def _themed(statements: list[Statement]) -> list[tuple[Statement, Theme | None]]:
    """Each practice with its theme: the theme of the headline it stands under in its report
    (（三）把好关口，推进依法决策 / 1. 普法宣传有声有色。), the town's own grouping of its work, where
    the practice names no theme or names the headline's too; else the theme its own words name, its
    first clause's first (落实行政执法公示制度，…在政务公开栏公示 is enforcement; an adviser contract listed
    under a decision-making headline is the adviser's). A headline naming no theme leaves its
    practices to their words."""
    themed: list[tuple[Statement, Theme | None]] = []
    headline: Theme | None = None
    part: str | None = None
    for statement in statements:
        if statement.part != part:
            headline, part = None, statement.part
        if _is_headline(statement):
            headline = theme_of(statement.text)
            continue
        if (lead := _LEAD.match(statement.text)) and theme_of(lead.group()):  # 在基层治理上，…: a headline inside the sentence
            headline = theme_of(lead.group())
        if _is_practice(statement):
            own = theme_of(_CLAUSE.split(statement.text, 1)[0]) or theme_of(statement.text)
            themed.append((statement, headline if headline and (own is None or headline.words.search(statement.text)) else own))
    return themed


def _is_headline(statement: Statement) -> bool:
    """A sub-heading, or a numbered sentence short enough to only name the work that follows."""
    numbered = numbering(statement.text)
    return statement.heading or (numbered is not None and len(statement.text[numbered[1]:]) <= HEADLINE)


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


def first_duties(sheets: list[tuple[ReportRef, FactSheet, NormalizedText]]) -> list[Practice | None]:
    """Per report, what its leaders did as the first persons responsible for rule of law: the most
    concrete measure of its 第一责任人 part (a figure first: 专题研究法治工作4次), quoted short; None
    where the report states none (it has no such part, or only headings)."""
    duties: list[Practice | None] = []
    for ref, sheet, doc in sheets:
        stated = [s for s in sheet.statements if s.part == "first_responsible" and s.kind in ("measure", "figure")
                  and not _is_headline(s) and len(s.text) > HEADLINE]
        best = max(stated, key=_concreteness, default=None)
        duties.append(Practice(FIRST_DUTY, ref, _short_quote(ref, best, doc), None) if best else None)
    return duties


FIRST_DUTY = Theme("党政主要负责人履行推进法治建设第一责任人职责", re.compile(r"第一责任人|主要负责人"), "")
