"""The planted truth of the fictional digest counties (eval/digest*/facts.yaml), matched against the
items the digest finds: one definition for the benchmark and the tests.

An item matches a planted statement when its opening words are inside the quote: facts quote
whole sentences, items drop their numbering."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from agent.digest.items import Item

ROOT = Path(__file__).resolve().parents[1]
COUNTIES = ("eval/digest", "eval/digest2", "eval/digest4", "eval/digest3", "eval/digest5", "eval/digest6")


@dataclass(frozen=True)
class Statement:
    """One planted sentence of one town: a problem (shared or not), or a trap."""

    town: str
    quote: str
    problem: str | None = None  # the shared problem's id, for a statement of one
    must_count: bool = True  # False for causes, plans and achievements that only sound like a problem


def facts_of(county: str) -> dict:
    """The county's facts.yaml (``county`` as a path under the repository, eval/digest2)."""
    return yaml.safe_load((ROOT / county / "facts.yaml").read_text(encoding="utf-8"))


def problems(facts: dict) -> list[Statement]:
    """Every planted problem statement: shared ones, then single-town ones where listed."""
    shared = [Statement(town, q, p["id"]) for p in facts["shared_problems"] for town, q in p["quotes"].items()]
    single = facts.get("singletons") or facts.get("single_town_problems") or []  # eval/digest names them so
    return shared + [Statement(s["town"], s["quote"]) for s in single]


def traps(facts: dict) -> list[Statement]:
    """Sentences planted to be miscounted: causes, plans and achievements that only sound like a
    problem (``must_count`` False), and problems told through another subject (True)."""
    return [Statement(t["town"], t["quote"], t.get("topic_of"), bool(t["must_count"]))
            for t in facts.get("traps", []) if "must_count" in t]  # eval/digest plants figure traps instead


def matches(item: Item, statement: Statement) -> bool:
    """Whether the item is this planted statement: same town, and the item's opening words are in
    the quote (a trap clause inside a longer problem sentence is not the item)."""
    return item.report.town == statement.town and item.text[:10] in statement.quote


def planted_problem(facts: dict, item: Item) -> str | None:
    """The planted shared problem this item states, if any. A problem the truth quotes by the
    sentence that explains it (eval/digest's 石门镇) is the item whose quote, headline and
    explanation (``with_explanation``), holds that sentence."""
    shared = [s for s in problems(facts) if s.problem]
    return next((s.problem for s in shared if matches(item, s)), None) or next(
        (s.problem for s in shared if item.report.town == s.town and s.quote in item.citation.quote), None)
