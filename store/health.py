"""Is every committed chunk searchable, and is every vector a committed chunk's?

The catalog is the source of truth; Chroma holds one vector per catalog chunk, under the chunk's
id. A crash between the vector write and the catalog commit leaves orphan vectors (harmless:
searches ignore them); a vector lost from Chroma leaves a chunk that dense search can never find,
which nothing noticed before (issue 12: re-ingest called such reports "unchanged"). Chroma can
also keep an id whose embedding it has lost ("Error finding id", seen after two unlocked writers):
such a vector counts as missing, not stored.
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

    @property
    def consistent(self) -> bool:
        return not (self.missing_vectors or self.orphan_vectors)


@dataclass(frozen=True)
class VectorAudit:
    """Catalog chunks (id -> report id) against the ids Chroma holds (``vectors``) and the ids
    whose embedding it can actually return (``readable``)."""

    reports: int
    owners: dict[str, str]
    vectors: frozenset[str]
    readable: frozenset[str]

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
        return StoreHealth(
            reports=self.reports,
            chunks=len(self.owners),
            vectors=len(self.readable),
            missing_vectors=sum(map(len, self.missing.values())),
            orphan_vectors=len(self.orphans),
        )


@dataclass(frozen=True)
class RepairSummary:
    """What ``fazhi repair`` did, and the store's health afterwards."""

    restored_reports: int
    restored_vectors: int
    deleted_orphans: int
    seconds: float
    health: StoreHealth
