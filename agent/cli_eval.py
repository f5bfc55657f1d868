"""``fazhi eval``: score answer quality on recorded cases, fazhi against a naive baseline."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from agent.cli_errors import fail

eval_app = typer.Typer(help="Evaluate answer quality on eval/cases (recorded, replayed offline).", no_args_is_help=True)
err = Console(stderr=True, soft_wrap=True)


@eval_app.command("run")
def run(
    ctx: typer.Context,
    suite: Annotated[str, typer.Option("--suite", help="main (eval/cases over samples + eval/corpus), blind (eval/blind, written without reading the code) or holdout (fresh questions over the blind reports).")] = "main",
    cases: Annotated[str | None, typer.Option("--cases", help="Glob of case files, e.g. 'eval/cases/lacks*.yaml'.")] = None,
    only: Annotated[str | None, typer.Option("--only", help="Case ids (fnmatch globs, comma-separated), e.g. 'lacks-*'.")] = None,
    record: Annotated[bool, typer.Option("--record", help="Call the configured endpoint and (re)write cassettes.")] = False,
    replay: Annotated[bool, typer.Option("--replay", help="Offline from cassettes (the default).")] = False,
    missing: Annotated[bool, typer.Option("--missing", help="With --record: only cases that have no cassette yet.")] = False,
    baseline_only: Annotated[bool, typer.Option("--baseline-only", help="With --record: re-record only the naive baseline; replay fazhi.")] = False,
    no_baseline: Annotated[bool, typer.Option("--no-baseline", help="Skip the naive baseline.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the scorecard as one JSON object.")] = False,
    report: Annotated[Path | None, typer.Option("--report", help="Write a Markdown report (failures side by side).")] = None,
    out: Annotated[Path | None, typer.Option("--out", help="Write the full scorecard JSON (with per-case results) here.")] = None,
    details: Annotated[bool, typer.Option("--details", help="With --json: include per-case results.")] = False,
) -> None:
    """Run every case through fazhi and the baseline; print the scorecard."""
    from agent.settings import Settings
    from eval.cases import load_cases
    from eval.runner import SUITES, markdown_report, run_suite

    if record and replay:
        fail("--record and --replay exclude each other")
    settings = ctx.obj if isinstance(ctx.obj, Settings) else Settings()
    if suite not in SUITES:
        fail(f"--suite must be one of {', '.join(SUITES)}")
    chosen = SUITES[suite]
    selected = load_cases(cases or chosen.cases, only)
    if not selected:
        fail("no cases match")
    err.print(f"{len(selected)} cases, {'recording' if record else 'replaying'}")
    try:
        card = run_suite(selected, settings, record=record, missing_only=missing, baseline=not no_baseline,
                         progress=lambda msg: err.print(msg, markup=False, highlight=False), suite=chosen,
                         baseline_only=baseline_only)
    except RuntimeError as exc:
        fail(str(exc), 1, "eval")
    if out:
        out.write_text(json.dumps(card, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    if report:
        report.write_text(markdown_report(card), encoding="utf-8")
    if as_json:
        shown = card if details else {k: v for k, v in card.items() if k not in ("results", "baseline_results")}
        sys.stdout.write(json.dumps(shown, ensure_ascii=False, indent=2) + "\n")
    else:
        base = card["baseline"]
        console = Console()
        console.print(f"accuracy {card['accuracy']} ({card['correct']}/{card['cases']}), citation validity "
                      f"{card['citation_validity']}, refusal {card['refusal_accuracy']}, retrieval recall@5 "
                      f"{card['retrieval_recall_at_5']}; baseline accuracy {base['accuracy']}, citation validity "
                      f"{base['citation_validity']}", markup=False)
        for category, row in card["per_category"].items():
            console.print(f"  {category:<13} {row['correct']}/{row['cases']}  baseline {row['baseline_accuracy']}", markup=False)
    if card.get("errors"):
        err.print(f"[red]{len(card['errors'])} case(s) failed to run:[/] {', '.join(card['errors'])}")
        raise typer.Exit(1)
