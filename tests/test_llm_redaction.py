"""The API key never leaves fazhi, whatever an endpoint echoes back: not in ``doctor``'s table or
its JSON, not in a ``--debug`` traceback, not in a log line (issue 23, item 4).

The endpoint is the fake of ``fault_server`` run as a real HTTP server on 127.0.0.1; with
``echo_reply`` it answers with the Authorization header it got, with ``echo_key`` it fails with it
in the error message, as some proxies and misconfigured gateways do.
"""

from __future__ import annotations

import io
import json
import logging
import sys
from pathlib import Path

import pytest
from fault_fixtures import KEY, QUESTION, fazhi
from fault_server import FaultServer

from agent.llm.errors import protect_output, redact, remember_secrets, shown

PLAIN_KEY = "corp-gateway-token-7f3a9c"  # a configured key that looks like no key at all


def test_doctor_does_not_print_a_key_the_endpoint_echoes(home: Path, server: FaultServer) -> None:
    server.fault = "echo_reply"
    table = fazhi(home, server, "doctor")
    report = fazhi(home, server, "doctor", "--json")
    assert "ok Bearer [redacted]" in table.stdout + table.stderr
    checks = {check["name"]: check for check in json.loads(report.stdout)["checks"]}
    assert "ok Bearer [redacted]" in checks["endpoint answers"]["detail"]
    for result in (table, report):
        assert KEY not in result.stdout + result.stderr


def test_a_debug_traceback_shows_the_failure_without_the_key(home: Path, server: FaultServer) -> None:
    server.fault, server.status = "echo_key", 401
    result = fazhi(home, server, "--debug", "ask", QUESTION)
    assert result.returncode == 1
    assert "Traceback" in result.stderr and "AuthenticationError" in result.stderr
    assert "bad key Bearer [redacted]" in result.stderr
    assert KEY not in result.stdout + result.stderr


def test_a_configured_key_of_any_shape_is_redacted(home: Path, server: FaultServer) -> None:
    server.fault = "echo_reply"
    result = fazhi(home, server, "doctor", "--json", FAZHI_API_KEY=PLAIN_KEY)
    assert PLAIN_KEY not in result.stdout + result.stderr


def test_log_lines_and_everything_else_written_to_the_streams_are_redacted(monkeypatch: pytest.MonkeyPatch) -> None:
    out, err = io.StringIO(), io.StringIO()
    monkeypatch.setattr(sys, "stdout", out)
    monkeypatch.setattr(sys, "stderr", err)
    remember_secrets([PLAIN_KEY])
    protect_output()
    protect_output()  # once is enough: a second call does not wrap the wrapper
    print(f"key={PLAIN_KEY}")
    log = logging.getLogger("fazhi.test.redaction")
    log.propagate = False
    log.addHandler(logging.StreamHandler())  # a handler made now writes to the protected stderr
    log.warning("sent Authorization: Bearer %s", KEY)
    assert out.getvalue() == "key=[redacted]\n"
    assert "Bearer [redacted]" in err.getvalue() and KEY not in err.getvalue()
    assert sys.stdout.isatty() is False and sys.stdout.encoding == out.encoding


def test_redaction_keeps_json_valid_and_cuts_after_redacting() -> None:
    text = json.dumps({"message": f'bad key "Bearer {KEY}" for sk-abcdefgh', "n": 1})
    assert json.loads(redact(text)) == {"message": 'bad key "Bearer [redacted]" for [redacted]', "n": 1}
    escaped = json.dumps({"m": f"Bearer {KEY}\\"})  # a backslash after the key stays with the JSON
    assert json.loads(redact(escaped)) == {"m": "Bearer [redacted]\\"}
    remember_secrets([PLAIN_KEY])
    assert shown(f"reply: {PLAIN_KEY} and more\nsecond line", 20) == "reply: [redacted] an"
