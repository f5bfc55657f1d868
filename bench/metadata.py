"""Town, county, year and signature date read from each report of a blind metadata set, against
the set's ``truth.yaml`` (issue 20: titles without the town, the county only in the body or the
addressee, issuers and date on one line, another town named in the body).

    .venv/bin/python bench/metadata.py [--set eval/metalayouts]

Prints one line per report that differs (what was read, what is true) and the count right per
field. Nothing is stored: only ``store.document.parse_file`` runs.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from store.document import parse_file  # noqa: E402

FIELDS = ("town", "county", "year", "signature_date")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", type=Path, default=ROOT / "eval" / "metalayouts", help="folder with corpus/ and truth.yaml")
    args = parser.parse_args()
    truth = yaml.safe_load((args.set / "truth.yaml").read_text(encoding="utf-8"))
    right = dict.fromkeys(FIELDS, 0)
    for expected in truth:
        meta = parse_file(args.set / "corpus" / expected["file"]).meta
        wrong = []
        for name in FIELDS:
            got, want = getattr(meta, name), expected.get(name)
            if (str(got) if got is not None else None) == (str(want) if want is not None else None):
                right[name] += 1
            else:
                wrong.append(f"{name}: read {got!r}, true {want!r}")
        if wrong:
            print(f"{expected['file']}: " + "; ".join(wrong))
    print(f"{args.set.name}: {len(truth)} reports; " + ", ".join(f"{name} {right[name]}/{len(truth)}" for name in FIELDS))


if __name__ == "__main__":
    main()
