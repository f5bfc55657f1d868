"""Break fazhi's store the way an operator would, and print what happened (issue 12).

Every probe runs the real ``fazhi`` command line in its own processes, as users do, and prints
for each process its exit code, wall seconds and peak resident memory (``wait4``), then checks
the store from a fresh process: lost vectors (catalog chunks without a vector, plus vectors the
index no longer returns for their own embedding), orphan vectors, and whether it still answers.

Probes (all by default; name some to run only those):

* ``writers``: ROUNDS rounds of an ingest of N synthetic reports, a second ingest of the same
  folder and three single-file ingests started beside it, with ``fazhi search`` running meanwhile.
* ``crash``: ``kill -9`` an ingest once a third is committed; ``doctor``; ingest again.
* ``lost``: vectors deleted behind fazhi's back; ``doctor``; ``ingest`` re-embeds; ``repair``.
* ``big``: a 4 MB text report (about 5,900 chunks: more than Chroma's 5,461-vector batch) beside
  a good file, under the default chunk limit and then with ``FAZHI_MAX_CHUNKS=10000``.
* ``huge``: a 50 MB text file beside a good file.
* ``bombs``: a .docx whose XML inflates to 400 MB, and a PDF of 4 pages of 20 MB content each.
  A lone good file is ingested first, for the peak memory of an ordinary ingest.
* ``liar``: a .docx whose zip headers declare 4 KB for a document.xml that inflates to 1.1 GB
  (issue 23), ingested alone and beside a good file.
* ``hung``: ``fazhi ask`` against a chat endpoint that takes the request and never answers
  (``tests/fault_server.py``, on 127.0.0.1), under ``FAZHI_DEADLINE`` (``--deadline``; default:
  the setting's default).
* ``flood``: ``fazhi ask`` against an endpoint that streams 2 MB whatever ``max_tokens`` says.
* ``race``: for ``--seconds`` (default 300), 2 writers against 4 readers on one store (issue 23).
  Writer 1 ingests new batches of synthetic reports and re-ingests earlier batches with files
  edited; writer 2 ingests single files, re-ingests them edited and ``fazhi remove``s them. The
  readers run ``search``, ``table --no-llm``, ``check`` and ``ask`` (a which-towns question,
  answered from the fact sheets; the chat endpoint is a closed port, so any model call fails),
  each with ``--json``, one run after another. Errors: a non-zero exit anywhere, or a reader's
  stdout that is not JSON. Lost: a report whose writer's last write succeeded but that the catalog
  lacks, holds in an older version, or (removed) still holds; plus lost and orphan vectors.

    .venv/bin/python bench/robustness.py                     # everything, N = 100, 3 rounds
    .venv/bin/python bench/robustness.py writers --reports 200 --rounds 6
    .venv/bin/python bench/robustness.py hung flood --deadline 30
    .venv/bin/python bench/robustness.py race --reports 20 --seconds 300
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from fault_server import FaultServer  # noqa: E402
from hostile_files import pdf_bomb, zip_bomb_docx  # noqa: E402

from bench.ingest import ORIGINALS, Source, build_corpus, load_sources  # noqa: E402
from store.document import parse_file  # noqa: E402

_CLI = "from agent.cli.main import app; app()"
_QUERY = "执法记录仪配备情况"
PROBES = ("writers", "crash", "lost", "big", "huge", "bombs", "liar", "hung", "flood", "race")


@dataclass
class Run:
    """One finished ``fazhi`` process."""

    label: str
    exit: int
    seconds: float
    peak_mb: float
    stdout: str
    stderr: str

    def line(self) -> str:
        """The run as one printed row: its counts when it printed an ingest summary, else its
        last stderr line (the summary or the error)."""
        try:
            summary = json.loads(self.stdout)
        except ValueError:
            summary = None
        if isinstance(summary, dict) and "added" in summary:
            waited = "after waiting, " if "waiting:" in self.stderr else ""
            counts = ("added", "unchanged", "repaired", "failed")
            said = waited + ", ".join(f"{summary.get(key, 0)} {key}" for key in counts)
        else:
            said = next((line for line in reversed(self.stderr.splitlines()) if line.strip()), "")
        return f"  {self.label:<38} exit {self.exit:>3}  {self.seconds:6.1f} s  {self.peak_mb:6.0f} MB  {said[:100]}"

    def json(self) -> dict:
        return json.loads(self.stdout)


@dataclass
class _Started:
    label: str
    proc: subprocess.Popen
    started: float
    out: Path
    err: Path
    ended: tuple[float, int, float] | None = None  # seconds, exit code, peak MB

    def running(self) -> bool:
        """Like ``Popen.poll``, but reaping with ``wait4``, which also reports peak memory."""
        if self.ended is None:
            self._reap(os.WNOHANG)
        return self.ended is None

    def wait(self) -> tuple[float, int, float]:
        if self.ended is None:
            self._reap(0)
        assert self.ended is not None
        return self.ended

    def _reap(self, options: int) -> None:
        pid, status, usage = os.wait4(self.proc.pid, options)
        if pid:
            self.proc.returncode = os.waitstatus_to_exitcode(status)
            self.ended = (time.perf_counter() - self.started, self.proc.returncode, usage.ru_maxrss / 1024)


class Fazhi:
    """Starts ``fazhi`` commands in their own processes against one ``FAZHI_HOME``."""

    def __init__(self, home: Path) -> None:
        self.home = home
        self.store = home / "store"
        self._logs = home / "logs"
        self._logs.mkdir(parents=True, exist_ok=True)
        self._count = 0

    def start(self, label: str, *args: str | Path, env: dict[str, str] | None = None) -> _Started:
        self._count += 1
        out, err = self._logs / f"{self._count}.out", self._logs / f"{self._count}.err"
        full_env = {**os.environ, "FAZHI_HOME": str(self.home), "FAZHI_LOCK_TIMEOUT": "900", **(env or {})}
        proc = subprocess.Popen(
            [sys.executable, "-c", _CLI, *map(str, args)],
            cwd=ROOT, env=full_env, stdout=out.open("w"), stderr=err.open("w"),
        )
        return _Started(label, proc, time.perf_counter(), out, err)

    @staticmethod
    def finish(started: _Started) -> Run:
        seconds, code, peak_mb = started.wait()
        return Run(started.label, code, seconds, peak_mb, started.out.read_text(), started.err.read_text())

    def run(self, label: str, *args: str | Path, env: dict[str, str] | None = None) -> Run:
        result = self.finish(self.start(label, *args, env=env))
        print(result.line(), flush=True)
        return result


# ---------------------------------------------------------------- checking a store

_CHECK = """
import json, sys
from pathlib import Path
from store.store import ReportStore
store = ReportStore(Path(sys.argv[1]))
chunks = {chunk.id for chunk in store.catalog.chunks()}
stored = store._collection.get(include=["embeddings"])
vectors = set(stored["ids"])
unfindable = 0
for start in range(0, len(stored["ids"]), 256):
    ids, embeddings = stored["ids"][start:start + 256], stored["embeddings"][start:start + 256]
    found = store._collection.query(query_embeddings=embeddings, n_results=10, include=["distances"])
    for own, near, distances in zip(ids, found["ids"], found["distances"]):
        # ten exact copies (boilerplate shared by many reports) may all outrank a vector's own id
        unfindable += own not in near and distances[-1] > 1e-6
