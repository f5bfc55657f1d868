"""Model behaviour we rely on, replayed from cassettes recorded against the real local model.

Replay needs no server. To re-record: ``scripts/record-cassettes`` (see tests/conftest.py).
Assertions are on content, never on ids or timestamps (those are random per response).
"""

from __future__ import annotations

import contextlib
import json
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from langchain.agents import create_agent
from langchain_core.messages import AIMessage, HumanMessage, SystemMessage, ToolMessage
from langchain_core.tools import tool
from pydantic import BaseModel, Field

from agent.cli.model import doctor
from agent.llm.client import Endpoint, chat_model
from agent.settings import Settings

SYSTEM = "你是法治政府建设年度报告的问答助手。只根据给出的资料回答，简洁作答。"
CONTEXT = (
    "资料：田镇街道 2024 年度法治政府建设情况报告。严格落实重大行政决策合法性审查前置程序，"
    "全年街道、村居共审查重大事项 47 件，提出法律意见 30 余条，有效防范决策风险。"
)
QUESTION = "田镇街道 2024 年共审查重大事项多少件？"
PROXY_PORT = 8766


def _ask() -> list:
    return [SystemMessage(SYSTEM), HumanMessage(f"{CONTEXT}\n\n问题：{QUESTION}")]


@pytest.mark.vcr
def test_plain_answer(llm_settings: Settings, llm_endpoint: Endpoint) -> None:
    reply = chat_model(llm_settings, llm_endpoint).invoke(_ask())
    assert "47" in str(reply.content)


@pytest.mark.vcr
def test_streamed_answer(llm_settings: Settings, llm_endpoint: Endpoint) -> None:
    chunks = [str(c.content) for c in chat_model(llm_settings, llm_endpoint).stream(_ask())]
    assert len([c for c in chunks if c]) > 1, "expected the answer in several streamed chunks"
    assert "47" in "".join(chunks)


class Fact(BaseModel):
    """One number stated in a report."""

    number: int = Field(description="the number, as an integer")
    unit: str = Field(description="its unit, e.g. 件")


@pytest.mark.vcr
def test_json_schema_response(llm_settings: Settings, llm_endpoint: Endpoint) -> None:
    model = chat_model(llm_settings, llm_endpoint).with_structured_output(Fact, method="json_schema")
    fact = model.invoke(_ask())
    assert isinstance(fact, Fact)
    assert fact.number == 47


@tool
def lookup_report(town: str) -> str:
    """Look up the 2024 rule-of-law annual report of a town (镇/街道) and return the relevant passage."""
    return f"{town} 2024 年度报告：全年调处矛盾纠纷 806 件，调处成功率 98%，涉及金额 225.34 万元。"


@pytest.mark.vcr
def test_tool_round_trip_through_agent(llm_settings: Settings, llm_endpoint: Endpoint) -> None:
    agent = create_agent(
        chat_model(llm_settings, llm_endpoint),
        tools=[lookup_report],
        system_prompt="你是法治政府建设年度报告的问答助手。需要报告内容时调用工具查询，再根据工具结果回答。",
    )
    t0 = time.perf_counter()
    result = agent.invoke({"messages": [HumanMessage("田镇街道 2024 年调处了多少件矛盾纠纷？")]})
    took = time.perf_counter() - t0
    messages = result["messages"]
    calls = [tc for m in messages if isinstance(m, AIMessage) for tc in m.tool_calls]
    assert [c["name"] for c in calls] == ["lookup_report"]
    assert "田镇" in calls[0]["args"]["town"]
    assert any(isinstance(m, ToolMessage) and "806" in str(m.content) for m in messages)
    final = messages[-1]
    assert isinstance(final, AIMessage) and not final.tool_calls
    assert "806" in str(final.content)
    print(f"agent round trip: {took:.1f}s")


@contextlib.contextmanager
def _flaky_proxy(upstream: str) -> Iterator[None]:
    proxy = subprocess.Popen(
        [sys.executable, str(Path(__file__).with_name("llm_flaky_proxy.py")), str(PROXY_PORT), upstream]
    )
    try:
        for _ in range(100):
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", PROXY_PORT), 0.1):
                break
            time.sleep(0.05)
        yield
    finally:
        proxy.terminate()
        proxy.wait()


@pytest.fixture
def flaky_endpoint(recording: bool, llm_endpoint: Endpoint) -> Iterator[Endpoint]:
    """The local model behind a proxy whose first answer is a 503; the proxy runs only when recording."""
    upstream = llm_endpoint.base_url.removesuffix("/v1")
    with _flaky_proxy(upstream) if recording else contextlib.nullcontext():
        yield Endpoint(f"http://127.0.0.1:{PROXY_PORT}/v1", llm_endpoint.model, llm_endpoint.api_key)


@pytest.mark.vcr
def test_retried_failure_then_real_answer(
    llm_settings: Settings, flaky_endpoint: Endpoint, vcr, recording: bool
) -> None:
    reply = chat_model(llm_settings, flaky_endpoint).invoke(_ask())
    assert "47" in str(reply.content)
    assert [r["status"]["code"] for r in vcr.responses] == [503, 200]
    assert recording or vcr.all_played  # replay: the SDK retried after the 503 and got the 200


@pytest.mark.vcr
def test_doctor_probe_sees_answer_and_tool_call(
    llm_settings: Settings, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = llm_settings.model_copy(update={"home": tmp_path})
    doctor(settings, as_json=True)
    report = json.loads(capsys.readouterr().out)
    checks = {c["name"]: c for c in report["checks"]}
    assert checks["endpoint answers"]["ok"], checks["endpoint answers"]
    assert checks["tool calls"]["ok"], checks["tool calls"]
    assert checks["local model"]["ok"]  # not needed with an endpoint configured
    assert report["embedder"] == settings.embedder and report["store_dir"] == str(settings.store_dir)
