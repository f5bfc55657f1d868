"""Server mode: one store on a Chroma server (``chroma run``) that every client shares.

Embedded, a store is a folder: ``catalog.sqlite`` plus a Chroma directory. On a server nothing may
live only in one client's folder, so the catalog moves onto the server too, as two collections
beside the ``chunks`` vectors, behind the same API as ``store.catalog.Catalog``:

- ``fazhi_reports``: one small record per committed report: its metadata is the report row (file,
  path, metadata, parts, sizes) with the digest and piece count of its body. The record is the
  commit point, as the SQLite transaction is embedded: an ingest commits it before the vectors,
  flagged ``vectors_pending`` until they are written; old vectors are deleted after it.
- ``fazhi_report_pieces``: each report's body (a JSON object: original text and chunk rows, 30-100
  KB, up to megabytes) cut into pieces of at most ``_PIECE_CHARS`` characters, ids
  ``<report id>:<body digest>:<n>``. Chroma (1.5.9) spends time on every write that grows with how
  many records of 2 KB and more its collection holds (a 32 KB record: 0.4 s at 100 such records
  and rising; docs/ingest.md, "Ingest speed"), so no record here is that big. A write stores the pieces first
  and the record after, so a report and its chunks still appear and vanish together: a reader
  takes only pieces named by a committed record (digest and all), and a record whose pieces are
  gone (deleted after it) as absent. Pieces without their record (a writer killed between the
  two) are invisible, and deleted by the next writer once it holds the write lease.
  Records of stores written before the pieces (the body as the record's document) are read too.
- ``fazhi_meta``: one record whose random ``stamp`` changes after every write. It is the catalog's
  ``generation``: each client keeps its lexical index as a local cache keyed on it (and on the
  report ids), so a client rebuilds the index once another client has written, and never serves
  a stale one. While a client writes, the write lease is a second record here (``store.lease``:
  one writer at a time across machines).

Both hold a one-number placeholder vector and no embedding function: nothing in them is searched
by similarity, and the server must never fall back to embedding them with a model it downloads.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from typing import Any
from urllib.parse import urlsplit

import chromadb
from chromadb.api import ClientAPI
from chromadb.api.types import GetResult
from chromadb.config import DEFAULT_DATABASE
from chromadb.config import Settings as ChromaSettings
from chromadb.errors import ChromaError

from store.catalog import CatalogContents, ChunkRow, ReportRow, content_fingerprint
from store.errors import ChromaServerError
from store.lease import WriteLease

_REPORTS = "fazhi_reports"
_PIECES = "fazhi_report_pieces"
_META = "fazhi_meta"
_STAMP = "generation"
_PENDING = "vectors_pending"
_BODY = "body"  # a record's metadata: the digest of its body, which its pieces' ids carry
_COUNT = "pieces"
_PIECE_CHARS = 300
"""At most 900 bytes of UTF-8 Chinese: Chroma's per-write cost stays flat with the collection's
size only for small records (docs/ingest.md, "Ingest speed")."""
_READ_TRIES = 3
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
        self._pieces = client.get_or_create_collection(_PIECES, embedding_function=None)
        self._meta = client.get_or_create_collection(_META, embedding_function=None)
        self._max_batch = client.get_max_batch_size()

    def write_lease(self, where: str, timeout_s: float, on_wait: Callable[[str], None] | None) -> WriteLease:
        """The store's write lease, kept in ``fazhi_meta`` beside the stamp (``store.lease``); its
        holder first deletes orphan pieces."""
        return _TidyingLease(self.forget_orphan_pieces, self._meta, where, timeout_s, on_wait)

    @property
    def generation(self) -> int:
        stamp = self._meta.get(ids=[_STAMP], include=["metadatas"])
        return int(stamp["metadatas"][0]["stamp"]) if stamp["ids"] and stamp["metadatas"] else 0

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        """No snapshot on a server: Chroma has no read transaction, and holding every body for a
        command would read the whole store. Each read stands alone (``_stored`` never returns half
        a report); a report removed between a command's listing and its reading is not found."""
        yield

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
        """Write the report's pieces, then its record (the commit), then delete the records it
        supersedes and their pieces, then change the stamp. In between, a reader may see both
        versions of a changed file, never half of one. ``vectors_pending`` is a flag in the
        record's metadata (see ``pending_reports``)."""
        report_id = report["id"]
        stale = [old for old in replaces if old != report_id]
        previous = self._reports.get(ids=[report_id, *stale], include=["metadatas"])
        body = json.dumps({"original": report["original"], "chunks": [asdict(c) for c in chunks]}, ensure_ascii=False)
        digest = hashlib.sha256(body.encode()).hexdigest()[:16]
        pieces = [body[start : start + _PIECE_CHARS] for start in range(0, len(body), _PIECE_CHARS)]
        ids = [f"{report_id}:{digest}:{n}" for n in range(len(pieces))]
        for start in range(0, len(ids), self._max_batch):
            batch = slice(start, start + self._max_batch)
            self._pieces.upsert(ids=ids[batch], embeddings=[_PLACEHOLDER] * len(ids[batch]), documents=pieces[batch])
        self._reports.upsert(
            ids=[report_id],
            embeddings=[_PLACEHOLDER],
            metadatas=[{**_row_metadata(report, len(chunks)), _BODY: digest, _COUNT: len(pieces), _PENDING: vectors_pending}],
        )
        if stale:
            self._reports.delete(ids=stale)
        self._forget_pieces(set(_piece_ids(previous)) - set(ids))
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
        """Delete the record (the report is gone from here), then its pieces."""
        found = self._reports.get(ids=[report_id], include=["metadatas"])
        self._reports.delete(ids=[report_id])
        self._forget_pieces(set(_piece_ids(found)))
        self.touch()

    def forget_orphan_pieces(self) -> int:
        """Delete the pieces no record names (left by a writer killed before its commit); returns
        how many. Only the holder of the write lease may: another writer's pieces are orphans until
        its record lands. One count when there are none, so every write can afford it."""
        named = set(_piece_ids(self._reports.get(include=["metadatas"])))
        if self._pieces.count() == len(named):
            return 0
        orphans = set(self._pieces.get(include=[])["ids"]) - named
        self._forget_pieces(orphans)
        return len(orphans)

    def reports(self) -> list[ReportRow]:
        found = self._reports.get(include=["metadatas"])
        return [_report_row(rid, meta) for rid, meta in zip(found["ids"], found["metadatas"] or [], strict=True)]

    def report_record(self, report_id: str) -> dict | None:
        stored = self._stored(report_id).get(report_id)
        if stored is None:
            return None
        row = _report_row(report_id, stored.meta)
        return {
            "id": row.id,
            "file": row.file,
            "path": row.path,
            "meta": row.meta,
            "parts": row.parts,
            "original": stored.body["original"],
            "chars": row.chars,
            "ingested_at": stored.meta["ingested_at"],
        }

    def original_text(self, report_id: str) -> str | None:
        record = self.report_record(report_id)
        return record["original"] if record else None

    def chunks(self, report_id: str | None = None) -> list[ChunkRow]:
        """Every committed chunk in report and reading order, no report half in and half out
        (``_stored``); or only ``report_id``'s."""
        return _chunk_rows(self._stored(report_id))

    def contents(self) -> CatalogContents:
        """Reports, chunks and pending marks from one read of the records (``_stored``), so every
        chunk's report is among the reports. The stamp is read first: a write landing after it
        leaves newer contents under an older stamp, which the next read finds changed."""
        generation = self.generation
        stored = self._stored(None)
        return CatalogContents(
            generation,
            [_report_row(rid, report.meta) for rid, report in stored.items()],
            _chunk_rows(stored),
            frozenset(rid for rid, report in stored.items() if report.meta.get(_PENDING)),
        )

    def touch(self) -> None:
        """A new random stamp: clients compare stamps for equality, so two writers need no counter
        (a read-increment-write counter would let one writer's bump hide the other's)."""
        self._meta.upsert(ids=[_STAMP], embeddings=[_PLACEHOLDER], metadatas=[{"stamp": secrets.randbits(62)}])

    def _stored(self, report_id: str | None) -> dict[str, _Stored]:
        """The committed reports (or only ``report_id``) with their bodies: the records first, then
        the pieces they name. Pieces are written before their record and deleted after it, so a
        record whose pieces are not all there was deleted in between, by a remove or by the version
        of its file that replaced it; the next try sees that version's record instead."""
        stored: dict[str, _Stored] = {}
        for _ in range(_READ_TRIES):
            found = self._reports.get(ids=[report_id] if report_id else None, include=["metadatas", "documents"])
            wanted = _piece_ids(found)
            pieces = self._pieces.get(ids=wanted if report_id else None, include=["documents"]) if wanted else None
            texts = dict(zip(pieces["ids"], pieces["documents"] or [], strict=True)) if pieces else {}
            records = zip(found["ids"], found["metadatas"] or [], found["documents"] or [], strict=True)
            stored = {rid: _Stored(meta, body) for rid, meta, document in records if (body := _body(rid, meta, document, texts))}
            if len(stored) == len(found["ids"]):
                break
        return stored

    def _forget_pieces(self, ids: set[str]) -> None:
        ordered = sorted(ids)
        for start in range(0, len(ordered), self._max_batch):
            self._pieces.delete(ids=ordered[start : start + self._max_batch])


