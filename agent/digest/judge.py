"""The model as a yes/no judge of two problem statements: do they state the same problem?

One short prompt per pair (``prompts/pair_judge.txt``), one token of answer; the verdict is P(是)
read from the first token's log-probabilities (``logprobs``/``top_logprobs`` of the OpenAI chat
API, which llama-server returns), normalised against P(否), so a threshold can be tuned instead of
taking the model's coin-flip token. An endpoint that sends no log-probabilities is read from its
answer (是 → 1, anything else → 0). Every verdict is cached by the model's name and the full prompt
(both statements), so a re-run over unchanged reports makes no call.

The request is an ordinary chat completion with a fixed body (temperature from settings, one token,
``logprobs``/``top_logprobs``), so a recorded test replays it like any other (vcrpy matches on the
body).
"""

from __future__ import annotations

import math
from typing import Any

import prompts
from agent.tables.cache import PickCache
from agent.usage import Usage

PROMPT = "pair_judge.txt"
TOP_LOGPROBS = 10
YES = frozenset({"是", "yes", "Yes"})
NO = frozenset({"否", "不是", "不", "no", "No"})


def p_yes(top_logprobs: list[dict[str, Any]]) -> float | None:
    """P(是) among the first token's candidates, normalised by P(是) + P(否); None when neither is
    among them (the model answered something else)."""
    yes = sum(math.exp(t["logprob"]) for t in top_logprobs if str(t.get("token", "")).strip() in YES)
    no = sum(math.exp(t["logprob"]) for t in top_logprobs if str(t.get("token", "")).strip() in NO)
    return yes / (yes + no) if yes + no > 0 else None


def verdict(message: Any) -> float:
    """P(是) of one response: from its log-probabilities, else from its text."""
    logprobs = (getattr(message, "response_metadata", None) or {}).get("logprobs") or {}
    content = logprobs.get("content") or []
    if content:
        p = p_yes(content[0].get("top_logprobs") or [content[0]])
        if p is not None:
            return p
    return 1.0 if str(message.content).strip().startswith("是") else 0.0


class ModelJudge:
    """``judge(a, b)`` → P(是) that statements ``a`` and ``b`` state the same problem, cached.

    ``calls`` counts the model calls made, ``pairs`` every pair asked (cached or not)."""

    def __init__(self, model: Any, cache: PickCache | None = None, usage: Usage | None = None) -> None:
        self.model = model.bind(logprobs=True, top_logprobs=TOP_LOGPROBS, max_tokens=1)
        self.name = str(getattr(model, "model_name", ""))
        self.cache, self.usage = cache, usage
        self.template = prompts.load(PROMPT)
        self.calls = self.pairs = 0

    def prompt(self, a: str, b: str) -> str:
        return self.template.format(a=a, b=b)

    def __call__(self, a: str, b: str) -> float:
        self.pairs += 1
        prompt = self.prompt(a, b)
        key = PickCache.key(self.name, prompt)
        if self.cache is not None:
            known, value = self.cache.get(key)
            if known and isinstance(value, int | float):
                return float(value)
        message = self.model.invoke([("user", prompt)])
        self.calls += 1
        if self.usage is not None:
            self.usage.add_message(message)
        p = verdict(message)
        if self.cache is not None:
            self.cache.put(key, p)
        return p
