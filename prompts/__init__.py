"""Prompt files shipped as package data, so prompts are edited as text, not Python strings."""

from __future__ import annotations

from pathlib import Path

DIR = Path(__file__).resolve().parent


def path(name: str) -> Path:
    """Absolute path of a prompt file (llama-server needs a path for --chat-template-file)."""
    return DIR / name


def load(name: str) -> str:
    """Text of the prompt file ``name`` next to this module."""
    return path(name).read_text(encoding="utf-8")
