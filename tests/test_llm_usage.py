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
