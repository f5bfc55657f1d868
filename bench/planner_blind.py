"""The planner on a blind set of questions over the eval corpora (eval/planner_blind: 120 questions,
60 Chinese, 40 English, 20 mixed, written by a helper who never read the code, each with the plan a
correct planner makes, the right answer and verbatim evidence), issue 20.

    .venv/bin/python bench/planner_blind.py [--set eval/planner_blind2] [--misses]   # plans, no model
    FAZHI_HOME=… .venv/bin/python bench/planner_blind.py --answers F    # and every answer, embedded model

Checks first that every evidence quote is verbatim in its report (≤ 60 characters). Then plans each
question as ``fazhi ask`` does (``plan_question``; no model, so a question the rules are unsure of
counts as they leave it) and prints plan accuracy overall, per language and per intent, on intent,
indicator (figure intents), topic (has / lacks / mentions), order (rank), outline_ask (outline), the
number of towns, the years and the county. ``--answers`` answers every question with the model and
writes them with the truth as JSON, for a reader to judge by meaning.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from agent.answer.pipeline import answer_question  # noqa: E402
from agent.answer.plan import Corpus, plan_question  # noqa: E402
from agent.answer.types import Plan  # noqa: E402
from agent.settings import Settings  # noqa: E402
from agent.usage import Usage  # noqa: E402
from bench.multipart import answering_model, corpus_store  # noqa: E402
from bench.question_bank import PlanTally, wrong_fields  # noqa: E402
from eval.question_sets import MAX_QUOTE  # noqa: E402
from store.loaders import load_text  # noqa: E402

SET = ROOT / "eval" / "planner_blind"


def bad_quotes(entries: list[dict]) -> list[str]:
    """Evidence quotes that are not verbatim in their file, or too long: the set's promise."""
    bad = []
    for entry in entries:
        for evidence in entry["evidence"]:
            text = load_text(ROOT / entry["corpus"] / evidence["file"])
            if len(evidence["quote"]) > MAX_QUOTE or evidence["quote"] not in text:
                bad.append(f"{entry['id']}: {evidence['file']}: {evidence['quote']}")
    return bad


def scope_wrong(plan: Plan, want: dict) -> list[str]:
    """The years and the county, beside the fields the bank checks."""
    wrong = []
    if sorted(plan.years) != sorted(want.get("years") or []):
        wrong.append(f"years {plan.years}≠{want.get('years')}")
    if (plan.county or None) != want.get("county"):
        wrong.append(f"county {plan.county}≠{want.get('county')}")
    return wrong


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", type=Path, default=SET, help="a folder with questions.yaml (eval/planner_blind2: 40 more, written later)")
    parser.add_argument("--misses", action="store_true", help="print every wrong plan")
    parser.add_argument("--answers", type=Path, default=None, help="answer every question with the model; write JSON here")
    args = parser.parse_args()
    entries = yaml.safe_load((args.set / "questions.yaml").read_text(encoding="utf-8"))
    if bad := bad_quotes(entries):
        print("evidence not verbatim:", *bad, sep="\n  ")
        sys.exit(1)
    settings = Settings()
    tally = PlanTally(args.misses)
    results: list[dict[str, Any]] = []
    with contextlib.ExitStack() as stack, tempfile.TemporaryDirectory() as tmp:
        model = answering_model(settings, stack, no_llm=args.answers is None)
        stores: dict[str, Any] = {}
        for entry in entries:
            store = corpus_store(settings, Path(tmp), entry["corpus"], stores)
            plan = plan_question(entry["q"], Corpus(store), None, Usage())
            wrong = wrong_fields(plan, entry["plan"]) + scope_wrong(plan, entry["plan"])
            tally.add(entry, wrong, f"{entry['id']} {entry['q']}")
            if args.answers is not None:
                answer = answer_question(store, entry["q"], model, agent_tools=False)
                print(f"{entry['id']}: {answer.route}, {answer.usage.llm_calls} model calls", flush=True)
                results.append({"id": entry["id"], "corpus": entry["corpus"], "question": entry["q"], "truth": entry["answer"],
                                "towns": entry["towns"], "plan_wrong": wrong, "answer": answer.answer, "route": answer.route})
    tally.report()
    if args.answers is not None:
        args.answers.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
