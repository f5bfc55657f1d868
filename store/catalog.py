"""The SQLite catalog: the source of truth for which reports are in the store.

Chroma holds vectors; this file holds report metadata, original text and chunk records. A report
exists exactly when its row here is committed, in one transaction together with its chunks. An
ingest commits it before its vectors, listed in ``pending_vectors`` until they are written (so it
is searchable by its words at once), and deletes old vectors after it: a crash at any point leaves
at worst pending reports, which the next ingest of their files or ``fazhi repair`` embeds, and
orphan vectors, which searches ignore and the next write removes.

That is the embedded store; a store on a Chroma server keeps the same API and the same write order
in collections on the server (``store/server.py``).
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import threading
from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from store.chunking import Chunk

_SCHEMA = """
CREATE TABLE IF NOT EXISTS reports (
    id TEXT PRIMARY KEY,
    file TEXT NOT NULL,
    path TEXT NOT NULL,
    meta TEXT NOT NULL,
    parts TEXT NOT NULL,
    original TEXT NOT NULL,
    chars INTEGER NOT NULL,
    ingested_at REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS reports_path ON reports(path);
CREATE TABLE IF NOT EXISTS chunks (
    id TEXT PRIMARY KEY,
    report_id TEXT NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
    ordinal INTEGER NOT NULL,
    text TEXT NOT NULL,
    section TEXT NOT NULL,
    part TEXT,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    line INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS chunks_report ON chunks(report_id);
CREATE TABLE IF NOT EXISTS state (key TEXT PRIMARY KEY, value INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS pending_vectors (report_id TEXT PRIMARY KEY REFERENCES reports(id) ON DELETE CASCADE);
INSERT OR IGNORE INTO state VALUES ('generation', 0);
"""


@dataclass(frozen=True)
class ReportRow:
    id: str
    file: str
    path: str
    meta: dict
    parts: list[str]
    chars: int
    chunks: int

    def in_scope(self, county: str | None = None, years: Iterable[int] = (), towns: Iterable[str] = ()) -> bool:
        """The one scope rule for every command: a named town's report stays in a county's scope
        when it states no county (it names none, so it cannot be shown to lie outside)."""
        years, towns = list(years), list(towns)
        meta = self.meta
        if towns and meta.get("town") not in towns:
            return False
        if years and meta.get("year") not in years:
            return False
        return not (county and meta.get("county") != county and not (towns and not meta.get("county")))


@dataclass(frozen=True)
class ChunkRow(Chunk):
    """A stored chunk: the chunk plus the ids that tie it to its report and its vector."""

    id: str
    report_id: str


@dataclass(frozen=True)
class CatalogContents:
    """Reports, chunks and pending marks of one committed state, read together. A reader that
    combines them must take them from here: read one after the other, a commit landing in between
    gave a search chunks of a report it had not seen, and a crash (issue 23)."""

    generation: int
    reports: list[ReportRow]
    chunks: list[ChunkRow]
    pending: frozenset[str]

    @property
    def fingerprint(self) -> str:
        return content_fingerprint(self.generation, (row.id for row in self.reports), len(self.chunks))


class ReportCatalog(Protocol):
    """What the store needs from a catalog: ``Catalog`` (SQLite, embedded mode) or
    ``store.server.ServerCatalog`` (collections on a Chroma server, server mode)."""

    @property
    def generation(self) -> int: ...
    def touch(self) -> None: ...
    def snapshot(self) -> AbstractContextManager[None]: ...
    def fingerprint(self) -> str: ...
    def report_ids(self) -> set[str]: ...
    def find_by_path(self, path: str) -> list[str]: ...
    def path_of(self, report_id: str) -> str | None: ...
    def replace_report(
        self, report: dict, chunks: list[ChunkRow], replaces: list[str], vectors_pending: bool = False
    ) -> None: ...
    def pending_reports(self) -> set[str]: ...
    def vectors_stored(self, report_ids: list[str]) -> None: ...
    def delete_report(self, report_id: str) -> None: ...
    def reports(self) -> list[ReportRow]: ...
    def contents(self) -> CatalogContents: ...
    def report_record(self, report_id: str) -> dict | None: ...
    def original_text(self, report_id: str) -> str | None: ...
    def chunks(self, report_id: str | None = None) -> list[ChunkRow]: ...


def next_year_report(rows: Iterable[ReportRow], town: str | None, year: int | None) -> ReportRow | None:
    """The same town's report of the year after ``year``, where what a report says it lacks or plans
    is seen done or not; None where the town or year is unknown or there is none."""
    return next((r for r in rows if town and year and r.meta.get("town") == town and r.meta.get("year") == year + 1), None)


def in_reading_order(rows: Iterable[ReportRow]) -> list[ReportRow]:
    """Reports as every listing shows them: by town, then year, then file."""
    return sorted(rows, key=lambda r: (r.meta.get("town") or "", r.meta.get("year") or 0, r.file))


def content_fingerprint(generation: int, report_ids: Iterable[str], chunks: int) -> str:
    """Identifies committed content: generation, report ids and chunk count. Search caches key on
    it (a generation alone would repeat in a recreated catalog)."""
    digest = hashlib.sha256(str(generation).encode())
    for report_id in sorted(report_ids):
        digest.update(report_id.encode())
    digest.update(str(chunks).encode())
    return digest.hexdigest()


class Catalog:
    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.execute("PRAGMA foreign_keys=ON")
        self._db.executescript(_SCHEMA)
        # One connection serves every thread of the process (the chat answers on a worker thread):
        # a transaction or a snapshot holds it alone, so no other thread's statement joins it.
        self._guard = threading.RLock()
        self._readings = 0  # how many ``snapshot`` blocks are open: every thread reads inside them
        self._began = False  # the outermost one began the read transaction (so it ends it)

    def close(self) -> None:
        self._db.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        with self._guard:
            self._not_reading()
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("UPDATE state SET value = value + 1 WHERE key = 'generation'")
            self._db.execute("COMMIT")

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        """Every read inside the block, by any thread of the process, sees the committed state of
        its start (one SQLite read transaction, held open): a command that lists the reports and
        then reads each one never meets a report that a writer removed or replaced in between
        (``fazhi table`` exited 1 with ``KeyError: no report …``, issue 23). Writers neither wait
        for it nor are seen by it; a nested block shares the outer one's state. No write may run
        inside it (a reading command writes nothing to the catalog)."""
        with self._guard:
            if self._readings == 0:
                self._began = not self._db.in_transaction
                if self._began:
                    self._db.execute("BEGIN")
                    self.generation  # noqa: B018 - a read fixes the state now, not at the block's first read
            self._readings += 1
        try:
            yield
        finally:
            with self._guard:
                self._readings -= 1
                if self._readings == 0 and self._began:
                    self._began = False
                    # a thread left behind (past a deadline) may still be reading: then the read
                    # transaction ends with the connection; nothing was written in it
                    with suppress(sqlite3.OperationalError):
                        self._db.execute("COMMIT")

    def _not_reading(self) -> None:
        if self._readings:
            raise RuntimeError("a write to the catalog inside a read snapshot (Catalog.snapshot)")

    @contextmanager
    def _snapshot(self) -> Iterator[None]:
        """One read transaction: every query inside sees the same committed state. In WAL mode it
        waits for no writer and no writer waits for it; commits landing meanwhile stay unseen."""
        with self._guard:
            if self._db.in_transaction:  # already inside one
                yield
                return
            self._db.execute("BEGIN")
            try:
                yield
            finally:
                self._db.execute("COMMIT")

    @property
    def generation(self) -> int:
        return self._db.execute("SELECT value FROM state WHERE key='generation'").fetchone()[0]

    def touch(self) -> None:
        """A new generation with no change of content: what was derived from the store (a search
        cache's copy of the vectors) must be derived again."""
        with self.transaction():
            pass

    def fingerprint(self) -> str:
        with self._snapshot():
            chunks = self._db.execute("SELECT COUNT(*) FROM chunks").fetchone()[0]
            return content_fingerprint(self.generation, self.report_ids(), chunks)

    def report_ids(self) -> set[str]:
        return {row[0] for row in self._db.execute("SELECT id FROM reports")}

    def find_by_path(self, path: str) -> list[str]:
        return [row[0] for row in self._db.execute("SELECT id FROM reports WHERE path = ?", (path,))]

    def path_of(self, report_id: str) -> str | None:
        row = self._db.execute("SELECT path FROM reports WHERE id = ?", (report_id,)).fetchone()
        return row[0] if row else None

    def replace_report(
        self,
        report: dict,
        chunks: list[ChunkRow],
        replaces: list[str],
        vectors_pending: bool = False,
    ) -> None:
        """Insert one report and its chunks, dropping the reports it supersedes, atomically;
        ``vectors_pending``: committed before its vectors (see ``pending_reports``)."""
        with self.transaction() as db:
            for old in replaces:
                db.execute("DELETE FROM reports WHERE id = ?", (old,))
            db.execute(
                "INSERT OR REPLACE INTO reports VALUES (:id, :file, :path, :meta, :parts, :original, :chars, :ingested_at)",
                {**report, "meta": json.dumps(report["meta"], ensure_ascii=False), "parts": json.dumps(report["parts"])},
            )
            db.executemany(
                "INSERT OR REPLACE INTO chunks VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (c.id, c.report_id, c.ordinal, c.text, json.dumps(c.section, ensure_ascii=False), c.part, c.start, c.end, c.line)
                    for c in chunks
                ],
            )
            db.execute("DELETE FROM pending_vectors WHERE report_id = ?", (report["id"],))
            if vectors_pending:
                db.execute("INSERT INTO pending_vectors VALUES (?)", (report["id"],))

    def pending_reports(self) -> set[str]:
        """Committed reports whose vectors an ingest has not written yet: searchable by words now,
        by meaning once ``vectors_stored`` names them."""
        return {row[0] for row in self._db.execute("SELECT report_id FROM pending_vectors")}

    def vectors_stored(self, report_ids: list[str]) -> None:
        """The named reports have all their vectors. Not a new generation: no chunk changed, so
        every client's lexical index stays valid."""
        with self._guard:
            self._not_reading()
            self._db.execute("BEGIN IMMEDIATE")
            self._db.executemany("DELETE FROM pending_vectors WHERE report_id = ?", [(rid,) for rid in report_ids])
            self._db.execute("COMMIT")

    def delete_report(self, report_id: str) -> None:
        with self.transaction() as db:
            db.execute("DELETE FROM reports WHERE id = ?", (report_id,))

    def reports(self) -> list[ReportRow]:
        rows = self._db.execute(
            "SELECT r.id, r.file, r.path, r.meta, r.parts, r.chars, COUNT(c.id) FROM reports r "
            "LEFT JOIN chunks c ON c.report_id = r.id GROUP BY r.id"
        )
        return [
            ReportRow(id=i, file=f, path=p, meta=json.loads(m), parts=json.loads(parts), chars=chars, chunks=n)
            for i, f, p, m, parts, chars, n in rows
        ]

    def contents(self) -> CatalogContents:
        with self._snapshot():
            return CatalogContents(self.generation, self.reports(), self.chunks(), frozenset(self.pending_reports()))

    def report_record(self, report_id: str) -> dict | None:
        """The report as ``replace_report`` took it, so a store can be copied exactly."""
        cursor = self._db.cursor()
        cursor.row_factory = sqlite3.Row
        row = cursor.execute("SELECT * FROM reports WHERE id = ?", (report_id,)).fetchone()
        if row is None:
            return None
        return {**dict(row), "meta": json.loads(row["meta"]), "parts": json.loads(row["parts"])}

    def original_text(self, report_id: str) -> str | None:
        row = self._db.execute("SELECT original FROM reports WHERE id = ?", (report_id,)).fetchone()
        return row[0] if row else None

    def chunks(self, report_id: str | None = None) -> list[ChunkRow]:
        """Every chunk in report and reading order, or only ``report_id``'s."""
        where, params = ("WHERE report_id = ?", (report_id,)) if report_id else ("", ())
        rows = self._db.execute(
            'SELECT id, report_id, ordinal, text, section, part, start, "end", line FROM chunks '
            f"{where} ORDER BY report_id, ordinal",
            params,
        )
        return [
            ChunkRow(
                id=i, report_id=r, ordinal=o, text=t, section=tuple(json.loads(s)), part=p, start=st, end=e, line=ln
            )
            for i, r, o, t, s, p, st, e, ln in rows
        ]