print(json.dumps({
    "reports": len(store.catalog.report_ids()), "chunks": len(chunks), "vectors": len(vectors),
    "missing_vectors": len(chunks - vectors), "orphan_vectors": len(vectors - chunks), "unfindable": unfindable,
}))
"""


@dataclass
class StoreCheck:
    reports: int = 0
    chunks: int = 0
    vectors: int = 0
    missing_vectors: int = 0
    orphan_vectors: int = 0
    unfindable: int = 0
    broken: str | None = None  # how the checking process died, when the store cannot be read

    @property
    def lost(self) -> int | str:
        """Chunks dense search cannot return: no vector, or a vector the index does not return for
        its own embedding (unless ten exact copies of it, shared boilerplate, fill the top ten)."""
        return "all (store unreadable)" if self.broken else self.missing_vectors + self.unfindable

    def line(self) -> str:
        if self.broken:
            return f"  store: UNREADABLE ({self.broken})"
        return (
            f"  store: {self.reports} reports, {self.chunks} chunks, {self.vectors} vectors; "
            f"lost vectors {self.lost} ({self.missing_vectors} missing, {self.unfindable} unfindable), "
            f"orphans {self.orphan_vectors}"
        )


def check_store(store: Path) -> StoreCheck:
    """Counts from a fresh process (what the next command will see), every vector queried."""
    done = subprocess.run([sys.executable, "-c", _CHECK, str(store)], cwd=ROOT, capture_output=True, text=True)
    if done.returncode:
        last = next((line for line in reversed(done.stderr.splitlines()) if line.strip()), "")
        result = StoreCheck(broken=f"exit {done.returncode}: {last[:150]}")
    else:
        result = StoreCheck(**json.loads(done.stdout))
    print(result.line(), flush=True)
    return result


# ---------------------------------------------------------------- probes


@dataclass
class Corpus:
    folder: Path
    singles: list[Path]
    reports: int


def make_corpus(workdir: Path, reports: int, seed: int) -> Corpus:
    """``reports`` synthetic reports in one folder, and three more, one per file, elsewhere."""
    sources = load_sources(ORIGINALS)
    paths = build_corpus(sources, reports + 3, workdir / "all", seed)
    folder, singles = workdir / "folder", workdir / "singles"
    folder.mkdir()
    singles.mkdir()
    for path in paths[:reports]:
        path.rename(folder / path.name)
    moved = [path.rename(singles / path.name) for path in paths[reports:]]
    return Corpus(folder, moved, reports)


def probe_writers(workdir: Path, corpus: Corpus, rounds: int) -> list[str]:
    """The issue's race: a folder ingest, the same folder again a second later, and, for as long
    as those run, single-file ingests one after another and searches one after another."""
    outcomes = []
    for round_number in range(1, rounds + 1):
        print(f"writers, round {round_number}/{rounds}:", flush=True)
        fazhi = Fazhi(workdir / f"writers-{round_number}")
        folders = [fazhi.start(f"ingest {corpus.reports} reports", "ingest", corpus.folder, "--json")]
        time.sleep(1)
        folders.append(fazhi.start("ingest the same folder again", "ingest", corpus.folder, "--json"))
        singles, searches = _beside(fazhi, folders, corpus.singles)
        runs = [fazhi.finish(started) for started in folders]
        for run in runs + singles:
            print(run.line(), flush=True)
        print(f"  {len(searches)} searches meanwhile, exit codes {sorted({s.exit for s in searches})}")
        check = check_store(fazhi.store)
        after = fazhi.run("ingest the folder once more", "ingest", corpus.folder, "--json")
        outcomes.append(
            f"writers round {round_number}: folder ingests exit {[r.exit for r in runs]}, added "
            f"{[r.json()['added'] for r in runs]}, unchanged {[r.json()['unchanged'] for r in runs]}; "
            f"{len(singles)} single-file ingests exit {sorted({r.exit for r in singles})}; "
            f"{len(searches)} searches exit {sorted({r.exit for r in searches})}; reports {check.reports}/"
            f"{corpus.reports + min(len(singles), len(corpus.singles))}, lost vectors {check.lost}, "
            f"orphans {check.orphan_vectors}; "
            f"re-ingest unchanged {after.json()['unchanged']}/{corpus.reports}; folder ingest "
            f"{runs[0].seconds:.0f} s, {runs[0].peak_mb:.0f} MB"
        )
    return outcomes


def _beside(fazhi: Fazhi, writers: list[_Started], singles: list[Path]) -> tuple[list[Run], list[Run]]:
    """While any of ``writers`` runs, keep one single-file ingest (cycling through ``singles``)
    and one ``fazhi search`` going, each restarted as soon as it ends."""
    ingests: list[Run] = []
    searches: list[Run] = []
    ingest = search = None
    while any([writer.running() for writer in writers]):
        if ingest is None or not ingest.running():
            if ingest is not None:
                ingests.append(fazhi.finish(ingest))
            single = singles[len(ingests) % len(singles)]
            ingest = fazhi.start(f"ingest {single.name}", "ingest", single, "--json")
        if search is None or not search.running():
            if search is not None:
                searches.append(fazhi.finish(search))
            search = fazhi.start("search", "search", _QUERY, "-k", "3", "--json")
        time.sleep(0.2)
    ingests += [fazhi.finish(ingest)] if ingest else []
    searches += [fazhi.finish(search)] if search else []
    return ingests, searches


def probe_crash(workdir: Path, corpus: Corpus) -> tuple[list[str], Fazhi]:
    print("crash:", flush=True)
    fazhi = Fazhi(workdir / "crash")
    started = fazhi.start(f"ingest {corpus.reports} reports", "ingest", corpus.folder, "--json")
    catalog = fazhi.store / "catalog.sqlite"
    while started.running() and _committed(catalog) < corpus.reports // 3:
        time.sleep(0.2)
    committed = _committed(catalog)
    os.kill(started.proc.pid, signal.SIGKILL)
    killed = fazhi.finish(started)
    print(f"{killed.line()}  <- kill -9 after {committed} reports were committed")
    doctor = fazhi.run("doctor --json", "doctor", "--json").json()["store"]
    again = fazhi.run("ingest again", "ingest", corpus.folder, "--json").json()
    check = check_store(fazhi.store)
    return [
        f"crash: killed after {committed} commits ({killed.seconds:.0f} s); doctor then: "
        f"{doctor['missing_vectors']} missing, {doctor.get('pending_vectors', 0)} pending (of "
        f"{doctor.get('pending_reports', 0)} reports), {doctor['orphan_vectors']} orphan vectors; ingest again: "
        f"{again['added']} added + {again['repaired']} repaired + {again['unchanged']} unchanged = "
        f"{corpus.reports}; lost vectors "
        f"{check.lost}, orphans {check.orphan_vectors}"
    ], fazhi


def _committed(catalog: Path) -> int:
    try:
        with sqlite3.connect(f"file:{catalog}?mode=ro", uri=True) as db:
            return db.execute("SELECT COUNT(*) FROM reports").fetchone()[0]
    except sqlite3.Error:
        return 0


_DAMAGE = """
import sys
from pathlib import Path
from store.store import ReportStore
store = ReportStore(Path(sys.argv[1]))
ids = sorted(store._collection.get(include=[])["ids"])[:: int(sys.argv[2])]
store._collection.delete(ids=ids)
print(len(ids))
"""


def probe_lost(fazhi: Fazhi, corpus: Corpus) -> list[str]:
    """Vectors deleted by hand (as a broken disk or a bad copy would): found, then repaired."""
    print("lost vectors:", flush=True)

    def damage() -> int:
        every = "10"
        out = subprocess.run(
            [sys.executable, "-c", _DAMAGE, str(fazhi.store), every], cwd=ROOT, capture_output=True, text=True
        )
        return int(out.stdout)

    deleted = damage()
    doctor = fazhi.run("doctor --json", "doctor", "--json").json()["store"]
    ingest = fazhi.run("ingest (re-embeds)", "ingest", corpus.folder, "--json")
    after_ingest = check_store(fazhi.store)
    deleted_again = damage()
    repair = fazhi.run("repair", "repair", "--json")
    after_repair = check_store(fazhi.store)
    return [
        f"lost: {deleted} vectors deleted; doctor saw {doctor['missing_vectors']} missing; ingest repaired "
        f"{ingest.json()['repaired']} reports in {ingest.seconds:.1f} s, lost after: {after_ingest.lost}; "
        f"{deleted_again} deleted again, repair re-embedded {repair.json()['restored_vectors']} in "
        f"{repair.seconds:.1f} s, lost after: {after_repair.lost}"
    ]


def _concatenated(corpus: Corpus, target: Path, megabytes: float) -> Path:
    """One text file of the corpus reports end to end, repeated to about ``megabytes``."""
    block = "\n".join(path.read_text(encoding="utf-8") for path in sorted(corpus.folder.iterdir())) + "\n"
    size = len(block.encode("utf-8"))
    with target.open("w", encoding="utf-8") as out:
        for _ in range(round(megabytes * 1_000_000 / size)):
            out.write(block)
    return target


def _refused(run: Run, name: str) -> str:
    line = next((line for line in run.stderr.splitlines() if line.startswith("error:")), "(no error line)")
    return f"{name}: exit {run.exit} in {run.seconds:.1f} s, peak {run.peak_mb:.0f} MB: {line.split(': ', 2)[-1]}"


def _good_stored(fazhi: Fazhi, good: Path) -> bool:
    return any(r["file"] == good.name for r in fazhi.run("reports", "reports", "--json").json())


def probe_sizes(workdir: Path, corpus: Corpus, probes: set[str]) -> list[str]:
    good = corpus.singles[0]
    outcomes = []
    if "big" in probes:
        print("big report:", flush=True)
        big = _concatenated(corpus, workdir / "big-report.txt", 4)
        fazhi = Fazhi(workdir / "big-default")
        refused = fazhi.run("ingest 4 MB + good (defaults)", "ingest", big, good, "--json")
        outcomes.append(_refused(refused, "4 MB report, default limits") + f"; good file stored: {_good_stored(fazhi, good)}")
        fazhi = Fazhi(workdir / "big-raised")
        stored = fazhi.run("ingest 4 MB + good (10,000 chunks)", "ingest", big, good, "--json",
                           env={"FAZHI_MAX_CHUNKS": "10000"})
        check = check_store(fazhi.store)
        chunks = next(f["chunks"] for f in stored.json()["files"] if f["file"].endswith(big.name))
        outcomes.append(
            f"4 MB report, FAZHI_MAX_CHUNKS=10000: exit {stored.exit}, {chunks} chunks stored in "
            f"{stored.seconds:.0f} s, peak {stored.peak_mb:.0f} MB, lost vectors {check.lost}; good file "
            f"stored: {_good_stored(fazhi, good)}"
        )
    if "huge" in probes:
        print("huge file:", flush=True)
        huge = _concatenated(corpus, workdir / "huge.txt", 50)
        fazhi = Fazhi(workdir / "huge")
        run = fazhi.run("ingest 50 MB + good", "ingest", huge, good, "--json")
        outcomes.append(_refused(run, "50 MB text file") + f"; good file stored: {_good_stored(fazhi, good)}")
    if "bombs" in probes:
        print("bombs:", flush=True)
        alone = Fazhi(workdir / "good-alone").run("ingest the good file alone", "ingest", good, "--json")
        outcomes.append(f"one good file alone: exit {alone.exit} in {alone.seconds:.1f} s, peak {alone.peak_mb:.0f} MB")
        docx = zip_bomb_docx(workdir / "bomb.docx", inflated_mb=400)
        pdf = pdf_bomb(workdir / "bomb.pdf", pages=4, mb_per_page=20)
        for bomb, what in ((docx, f"{docx.stat().st_size / 1e6:.1f} MB .docx -> 400 MB"),
                           (pdf, f"{pdf.stat().st_size / 1e6:.2f} MB .pdf -> 4 x 20 MB")):
            fazhi = Fazhi(workdir / f"bomb-{bomb.suffix[1:]}")
            run = fazhi.run(f"ingest {bomb.name} + good", "ingest", bomb, good, "--json")
            outcomes.append(_refused(run, what) + f"; good file stored: {_good_stored(fazhi, good)}")
    if "liar" in probes:
        print("lying zip:", flush=True)
        liar = zip_bomb_docx(workdir / "liar.docx", inflated_mb=1100, declares=4096)
        what = f"{liar.stat().st_size / 1e6:.1f} MB .docx declaring 4 KB -> 1.1 GB"
        alone = Fazhi(workdir / "liar-alone").run(f"ingest {liar.name}", "ingest", liar, "--json")
        outcomes.append(_refused(alone, what + ", alone"))
        fazhi = Fazhi(workdir / "liar")
        beside = fazhi.run(f"ingest {liar.name} + good", "ingest", liar, good, "--json")
        outcomes.append(_refused(beside, what + ", beside a good file") + f"; good file stored: {_good_stored(fazhi, good)}")
    return outcomes


_ASKED = "陶家镇如何推进依法行政？"  # answered by the model from passages of the samples


def probe_endpoint(workdir: Path, probes: set[str], deadline: float | None) -> list[str]:
    """``fazhi ask`` against a chat endpoint that misbehaves (issue 23): one that never answers,
    one that floods; what each run printed, how long it took and how much memory."""
    fazhi = Fazhi(workdir / "endpoint")
    fazhi.run("ingest the samples", "ingest", ROOT / "samples", "--json")
    server = FaultServer()
    env = {"FAZHI_BASE_URL": server.base_url, "FAZHI_API_KEY": "sk-bench-0123456789", "FAZHI_MODEL": "fake-model",
           **({"FAZHI_DEADLINE": f"{deadline:g}"} if deadline else {})}
    outcomes = []
    try:
        if "hung" in probes:
            print("hung endpoint:", flush=True)
            server.fault = "hang"
            run = fazhi.run("ask, endpoint never answers", "ask", _ASKED, "--json", env=env)
            said = next((line for line in run.stderr.splitlines() if line.startswith("error:")), "(no error line)")
            outcomes.append(f"hung endpoint, FAZHI_DEADLINE {env.get('FAZHI_DEADLINE', 'default')}: exit {run.exit} "
                            f"in {run.seconds:.1f} s, {len(run.stderr.splitlines())} line(s) on stderr: {said}")
        if "flood" in probes:
            print("flooding endpoint:", flush=True)
            server.fault, server.content = "huge", "陶家镇推进依法行政。"
            run = fazhi.run(f"ask, endpoint sends {server.huge_chars / 1e6:.0f} MB", "ask", _ASKED, "--json", env=env)
            answer = run.json() if run.exit == 0 else {}
            asked = sorted({body.get("max_completion_tokens", body.get("max_tokens")) for body in server.bodies})
            outcomes.append(f"{server.huge_chars / 1e6:.0f} MB reply: exit {run.exit} in {run.seconds:.1f} s, peak "
                            f"{run.peak_mb:.0f} MB, {len(run.stdout):,} characters of JSON, "
                            f"{len(answer.get('problems', []))} problems, verified {answer.get('verified')}; "
                            f"max_tokens sent {asked}")
    finally:
        server.close()
    return outcomes


# ---------------------------------------------------------------- race: 2 writers, 4 readers

_TOWNS_QUESTION = "哪些乡镇没有配备执法记录仪？"  # a registry question: answered from the fact sheets
_NO_MODEL = {  # a chat endpoint on a closed port: a model call would fail the run, none is expected
    "FAZHI_BASE_URL": "http://127.0.0.1:9/v1", "FAZHI_API_KEY": "sk-bench-0123456789", "FAZHI_MODEL": "none",
}
_RACE_BATCH = 5  # new reports per batch of writer 1
_RACE_EDITS = 2  # files writer 1 edits in an earlier batch before ingesting it again


def _edit(path: Path, count: int) -> None:
    """A new version of a report: one more sentence at its end, so its text (and id) changes."""
    path.write_text(path.read_text(encoding="utf-8") + f"\n本报告第{count}次修订。\n", encoding="utf-8")


class _Loop:
    """One loop of the race: its next command, and what it learns from each finished run."""

    name = ""

    def __init__(self) -> None:
        self.runs: list[Run] = []
        self.errors: list[tuple[Run, str]] = []

    def command(self) -> tuple[str, list[str | Path]]:
        raise NotImplementedError

    def finished(self, run: Run) -> None:
        self.runs.append(run)
        problem = self.problem(run)
        if problem:
            self.errors.append((run, problem))
            print(f"  ERROR {self.name}: {run.line().strip()}", flush=True)
        self.learn(run, problem is None)

    def problem(self, run: Run) -> str | None:
        """Why this run counts as an error: a non-zero exit, or stdout that is not JSON."""
        last = next((line for line in reversed(run.stderr.splitlines()) if line.strip()), "")
        if run.exit:
            return f"exit {run.exit}: {last[:160]}"
        try:
            json.loads(run.stdout)
        except ValueError:
            return f"stdout is not JSON ({len(run.stdout)} characters): {last[:120]}"
        return None

    def learn(self, run: Run, ok: bool) -> None:
        pass


class _Reader(_Loop):
    def __init__(self, name: str, *args: str) -> None:
        super().__init__()
        self.name, self.args = name, list(args)

    def command(self) -> tuple[str, list[str | Path]]:
        return self.name, list(self.args)


class _Writer(_Loop):
    """A writer that remembers, for every file it wrote, whether the store must hold it (in its
    current text) or must not (removed); files of a failed write are left out of the check."""

    def __init__(self) -> None:
        super().__init__()
        self.expected: dict[Path, bool] = {}  # file -> must be in the store (its latest text)
        self.writing: list[Path] = []  # what the run in progress writes
        self.present_after = True

    def problem(self, run: Run) -> str | None:
        found = super().problem(run)
        if found is None and "failed" in run.json() and run.json()["failed"]:
            failed = [f for f in run.json()["files"] if f["status"] == "failed"]
            return f"{len(failed)} file(s) failed: {failed[0].get('problem')}"
        return found

    def learn(self, run: Run, ok: bool) -> None:
        for path in self.writing:
            if ok:
                self.expected[path] = self.present_after
            else:
                self.expected.pop(path, None)


class _BatchWriter(_Writer):
    """Writer 1: a batch of new reports, then an earlier batch again with some files edited."""

    name = "writer 1 (batches)"

    def __init__(self, root: Path, sources: list[Source], seed: int, first: Path) -> None:
        super().__init__()
        self.root, self.sources, self.rng = root, sources, random.Random(seed)
        self.batches = [first]
        self.steps = 0
        self.writing = sorted(first.iterdir())  # the seed batch, ingested before the race

    def command(self) -> tuple[str, list[str | Path]]:
        self.steps += 1
        if self.steps % 2:
            folder = self.root / f"batch-{self.steps:03d}"
            build_corpus(self.sources, _RACE_BATCH, folder, self.rng.randrange(1 << 30))
            self.batches.append(folder)
            label = f"ingest {_RACE_BATCH} new reports"
        else:
            folder = self.rng.choice(self.batches)
            for path in self.rng.sample(sorted(folder.iterdir()), _RACE_EDITS):
                _edit(path, self.steps)
            label = f"ingest {folder.name} again, {_RACE_EDITS} edited"
        self.writing = sorted(folder.iterdir())
        return label, ["ingest", folder, "--json"]


class _SingleWriter(_Writer):
    """Writer 2, in turn: a new single file; an edited file of its own again; a new one; removes one."""

    name = "writer 2 (single files)"

    def __init__(self, root: Path, sources: list[Source], seed: int) -> None:
        super().__init__()
        self.root, self.sources, self.rng = root, sources, random.Random(seed)
        root.mkdir(parents=True)
        self.steps = 0

    def _stored(self) -> list[Path]:
        return sorted(path for path, present in self.expected.items() if present)

    def command(self) -> tuple[str, list[str | Path]]:
        self.steps += 1
        stored = self._stored()
        self.present_after = True
        if self.steps % 4 == 2 and stored:
            path = self.rng.choice(stored)
            _edit(path, self.steps)
            self.writing = [path]
            return f"ingest {path.name} edited", ["ingest", path, "--json"]
        if self.steps % 4 == 0 and len(stored) > 1:
            path = self.rng.choice(stored)
            self.writing, self.present_after = [path], False
            return f"remove {path.name}", ["remove", path.resolve()]
        made = build_corpus(self.sources, 1, self.root / "new", self.rng.randrange(1 << 30))[0]
        path = made.rename(self.root / f"single_{self.steps:04d}.txt")
        self.writing = [path]
        return f"ingest {path.name}", ["ingest", path, "--json"]

    def problem(self, run: Run) -> str | None:
        if self.present_after:
            return super().problem(run)
        last = next((line for line in reversed(run.stderr.splitlines()) if line.strip()), "")
        return f"exit {run.exit}: {last[:160]}" if run.exit else None  # remove prints no JSON


def _race(fazhi: Fazhi, loops: list[_Loop], seconds: float) -> float:
    """Keep one run of every loop going, each loop's next started as soon as its last ends, until
    ``seconds`` have passed; then wait for the runs in progress. Returns the seconds it took."""
    started = time.perf_counter()
    deadline = started + seconds
    current: dict[int, _Started] = {}

    def launch(index: int) -> None:
        label, args = loops[index].command()
        current[index] = fazhi.start(f"{loops[index].name}: {label}", *args, env=_NO_MODEL)

    for index in range(len(loops)):
        launch(index)
    report_at = started + 30
    while current:
        for index, run in list(current.items()):
            if not run.running():
                loops[index].finished(fazhi.finish(current.pop(index)))
                if time.perf_counter() < deadline:
                    launch(index)
        if time.perf_counter() >= report_at:
            report_at += 30
            print(f"  {time.perf_counter() - started:.0f} s: runs " + ", ".join(
                f"{loop.name} {len(loop.runs)}" for loop in loops) + f"; errors {sum(len(loop.errors) for loop in loops)}",
                flush=True)
        time.sleep(0.1)
    return time.perf_counter() - started


def _catalog_lost(fazhi: Fazhi, writers: list[_Writer]) -> tuple[dict[str, list[str]], Run]:
    """What the store should hold and does not, read by a fresh ``fazhi reports --json``: files
    missing, held in an older version (or twice), or held after their removal."""
    listing = fazhi.run("reports --json", "reports", "--json", env=_NO_MODEL)
    held: dict[str, list[str]] = {}
    for row in listing.json() if listing.exit == 0 else []:
        held.setdefault(row["path"], []).append(row["id"])
    lost: dict[str, list[str]] = {"missing": [], "stale": [], "removed but held": []}
    for writer in writers:
        for path, present in writer.expected.items():
            ids = held.get(str(path.resolve()), [])
            if not present:
                if ids:
                    lost["removed but held"].append(path.name)
            elif not ids:
                lost["missing"].append(f"{path.parent.name}/{path.name}")
            elif ids != [parse_file(path).id]:
                lost["stale"].append(f"{path.parent.name}/{path.name}")
    return lost, listing


def probe_race(workdir: Path, corpus: Corpus, seconds: float, seed: int) -> list[str]:
    """The issue's race: 2 writers and 4 readers, each loop one run after another, for ``seconds``."""
    print(f"race, {seconds:g} s:", flush=True)
    root = workdir / "race"
    fazhi = Fazhi(root / "home")
    sources = load_sources(ORIGINALS)
    first = shutil.copytree(corpus.folder, root / "batch-000")
    batches = _BatchWriter(root, sources, seed, first)
    batches.finished(fazhi.run(f"seed: ingest {corpus.reports} reports", "ingest", first, "--json", env=_NO_MODEL))
    batches.runs.clear()  # the seed is not a run of the race
    singles = _SingleWriter(root / "singles", sources, seed + 1)
    readers = [
        _Reader("search", "search", _QUERY, "-k", "3", "--json"),
        _Reader("table", "table", "--no-llm", "--json"),
        _Reader("check", "check", "--json"),
        _Reader("ask", "ask", _TOWNS_QUESTION, "--json"),
    ]
    loops: list[_Loop] = [batches, singles, *readers]
    took = _race(fazhi, loops, seconds)
    check = check_store(fazhi.store)
    lost, listing = _catalog_lost(fazhi, [batches, singles])
    errors = [(loop.name, problem) for loop in loops for _, problem in loop.errors]
    distinct: dict[tuple[str, str], int] = {}
    for key in errors:
        distinct[key] = distinct.get(key, 0) + 1
    expected = sum(present for writer in (batches, singles) for present in writer.expected.values())
    lost_reports = sum(map(len, lost.values()))
    outcomes = [
        f"race: {took:.0f} s; runs " + ", ".join(f"{loop.name} {len(loop.runs)}" for loop in loops)
        + f"; errors {len(errors)}; lost {lost_reports} reports of {expected} ("
        + ", ".join(f"{len(names)} {what}" for what, names in lost.items()) + f"), lost vectors {check.lost}, "
        f"orphans {check.orphan_vectors}; store {len(listing.json()) if listing.exit == 0 else '?'} reports, "
        f"{check.chunks} chunks"
    ]
    outcomes += [f"race error x{count}, {name}: {problem}" for (name, problem), count in distinct.items()]
    outcomes += [f"race lost ({what}): {', '.join(names[:10])}" for what, names in lost.items() if names]
    return outcomes


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("probes", nargs="*", help=f"probes to run, of {', '.join(PROBES)} (default: all)")
    parser.add_argument("--reports", type=int, default=100, help="synthetic reports per folder ingest (default 100)")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of the writers probe (default 3)")
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--workdir", type=Path, help="keep everything here (default: a temp dir, removed)")
    parser.add_argument("--deadline", type=float, help="FAZHI_DEADLINE for the endpoint probes (default: the setting's)")
    parser.add_argument("--seconds", type=float, default=300, help="how long the race probe runs (default 300)")
    args = parser.parse_args(argv)
    if unknown := set(args.probes) - set(PROBES):
        parser.error(f"unknown probes {sorted(unknown)}; choose from {', '.join(PROBES)}")
    probes = set(args.probes or PROBES)
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="fazhi-robust-"))
    workdir.mkdir(parents=True, exist_ok=True)
    print(f"nproc={os.cpu_count()}, loadavg {os.getloadavg()[0]:.1f}, python {platform.python_version()}, "
          f"N={args.reports}, rounds={args.rounds}, race {args.seconds:g} s, workdir {workdir}", flush=True)
    started = time.perf_counter()
    try:
        corpus = make_corpus(workdir, args.reports, args.seed)
        outcomes: list[str] = []
        if "writers" in probes:
            outcomes += probe_writers(workdir, corpus, args.rounds)
        if probes & {"crash", "lost"}:
            crashed, fazhi = probe_crash(workdir, corpus)
            outcomes += crashed
            if "lost" in probes:
                outcomes += probe_lost(fazhi, corpus)
        outcomes += probe_sizes(workdir, corpus, probes)
        if probes & {"hung", "flood"}:
            outcomes += probe_endpoint(workdir, probes, args.deadline)
        if "race" in probes:
            outcomes += probe_race(workdir, corpus, args.seconds, args.seed)
        print(f"\noutcomes ({time.perf_counter() - started:.0f} s in all):")
        for outcome in outcomes:
            print(f"- {outcome}")
    finally:
        if args.workdir is None:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
