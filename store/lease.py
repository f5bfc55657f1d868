"""One writer at a time on a Chroma server, across machines: a lease record on the server.

The file lock (``store.lock``) only keeps out writers that share its folder, i.e. this machine's;
two clients on two machines could otherwise write one server store at once, which is what lost
vectors in issue 12. Chroma offers no transactions and no compare-and-set, so the lease is built
from what it has, one record (``write-lease``) in the store's ``fazhi_meta`` collection:

- claim: read the record; when there is none (or it is stale, below), write our ``owner`` into it,
  wait ``settle_s`` for a rival's claim to land, and read it again: the last write wins, and only
  the client that still finds its own owner there goes ahead. The others wait.
- hold: a heartbeat thread rewrites the record with a new ``beat`` every ``ttl_s / 4``.
- stale: a waiter that sees the same owner and beat for ``ttl_s`` by its own clock takes the lease
  over (its holder was killed or cut off). Waiters time beats by their own monotonic clocks, so
  the machines' clocks need not agree.
- release: delete the record if it is still ours.

Limits (docs/operations.md): a claim whose write reaches the server more than ``settle_s``
after a rival's check can still let two writers in; a holder stalled for longer than ``ttl_s``
(suspended laptop, a network cut) loses its lease to a waiter while it may still be writing, and
only logs a warning when its heartbeat finds that out. With the defaults (0.5 s, 30 s) both take
a badly overloaded network or machine; a deployment that must exclude them needs a lock service.
"""

from __future__ import annotations

import logging
import os
import secrets
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from store.lock import StoreBusyError, WriteLock

_LEASE = "write-lease"
_PLACEHOLDER = [1.0]
_POLL_S = 0.5


class WriteLease:
    """The write lease of the server store whose ``fazhi_meta`` collection is ``meta``; ``where``
    names the store in messages, and ``on_wait`` hears one line when a writer has to wait."""

    def __init__(
        self,
        meta: Any,
        where: str,
        timeout_s: float,
        on_wait: Callable[[str], None] | None = None,
        ttl_s: float = 30.0,
        settle_s: float = 0.5,
    ) -> None:
        self._meta = meta
        self.where = where
        self.timeout_s = timeout_s
        self.on_wait = on_wait
        self.ttl_s = ttl_s
        self.settle_s = settle_s

    @contextmanager
    def held(self) -> Iterator[None]:
        """Hold the lease for the block, renewed in the background; released after it."""
        owner = f"process {os.getpid()} on {socket.gethostname()} [{secrets.token_hex(4)}]"
        self._acquire(owner)
        stop = threading.Event()
        beat = threading.Thread(target=self._beat, args=(owner, stop), name="fazhi-write-lease", daemon=True)
        beat.start()
        try:
            yield
        finally:
            stop.set()
            beat.join()
            if self._read()[0] == owner:
                self._meta.delete(ids=[_LEASE])

    def _acquire(self, owner: str) -> None:
        deadline = time.monotonic() + self.timeout_s
        seen: tuple[str | None, str | None] = (None, None)
        seen_since = time.monotonic()
        told = False
        while True:
            holder = self._read()
            if holder != seen:
                seen, seen_since = holder, time.monotonic()
            stale = time.monotonic() - seen_since >= self.ttl_s
            if holder[0] is None or stale:
                self._write(owner)
                time.sleep(self.settle_s)
                if self._read()[0] == owner:
                    return
                continue
            if not told and self.on_wait is not None:
                self.on_wait(f"waiting for {holder[0]} to finish writing to {self.where} (up to {self.timeout_s:g} s)")
                told = True
            if time.monotonic() >= deadline:
                raise StoreBusyError(
                    f"{self.where}: {holder[0]} is still writing to this store after {self.timeout_s:g} s; "
                    "try again when it has finished"
                )
            time.sleep(_POLL_S)

    def _beat(self, owner: str, stop: threading.Event) -> None:
        while not stop.wait(self.ttl_s / 4):
            try:
                holder = self._read()[0]
                if holder != owner:
                    logging.getLogger(__name__).warning(
                        "the write lease on %s was taken over by %s while this process wrote", self.where, holder
                    )
                    return
                self._write(owner)
            except Exception as exc:  # the server is unreachable: the write itself will fail or finish
                logging.getLogger(__name__).warning("could not renew the write lease on %s (%s)", self.where, exc)

    def _read(self) -> tuple[str | None, str | None]:
        """(owner, beat) of the lease record, or (None, None) when there is none."""
        found = self._meta.get(ids=[_LEASE], include=["metadatas"])
        if not found["ids"] or not found["metadatas"]:
            return None, None
        meta = found["metadatas"][0]
        return str(meta.get("owner")), str(meta.get("beat"))

    def _write(self, owner: str) -> None:
        self._meta.upsert(
            ids=[_LEASE], embeddings=[_PLACEHOLDER], metadatas=[{"owner": owner, "beat": secrets.token_hex(8)}]
        )


class ServerWriteLock:
    """A server store's write lock: this machine's file lock first (writers sharing the client
    folder queue on it without polling the server), then the server's lease."""

    def __init__(self, local: WriteLock, lease: WriteLease) -> None:
        self.local = local
        self.lease = lease

    @contextmanager
    def held(self) -> Iterator[None]:
        with self.local.held(), self.lease.held():
            yield
