"""How ``fazhi --help`` reads: commands in the order of the work, in the interface language, flags
without a type.

click lists commands alphabetically and typer in the order they were registered (sub-apps last);
people learn a tool from its help, so the root group lists them as the work goes: put reports in,
look at them, question them, tabulate, then maintain. typer shows ``<bool>`` beside every flag as
if it took a value; a flag takes none, so its type column is left empty. The panel titles and the
options typer adds itself (``--help``, completion) are given the interface language's words.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from typer.core import TyperArgument, TyperGroup, TyperOption

from agent.ui_text import t

WORKFLOW = (
    "ingest", "reports", "search",
    "ask", "chat", "scan", "facts",
    "table", "check", "compare", "digest",
    "model", "doctor", "repair", "remove", "store", "eval", "config",
)  # fmt: skip
_TYPER_OPTIONS = {"help": "opt.help", "install_completion": "opt.install_completion",
                  "show_completion": "opt.show_completion"}


def _dress(params: Iterable[Any]) -> None:
    for param in params:
        if isinstance(param, TyperOption):
            if param.is_flag and param.metavar is None:
                param.metavar = ""
            if param.name in _TYPER_OPTIONS:
                param.help = t(_TYPER_OPTIONS[param.name])
            param.rich_help_panel = param.rich_help_panel or t("panel.options")
        elif isinstance(param, TyperArgument):
            param.rich_help_panel = param.rich_help_panel or t("panel.arguments")


def _dress_command(command: Any, ctx: Any) -> None:
    """``command``'s help and its subcommands' (``--help`` included) dressed as above."""
    _dress(command.get_params(ctx))
    command.rich_help_panel = command.rich_help_panel or t("panel.commands")
    for sub in getattr(command, "commands", {}).values():
        _dress_command(sub, ctx)


class HelpGroup(TyperGroup):
    """A typer group whose help lists commands in ``WORKFLOW`` order, dressed by ``_dress``."""

    def list_commands(self, ctx: Any) -> list[str]:
        rank = {name: place for place, name in enumerate(WORKFLOW)}
        return sorted(super().list_commands(ctx), key=lambda name: rank.get(name, len(WORKFLOW)))

    def get_params(self, ctx: Any) -> list[Any]:
        params = super().get_params(ctx)
        _dress(params)
        return params

    def get_command(self, ctx: Any, name: str) -> Any:
        command = super().get_command(ctx, name)
        if command is not None:
            _dress_command(command, ctx)
        return command
