"""One question, one deadline: ``ask`` and each turn of ``chat`` end within ``FAZHI_DEADLINE``.

Timeouts bound each try of each request, but a question makes several calls, the SDK retries
each, and a server that trickles bytes resets a read timeout forever. So the question itself runs
in a worker thread and the caller's thread waits for it no longer than the deadline; then it
abandons the work (``on_expiry``: hang up the model's connections, so the worker and the server
stop) and fails with one line. Waiting in the caller's thread also keeps Ctrl-C immediate,
whatever the worker is blocked on.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import TypeVar

from agent.llm.errors import FazhiLLMError
from agent.ui_text import said

T = TypeVar("T")
_POLL_S = 0.1


class DeadlineError(FazhiLLMError):
    """The question took longer than ``FAZHI_DEADLINE``."""


def within_deadline(work: Callable[[], T], seconds: float, base_url: str, on_expiry: Callable[[], None],
                    started: float | None = None) -> T:
    """``work()``'s result, or its exception, if it ends within ``seconds`` of ``started`` (a
    ``time.monotonic()``; default: now, so a command can count its own preparation too); else
    ``on_expiry()`` and a ``DeadlineError``. The worker is a daemon thread: an abandoned one never
    holds up the exit."""
    outcome: dict[str, object] = {}

    def run() -> None:
        try:
            outcome["value"] = work()
        except BaseException as exc:  # noqa: BLE001 - handed to the waiting thread
            outcome["error"] = exc

    worker = threading.Thread(target=run, name="fazhi-question", daemon=True)
    ends = (time.monotonic() if started is None else started) + seconds
    worker.start()
    while worker.is_alive():
        left = ends - time.monotonic()
        if left <= 0:
            on_expiry()
            raise DeadlineError(said("llm.deadline", seconds=f"{seconds:g}", url=base_url))
        worker.join(min(_POLL_S, left))
    if "error" in outcome:
        raise outcome["error"]  # type: ignore[misc]
    return outcome["value"]  # type: ignore[return-value]
