"""``fazhi chat`` on a real pseudo-terminal, keys typed as a user types them: Ctrl-C during an
answer stops it and returns to the prompt with the conversation intact, Ctrl-C at the prompt clears
the line, Up recalls the last question, and ``exit`` leaves."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fault_fixtures import QUESTION, fazhi_command, fazhi_env
from fault_server import FaultServer
from pty_session import PtySession
from store_fixtures import ROOT

CTRL_C, UP, ENTER = "\x03", "\x1b[A", "\r"
PROMPT = "问>"


@pytest.fixture
def chat(home: Path, server: FaultServer) -> Iterator[PtySession]:
    server.fault, server.content, server.delay, server.seen = "reply", "陶家镇推进依法行政。", 0.0, []
    # no cursor-position query: the test terminal answers none, and prompt_toolkit would wait for one
    session = PtySession(fazhi_command("chat"), fazhi_env(home, server, PROMPT_TOOLKIT_NO_CPR="1"), ROOT)
    session.read_until(PROMPT, timeout=120)
    yield session
    session.close()


def _asked(server: FaultServer) -> int:
    return sum(path.endswith("/chat/completions") for path, _ in server.seen)


def test_ctrl_c_typed_during_an_answer_stops_it_and_keeps_the_chat(chat: PtySession, server: FaultServer) -> None:
    server.delay = 30.0
    chat.send(QUESTION + ENTER)
    deadline = time.monotonic() + 90
    while not _asked(server) and time.monotonic() < deadline:
        time.sleep(0.2)  # until the question's request waits on the slow model
    started = time.monotonic()
    chat.send(CTRL_C)
    chat.read_until("已中止，对话保留", timeout=15)
    chat.read_until(PROMPT, timeout=15)
    assert time.monotonic() - started < 15  # not the 30 s the slow model would have taken
    server.delay = 0.0
    chat.send(UP + ENTER)  # the interrupted question, from history
    chat.read_until("依据的报告", timeout=120)
    chat.read_until(PROMPT, timeout=15)
    chat.send("exit" + ENTER)
    assert chat.wait(timeout=30) == 0
    assert "Traceback" not in chat.output


def test_ctrl_c_at_the_prompt_clears_the_line(chat: PtySession, server: FaultServer) -> None:
    chat.send("这一行不会被提交")
    chat.read_until("这一行不会被提交", timeout=10)
    chat.send(CTRL_C)
    chat.read_until(PROMPT, timeout=10)
    chat.send("exit" + ENTER)
    assert chat.wait(timeout=30) == 0
    assert _asked(server) == 0  # the cleared line never became a question
