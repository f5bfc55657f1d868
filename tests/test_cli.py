"""The command line, as scripts use it: JSON field contracts, exit codes, one-line errors."""

from __future__ import annotations

import json
from pathlib import Path

from store_fixtures import SAMPLES, copy_samples
from typer.testing import CliRunner

from agent.cli.main import app

runner = CliRunner()


def _run(*args: str):
    return runner.invoke(app, list(args), catch_exceptions=False)


def test_ingest_reports_search_remove_round_trip(tmp_path: Path) -> None:
    home = str(tmp_path / "home")
    corpus = copy_samples(tmp_path / "in")
    result = _run("ingest", str(corpus), "--home", home, "--json")
    assert result.exit_code == 0
    summary = json.loads(result.stdout)
    assert (summary["reports"], summary["failed"]) == (5, 0)
    assert summary["chunks"] > 40

    reports = json.loads(_run("reports", "--home", home, "--json").stdout)
    assert len(reports) == 5
    for report in reports:
        assert {"id", "file", "town", "county", "province", "year", "parts", "chunks", "chars"} <= set(report)
    west = next(r for r in reports if r["town"] == "西大沟镇")
    assert west["county"] is None and west["year"] == 2024

    hits = json.loads(_run("search", "执法记录仪", "-k", "3", "--town", "西大沟镇", "--home", home, "--json").stdout)
    assert len(hits) == 3
    for hit in hits:
        assert {"report_id", "file", "town", "year", "part", "section", "text", "start", "end", "line", "score"} <= set(hit)
        assert hit["town"] == "西大沟镇"
    original = (SAMPLES / hits[0]["file"]).read_text(encoding="utf-8")
    assert "".join(original[hits[0]["start"] : hits[0]["end"]].split())[:20] == "".join(hits[0]["text"].split())[:20]

    result = _run("remove", west["id"][:8], "--home", home)
    assert result.exit_code == 0
    assert len(json.loads(_run("reports", "--home", home, "--json").stdout)) == 4


def test_bad_files_get_one_line_each_and_a_failing_exit_code(tmp_path: Path) -> None:
    home = str(tmp_path / "home")
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "scan.pdf").write_bytes(b"%PDF-1.4 broken")
    (folder / "notes.xlsx").write_bytes(b"PK")
    (folder / "ok.txt").write_text((SAMPLES / "002_a2fffb7c7f62c0d4.txt").read_text(encoding="utf-8"), encoding="gbk")
    named = tmp_path / "named.csv"
    named.write_text("镇,数值", encoding="utf-8")
    result = _run("ingest", str(folder), str(named), str(tmp_path / "typo"), "--home", home)
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 3
    assert any("scan.pdf" in line and "not a readable .pdf" in line for line in errors)
    assert any("named.csv" in line and "unsupported file type" in line for line in errors)
    assert any("typo" in line and "no such file or folder" in line for line in errors)
    # A file in a folder that is not a report type is noted, not an error.
    assert any(line.startswith("skipped:") and "notes.xlsx" in line for line in result.stderr.splitlines())
    assert "1 reports ingested" in result.stderr and "3 failed" in result.stderr


def test_search_rejects_an_unknown_part(tmp_path: Path) -> None:
    result = _run("search", "普法", "--part", "nonsense", "--home", str(tmp_path))
    assert result.exit_code == 2


def test_digest_and_compare_json_contracts(tmp_path: Path) -> None:
    home = str(tmp_path / "home")
    assert _run("ingest", str(copy_samples(tmp_path / "in")), "--home", home).exit_code == 0
    memo = json.loads(_run("digest", "--no-llm", "--home", home, "--json").stdout)
    assert {"title", "county", "year", "reports", "sections", "usage"} <= set(memo)
    assert {"llm_calls", "prompt_tokens", "completion_tokens", "cache_hits"} <= set(memo["usage"])
    cited = memo["sections"][1]["paragraphs"][0]["citations"][0]
    assert {"report_id", "file", "town", "year", "quote", "start", "end", "line"} <= set(cited)
    refused = _run("digest", "--no-llm", "--home", home, "-o", str(tmp_path / "memo.txt"))
    assert refused.exit_code == 2 and "memo.txt" in refused.output
    table = json.loads(_run("compare", "陶家镇", "田镇街道", "--no-llm", "--home", home, "--json").stdout)
    assert {"towns", "topic", "rows"} <= set(table)
    assert {"status", "value", "quote", "file", "start", "end", "line"} <= set(table["rows"][0]["cells"]["陶家镇（2025）"])
    assert _run("compare", "陶家镇", "白露镇", "--no-llm", "--home", home).exit_code == 2


