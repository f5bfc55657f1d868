"""Editing the user's ``config.toml`` (``fazhi config set`` / ``unset``).

tomlkit rather than a plain TOML writer: the file is the user's, so their comments, order and
spacing survive an edit. Every write replaces the file atomically (a temporary file renamed over
it), so a crash never leaves half a config, and a new file is private (0600): it may hold keys.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Annotated, Any

import tomlkit
from pydantic import TypeAdapter, ValidationError
from tomlkit.exceptions import ParseError

from agent.settings import FILE_SETTINGS, SECRET_SETTINGS, ConfigError, Settings


def parse_value(key: str, text: str) -> Any:
    """``text`` as the value of setting ``key``, validated by the setting's own type, in the form
    TOML stores (a path as a string); a ``ConfigError`` naming the key when either is wrong."""
    if key not in FILE_SETTINGS:
        hint = " (set it with FAZHI_CONFIG)" if key == "config_file" else ""
        raise ConfigError(f"unknown setting {key!r}{hint}; the settings are: {', '.join(sorted(FILE_SETTINGS))}")
    field = Settings.model_fields[key]
    kind = Annotated[(field.annotation, *field.metadata)] if field.metadata else field.annotation
    try:
        value = TypeAdapter(kind).validate_python(text)
    except ValidationError as exc:
        shown = "" if key in SECRET_SETTINGS else f" = {text!r}"
        raise ConfigError(f"setting {key}{shown}: {exc.errors()[0]['msg']}") from None
    return str(value) if isinstance(value, Path) else value


def set_value(path: Path, key: str, text: str) -> Any:
    """Write ``key = text`` into the config file at ``path`` (created if missing), keeping the rest."""
    value = parse_value(key, text)
    document = _read(path)
    document[key] = value
    _write(path, document)
    return value


def unset_value(path: Path, key: str) -> bool:
    """Remove ``key`` from the config file; False when it was not there."""
    if key not in FILE_SETTINGS:
        raise ConfigError(f"unknown setting {key!r}; the settings are: {', '.join(sorted(FILE_SETTINGS))}")
    document = _read(path)
    if key not in document:
        return False
    del document[key]
    _write(path, document)
    return True


def _read(path: Path) -> tomlkit.TOMLDocument:
    try:
        return tomlkit.parse(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return tomlkit.document()
    except ParseError as exc:
        raise ConfigError(f"{path}: {exc}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read it ({exc})") from None


def _write(path: Path, document: tomlkit.TOMLDocument) -> None:
    """Replace ``path`` in one rename; an existing file keeps its permissions."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        mode = path.stat().st_mode & 0o777 if path.exists() else 0o600
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as file:
                file.write(tomlkit.dumps(document))
            os.chmod(temporary, mode)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise ConfigError(f"{path}: cannot write it ({exc.strerror or exc})") from None
