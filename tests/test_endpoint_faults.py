"""Every way an OpenAI-compatible endpoint can fail ends in one line that says what happened, a
non-zero exit, an ``{"error": {...}}`` object on stdout under ``--json``, no traceback and no key.

The endpoint is a real HTTP server on 127.0.0.1 that misbehaves on purpose (``fault_server``), and
fazhi runs as a real process, so the SDK, LangChain and the CLI's failure contract all take part.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fault_fixtures import KEY, QUESTION, fazhi
from fault_server import FaultServer


@pytest.mark.parametrize(
    ("fault", "status", "says"),
    [
        ("bad_json", 0, "no answer"),
        ("empty_stream", 0, "empty answer"),
        ("cut_stream", 0, "stopped the answer stream before it finished"),
        ("status", 500, "HTTP 500"),
        ("status", 404, "not available"),
        ("status", 400, "refused the request"),
        ("echo_key", 401, "rejected the API key"),
    ],
)
def test_an_endpoint_failure_is_one_line_and_a_json_error(home: Path, server: FaultServer, fault: str, status: int,
                                                          says: str) -> None:
    server.fault, server.status = fault, status
    plain = fazhi(home, server, "ask", QUESTION)
    assert plain.returncode == 1 and plain.stdout == ""
    assert plain.stderr.count("\n") == 1 and says in plain.stderr, plain.stderr
    as_json = fazhi(home, server, "ask", QUESTION, "--json")
    assert as_json.returncode == 1
    error = json.loads(as_json.stdout)["error"]
    assert error["kind"] == "endpoint" and says in error["message"]
    assert KEY not in plain.stderr + as_json.stdout + as_json.stderr


def test_a_key_echoed_in_an_error_message_is_redacted(home: Path, server: FaultServer) -> None:
    server.fault, server.status = "echo_key", 400  # "bad key Bearer sk-…" comes back in the message
    result = fazhi(home, server, "ask", QUESTION, "--json")
    assert "refused the request: bad key Bearer [redacted]" in result.stderr
    assert KEY not in result.stdout + result.stderr


def test_a_well_formed_endpoint_still_answers(home: Path, server: FaultServer) -> None:
    server.fault, server.content = "reply", "陶家镇推进依法行政。"
    result = fazhi(home, server, "ask", QUESTION, "--json")
    assert result.returncode == 0
    assert "answer" in json.loads(result.stdout)


def test_usage_errors_are_json_too(home: Path, server: FaultServer) -> None:
    result = fazhi(home, server, "search", "执法", "--part", "nonsense", "--json")
    assert result.returncode == 2 and json.loads(result.stdout)["error"]["kind"] == "usage"
    assert result.stderr.startswith("error: --part must be one of")


def test_embeddings_that_come_back_short_are_an_error_not_a_crash(tmp_path: Path, server: FaultServer) -> None:
    server.fault = "no_embedding"
    report = tmp_path / "r.txt"
    report.write_text("青石乡2024年度法治政府建设情况报告\n一、主要举措和成效\n全年开展普法宣传12场次。\n", encoding="utf-8")
    result = fazhi(tmp_path / "home", server, "ingest", str(report), "--json",
                   FAZHI_EMBEDDER="openai:fake-embed")
    assert result.returncode != 0
    assert json.loads(result.stdout)["error"]["kind"] == "endpoint"
    assert "embedding endpoint" in result.stderr and result.stderr.count("\n") == 1
    assert "Traceback" not in result.stderr


def test_a_separate_embedding_host_never_gets_the_chat_key(tmp_path: Path, server: FaultServer) -> None:
    server.fault, server.seen = "reply", []
    report = tmp_path / "r.txt"
    report.write_text("青石乡2024年度法治政府建设情况报告\n一、主要举措和成效\n全年开展普法宣传12场次。\n", encoding="utf-8")
    result = fazhi(tmp_path / "home", server, "ingest", str(report), FAZHI_EMBEDDER="openai:fake-embed",
                   FAZHI_BASE_URL="http://127.0.0.1:9/v1", FAZHI_EMBEDDING_BASE_URL=server.base_url,
                   FAZHI_EMBEDDING_API_KEY="sk-embedding-only-key")
    assert result.returncode == 0, result.stderr
    sent = [auth for path, auth in server.seen if path.endswith("/embeddings")]
    assert sent and all(KEY not in auth and "sk-embedding-only-key" in auth for auth in sent)
