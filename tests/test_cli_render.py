"""What people see in a terminal 80 columns wide, and what a pipe gets.

The commands run against a small store built here, with ``COLUMNS=80`` and rich told the output is
a terminal (``TTY_COMPATIBLE=1``); the checks are the reader's: no line wider than the terminal, ids
and file names whole, quotes cut with an ellipsis but never inside a number, headers in the
language asked for, and piped output with every quote on one line.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest
from fault_fixtures import fazhi_command
from rich.cells import cell_len
from store_fixtures import ROOT, SAMPLES, make_report
from typer.testing import CliRunner

from agent.cli.help import WORKFLOW
from agent.cli.main import app
from agent.cli.render import ELLIPSIS, shorten, wrap
from agent.ui_text import TEXT, ui_language
from store.store import ReportStore

ANSI = re.compile(r"\x1b\[[0-9;]*m")
NUMBER = set("0123456789.,%万")
# A sentence dense with figures, longer than any column: wherever it is cut, a number is close.
DENSE = ("全乡持证执法人员共18人，配备执法记录仪126台，覆盖率达到99.5%，较上年提高12.3%，投入资金2.95万元，"
         "其中采购资金1880000元，培训执法人员3456人次，全年开展执法活动7890家次，办理案件4567件，结案率100%。")
TOWNS = {"青石乡": DENSE, "白沙镇": "全镇配备执法记录仪40台，覆盖全部执法岗位。", "云岭街道": None}
runner = CliRunner()


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two bundled samples and three written reports, one of them quoting ``DENSE`` for scan."""
    folder = tmp_path_factory.mktemp("render-in")
    for sample in sorted(SAMPLES.iterdir())[:2]:
        (folder / sample.name).write_bytes(sample.read_bytes())
    for number, (town, measures) in enumerate(TOWNS.items()):
        sections = None
        if measures:
            sections = {"一、主要举措和成效": measures, "二、存在的不足和原因": "基层法治力量薄弱。",
                        "三、党政主要负责人履行推进法治建设第一责任人职责情况": "书记带头学法4次。",
                        "四、下一年度推进法治政府建设的工作安排": "持续开展普法宣传。"}
        (folder / f"{town}2024年度报告_{number}.txt").write_text(make_report(town=town, sections=sections),
                                                                encoding="utf-8")
    home = tmp_path_factory.mktemp("render-home")
    summary = ReportStore(home / "store").ingest([folder])
    assert summary.count("added") == 5, summary.as_dict()
    return home


