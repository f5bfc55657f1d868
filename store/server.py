"""Server mode: one store on a Chroma server (``chroma run``) that every client shares.

Embedded, a store is a folder: ``catalog.sqlite`` plus a Chroma directory. On a server nothing may
live only in one client's folder, so the catalog moves onto the server too, as two collections
beside the ``chunks`` vectors, behind the same API as ``store.catalog.Catalog``:

- ``fazhi_reports``: one record per committed report. Its metadata is the report row (file, path,
  metadata, parts, sizes); its document a JSON object with the original text and the chunk rows.
  One record is one write, so a report and its chunks appear and vanish together, as they do in
  the SQLite transaction: the record is the commit point. An ingest commits it before the vectors,
  flagged ``vectors_pending`` until they are written; old vectors are deleted after it, as embedded.
- ``fazhi_meta``: one record whose random ``stamp`` changes after every write. It is the catalog's
  ``generation``: each client keeps its lexical index as a local cache keyed on it (and on the
  report ids), so a client rebuilds the index once another client has written, and never serves
  a stale one. While a client writes, the write lease is a second record here (``store.lease``:
  one writer at a time across machines).

Both hold a one-number placeholder vector and no embedding function: nothing in them is searched
by similarity, and the server must never fall back to embedding them with a model it downloads.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Callable
from dataclasses import asdict, dataclass
from urllib.parse import urlsplit

import chromadb
from chromadb.api import ClientAPI
from chromadb.config import DEFAULT_DATABASE
from chromadb.config import Settings as ChromaSettings
from chromadb.errors import ChromaError

from store.catalog import ChunkRow, ReportRow, content_fingerprint
from store.errors import ChromaServerError
from store.lease import WriteLease

_REPORTS = "fazhi_reports"
_META = "fazhi_meta"
_STAMP = "generation"
_PENDING = "vectors_pending"
_PLACEHOLDER = [1.0]


@dataclass(frozen=True)
class ChromaServer:
    """Where a server-mode store lives: ``http[s]://host[:port]`` of ``chroma run`` or of an
    authenticating proxy in front of it, the bearer token that proxy wants, and the Chroma database
    (one server can hold several stores, one per database)."""

    url: str
    token: str | None = None
    database: str = DEFAULT_DATABASE

    def client(self) -> ClientAPI:
        """An HTTP client, connected: chromadb checks the server and the database on creation."""
        host, port, ssl = self._address()
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else None
        try:
            return chromadb.HttpClient(
                host=host,
                port=port,
                ssl=ssl,
                headers=headers,
                settings=ChromaSettings(anonymized_telemetry=False),
                database=self.database,
            )
        except (ValueError, ChromaError) as exc:  # chromadb's "Could not connect…" is a ValueError
            problem = str(exc).replace(self.token, "[redacted]") if self.token else str(exc)
            raise ChromaServerError(f"the Chroma server at {self.url} cannot be used: {problem}") from exc


    def _address(self) -> tuple[str, int, bool]:
        """Host, port and TLS from ``http[s]://host[:port]``; chroma's own default port is 8000."""
        malformed = ChromaServerError(f"a Chroma server URL looks like http://host:8000, not '{self.url}'")
        parts = urlsplit(self.url)
        try:
            port = parts.port
        except ValueError as exc:  # not a number, or out of range
            raise malformed from exc
        if parts.scheme not in ("http", "https") or not parts.hostname or parts.path.strip("/"):
            raise malformed
        ssl = parts.scheme == "https"
        return parts.hostname, port or (443 if ssl else 8000), ssl


