"""Open the report store that the settings describe; the one place store options are wired."""

from __future__ import annotations

from agent.settings import Settings
from store.store import ReportStore


def open_store(settings: Settings) -> ReportStore:
    return ReportStore(
        settings.store_dir,
        embedder=settings.embedder,
        embedding_base_url=settings.embedding_base_url or settings.base_url,
        api_key=settings.api_key,
        chunk_tokens=settings.chunk_tokens,
        limits=settings.limits,
    )
