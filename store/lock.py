"""One writer at a time per store: an advisory file lock that every write takes.

Two processes writing at once lost vectors and left stores that segfaulted every later command
(issue 12): Chroma's index is not safe under concurrent writers, and one ingest's orphan
collection deleted vectors the other had written but not yet committed. Readers never take the
lock: SQLite's WAL and Chroma's log serve a consistent committed view while one process writes.

``flock`` is used (not a lock file that exists or not) because the kernel drops it when its
holder dies, so ``kill -9`` mid-ingest never leaves a store locked.
"""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

_POLL_S = 0.1


class StoreBusyError(Exception):
    """Another process kept the store's write lock for longer than this writer would wait."""


class WriteLock:
    """The store's write lock at ``path``; ``on_wait`` hears one line when a writer has to wait.

    The holder writes its pid into the file, so the waiting message can say who is writing."""

    def __init__(self, path: Path, timeout_s: float, on_wait: Callable[[str], None] | None = None) -> None:
        self.path = path
        self.timeout_s = timeout_s
        self.on_wait = on_wait

    @contextmanager
    def held(self) -> Iterator[None]:
        """Hold the lock for the block: at once if free, else after waiting up to ``timeout_s``."""
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            if not _try_lock(fd):
                self._wait(fd)
            os.ftruncate(fd, 0)
            os.write(fd, f"{os.getpid()}\n".encode())
            yield
        finally:
            os.close(fd)  # closing the descriptor releases the flock

    def _wait(self, fd: int) -> None:
        holder = self._holder()
        if self.on_wait is not None:
            self.on_wait(
                f"waiting for {holder} to finish writing to {self.path.parent} (up to {self.timeout_s:g} s)"
            )
        deadline = time.monotonic() + self.timeout_s
        while not _try_lock(fd):
            if time.monotonic() >= deadline:
                raise StoreBusyError(
                    f"{self.path.parent}: {holder} is still writing to this store after {self.timeout_s:g} s; "
                    "try again when it has finished"
                )
            time.sleep(_POLL_S)

    def _holder(self) -> str:
        """'process 1234', from the pid the holder wrote, or a vaguer name while it writes it."""
        try:
            pid = self.path.read_text(encoding="ascii").strip()
        except (OSError, UnicodeDecodeError):
            pid = ""
        return f"process {pid}" if pid.isdigit() else "another process"


def _try_lock(fd: int) -> bool:
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True
