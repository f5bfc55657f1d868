"""How the planner reads questions it has never seen: the bank of eval/bank (538 questions in
Chinese, English and both, written blind by a helper who never read the code, each with the plan a
correct planner makes) planned against a small store holding a report for every town it names.

Prints plan accuracy overall and per language and intent, on the fields the bank fixes: intent,
indicator (figure intents), topic (has / lacks / mentions), order (rank), outline_ask (outline),
towns found; with --misses, every wrong plan.

    .venv/bin/python bench/question_bank.py [--misses]
    .venv/bin/python bench/question_bank.py --suite questions   # an eval suite whose cases carry a plan
    .venv/bin/python bench/question_bank.py --votes             # and the bank's nearest-question vote
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from agent.answer.bank import load_bank  # noqa: E402
from agent.answer.plan import Corpus, plan_by_rules  # noqa: E402
from agent.answer.types import Plan  # noqa: E402
from eval.runner import SUITES, corpus_files  # noqa: E402
from store.store import ReportStore  # noqa: E402

BANK = ROOT / "eval" / "bank" / "bank.yaml"
COUNTY = "清河县"
REPORT = """{town}关于2024年度法治政府建设情况的报告
{county}人民政府：
一、主要举措和成效
全年调处矛盾纠纷30件。镇综合行政执法队现有持证执法人员8名。
二、存在的不足和原因
执法力量薄弱。
三、下一年度工作安排
加强培训。
{town}
2025年1月10日
"""


def bank_towns(bank: list[dict]) -> list[str]:
    """Every town the bank's Chinese questions name (柳湾镇, 东城街道 …), counties aside."""
    names = {m for e in bank for m in re.findall(r"[\u4e00-\u9fff]{2}(?:街道|镇|乡)", e["q"])}
    return sorted(n for n in names if not re.search(r"[哪各全所没是有个的了年数多少一排仪街和或还些几这那县区]", n[:2]))


def store_for(towns: list[str]) -> ReportStore:
    folder = Path(tempfile.mkdtemp())
    for number, town in enumerate(towns):
        (folder / f"{number:02}.txt").write_text(REPORT.format(town=town, county=COUNTY), encoding="utf-8")
    store = ReportStore(folder / "store")
    store.ingest([folder], vectors_later=True)
    return store


def _outline_ask(plan: Plan) -> str | None:
    """The planner's outline ask in the sets' words: which reports lack part X is the part ask negated
    (`missing`), signed before the year ended a signature `date` ask, the signing bodies a `signature` one."""
    if plan.outline_ask == "part" and plan.negative:
        return "missing"
    return {"early_date": "date", "issuer": "signature"}.get(plan.outline_ask or "", plan.outline_ask)


def wrong_fields(plan: Plan, want: dict) -> list[str]:
    """The fields of ``want`` the plan gets wrong."""
    wrong = []
    intent = want["intent"]
    if (intent, want.get("indicator")) == ("lookup", "petitions_change") and plan.intent == "yoy":
        want = {**want, "intent": "yoy", "indicator": "petitions"}  # the yoy answer quotes the change the report states
        intent = "yoy"
    if plan.intent != intent:
        wrong.append(f"intent {plan.intent}≠{intent}")
    if want.get("indicator") and want["indicator"] not in (plan.indicator, *plan.also):  # every figure asked is answered
        wrong.append(f"indicator {plan.indicator}≠{want['indicator']}")
    if want.get("topic") and plan.topic_key != want["topic"]:
        wrong.append(f"topic {plan.topic_key}≠{want['topic']}")
    if intent == "rank" and want.get("order") and plan.order != want["order"]:
        wrong.append(f"order {plan.order}≠{want['order']}")
    if intent == "outline" and want.get("outline_ask") and _outline_ask(plan) != want["outline_ask"]:
        wrong.append(f"outline_ask {plan.outline_ask}≠{want['outline_ask']}")
    if want.get("wanted") and plan.wanted != want["wanted"]:
        wrong.append(f"wanted {plan.wanted}≠{want['wanted']}")
    if len(plan.towns) != want.get("towns", 0):
        wrong.append(f"towns {len(plan.towns)}≠{want.get('towns', 0)}")
    return wrong


@dataclass
class PlanTally:
    """Plans right overall, per language and per intent, and which fields were wrong: what every
    planner bench prints (the bank, a suite, the blind set)."""

    misses: bool = False
    right: Counter[str] = field(default_factory=Counter)
    total: Counter[str] = field(default_factory=Counter)
    kinds: Counter[str] = field(default_factory=Counter)

    def add(self, entry: dict, wrong: list[str], shown: str) -> None:
        for group in ("all", entry["lang"], entry["plan"]["intent"]):
            self.total[group] += 1
            self.right[group] += not wrong
        self.kinds.update(w.split(" ")[0] for w in wrong)
        if wrong and self.misses:
            print(f"  {shown}  →  {'; '.join(wrong)}")

    def report(self) -> None:
        for group in self.total:
            print(f"{group:11} {self.right[group]:4}/{self.total[group]:<4} {self.right[group] / self.total[group]:.0%}")
        print("wrong fields:", dict(self.kinds.most_common()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", action="store_true", help="print every wrong plan")
    parser.add_argument("--suite", help="plan an eval suite's cases (each with a plan) over its own corpora")
    parser.add_argument("--votes", action="store_true",
                        help="also the bank's nearest-question vote on each intent (leave-one-out on the bank itself)")
    args = parser.parse_args()
    if args.suite:
        suite = SUITES[args.suite]
        bank = [{"q": c["question"], "lang": c["lang"], "plan": c["plan"]}
                for c in yaml.safe_load(Path(suite.cases).read_text(encoding="utf-8"))]
        store = ReportStore(Path(tempfile.mkdtemp()) / "store")
        store.ingest(corpus_files(suite), vectors_later=True)
        corpus = Corpus(store)
    else:
        bank = yaml.safe_load(BANK.read_text(encoding="utf-8"))
        corpus = Corpus(store_for(bank_towns(bank)))
    tally = PlanTally(args.misses)
    voter = load_bank(corpus.store.embedder) if args.votes else None
    votes: Counter[str] = Counter()
    for entry in bank:
        plan = plan_by_rules(entry["q"], corpus)
        if voter is not None:
            vote = voter.vote(entry["q"], leave_out=entry["q"]).intent
            want = entry["plan"]["intent"]
            votes["bank right"] += vote == want
            votes["rules right"] += plan.intent == want
            votes["both right"] += vote == want == plan.intent
            votes["disagree, bank right"] += vote != plan.intent and vote == want
            votes["disagree, rules right"] += vote != plan.intent and plan.intent == want
        tally.add(entry, wrong_fields(plan, entry["plan"]), entry["q"])
    tally.report()
    if voter is not None:
        print("intent over", len(bank), "questions:", ", ".join(f"{k} {v}" for k, v in votes.items()))


if __name__ == "__main__":
    main()
