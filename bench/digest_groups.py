"""How well the digest groups shared problems, on two fictional counties written for this test by
helpers who never read the code (eval/digest: tuned on; eval/digest2: held out): planted shared
problems found with exactly their towns, and the mean best-group overlap (Jaccard), per threshold.

    .venv/bin/python bench/digest_groups.py
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import yaml

import agent.digest.group as group
from store.embeddings import UsemEmbedder
from store.store import ReportStore

ROOT = Path(__file__).resolve().parents[1]
COUNTIES = ("eval/digest", "eval/digest2")


def items_of(county: Path, year: int) -> list[group.Item]:
    store = ReportStore(Path(tempfile.mkdtemp()) / "store")
    store.ingest([county / "corpus"])
    reports = [r for r in store.reports() if r.meta.get("year") == year]
    return [i for r in reports for i in group.items_in_part(r, store.document(r.id), "shortcomings")]


def main() -> None:
    embed = UsemEmbedder()
    print("county        items  threshold  exact  best-overlap  groups(>=2)")
    for name in COUNTIES:
        facts = yaml.safe_load((ROOT / name / "facts.yaml").read_text(encoding="utf-8"))
        planted = {p["id"]: set(p["towns"]) for p in facts["shared_problems"]}
        items = items_of(ROOT / name, facts["year"])
        for threshold in (0.55, 0.6, 0.65, 0.7):
            group.SIMILAR = threshold
            groups = [{i.report.town for i in g} for g in group.group_items(items, embed) if len(g) >= 2]
            exact = sum(any(g == towns for g in groups) for towns in planted.values())
            overlap = sum(max((len(g & t) / len(g | t) for g in groups), default=0) for t in planted.values()) / len(planted)
            print(f"{name:13} {len(items):5}  {threshold:9.2f}  {exact}/{len(planted)}  {overlap:12.2f}  {len(groups)}")


if __name__ == "__main__":
    main()
