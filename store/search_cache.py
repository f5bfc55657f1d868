"""The search cache: a store's chunk table kept on disk between processes, keyed by the catalog's
fingerprint, so a command's first search does not rebuild the BM25 indexes (``ReportStore._chunk_table``).
"""

from __future__ import annotations

import logging
import os
import pickle
from pathlib import Path

from store.ranking import ChunkTable

CACHE_FILE = "search-cache.pkl"
_CACHE_FORMAT = 8  # bump when ChunkTable or LexicalIndex change shape or meaning


def load_table(path: Path, fingerprint: str) -> ChunkTable | None:
    """The cached table when it was built from the catalog with this ``fingerprint``, else None."""
    try:
        with path.open("rb") as handle:
            header = pickle.load(handle)
            if header != (_CACHE_FORMAT, fingerprint):
                return None
            table = pickle.load(handle)
        return table if isinstance(table, ChunkTable) else None
    except FileNotFoundError:
        return None
    except Exception:  # corrupt, truncated or from another version: rebuild
        logging.getLogger(__name__).warning("search cache %s unreadable; rebuilding", path)
        return None


def save_table(path: Path, fingerprint: str, table: ChunkTable) -> None:
    """Write atomically (temp file + rename), so a reader never sees half a cache."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with tmp.open("wb") as handle:
            pickle.dump((_CACHE_FORMAT, fingerprint), handle, protocol=pickle.HIGHEST_PROTOCOL)
            pickle.dump(table, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except OSError:
        tmp.unlink(missing_ok=True)  # a read-only store still searches, just without the cache
