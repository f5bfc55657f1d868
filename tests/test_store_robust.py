"""The store under stress (issue 12): two writers, huge and hostile files, unreadable ones, odd
names. Every bad input gives one line naming the file, and nothing stored is lost."""

from __future__ import annotations

import errno
import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from hostile_files import pdf_bomb, zip_bomb_docx
from store_fixtures import ROOT, make_report
from typer.testing import CliRunner

from agent.cli import EXIT_BUSY, app
from store.limits import Limits
from store.lock import WriteLock
from store.store import ReportStore

runner = CliRunner()
_TOWNS = [f"{a}{b}镇" for a in "甲乙丙" for b in "子丑寅卯"]


def _cli(*args: str, env: dict[str, str] | None = None):
    return runner.invoke(app, list(args), env=env, catch_exceptions=False)


def _consistent(store: ReportStore) -> bool:
    """Every catalog chunk has its vector and every vector its chunk, by id."""
    vectors = set(store._collection.get(include=[])["ids"])
    return vectors == {chunk.id for chunk in store.catalog.chunks()}


def _corpus(folder: Path, towns: list[str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for i, town in enumerate(towns):
        (folder / f"r{i:02d}.txt").write_text(make_report(town=town), encoding="utf-8")
    return folder


# ------------------------------------------------------------------ one writer at a time

_CLI = "from agent.cli import app; app()"


def _start_ingest(home: Path, log: Path, *paths: Path) -> subprocess.Popen:
    """``fazhi ingest --json`` in its own process, stderr into ``log``."""
    env = {**os.environ, "FAZHI_HOME": str(home), "FAZHI_LOCK_TIMEOUT": "120"}
    return subprocess.Popen(
        [sys.executable, "-c", _CLI, "ingest", *map(str, paths), "--json"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=log.open("w"), text=True,
    )


def _wait_for(condition: Callable[[], bool], seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.1)


def test_three_writers_at_once_are_serialised_and_their_counts_are_true(tmp_path: Path) -> None:
    """Two ingests of the same folder and a single-file ingest beside them, all started while
    the store is locked, then let go at once: each waits with a message, one adds the folder and
    the other finds it unchanged, and every chunk has exactly its vector."""
    home = tmp_path / "home"
    folder = _corpus(tmp_path / "in", _TOWNS)
    single = _corpus(tmp_path / "one", ["白水乡"]) / "r00.txt"
    (home / "store").mkdir(parents=True)
    logs = [tmp_path / f"ingest{i}.log" for i in range(3)]
    with WriteLock(home / "store" / "write.lock", timeout_s=0).held():
        procs = [_start_ingest(home, logs[0], folder), _start_ingest(home, logs[1], folder),
                 _start_ingest(home, logs[2], single)]
        _wait_for(lambda: all("waiting:" in log.read_text() for log in logs))
    outputs = [proc.communicate(timeout=300)[0] for proc in procs]
    assert [proc.returncode for proc in procs] == [0, 0, 0], [log.read_text() for log in logs]
    results = [json.loads(out) for out in outputs]
    assert f"process {os.getpid()}" in logs[0].read_text()
    assert sorted(r["added"] for r in results[:2]) == [0, len(_TOWNS)]
    assert sorted(r["unchanged"] for r in results[:2]) == [0, len(_TOWNS)]
    assert results[2]["added"] == 1
    store = ReportStore(home / "store")
    assert len(store.reports()) == len(_TOWNS) + 1
    assert _consistent(store)


def test_a_writer_that_waits_too_long_gives_up_with_one_line(tmp_path: Path, write_report) -> None:
    home = tmp_path / "home"
    first = _cli("ingest", str(write_report("a.txt", town="青石乡")), "--home", str(home))
    assert first.exit_code == 0
    before = ReportStore(home / "store").reports()
    with WriteLock(home / "store" / "write.lock", timeout_s=0).held():
        result = _cli("ingest", str(write_report("b.txt", town="白水乡")), "--home", str(home),
                      env={"FAZHI_LOCK_TIMEOUT": "0.5"})
    assert result.exit_code == EXIT_BUSY
    lines = result.stderr.strip().splitlines()
    assert lines[0].startswith("waiting:") and f"process {os.getpid()}" in lines[0]
    assert [line for line in lines if line.startswith("error:")] == [lines[-1]]
    assert "still writing" in lines[-1] and "FAZHI_LOCK_TIMEOUT" in lines[-1]
    assert ReportStore(home / "store").reports() == before


# ------------------------------------------------------------------ size limits


def test_a_zip_bomb_docx_is_refused_with_one_line_and_the_good_file_beside_it_is_stored(
    tmp_path: Path, write_report
) -> None:
    home = tmp_path / "home"
    good = write_report("附件2.txt")
    bomb = zip_bomb_docx(good.parent / "附件1.docx", inflated_mb=60)
    assert bomb.stat().st_size < 100_000
    result = _cli("ingest", str(bomb.parent), "--home", str(home))
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1
    refused = rf"error: {re.escape(str(bomb))}: \.docx unpacks to 60\.\d MB or more, over the 50 MB limit"
    assert re.match(refused, errors[0]) and errors[0].endswith("(a zip bomb?)")
    assert [r.file for r in ReportStore(home / "store").reports()] == [good.name]


def test_files_over_the_size_limits_are_refused_before_the_work(tmp_path: Path, write_report) -> None:
    store = ReportStore(tmp_path / "store", limits=Limits(file_mb=0.01, inflated_mb=1.5, chunks=3))
    embedded: list[int] = []
    embed = store._embed
    store._embed = lambda texts: (embedded.append(len(texts)), embed(texts))[1]
    big = write_report("big.txt", make_report() * 40)
    long = write_report("long.txt")
    bomb = pdf_bomb(tmp_path / "in" / "bomb.pdf", pages=3, mb_per_page=1)
    summary = store.ingest([big, long, bomb])
    problems = {Path(o.file).name: o.problem for o in summary.failed}
    assert problems["big.txt"] == f"file is {big.stat().st_size / 1e6:.1f} MB, over the 0.01 MB limit"
    assert problems["long.txt"].endswith("chunks, over the 3 chunks allowed per report")
    assert problems["bomb.pdf"] == ".pdf unpacks to 2.0 MB or more, over the 1.5 MB limit (a zip bomb?)"
    assert embedded == [] and store.reports() == []


# ------------------------------------------------------------------ per-file isolation


def _unreadable(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Make ``path`` unreadable: by its mode, and where that does not bind (root), by failing the
    system calls that would read it the way the kernel would."""
    path.chmod(0)
    if os.access(path, os.R_OK):
        denied = OSError(errno.EACCES, os.strerror(errno.EACCES), str(path))
        if path.is_dir():
            scandir = os.scandir
            monkeypatch.setattr(os, "scandir", lambda p=".": _raise(denied) if Path(p) == path else scandir(p))
        else:
            read = Path.read_bytes
            monkeypatch.setattr(Path, "read_bytes", lambda p: _raise(denied) if p == path else read(p))


def _raise(exc: Exception):
    raise exc


def test_an_unreadable_file_or_folder_fails_alone_and_the_batch_goes_on(
    tmp_path: Path, write_report, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "home"
    locked = write_report("locked.txt", town="青石乡")
    good = write_report("good.txt", town="白水乡")
    hidden = _corpus(tmp_path / "tree" / "private", ["红岩镇"])
    visible = _corpus(tmp_path / "tree" / "public", ["石门镇"])
    _unreadable(locked, monkeypatch)
    _unreadable(hidden, monkeypatch)
    result = _cli("ingest", str(locked), str(good), str(tmp_path / "tree"), "--home", str(home))
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert sorted(errors) == sorted([
        f"error: {hidden}: cannot read folder (Permission denied)",
        f"error: {locked}: cannot read (Permission denied)",
    ])
    towns = {r.meta["town"] for r in ReportStore(home / "store").reports()}
    assert towns == {"白水乡", "石门镇"}, visible


def test_control_characters_in_file_names_cannot_forge_lines(tmp_path: Path, write_report) -> None:
    home = tmp_path / "home"
    forged = write_report("bad\nerror: forged.txt", text="")
    named = write_report("好\x1b[2J.txt", town="青石乡")
    result = _cli("ingest", str(forged.parent), "--home", str(home))
    lines = result.stderr.splitlines()
    assert [line for line in lines if line.startswith("error:")] == [
        f"error: {forged.parent}/bad\\nerror: forged.txt: empty file"
    ]
    assert "\x1b" not in result.stderr
    reports = json.loads(_cli("reports", "--home", str(home), "--json").stdout)
    assert [r["file"] for r in reports] == ["好\\x1b[2J.txt"] and named.exists()


def test_non_report_files_in_a_folder_are_noted_not_failed(fresh_store: ReportStore, write_report) -> None:
    good = write_report("r.txt")
    (good.parent / "facts.yaml").write_text("facts: []\n", encoding="utf-8")
    summary = fresh_store.ingest([good.parent])
    assert [(Path(o.file).name, o.status, o.problem) for o in summary.outcomes] == [
        ("facts.yaml", "skipped", "not a report file type (.yaml)"),
        ("r.txt", "added", None),
    ]
    assert summary.as_dict()["failed"] == 0
