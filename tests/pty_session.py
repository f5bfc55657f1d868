"""A command on a pseudo-terminal of its own, as a user's shell runs it.

The terminal is the command's controlling terminal, so a Ctrl-C typed there reaches it the way it
reaches a user's: while an application holds the terminal in raw mode (prompt_toolkit at the
prompt) it is a key; otherwise the terminal driver turns it into SIGINT for the foreground process
group. Pipes cannot show either. Everything the command writes is kept with the time it arrived,
so ``scripts/record-chat-demo`` can save a session as an asciinema cast.
"""

from __future__ import annotations

import codecs
import fcntl
import os
import select
import struct
import subprocess
import termios
import time
from pathlib import Path


class PtySession:
    def __init__(self, argv: list[str], env: dict[str, str], cwd: Path, columns: int = 100, rows: int = 30) -> None:
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
        self.columns, self.rows = columns, rows
        self.process = subprocess.Popen(
            argv, stdin=slave, stdout=slave, stderr=slave, cwd=cwd, close_fds=True,
            env={**env, "TERM": "xterm-256color", "COLUMNS": str(columns), "LINES": str(rows)},
            preexec_fn=_take_terminal,
        )
        os.close(slave)
        self.master = master
        self.started = time.monotonic()
        self.events: list[tuple[float, str]] = []  # (seconds since start, text written)
        self._decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        self._seen = 0  # how much of the output read_until has already matched past

    @property
    def output(self) -> str:
        return "".join(text for _, text in self.events)

    def send(self, keys: str) -> None:
        os.write(self.master, keys.encode())

    def read_until(self, needle: str, timeout: float) -> str:
        """Read until ``needle`` appears in output not matched before; the output up to it."""
        deadline = time.monotonic() + timeout
        while needle not in self.output[self._seen:]:
            left = deadline - time.monotonic()
            if left <= 0 or not self._read(left):
                raise TimeoutError(f"{needle!r} not seen in {timeout} s; output so far:\n{self.output[-2000:]}")
        end = self.output.index(needle, self._seen) + len(needle)
        self._seen = end
        return self.output[:end]

    def wait(self, timeout: float) -> int:
        """Read to the end of the output, then the exit status."""
        deadline = time.monotonic() + timeout
        while self._read(max(0.0, deadline - time.monotonic())):
            pass
        return self.process.wait(timeout=max(1.0, deadline - time.monotonic()))

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        os.close(self.master)

    def _read(self, timeout: float) -> bool:
        """Read what is there within ``timeout``; False at the end of the output or on timeout."""
        ready, _, _ = select.select([self.master], [], [], min(timeout, 1.0))
        if not ready:
            return timeout > 1.0 and self.process.poll() is None
        try:
            data = os.read(self.master, 65536)
        except OSError:  # EIO: the command closed the terminal
            return False
        if not data:
            return False
        self.events.append((time.monotonic() - self.started, self._decoder.decode(data)))
        return True


def _take_terminal() -> None:
    """In the child: a session of its own, with the pseudo-terminal (fd 0) as its controlling terminal."""
    os.setsid()
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)
