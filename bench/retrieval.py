"""Retrieval quality of the store's search, next to a plain BM25 baseline, on two query sets.

* **crud-rag**: public Chinese QA data nobody here wrote: the CRUD-RAG slice in
  ``../shared/benchmarks/crud-rag/`` (news documents and one-document questions; read from there,
  never copied into the project). Each document is written to a temporary ``<id>.txt`` (its text
  field only) and ingested with ``ReportStore``; a question is answered by its gold document, so
  the ranking scored is the store's ranking of documents (each document at its best passage).
* **reports**: ``eval/retrieval_queries.yaml`` over the bundled samples and ``eval/corpus``; a
  query is answered by a passage of its ``file`` that contains ``expect`` (whitespace ignored), so
  the ranking scored is of passages.

Systems, all on the same store: ``hybrid``, ``lexical`` and ``dense`` are ``ReportStore.search``
in its three modes (town filter included); ``bm25`` is plain BM25 (bm25s, default parameters)
over the character bigrams of ``store.lexical.tokenize``, on whole documents for crud-rag and on
the store's chunk texts for reports: no fields, no filters, no fusion. Printed: recall@1/5/10 and
MRR@10 per set and system, as one Markdown table.

    .venv/bin/python bench/retrieval.py
    .venv/bin/python bench/retrieval.py --workdir /tmp/fz-retrieval   # keep the stores, reuse them
    .venv/bin/python bench/retrieval.py --misses                      # list hybrid's misses at 5

A reused store keeps the metadata it was ingested with (report ids hash the text): after a
change to ``store/metadata.py`` use a fresh ``--workdir``.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import bm25s  # noqa: E402
import numpy as np  # noqa: E402
import yaml  # noqa: E402

from store.lexical import tokenize  # noqa: E402
from store.store import ReportStore  # noqa: E402

CRUD = ROOT.parent / "shared" / "benchmarks" / "crud-rag"
QUERIES = ROOT / "eval" / "retrieval_queries.yaml"
REPORTS = [ROOT / "samples", *sorted(p for p in (ROOT / "eval" / "corpus").iterdir() if p.suffix != ".yaml")]
DEPTH = 10  # recall@10 and MRR@10
CANDIDATES = 50  # passages asked of the store, enough for DEPTH distinct documents
MODES = ("hybrid", "lexical", "dense")

Ranking = list[tuple[str, str]]  # (file, passage text), best first


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@dataclass(frozen=True)
class Case:
    """One query and what answers it: a passage of ``file`` containing ``expect``, or, with no
    ``expect``, the document ``file`` itself."""

    query: str
    file: str
    expect: str | None = None

    def answered_by(self, file: str, text: str) -> bool:
        return file == self.file and (self.expect is None or squash(self.expect) in squash(text))


@dataclass(frozen=True)
class QuerySet:
    """Cases over one corpus; ``by_document``: rank documents (at their best passage), not passages."""

    name: str
    cases: list[Case]
    by_document: bool
    units: Ranking  # what the plain BM25 baseline ranks: whole documents, or the store's chunks


@dataclass(frozen=True)
class Scores:
    """Rank (1-based) of the first answering item per case, None when not in the top DEPTH."""

    ranks: list[int | None]

    def recall(self, k: int) -> float:
        return sum(1 for r in self.ranks if r is not None and r <= k) / len(self.ranks)

    @property
    def mrr(self) -> float:
        return sum(1 / r for r in self.ranks if r is not None) / len(self.ranks)


def first_rank(case: Case, ranking: Ranking) -> int | None:
    return next((i + 1 for i, (file, text) in enumerate(ranking[:DEPTH]) if case.answered_by(file, text)), None)


def by_document(ranking: Ranking) -> Ranking:
    """Each document once, at its best passage: a passage ranking read as a document ranking."""
    seen: set[str] = set()
    return [(file, text) for file, text in ranking if not (file in seen or seen.add(file))]


class PlainBM25:
    """BM25 over character bigrams of each unit, and nothing else: the baseline to beat."""

    def __init__(self, units: Ranking) -> None:
        self.units = units
        self.retriever = bm25s.BM25()
        self.retriever.index([tokenize(text) or [""] for _, text in units], show_progress=False)

    def __call__(self, query: str) -> Ranking:
        vocab = self.retriever.vocab_dict
        tokens = [t for t in tokenize(query) if t in vocab]
        if not tokens:
            return []
        scores = self.retriever.get_scores(tokens)
        top = np.argsort(-scores, kind="stable")[:CANDIDATES]
        return [self.units[i] for i in top if scores[i] > 0]


def store_ranker(store: ReportStore, mode: str) -> Callable[[str], Ranking]:
    def rank(query: str) -> Ranking:
        return [(hit.file, hit.text) for hit in store.search(query, k=CANDIDATES, mode=mode)]

    return rank


def score(query_set: QuerySet, rank: Callable[[str], Ranking]) -> Scores:
    ranks = []
    for case in query_set.cases:
        ranking = rank(case.query)
        ranks.append(first_rank(case, by_document(ranking) if query_set.by_document else ranking))
    return Scores(ranks)


def open_store(root: Path, paths: list[Path], label: str) -> ReportStore:
    """The store under ``root``, with ``paths`` ingested (files already there are skipped)."""
    store = ReportStore(root)
    started = time.perf_counter()
    summary = store.ingest(paths)
    print(
        f"{label}: {len(store.reports())} documents, {store.chunk_count()} chunks "
        f"({summary.count('added')} added in {time.perf_counter() - started:.0f}s, "
        f"{len(summary.failed)} failed)",
        flush=True,
    )
    return store


def crud_set(source: Path, workdir: Path) -> tuple[QuerySet, ReportStore]:
    docs = [json.loads(line) for line in (source / "docs.jsonl").read_text(encoding="utf-8").splitlines() if line]
    questions = [json.loads(line) for line in (source / "questions.jsonl").read_text(encoding="utf-8").splitlines() if line]
    folder = workdir / "crud-docs"
    folder.mkdir(parents=True, exist_ok=True)
    for doc in docs:
        path = folder / f"{doc['id']}.txt"
        if not path.exists():
            path.write_text(doc["text"], encoding="utf-8")
    store = open_store(workdir / "crud-store", [folder], "crud-rag store")
    cases = [Case(q["question"], f"{q['doc']}.txt") for q in questions]
    units = [(f"{doc['id']}.txt", doc["text"]) for doc in docs]
    name = f"crud-rag ({len(cases)} q, {len(docs)} docs)"
    return QuerySet(name, cases, by_document=True, units=units), store


def report_set(workdir: Path) -> tuple[QuerySet, ReportStore]:
    store = open_store(workdir / "report-store", REPORTS, "report store")
    entries = yaml.safe_load(QUERIES.read_text(encoding="utf-8"))["queries"]
    cases = [Case(q["query"], q["file"], q["expect"]) for q in entries]
    files = {r.id: r.file for r in store.reports()}
    units = [(files[c.report_id], c.text) for c in store.catalog.chunks()]
    name = f"reports ({len(cases)} q, {len(files)} reports)"
    return QuerySet(name, cases, by_document=False, units=units), store


def evaluate(query_set: QuerySet, store: ReportStore) -> dict[str, Scores]:
    results = {mode: score(query_set, store_ranker(store, mode)) for mode in MODES}
    results["bm25"] = score(query_set, PlainBM25(query_set.units))
    return results


def print_table(results: dict[str, dict[str, Scores]]) -> None:
    print("\n| query set | system | R@1 | R@5 | R@10 | MRR@10 |\n|---|---|---|---|---|---|")
    for set_name, by_system in results.items():
        for system, s in by_system.items():
            print(f"| {set_name} | {system} | {s.recall(1):.3f} | {s.recall(5):.3f} | {s.recall(10):.3f} | {s.mrr:.3f} |")
    print()
    for set_name, by_system in results.items():
        hybrid, best = by_system["hybrid"].recall(5), max(s.recall(5) for s in by_system.values())
        baseline = by_system["bm25"].recall(5)
        verdict = "met" if hybrid >= baseline else "MISSED"
        print(f"{set_name}: hybrid R@5 {hybrid:.3f} vs plain BM25 {baseline:.3f} -> {verdict}; best part {best:.3f}")


def print_misses(query_set: QuerySet, by_system: dict[str, Scores]) -> None:
    """Cases hybrid misses at 5, with every system's rank (- = not in the top 10)."""
    print(f"\n{query_set.name}: hybrid misses at 5 (ranks: {', '.join(by_system)})")
    for i, case in enumerate(query_set.cases):
        rank = by_system["hybrid"].ranks[i]
        if rank is None or rank > 5:
            ranks = " ".join(str(s.ranks[i] or "-") for s in by_system.values())
            print(f"  [{ranks}] {case.query}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--crud", type=Path, default=CRUD, help=f"the CRUD-RAG slice (default {CRUD})")
    parser.add_argument("--workdir", type=Path, help="keep the stores here and reuse them (default: a temp dir)")
    parser.add_argument("--misses", action="store_true", help="list the queries hybrid misses at 5")
    args = parser.parse_args(argv)
    if not (args.crud / "docs.jsonl").exists():
        raise SystemExit(f"no CRUD-RAG slice at {args.crud}: pass --crud DIR")
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="fazhi-retrieval-"))
    try:
        sets = [crud_set(args.crud, workdir), report_set(workdir)]
        results = {}
        for query_set, store in sets:
            results[query_set.name] = evaluate(query_set, store)
            if args.misses:
                print_misses(query_set, results[query_set.name])
        print_table(results)
    finally:
        if args.workdir is None:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
