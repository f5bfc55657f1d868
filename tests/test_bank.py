"""The planning bank's second opinion (``agent/answer/bank.py``): the nearest questions vote on the
intent, a question can be left out to score the bank on itself, and a missing bank is no error.
The embedder here is a scripted fake (two words, two axes), not a model."""

from __future__ import annotations

from pathlib import Path

import yaml

from agent.answer.bank import load_bank


def _fake_embed(texts: list[str]) -> list[list[float]]:
    """Scripted: 多少 points one way, 哪些 the other."""
    return [[1.0 if "多少" in t else 0.1, 1.0 if "哪些" in t else 0.1] for t in texts]


def _bank(tmp_path: Path) -> Path:
    entries = [{"q": q, "plan": {"intent": intent}} for q, intent in (
        ("甲镇调处纠纷多少件", "lookup"), ("乙镇罚款多少元", "lookup"), ("丙镇持证人员多少人", "lookup"),
        ("哪些乡镇没有执法记录仪", "lacks"), ("哪些乡镇聘请了法律顾问", "has"), ("哪些乡镇缺少调解员", "lacks"))]
    path = tmp_path / "bank.yaml"
    path.write_text(yaml.safe_dump(entries, allow_unicode=True), encoding="utf-8")
    return path


def test_the_nearest_questions_vote_on_the_intent(tmp_path: Path) -> None:
    bank = load_bank(_fake_embed, _bank(tmp_path))
    assert bank is not None
    assert bank.vote("丁镇信访多少件", k=3).intent == "lookup"
    vote = bank.vote("哪些乡镇没有法律顾问", k=3)
    assert (vote.intent, vote.count) == ("lacks", 2)
    assert vote.lines()[0].startswith("bank vote: lacks (2/3")


def test_a_question_left_out_is_not_its_own_neighbour(tmp_path: Path) -> None:
    bank = load_bank(_fake_embed, _bank(tmp_path))
    assert bank is not None
    neighbours = [q.question for q, _ in bank.vote("甲镇调处纠纷多少件", k=2, leave_out="甲镇调处纠纷多少件").neighbours]
    assert "甲镇调处纠纷多少件" not in neighbours


def test_no_bank_installed_is_no_vote(tmp_path: Path) -> None:
    assert load_bank(_fake_embed, tmp_path / "absent.yaml") is None
