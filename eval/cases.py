"""Eval cases: ``eval/cases/*.yaml``, each a list of cases with a question, a gold answer and the
reports an answer must cite.

Gold kinds (``gold.kind``):
- ``set``: a set of towns (``towns``). For scan-route answers the set is read from the structured
  ``scan`` rows whose status is in ``status`` (default ``lacks`` for lacks-X, ``has`` for has-X);
  for other answers, from the known town names written in the answer. ``never`` lists towns that
  must not be in the answer set (e.g. towns that are silent on the topic).
- ``number``: ``value`` (with ``range: [lo, hi]`` for approximate figures such as 40余/约45/近200;
  money is compared in 元, so 1.68万元 == 16800). ``or_all`` optionally lists addends whose every
  value appearing (each cited) also passes an aggregate: fazhi never states a number that is not
  in a quote, so it answers a total by listing the parts.
- ``numbers``: ``values`` that must all appear (comparisons, year-over-year).
- ``points``: key points, each a list of alternative substrings; passes when the share of points
  found is at least ``min_coverage`` (default 1.0).
- ``refuse``: the reports cannot answer; the answer must say so and state no number.
Every kind may add ``must_not``: substrings that fail the answer (e.g. an injected claim).
``cite`` lists report files (as ingested) that must be cited; ``county``/``year`` scope the question.
"""

from __future__ import annotations

import fnmatch
import glob
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent
CASES_DIR = ROOT / "cases"
CATEGORIES = (
    "lookup", "has", "lacks", "numeric", "comparison", "aggregate", "yoy", "outline",
    "unanswerable", "english", "injection", "rank", "disclosure",
    # eval/questions names its categories by intent
    "compare", "total", "plans", "multi", "refuse",
)
KINDS = ("set", "number", "numbers", "points", "refuse")


@dataclass
class Case:
    id: str
    category: str
    question: str
    gold: dict[str, Any]
    cite: list[str] = field(default_factory=list)
    county: str | None = None
    year: int | None = None
    language: str | None = None
    source: str = ""

    @property
    def kind(self) -> str:
        return self.gold["kind"]

    @property
    def should_refuse(self) -> bool:
        return self.kind == "refuse"

    def gold_text(self) -> str:
        g = self.gold
        if self.kind == "set":
            return f"towns ({'/'.join(self._statuses())}): {'、'.join(g.get('towns', [])) or '(none)'}"
        if self.kind == "number":
            rng = g.get("range")
            text = f"{g['value']}{g.get('unit', '')}" + (f" (accepted {rng[0]}–{rng[1]})" if rng else "")
            if g.get("or_all"):
                text += f"; or every addend {g['or_all']}"
            return text
        if self.kind == "numbers":
            return "all of " + ", ".join(str(v) for v in g["values"])
        if self.kind == "points":
            return "; ".join(" / ".join(p) for p in g["points"])
        return "refuse: the reports do not say"

    def _statuses(self) -> list[str]:
        status = self.gold.get("status", "has")
        return [status] if isinstance(status, str) else list(status)

    @property
    def statuses(self) -> list[str]:
        return self._statuses()


def _check(case: Case) -> None:
    if case.category not in CATEGORIES:
        raise ValueError(f"case {case.id}: unknown category {case.category!r}")
    if case.kind not in KINDS:
        raise ValueError(f"case {case.id}: unknown gold kind {case.kind!r}")
    need = {"set": "towns", "number": "value", "numbers": "values", "points": "points"}.get(case.kind)
    if need and need not in case.gold:
        raise ValueError(f"case {case.id}: gold kind {case.kind} needs {need!r}")


def load_cases(pattern: str | None = None, only: str | None = None) -> list[Case]:
    """Cases from the YAML files matching ``pattern`` (a glob; default all), ids matching ``only``."""
    files = sorted(Path(f) for f in glob.glob(pattern)) if pattern else sorted(CASES_DIR.glob("*.yaml"))
    if pattern and not files:
        files = sorted(CASES_DIR.glob(pattern))
    cases: list[Case] = []
    seen: set[str] = set()
    for file in files:
        for raw in yaml.safe_load(file.read_text(encoding="utf-8")) or []:
            case = Case(
                id=str(raw["id"]), category=raw["category"], question=raw["question"], gold=raw["gold"],
                cite=list(raw.get("cite") or []), county=raw.get("county"), year=raw.get("year"),
                language=raw.get("language"), source=file.name,
            )
            _check(case)
            if case.id in seen:
                raise ValueError(f"duplicate case id {case.id} in {file}")
            seen.add(case.id)
            if only and not any(fnmatch.fnmatch(case.id, p) for p in only.split(",")):
                continue
            cases.append(case)
    return cases
