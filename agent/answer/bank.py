"""A second opinion on what a question asks: the nearest questions of the planning bank.

``eval/bank/bank.yaml`` holds questions written blind (Chinese, English, mixed), each with the plan
a correct planner makes. Embedded with the store's own encoder, the bank's nearest questions to a
new one vote on its intent; ``fazhi ask --explain`` shows the vote and the neighbours beside the
rules' plan, so a reader sees where the rules stand alone. The vote never changes a plan here
(issue 20 measures first whether it should: ``bench/question_bank.py --votes``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
import yaml

BANK = Path(__file__).resolve().parents[2] / "eval" / "bank" / "bank.yaml"
NEIGHBOURS = 7

Embed = Callable[[list[str]], Sequence[Sequence[float]]]


@dataclass(frozen=True)
class BankQuestion:
    """One question of the bank and the plan fields it fixes."""

    question: str
    intent: str
    indicator: str | None
    topic: str | None
    outline_ask: str | None


@dataclass(frozen=True)
class Vote:
    """The bank's nearest questions to one question and the intent most of them have."""

    intent: str
    count: int
    neighbours: list[tuple[BankQuestion, float]]

    def lines(self) -> list[str]:
        """One line for the vote, then one per neighbour: similarity, intent, question."""
        head = f"bank vote: {self.intent} ({self.count}/{len(self.neighbours)} nearest questions)"
        return [head, *(f"  {score:.2f} {q.intent:10} {q.question}" for q, score in self.neighbours)]


class QuestionBank:
    """The bank's questions with their vectors, embedded once per process."""

    def __init__(self, questions: list[BankQuestion], embed: Embed) -> None:
        self.questions = questions
        self._embed = embed
        self._vectors = _unit(np.asarray(embed([q.question for q in questions]), dtype=np.float32))

    def vote(self, question: str, k: int = NEIGHBOURS, leave_out: str | None = None) -> Vote:
        """The intent most of the ``k`` nearest questions have (ties: the nearest's), ``leave_out``
        excluded (to score the bank on itself)."""
        query = _unit(np.asarray(self._embed([question]), dtype=np.float32))[0]
        scores = self._vectors @ query
        order = [int(i) for i in np.argsort(-scores) if self.questions[int(i)].question != leave_out][:k]
        neighbours = [(self.questions[i], float(scores[i])) for i in order]
        counts = Counter(q.intent for q, _ in neighbours)
        best = max(counts.values())
        intent = next(q.intent for q, _ in neighbours if counts[q.intent] == best)
        return Vote(intent, best, neighbours)


def load_bank(embed: Embed, path: Path = BANK) -> QuestionBank | None:
    """The bank at ``path``, or None where it is not installed (a wheel without ``eval/``)."""
    if not path.exists():
        return None
    entries = yaml.safe_load(path.read_text(encoding="utf-8"))
    return QuestionBank([_entry(e) for e in entries], embed)


@cache
def bank_for(embed: Embed) -> QuestionBank | None:
    return load_bank(embed)


def _entry(entry: dict) -> BankQuestion:
    plan = entry["plan"]
    return BankQuestion(entry["q"], plan["intent"], plan.get("indicator"), plan.get("topic"), plan.get("outline_ask"))


def _unit(rows: np.ndarray) -> np.ndarray:
    return rows / np.maximum(np.linalg.norm(rows, axis=1, keepdims=True), 1e-12)
