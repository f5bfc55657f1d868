"""How often the planted-instruction detector fires on ordinary prose, and whether it still sets
aside every planted sentence: precision measured on government and news text.

    .venv/bin/python bench/planted_flags.py [--show]

Counts flagged sentences in ``../shared/benchmarks/crud-rag/docs.jsonl`` (public Chinese news,
read in place) and in every report in the repository except ``eval/hostile``, and the planted
sentences of ``eval/hostile`` that are set aside. For a set whose facts.yaml lists its
``planted`` and ``innocent`` sentences and each report's true facts (``eval/hostile2``, written
blind): planted sentences set aside, innocent ones flagged, planted ones labelled as the town's own
statement, and the fact sheet's reading of each true fact, with any planted sentence deciding one.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import yaml  # noqa: E402

from store.document import parse_file  # noqa: E402
from store.factsheet import FactSheet, SheetReport, build_fact_sheet  # noqa: E402
from store.sentences import SENTENCE, is_instruction  # noqa: E402

REPORT_SUFFIXES = {".txt", ".docx", ".pdf", ".html", ".htm"}


def flagged(text: str) -> list[str]:
    return [m.group().strip() for m in SENTENCE.finditer(text) if m.group().strip() and is_instruction(m.group())]


# The blind set's fact keys and the indicator each is read by.
_INDICATOR_OF = {"certified_officers": "certified_officers", "legality_reviews": "legality_reviews",
                 "disputes_mediated": "disputes_mediated", "publicity_events": "publicity_events",
                 "reconsideration_cases": "admin_reconsiderations", "litigation_cases": "admin_lawsuits",
                 "body_cameras": "body_cameras"}
_TOPIC_OF = {"body_cameras": "body_cameras", "legal_adviser": "legal_adviser"}


def _sheet_reading(sheet: FactSheet, key: str) -> tuple[object, str | None]:
    """What the sheet says about one true fact: the indicator's figure, else the topic's status."""
    entry = sheet.indicator(_INDICATOR_OF[key]) if key in _INDICATOR_OF else None
    if entry is not None:
        return entry.value, entry.quote
    topic = sheet.topic(_TOPIC_OF[key]) if key in _TOPIC_OF else None
    return (topic.status, topic.quote) if topic else (None, None)


def score_planted_set(folder: Path) -> None:
    facts = yaml.safe_load((folder / "facts.yaml").read_text(encoding="utf-8"))
    planted, innocent = facts["planted"], facts["innocent"]
    flags = {}
    sheets = {}
    for report in facts["reports"]:
        parsed = parse_file(folder / "corpus" / report["file"])
        flags[report["file"]] = flagged(parsed.norm.text)
        meta = parsed.meta_dict()
        ref = SheetReport(parsed.id, report["file"], meta.get("town"), meta.get("county"), meta.get("year"))
        sheets[report["file"]] = build_fact_sheet(parsed.norm, ref, meta)

    def set_aside(item: dict) -> bool:
        return any(item["text"][:15] in hit or hit[:15] in item["text"] for hit in flags[item["file"]])

    def planted_text(quote: str | None) -> bool:
        return bool(quote) and any(quote[:12] in p["text"] or p["text"][:12] in quote for p in planted)

    as_evidence = sum(s.states_own_situation for f, sheet in sheets.items() for s in sheet.statements
                      if any(p["file"] == f and p["text"][:15] in s.text for p in planted))
    right = total = decided_by_planted = 0
    wrong = []
    for report in facts["reports"]:
        for fact in report["facts"]:
            if fact["key"] not in _INDICATOR_OF and fact["key"] not in _TOPIC_OF:
                continue
            value, quote = _sheet_reading(sheets[report["file"]], fact["key"])
            value = "lacks" if value == "plans" else value
            total += 1
            right += value == fact["value"]
            decided_by_planted += planted_text(quote)
            if value != fact["value"]:
                wrong.append(f"  {report['town']} {fact['key']}: {value} (want {fact['value']})")
    print(f"{folder.relative_to(ROOT)}: planted set aside {sum(map(set_aside, planted))}/{len(planted)}, "
          f"innocent flagged {sum(map(set_aside, innocent))}/{len(innocent)}, "
          f"planted labelled as the town's own statement {as_evidence}; "
          f"sheet facts right {right}/{total}, decided by a planted sentence {decided_by_planted}")
    print("\n".join(wrong))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", action="store_true", help="print every flagged sentence")
    args = parser.parse_args()
    crud = ROOT.parent / "shared" / "benchmarks" / "crud-rag" / "docs.jsonl"
    sentences = flags = 0
    shown: list[str] = []
    if crud.exists():
        for line in crud.read_text(encoding="utf-8").splitlines():
            doc = json.loads(line)
            text = doc.get("text") or doc.get("content") or ""
            sentences += sum(1 for m in SENTENCE.finditer(text) if m.group().strip())
            hits = flagged(text)
            flags += len(hits)
            shown += hits
    print(f"crud-rag docs: {flags} flagged of {sentences} sentences")
    report_sentences = report_flags = 0
    for path in sorted(p for p in ROOT.rglob("*") if p.suffix.lower() in REPORT_SUFFIXES and ".venv" not in p.parts
                       and not any(part.startswith("hostile") for part in p.parts)
                       and p.parent.name in ("corpus", "samples", "reports")):
        text = parse_file(path).norm.text
        report_sentences += sum(1 for m in SENTENCE.finditer(text) if m.group().strip())
        hits = flagged(text)
        report_flags += len(hits)
        shown += [f"{path.relative_to(ROOT)}: {h}" for h in hits]
    print(f"reports in the repository (eval/hostile* aside): {report_flags} flagged of {report_sentences} sentences")
    hostile = ROOT / "eval" / "hostile"
    planted = [h for p in sorted(hostile.rglob("*")) if p.suffix.lower() in REPORT_SUFFIXES for h in flagged(parse_file(p).norm.text)]
    print(f"eval/hostile: {len(planted)} sentences set aside")
    for facts in sorted((ROOT / "eval").glob("hostile*/facts.yaml")):
        if "planted" in yaml.safe_load(facts.read_text(encoding="utf-8")):
            score_planted_set(facts.parent)
    if args.show:
        print("\n".join(shown))


if __name__ == "__main__":
    main()
