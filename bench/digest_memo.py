"""The county memo against the planted truth of the fictional counties written blind for it
(eval/digest*/facts.yaml), built without a model (the embedded defaults' code path).

Per county it prints:
- practices: planted practices quoted in 二 under a fitting theme (where the county plants them);
- exact: planted shared problems that 四 lists as one group with exactly their towns;
- not problems: causes, plans and achievements quoted in 四 (should be 0);
- advice: recommendations in 六, and seconds to build the memo.

    .venv/bin/python bench/digest_memo.py
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from agent.digest.build import Digest, Section, build_digest  # noqa: E402
from eval.digest_truth import COUNTIES, facts_of, traps  # noqa: E402
from store.store import ReportStore  # noqa: E402


def _section(memo: Digest, number: str) -> Section:
    return next(s for s in memo.sections if s.heading.startswith(number))


def _same(quote: str, planted: str) -> bool:
    return quote[:15] in planted or planted[:15] in quote


def practices_score(memo: Digest, facts: dict) -> str:
    planted = facts.get("practices") or []
    if not planted:
        return "practices  -   "
    found = 0
    for practice in planted:
        for paragraph in _section(memo, "二").paragraphs:
            theme = paragraph.text.split("。", 1)[0].split("）", 1)[-1]
            fits = theme in practice["theme"] or practice["theme"].startswith(theme)
            if fits and any(c.town == practice["town"] and _same(c.quote, practice["quote"]) for c in paragraph.citations):
                found += 1
                break
    return f"practices {found:2}/{len(planted):2}"


def problems_score(memo: Digest, facts: dict) -> str:
    groups = [p for p in _section(memo, "四").paragraphs if "等" in p.text.split("：", 1)[0]]
    exact = 0
    for shared in facts["shared_problems"]:
        want = set(shared["towns"])
        for group in groups:
            towns = {c.town for c in group.citations}
            if towns == want and all(_same(c.quote, shared["quotes"][c.town]) for c in group.citations):
                exact += 1
                break
    cited = [c for p in _section(memo, "四").paragraphs for c in p.citations]
    wrong = sum(any(c.town == t.town and _same(c.quote, t.quote) for c in cited) for t in traps(facts) if not t.must_count)
    return f"exact {exact}/{len(facts['shared_problems'])}  not problems {wrong}"


def main() -> None:
    for county in COUNTIES:
        facts = facts_of(county)
        store = ReportStore(Path(tempfile.mkdtemp()) / "store")
        store.ingest([ROOT / county / "corpus"], vectors_later=True)
        started = time.perf_counter()
        memo = build_digest(store, year=facts["year"])
        seconds = time.perf_counter() - started
        advice = len(_section(memo, "六").paragraphs)
        print(f"{county:13} {practices_score(memo, facts)}  {problems_score(memo, facts)}  advice {advice}  "
              f"{seconds:.1f} s", flush=True)


if __name__ == "__main__":
    main()
