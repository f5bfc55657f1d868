"""Cell precision and recall of ``fazhi table`` against the gold table of the eval corpus.

Usage::

    .venv/bin/python bench/tables.py             # patterns only (--no-llm), no model needed
    FAZHI_HOME=/root OMP_WAIT_POLICY=PASSIVE .venv/bin/python bench/tables.py --llm   # both modes
    .venv/bin/python bench/tables.py --set eval/tablelayouts -v   # the blind layout set

Gold: ``eval/corpus/facts.yaml`` (``indicators`` per file, plus ``body_cameras``: a count when the
town has them, "lacks" when it states it lacks them). A predicted cell is correct when its value
equals the gold value; a predicted cell the gold table leaves empty is a false positive (a wrong
number is worse than a blank). Files are parsed directly (no store, no embeddings), through the
same ``collect``/``resolve`` code the CLI uses. Modes: ``no-llm`` (patterns; unsettled cells take
the best score, marked ambiguous), ``llm`` (what ``fazhi table`` does: the model picks where scores
do not settle a cell) and ``llm-all`` (the model picks wherever candidates disagree at all).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from agent.settings import Settings  # noqa: E402
from agent.tables.build import Pending, collect, resolve  # noqa: E402
from agent.usage import Usage  # noqa: E402
from store.document import parse_file  # noqa: E402
from store.indicators import KEYS  # noqa: E402

CORPUS = ROOT / "eval" / "corpus"


def gold_cells(entry: dict[str, Any]) -> dict[str, Any]:
    """One report's gold cells: ``facts.yaml``'s indicators and body cameras, or a layout set's
    ``cells`` (every indicator, null where the report states none, so a filled null is wrong)."""
    if "cells" in entry:
        return {key: (cell or {}).get("value") for key, cell in entry["cells"].items()}
    cells = {key: fact["value"] for key, fact in (entry.get("indicators") or {}).items()}
    cameras = entry.get("body_cameras") or {}
    if cameras.get("status") == "has":
        cells["body_cameras"] = cameras["count"]
    elif cameras.get("status") == "lacks":
        cells["body_cameras"] = "lacks"
    return cells


def same(a: Any, b: Any) -> bool:
    if isinstance(a, int | float) and isinstance(b, int | float):
        return abs(float(a) - float(b)) < 1e-6
    return a == b


def score(
    pendings: list[Pending],
    gold: dict[str, dict[str, Any]],
    model: Any | None,
    verbose: bool,
    ask_all: bool = False,
) -> dict:
    usage = Usage()
    tp = fp = fn = ambiguous = 0
    known = {key for truth in gold.values() for key in truth}  # indicators added after the gold was written are not scored
    started = time.perf_counter()
    for pending in pendings:
        row = resolve(pending, model, usage, ask_on_any_disagreement=ask_all)
        truth = gold[pending.sheet.report.file]
        for key in (k for k in KEYS if k in known):
            cell, want = row.cells[key], truth.get(key)
            got = cell.value if cell else None
            ambiguous += bool(cell and cell.ambiguous)
            if got is not None and want is not None and same(got, want):
                tp += 1
                continue
            fp += got is not None
            fn += want is not None
            if verbose and (got is not None or want is not None):
                print(f"  miss {pending.sheet.report.file} {key}: got {got!r} want {want!r}", file=sys.stderr)
    predicted, stated = tp + fp, tp + fn
    return {
        "precision": tp / predicted if predicted else 1.0,
        "recall": tp / stated if stated else 1.0,
        "correct": tp,
        "wrong_or_extra": fp,
        "missed": fn,
        "gold_cells": stated,
        "ambiguous_cells": ambiguous,
        "llm_calls": usage.llm_calls,
        "seconds": round(time.perf_counter() - started, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--llm", action="store_true", help="also run with the model (FAZHI_* settings)")
    parser.add_argument("-v", "--verbose", action="store_true", help="list every wrong or missed cell")
    parser.add_argument("--set", default=None, help="a layout set with corpus/ and truth.yaml (eval/tablelayouts)")
    args = parser.parse_args()
    folder = ROOT / args.set / "corpus" if args.set else CORPUS
    truth = ROOT / args.set / "truth.yaml" if args.set else CORPUS / "facts.yaml"
    entries = yaml.safe_load(truth.read_text(encoding="utf-8"))["files"]
    gold = {entry["file"]: gold_cells(entry) for entry in entries}
    pendings = []
    for entry in entries:
        report = parse_file(folder / entry["file"])
        pendings.append(collect(report.norm, report.meta_dict(), report.id, entry["file"]))
    results = {"no-llm": score(pendings, gold, None, args.verbose)}
    if args.llm:
        from agent.llm.client import chat_model, open_endpoint

        settings = Settings()
        with open_endpoint(settings) as endpoint:
            model = chat_model(settings, endpoint)
            results["llm"] = score(pendings, gold, model, args.verbose)
            results["llm-all"] = score(pendings, gold, model, args.verbose, ask_all=True)
    print(
        f"{len(entries)} reports, {results['no-llm']['gold_cells']} gold cells ({folder.relative_to(ROOT)})"
    )
    print(
        f"{'mode':8} {'precision':>9} {'recall':>7} {'correct':>7} {'wrong':>5} {'missed':>6} {'ambig':>5} {'calls':>5} {'s':>6}"
    )
    for mode, r in results.items():
        print(
            f"{mode:8} {r['precision']:9.3f} {r['recall']:7.3f} {r['correct']:7d} {r['wrong_or_extra']:5d} "
            f"{r['missed']:6d} {r['ambiguous_cells']:5d} {r['llm_calls']:5d} {r['seconds']:6.1f}"
        )


if __name__ == "__main__":
    main()
