"""The eval suite: case files, the scorer, and an offline replay of the recorded cases that fails
when quality drops below the recorded scorecard's thresholds or a request no longer matches."""

from __future__ import annotations

import json
import re
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml

from agent.answer.render import REFUSAL_MARKS
from eval import digest_sets
from eval.cases import CATEGORIES, Case, load_cases
from eval.question_sets import SETS, load, problems
from eval.runner import CASSETTES, META, SUITES, corpus_files, run_suite
from eval.scorer import Documents, answer_language, is_refusal, numbers_in, score_case
from store.normalize import normalize

ROOT = Path(__file__).resolve().parents[1]
SCORECARD = ROOT / "eval" / "scorecard.json"
# Raise these as quality improves; set from the committed recorded scorecard (eval/scorecard.json).
MIN_ACCURACY = 0.93  # recorded scorecard: 0.959 (71/74); raise as quality improves
MIN_CITATION_VALIDITY = 1.0
BLIND = SUITES["blind"]
# The blind set (eval/blind, written by a helper who never read the code); see README for the
# before/after scorecards. Raise as quality improves.
MIN_BLIND_ACCURACY = 0.88  # recorded: 0.908 (119/131)
MIN_HOLDOUT_ACCURACY = 0.90  # recorded: 0.956 (43/45); scored once before any fix: 0.711


# ----------------------------------------------------------------------------- cases


def test_suite_has_enough_cases_in_every_category() -> None:
    cases = load_cases()
    assert len(cases) >= 60
    named = {c.category for suite in (BLIND, SUITES["questions"]) for c in load_cases(suite.cases)}  # questions names its own
    assert {c.category for c in cases} | named == set(CATEGORIES)
    assert len({c.id for c in cases}) == len(cases)


def test_every_required_report_is_in_the_eval_corpus() -> None:
    files = {p.name for p in corpus_files()}
    for case in load_cases():
        assert set(case.cite) <= files, f"{case.id}: {set(case.cite) - files}"


def test_blind_cases_are_kept_apart_and_cite_only_blind_reports() -> None:
    blind = load_cases(BLIND.cases)
    assert len(blind) >= 60
    assert not {c.id for c in blind} & {c.id for c in load_cases()}
    files = {p.name for p in corpus_files(BLIND)}
    for case in blind:
        assert set(case.cite) <= files, f"{case.id}: {set(case.cite) - files}"


def test_corpus_gold_numbers_agree_with_facts_yaml() -> None:
    """A number case over one fictional report quotes a figure that facts.yaml records for it."""
    facts = yaml.safe_load((ROOT / "eval/corpus/facts.yaml").read_text(encoding="utf-8"))["files"]
    values = {f["file"]: {float(v["value"]) for v in f.get("indicators", {}).values()} for f in facts}
    checked = 0
    for case in load_cases():
        single = case.kind == "number" and len(case.cite) == 1 and case.cite[0] in values
        if single and case.category == "numeric" and not case.gold.get("or_all"):
            assert float(case.gold["value"]) in values[case.cite[0]], case.id
            checked += 1
    assert checked >= 5


# ----------------------------------------------------------------------------- scorer

ORIGINAL = "一、主要举措\n全年调处矛盾纠纷806件，调处成功率98%。\n共处罚款1.68万元。\n"


class _Store:
    def reports(self) -> list:
        return [SimpleNamespace(id="r1", file="a.txt", meta={"town": "田镇街道"})]

    def document(self, report_id: str):
        if report_id != "r1":
            raise KeyError(report_id)
        return normalize(ORIGINAL)


def _case(**gold) -> Case:
    return Case(id="t", category="lookup", question="田镇街道调处矛盾纠纷多少件？", gold=gold, cite=["a.txt"])


def _citation(quote: str, start: int | None = None) -> dict:
    start = ORIGINAL.find(quote) if start is None else start
    return {"report_id": "r1", "file": "a.txt", "quote": quote, "start": start, "end": start + len(quote)}


def test_numbers_convert_wan_to_units() -> None:
    assert 16800 in numbers_in("罚款1.68万元")
    assert 806 in numbers_in("调处806件[1]")
    assert 1 not in numbers_in("调处806件[1]")


def test_number_case_needs_the_gold_value_and_a_valid_required_citation() -> None:
    docs = Documents(_Store())
    answer = {"answer": "全年调处矛盾纠纷806件。", "citations": [_citation("全年调处矛盾纠纷806件")]}
    score = score_case(_case(kind="number", value=806), answer, docs, ["田镇街道"])
    assert score.correct
    wrong = score_case(_case(kind="number", value=807), answer, docs, ["田镇街道"])
    assert not wrong.answer_ok and wrong.citations_ok


