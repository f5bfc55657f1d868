"""Token and call accounting, so every ``--json`` output reports what a question really cost."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

ESTIMATED = "usage_estimated"
"""The ``response_metadata`` flag of a model reply whose token counts fazhi made itself, because
the endpoint reported none (``agent.llm.client``): many servers ignore ``stream_options``."""


@dataclass
class Usage:
    """What the model calls of one command cost, and what code had to fill in for them.

    ``fallbacks`` says, one line each, where a reply could not be used as asked (JSON that does not
    parse, an answer cut at its token limit) and code went on without it; an answer resting on one
    is not verified. They are kept here because every model call is counted here already."""

    prompt_tokens: int = 0
    completion_tokens: int = 0
    llm_calls: int = 0
    estimated_calls: int = 0  # calls whose endpoint reported no token counts: counted by fazhi (tiktoken)
    fallbacks: list[str] = field(default_factory=list)

    def add_tokens(self, message: Any) -> None:
        """The token counts one reply, or one chunk of a streamed reply, carries (LangChain's
        ``usage_metadata``), noting counts that fazhi estimated."""
        meta = getattr(message, "usage_metadata", None) or {}
        self.prompt_tokens += int(meta.get("input_tokens", 0))
        self.completion_tokens += int(meta.get("output_tokens", 0))
        self.estimated_calls += bool((getattr(message, "response_metadata", None) or {}).get(ESTIMATED))

    def add_message(self, message: Any) -> None:
        """Count one model response (a LangChain ``AIMessage``)."""
        self.add_tokens(message)
        self.llm_calls += 1

    def add(self, other: Usage) -> None:
        self.prompt_tokens += other.prompt_tokens
        self.completion_tokens += other.completion_tokens
        self.llm_calls += other.llm_calls
        self.estimated_calls += other.estimated_calls
        self.fallbacks += other.fallbacks

    def as_dict(self) -> dict[str, int]:
        """The counts, for ``--json``; the fallbacks reach the output as an answer's problems."""
        return {"prompt_tokens": self.prompt_tokens, "completion_tokens": self.completion_tokens,
                "llm_calls": self.llm_calls, "estimated_calls": self.estimated_calls}
