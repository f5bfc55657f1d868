"""Is every committed chunk searchable, and is every vector a committed chunk's?

The catalog is the source of truth; Chroma holds one vector per catalog chunk, under the chunk's
id. A crash between the vector write and the catalog commit leaves orphan vectors (harmless:
searches ignore them); a vector lost from Chroma leaves a chunk that dense search can never find,
which nothing noticed before (issue 12: re-ingest called such reports "unchanged"). Chroma can
also keep an id whose embedding it has lost ("Error finding id", seen after two unlocked writers):
such a vector counts as missing, not stored.

An ingest commits reports before their vectors (docs/ingest.md, "Ingest speed"): until it writes them,
a report's absent vectors are pending, not missing. A pending report whose ingest was killed stays
pending until ``fazhi repair`` or the next ingest of its file embeds it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property


@dataclass(frozen=True)
class StoreHealth:
    """The counts ``fazhi doctor`` prints under ``store``."""

    reports: int
    chunks: int
    vectors: int
    missing_vectors: int
    orphan_vectors: int
    pending_vectors: int = 0
    pending_reports: int = 0

    @property
    def consistent(self) -> bool:
        """Nothing lost or stray; vectors still pending are not a fault."""
        return not (self.missing_vectors or self.orphan_vectors)


@dataclass(frozen=True)
class VectorAudit:
    """Catalog chunks (id -> report id) against the ids Chroma holds (``vectors``) and the ids
    whose embedding it can actually return (``readable``); ``pending``: the reports committed
    ahead of their vectors."""

    reports: int
    owners: dict[str, str]
    vectors: frozenset[str]
    readable: frozenset[str]
    pending: frozenset[str] = frozenset()

    @cached_property
    def missing(self) -> dict[str, list[str]]:
        """Report id -> ids of its chunks that have no readable vector."""
        found: dict[str, list[str]] = {}
        for chunk_id, report_id in self.owners.items():
            if chunk_id not in self.readable:
                found.setdefault(report_id, []).append(chunk_id)
        return found

    @cached_property
    def orphans(self) -> list[str]:
        """Vectors that belong to no committed chunk."""
        return sorted(self.vectors.difference(self.owners))

    def health(self) -> StoreHealth:
        waiting = {rid: ids for rid, ids in self.missing.items() if rid in self.pending}
        return StoreHealth(
            reports=self.reports,
            chunks=len(self.owners),
            vectors=len(self.readable),
            missing_vectors=sum(len(ids) for rid, ids in self.missing.items() if rid not in waiting),
            orphan_vectors=len(self.orphans),
            pending_vectors=sum(map(len, waiting.values())),
            pending_reports=len(waiting),
        )


@dataclass(frozen=True)
class RepairSummary:
    """What ``fazhi repair`` did, and the store's health afterwards."""

    restored_reports: int
    restored_vectors: int
    deleted_orphans: int
    seconds: float
    health: StoreHealth
