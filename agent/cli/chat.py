"""``fazhi chat``: a terminal conversation over the reports, as a REPL people know.

Each turn is answered by ``answer_question`` with the earlier turns as history, so follow-ups
("那它们的持证执法人员有多少？") resolve against the towns of the previous answer. The model's text
streams as a dimmed draft, which the checked answer replaces in place; the checked answer and its
sources are what ``/sources`` and ``/save`` use.

The prompt has line editing and history (prompt_toolkit, history under FAZHI_HOME). Ctrl-C during
an answer abandons that request and returns to the prompt with the conversation intact (the local
model server runs in its own session, so the terminal's Ctrl-C never reaches it); Ctrl-C at the
prompt clears the line; Ctrl-D, ``exit``, ``quit``, ``/exit``, ``/quit`` leave. A failing endpoint
ends the turn with one line, not the conversation.

The prompt shows at once: what answering needs (the answer pipeline's imports, the store, the
local model server) is opened on a thread (``Opening``) while the user types, and the first
question waits only for what is not ready yet. This module imports nothing heavy for that reason.
"""

from __future__ import annotations

import contextlib
import math
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.console import Console, Group
from rich.live import Live
from rich.markup import escape
from rich.text import Text

from agent.cli.progress import is_quiet
from agent.llm.errors import FazhiLLMError, translate
from agent.ui_text import t

if TYPE_CHECKING:  # the pipeline (langchain, openai) and the store load on the opening thread
    from agent.answer.pipeline import Answer
    from store.store import ReportStore

LEAVE = {"exit", "quit", "/exit", "/quit", "退出"}


@dataclass
class Backend:
    """What answering needs: the store, the model, and a way to a fresh model after an interrupt."""

    store: ReportStore
    model: Any
    new_model: Callable[[], Any] | None = None


class Opening:
    """``open_backend`` run on a thread of its own from the moment the chat starts, so the prompt
    does not wait for it (12–15 s with the local model: imports, the store, llama-server loading).
    Whatever it enters into its ``ExitStack`` (the server) stays open until ``close``, which sets
    the ``abandon`` event it was given (a server still loading stops at once) and waits for the
    thread to leave that stack. The server's stop is a kill (``local_server._stop``), so leaving
    the chat does not wait for a server to shut down."""

    def __init__(self, open_backend: Callable[[contextlib.ExitStack, threading.Event], Backend]) -> None:
        self._open = open_backend
        self._opened = threading.Event()
        self._abandon = threading.Event()
        self._backend: Backend | None = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="chat-backend", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            with contextlib.ExitStack() as stack:
                self._backend = self._open(stack, self._abandon)
                self._opened.set()
                self._abandon.wait()
        except BaseException as exc:  # noqa: BLE001 - handed to the question that waits for it
            self._error = exc
        finally:
            self._opened.set()

    @property
    def ready(self) -> bool:
        return self._opened.is_set()

    def backend(self) -> Backend:
        """The backend, once open (waiting in short steps, so that Ctrl-C stops the wait); the
        error that stopped it from opening, raised again."""
        while not self._opened.wait(0.1):
            pass
        if self._backend is None:
            raise self._error or RuntimeError("the chat's backend did not open")
        return self._backend

    def close(self) -> None:
        self._abandon.set()
        self._thread.join()


@dataclass
class ChatSession:
    """A conversation. ``store`` and ``model`` are given, or come from ``opening`` when the first
    question needs them (``open``)."""

    store: ReportStore | None
    model: Any
    county: str | None = None
    year: int | None = None
    scan_batch: int = 1
    agent_tools: bool = True
    history: list[tuple[str, str]] = field(default_factory=list)
    turns: list[tuple[str, Answer]] = field(default_factory=list)
    new_model: Callable[[], Any] | None = None  # a model with its own connection, after an interrupt
    deadline: float = math.inf  # seconds a turn may take (FAZHI_DEADLINE)
    opening: Opening | None = None

    @property
    def ready(self) -> bool:
        """Whether a question can be answered without waiting for the backend to open."""
        return self.opening is None or self.opening.ready

    def open(self) -> ReportStore:
        """The store, after taking the store and the model from ``opening`` (waiting for it)."""
        if self.opening is not None:
            backend = self.opening.backend()
            self.store, self.model, self.new_model = backend.store, backend.model, backend.new_model
            self.opening = None
        assert self.store is not None
        return self.store

    @property
    def last(self) -> Answer | None:
        return self.turns[-1][1] if self.turns else None

    def previous_towns(self) -> list[str]:
        """Towns a follow-up's "它们" refers to: the towns that answered a "which towns" question,
        the main group of a scan, else the towns cited."""
        if self.last is None:
            return []
        if self.last.selected:
            return list(self.last.selected)
        if self.last.scan is not None:
            negative = [r["town"] for r in self.last.scan if r["status"] == "lacks"]
            positive = [r["town"] for r in self.last.scan if r["status"] == "has"]
            return [t for t in (negative or positive) if t]
        return list(dict.fromkeys(c.town for c in self.last.citations if c.town))

    def ask(self, question: str, on_token: Callable[[str], None] | None = None) -> Answer:
        answer = self.answer(question, on_token)
        self.remember(question, answer)
        return answer

    def answer(self, question: str, on_token: Callable[[str], None] | None = None,
               progress: Callable[[int, int], None] | None = None) -> Answer:
        """The answer in the context of the conversation, without adding it to the conversation;
        ``progress`` hears how many reports of a question about every report have been checked."""
        from agent.answer.pipeline import answer_question

        return answer_question(
            self.open(),
            question,
            self.model,
            county=self.county,
            year=self.year,
            history=self.history[-3:],
            previous_towns=self.previous_towns(),
            on_token=on_token,
            scan_batch=self.scan_batch,
            agent_tools=self.agent_tools,
            progress=progress,
        )

    def remember(self, question: str, answer: Answer) -> None:
        self.history.append((question, answer.answer))
        self.turns.append((question, answer))

    def interrupt(self) -> None:
        """Abandon the request in flight: hang up the model's own connection (so the server stops
        generating) and take a fresh model for the next question."""
        from agent.llm.client import hang_up

        if self.new_model is None:
            return
        hang_up(self.model)
        self.model = self.new_model()

    def reset(self) -> None:
        self.history.clear()
        self.turns.clear()

    def sources(self) -> list[str]:
        if self.last is None:
            return []
        return [
            f"[{n}] {c.town or '?'} {c.year or ''} {c.file}:{c.line} 「{c.quote}」"
            for n, c in enumerate(self.last.citations, 1)
        ]

    def save(self, path: Path) -> None:
        """The conversation as Markdown, every answer followed by its sources."""
        parts = ["# fazhi 对话记录\n"]
        for question, answer in self.turns:
            parts.append(f"## 问：{question}\n\n{answer.answer}\n")
            parts += [
                f"{n}. {c.town or '?'} {c.year or ''}，{c.file} 第{c.line}行：「{c.quote}」"
                for n, c in enumerate(answer.citations, 1)
            ]
            parts.append("")
        path.write_text("\n".join(parts), encoding="utf-8")


