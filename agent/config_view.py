"""Every setting as a person should see it: its value with keys masked, and where it came from.

One view for ``fazhi config show`` and ``fazhi doctor``, so both mask secrets the same way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from agent.settings import SECRET_SETTINGS, Settings

_URL_PASSWORD = re.compile(r"(://[^/:@\s]+:)[^/@\s]+@")


@dataclass(frozen=True)
class SettingView:
    """One setting: ``value`` JSON-ready (paths as strings, secrets masked); ``source`` one of
    flag, env, .env, config file, default; ``where`` the variable or file:line it came from."""

    name: str
    value: Any
    source: str
    where: str = ""


def mask(secret: str) -> str:
    """Enough of a key to tell which one is configured (``sk-…xyz``), never enough to use it."""
    return f"{secret[:3]}…{secret[-3:]}" if len(secret) >= 16 else "***"


def shown_value(name: str, value: Any) -> Any:
    """A setting's value fit to print: secrets masked, a password inside a URL starred, paths as text."""
    if value is None:
        return None
    if name in SECRET_SETTINGS:
        return mask(str(value))
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, str):
        return _URL_PASSWORD.sub(r"\1***@", value)
    return value


def describe(settings: Settings) -> list[SettingView]:
    """Every setting, in the order ``Settings`` declares them."""
    origins = settings.origins()
    return [
        SettingView(name, shown_value(name, getattr(settings, name)), origins[name].source, origins[name].where)
        for name in type(settings).model_fields
    ]