class _TidyingLease(WriteLease):
    """The write lease, whose holder deletes orphan pieces before it writes anything: only the
    holder may, since another writer's pieces wait for their record until it commits."""

    def __init__(self, tidy: Callable[[], int], *args: Any) -> None:
        super().__init__(*args)
        self._tidy = tidy

    @contextmanager
    def held(self) -> Iterator[None]:
        with super().held():
            self._tidy()
            yield


@dataclass(frozen=True)
class _Stored:
    """One committed report as read back: its record's metadata and its body (original text and
    chunk rows)."""

    meta: dict
    body: dict


def _piece_ids(found: GetResult) -> list[str]:
    """The ids of the pieces that the records in ``found`` (read with their metadata) name."""
    return [
        f"{rid}:{meta[_BODY]}:{n}"
        for rid, meta in zip(found["ids"], found["metadatas"] or [], strict=True)
        if _BODY in meta
        for n in range(int(meta[_COUNT]))
    ]


def _chunk_rows(stored: dict[str, _Stored]) -> list[ChunkRow]:
    """The chunk rows of ``stored`` reports, in report and reading order."""
    rows = [ChunkRow(**{**chunk, "section": tuple(chunk["section"])}) for report in stored.values() for chunk in report.body["chunks"]]
    return sorted(rows, key=lambda c: (c.report_id, c.ordinal))


def _body(report_id: str, meta: dict, document: str | None, texts: dict[str, str]) -> dict | None:
    """A record's body from its pieces in ``texts``, None when one is missing; a record written
    before the pieces holds its body as its document."""
    if _BODY not in meta:
        return json.loads(document) if document else None
    parts = [texts.get(f"{report_id}:{meta[_BODY]}:{n}") for n in range(int(meta[_COUNT]))]
    return json.loads("".join(parts)) if all(part is not None for part in parts) else None


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
