"""A reading command answers from one committed state of the store (issue 23): a writer that
removes or replaces a report between the command's listing of the reports and its reading of
them must not crash it (``fazhi table`` exited 1 with ``KeyError: "no report '…'"`` in the race of
``bench/robustness.py race``), and the command shows the store as it was when it started."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from store_fixtures import make_report
from typer.testing import CliRunner

from agent.cli.main import app
from store.store import ReportStore

runner = CliRunner()
_TOWNS = ["青石乡", "白水镇", "红岩乡"]
_NO_MODEL = {  # a closed port: the which-towns question must be answered without a model call
    "FAZHI_BASE_URL": "http://127.0.0.1:9/v1", "FAZHI_API_KEY": "sk-test-0123456789", "FAZHI_MODEL": "none",
}


def _reports(folder: Path) -> list[Path]:
    folder.mkdir(parents=True)
    paths = []
    for i, town in enumerate(_TOWNS):
        path = folder / f"r{i}.txt"
        path.write_text(make_report(town=town), encoding="utf-8")
        paths.append(path)
    return paths


def _after_the_listing(monkeypatch: pytest.MonkeyPatch, write: Callable[[], None]) -> list[bool]:
    """Run ``write`` (another store object: its own connection, as another process has) once,
    right after the first time any store lists its reports."""
    listing = ReportStore.reports
    done: list[bool] = []

    def reports(self: ReportStore):
        rows = listing(self)
        if not done:
            done.append(True)
            write()
        return rows

    monkeypatch.setattr(ReportStore, "reports", reports)
    return done


def test_reports_listed_while_reading_stay_readable_when_a_writer_removes_and_replaces_them(tmp_path: Path) -> None:
    paths = _reports(tmp_path / "in")
    writer = ReportStore(tmp_path / "store")
    writer.ingest(paths)
    reader = ReportStore(tmp_path / "store")
    with reader.reading():
        before = reader.reports()
        removed, edited = (next(r for r in before if r.path == str(path.resolve())) for path in paths[:2])
        writer.remove(removed.id)
        paths[1].write_text(make_report(town=_TOWNS[1]) + "本报告已修订。\n", encoding="utf-8")
        assert writer.ingest([paths[1]]).count("replaced") == 1
        assert [row.id for row in reader.reports()] == [row.id for row in before]
        assert all(reader.document(row.id).text for row in before)
        assert {chunk.report_id for chunk in reader.catalog.chunks()} == {row.id for row in before}
    after = {row.id for row in reader.reports()}
    assert removed.id not in after and edited.id not in after and len(after) == 2


@pytest.mark.parametrize(
    "command",
    [["check", "--json"], ["table", "--no-llm", "--json"], ["ask", "哪些乡镇没有配备执法记录仪？", "--json"]],
    ids=["check", "table", "ask"],
)
def test_a_command_reads_one_committed_state_while_a_writer_removes_a_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: list[str]
) -> None:
    home = tmp_path / "home"
    _reports(tmp_path / "in")
    assert runner.invoke(app, ["ingest", str(tmp_path / "in"), "--home", str(home), "--json"]).exit_code == 0
    writer = ReportStore(home / "store")
    first = min(writer.reports(), key=lambda row: row.id)
    removed = _after_the_listing(monkeypatch, lambda: writer.remove(first.id))

    result = runner.invoke(app, [*command, "--home", str(home)], env=_NO_MODEL)

    assert removed, "the writer removed a report after the command listed them"
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    if command[0] == "ask":
        assert {c["report_id"] for c in data["citations"]} == {row.id for row in [first, *writer.reports()]}
    else:
        assert {row["report_id"] for row in data} == {first.id, *(row.id for row in writer.reports())}
    assert first.id not in {row.id for row in writer.reports()}
