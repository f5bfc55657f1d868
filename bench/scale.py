"""How fazhi's store grows: ingest and search 100 / 1,000 / 5,000 synthetic reports, embedded
and on a Chroma server, and print one table row per store size and mode.

The corpus is bench/ingest.py's (``build_corpus``: sections of the 15 real and fictional reports
recombined under invented towns, numbers perturbed); the 15 originals are ingested first, since
they are the targets of eval/retrieval_queries.yaml, then the N synthetic reports in one timed
``ReportStore.ingest``. Each size and mode runs in a child process of its own, on a fresh store
(server mode: a fresh ``chroma run`` on a free 127.0.0.1 port in a temp folder), so its peak
resident memory (``wait4``) is that run's alone. Printed per run:

* searchable s: from the start of the ingest until every new report is committed and the search
  cache rebuilt, so every search finds it by its words (ingest commits text before vectors);
* ingest s: until every vector is stored as well; reports/s is N over that;
* recall@5 while pending: the query set searched (hybrid) at the searchable moment, before any
  new vector is in (that search's own time is not counted in ingest s);
* search p50/p95 ms over the query set (hybrid, k=5, after one warm-up query), recall@5 once all
  vectors are in, peak RSS of the run's process, and the store's size on disk (embedded: the
  store folder; server: the server's data folder).

    .venv/bin/python bench/scale.py                          # 100 and 1,000, both modes
    .venv/bin/python bench/scale.py --sizes 100,1000,5000 --modes embedded
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import yaml  # noqa: E402

from bench.ingest import ORIGINALS, QUERIES, WARMUP_QUERY, build_corpus, load_sources, percentile, squash  # noqa: E402

MODES = ("embedded", "server")
_SERVER_START_S = 60.0


@dataclass
class Row:
    """One size in one mode."""

    mode: str
    reports: int
    chunks: int = 0
    searchable_s: float = 0.0
    ingest_s: float = 0.0
    reports_per_s: float = 0.0
    recall_pending: float = 0.0
    pending_at_searchable: int = 0
    sheets_s: float = 0.0  # fact sheets made at the end of the ingest, after the reports were searchable
    p50_ms: float = 0.0
    p95_ms: float = 0.0
    recall: float = 0.0
    peak_mb: float = 0.0
    disk_mb: float = 0.0
    loadavg: float = 0.0


def _recall(store, queries: list[dict]) -> float:
    """Share of queries with a top-5 hybrid hit from the query's file holding its ``expect``."""
    found = 0
    for q in queries:
        expect = squash(q["expect"])
        hits = store.search(q["query"], k=5)
        found += any(hit.file == q["file"] and expect in squash(hit.text) for hit in hits)
    return found / len(queries)


