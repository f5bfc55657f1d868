"""The store under stress (issue 12): huge and hostile files, unreadable ones, odd names. Every bad
input gives one line naming the file, and nothing stored is lost."""

from __future__ import annotations

import errno
import json
import os
import re
from pathlib import Path

import pytest
from hostile_files import pdf_bomb, zip_bomb_docx
from store_fixtures import make_report
from typer.testing import CliRunner

from agent.cli import app
from store.limits import Limits
from store.store import ReportStore

runner = CliRunner()


def _cli(*args: str, env: dict[str, str] | None = None):
    return runner.invoke(app, list(args), env=env, catch_exceptions=False)


def _corpus(folder: Path, towns: list[str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for i, town in enumerate(towns):
        (folder / f"r{i:02d}.txt").write_text(make_report(town=town), encoding="utf-8")
    return folder


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
