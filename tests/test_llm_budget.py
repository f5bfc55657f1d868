"""Prompt budgeting uses the offline tiktoken counter from store.tokens (no second tokenizer)."""

from __future__ import annotations

from agent.llm.client import context_budget, fit_to_budget
from agent.settings import Settings
from store.tokens import count_tokens


def test_budget_subtracts_fixed_parts_and_answer_reserve() -> None:
    settings = Settings(context_tokens=2000)
    system = "你是法治政府建设年度报告的问答助手。"
    assert context_budget(settings, system, reserve=500) == 2000 - 500 - count_tokens(system)
    assert context_budget(settings, "字" * 5000) == 0


def test_fit_keeps_order_and_truncates_the_first_that_does_not_fit() -> None:
    chunks = ["第一段：全年调处矛盾纠纷806件。", "第二段：审查重大事项47件。" * 20, "第三段"]
    first = count_tokens(chunks[0])
    kept = fit_to_budget(chunks, first + 10)
    assert kept[0] == chunks[0] and len(kept) == 2
    assert kept[1] and chunks[1].startswith(kept[1]) and count_tokens(kept[1]) <= 10
    assert fit_to_budget(chunks, 10_000) == chunks
