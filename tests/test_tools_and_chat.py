"""The agent's read-only tools and the chat session, on the samples (no model needed)."""

from __future__ import annotations

from pathlib import Path

from agent.cli.chat import ChatSession
from agent.evidence import Ledger
from agent.tools import make_tools
from store.store import ReportStore


def _tools(store: ReportStore, ledger: Ledger) -> dict:
    return {t.name: t for t in make_tools(store, ledger, None, None, None, scan_batch=1)}


def test_search_and_read_section_enter_every_passage_in_the_ledger(sample_store: ReportStore) -> None:
    ledger = Ledger()
    tools = _tools(sample_store, ledger)
    found = tools["search_reports"].invoke({"query": "执法记录仪", "town": "西大沟镇"})
    assert found.startswith("[S1] (西大沟镇 2024年")
    section = tools["read_section"].invoke({"town": "陶家镇", "part": "plans"})
    assert "2026年推进法治政府建设的主要安排" in section
    assert all(f"[{label}]" in found + section for label in ledger.passages)
    assert {p.hit.part for p in ledger.passages.values() if p.hit.town == "陶家镇"} == {"plans"}
    assert "part must be one of" in tools["read_section"].invoke({"town": "陶家镇", "part": "x"})


def test_list_and_scan_tools_cover_every_report(sample_store: ReportStore) -> None:
    tools = _tools(sample_store, Ledger())
    assert len(tools["list_reports"].invoke({}).splitlines()) == 5
    scanned = tools["scan_reports"].invoke({"topic": "执法记录仪"}).splitlines()
    assert len(scanned) == 5
    assert any(line.startswith("西大沟镇 2024: lacks 「") for line in scanned)


def test_chat_follow_up_refers_to_the_towns_of_the_previous_answer(sample_store: ReportStore, tmp_path: Path) -> None:
    session = ChatSession(sample_store, model=None)
    first = session.ask("哪些乡镇没有配备执法记录仪？")
    assert first.route == "scan"
    follow = session.ask("那它们的持证执法人员有多少？")
    assert follow.route == "table"
    assert "西大沟镇（2024）：持证执法人员4人" in follow.answer
    assert session.sources()[0].startswith("[1] 西大沟镇 2024 002_a2fffb7c7f62c0d4.txt:")
    target = tmp_path / "chat.md"
    session.save(target)
    saved = target.read_text(encoding="utf-8")
    assert saved.count("## 问：") == 2 and "全镇仅有4人持有行政执法证" in saved
    session.reset()
    assert session.sources() == [] and session.previous_towns() == []
