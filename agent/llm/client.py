"""The one code path to a chat model: an OpenAI-compatible URL, local or remote.

``open_endpoint`` decides *where* (the configured ``base_url``, or a llama-server started for the
duration of the block) and ``chat_model`` builds the LangChain model for it. Timeouts and retries
(exponential backoff on timeouts, connection errors, 408/409/429/5xx) are the OpenAI SDK's own,
driven by ``settings.connect_timeout``, ``settings.timeout_s`` and ``settings.max_retries``, so
there is no second retry loop to keep in sync. Every request says how long its answer may be
(``max_tokens``: ``ANSWER_RESERVE_TOKENS`` unless the job binds its own, smaller size), and a reply
that runs past it anyway is cut. Failures leaving the block are one-line ``FazhiLLMError``
messages; ``agent.llm.deadline`` bounds a whole question.
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
# Room left for the model's answer when budgeting prompt context, and the longest answer asked
# for: the recorded answers of the embedded model are at most 150 tokens.
ANSWER_RESERVE_TOKENS = 512
# Characters a reply may hold per token it was allowed. A tokenizer's token is a few characters
# (3.3 in the longest recorded JSON reply), so only an endpoint ignoring max_tokens gets past it.
CHARS_PER_TOKEN_CEILING = 8


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


def _estimated_usage(messages: list[Any], reply: str, tools: object) -> dict[str, int]:
    """Token counts for a call whose endpoint reported none, counted with tiktoken's cl100k_base
    (offline, ``store.tokens``): the prompt's messages and tool schemas, and the reply's text."""
    import json

    from store.tokens import count_tokens

    sent = sum(count_tokens(str(getattr(message, "content", ""))) for message in messages)
    sent += count_tokens(json.dumps(tools, ensure_ascii=False)) if tools else 0
    answered = count_tokens(reply)
    return {"input_tokens": sent, "output_tokens": answered, "total_tokens": sent + answered}


def _checked_model_class() -> type:
    """ChatOpenAI that holds the endpoint to the protocol: a body that is not JSON or not UTF-8, a
    stream that breaks off or ends before its finish, or an answer with neither text nor tool calls
    is the endpoint's failure (one line saying which), never an empty answer that later reads as
    "not stated" nor an ``internal`` error. A reply longer than its ``max_tokens`` allow (an
    endpoint that ignores them) is cut there and ends as the endpoint's own cut would, with
    ``finish_reason`` "length". A call whose endpoint reports no token usage (many ignore
    ``stream_options``) gets fazhi's own count, marked as such, so that ``--json`` never reports 0
    tokens for a call that was made."""
    import json

    from langchain_core.messages import AIMessage, AIMessageChunk
    from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult
    from langchain_openai import ChatOpenAI

    from agent.llm.errors import FazhiLLMError
    from agent.ui_text import said
    from agent.usage import ESTIMATED

    class CheckedChatOpenAI(ChatOpenAI):
        def _fail(self, what: str) -> FazhiLLMError:
            """``what`` names the ``llm.sent.*`` text of what the endpoint did."""
            return FazhiLLMError(said("llm.bad_answer", url=self.openai_api_base, what=said(f"llm.sent.{what}")))

        def _reply_limit(self, kwargs: dict[str, Any]) -> int:
            """The most characters a reply to this request may hold before fazhi cuts it."""
            return int(kwargs.get("max_tokens") or self.max_tokens or ANSWER_RESERVE_TOKENS) * CHARS_PER_TOKEN_CEILING

        def _cut_reply(self, completion: Any) -> ChatResult:
            """What a cut structured reply said so far, ending as a cut reply does (``finish_reason``
            "length"): the caller reads it as unusable and says so, instead of the SDK's exception
            ending the command (a plan or query reply past its ``max_tokens``)."""
            choice = completion.choices[0] if completion.choices else None
            text = (choice.message.content or "") if choice is not None else ""
            usage = completion.usage
            message = AIMessage(content=text or " ", response_metadata={"finish_reason": "length"},
                                usage_metadata={"input_tokens": usage.prompt_tokens, "output_tokens": usage.completion_tokens,
                                                "total_tokens": usage.total_tokens} if usage else None)
            return ChatResult(generations=[ChatGeneration(message=message, generation_info={"finish_reason": "length"})])

        def _stream(self, messages: list[Any], *args: Any, **kwargs: Any) -> Iterator[Any]:
            finished = produced = reported = cut = False
            reply: list[str] = []
            size, limit = 0, self._reply_limit(kwargs)
            chunks = super()._stream(messages, *args, **kwargs)
            try:
                for chunk in chunks:
                    finished = finished or bool((chunk.generation_info or {}).get("finish_reason"))
                    calls = getattr(chunk.message, "tool_call_chunks", None)
                    produced = produced or bool(chunk.message.content or calls)
                    reported = reported or bool(chunk.message.usage_metadata)
                    pieces = [chunk.text, *(str(call.get("args") or "") for call in calls or [])]
                    reply += pieces
                    size += sum(map(len, pieces))
                    yield chunk
                    if size > limit and not finished:
                        cut = True
                        break
            except json.JSONDecodeError as exc:
                raise self._fail("not_json_stream") from exc
            except UnicodeDecodeError as exc:
                raise self._fail("bad_utf8_stream") from exc
            except openai.APIConnectionError as exc:
                if isinstance(exc, openai.APITimeoutError) or not produced:
                    raise
                raise self._fail("broken_stream") from exc
            finally:
                chunks.close()  # past the limit: close the response instead of reading the rest
            if cut:
                finished = True
                yield ChatGenerationChunk(message=AIMessageChunk(content="", response_metadata={"finish_reason": "length"}),
                                          generation_info={"finish_reason": "length"})
            if not finished:
                raise self._fail("cut_stream" if produced else "no_answer")
            if not produced:
                raise self._fail("empty")
            if not reported:  # what a usage chunk would have said, had the endpoint sent one
                usage = _estimated_usage(messages, "".join(reply), kwargs.get("tools"))
                yield ChatGenerationChunk(message=AIMessageChunk(content="", usage_metadata=usage,  # type: ignore[arg-type]
                                                                 response_metadata={ESTIMATED: True}))

        def _generate(self, messages: list[Any], *args: Any, **kwargs: Any) -> Any:
            try:
                result = super()._generate(messages, *args, **kwargs)
            except openai.LengthFinishReasonError as exc:  # a structured reply cut at max_tokens
                result = self._cut_reply(exc.completion)
            except json.JSONDecodeError as exc:
                raise self._fail("not_json") from exc
            except UnicodeDecodeError as exc:
                raise self._fail("bad_utf8") from exc
            message = result.generations[0].message if result.generations else None
            if message is None or not (message.content or getattr(message, "tool_calls", None)):
                raise self._fail("empty")
            limit = self._reply_limit(kwargs)
            if isinstance(message.content, str) and len(message.content) > limit:
                message.content = message.content[:limit]
                message.response_metadata["finish_reason"] = "length"
            if not message.usage_metadata:
                calls = "".join(str(call.get("args") or "") for call in getattr(message, "tool_calls", None) or [])
                message.usage_metadata = _estimated_usage(messages, message.text + calls, kwargs.get("tools"))
                message.response_metadata[ESTIMATED] = True
            return result

    return CheckedChatOpenAI


def request_timeout(settings: Settings, read: float | None = None) -> openai.Timeout:
    """How long one try of a request may wait: ``settings.connect_timeout`` to connect, then
    ``read`` (default ``settings.timeout_s``) for each read and write."""
    return openai.Timeout(read or settings.timeout_s, connect=settings.connect_timeout)


def chat_model(settings: Settings, endpoint: Endpoint, **overrides: object) -> ChatOpenAI:
    """A LangChain chat model for ``endpoint`` with the configured temperature, timeouts and retries
    and answers of at most ``ANSWER_RESERVE_TOKENS`` (a job binds a smaller ``max_tokens``), whose
    protocol failures are errors (``_checked_model_class``)."""
    kwargs: dict[str, object] = {
        "model": endpoint.model,
        "base_url": endpoint.base_url,
        "api_key": SecretStr(endpoint.api_key),
        "temperature": settings.temperature,
        "timeout": request_timeout(settings),
        "max_retries": settings.max_retries,
        "max_tokens": ANSWER_RESERVE_TOKENS,
    }
    kwargs.update(overrides)
    return _checked_model_class()(**kwargs)


def hang_up(model: Any) -> None:
    """Abandon whatever ``model`` is waiting for: shut down the sockets of its own HTTP client (a
    thread blocked reading one wakes at once; closing alone would not wake it, and the server sees
    the request go away and stops generating: llama-server has one slot) and close the client, so
    that no retry starts. Only a model given an ``http_client`` of its own is hung up; one on the
    SDK's shared default client is left alone."""
    import socket

    client = getattr(model, "http_client", None)
    if client is None:
        return
    pool = getattr(getattr(client, "_transport", None), "_pool", None)
    for connection in list(getattr(pool, "connections", [])):
        stream = getattr(getattr(connection, "_connection", None), "_network_stream", None)
        sock = stream.get_extra_info("socket") if stream is not None else None
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
    client.close()


def openai_client(settings: Settings, endpoint: Endpoint) -> openai.OpenAI:
    """A raw OpenAI client with the same timeout/retry policy, for probes and benchmarks."""
    return openai.OpenAI(
        base_url=endpoint.base_url,
        api_key=endpoint.api_key,
        timeout=request_timeout(settings),
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
