"""How well the digest finds and groups shared problems, on four fictional counties written for this
test by helpers who never read the code (facts.yaml in each holds the truth).

Per county it prints:
- items: problem statements found in the shortcomings parts, against the planted ones (shared and
  single-town), and how many planted statements were missed;
- pure: groups (two or more towns) whose statements are all one planted problem; a group that is
  not pure puts different problems under one count, the error a memo reader cannot see;
- exact: planted shared problems found as one group with exactly their towns;
- towns: the planted (problem, town) pairs that sit in a pure group of their problem.

eval/digest and eval/digest2 were used to choose the settings, eval/digest4 to check the item
finder, eval/digest3 was scored only with the final settings.

    .venv/bin/python bench/digest_groups.py [--merge 0.6 0.4]
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

import agent.digest.group as group
from agent.digest.items import Item, items_in_part
from eval.digest_truth import COUNTIES, ROOT, facts_of, matches, planted_problem, problems
from store.embeddings import UsemEmbedder
from store.store import ReportStore


def items_of(county: Path, year: int) -> list[Item]:
    """The problem statements the digest finds in the county's reports of ``year``."""
    store = ReportStore(Path(tempfile.mkdtemp()) / "store")
    store.ingest([county / "corpus"])
    reports = [r for r in store.reports() if r.meta.get("year") == year]
    return [i for r in reports for i in items_in_part(r, store.document(r.id), "shortcomings")]


def score(facts: dict, items: list[Item], groups: list[list[Item]]) -> str:
    """One line of figures: items found against the planted ones, pure groups, exact problems, towns."""
    planted_items = problems(facts)
    missed = sum(not any(matches(i, s) for i in items) for s in planted_items)
    shared = [g for g in groups if len({i.report for i in g}) >= 2]
    labels = [{planted_problem(facts, i) for i in g} for g in shared]
    pure = [g for g, lab in zip(shared, labels, strict=True) if len(lab) == 1 and None not in lab]
    planted = {p["id"]: set(p["towns"]) for p in facts["shared_problems"]}
    towns = [{i.report.town for i in g} for g in shared]
    exact = sum(any(t == want for t in towns) for want in planted.values())
    in_pure = sum(len(g) for g in pure)
    return (f"items {len(items):3} of {len(planted_items):3} planted, {missed} missed  pure {len(pure):2}/{len(shared):2}  "
            f"exact {exact}/{len(planted)}  towns {in_pure:2}/{sum(map(len, planted.values()))}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--merge", type=float, nargs="*", default=[group.MERGE], help="group-merge thresholds to try")
    args = parser.parse_args()
    embed = UsemEmbedder()
    for name in COUNTIES:
        facts = facts_of(name)
        items = items_of(ROOT / name, facts["year"])
        for merge in args.merge:
            group.MERGE = merge
            print(f"{name:13} merge {merge:.2f}  {score(facts, items, group.group_items(items, embed))}", flush=True)


if __name__ == "__main__":
    main()
