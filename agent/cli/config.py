"""``fazhi config ...``: where the config file is, what every setting is and why, and editing it.

Also ``settings_for_command``, which the root callback runs once per command: the settings from
every source with the flags on top, a bad setting or config file as one line, and the process-wide
effects of a setting (``--quiet``, keys to scrub from messages) applied.
"""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from agent.cli.errors import fail
from agent.cli.progress import alert, err, set_quiet
from agent.llm.errors import remember_secrets
from agent.ui_text import t

if TYPE_CHECKING:  # pydantic's settings: loaded when a command runs, not by `fazhi --help`
    from agent.settings import Settings

config_app = typer.Typer(help=t("config"), no_args_is_help=True)

EXIT_CONFIG = 2


def settings_for_command(**flags: object) -> Settings:
    """The command's settings (``flags`` given as None are not given), or one line and exit 2."""
    from agent.settings import ConfigError, Settings

    try:
        settings = Settings.load(**flags)
    except ConfigError as exc:
        fail(str(exc), EXIT_CONFIG, "config")
    set_quiet(settings.quiet)
    remember_secrets(settings.secrets)
    return settings


def _settings(ctx: typer.Context) -> Settings:
    from agent.settings import Settings

    return ctx.obj if isinstance(ctx.obj, Settings) else settings_for_command()


@config_app.command("path", help=t("config.path"), epilog=t("config.path.example"))
def path_cmd(ctx: typer.Context) -> None:
    sys.stdout.write(f"{_settings(ctx).config_file}\n")


@config_app.command("show", help=t("config.show"), epilog=t("config.show.example"))
def show_cmd(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help=t("opt.json"))] = False,
) -> None:
    from agent.config_view import describe

    views = describe(_settings(ctx))
    if as_json:
        sys.stdout.write(json.dumps([asdict(view) for view in views], ensure_ascii=False, indent=2) + "\n")
        return
    table = Table("setting", "value", "source")
    for view in views:
        value = "-" if view.value is None else str(view.value)
        source = f"{view.source} [dim]{escape(view.where)}[/]" if view.where else view.source
        table.add_row(view.name, escape(value), source)
    Console().print(table)


@config_app.command("set", help=t("config.set"), epilog=t("config.set.example"))
def set_cmd(
    ctx: typer.Context,
    key: Annotated[str, typer.Argument(help=t("config.key"), metavar="KEY")],
    value: Annotated[str, typer.Argument(help=t("config.value"), metavar="VALUE")],
) -> None:
    from agent.config_file import set_value
    from agent.config_view import shown_value
    from agent.settings import ConfigError

    settings = _settings(ctx)
    try:
        stored = set_value(settings.config_file, key, value)
    except ConfigError as exc:
        fail(str(exc), EXIT_CONFIG, "config")
    err.print(f"{key} = {escape(repr(shown_value(key, stored)))} in {escape(str(settings.config_file))}")
    _warn_if_overridden(settings, key)


@config_app.command("unset", help=t("config.unset"), epilog=t("config.unset.example"))
def unset_cmd(
    ctx: typer.Context,
    key: Annotated[str, typer.Argument(help=t("config.key"), metavar="KEY")],
) -> None:
    from agent.config_file import unset_value
    from agent.settings import ConfigError

    settings = _settings(ctx)
    try:
        removed = unset_value(settings.config_file, key)
    except ConfigError as exc:
        fail(str(exc), EXIT_CONFIG, "config")
    where = escape(str(settings.config_file))
    err.print(f"removed {key} from {where}" if removed else f"{key} was not set in {where}")


def _warn_if_overridden(settings: Settings, key: str) -> None:
    """The file is the lowest source but the defaults: say so when the new value will not be used."""
    origin = settings.origins()[key]
    if origin.source in ("env", ".env", "flag"):
        alert(f"[yellow]{t('word.warning')}[/] {escape(t('warn.overridden', origin=origin, setting=key))}")
