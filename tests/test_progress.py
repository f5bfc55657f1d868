"""What a command shows while it works: ``-q``/FAZHI_QUIET silences spinners, bars and counts
but never the output or an error, and ingest reports how far each file's embedding has got."""

from __future__ import annotations

import json
import os
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from fault_fixtures import fazhi_command
from store_fixtures import ROOT, SAMPLES
from typer.testing import CliRunner

import store.store as store_module
from agent.cli.main import app
from agent.cli.progress import alert, progress_bars, set_quiet, spinner
from store.store import ReportStore

SAMPLE = SAMPLES / "002_a2fffb7c7f62c0d4.txt"
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


@pytest.fixture(autouse=True)
def loud_afterwards() -> Iterator[None]:
    yield
    set_quiet(False)  # quiet is process-wide: leave it as the other tests expect


def _fazhi_on_a_terminal(home: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    """fazhi as a process whose stderr rich takes for a terminal (TTY_COMPATIBLE), so spinners
    and bars are drawn into what the test reads."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("FAZHI_", "OPENAI_"))}
    environment.update(FAZHI_CONFIG=str(home / "no-config.toml"), TTY_COMPATIBLE="1", **env)
    return subprocess.run(fazhi_command("--home", str(home), *args), cwd=ROOT, env=environment,
                          capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def reports_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("in")
    (folder / SAMPLE.name).write_bytes(SAMPLE.read_bytes())
    (folder / "broken.pdf").write_bytes(b"%PDF-1.4 broken")
    return folder


def test_ingest_on_a_terminal_draws_its_bar_and_says_what_it_did(tmp_path: Path, reports_folder: Path) -> None:
    result = _fazhi_on_a_terminal(tmp_path, "ingest", str(reports_folder))
    assert result.returncode == 1  # the broken pdf
    shown = ANSI.sub("", result.stderr)
    assert "ingesting" in shown and "1/2" in shown
    assert "1 reports ingested" in shown
    assert any(line.startswith("error:") and "broken.pdf" in line for line in shown.splitlines())


@pytest.mark.parametrize("quiet", [("-q",), ("--quiet",), ()])
def test_quiet_leaves_errors_and_output_only(tmp_path: Path, reports_folder: Path, quiet: tuple[str, ...]) -> None:
    env = {} if quiet else {"FAZHI_QUIET": "1"}
    result = _fazhi_on_a_terminal(tmp_path, *quiet, "ingest", str(reports_folder), **env)
    assert result.returncode == 1
    assert "ingesting" not in result.stderr and "reports ingested" not in result.stderr
    assert "\x1b[?25l" not in result.stderr  # no live display (which hides the cursor) was started
    assert ANSI.sub("", result.stderr).splitlines() == [
        f"error: {reports_folder / 'broken.pdf'}: not a readable .pdf (Stream has ended unexpectedly)"]

    listed = _fazhi_on_a_terminal(tmp_path, *quiet, "reports", "--json", **env)
    assert [row["file"] for row in json.loads(listed.stdout)] == [SAMPLE.name]
    assert listed.stderr == ""


def test_quiet_drops_the_count_line_under_a_table(tmp_path: Path, reports_folder: Path) -> None:
    home = str(tmp_path)
    runner = CliRunner()
    runner.invoke(app, ["--home", home, "ingest", str(reports_folder)])
    loud = runner.invoke(app, ["--home", home, "reports"])
    quiet = runner.invoke(app, ["--home", home, "-q", "reports"])
    assert "1 reports" in loud.stderr and quiet.stderr == ""
    assert SAMPLE.name[:10] in quiet.stdout and quiet.stdout == loud.stdout


def test_the_progress_helpers_draw_nothing_when_quiet(capsys: pytest.CaptureFixture[str]) -> None:
    set_quiet(True)
    with spinner("working") as line:
        line.update("still working")
    with progress_bars() as bars:
        bars.add_task("files", total=3)
        assert bars.disable
    alert("[red]error:[/] shown anyway")
    assert capsys.readouterr().err == "error: shown anyway\n"
    set_quiet(False)
    assert not progress_bars().disable and progress_bars(disable=True).disable


def test_ingest_reports_each_files_embedding_progress(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(store_module, "_EMBED_BATCH", 5)
    second = SAMPLES / "004_33eb5ab76e21880d.txt"
    heard: list[tuple[str, int, int]] = []
    summary = ReportStore(tmp_path / "store").ingest(
        [SAMPLE, second], on_chunks=lambda file, done, total: heard.append((file, done, total)))
    chunks = {outcome.file: outcome.chunks for outcome in summary.outcomes}
    assert len(chunks) == 2 and all(count > 5 for count in chunks.values())
    for file, total in chunks.items():
        steps = [(done, of) for name, done, of in heard if name == file]
        assert {of for _, of in steps} == {total}
        assert [done for done, _ in steps] == sorted(done for done, _ in steps)
        assert steps[-1][0] == total and len(steps) >= total // 5
