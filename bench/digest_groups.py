"""How well the digest groups shared problems: planted problems of the digest test county
(eval/digest/facts.yaml) found with their exact town sets, per similarity threshold.

    FAZHI_HOME=… .venv/bin/python bench/digest_groups.py   (a store holding eval/digest/corpus)
"""

from __future__ import annotations

from pathlib import Path

import yaml

import agent.digest.group as group
from agent.settings import Settings
from agent.stores import open_store
from store.embeddings import UsemEmbeddingFunction

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    facts = yaml.safe_load((ROOT / "eval/digest/facts.yaml").read_text(encoding="utf-8"))
    planted = {p["problem"]: set(p["towns"]) for p in facts["shared_problems"]}
    store = open_store(Settings())
    reports = [r for r in store.reports() if r.meta.get("year") == facts["year"]]
    items = [i for r in reports for i in group.items_in_part(r, store.document(r.id), "shortcomings")]
    embed = UsemEmbeddingFunction()
    print(f"{len(items)} enumerated problem statements in {len(reports)} reports")
    print("threshold  exact  best-overlap  groups(>=2)")
    for threshold in (0.58, 0.62, 0.65, 0.68, 0.72):
        group.SIMILAR = threshold
        groups = [{i.report.town for i in g} for g in group.group_items(items, embed) if len(g) >= 2]
        exact = sum(any(g == towns for g in groups) for towns in planted.values())
        overlap = sum(max((len(g & towns) / len(g | towns) for g in groups), default=0) for towns in planted.values()) / len(planted)
        print(f"{threshold:9.2f}  {exact}/{len(planted)}  {overlap:12.2f}  {len(groups)}")


if __name__ == "__main__":
    main()
