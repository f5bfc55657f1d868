"""Fingerprint how every bundled and eval report parses, to show that a loader or parser change
leaves the corpora alone (issue 25: mixed-script reports must not change how Chinese ones ingest).

For each report file under the folders (default: /work/shared/reports, samples/, eval/corpus and
every eval/*/corpus) it records the report id, every chunk's clean span, original line and part,
the metadata and the outline's part statuses, or the one-line error the file is refused with.
Nothing is embedded or stored: only ``store.document.parse_file`` and ``store.outline`` run.

    .venv/bin/python bench/corpus_parse.py --save /tmp/before.json     # on the old code
    .venv/bin/python bench/corpus_parse.py --compare /tmp/before.json  # on the new code

``--compare`` prints one line per file that differs (and what differs) and a summary line with
the counts of files, ids and chunks compared; it exits 1 when anything differs.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from store.document import parse_file  # noqa: E402
from store.errors import ReportError  # noqa: E402
from store.loaders import discover  # noqa: E402
from store.outline import check_outline  # noqa: E402

DEFAULT_FOLDERS = [Path("/work/shared/reports"), ROOT / "samples", ROOT / "eval" / "corpus",
                   *sorted((ROOT / "eval").glob("*/corpus"))]


def fingerprint(path: Path) -> dict[str, Any]:
    """What one file parses to, in plain JSON: enough to tell whether its stored form would change."""
    try:
        report = parse_file(path)
    except ReportError as exc:
        return {"error": exc.problem}
    return {
        "id": report.id,
        "chunks": [[c.start, c.end, c.line, c.part] for c in report.chunks],
        "meta": report.meta_dict(),
        "outline": check_outline(report.norm, report.meta).parts,
    }


def fingerprints(folders: list[Path]) -> dict[str, dict[str, Any]]:
    """Fingerprints of every report file under ``folders``, keyed by path relative to the repo
    (or absolute for folders outside it), so runs from two worktrees compare by name."""
    found = discover([f for f in folders if f.exists()])
    return {_key(path): fingerprint(path) for path in found.files}


def _key(path: Path) -> str:
    resolved = path.resolve()
    return str(resolved.relative_to(ROOT)) if resolved.is_relative_to(ROOT) else str(resolved)


def compare(before: dict[str, dict[str, Any]], after: dict[str, dict[str, Any]]) -> list[str]:
    """One line per file whose fingerprint differs, naming the fields that do."""
    lines = []
    for key in sorted(before.keys() | after.keys()):
        old, new = before.get(key), after.get(key)
        if old != new:
            fields = sorted(k for k in (old or {}).keys() | (new or {}).keys() if (old or {}).get(k) != (new or {}).get(k))
            lines.append(f"{key}: {', '.join(fields) or 'missing'} differ")
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folders", nargs="*", type=Path, default=DEFAULT_FOLDERS)
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--save", type=Path, help="write the fingerprints to this JSON file")
    group.add_argument("--compare", type=Path, help="compare against fingerprints saved earlier")
    args = parser.parse_args()
    now = fingerprints(args.folders)
    if args.save:
        args.save.write_text(json.dumps(now, ensure_ascii=False, indent=1), encoding="utf-8")
        print(f"{len(now)} files fingerprinted into {args.save}")
        return 0
    before = json.loads(args.compare.read_text(encoding="utf-8"))
    differences = compare(before, now)
    for line in differences:
        print(line)
    parsed = [f for f in now.values() if "id" in f]
    same_ids = sum(1 for k, f in now.items() if "id" in f and before.get(k, {}).get("id") == f["id"])
    chunks = sum(len(f["chunks"]) for f in parsed)
    print(f"{len(now)} files ({len(now) - len(parsed)} refused), {same_ids}/{len(parsed)} ids and "
          f"{chunks} chunks compared: {len(differences)} files differ")
    return 1 if differences else 0


if __name__ == "__main__":
    sys.exit(main())

