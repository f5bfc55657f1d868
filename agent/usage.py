"""Token and call accounting, so every ``--json`` output reports what a question really cost."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any


@dataclass
class Usage:
    prompt_tokens: int = 0
    completion_tokens: int = 0
    llm_calls: int = 0

    def add_message(self, message: Any) -> None:
        """Count one model response (a LangChain ``AIMessage`` carrying ``usage_metadata``)."""
        meta = getattr(message, "usage_metadata", None) or {}
        self.prompt_tokens += int(meta.get("input_tokens", 0))
        self.completion_tokens += int(meta.get("output_tokens", 0))
        self.llm_calls += 1

    def add(self, other: Usage) -> None:
        self.prompt_tokens += other.prompt_tokens
        self.completion_tokens += other.completion_tokens
        self.llm_calls += other.llm_calls

    def as_dict(self) -> dict[str, int]:
        return asdict(self)
