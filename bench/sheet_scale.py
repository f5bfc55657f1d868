"""Which-towns questions on registry topics at 100+ reports: seconds per question with no model,
and what making the fact sheets costs.

Ingests every report of the repository's corpora (eval/*/corpus, eval/corpus, samples: about 150)
without vectors, makes every sheet once (cold: the first question's price, or ingest's background
work), then asks registry questions in Chinese and English (warm: sheets from the cache).

    .venv/bin/python bench/sheet_scale.py
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from agent.answer.pipeline import answer_question  # noqa: E402
from store.store import ReportStore  # noqa: E402

QUESTIONS = [
    "哪些乡镇没有配备执法记录仪？",
    "Which towns only plan to hire a legal adviser?",
    "哪些乡镇（街道）司法所人手不足？",
    "尚未建立人民调解组织的街道",
    "Which townships have a rule-of-law culture park or square?",
]


class NoModel:
    """Fails when asked anything: these questions must be answered by code."""

    def __getattr__(self, name: str) -> object:
        raise AssertionError(f"model called ({name})")


def main() -> None:
    folders = [ROOT / "samples", ROOT / "eval" / "corpus", *sorted((ROOT / "eval").glob("*/corpus"))]
    store = ReportStore(Path(tempfile.mkdtemp()) / "store")
    started = time.perf_counter()
    store.ingest(folders, vectors_later=True)
    reports = store.reports()
    print(f"{len(reports)} reports ingested (no vectors) in {time.perf_counter() - started:.1f} s")
    started = time.perf_counter()
    for report in reports:
        store.fact_sheet(report)
    cold = time.perf_counter() - started
    print(f"fact sheets made: {cold:.1f} s ({1000 * cold / len(reports):.0f} ms per report)")
    seconds = []
    for question in QUESTIONS:
        started = time.perf_counter()
        answer = answer_question(store, question, NoModel())
        seconds.append(time.perf_counter() - started)
        print(f"  {seconds[-1]:5.2f} s  {len(answer.scan or [])} reports  {question}")
    print(f"warm: median {statistics.median(seconds):.2f} s, max {max(seconds):.2f} s per question")


if __name__ == "__main__":
    main()
