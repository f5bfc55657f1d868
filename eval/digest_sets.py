"""The blind digest counties (``eval/digest*/facts.yaml``) checked as their writers promised: every
roster file readable, every planted quote (shared problems and plans, single-town problems, traps,
practices, figures, a planted instruction) verbatim in its town's report (or the file it names),
and every shared group's count the number of its towns. One checker for every county, instead of a
validator copied into each folder.

    .venv/bin/python -m eval.digest_sets [eval/digest5 …]
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from eval.question_sets import print_checks, report_text

ROOT = Path(__file__).resolve().parent.parent
COUNTIES = tuple(sorted(p.parent for p in ROOT.glob("eval/digest*/facts.yaml")))


def _files_by_town(facts: dict[str, Any]) -> dict[str, str]:
    """Each roster town's report file of the memo's year (``file``, or ``file_2024`` in eval/digest)."""
    return {entry["town"]: entry.get("file") or entry.get("file_2024") for entry in facts["roster"]
            if entry.get("file") or entry.get("file_2024")}


def _quoted(node: Any) -> Iterator[tuple[str | None, str | None, str]]:
    """Every (town, file, quote) planted anywhere in the facts: entries with a ``quote`` or a
    ``sentence`` and the town or file it belongs to, and the town → quote maps of shared groups."""
    if isinstance(node, dict):
        text = node.get("quote") or node.get("sentence")
        if isinstance(text, str) and (node.get("town") or node.get("file")):
            yield node.get("town"), node.get("file"), text
        if isinstance(node.get("quotes"), dict):
            yield from ((town, None, quote) for town, quote in node["quotes"].items())
        for key, value in node.items():
            if key != "quotes":
                yield from _quoted(value)
    elif isinstance(node, list):
        for value in node:
            yield from _quoted(value)


def problems(folder: Path) -> list[str]:
    """Every way the county breaks its writer's promises, one line each (empty when it keeps them)."""
    facts = yaml.safe_load((folder / "facts.yaml").read_text(encoding="utf-8"))
    corpus, name = folder / "corpus", folder.name
    files = _files_by_town(facts)
    found = [f"{name}: roster file {file} of {town} missing" for town, file in files.items() if not (corpus / file).is_file()]
    for town, file, quote in _quoted(facts):
        path = corpus / (file or files.get(town or "", ""))
        if not (file or town in files):
            found.append(f"{name}: {town} is not in the roster: {quote}")
        elif not path.is_file():
            found.append(f"{name}: no file {path.name} for {town}: {quote}")
        elif quote not in report_text(path):
            found.append(f"{name}: not verbatim in {path.name}: {quote}")
    for group in facts.get("shared_problems", []) + facts.get("shared_plans", []):
        if "count" in group and group["count"] != len(group["quotes"]):
            found.append(f"{name} {group['id']}: count {group['count']} but {len(group['quotes'])} towns quoted")
    return found


def main(folders: list[str]) -> int:
    return print_checks([Path(f).resolve() for f in folders] or list(COUNTIES), problems, lambda folder: folder.name)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
