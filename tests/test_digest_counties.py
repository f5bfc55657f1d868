"""The digest's problem finder and grouping on the four fictional counties written blind for it
(eval/digest*: facts.yaml holds the planted truth). The finder is the part code can get right:
every planted problem statement is found and nothing else, no cause, plan or achievement sentence;
the grouping is measured by ``bench/digest_groups.py``, and here only what it guarantees is checked.
(eval/digest's truth lists its figures, not per-town roster files, so its quotes are checked by
its own eval/digest/verify_facts.py.)"""

from __future__ import annotations

import pytest

from agent.digest.group import group_items
from agent.digest.items import Item, items_in_part
from eval.digest_truth import COUNTIES, ROOT, facts_of, matches, planted_problem, problems, traps
from store.embeddings import UsemEmbedder
from store.store import ReportStore

# eval/digest5 and eval/digest6 were written after the finder and are scored by bench/digest_memo.py
# and bench/digest_groups.py (docs/digest.md), blind: their misses are open items there.
FINDER_COUNTIES = tuple(c for c in COUNTIES if c not in ("eval/digest5", "eval/digest6"))

# eval/digest quotes one problem of 石门镇 by its explanation (普法形式较为单一…) rather than by the
# statement before it (一是普法宣传的针对性和实效性不强。), which is the item the finder takes.
QUOTED_BY_EXPLANATION = {"eval/digest": 1}


@pytest.fixture(scope="module")
def found(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[Item]]:
    out = {}
    for county in FINDER_COUNTIES:
        store = ReportStore(tmp_path_factory.mktemp(county.replace("/", "-")))
        store.ingest([ROOT / county / "corpus"])
        year = facts_of(county)["year"]
        reports = [r for r in store.reports() if r.meta.get("year") == year]
        out[county] = [i for r in reports for i in items_in_part(r, store.document(r.id), "shortcomings")]
    return out


@pytest.mark.parametrize("county", ("eval/digest2", "eval/digest3", "eval/digest4"))
def test_the_planted_truth_quotes_its_reports_verbatim(county: str) -> None:
    facts = facts_of(county)
    files = {row["town"]: row["file"] for row in facts["roster"]}
    for statement in problems(facts) + traps(facts):
        text = (ROOT / county / "corpus" / files[statement.town]).read_text(encoding="utf-8")
        assert statement.quote in text, (county, statement.town, statement.quote[:30])


@pytest.mark.parametrize("county", FINDER_COUNTIES)
def test_every_planted_problem_statement_is_found(county: str, found: dict[str, list[Item]]) -> None:
    missed = [s.quote[:30] for s in problems(facts_of(county)) if not any(matches(i, s) for i in found[county])]
    assert len(missed) == QUOTED_BY_EXPLANATION.get(county, 0), missed


@pytest.mark.parametrize("county", FINDER_COUNTIES)
def test_no_cause_plan_or_achievement_sentence_is_taken_for_a_problem(county: str, found: dict[str, list[Item]]) -> None:
    taken = [t.quote[:30] for t in traps(facts_of(county)) if not t.must_count and any(matches(i, t) for i in found[county])]
    assert taken == []


@pytest.mark.parametrize("county", FINDER_COUNTIES)
def test_items_are_only_the_planted_statements(county: str, found: dict[str, list[Item]]) -> None:
    """Lead-ins (仍存在一些不足：…), cause lists and plan lists of a merged part are not items."""
    planted = problems(facts_of(county))
    extra = [i.text[:30] for i in found[county] if not any(matches(i, s) for s in planted)]
    assert len(extra) == QUOTED_BY_EXPLANATION.get(county, 0), extra


def test_a_group_counts_each_report_once_and_on_eval_digest2_states_one_problem(
    found: dict[str, list[Item]],
) -> None:
    """A group's size is the number of reports stating it (the memo's 「等N个」), on every county;
    on eval/digest2 every group the settings form is one planted problem (measured 6 of 6)."""
    embed = UsemEmbedder()
    for county in FINDER_COUNTIES:
        for group in group_items(found[county], embed):
            assert len({i.report for i in group}) == len(group)
    facts = facts_of("eval/digest2")
    shared = [g for g in group_items(found["eval/digest2"], embed) if len(g) >= 2]
    labels = [{planted_problem(facts, i) for i in g} for g in shared]
    assert shared and all(len(lab) == 1 and None not in lab for lab in labels)
