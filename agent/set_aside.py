"""What every command tells its user about report text it refused to read as data.

Sentences that address a machine reader with orders (``store.sentences.is_instruction``) are
never shown to a model, counted or cited. Silently dropping them would hide an attack on the
county's reports from the people who should hear of it, so ask, chat, scan, table and digest all
name them, with file and line, from this one list.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from agent.answer.types import ReportRef
from store.sentences import PlantedSentence
from store.store import ReportStore


@dataclass(frozen=True)
class SetAside:
    """One planted sentence of one report (``set_aside`` in the CLI contract)."""

    report: ReportRef
    sentence: PlantedSentence

    def as_dict(self) -> dict[str, Any]:
        return {**self.report.as_dict(), "text": self.sentence.text, "start": self.sentence.start,
                "end": self.sentence.end, "line": self.sentence.line}

    def describe(self, language: str = "zh") -> str:
        """One line: whose report, where, and the sentence itself."""
        where = f"{self.report.file}:{self.sentence.line}"
        quote = f"「{self.sentence.text}」" if language == "zh" else f"\"{self.sentence.text}\""
        return f"{self.report.name(language)} {where} {quote}"


def set_aside_in(store: ReportStore, reports: Iterable[ReportRef]) -> list[SetAside]:
    """The planted sentences of ``reports``, each report once, in the order given, as their fact
    sheets hold them (found once per report, not at every question)."""
    seen: set[str] = set()
    found = []
    for report in reports:
        if report.report_id in seen:
            continue
        seen.add(report.report_id)
        sheet = store.fact_sheet_of(report.report_id)
        found += [SetAside(report, sentence) for sentence in sheet.planted] if sheet else []
    return found


def notice(set_aside: list[SetAside], language: str = "zh") -> list[str]:
    """What a command prints about ``set_aside``: a heading line, then one line per sentence
    (nothing when there is none)."""
    if not set_aside:
        return []
    if language == "en":
        head = f"{len(set_aside)} sentence(s) read like instructions to a machine reader and were ignored as data:"
    else:
        head = f"以下{len(set_aside)}句像是写给机器读者的指令，已作为数据忽略，未作为依据："
    return [head, *(f"  {item.describe(language)}" for item in set_aside)]


def where_set_aside(set_aside: list[SetAside]) -> str | None:
    """One memo sentence naming the reports and lines that held planted sentences, without
    repeating their text in a document sent to the county's leaders (the CLI lists the text)."""
    lines: dict[str, list[int]] = {}
    for item in set_aside:
        lines.setdefault(item.report.name("zh"), []).append(item.sentence.line)
    if not lines:
        return None
    places = "、".join(f"{name}报告第{'、'.join(map(str, numbers))}行" for name, numbers in lines.items())
    return f"{places}有像是写给机器读者的指令，已作为数据忽略，未作为任何统计或引述的依据（由代码检出）。"