def line_reader(history_file: Path) -> Callable[[], str]:
    """The prompt: prompt_toolkit (editing, Up for history) on a terminal, plain lines from a pipe.
    Raises EOFError to leave and KeyboardInterrupt for Ctrl-C at the prompt."""
    if not sys.stdin.isatty():
        def read_pipe() -> str:
            line = sys.stdin.readline()
            if not line:
                raise EOFError
            return line

        return read_pipe
    from prompt_toolkit import PromptSession
    from prompt_toolkit.history import FileHistory

    history_file.parent.mkdir(parents=True, exist_ok=True)
    session: PromptSession[str] = PromptSession(history=FileHistory(str(history_file)))
    return lambda: session.prompt(t("chat.prompt"))


def run_chat(session: ChatSession, console: Console, read_line: Callable[[], str],
             show: Callable[[Console, Answer], None]) -> None:
    """The loop: commands, questions, and the ways out."""
    console.print(t("chat.help"), style="dim", markup=False)
    while True:
        try:
            line = read_line().strip()
        except KeyboardInterrupt:  # Ctrl-C at the prompt clears the line
            continue
        except EOFError:
            console.print()
            return
        if not line:
            continue
        if line.lower() in LEAVE:
            return
        if line == "/reset":
            session.reset()
            console.print(t("chat.cleared"), style="dim")
        elif line == "/sources":
            for source in session.sources() or [t("chat.no_answer")]:
                console.print(source, markup=False, highlight=False)
        elif line.startswith("/save"):
            target = Path(line.removeprefix("/save").strip() or "fazhi-chat.md")
            session.save(target)
            console.print(t("chat.saved", path=target), style="dim", markup=False)
        elif line.startswith("/"):
            console.print(t("chat.help"), style="dim", markup=False)
        else:
            turn(session, console, line, show)


def turn(session: ChatSession, console: Console, question: str, show: Callable[[Console, Answer], None]) -> None:
    """One question: the model's draft streams dimmed under a 草稿 label, with what is being done
    below it (「正在核对第3/12份报告…」), and both disappear when the checked answer is printed in
    their place. The answer is worked out in a thread (``within_deadline``) so that Ctrl-C reaches
    this one at once, whatever the model client is blocked on, and a turn past FAZHI_DEADLINE is
    abandoned the same way, with one line. A first question asked while the model is still
    starting waits for it under 「正在启动模型…」 (Ctrl-C stops the wait), and its deadline starts
    once the model is there."""
    from openai import OpenAIError

    from agent.llm.deadline import within_deadline

    draft = Text(t("chat.draft"), style="dim italic")
    status = Text(t("progress.answering" if session.ready else "progress.starting_model"), style="dim")
    base_url = ""
    try:
        live = None if is_quiet() else Live(Group(draft, status), console=console, transient=True, auto_refresh=False)
        with live or contextlib.nullcontext():
            if not session.ready:
                if live is not None:
                    live.refresh()
                session.open()
                status.plain = t("progress.answering")
                if live is not None:
                    live.refresh()
            base_url = str(getattr(session.model, "openai_api_base", ""))

            def on_token(token: str) -> None:
                if live is not None:  # quiet: no draft, only the checked answer
                    draft.append(token, style="dim")
                    live.refresh()

            def on_progress(done: int, total: int) -> None:
                if live is not None:
                    status.plain = t("progress.checking", done=done, total=total)
                    live.refresh()

            answer = within_deadline(lambda: session.answer(question, on_token, on_progress), session.deadline,
                                     base_url, on_expiry=session.interrupt)
    except KeyboardInterrupt:
        session.interrupt()
        console.print(t("chat.stopped"), style="yellow")
        return
    except (FazhiLLMError, OpenAIError) as error:
        message = error if isinstance(error, FazhiLLMError) else translate(
            error, base_url, str(getattr(session.model, "model_name", "")))
        console.print(f"[red]{t('word.error')}[/] {escape(str(message))}", highlight=False)
        return
    session.remember(question, answer)
    show(console, answer)