def test_approximate_range_and_money() -> None:
    docs = Documents(_Store())
    answer = {"answer": "共处罚款1.68万元。", "citations": [_citation("共处罚款1.68万元")]}
    assert score_case(_case(kind="number", value=16800, unit="元"), answer, docs, []).correct
    assert score_case(_case(kind="number", value=16000, range=[16000, 16999]), answer, docs, []).correct


def test_fabricated_or_misplaced_quote_is_caught() -> None:
    docs = Documents(_Store())
    fabricated = {"answer": "806件。", "citations": [_citation("全年调处矛盾纠纷900件", start=5)]}
    score = score_case(_case(kind="number", value=806), fabricated, docs, [])
    assert not score.citations_ok and not score.citations[0].valid
    misplaced = {"answer": "806件。", "citations": [_citation("全年调处矛盾纠纷806件", start=0)]}
    assert not score_case(_case(kind="number", value=806), misplaced, docs, []).citations[0].valid
    # whitespace does not matter
    spaced = {"answer": "806件。", "citations": [{**_citation("全年调处矛盾纠纷806件"), "quote": "全年调处 矛盾纠纷 806 件"}]}
    assert score_case(_case(kind="number", value=806), spaced, docs, []).citations[0].valid


def test_missing_required_report_fails_citations() -> None:
    docs = Documents(_Store())
    score = score_case(_case(kind="number", value=806), {"answer": "806件。", "citations": []}, docs, [])
    assert score.answer_ok and not score.citations_ok and score.missing_reports == ["a.txt"]


def test_refusal_and_invented_numbers() -> None:
    docs = Documents(_Store())
    case = Case(id="u", category="unanswerable", question="田镇街道财政收入是多少？", gold={"kind": "refuse"})
    good = score_case(case, {"answer": "报告中没有找到能回答这个问题的内容。依据的报告：田镇街道（2024）。"}, docs, [])
    assert good.correct and good.refused and not good.invented_numbers
    invented = score_case(case, {"answer": "财政收入为3000万元。"}, docs, [])
    assert not invented.correct and invented.invented_numbers
    assert is_refusal("The reports do not contain an answer to this question.")  # as older cassettes' answers read
    assert all(is_refusal(mark) for mark in REFUSAL_MARKS)


def test_scan_answers_are_scored_from_structured_rows() -> None:
    docs = Documents(_Store())
    case = Case(id="s", category="lacks", question="哪些乡镇没有配备执法记录仪？",
                gold={"kind": "set", "status": "lacks", "towns": ["甲镇"], "never": ["乙镇"]})
    rows = [{"town": "甲镇", "status": "lacks"}, {"town": "乙镇", "status": "not_mentioned"}]
    assert score_case(case, {"answer": "甲镇、乙镇", "route": "scan", "scan": rows}, docs, ["甲镇", "乙镇"]).answer_ok
    rows[1]["status"] = "lacks"
    bad = score_case(case, {"answer": "甲镇", "route": "scan", "scan": rows}, docs, ["甲镇", "乙镇"])
    assert not bad.answer_ok and bad.precision == 0.5


def test_answer_language_ignores_quotes_and_town_names() -> None:
    assert answer_language("田镇街道 mediated 806 disputes: “全年调处矛盾纠纷806件” [1].", ["田镇街道"]) == "en"
    assert answer_language("田镇街道全年调处矛盾纠纷806件。", ["田镇街道"]) == "zh"


# ----------------------------------------------------------------------------- recorded replay


def _recorded_cases() -> list[Case]:
    return [c for c in load_cases() if (CASSETTES / f"{c.id}.yaml").exists()]


needs_recording = pytest.mark.skipif(not META.exists() or not _recorded_cases(), reason="no eval cassettes recorded")


@pytest.fixture(scope="module")
def replayed() -> dict:
    from agent.settings import Settings

    return run_suite(_recorded_cases(), Settings(_env_file=None))


@needs_recording
def test_replay_matches_every_recorded_request(replayed: dict) -> None:
    assert not replayed["errors"], f"cases failed to replay (re-record them): {replayed['errors']}"
    assert not replayed["baseline"]["errors"], replayed["baseline"]["errors"]


