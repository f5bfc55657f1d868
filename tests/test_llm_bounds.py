"""A misbehaving endpoint cannot hold ``ask`` or flood its output (issue 23, item 5).

Each test runs fazhi as a real process against ``fault_server``, a fake OpenAI-compatible server
on 127.0.0.1: one that never answers, one that answers 2 MB whatever ``max_tokens`` said, one
whose stream breaks a character in half, one whose JSON answers are not JSON. The question is
bounded by ``FAZHI_DEADLINE``, every request says how much it may answer, the answer and its
problems are capped, and an answer built on a reply code could not use says so (not verified).
"""

from __future__ import annotations

import json
import re
import subprocess
import time
from pathlib import Path

import pytest
import yaml
from fault_fixtures import KEY, QUESTION, fazhi, fazhi_command, fazhi_env
from fault_server import FaultServer
from store_fixtures import ROOT

from agent.answer.plan import PLAN_TOKENS
from agent.answer.routes.passages import QUERY_TOKENS
from agent.answer.verify import MAX_PROBLEMS
from agent.llm.client import ANSWER_RESERVE_TOKENS
from agent.scan import judgement_tokens
from agent.settings import ConfigError, Settings
from agent.tables.build import CHOICE_TOKENS

DEADLINE_S = 3
STARTUP_S = 12  # a fazhi process starting and loading its store on 2 busy cores, before the question
JUDGED_QUESTION = "哪些乡镇开展了法治培训？"  # 城西街道's evidence needs the model's judgement


def _one_line(text: str) -> str:
    assert text.count("\n") == 1, text
    return text


def test_a_hung_endpoint_ends_ask_with_one_line_within_the_deadline(home: Path, server: FaultServer) -> None:
    server.fault = "hang"
    started = time.monotonic()
    result = fazhi(home, server, "ask", QUESTION, "--json", FAZHI_DEADLINE=str(DEADLINE_S))
    took = time.monotonic() - started
    assert result.returncode == 1
    assert took < DEADLINE_S + STARTUP_S, f"ask took {took:.1f} s"
    line = _one_line(result.stderr)
    assert f"{DEADLINE_S}" in line and "FAZHI_DEADLINE" in line
    assert json.loads(result.stdout)["error"]["kind"] == "endpoint"


