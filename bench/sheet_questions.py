"""Which cases of an eval suite code answers with no model at all, how many of those are right, and
how long each takes: the fact sheets' share of a suite, measured without an endpoint.

    .venv/bin/python bench/sheet_questions.py --suite paraphrase [--only 'para-*'] [--misses]

Every case is asked with a model that refuses to be called. A case whose route needs the model is
counted as "needs the model" (not scored); every other case is scored with the eval scorer exactly
as ``fazhi eval run`` scores it.
"""

from __future__ import annotations

import argparse
import fnmatch
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from agent.answer.pipeline import answer_question  # noqa: E402
from agent.settings import Settings  # noqa: E402
from eval.cases import load_cases  # noqa: E402
from eval.runner import SUITES, build_store  # noqa: E402
from eval.scorer import Documents, score_case  # noqa: E402


class ModelCalled(Exception):
    """Raised by :class:`NoModel`: the case needs a model."""


class NoModel:
    """A chat model that fails when anything asks it for an answer."""

    def __getattr__(self, name: str) -> object:
        raise ModelCalled(name)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--suite", default="paraphrase", choices=sorted(SUITES))
    parser.add_argument("--only", default=None, help="glob of case ids")
    parser.add_argument("--misses", action="store_true", help="print every wrong answer")
    args = parser.parse_args()
    suite = SUITES[args.suite]
    cases = [c for c in load_cases(suite.cases) if args.only is None or fnmatch.fnmatch(c.id, args.only)]
    with tempfile.TemporaryDirectory() as tmp:
        store = build_store(Settings(), Path(tmp), suite)
        docs = Documents(store)
        towns = sorted({r.meta["town"] for r in store.reports() if r.meta.get("town")})
        right = scored = needs_model = 0
        seconds: list[float] = []
        for case in cases:
            started = time.perf_counter()
            try:
                answer = answer_question(store, case.question, NoModel(), county=case.county, year=case.year).as_dict()
            except ModelCalled:
                needs_model += 1
                continue
            seconds.append(time.perf_counter() - started)
            score = score_case(case, answer, docs, towns)
            scored += 1
            right += score.answer_ok and score.citations_ok
            if args.misses and not (score.answer_ok and score.citations_ok):
                print(f"--- {case.id}: {case.question}\n{'; '.join(score.problems)}\n{answer.get('answer')}\n")
    print(f"suite {args.suite}: {len(cases)} cases; {scored} answered with no model call, {right} of them right; "
          f"{needs_model} need the model")
    if seconds:
        print(f"seconds per answered case: median {sorted(seconds)[len(seconds) // 2]:.2f}, max {max(seconds):.2f}")


if __name__ == "__main__":
    main()
