"""``fazhi model ...`` and ``fazhi doctor``: install, serve and check the chat model.

The lead's ``agent/cli.py`` mounts ``model_app`` as ``fazhi model`` and calls ``doctor`` from its own
``doctor`` command; settings come from the root callback via ``ctx.obj`` when present.
"""

from __future__ import annotations

import json
import signal
import time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table

if TYPE_CHECKING:  # pydantic's settings: loaded by a command, not by `fazhi --help`
    from agent.settings import Settings

model_app = typer.Typer(help="Install and run the embedded local model.", no_args_is_help=True)
console = Console(stderr=True)


def _settings(ctx: typer.Context) -> Settings:
    from agent.settings import Settings

    return ctx.obj if isinstance(ctx.obj, Settings) else Settings()


@model_app.command("install")
def install_cmd(
    ctx: typer.Context,
    from_file: Annotated[
        Path | None,
        typer.Option(
            "--from", exists=True, dir_okay=False, help="Use this GGUF instead of the default model."
        ),
    ] = None,
    jobs: Annotated[int, typer.Option("--jobs", "-j", help="Parallel compile jobs for llama-server.")] = 2,
) -> None:
    """Assemble the default GGUF (or copy --from FILE) and build llama-server; skips finished steps."""
    from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeElapsedColumn

    from agent.llm.install import install as run_install

    settings = _settings(ctx)
    columns = (TextColumn("{task.description}"), BarColumn(), TaskProgressColumn(), TimeElapsedColumn())
    with Progress(*columns, console=console, transient=False) as bar:
        tasks: dict[str, int] = {}

        def progress(label: str, done: int, total: int) -> None:
            key = label.split()[0]  # "model", "copy", "build", ... one bar per phase
            if key not in tasks:
                tasks[key] = bar.add_task(label, total=total)
            bar.update(tasks[key], description=label, completed=done, total=total)

        report = run_install(settings, from_file, jobs, progress)
    done = "already installed" if report.model_skipped else f"installed in {report.model_seconds:.0f}s"
    console.print(f"model:   {report.model_path} ({done})", soft_wrap=True)
    done = "already built" if report.server_skipped else f"built in {report.server_seconds:.0f}s"
    console.print(f"runtime: {report.server_path} ({done})", soft_wrap=True)


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


@model_app.command("serve")
def serve_cmd(
    ctx: typer.Context,
    port: Annotated[int | None, typer.Option(help="Port (default: FAZHI_LOCAL_PORT or a free one).")] = None,
) -> None:
    """Run the local model in the foreground; other commands use it via FAZHI_BASE_URL."""
    from agent.llm.local_server import local_server

    settings = _settings(ctx)
    signal.signal(signal.SIGTERM, _interrupt)  # `kill` stops the child server too, like Ctrl-C
    try:
        with local_server(settings, port=port) as server:
            console.print(
                f"llama-server ready in {server.start_seconds:.1f}s (pid {server.pid}, log {server.log})"
            )
            print(server.base_url, flush=True)
            console.print(f"use it from another shell:  export FAZHI_BASE_URL={server.base_url}")
            console.print("Ctrl-C to stop.")
            while True:
                time.sleep(3600)
    except KeyboardInterrupt:
        console.print("stopped.")


def doctor(settings: Settings, as_json: bool = False) -> int:
    """Print the doctor report (table or JSON on stdout); returns the exit code (0 when all ok)."""
    from agent.llm.doctor import run_doctor  # the OpenAI SDK: not for `fazhi --help`

    report = run_doctor(settings)
    if as_json:
        print(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
        return 0 if report.ok else 1
    out = Console()
    out.print(f"endpoint: {report.endpoint}")
    out.print(f"model:    {report.model}")
    out.print(f"embedder: {report.embedder}")
    out.print(f"store:    {report.store.get('url') or report.store.get('path')} ({report.store['mode']})")
    table = Table("check", "ok", "detail", "fix")
    for c in report.checks:
        table.add_row(c.name, "[green]yes[/]" if c.ok else "[red]no[/]", c.detail, c.fix)
    out.print(table)
    return 0 if report.ok else 1