def measure(mode: str, corpus: list[Path], store_root: Path, server_url: str | None) -> Row:
    """The child's job: one fresh store, originals then ``corpus`` ingested, then searched."""
    from store.server import ChromaServer
    from store.store import ReportStore

    queries = yaml.safe_load(QUERIES.read_text(encoding="utf-8"))["queries"]
    store = ReportStore(store_root, server=ChromaServer(server_url) if server_url else None)
    store.ingest(ORIGINALS)
    row = Row(mode, len(corpus))
    aside = 0.0  # seconds spent measuring recall inside the ingest, not counted as ingest time

    def on_searchable(count: int) -> None:
        nonlocal aside
        began = time.perf_counter()
        row.searchable_s = began - started
        row.pending_at_searchable = len(store.pending_reports())
        row.recall_pending = _recall(store, queries)
        aside += time.perf_counter() - began

    started = time.perf_counter()
    summary = store.ingest(corpus, on_searchable=on_searchable)
    row.ingest_s = time.perf_counter() - started - aside
    result = summary.as_dict()
    if result["reports"] != len(corpus):
        raise SystemExit(f"{mode}: {result['reports']} of {len(corpus)} reports stored: {result['files'][:3]}")
    row.chunks = result["chunks"]
    row.sheets_s = result["fact_sheets_seconds"]
    row.reports_per_s = len(corpus) / row.ingest_s
    store.search(WARMUP_QUERY, k=5)
    times = []
    for q in queries:
        began = time.perf_counter()
        store.search(q["query"], k=5)
        times.append((time.perf_counter() - began) * 1000)
    row.p50_ms, row.p95_ms = statistics.median(times), percentile(times, 95)
    row.recall = _recall(store, queries)
    row.loadavg = os.getloadavg()[0]
    return row


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(folder: Path) -> tuple[subprocess.Popen, str]:
    """``chroma run`` on a free port with its data in ``folder``; waits for its heartbeat."""
    import httpx

    executable = shutil.which("chroma") or str(Path(sys.executable).with_name("chroma"))
    port = _free_port()
    log = (folder / "server.log").open("wb")
    proc = subprocess.Popen(
        [executable, "run", "--path", str(folder / "data"), "--host", "127.0.0.1", "--port", str(port)],
        stdout=log, stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + _SERVER_START_S
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{url}/api/v2/heartbeat", timeout=1).status_code == 200:
                return proc, url
        except httpx.HTTPError:
            pass
        if proc.poll() is not None:
            break
        time.sleep(0.2)
    proc.kill()
    raise SystemExit(f"chroma run did not answer: see {folder / 'server.log'}")


def _megabytes(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 2**20


def run_one(mode: str, size: int, corpus: list[Path], work: Path) -> Row:
    """One child process for ``mode`` and ``size``, its peak RSS from ``wait4``."""
    folder = work / f"{mode}-{size}"
    folder.mkdir()
    (folder / "files.txt").write_text("\n".join(map(str, corpus[:size])), encoding="utf-8")
    server, url = start_server(folder) if mode == "server" else (None, None)
    try:
        args = [sys.executable, __file__, "--child", mode, str(folder)] + ([url] if url else [])
        with (folder / "child.out").open("wb") as out, (folder / "child.err").open("wb") as err:
            child = subprocess.Popen(args, stdout=out, stderr=err)  # files, not pipes: wait4 below
            _, status, usage = os.wait4(child.pid, 0)
        if os.waitstatus_to_exitcode(status) != 0:
            raise SystemExit(f"{mode} {size} failed:\n{(folder / 'child.err').read_text(errors='replace')[-3000:]}")
        row = Row(**json.loads((folder / "child.out").read_text().strip().splitlines()[-1]))
        row.peak_mb = usage.ru_maxrss / 1024
        row.disk_mb = _megabytes(folder / ("data" if server else "store"))
        return row
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)


def print_table(rows: list[Row]) -> None:
    header = (
        f"{'mode':<9}{'reports':>8}{'chunks':>8}{'searchable s':>13}{'ingest s':>10}{'reports/s':>10}"
        f"{'recall pending':>15}{'sheets s':>9}{'p50 ms':>8}{'p95 ms':>8}{'recall@5':>9}{'peak MB':>9}{'disk MB':>9}{'load':>6}"
    )
    print(header)
    for r in rows:
        print(
            f"{r.mode:<9}{r.reports:>8}{r.chunks:>8}{r.searchable_s:>13.1f}{r.ingest_s:>10.1f}{r.reports_per_s:>10.1f}"
            f"{r.recall_pending:>15.1%}{r.sheets_s:>9.1f}{r.p50_ms:>8.1f}{r.p95_ms:>8.1f}{r.recall:>9.1%}{r.peak_mb:>9.0f}"
            f"{r.disk_mb:>9.0f}{r.loadavg:>6.1f}",
            flush=True,
        )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="100,1000", help="synthetic report counts (default 100,1000)")
    parser.add_argument("--modes", default=",".join(MODES), help="embedded, server or both (default)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--json", type=Path, help="also write the rows here")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)  # mode folder [server url]
    args = parser.parse_args(argv)
    if args.child:
        mode, folder, *url = args.child
        corpus = [Path(p) for p in Path(folder, "files.txt").read_text(encoding="utf-8").splitlines()]
        row = measure(mode, corpus, Path(folder) / "store", url[0] if url else None)
        print(json.dumps(asdict(row)))
        return
    sizes = [int(s) for s in args.sizes.split(",")]
    modes = [m for m in args.modes.split(",") if m]
    if unknown := set(modes) - set(MODES):
        raise SystemExit(f"unknown mode(s) {', '.join(sorted(unknown))}: use {', '.join(MODES)}")
    work = Path(tempfile.mkdtemp(prefix="fazhi-scale-"))
    try:
        corpus = build_corpus(load_sources(ORIGINALS), max(sizes), work / "corpus", args.seed)
        print(f"nproc {os.cpu_count()}, loadavg {os.getloadavg()[0]:.2f} at start; {max(sizes)} synthetic reports built")
        rows = []
        for size in sizes:
            for mode in modes:
                rows.append(run_one(mode, size, corpus, work))
                print(f"  done: {mode} {size} (loadavg {os.getloadavg()[0]:.2f})", flush=True)
        print()
        print_table(rows)
        if args.json:
            args.json.write_text(json.dumps([asdict(r) for r in rows], indent=2), encoding="utf-8")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