def terminal(home: Path, lang: str, *args: str, columns: int = 80) -> list[str]:
    """``fazhi ARGS`` as a terminal COLUMNS wide shows it: stdout lines, styles removed."""
    env = {"COLUMNS": str(columns), "TTY_COMPATIBLE": "1", "FAZHI_LANG": lang, "NO_COLOR": "1"}
    result = runner.invoke(app, [*args, "--home", str(home)], env=env, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return ANSI.sub("", result.stdout).splitlines()


def piped(home: Path, *args: str) -> str:
    result = runner.invoke(app, [*args, "--home", str(home)], env={"COLUMNS": "80", "TTY_COMPATIBLE": "0"},
                           catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout


def as_json(home: Path, *args: str) -> list[dict]:
    return json.loads(piped(home, *args, "--json"))


def assert_fits(lines: list[str], columns: int = 80) -> None:
    wide = [line for line in lines if cell_len(line) > columns]
    assert not wide, "\n".join(wide)


def assert_cut_between_numbers_never(shown: str, full: str) -> None:
    """``shown`` is ``full`` whole, or a prefix of it + … that does not end inside a number."""
    if not shown.endswith(ELLIPSIS):
        assert shown == full
        return
    prefix = shown[: -len(ELLIPSIS)]
    assert full.startswith(prefix), (shown, full)
    assert not (prefix and prefix[-1] in NUMBER and full[len(prefix)] in NUMBER), f"cut inside a number: {shown}"


# --- shorten and wrap ---------------------------------------------------------------------------


@pytest.mark.parametrize("width", range(1, 60))
def test_shorten_fits_and_never_cuts_a_number(width: int) -> None:
    text = "调解成功率98.5%，罚款2.95万元，调处纠纷1,234件，同比下降12.3%"
    shown = shorten(text, width)
    assert cell_len(shown) <= width
    assert_cut_between_numbers_never(shown, text)


def test_shorten_keeps_text_that_fits_and_counts_chinese_as_two_cells() -> None:
    assert shorten("共18人", 6) == "共18人"
    assert shorten("共18人", 5) == "共18…"
    assert shorten("共18人", 4) == "共…"  # not 共1…, which would misstate the figure
    assert shorten("执法记录仪", 9) == "执法记录…" and shorten("执法记录仪", 8) == "执法记…"
    assert shorten("line one\n  line two", 40) == "line one line two"
    assert shorten("the enforcement officer", 20) == "the enforcement…"  # not inside a word when a space allows


def test_wrap_never_breaks_inside_a_number() -> None:
    text = "全年调处矛盾纠纷1234件，调解成功率98.5%，罚款2.95万元。" * 3
    for width in range(8, 40):
        lines = wrap(text, width)
        assert "".join(lines) == text  # no spaces in it: nothing is dropped at the breaks
        assert all(cell_len(line) <= width for line in lines)
        for before, after in zip(lines, lines[1:], strict=False):
            assert not (before[-1] in NUMBER and after[0] in NUMBER), (width, before, after)


# --- the language -------------------------------------------------------------------------------


def test_the_language_comes_from_fazhi_lang_then_the_locale() -> None:
    assert ui_language({}) == "en"
    assert ui_language({"LANG": "zh_CN.UTF-8"}) == "zh"
    assert ui_language({"LANG": "zh_CN.UTF-8", "LC_ALL": "C"}) == "en"  # LC_ALL overrides LANG
    assert ui_language({"LC_MESSAGES": "zh_TW.UTF-8", "LANG": "en_US.UTF-8"}) == "zh"
    assert ui_language({"LANG": "zh_CN.UTF-8", "FAZHI_LANG": "en"}) == "en"
    assert ui_language({"LANG": "C", "FAZHI_LANG": "zh"}) == "zh"
    assert ui_language({"LANG": "zh_CN.UTF-8", "FAZHI_LANG": "klingon"}) == "zh"


def test_every_text_has_both_languages_with_the_same_blanks() -> None:
    for key, (english, chinese) in TEXT.items():
        assert english and chinese, key
        assert sorted(re.findall(r"{(\w+)", english)) == sorted(re.findall(r"{(\w+)", chinese)), key


def test_help_speaks_the_locale_lists_commands_in_workflow_order_and_shows_flags_bare() -> None:
    def help_text(**env: str) -> str:
        environment = {"PATH": "/usr/bin:/bin", "COLUMNS": "100", **env}
        done = subprocess.run([*fazhi_command("--help")], cwd=ROOT, env=environment, capture_output=True,
                              text=True, timeout=60)
        assert done.returncode == 0, done.stderr
        return done.stdout

    chinese, english = help_text(LANG="zh_CN.UTF-8"), help_text(LANG="zh_CN.UTF-8", FAZHI_LANG="en")
    assert "导入" in chinese and "选项" in chinese and "Options" not in chinese
    assert "ingest, search and question" in english and "导入、检索" not in english
    listed = [m.group(1) for line in english.splitlines() if (m := re.match(r"│ (\w+)\s{2,}", line))]
    assert listed == [name for name in WORKFLOW if name in listed] and listed[:3] == ["ingest", "reports", "search"]
    for command in ("--help", "scan --help", "table --help", "eval run --help"):
        shown = runner.invoke(app, command.split(), env={"COLUMNS": "100"}).stdout
        assert "<bool>" not in shown, command
        assert ("Start here: fazhi ingest" if command == "--help" else "Example: fazhi") in shown, command


# --- the tables at 80 columns -------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_reports_at_80_columns_show_ids_and_files_whole(home: Path, lang: str) -> None:
    lines = terminal(home, lang, "reports")
    assert_fits(lines)
    text = "\n".join(lines)
    for report in as_json(home, "reports"):
        assert report["id"] in text and report["file"] in text
    header = lines[1]
    assert ("镇（街道）" in header and "id · 文件" in header) if lang == "zh" else ("town" in header and "镇" not in header)
    assert ("一把手" in text) if lang == "zh" else ("leaders" in text)


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("columns", [70, 80, 100])
def test_scan_quotes_are_cut_with_an_ellipsis_never_inside_a_number(home: Path, lang: str, columns: int) -> None:
    lines = terminal(home, lang, "scan", "执法记录仪", "--no-llm", columns=columns)
    assert_fits(lines, columns)
    rows = as_json(home, "scan", "执法记录仪", "--no-llm")
    quoted = [row for row in rows if row["quote"]]
    assert any(row["quote"] == DENSE for row in quoted)
    for row in quoted:
        line = next(i for i, text in enumerate(lines) if row["file"] in text)  # its :line may fold below
        shown = lines[line - 1].split("│")[-2].strip()  # the quote is the cell above its file:line
        assert_cut_between_numbers_never(shown, row["quote"])
        if row["quote"] == DENSE:
            assert shown.endswith(ELLIPSIS) and len(shown) > 10
    statuses = {"zh": ("缺", "有", "未提及"), "en": ("lacks", "has", "not mentioned")}[lang]
    text = "\n".join(lines)
    assert statuses[1] in text and statuses[2] in text and "not_mentioned" not in text
    assert ("结论" in lines[1]) if lang == "zh" else ("status" in lines[1])


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_check_at_80_columns_has_whole_headers_files_and_a_legend(home: Path, lang: str) -> None:
    lines = terminal(home, lang, "check")
    assert_fits(lines)
    text = "\n".join(lines)
    assert ELLIPSIS not in text
    for report in as_json(home, "check"):
        assert report["file"] in text
    if lang == "zh":
        assert "一二三四五" in text and "五个部分" in text and "✓ 有" in text and "并 与其他部分合在同一节" in text
    else:
        assert "1 2 3 4 5" in text and "✓ present" in text and "并 merged" in text and "✗ missing" in text


def test_search_at_80_columns_wraps_inside_the_terminal_and_keeps_file_names(home: Path) -> None:
    lines = terminal(home, "zh", "search", "执法记录仪", "-k", "3")
    assert_fits(lines)
    for hit in as_json(home, "search", "执法记录仪", "-k", "3"):
        assert f"{hit['file']}:{hit['line']} [{hit['start']}:{hit['end']}]" in lines
        for before, after in zip(lines, lines[1:], strict=False):
            if before and after and before[-1].isdigit() and after[0].isdigit():
                pytest.fail(f"a number broken across lines: {before!r} / {after!r}")


def test_table_in_a_terminal_is_one_line_per_cell_and_the_markdown_stays_markdown(home: Path) -> None:
    lines = terminal(home, "zh", "table", "--no-llm")
    assert_fits(lines)
    text = "\n".join(lines)
    assert "持证执法人员(人)" in text and "≈ 约数" in text
    markdown = piped(home, "table", "--no-llm")
    rows = [line for line in markdown.splitlines() if line.startswith("|")]
    assert len(rows) == 2 + 5 and len({row.count(" | ") for row in rows[2:]}) == 1


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("columns", [80, 120])
def test_compare_in_a_terminal_is_a_fitted_table_with_short_refs(home: Path, lang: str, columns: int) -> None:
    """Not Markdown: a table as wide as the terminal, each quoted cell with its value or status and a
    short ref (A:12) whose file the legend under the table names once, whole."""
    towns = ["青石乡", "白沙镇", "云岭街道"]
    lines = terminal(home, lang, "compare", *towns, "--no-llm", columns=columns)
    assert_fits(lines, columns)
    text = "\n".join(lines)
    assert "|---|" not in text and "| 项目 |" not in text
    data = as_json(home, "compare", *towns, "--no-llm")
    files = {cell["file"] for row in data["rows"] for cell in row["cells"].values() if cell["file"]}
    legend = [i for i, line in enumerate(lines) if any(file in line for file in files)]
    assert len(legend) == len(files) and min(legend) > max(i for i, line in enumerate(lines) if "│" in line)
    for row in data["rows"]:
        for column, cell in row["cells"].items():
            ref = f"{'ABC'[data['towns'].index(column)]}:{cell['line']}"
            if cell["status"] == "stated":
                assert cell["value"] in text and ref in text
    assert "18人" in text and ELLIPSIS in text  # 青石乡's dense quote, cut to its column
    if lang == "zh":
        assert "未写明" in text and "未提及 = 报告没有相关表述" in text
    else:
        assert "not stated" in text and "body cameras" in text and "未写明" not in text


def test_compare_piped_or_written_stays_markdown(home: Path, tmp_path: Path) -> None:
    towns = ["青石乡", "白沙镇"]
    markdown = piped(home, "compare", *towns, "--no-llm")
    assert markdown.startswith("| 项目 | 青石乡（2024） | 白沙镇（2024） |\n|---|---|---|")
    out = tmp_path / "c.md"
    terminal(home, "en", "compare", *towns, "--no-llm", "-o", str(out))
    assert out.read_text(encoding="utf-8") == markdown
    data = as_json(home, "compare", *towns, "--no-llm")
    assert set(data) == {"towns", "topic", "rows", "reports", "usage"}
    cell = data["rows"][0]["cells"]["青石乡（2024）"]
    assert set(cell) == {"status", "value", "quote", "file", "start", "end", "line"}


def test_piped_output_is_never_wrapped(home: Path) -> None:
    """A pipe gets whole lines: each quote on one line, each chunk line as the report has it."""
    scan = piped(home, "scan", "执法记录仪", "--no-llm")
    for row in as_json(home, "scan", "执法记录仪", "--no-llm"):
        if row["quote"]:
            assert any(row["quote"] in line for line in scan.splitlines()), row["quote"]
    search = piped(home, "search", "执法记录仪", "-k", "3").splitlines()
    for hit in as_json(home, "search", "执法记录仪", "-k", "3"):
        for text_line in hit["text"].splitlines():
            assert text_line in search
    assert "\x1b" not in scan
