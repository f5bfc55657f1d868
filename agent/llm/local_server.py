"""Run the embedded model: llama.cpp's ``llama-server`` as a child process for one command.

Why a server rather than in-process bindings: the C++ server is the only runtime whose tool-call
parser works with our chat template (see prompts/chat_template.jinja), and it speaks the OpenAI
API, so the local model and any remote endpoint go through exactly the same client code.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx

import prompts
from agent.llm.errors import FazhiLLMError
from agent.llm.install import require_installed
from agent.settings import DEFAULT_LOCAL_MODEL, Settings
from agent.ui_text import said

HOST = "127.0.0.1"
TEMPLATE = "chat_template.jinja"
KEPT_LOGS = 5  # server logs kept under runtime/: enough to compare the last runs, not one per run ever


@dataclass(frozen=True)
class LocalServer:
    """A running llama-server: where to reach it and what it loaded."""

    base_url: str
    model: str
    port: int
    pid: int
    log: Path
    start_seconds: float


def free_port() -> int:
    """Ask the kernel for an unused port (racy in theory, fine for a single-user CLI)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


def server_command(settings: Settings, model: Path, binary: Path, port: int) -> list[str]:
    """The llama-server command line; ``-np 1`` gives the whole context to one slot."""
    return [
        str(binary),
        "-m", str(model),
        "--host", HOST,
        "--port", str(port),
        "--alias", DEFAULT_LOCAL_MODEL,
        "--jinja",
        "--chat-template-file", str(prompts.path(TEMPLATE)),
        "-np", "1",
        "-c", str(settings.context_tokens),
        "-t", str(settings.local_threads),
        "--no-webui",
    ]  # fmt: skip


def prune_logs(runtime_dir: Path, keep: int = KEPT_LOGS) -> list[Path]:
    """Delete all but the newest ``keep`` ``server-*.log`` files; returns those deleted. Every run
    writes one (named by its port, usually a fresh one), so without this they pile up forever."""
    logs = sorted(runtime_dir.glob("server-*.log"), key=lambda log: (_mtime(log), log.name), reverse=True)
    for old in logs[keep:]:
        old.unlink(missing_ok=True)
    return logs[keep:]


def _mtime(path: Path) -> float:
    """0 for a file another fazhi deleted a moment ago (two servers starting at once)."""
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


def _log_tail(log: Path, lines: int = 3) -> str:
    try:
        tail = log.read_text(encoding="utf-8", errors="replace").strip().splitlines()[-lines:]
    except OSError:
        return ""
    return " | ".join(t.strip() for t in tail)


class StartAbandoned(FazhiLLMError):
    """The command no longer wants the server it was starting (a chat left before it was ready)."""


def _wait_healthy(
    proc: subprocess.Popen[bytes], url: str, log: Path, timeout_s: float, abandon: threading.Event | None
) -> None:
    """Poll /health until the model is loaded (503 while loading), the process dies or ``abandon``
    is set."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if abandon is not None and abandon.is_set():
            raise StartAbandoned("llama-server start abandoned")
        if proc.poll() is not None:
            raise FazhiLLMError(said("llm.server_exit", code=proc.returncode, log=_log_tail(log)))
        with contextlib.suppress(httpx.HTTPError):
            if httpx.get(f"{url}/health", timeout=2.0).status_code == 200:
                return
        time.sleep(0.2)
    raise FazhiLLMError(said("llm.server_unhealthy", seconds=f"{timeout_s:.0f}", log=log))


def _die_with_parent() -> None:
    """Linux: have the kernel SIGTERM the server if fazhi itself is killed (no orphan 2 GB process)."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def _stop(proc: subprocess.Popen[bytes]) -> None:
    """SIGKILL, then reap (milliseconds). The server holds nothing to save (no file, no state
    beyond its memory), and its graceful stop after SIGTERM was slow: this used to wait up to 10 s
    for it, most of the 12–13 s a chat took to exit (issue 22). Killed, its port and its 2 GB are
    free before the command returns."""
    if proc.poll() is None:
        proc.kill()
    proc.wait()


@contextlib.contextmanager
def local_server(
    settings: Settings, port: int | None = None, ready_timeout_s: float = 180.0, abandon: threading.Event | None = None
) -> Iterator[LocalServer]:
    """Start llama-server for the duration of a ``with`` block and always stop it afterwards;
    setting ``abandon`` while it loads stops it and raises ``StartAbandoned``."""
    model, binary = require_installed(settings)
    port = port or settings.local_port or free_port()
    settings.runtime_dir.mkdir(parents=True, exist_ok=True)
    log = settings.runtime_dir / f"server-{port}.log"
    # Passive OpenMP waits: spinning threads made generation ~10x slower next to a busy process.
    env = {**os.environ, "OMP_WAIT_POLICY": "PASSIVE"}
    t0 = time.perf_counter()
    with log.open("wb") as lf:
        prune_logs(settings.runtime_dir)
        proc = subprocess.Popen(
            server_command(settings, model, binary, port),
            stdout=lf,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            env=env,
            preexec_fn=_die_with_parent if sys.platform == "linux" else None,
            start_new_session=True,  # the terminal's Ctrl-C is for fazhi (stop an answer), not the server
        )
    url = f"http://{HOST}:{port}"
    try:
        _wait_healthy(proc, url, log, ready_timeout_s, abandon)
        yield LocalServer(f"{url}/v1", DEFAULT_LOCAL_MODEL, port, proc.pid, log, time.perf_counter() - t0)
    finally:
        _stop(proc)
