"""Tokens, model calls and seconds per question: fazhi's pipeline vs a naive top-k "stuff" chain.

Runs live against the configured endpoint (the embedded local model by default) on the bundled
samples, the same questions for both systems:

    .venv/bin/python bench/questions.py [--questions N]

The naive chain is the eval baseline (``eval/baseline.py``): hybrid top-5 passages stuffed into
one prompt, one call. fazhi spends its calls where code cannot decide (judging evidence, phrasing
an answer); totals and coverage are done by code.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from agent.answer.pipeline import answer_question
from agent.llm.client import chat_model, open_endpoint
from agent.settings import Settings
from agent.stores import open_store
from eval.baseline import baseline_answer

ROOT = Path(__file__).resolve().parent.parent
QUESTIONS = [
    "哪些乡镇没有配备执法记录仪？",
    "西大沟镇持证执法人员有多少人？",
    "比较陶家镇和田镇街道的矛盾纠纷调处情况",
    "How many petitions did 城西街道 handle in 2024?",
    "黔江区各街道2024年共处理信访多少件？",
    "田镇街道2024年的财政收入是多少？",
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=int, default=len(QUESTIONS))
    args = parser.parse_args()
    settings = Settings()
    with tempfile.TemporaryDirectory() as home:
        store = open_store(settings.with_home(Path(home)), create=True)
        store.ingest([ROOT / "samples"])
        rows = []
        with open_endpoint(settings) as endpoint:
            model = chat_model(settings, endpoint, stream_usage=True)
            for question in QUESTIONS[: args.questions]:
                started = time.perf_counter()
                ours = answer_question(
                    store, question, model,
                    scan_batch=settings.scan_batch_size(endpoint.local),
                    agent_tools=settings.agent_tools_enabled(endpoint.local),
                )
                ours_s = time.perf_counter() - started
                started = time.perf_counter()
                naive = baseline_answer(store, question, model)
                naive_s = time.perf_counter() - started
                rows.append((question, ours.usage.as_dict(), ours_s, naive["usage"], naive_s))
    print(f"{'question':<44} {'fazhi calls/tok/s':>22} {'naive calls/tok/s':>22}")
    for question, ours, ours_s, naive, naive_s in rows:
        print(f"{question[:42]:<44} {_fmt(ours, ours_s):>22} {_fmt(naive, naive_s):>22}")
    total = [sum(r[i]["prompt_tokens"] + r[i]["completion_tokens"] for r in rows) for i in (1, 3)]
    seconds = [sum(r[i] for r in rows) for i in (2, 4)]
    print(f"{'mean per question':<44} {total[0] / len(rows):>14.0f} tok {seconds[0] / len(rows):>4.1f} s"
          f" {total[1] / len(rows):>14.0f} tok {seconds[1] / len(rows):>4.1f} s")


def _fmt(usage: dict, seconds: float) -> str:
    return f"{usage['llm_calls']}/{usage['prompt_tokens'] + usage['completion_tokens']}/{seconds:.1f}"


if __name__ == "__main__":
    main()
