"""Open the report store that the settings describe; the one place store options are wired."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path
from typing import TYPE_CHECKING

from agent.ui_text import said

if TYPE_CHECKING:  # imported when a store is opened, not by every command's error handling
    from agent.settings import Settings
    from store.catalog import ReportRow
    from store.server import ChromaServer
    from store.store import ReportStore


class NoStoreError(Exception):
    """A command that reads the store found none where the settings point (a typo in FAZHI_HOME
    must not become a silently empty store that answers "no matching chunks")."""


def command_settings(obj: object, home: Path | None) -> Settings:
    """A command's settings: those the root command built (``ctx.obj``), else fresh ones, with
    ``--home`` applied."""
    from agent.settings import Settings

    settings = obj if isinstance(obj, Settings) else Settings()
    return settings.with_home(home)


def open_store(settings: Settings, on_wait: Callable[[str], None] | None = None, create: bool = False) -> ReportStore:
    """The store on ``FAZHI_CHROMA_URL`` when set (caches under ``server_cache_dir``), else the
    embedded store under ``FAZHI_HOME``; ``create`` for commands that write it. ``on_wait`` hears
    one line when a write has to wait for another process's write (on this machine: in server mode
    the write lock is this client's only, see docs/operations.md).

    A missing embedded store is a ``NoStoreError`` unless ``create``; a server store exists when
    the server answers (an unusable one is a ``ChromaServerError``), and no local folder is needed."""
    from store.store import ReportStore

    server = chroma_server(settings)
    if not create:
        require_store(settings)
    return ReportStore(
        settings.store_dir if server is None else settings.server_cache_dir,
        embedder=settings.embedder,
        embedding_base_url=settings.embedding_base_url or settings.base_url,
        api_key=embedding_key(settings),
        chunk_tokens=settings.chunk_tokens,
        limits=settings.limits,
        lock_timeout_s=settings.lock_timeout_s,
        on_wait=on_wait,
        server=server,
    )


def open_for_reading(settings: Settings, hold: Callable[[AbstractContextManager[None]], object]) -> ReportStore:
    """The store for a command that only reads, in one committed state for as long as the command
    runs (``ReportStore.reading``): ``hold`` keeps that open and closes it when the command ends
    (``ctx.with_resource``). A writer committing meanwhile is not seen, so a report the command
    listed is still there when it reads it (issue 23)."""
    store = open_store(settings)
    hold(store.reading())
    return store


def require_store(settings: Settings) -> None:
    """A ``NoStoreError`` when the settings point at no embedded store (a server store exists when
    the server answers, which only opening it tells); costs a ``stat``, so a command can fail at
    once, before it loads anything."""
    if not settings.chroma_url and not settings.store_dir.exists():
        raise NoStoreError(said("err.no_store", path=settings.store_dir))


def list_reports(settings: Settings) -> list[ReportRow]:
    """The store's reports, as ``ReportStore.reports`` lists them. An embedded store's are read from
    its catalog alone: listing needs neither Chroma nor numpy, so ``fazhi reports`` starts at
    once (docs/ingest.md, "Start-up"). A server's catalog lives on the server, which needs chromadb anyway."""
    from store.catalog import Catalog, in_reading_order

    catalog_file = settings.store_dir / "catalog.sqlite"
    if settings.chroma_url or not catalog_file.exists():
        return open_store(settings).reports()
    catalog = Catalog(catalog_file)
    try:
        return in_reading_order(catalog.reports())
    finally:
        catalog.close()


def chroma_server(settings: Settings) -> ChromaServer | None:
    """The Chroma server that ``FAZHI_CHROMA_URL`` names, with the proxy's token; None: embedded."""
    if not settings.chroma_url:
        return None
    from store.server import ChromaServer

    return ChromaServer(settings.chroma_url, settings.chroma_token)


def embedding_key(settings: Settings) -> str | None:
    """The key sent to the embedding endpoint: its own key; the chat key only when embeddings go to
    the chat endpoint itself (a separately configured embedding host never sees the chat key)."""
    separate = settings.embedding_base_url is not None and settings.embedding_base_url != settings.base_url
    return settings.embedding_api_key if separate else (settings.embedding_api_key or settings.api_key)
