"""The one code path to a chat model: an OpenAI-compatible URL, local or remote.

``open_endpoint`` decides *where* (the configured ``base_url``, or a llama-server started for the
duration of the block) and ``chat_model`` builds the LangChain model for it. Timeouts and retries
(exponential backoff on timeouts, connection errors, 408/409/429/5xx) are the OpenAI SDK's own,
driven by ``settings.timeout_s`` and ``settings.max_retries``, so there is no second retry loop to
keep in sync. Failures leaving the block are turned into one-line ``FazhiLLMError`` messages.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import openai
from pydantic import SecretStr

from agent.llm.errors import translate
from agent.settings import DEFAULT_LOCAL_MODEL, Settings

if TYPE_CHECKING:  # langchain_openai takes ~1 s to import; only commands that chat pay for it
    from langchain_openai import ChatOpenAI

# llama-server ignores the key, but the SDK refuses to start without one.
LOCAL_API_KEY = "sk-no-key-required"
# Room left for the model's answer when budgeting prompt context.
ANSWER_RESERVE_TOKENS = 512


@dataclass(frozen=True)
class Endpoint:
    """Where to send chat requests. ``local`` is True for a server this process started."""

    base_url: str
    model: str
    api_key: str
    local: bool = False


def configured_endpoint(settings: Settings) -> Endpoint | None:
    """The endpoint from settings, or None when the embedded local model should be used."""
    if settings.base_url is None:
        return None
    return Endpoint(
        base_url=settings.base_url.rstrip("/"),
        model=settings.model or DEFAULT_LOCAL_MODEL,
        api_key=settings.api_key or LOCAL_API_KEY,
    )


@contextlib.contextmanager
def open_endpoint(settings: Settings, abandon: threading.Event | None = None) -> Iterator[Endpoint]:
    """Yield the endpoint to use; start (and afterwards stop) the local server if none is configured
    (``abandon``: see ``local_server``).

    SDK errors raised inside the block come out as ``FazhiLLMError`` with a one-line fix.
    """
    endpoint = configured_endpoint(settings)
    with contextlib.ExitStack() as stack:
        if endpoint is None:
            from agent.llm.local_server import local_server

            server = stack.enter_context(local_server(settings, abandon=abandon))
            endpoint = Endpoint(server.base_url, server.model, LOCAL_API_KEY, local=True)
        try:
            yield endpoint
        except openai.OpenAIError as exc:
            raise translate(exc, endpoint.base_url, endpoint.model) from exc


def _checked_model_class() -> type:
    """ChatOpenAI that holds the endpoint to the protocol: a body that is not JSON, a stream that
    ends before its finish, or an answer with neither text nor tool calls is the endpoint's failure
    (one line saying which), never an empty answer that later reads as "not stated"."""
    import json

    from langchain_openai import ChatOpenAI

    from agent.llm.errors import FazhiLLMError
    from agent.ui_text import said

    class CheckedChatOpenAI(ChatOpenAI):
        def _fail(self, what: str) -> FazhiLLMError:
            """``what`` names the ``llm.sent.*`` text of what the endpoint did."""
            return FazhiLLMError(said("llm.bad_answer", url=self.openai_api_base, what=said(f"llm.sent.{what}")))

        def _stream(self, *args: Any, **kwargs: Any) -> Iterator[Any]:
            finished = produced = False
            try:
                for chunk in super()._stream(*args, **kwargs):
                    finished = finished or bool((chunk.generation_info or {}).get("finish_reason"))
                    produced = produced or bool(chunk.message.content or getattr(chunk.message, "tool_call_chunks", None))
                    yield chunk
            except json.JSONDecodeError as exc:
                raise self._fail("not_json_stream") from exc
            if not finished:
                raise self._fail("cut_stream" if produced else "no_answer")
            if not produced:
                raise self._fail("empty")

        def _generate(self, *args: Any, **kwargs: Any) -> Any:
            try:
                result = super()._generate(*args, **kwargs)
            except json.JSONDecodeError as exc:
                raise self._fail("not_json") from exc
            message = result.generations[0].message if result.generations else None
            if message is None or not (message.content or getattr(message, "tool_calls", None)):
                raise self._fail("empty")
            return result

    return CheckedChatOpenAI


def chat_model(settings: Settings, endpoint: Endpoint, **overrides: object) -> ChatOpenAI:
    """A LangChain chat model for ``endpoint`` with the configured temperature, timeout and retries,
    whose protocol failures are errors (``_checked_model_class``)."""
    kwargs: dict[str, object] = {
        "model": endpoint.model,
        "base_url": endpoint.base_url,
        "api_key": SecretStr(endpoint.api_key),
        "temperature": settings.temperature,
        "timeout": settings.timeout_s,
        "max_retries": settings.max_retries,
    }
    kwargs.update(overrides)
    return _checked_model_class()(**kwargs)


def openai_client(settings: Settings, endpoint: Endpoint) -> openai.OpenAI:
    """A raw OpenAI client with the same timeout/retry policy, for probes and benchmarks."""
    return openai.OpenAI(
        base_url=endpoint.base_url,
        api_key=endpoint.api_key,
        timeout=settings.timeout_s,
        max_retries=settings.max_retries,
    )


def context_budget(settings: Settings, *fixed_texts: str, reserve: int = ANSWER_RESERVE_TOKENS) -> int:
    """Tokens left for retrieved context once the fixed prompt parts and the answer are paid for.

    Counted with tiktoken's cl100k_base (offline, via store.tokens): it is not the served model's
    tokenizer, but for Chinese it over-counts rather than under-counts, which is the safe side.
    """
    from store.tokens import count_tokens

    used = sum(count_tokens(t) for t in fixed_texts)
    return max(0, settings.context_tokens - reserve - used)


def fit_to_budget(texts: Iterable[str], budget: int) -> list[str]:
    """Keep texts in order while they fit ``budget`` tokens; truncate the first one that does not."""
    from store.tokens import count_tokens, truncate_to_tokens

    kept: list[str] = []
    for text in texts:
        n = count_tokens(text)
        if n <= budget:
            kept.append(text)
            budget -= n
            continue
        if budget > 0:
            kept.append(truncate_to_tokens(text, budget))
        break
    return kept