def test_version_and_short_help() -> None:
    from typer.testing import CliRunner

    from agent.cli.main import app

    runner = CliRunner()
    version = runner.invoke(app, ["--version"])
    assert version.exit_code == 0 and version.output.startswith("fazhi ")
    assert runner.invoke(app, ["ask", "-h"]).exit_code == 0


def test_a_mistyped_home_is_an_error_not_an_empty_store(tmp_path) -> None:  # noqa: ANN001
    import json

    from typer.testing import CliRunner

    from agent.cli.main import app

    result = CliRunner().invoke(app, ["--home", str(tmp_path / "typo"), "search", "执法", "--json"])
    assert result.exit_code == 1 and not (tmp_path / "typo").exists()
    assert json.loads(result.stdout.splitlines()[0])["error"]["kind"] == "store"


def test_an_unexpected_failure_in_a_model_step_says_that_no_llm_skips_it(tmp_path: Path, monkeypatch) -> None:  # noqa: ANN001
    home = str(tmp_path / "home")
    assert _run("ingest", str(next(SAMPLES.glob("000_*"))), "--home", home).exit_code == 0

    def broken(*_args, **_kwargs):  # noqa: ANN002, ANN003, ANN202
        raise TypeError("a defect in a model step")

    monkeypatch.setattr("agent.tables.build.collect", broken)
    result = runner.invoke(app, ["table", "--json", "--home", home])
    assert result.exit_code == 1
    assert json.loads(result.stdout)["error"]["kind"] == "internal"
    assert "--no-llm" in result.stderr and "--debug" in result.stderr
    assert "--no-llm" not in runner.invoke(app, ["reports", "--bogus", "--home", home]).stderr


def _one_report_home(tmp_path: Path) -> str:
    from store_fixtures import make_report

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "青石乡2024年度报告.txt").write_text(make_report(), encoding="utf-8")
    home = str(tmp_path / "home")
    assert _run("ingest", str(folder), "--home", home).exit_code == 0
    return home


def _zh(*args: str):
    return runner.invoke(app, list(args), env={"FAZHI_LANG": "zh"}, catch_exceptions=False)


def test_errors_speak_the_interface_language_and_json_errors_stay_english(tmp_path: Path) -> None:
    """Issue 22, item 10a: under the Chinese interface an error line is Chinese (its JSON object
    keeps the English message, as every JSON value does)."""
    home = _one_report_home(tmp_path)
    refused = _zh("compare", "青石乡", "白露镇", "--no-llm", "--home", home)
    assert refused.exit_code == 2 and refused.stderr == "错误： 报告库中没有白露镇的报告\n"
    as_json = _zh("compare", "青石乡", "白露镇", "--no-llm", "--home", home, "--json")
    assert json.loads(as_json.stdout)["error"]["message"] == "no report of 白露镇"
    missing = _zh("reports", "--home", str(tmp_path / "nowhere"))
    assert missing.exit_code == 1 and missing.stderr.startswith("错误： ") and "下没有报告库" in missing.stderr
    assert "run `fazhi ingest" not in missing.stderr
    wrong = _zh("table", "--format", "xls", "--no-llm", "--home", home)
    assert wrong.stderr.startswith("错误： --format 只能是以下之一")
    english = _run("compare", "青石乡", "白露镇", "--no-llm", "--home", home)
    assert english.stderr == "error: no report of 白露镇\n"


