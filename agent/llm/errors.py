"""One-line, actionable errors for everything that can go wrong talking to a chat model.

The OpenAI SDK raises a zoo of exception classes whose messages are long JSON dumps. Users of a
CLI need one sentence that says what to do next, so every failure is mapped here to a
``FazhiLLMError`` whose ``str()`` is that sentence; the CLI prints it without a traceback.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, TextIO

from agent.ui_text import said

if TYPE_CHECKING:  # the SDK is imported where an SDK exception is translated, not by every command
    import openai


class FazhiLLMError(RuntimeError):
    """A failure the user can fix; the message is one line and names the fix (``Said`` words
    where fazhi wrote it: in the interface's language)."""


class ModelNotInstalledError(FazhiLLMError):
    """The embedded model or its runtime is missing."""


# Anything shaped like a bearer token or an OpenAI-style key, besides the configured keys. A token
# ends at a quote or a backslash, so that redacting JSON text (an escaped quote) leaves it JSON.
_SECRET_SHAPES = re.compile(r"(?i)(bearer\s+)[^\s\"',\\]+|\bsk-[A-Za-z0-9_\-]{6,}")
_KEY_VARIABLES = ("FAZHI_API_KEY", "OPENAI_API_KEY", "FAZHI_EMBEDDING_API_KEY", "FAZHI_CHROMA_TOKEN")
_remembered: set[str] = set()


def remember_secrets(values: list[str]) -> None:
    """Keys configured elsewhere than the environment (the config file, a flag): ``redact`` hides
    them too. The CLI's root callback hands over ``Settings.secrets`` once per command."""
    _remembered.update(value for value in values if len(value) >= 4)


def redact(text: str) -> str:
    """``text`` with configured keys and anything key-shaped replaced by ``[redacted]``: an
    endpoint that echoes the key back must not get it printed, logged or cached."""
    for value in [*(os.environ.get(name) for name in _KEY_VARIABLES), *_remembered]:
        if value and len(value) >= 4:
            text = text.replace(value, "[redacted]")
    return _SECRET_SHAPES.sub(lambda m: (m.group(1) or "") + "[redacted]", text)


def shown(text: str, limit: int) -> str:
    """The first line of ``text``, redacted, then cut to ``limit`` characters, for a message that
    quotes what an endpoint said. Redacting after the cut could leave a piece of a key that no
    longer matches the key or any key shape."""
    return redact((text.strip().splitlines() or [""])[0])[:limit]


class _Redacting:
    """A text stream that redacts every write before passing it on; anything else (``isatty``,
    ``fileno``, ``encoding``, ``flush``) is the wrapped stream's own, so consoles and prompts
    treat it as the terminal or pipe it wraps."""

    def __init__(self, stream: TextIO) -> None:
        self.wrapped = stream

    def write(self, text: str) -> int:
        self.wrapped.write(redact(text))
        return len(text)

    def writelines(self, lines: Iterable[str]) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.wrapped, name)


def protect_output() -> None:
    """Redact everything this process writes to stdout and stderr from now on: tables, JSON,
    error lines, log lines, warnings and the tracebacks of ``--debug`` all leave through these two
    streams, so no path to the user (or to a log file the streams are redirected to) is missed.
    The root command group calls it first thing; a second call changes nothing."""
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        if not isinstance(stream, _Redacting):
            setattr(sys, name, _Redacting(stream))


_CONTEXT_HINTS = ("context", "too long", "maximum context", "exceeds", "n_ctx", "too many tokens")


def _detail(exc: openai.APIStatusError) -> str:
    body = exc.body
    if isinstance(body, dict):
        inner = body.get("error", body)
        if isinstance(inner, dict) and inner.get("message"):
            return str(inner["message"])
    return str(exc.message)


def translate(exc: BaseException, base_url: str, model: str) -> FazhiLLMError:
    """Map an SDK/transport exception to a ``FazhiLLMError`` with a one-line fix."""
    import openai

    if isinstance(exc, FazhiLLMError):
        return exc
    if isinstance(exc, openai.APITimeoutError):
        return FazhiLLMError(said("llm.timeout", url=base_url))
    if isinstance(exc, openai.APIConnectionError):
        return FazhiLLMError(said("llm.unreachable", url=base_url))
    if isinstance(exc, openai.AuthenticationError | openai.PermissionDeniedError):
        return FazhiLLMError(said("llm.key", url=base_url))
    if isinstance(exc, openai.NotFoundError):
        return FazhiLLMError(said("llm.no_model", model=repr(model), url=base_url))
    if isinstance(exc, openai.RateLimitError):
        return FazhiLLMError(said("llm.rate", url=base_url))
    if isinstance(exc, openai.BadRequestError):
        detail = _detail(exc)
        if any(h in detail.lower() for h in _CONTEXT_HINTS):
            return FazhiLLMError(said("llm.context"))
        return FazhiLLMError(said("llm.refused", detail=shown(detail, 200)))
    if isinstance(exc, openai.APIStatusError):
        return FazhiLLMError(said("llm.http", url=base_url, status=exc.status_code))
    return FazhiLLMError(said("llm.failed", error=f"{type(exc).__name__}: {shown(str(exc), 200)}"))
