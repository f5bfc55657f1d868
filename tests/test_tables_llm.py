"""The model's picks for table cells the patterns cannot settle, replayed from cassettes.

Recorded from the real local model (``scripts/record-cassettes tests/test_tables_llm.py``).
The model only answers with a candidate's number: every value and quote comes from the report.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from store_fixtures import SAMPLES
from typer.testing import CliRunner

from agent.cli.tables import register
from agent.llm.client import Endpoint, chat_model
from agent.settings import Settings
from agent.stores import open_store
from agent.tables.build import collect, resolve
from agent.usage import Usage
from store.document import parse_file


def _pending(name: str):
    report = parse_file(next(SAMPLES.glob(f"{name}*")))
    return collect(report.norm, report.meta_dict(), report.id, report.file)


@pytest.mark.vcr
def test_model_resolves_ambiguous_sample_cells(llm_settings: Settings, llm_endpoint: Endpoint) -> None:
    model = chat_model(llm_settings, llm_endpoint)
    usage = Usage()
    tian, chengxi = _pending("000_"), _pending("004_")
    assert tian.ambiguous == ["disputes_mediated"]
    assert chengxi.ambiguous == ["disputes_mediated", "petitions"]
    rows = [resolve(tian, model, usage), resolve(chengxi, model, usage)]
    assert usage.llm_calls == 3
    for pending, row in zip((tian, chengxi), rows, strict=True):
        for key in pending.ambiguous:
            cell = row.cells[key]
            assert cell is None or (cell.source == "llm" and not cell.ambiguous)
            if cell is not None:
                assert cell.value in pending.extractions[key].values
                compact = "".join(pending.doc.original[cell.start : cell.end].split())
                assert compact == "".join(cell.quote.split())
    assert rows[0].cells["disputes_mediated"].value == 806  # type: ignore[union-attr]
    assert rows[1].cells["disputes_mediated"].value == 1705  # type: ignore[union-attr]
    assert rows[1].cells["petitions"].value == 30  # type: ignore[union-attr]


@pytest.mark.vcr(str(Path(__file__).parent / "cassettes" / "test_tables_llm" / "test_model_resolves_ambiguous_sample_cells.yaml"))
def test_table_command_with_ambiguous_cells_runs_to_the_end(llm_settings: Settings, tmp_path: Path) -> None:
    """``fazhi table`` with the model on a folder where some cells are ambiguous: it once crashed
    counting them (a sum over lists). Replays the same three recorded picks through the command."""
    settings = llm_settings.with_home(tmp_path / "home")
    open_store(settings, create=True).ingest([next(SAMPLES.glob("000_*")), next(SAMPLES.glob("004_*"))])
    app = typer.Typer()
    register(app)
    result = CliRunner().invoke(app, ["table", "--json"], obj=settings)
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    mediated = sorted(row["cells"]["disputes_mediated"]["value"] for row in rows if row["cells"].get("disputes_mediated"))
    assert mediated == [806, 1705]
