"""How every command fails: one line on stderr, and with ``--json`` an ``{"error": {...}}`` object
on stdout (scripts reading stdout must never get an empty page), a non-zero exit, no traceback
unless ``--debug``, and no API key in anything printed: before the command runs, stdout and stderr
are wrapped so that every write is redacted (``protect_output``), the ``--debug`` traceback too.

Commands raise ``CommandError`` (through ``fail``) or let a ``FazhiLLMError``, a ``NoStoreError`` or
a ``ChromaServerError`` (both kind ``store``), or any other exception escape; ``FazhiGroup``, the
root command group, turns them into that contract.
"""

from __future__ import annotations

import json
import sys
from typing import Any, NoReturn

import typer
from typer.exceptions import TyperException

from agent.cli.help import HelpGroup
from agent.llm.errors import FazhiLLMError, protect_output, shown
from agent.stores import NoStoreError
from agent.ui_text import Said, english, said, t
from store.errors import ChromaServerError, EmbeddingResponseError, printable


class CommandError(Exception):
    """A failure the command has already put into words."""

    def __init__(self, message: str | Said, code: int = 2, kind: str = "usage") -> None:
        super().__init__(message)
        self.code, self.kind = code, kind


def fail(message: str | Said, code: int = 2, kind: str = "usage") -> NoReturn:
    """Stop the command with one line (``kind``: usage, input, store, endpoint, internal); ``Said``
    words are shown in the interface's language."""
    raise CommandError(message, code, kind)


def report(message: object, code: int, kind: str, wants_json: bool) -> None:
    """The error line in the interface's language; the JSON object's message in English."""
    sys.stderr.write(f"{t('word.error')} {printable(str(message))}\n")
    if wants_json:
        data = {"kind": kind, "message": printable(english(message)), "exit_code": code}
        sys.stdout.write(json.dumps({"error": data}, ensure_ascii=False) + "\n")

class FazhiGroup(HelpGroup):
    """The CLI's root command group: runs a command and keeps the failure contract above (here,
    around the invocation, so ``CliRunner`` tests see exactly what a shell sees)."""

    def invoke(self, ctx: Any) -> Any:
        protect_output()
        raw = [*ctx._protected_args, *ctx.args]  # the command line, before the subcommand parses it
        wants_json, debug = "--json" in raw, bool(ctx.params.get("debug"))
        try:
            return super().invoke(ctx)
        except CommandError as exc:
            report(exc, exc.code, exc.kind, wants_json)
            raise typer.Exit(exc.code) from None
        except NoStoreError as exc:
            report(exc, 1, "store", wants_json)
            raise typer.Exit(1) from None
        except (FazhiLLMError, EmbeddingResponseError, ChromaServerError) as exc:
            if debug:
                raise
            report(exc, 1, "store" if isinstance(exc, ChromaServerError) else "endpoint", wants_json)
            raise typer.Exit(1) from None
        except (typer.Exit, typer.Abort, TyperException, KeyboardInterrupt):
            raise
        except Exception as exc:  # noqa: BLE001 - the last line of defence: one line, not a traceback
            if debug:
                raise
            first = shown(str(exc), 300)
            offers_no_llm = self._offers_no_llm(ctx) and "--no-llm" not in raw
            hint = said("err.hint_debug_no_llm" if offers_no_llm else "err.hint_debug")
            report(said("err.internal", error=f"{type(exc).__name__}: {first}", hint=hint), 1, "internal", wants_json)
            raise typer.Exit(1) from None

    def _offers_no_llm(self, ctx: Any) -> bool:
        """Whether the failed subcommand can run without the model, so its error can say so."""
        name = ctx.invoked_subcommand
        command = self.get_command(ctx, name) if name else None
        return command is not None and any(param.name == "no_llm" for param in command.params)