def test_endpoint_errors_follow_the_interface_language(monkeypatch) -> None:
    import httpx
    import openai

    from agent.llm.errors import translate
    from agent.ui_text import english

    error = translate(openai.APIConnectionError(request=httpx.Request("POST", "http://127.0.0.1:9/v1")),
                      "http://127.0.0.1:9/v1", "m")
    monkeypatch.setattr("agent.ui_text._chosen", "zh")
    assert str(error).startswith("无法连接 http://127.0.0.1:9/v1")
    assert english(error).startswith("Cannot reach http://127.0.0.1:9/v1")


def test_asking_about_an_unknown_town_says_so_in_one_language(tmp_path: Path, monkeypatch) -> None:
    """The answer says there is no such report; no English check line is added under it."""
    import io

    from rich.console import Console

    from agent.answer.pipeline import answer_question
    from agent.cli.main import print_answer
    from store.store import ReportStore

    home = _one_report_home(tmp_path)
    monkeypatch.setattr("agent.ui_text._chosen", "zh")
    result = answer_question(ReportStore(Path(home) / "store"), "白露镇调处了多少件矛盾纠纷？", None)
    assert result.plan is not None and result.plan.unknown_towns == ["白露镇"]
    shown = io.StringIO()
    print_answer(Console(file=shown, width=80), result)
    assert shown.getvalue().startswith("库中没有白露镇的报告。")
    assert not any(c.isascii() and c.isalpha() for c in shown.getvalue()), shown.getvalue()


def test_ingest_warns_about_a_folder_without_reports_and_exits_66(tmp_path: Path) -> None:
    """Issue 22, item 10b: an empty folder, or one with no report file type, is one warning line
    naming it; with nothing to ingest at all the exit is 66 (EX_NOINPUT), not a silent 0."""
    from store_fixtures import make_report

    home = str(tmp_path / "home")
    empty, notes, full = tmp_path / "empty", tmp_path / "notes", tmp_path / "full"
    for folder in (empty, notes, full):
        folder.mkdir()
    (notes / "facts.yaml").write_text("a: 1", encoding="utf-8")
    (full / "r.txt").write_text(make_report(), encoding="utf-8")
    result = _run("ingest", str(empty), "--home", home)
    assert result.exit_code == 66
    assert result.stderr.splitlines()[-1] == (
        f"warning: {empty} holds no report file (.txt .docx .doc .pdf .html .htm); nothing ingested from it")
    both = _run("ingest", str(empty), str(notes), "--home", home, "--json")
    assert both.exit_code == 66 and json.loads(both.stdout)["empty_folders"] == [str(empty), str(notes)]
    assert sum(line.startswith("warning:") for line in both.stderr.splitlines()) == 2
    mixed = _run("ingest", str(full), str(empty), "--home", home)
    assert mixed.exit_code == 0 and f"warning: {empty} holds no report file" in mixed.stderr


def test_ingest_list_shows_the_town_county_and_year_each_file_became(tmp_path: Path) -> None:
    """Issue 22, item 10c."""
    from store_fixtures import make_report

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "附件1.txt").write_text(make_report(town="青石乡", county="云岭县", year=2024), encoding="utf-8")
    (folder / "附件2.txt").write_text(make_report(town="白沙镇", county="澄岭县", year=2023), encoding="utf-8")
    (folder / "说明.xlsx").write_bytes(b"PK")
    result = runner.invoke(app, ["ingest", str(folder), "--list", "--home", str(tmp_path / "home")],
                           env={"COLUMNS": "120", "NO_COLOR": "1"}, catch_exceptions=False)
    assert result.exit_code == 0
    rows = {line.split("│")[1].strip(): [cell.strip() for cell in line.split("│")[2:-1]]
            for line in result.stdout.splitlines() if line.count("│") == 6}
    assert rows["附件1.txt"] == ["added", "青石乡", "云岭县", "2024"]
    assert rows["附件2.txt"] == ["added", "白沙镇", "澄岭县", "2023"]
    assert rows[str(folder / "说明.xlsx")] == ["skipped", "", "", ""]
