"""``fazhi chat`` as a process: a failing endpoint ends a turn, not the conversation; Ctrl-C during
an answer returns to the prompt within a second with the conversation intact; exit words leave."""

from __future__ import annotations

import queue
import signal
import subprocess
import threading
import time
from pathlib import Path

from fault_fixtures import QUESTION, fazhi_command, fazhi_env
from fault_server import FaultServer
from store_fixtures import ROOT


def chat(home: Path, server: FaultServer) -> subprocess.Popen:
    return subprocess.Popen(fazhi_command("chat"), cwd=ROOT, env=fazhi_env(home, server, FAZHI_LANG="zh"),
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_a_failing_endpoint_ends_the_turn_not_the_conversation(home: Path, server: FaultServer) -> None:
    server.fault, server.status = "status", 500
    process = chat(home, server)
    out, err = process.communicate(f"{QUESTION}\n/sources\nexit\n", timeout=120)
    assert process.returncode == 0, err
    assert "HTTP 500" in out and "（还没有回答）" in out  # the error line, then the next command ran


def test_ctrl_c_during_an_answer_returns_to_the_prompt(home: Path, server: FaultServer) -> None:
    """Times only what the test names: from Ctrl-C to the abort notice. The next answer is checked
    for content with a generous timeout, so a loaded machine slows it without failing the test."""
    server.fault, server.content, server.delay, server.seen = "reply", "陶家镇推进依法行政。", 30.0, []
    # Ctrl-C as a terminal sends it, even where pytest itself runs in the background (``cmd &``),
    # whose children inherit an ignored SIGINT
    process = subprocess.Popen(fazhi_command("chat"), cwd=ROOT,
                               env=fazhi_env(home, server, FAZHI_LANG="zh", PYTHONUNBUFFERED="1"),
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    lines: queue.Queue[str] = queue.Queue()
    reader = threading.Thread(target=lambda: [lines.put(line) for line in process.stdout], daemon=True)
    reader.start()
    process.stdin.write(f"{QUESTION}\n")
    process.stdin.flush()
    deadline = time.monotonic() + 300  # a loaded machine may take minutes to open the store and plan
    while not any(path.endswith("/chat/completions") for path, _ in server.seen) and time.monotonic() < deadline:
        time.sleep(0.2)  # until the question's request waits on the slow model
    assert any(path.endswith("/chat/completions") for path, _ in server.seen), "the question never reached the model"
    started = time.perf_counter()
    process.send_signal(signal.SIGINT)
    seen: list[str] = []
    while not any("已中止，对话保留" in line for line in seen):
        seen.append(lines.get(timeout=120))
    assert time.perf_counter() - started < 15  # not the 30 s the slow model would have taken
    server.delay = 0.0
    process.stdin.write(f"{QUESTION}\nexit\n")
    process.stdin.close()
    process.wait(timeout=300)
    reader.join(timeout=30)
    err = process.stderr.read()
    while not lines.empty():
        seen.append(lines.get())
    out = "".join(seen)
    assert process.returncode == 0, err
    assert out.count("依据的报告") + out.count("报告中没有找到") >= 1  # the next question was answered


def test_quiet_chat_shows_the_checked_answer_without_the_streamed_draft_or_status(home: Path, server: FaultServer) -> None:
    server.fault, server.content, server.delay = "reply", "陶家镇推进依法行政。", 0.0
    env = fazhi_env(home, server, TTY_COMPATIBLE="1", FAZHI_LANG="zh")  # a terminal to rich: the draft would be drawn
    drafts = []
    for quiet in ((), ("-q",)):
        process = subprocess.Popen(fazhi_command(*quiet, "chat"), cwd=ROOT, env=env, stdin=subprocess.PIPE,
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        out, err = process.communicate(f"{QUESTION}\nexit\n", timeout=120)
        assert process.returncode == 0, err
        assert out.count("依据的报告") + out.count("报告中没有找到") >= 1
        drafts.append(("草稿（核实中）" in out, "正在回答…" in out))
    assert drafts == [(True, True), (False, False)]  # the draft and what is being done, unless quiet
