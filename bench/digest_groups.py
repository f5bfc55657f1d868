"""How well the digest finds and groups shared problems, on four fictional counties written for this
test by helpers who never read the code (facts.yaml in each holds the truth).

Per county it prints:
- items: problem statements found in the shortcomings parts, against the planted ones (shared and
  single-town), and how many planted statements were missed;
- pure: groups (two or more towns) whose statements are all one planted problem; a group that is
  not pure puts different problems under one count, the error a memo reader cannot see;
- exact: planted shared problems found as one group with exactly their towns;
- towns: the planted (problem, town) pairs that sit in a pure group of their problem;
- with --judge: pairs judged, model calls (0 on a cached re-run) and seconds of grouping.

eval/digest and eval/digest2 were used to choose the settings, eval/digest4 to check the item
finder, eval/digest3 was scored only with the final settings.

    .venv/bin/python bench/digest_groups.py [--merge 0.6 0.4]
    .venv/bin/python bench/digest_groups.py --judge [--cache FILE] [--confirm 2 2.5] [--weight 1]

--judge asks the configured endpoint (FAZHI_BASE_URL), else starts the embedded model on a free
port for the run; verdicts are kept in --cache (default $FAZHI_HOME/cache/bench-pairs.json).
"""

from __future__ import annotations

import argparse
import contextlib
import itertools
import tempfile
import time
from pathlib import Path

import agent.digest.group as group
from agent.digest.items import Item, items_in_part, with_explanation
from eval.digest_truth import COUNTIES, ROOT, facts_of, matches, planted_problem, problems
from store.embeddings import E5Embedder, UsemEmbedder
from store.store import ReportStore


def items_of(county: Path, year: int) -> list[Item]:
    """The problem statements the digest finds in the county's reports of ``year``, each quoted with
    the sentence that explains it, as the memo quotes them."""
    store = ReportStore(Path(tempfile.mkdtemp()) / "store")
    store.ingest([county / "corpus"])
    reports = [r for r in store.reports() if r.meta.get("year") == year]
    docs = {r.id: store.document(r.id) for r in reports}
    return [with_explanation(i, docs[r.id]) for r in reports for i in items_in_part(r, docs[r.id], "shortcomings")]


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


@contextlib.contextmanager
def model_judge(cache_file: Path | None):  # noqa: ANN201
    """The memo's judge on the configured endpoint, or on the embedded model started for the run."""
    from agent.digest.judge import ModelJudge
    from agent.llm.client import chat_model, open_endpoint
    from agent.settings import Settings
    from agent.tables.cache import PickCache

    settings = Settings()
    cache = PickCache(cache_file or settings.home / "cache" / "bench-pairs.json")
    with open_endpoint(settings) as endpoint:
        try:
            yield ModelJudge(chat_model(settings, endpoint), cache)
        finally:
            cache.save()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--merge", type=float, nargs="*", default=[group.MERGE], help="group-merge thresholds to try")
    parser.add_argument("--judge", action="store_true", help="confirm groups with the model as pair judge")
    parser.add_argument("--confirm", type=float, nargs="*", default=[group.CONFIRM], help="confirmation scores to try")
    parser.add_argument("--weight", type=float, nargs="*", default=[group.DENSE_WEIGHT], help="encoder weights to try")
    parser.add_argument("--cache", type=Path, help="the judge's verdict cache (JSON)")
    parser.add_argument("--counties", nargs="*", default=list(COUNTIES))
    args = parser.parse_args()
    embed = E5Embedder() if args.judge else UsemEmbedder()
    with model_judge(args.cache) if args.judge else contextlib.nullcontext() as judge:
        for name in args.counties:
            facts = facts_of(name)
            items = items_of(ROOT / name, facts["year"])
            if judge is None:
                for merge in args.merge:
                    group.MERGE = merge
                    print(f"{name:13} merge {merge:.2f}  {score(facts, items, group.group_items(items, embed))}", flush=True)
                continue
            for confirm, weight in itertools.product(args.confirm, args.weight):
                group.CONFIRM, group.DENSE_WEIGHT = confirm, weight
                pairs, calls, started = judge.pairs, judge.calls, time.perf_counter()
                groups = group.group_items(items, embed, judge)
                judge.cache.save()
                print(f"{name:13} judge {confirm:.2f} weight {weight:.2f}  {score(facts, items, groups)}  "
                      f"pairs {judge.pairs - pairs:4}  calls {judge.calls - calls:4}  {time.perf_counter() - started:6.1f} s",
                      flush=True)


if __name__ == "__main__":
    main()
