"""What a command says on stderr while it works, apart from its output and its errors.

Spinners, progress bars and informational lines ("5 reports") all go through the one ``err``
console here, so ``-q``/``FAZHI_QUIET`` silences them in one place: the root callback calls
``set_quiet(settings.quiet)`` once per command (the process has one terminal). Errors and
warnings go through ``alert`` and always show. Off a terminal (stderr piped or redirected) rich
draws no spinner or transient bar anyway; quiet also drops the lines.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Protocol

from rich.console import Console
from rich.progress import Progress, ProgressColumn

err = Console(stderr=True, soft_wrap=True)
_always = Console(stderr=True, soft_wrap=True)


class StatusLine(Protocol):
    def update(self, status: str) -> None: ...


class _Silent:
    """A status line nobody sees (quiet)."""

    def update(self, status: str) -> None:
        del status


def set_quiet(quiet: bool) -> None:
    err.quiet = quiet


def is_quiet() -> bool:
    return err.quiet


@contextlib.contextmanager
def spinner(text: str) -> Iterator[StatusLine]:
    """A spinner with ``text`` on stderr for the ``with`` block; ``update`` changes the text."""
    if err.quiet:
        yield _Silent()
        return
    with err.status(text) as line:
        yield line


def progress_bars(*columns: str | ProgressColumn, transient: bool = True, disable: bool = False) -> Progress:
    """A rich ``Progress`` on stderr, off when quiet (or ``disable``, e.g. under ``--json``)."""
    return Progress(*columns, console=err, transient=transient, disable=disable or err.quiet)


def alert(markup: str) -> None:
    """An error or warning line: shown even when quiet; above a live bar when one is drawn."""
    (_always if err.quiet else err).print(markup)


def warn_fallbacks(fallbacks: list[str]) -> None:
    """One warning line for each place a model reply could not be used and code went on without
    it (``Usage.fallbacks``), at most ``MAX_PROBLEMS`` lines: the output is not all the model's."""
    from rich.markup import escape

    from agent.answer.verify import listed

    for line in listed(fallbacks):
        alert(f"[yellow]warning:[/] {escape(line)}")
