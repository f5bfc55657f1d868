"""How often the planted-instruction detector fires on ordinary prose, and whether it still sets
aside every planted sentence: precision measured on government and news text.

    .venv/bin/python bench/planted_flags.py [--show]

Counts flagged sentences in ``../shared/benchmarks/crud-rag/docs.jsonl`` (public Chinese news,
read in place) and in every report in the repository except ``eval/hostile``, and the planted
sentences of ``eval/hostile`` that are set aside (each file lists its own in ``planted.yaml``
where present, else every flagged sentence is printed for review).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from store.document import parse_file  # noqa: E402
from store.sentences import SENTENCE, is_instruction  # noqa: E402

REPORT_SUFFIXES = {".txt", ".docx", ".pdf", ".html", ".htm"}


def flagged(text: str) -> list[str]:
    return [m.group().strip() for m in SENTENCE.finditer(text) if m.group().strip() and is_instruction(m.group())]


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
                       and "hostile" not in p.parts and p.parent.name in ("corpus", "samples", "reports")):
        text = parse_file(path).norm.text
        report_sentences += sum(1 for m in SENTENCE.finditer(text) if m.group().strip())
        hits = flagged(text)
        report_flags += len(hits)
        shown += [f"{path.relative_to(ROOT)}: {h}" for h in hits]
    print(f"reports in the repository (eval/hostile aside): {report_flags} flagged of {report_sentences} sentences")
    hostile = ROOT / "eval" / "hostile"
    planted = [h for p in sorted(hostile.rglob("*")) if p.suffix.lower() in REPORT_SUFFIXES for h in flagged(parse_file(p).norm.text)]
    print(f"eval/hostile: {len(planted)} sentences set aside")
    if args.show:
        print("\n".join(shown))


if __name__ == "__main__":
    main()