@needs_recording
def test_replay_meets_the_quality_thresholds(replayed: dict) -> None:
    assert replayed["citation_validity"] >= MIN_CITATION_VALIDITY
    assert replayed["unanswerable_numbers_invented"] == 0
    assert replayed["accuracy"] >= MIN_ACCURACY
    if SCORECARD.exists():  # the committed scorecard is what a replay of the same cassettes reproduces
        recorded = json.loads(SCORECARD.read_text(encoding="utf-8"))
        if recorded["cases"] == replayed["cases"]:
            assert replayed["accuracy"] >= recorded["accuracy"] - 1e-9


@needs_recording
def test_a_changed_prompt_fails_replay_loudly(monkeypatch: pytest.MonkeyPatch) -> None:
    """Body matching: the same case with an edited answer prompt must not replay the old answer."""
    import prompts
    from agent.settings import Settings

    settings = Settings(_env_file=None)
    candidates = [c for c in _recorded_cases() if c.category in ("lookup", "numeric", "comparison", "english")]
    case = next(
        (c for c in candidates if run_suite([c], settings, baseline=False)["results"][0].get("route") == "agent"),
        None,
    )
    if case is None:
        pytest.skip("no recorded case answered by the agent route")
    original = prompts.load
    monkeypatch.setattr(prompts, "load", lambda name: original(name) + ("\n请详细回答。" if name == "answer_system.txt" else ""))
    card = run_suite([case], settings, baseline=False)
    assert card["errors"] == [case.id]
    assert "replay mismatch" in card["results"][0]["error"]


KEY = re.compile(r"(sk-[A-Za-z0-9_\-]{16,}|Bearer\s+\S+)")


def test_no_key_or_authorization_header_in_eval_cassettes() -> None:
    for path in sorted(CASSETTES.glob("**/*.yaml")):
        text = path.read_text(encoding="utf-8")
        assert not KEY.search(text), f"{path}: something that looks like a key"
        for interaction in (yaml.safe_load(text) or {}).get("interactions", []):
            sent = {h.lower() for h in interaction["request"].get("headers", {})}
            assert not sent & {"authorization", "api-key", "x-api-key", "openai-organization", "openai-project"}, path


@pytest.mark.parametrize(("name", "minimum"), [("blind", MIN_BLIND_ACCURACY), ("holdout", MIN_HOLDOUT_ACCURACY)])
def test_blind_suites_replay_and_meet_their_thresholds(name: str, minimum: float) -> None:
    from agent.settings import Settings

    suite = SUITES[name]
    recorded = [c for c in load_cases(suite.cases) if (suite.cassettes / f"{c.id}.yaml").exists()]
    if not suite.meta.exists() or not recorded:
        pytest.skip(f"{name} suite not recorded")
    card = run_suite(recorded, Settings(_env_file=None), baseline=False, suite=suite)
    assert not card["errors"], f"{name} cases failed to replay (re-record them): {card['errors']}"
    assert card["citation_validity"] >= MIN_CITATION_VALIDITY
    assert card["unanswerable_numbers_invented"] == 0
    assert card["accuracy"] >= minimum, card["accuracy"]


@pytest.mark.parametrize("folder", SETS, ids=lambda p: p.name)
def test_every_blind_question_set_keeps_its_writers_promises(folder: Path) -> None:
    """Ids unique, kinds known, every evidence quote short and verbatim in its report: a set whose
    quotes drift from its reports would score fazhi against a truth no report states."""
    assert problems(folder) == []
    assert len(load(folder)) == 30


@pytest.mark.parametrize("folder", digest_sets.COUNTIES, ids=lambda p: p.name)
def test_every_digest_county_quotes_its_reports_verbatim(folder: Path) -> None:
    """Every planted problem, trap, practice and figure is in its town's report word for word, and
    each shared group's count is its towns: the memo is scored against what the reports say."""
    assert digest_sets.problems(folder) == []


def test_the_digest_checker_finds_a_quote_that_drifted(tmp_path: Path) -> None:
    county = tmp_path / "digestX"
    (county / "corpus").mkdir(parents=True)
    (county / "corpus" / "a.txt").write_text("一是执法力量薄弱。", encoding="utf-8")
    facts = {"roster": [{"town": "甲镇", "file": "a.txt"}],
             "shared_problems": [{"id": "P1", "count": 2, "quotes": {"甲镇": "一是执法力量不足。"}}]}
    (county / "facts.yaml").write_text(yaml.safe_dump(facts, allow_unicode=True), encoding="utf-8")
    assert len(digest_sets.problems(county)) == 2  # the drifted quote, and a count of 2 over one town
