"""``fazhi eval``: score answer quality on recorded cases, fazhi against a naive baseline."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from agent.cli.errors import fail
from agent.cli.progress import err
from agent.cli.render import out_console
from agent.ui_text import said, t

eval_app = typer.Typer(help=t("eval"), no_args_is_help=True)


@eval_app.command("run", help=t("eval.run"), epilog=t("eval.run.example"))
def run(
    ctx: typer.Context,
    suite: Annotated[str, typer.Option("--suite", help=t("eval.suite"))] = "main",
    cases: Annotated[str | None, typer.Option("--cases", help=t("eval.cases"))] = None,
    only: Annotated[str | None, typer.Option("--only", help=t("eval.only"))] = None,
    record: Annotated[bool, typer.Option("--record", help=t("eval.record"))] = False,
    replay: Annotated[bool, typer.Option("--replay", help=t("eval.replay"))] = False,
    missing: Annotated[bool, typer.Option("--missing", help=t("eval.missing"))] = False,
    baseline_only: Annotated[bool, typer.Option("--baseline-only", help=t("eval.baseline_only"))] = False,
    no_baseline: Annotated[bool, typer.Option("--no-baseline", help=t("eval.no_baseline"))] = False,
    as_json: Annotated[bool, typer.Option("--json", help=t("eval.json"))] = False,
    report: Annotated[Path | None, typer.Option("--report", help=t("eval.report"))] = None,
    out: Annotated[Path | None, typer.Option("--out", help=t("eval.out"))] = None,
    details: Annotated[bool, typer.Option("--details", help=t("eval.details"))] = False,
) -> None:
    from agent.settings import Settings
    from eval.cases import load_cases
    from eval.runner import SUITES, markdown_report, run_suite

    if record and replay:
        fail(said("err.record_replay"))
    settings = ctx.obj if isinstance(ctx.obj, Settings) else Settings()
    if suite not in SUITES:
        fail(said("err.suite", suites=", ".join(SUITES)))
    chosen = SUITES[suite]
    selected = load_cases(cases or chosen.cases, only)
    if not selected:
        fail(said("err.no_cases"))
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
        console = out_console()
        console.print(f"accuracy {card['accuracy']} ({card['correct']}/{card['cases']}), citation validity "
                      f"{card['citation_validity']}, refusal {card['refusal_accuracy']}, retrieval recall@5 "
                      f"{card['retrieval_recall_at_5']}; baseline accuracy {base['accuracy']}, citation validity "
                      f"{base['citation_validity']}", markup=False)
        for category, row in card["per_category"].items():
            console.print(f"  {category:<13} {row['correct']}/{row['cases']}  baseline {row['baseline_accuracy']}", markup=False)
    if card.get("errors"):
        err.print(f"[red]{len(card['errors'])} case(s) failed to run:[/] {', '.join(card['errors'])}")
        raise typer.Exit(1)
