"""``ask --json`` counts the tokens of every call it made (issue 23, item 7).

Many OpenAI-compatible servers ignore ``stream_options.include_usage`` and end a stream without a
usage chunk; the answering agent streams, so its call was counted with 0 tokens. fazhi now counts
such a call itself (tiktoken, offline) and says how many calls were counted that way; a server
that does report usage is taken at its word. The endpoint is ``fault_server``, a real HTTP server.
"""

from __future__ import annotations

import json
from pathlib import Path

from fault_fixtures import QUESTION, fazhi
from fault_server import FaultServer

ANSWER = "陶家镇推进依法行政。"


def _usage(home: Path, server: FaultServer) -> dict:
    result = fazhi(home, server, "ask", QUESTION, "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)["usage"]


def test_a_streamed_call_without_usage_from_the_endpoint_is_counted(home: Path, server: FaultServer) -> None:
    server.fault, server.content, server.stream_usage = "reply", ANSWER, False
    usage = _usage(home, server)
    assert usage["llm_calls"] == 1
    assert usage["prompt_tokens"] > 100, "the question and the passages it was given"
    assert 0 < usage["completion_tokens"] < 20
    assert usage["estimated_calls"] == 1


def test_usage_the_endpoint_reports_is_taken_as_is(home: Path, server: FaultServer) -> None:
    server.fault, server.content, server.stream_usage = "reply", ANSWER, True
    try:
        usage = _usage(home, server)
    finally:
        server.stream_usage = False
    assert usage == {"prompt_tokens": 321, "completion_tokens": 12, "llm_calls": 1, "estimated_calls": 0}


def test_a_reply_without_usage_is_counted_and_one_past_its_cap_is_cut() -> None:
    """The non-streamed path, against a scripted fake endpoint (httpx2's MockTransport): a reply
    with no ``usage`` gets fazhi's count; one longer than its ``max_tokens`` allow is cut there."""
    import httpx2

    from agent.llm.client import CHARS_PER_TOKEN_CEILING, Endpoint, chat_model
    from agent.settings import Settings
    from agent.usage import Usage

    url = "http://llm.invalid/v1"
    content = "陶家镇推进依法行政。" * 100

    def handler(request: httpx2.Request) -> httpx2.Response:
        return httpx2.Response(200, json={"id": "x", "object": "chat.completion", "created": 0, "model": "m",
                                          "choices": [{"index": 0, "finish_reason": "stop",
                                                       "message": {"role": "assistant", "content": content}}]})

    model = chat_model(Settings(base_url=url, api_key="k", model="m", max_retries=0), Endpoint(url, "m", "k"),
                       http_client=httpx2.Client(transport=httpx2.MockTransport(handler)))
    message = model.bind(max_tokens=16).invoke([("user", "陶家镇如何推进依法行政？")])
    assert len(message.content) == 16 * CHARS_PER_TOKEN_CEILING
    assert message.response_metadata["finish_reason"] == "length"
    usage = Usage()
    usage.add_message(message)
    assert usage.prompt_tokens > 5 and usage.completion_tokens > 16 and usage.estimated_calls == 1
