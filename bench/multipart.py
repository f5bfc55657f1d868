"""Absence, outline and several-part questions over the eval corpora: is every report an answer
names cited, and does each part of the question get an answer or a line saying it got none
(issue 22)?

    FAZHI_HOME=~/.local/share/fazhi .venv/bin/python bench/multipart.py [--set eval/multipart] [--only mp0*] [--no-llm] [--out FILE]

Questions come from ``questions.yaml`` (written blind: each with its corpus, its parts, and for each
part the towns a right answer names). Each corpus is ingested once into a temporary store and every
question asked through ``answer_question``, as ``fazhi ask`` does, with the embedded model (or, with
``--no-llm``, a model that refuses to be called: a question needing one is counted apart). Printed
per question and in total:

* **named, uncited**: towns the answer's text names with no citation from that town's report
  (the promise: a report named in an answer is cited). The closing line listing the reports
  checked is a statement of scope, not of any report's content, and is not counted;
* **parts**: a part counts as answered when the answer names every town its truth names (or, for a
  part naming none, when the answer says something beyond the list of reports checked); a part
  neither answered nor named as unanswered (「未能回答」/"not answered", or the whole answer refused)
  is *dropped*.

``--out`` writes every answer with its question and truth as JSON, for a reader to judge the parts
by meaning: the town test above is a floor, not a judgement.
"""

from __future__ import annotations

import argparse
import contextlib
import fnmatch
import json
import re
import sys
import tempfile
import time
from dataclasses import asdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from agent.answer.pipeline import answer_question  # noqa: E402
from agent.answer.render import COVERED_MARKS, REFUSAL_MARKS, UNANSWERED_MARKS  # noqa: E402
from agent.settings import Settings  # noqa: E402
from agent.stores import open_store  # noqa: E402
from bench.sheet_questions import ModelCalled, NoModel  # noqa: E402
from eval.question_sets import Part, load  # noqa: E402
from eval.runner import REPORT_SUFFIXES  # noqa: E402

_QUOTED = re.compile(r"「[^」]*」|“[^”]*”")
_COVERED = re.compile("(?:" + "|".join(map(re.escape, COVERED_MARKS)) + ").*")  # to the end of its line


def _towns_named(text: str, towns: list[str]) -> set[str]:
    """Towns the answer's own words name (quotes and the closing list of reports checked aside),
    longest names first so 青墩 is not 青墩镇."""
    rest = _QUOTED.sub("", _COVERED.sub("", text))
    named = set()
    for town in sorted(towns, key=len, reverse=True):
        if town in rest:
            named.add(town)
            rest = rest.replace(town, " ")
    return named


def _part_answered(part: Part, named: set[str], body: str) -> bool:
    wanted = set(part.towns)
    return wanted <= named if wanted else bool(body.strip())


def answering_model(settings: Settings, stack: contextlib.ExitStack, no_llm: bool) -> Any:
    """The embedded model (or the configured endpoint) for a bench's answers, or, with ``no_llm``, a
    model that refuses to be called."""
    if no_llm:
        return NoModel()
    from agent.llm.client import chat_model, open_endpoint

    return chat_model(settings, stack.enter_context(open_endpoint(settings)))


def corpus_store(settings: Settings, tmp: Path, corpus: str, stores: dict[str, Any]) -> Any:
    """One store per corpus folder, ingested the first time a question asks over it."""
    if corpus not in stores:
        store = open_store(settings.with_home(tmp / str(len(stores))), create=True)
        store.ingest(sorted(p for p in (ROOT / corpus).iterdir() if p.suffix.lower() in REPORT_SUFFIXES))
        stores[corpus] = store
    return stores[corpus]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", default="eval/multipart", help="folder with questions.yaml")
    parser.add_argument("--only", default=None, help="glob of question ids")
    parser.add_argument("--no-llm", action="store_true", help="never call a model; questions needing one are counted apart")
    parser.add_argument("--out", type=Path, default=None, help="write every answer as JSON")
    args = parser.parse_args()
    questions = [q for q in load(ROOT / args.set) if args.only is None or fnmatch.fnmatch(q.id, args.only)]
    settings = Settings()
    results: list[dict[str, Any]] = []
    totals = {"questions": 0, "named_uncited": 0, "answers_with_uncited": 0, "parts": 0, "answered": 0,
              "said_unanswered": 0, "dropped": 0, "needs_model": 0, "errors": 0}
    with contextlib.ExitStack() as stack, tempfile.TemporaryDirectory() as tmp:
        model = answering_model(settings, stack, args.no_llm)
        stores: dict[str, Any] = {}
        for question in questions:
            store = corpus_store(settings, Path(tmp), question.corpus, stores)
            towns = sorted({r.meta["town"] for r in store.reports() if r.meta.get("town")})
            started = time.perf_counter()
            try:
                answer = answer_question(store, question.q, model, agent_tools=False).as_dict()
            except ModelCalled:
                totals["needs_model"] += 1
                print(f"{question.id}: needs the model")
                continue
            except Exception as exc:  # noqa: BLE001 - a question that fails is counted and shown, the set goes on
                totals["errors"] += 1
                print(f"{question.id}: error: {type(exc).__name__}: {str(exc)[:200]}")
                results.append({"id": question.id, "question": question.q, "parts": [asdict(p) for p in question.parts],
                                "answer": f"error: {exc}", "route": None, "verified": False, "named_uncited": [],
                                "parts_answered_by_towns": [False] * len(question.parts)})
                continue
            seconds = time.perf_counter() - started
            text = answer["answer"]
            named = _towns_named(text, towns)
            cited = {c["town"] for c in answer["citations"]}
            uncited = sorted(named - cited)
            said_unanswered = any(mark in text for mark in UNANSWERED_MARKS)
            refused = any(text.startswith(mark) or f" {mark}" in text for mark in REFUSAL_MARKS)
            parts = [_part_answered(part, named, text) and not refused for part in question.parts]
            totals["questions"] += 1
            totals["named_uncited"] += len(uncited)
            totals["answers_with_uncited"] += bool(uncited)
            totals["parts"] += len(parts)
            totals["answered"] += sum(parts)
            missed = len(parts) - sum(parts)
            named_unanswered = missed if refused else min(missed, 1) if said_unanswered else 0
            totals["said_unanswered"] += named_unanswered
            totals["dropped"] += missed - named_unanswered
            print(f"{question.id} ({question.kind}, {answer['route']}, {seconds:.1f} s): parts answered "
                  f"{sum(parts)}/{len(parts)}{' (refused whole)' if refused else ' (says one is unanswered)' if said_unanswered else ''}; "
                  f"named, uncited: {', '.join(uncited) or 'none'}")
            results.append({"id": question.id, "question": question.q, "parts": [asdict(p) for p in question.parts],
                            "answer": text, "route": answer["route"], "verified": answer["verified"],
                            "named_uncited": uncited, "parts_answered_by_towns": parts})
    print(f"{args.set}: {totals['questions']} questions answered ({totals['needs_model']} needed the model, "
          f"{totals['errors']} failed with an error); "
          f"answers naming a report without citing it {totals['answers_with_uncited']} "
          f"({totals['named_uncited']} names); parts {totals['parts']}: answered by the town test "
          f"{totals['answered']}, said unanswered {totals['said_unanswered']}, dropped {totals['dropped']}")
    if args.out:
        args.out.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
