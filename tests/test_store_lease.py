"""The write lease of a server store (``store.lease``): clients with folders of their own (two
machines, as far as the file lock can tell) write one at a time, a dead holder's lease is taken
over, and a writer that cannot get it gives up with one line naming the holder."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from store_fixtures import make_report, new_server_store

from store.lease import WriteLease
from store.lock import StoreBusyError
from store.server import ChromaServer
from store.store import ReportStore


def _meta(server: ChromaServer):
    return server.client().get_or_create_collection("fazhi_meta", embedding_function=None)


def _lease(server: ChromaServer, **kwargs) -> WriteLease:
    return WriteLease(_meta(server), server.url, **{"timeout_s": 30.0, "ttl_s": 2.0, "settle_s": 0.3, **kwargs})


def test_a_writer_on_another_machine_waits_for_the_lease_then_gives_up_naming_its_holder(
    chroma_url: str, tmp_path: Path
) -> None:
    server = new_server_store(chroma_url)
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(make_report(town="青石乡"), encoding="utf-8")
    waits: list[str] = []
    first = ReportStore(tmp_path / "laptop-a", server=server)
    second = ReportStore(tmp_path / "laptop-b", server=server, lock_timeout_s=1.5, on_wait=waits.append)
    busy = r"process \d+ on .* is still writing to this store after 1.5 s"
    with first._lock.held(), pytest.raises(StoreBusyError, match=busy):
        second.ingest([folder])
    assert len(waits) == 1 and waits[0].startswith("waiting for process ")
    assert second.ingest([folder]).count("added") == 1, "free again once the holder let go"
    assert _meta(server).get(ids=["write-lease"])["ids"] == [], "released after the write"


def test_clients_racing_for_the_lease_are_never_inside_together(chroma_url: str) -> None:
    server = new_server_store(chroma_url)
    leases = [_lease(server) for _ in range(3)]
    inside, overlaps, entries = [0], [0], [0]
    guard = threading.Lock()

    def write(lease: WriteLease) -> None:
        for _ in range(2):
            with lease.held():
                with guard:
                    inside[0] += 1
                    entries[0] += 1
                    overlaps[0] += inside[0] > 1
                time.sleep(0.3)
                with guard:
                    inside[0] -= 1

    threads = [threading.Thread(target=write, args=(lease,)) for lease in leases]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert (entries[0], overlaps[0]) == (6, 0)


def test_a_dead_holders_lease_is_taken_over_once_its_heartbeat_stops(chroma_url: str) -> None:
    """A holder killed mid-write leaves its record; a waiter that sees no new beat for ``ttl_s``
    takes over, and a live holder's beats keep it for as long as it writes."""
    server = new_server_store(chroma_url)
    _meta(server).upsert(
        ids=["write-lease"], embeddings=[[1.0]], metadatas=[{"owner": "process 1 on gone", "beat": "x"}]
    )
    waits: list[str] = []
    started = time.monotonic()
    with _lease(server, on_wait=waits.append).held():
        took = time.monotonic() - started
        assert 2.0 <= took < 10.0 and waits == ["waiting for process 1 on gone to finish writing to "
                                                f"{server.url} (up to 30 s)"]
        with pytest.raises(StoreBusyError), _lease(server, timeout_s=4.0).held():  # only beats keep the lease
            pass

