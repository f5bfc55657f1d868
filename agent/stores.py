"""Open the report store that the settings describe; the one place store options are wired."""

from __future__ import annotations

from collections.abc import Callable

from agent.settings import Settings
from store.store import ReportStore


def open_store(settings: Settings, on_wait: Callable[[str], None] | None = None) -> ReportStore:
    """``on_wait`` hears one line when a write has to wait for another process's write."""
    return ReportStore(
        settings.store_dir,
        embedder=settings.embedder,
        embedding_base_url=settings.embedding_base_url or settings.base_url,
        api_key=settings.api_key,
        chunk_tokens=settings.chunk_tokens,
        limits=settings.limits,
        lock_timeout_s=settings.lock_timeout_s,
        on_wait=on_wait,
    )