class ServerCatalog:
    """The catalog of a server-mode store (see the module docstring for the layout)."""

    def __init__(self, client: ClientAPI) -> None:
        self._reports = client.get_or_create_collection(_REPORTS, embedding_function=None)
        self._meta = client.get_or_create_collection(_META, embedding_function=None)

    def write_lease(self, where: str, timeout_s: float, on_wait: Callable[[str], None] | None) -> WriteLease:
        """The store's write lease, kept in ``fazhi_meta`` beside the stamp (``store.lease``)."""
        return WriteLease(self._meta, where, timeout_s, on_wait)

    @property
    def generation(self) -> int:
        stamp = self._meta.get(ids=[_STAMP], include=["metadatas"])
        return int(stamp["metadatas"][0]["stamp"]) if stamp["ids"] and stamp["metadatas"] else 0

    def fingerprint(self) -> str:
        """The stamp with the report ids: a writer that died between its commit and its stamp
        still changes the fingerprint, so no client keeps serving an index without that report."""
        rows = self.reports()
        return content_fingerprint(self.generation, [r.id for r in rows], sum(r.chunks for r in rows))

    def report_ids(self) -> set[str]:
        return set(self._reports.get(include=[])["ids"])

    def find_by_path(self, path: str) -> list[str]:
        return list(self._reports.get(where={"path": path}, include=[])["ids"])

    def path_of(self, report_id: str) -> str | None:
        found = self._reports.get(ids=[report_id], include=["metadatas"])
        return str(found["metadatas"][0]["path"]) if found["ids"] and found["metadatas"] else None

    def replace_report(
        self, report: dict, chunks: list[ChunkRow], replaces: list[str], vectors_pending: bool = False
    ) -> None:
        """Write the report's record (the commit), then delete the ones it supersedes, then change
        the stamp. In between, a reader may see both versions of a changed file, never half of one.
        ``vectors_pending`` is a flag in the record's metadata (see ``pending_reports``)."""
        body = {"original": report["original"], "chunks": [asdict(chunk) for chunk in chunks]}
        self._reports.upsert(
            ids=[report["id"]],
            embeddings=[_PLACEHOLDER],
            documents=[json.dumps(body, ensure_ascii=False)],
            metadatas=[{**_row_metadata(report, len(chunks)), _PENDING: vectors_pending}],
        )
        stale = [old for old in replaces if old != report["id"]]
        if stale:
            self._reports.delete(ids=stale)
        self.touch()

    def pending_reports(self) -> set[str]:
        """Committed reports whose vectors are not written yet (records of older stores lack the
        flag: not pending)."""
        return set(self._reports.get(where={_PENDING: True}, include=[])["ids"])

    def vectors_stored(self, report_ids: list[str]) -> None:
        """Clear the flag (Chroma merges an update's metadata into the record's); the stamp stays."""
        if report_ids:
            self._reports.update(ids=report_ids, metadatas=[{_PENDING: False} for _ in report_ids])

    def delete_report(self, report_id: str) -> None:
        self._reports.delete(ids=[report_id])
        self.touch()

    def reports(self) -> list[ReportRow]:
        found = self._reports.get(include=["metadatas"])
        return [_report_row(rid, meta) for rid, meta in zip(found["ids"], found["metadatas"] or [], strict=True)]

    def report_record(self, report_id: str) -> dict | None:
        found = self._reports.get(ids=[report_id], include=["metadatas", "documents"])
        if not found["ids"] or not found["metadatas"] or not found["documents"]:
            return None
        row = _report_row(report_id, found["metadatas"][0])
        return {
            "id": row.id,
            "file": row.file,
            "path": row.path,
            "meta": row.meta,
            "parts": row.parts,
            "original": json.loads(found["documents"][0])["original"],
            "chars": row.chars,
            "ingested_at": found["metadatas"][0]["ingested_at"],
        }

    def original_text(self, report_id: str) -> str | None:
        record = self.report_record(report_id)
        return record["original"] if record else None

    def chunk_owners(self) -> dict[str, str]:
        """Chunk id -> report id for every committed chunk: what the vectors are checked against."""
        return {chunk.id: chunk.report_id for chunk in self.chunks()}

    def chunks(self, report_id: str | None = None) -> list[ChunkRow]:
        """Every committed chunk in report and reading order, read in one request, so no report is
        half in and half out; or only ``report_id``'s."""
        found = self._reports.get(ids=[report_id] if report_id else None, include=["documents"])
        rows = [
            ChunkRow(**{**chunk, "section": tuple(chunk["section"])})
            for document in found["documents"] or []
            for chunk in json.loads(document)["chunks"]
        ]
        return sorted(rows, key=lambda c: (c.report_id, c.ordinal))

    def touch(self) -> None:
        """A new random stamp: clients compare stamps for equality, so two writers need no counter
        (a read-increment-write counter would let one writer's bump hide the other's)."""
        self._meta.upsert(ids=[_STAMP], embeddings=[_PLACEHOLDER], metadatas=[{"stamp": secrets.randbits(62)}])


def _row_metadata(report: dict, chunks: int) -> dict:
    return {
        "file": report["file"],
        "path": report["path"],
        "meta": json.dumps(report["meta"], ensure_ascii=False),
        "parts": json.dumps(report["parts"]),
        "chars": report["chars"],
        "chunks": chunks,
        "ingested_at": report["ingested_at"],
    }


def _report_row(report_id: str, meta: dict) -> ReportRow:
    return ReportRow(
        id=report_id,
        file=str(meta["file"]),
        path=str(meta["path"]),
        meta=json.loads(str(meta["meta"])),
        parts=json.loads(str(meta["parts"])),
        chars=int(meta["chars"]),
        chunks=int(meta["chunks"]),
    )
