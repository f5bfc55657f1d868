"""Open the report store that the settings describe; the one place store options are wired."""

from __future__ import annotations

from agent.settings import Settings
from store.server import ChromaServer
from store.store import ReportStore


def open_store(settings: Settings) -> ReportStore:
    """The store on ``FAZHI_CHROMA_URL`` when set (caches under ``server_cache_dir``), else the
    embedded store under ``FAZHI_HOME``."""
    server = chroma_server(settings)
    return ReportStore(
        settings.store_dir if server is None else settings.server_cache_dir,
        embedder=settings.embedder,
        embedding_base_url=settings.embedding_base_url or settings.base_url,
        api_key=embedding_key(settings),
        chunk_tokens=settings.chunk_tokens,
        server=server,
    )


def chroma_server(settings: Settings) -> ChromaServer | None:
    """The Chroma server that ``FAZHI_CHROMA_URL`` names, with the proxy's token; None: embedded."""
    return ChromaServer(settings.chroma_url, settings.chroma_token) if settings.chroma_url else None


def embedding_key(settings: Settings) -> str | None:
    """The key sent to the embedding endpoint: its own key; the chat key only when embeddings go to
    the chat endpoint itself (a separately configured embedding host never sees the chat key)."""
    separate = settings.embedding_base_url is not None and settings.embedding_base_url != settings.base_url
    return settings.embedding_api_key if separate else (settings.embedding_api_key or settings.api_key)
