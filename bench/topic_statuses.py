"""Fact-sheet topic statuses against a blind set's gold: how many report × topic facts the rules read right.

    .venv/bin/python bench/topic_statuses.py eval/paraphrase [--misses]

Reads ``facts.yaml`` of a set whose reports list ``topics: {name: {status, quote}}`` and maps the
set's topic names to the registry's keys (below); prints each miss with the gold quote and the
deciding sentence the sheet chose.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from store.document import parse_file  # noqa: E402
from store.factsheet import SheetReport, build_fact_sheet  # noqa: E402

# The blind set's own names for the registry's topics.
SET_NAMES = {
    "cameras": "body_cameras", "gov_legal_adviser": "legal_adviser", "village_legal_adviser_full": "village_adviser_coverage",
    "public_lawyer": "public_lawyers", "sifasuo_staffing": "justice_office_staff", "funding": "funding",
    "enforcement_platform": "enforcement_platform", "mediation_body": "mediation_body",
    "legality_review": "legality_review", "publicity": "publicity",
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--misses", action="store_true")
    args = parser.parse_args()
    facts = yaml.safe_load((args.folder / "facts.yaml").read_text(encoding="utf-8"))
    right = total = 0
    for gold_report in facts["reports"]:
        report = parse_file(args.folder / "corpus" / gold_report["file"])
        sheet = build_fact_sheet(report.norm, SheetReport(report.id, report.file, None, None, gold_report.get("year")),
                                 report.meta_dict())
        for name, gold in (gold_report.get("topics") or {}).items():
            if name not in SET_NAMES:
                continue
            entry = sheet.topic(SET_NAMES[name])
            total += 1
            right += entry.status == gold["status"]
            if args.misses and entry.status != gold["status"]:
                print(f"{gold_report['town']} {entry.topic}: gold {gold['status']}, sheet {entry.status}"
                      f" | gold 「{gold.get('quote', '')}」 | sheet 「{(entry.quote or '')[:70]}」")
    print(f"{right} of {total} report x topic statuses right")


if __name__ == "__main__":
    main()