def test_a_chat_turn_past_the_deadline_ends_the_turn_not_the_conversation(home: Path, server: FaultServer) -> None:
    server.fault = "hang"
    process = subprocess.Popen(fazhi_command("chat"), cwd=ROOT, text=True,
                               env=fazhi_env(home, server, FAZHI_LANG="zh", FAZHI_DEADLINE=str(DEADLINE_S)),
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    started = time.monotonic()
    out, err = process.communicate(f"{QUESTION}\n/sources\nexit\n", timeout=120)
    assert process.returncode == 0, err
    assert "FAZHI_DEADLINE" in out and "（还没有回答）" in out  # the error line, then the next command ran
    assert time.monotonic() - started < DEADLINE_S + STARTUP_S


def test_every_request_caps_its_answer_and_a_huge_reply_stays_bounded(home: Path, server: FaultServer) -> None:
    server.fault, server.content, server.bodies = "huge", "陶家镇推进依法行政。", []
    started = time.monotonic()
    result = fazhi(home, server, "ask", QUESTION, "--json")
    took = time.monotonic() - started
    assert result.returncode == 0, result.stderr
    asked = [body.get("max_completion_tokens", body.get("max_tokens")) for body in server.bodies]
    assert asked and all(isinstance(n, int) and 0 < n <= ANSWER_RESERVE_TOKENS for n in asked), asked
    answer = json.loads(result.stdout)
    assert len(result.stdout) < 20_000, f"{len(result.stdout)} characters of JSON"
    assert len(answer["problems"]) <= MAX_PROBLEMS
    assert answer["verified"] is False
    assert any("cut" in problem for problem in answer["problems"]), answer["problems"][:3]
    assert took < 60, f"ask took {took:.1f} s"


def test_a_stream_cut_mid_character_is_the_endpoints_failure(home: Path, server: FaultServer) -> None:
    server.fault, server.content = "cut_utf8", "陶家镇推进依法行政。"
    plain = fazhi(home, server, "ask", QUESTION)
    as_json = fazhi(home, server, "ask", QUESTION, "--json")
    assert plain.returncode == as_json.returncode == 1
    assert "not valid UTF-8" in _one_line(plain.stderr) and "--debug" not in plain.stderr
    assert json.loads(as_json.stdout)["error"]["kind"] == "endpoint"
    assert KEY not in plain.stderr + as_json.stdout


def test_an_unreadable_judgement_is_not_a_verified_answer(home: Path, server: FaultServer) -> None:
    server.fault, server.content = "reply", "这不是JSON"
    result = fazhi(home, server, "ask", JUDGED_QUESTION, "--json")
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert {row["town"]: row["status"] for row in answer["scan"]}["城西街道"] == "unclear"
    assert answer["verified"] is False
    assert any("城西街道" in problem and "could not be read" in problem for problem in answer["problems"])


def test_a_structured_reply_cut_at_its_limit_is_a_fallback_not_a_crash(home: Path, server: FaultServer) -> None:
    """An English question's Chinese query (a JSON-schema reply) cut at max_tokens: the SDK's
    LengthFinishReasonError ended the whole command; now the question is searched as asked and the
    answer says so, unverified."""
    server.fault, server.content = "length", '{"query": "陶家镇推进依法行政的'
    result = fazhi(home, server, "ask", "How does 陶家镇 promote law-based administration?", "--json")
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert answer["verified"] is False
    assert any("search query could not be read" in problem for problem in answer["problems"]), answer["problems"]


def _cap(request: dict) -> int:
    """The ``max_tokens`` fazhi sends now for the job a recorded request did (its schema names it)."""
    job = ((request.get("response_format") or {}).get("json_schema") or {}).get("name")
    if job == "judgements":
        return judgement_tokens(len(re.findall(r"^Report \d+:", request["messages"][-1]["content"], re.MULTILINE)))
    return {"plan": PLAN_TOKENS, "query": QUERY_TOKENS, "choice": CHOICE_TOKENS}.get(job, ANSWER_RESERVE_TOKENS)


def _completion_tokens(request: dict, response: str) -> int:
    """What a recorded answer cost, from its usage; a stream recorded without a usage chunk, by
    its chunks with a delta (llama-server streams one token per chunk)."""
    if not request.get("stream"):
        return json.loads(response)["usage"]["completion_tokens"]
    chunks = [json.loads(line[6:]) for line in response.splitlines() if line.startswith("data: {")]
    usage = [chunk["usage"]["completion_tokens"] for chunk in chunks if chunk.get("usage")]
    return usage[-1] if usage else sum(1 for chunk in chunks for choice in chunk["choices"] if choice.get("delta"))


def test_every_recorded_answer_fits_the_cap_its_request_now_carries() -> None:
    """Replay ignores ``max_tokens`` (``eval/recording.py``), so that the caps did not orphan the
    cassettes: this holds it to answers the live model could still give under them."""
    checked = 0
    for path in sorted(p for p in ROOT.glob("**/cassettes/**/*.yaml") if ".venv" not in p.parts):
        for interaction in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("interactions", []):
            answered = interaction["response"]
            if not interaction["request"]["uri"].endswith("/chat/completions") or answered["status"]["code"] != 200:
                continue
            request = json.loads(interaction["request"]["body"])
            used = _completion_tokens(request, answered["body"]["string"])
            assert used <= _cap(request), f"{path.name}: {used} tokens recorded, {_cap(request)} allowed now"
            checked += 1
    assert checked > 300


def test_the_deadline_is_a_typed_setting_of_at_most_two_minutes(monkeypatch: pytest.MonkeyPatch) -> None:
    assert Settings(_env_file=None).deadline <= 120
    monkeypatch.setenv("FAZHI_DEADLINE", "45")
    assert Settings.load().deadline == 45.0
    monkeypatch.setenv("FAZHI_DEADLINE", "0")
    with pytest.raises(ConfigError, match="deadline"):
        Settings.load()
