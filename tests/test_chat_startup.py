"""``fazhi chat`` with the local model, on a pseudo-terminal: the prompt does not wait for the model
server to load, and leaving does not wait for it to stop (issue 22, item 10e: 12–15 s to the prompt,
12–13 s to exit). The server is ``fake_llama_server.py`` standing in for llama-server: it is slow
to load and slower to stop on SIGTERM, and says when it became ready."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from fault_fixtures import QUESTION, fazhi_command
from pty_session import PtySession
from store_fixtures import ROOT

PROMPT, ENTER = "问>", "\r"
TERM_S = 120  # the stand-in's stop after SIGTERM: far past any wait a test could take for an exit


def _local_model_env(home: Path, tmp_path: Path, load_s: float) -> dict[str, str]:
    """A fazhi environment whose local model is the stand-in, ready ``load_s`` seconds after it starts."""
    runtime = home / "runtime"
    runtime.mkdir(exist_ok=True)
    server = runtime / "llama-server"
    server.write_text(f'#!/bin/sh\nexec {sys.executable} {Path(__file__).with_name("fake_llama_server.py")} "$@"\n')
    server.chmod(0o755)
    model = tmp_path / "stand-in.gguf"
    model.write_bytes(b"GGUF")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FAZHI_", "OPENAI_"))}
    env.update({"FAZHI_HOME": str(home), "FAZHI_LOCAL_MODEL_PATH": str(model), "FAZHI_LANG": "zh",
                "FAZHI_CONFIG": str(tmp_path / "no-config.toml"), "PROMPT_TOOLKIT_NO_CPR": "1",
                "FAKE_LOAD_S": str(load_s), "FAKE_TERM_S": str(TERM_S), "FAKE_CONTENT": "陶家镇推进依法行政。",
                "FAKE_READY_FILE": str(tmp_path / "ready"), "FAKE_PID_FILE": str(tmp_path / "pid")})
    return env


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def _leave(chat: PtySession, tmp_path: Path) -> float:
    """Type exit; the seconds until fazhi is gone. The stand-in server must be gone with it."""
    deadline = time.monotonic() + 60
    while not (tmp_path / "pid").exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    pid = int((tmp_path / "pid").read_text())
    chat.send("exit" + ENTER)
    left = time.monotonic()
    assert chat.wait(timeout=TERM_S / 2) == 0
    seconds = time.monotonic() - left
    assert not _running(pid)
    assert "Traceback" not in chat.output
    return seconds


def test_the_prompt_comes_before_the_model_and_exit_does_not_wait_for_it(home: Path, tmp_path: Path) -> None:
    chat = PtySession(fazhi_command("chat"), _local_model_env(home, tmp_path, load_s=30), ROOT)
    try:
        chat.read_until(PROMPT, timeout=120)
        assert not (tmp_path / "ready").exists()  # the prompt came while the model was loading
        chat.send(QUESTION + ENTER)
        chat.read_until("依据的报告", timeout=240)  # the question waited for the model, then was answered
        assert (tmp_path / "ready").exists()
        chat.read_until(PROMPT, timeout=30)
        assert _leave(chat, tmp_path) < 5  # not the 10 s it waited for the server to stop
    finally:
        chat.close()


def test_leaving_while_the_model_loads_stops_it(home: Path, tmp_path: Path) -> None:
    chat = PtySession(fazhi_command("chat"), _local_model_env(home, tmp_path, load_s=600), ROOT)
    try:
        chat.read_until(PROMPT, timeout=120)
        assert _leave(chat, tmp_path) < 5
        assert not (tmp_path / "ready").exists()
    finally:
        chat.close()
