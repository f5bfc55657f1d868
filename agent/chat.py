"""``fazhi chat``: a terminal conversation over the reports.

Each turn is answered by ``answer_question`` with the earlier turns as history, so follow-ups
("那它们的持证执法人员有多少？") resolve against the towns of the previous answer. The model's text
streams as it is written; the checked answer and its sources follow, and they are what
``/sources`` and ``/save`` use.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from agent.answer.pipeline import Answer, answer_question
from store.store import ReportStore

HELP = "/sources 上一个回答的出处 · /reset 清空对话 · /save FILE 保存对话 · /quit 退出 · Ctrl-C 中止当前回答"


@dataclass
class ChatSession:
    store: ReportStore
    model: Any
    county: str | None = None
    year: int | None = None
    scan_batch: int = 1
    agent_tools: bool = True
    history: list[tuple[str, str]] = field(default_factory=list)
    turns: list[tuple[str, Answer]] = field(default_factory=list)

    @property
    def last(self) -> Answer | None:
        return self.turns[-1][1] if self.turns else None

    def previous_towns(self) -> list[str]:
        """Towns a follow-up's "它们" refers to: the towns that answered a "which towns" question,
        the main group of a scan, else the towns cited."""
        if self.last is None:
            return []
        if self.last.selected:
            return list(self.last.selected)
        if self.last.scan is not None:
            negative = [r["town"] for r in self.last.scan if r["status"] == "lacks"]
            positive = [r["town"] for r in self.last.scan if r["status"] == "has"]
            return [t for t in (negative or positive) if t]
        return list(dict.fromkeys(c.town for c in self.last.citations if c.town))

    def ask(self, question: str, on_token: Callable[[str], None] | None = None) -> Answer:
        answer = answer_question(
            self.store,
            question,
            self.model,
            county=self.county,
            year=self.year,
            history=self.history[-3:],
            previous_towns=self.previous_towns(),
            on_token=on_token,
            scan_batch=self.scan_batch,
            agent_tools=self.agent_tools,
        )
        self.history.append((question, answer.answer))
        self.turns.append((question, answer))
        return answer

    def reset(self) -> None:
        self.history.clear()
        self.turns.clear()

    def sources(self) -> list[str]:
        if self.last is None:
            return []
        return [
            f"[{n}] {c.town or '?'} {c.year or ''} {c.file}:{c.line} 「{c.quote}」"
            for n, c in enumerate(self.last.citations, 1)
        ]

    def save(self, path: Path) -> None:
        """The conversation as Markdown, every answer followed by its sources."""
        parts = ["# fazhi 对话记录\n"]
        for question, answer in self.turns:
            parts.append(f"## 问：{question}\n\n{answer.answer}\n")
            parts += [
                f"{n}. {c.town or '?'} {c.year or ''}，{c.file} 第{c.line}行：「{c.quote}」"
                for n, c in enumerate(answer.citations, 1)
            ]
            parts.append("")
        path.write_text("\n".join(parts), encoding="utf-8")
