"""Run the eval suite: a fresh store from the samples + eval/corpus, every case through fazhi's
``answer_question`` AND the naive baseline, each under its own cassette, then a scorecard.

Record mode talks to the configured endpoint (the embedded local model on the fixed port
``RECORD_PORT`` by default); replay mode runs offline from ``eval/cassettes/``. What the replay
must reproduce exactly (endpoint URL, model name, temperature, scan batch) is written to
``eval/cassettes/meta.json`` when recording, with each case's recorded seconds.
"""

from __future__ import annotations

import json
import socket
import tempfile
import time
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import yaml

from agent.llm.client import LOCAL_API_KEY, Endpoint, chat_model, open_endpoint
from agent.settings import Settings
from agent.stores import open_store
from eval.baseline import baseline_answer
from eval.cases import CATEGORIES, Case
from eval.recording import RECORD_PORT, cassette, is_replay_mismatch
from eval.scorer import CaseScore, Documents, score_case, squash

ROOT = Path(__file__).resolve().parent
REPO = ROOT.parent
REPORT_SUFFIXES = {".txt", ".docx", ".pdf", ".html", ".htm"}


@dataclass(frozen=True)
class Suite:
    """A set of cases with the corpus they are asked over and the cassettes they replay from.

    ``main``: the project's own cases over the samples and eval/corpus. ``blind``: cases and
    reports written by someone who never read the code (eval/blind), kept apart so that they stay
    a fair test of rules written while looking at the main corpus. ``holdout``: fresh questions
    over the blind reports, written after the fixes made on the blind set and scored once."""

    name: str
    cases: str  # glob of case files
    corpora: tuple[Path, ...]
    cassettes: Path

    @property
    def meta(self) -> Path:
        return self.cassettes / "meta.json"


SUITES = {
    "main": Suite("main", str(ROOT / "cases" / "*.yaml"), (REPO / "samples", ROOT / "corpus"), ROOT / "cassettes"),
    "blind": Suite("blind", str(ROOT / "blind" / "cases.yaml"), (ROOT / "blind" / "corpus",), ROOT / "blind" / "cassettes"),
    # fresh questions over the blind reports, written after the fixes and scored once, never tuned on
    "holdout": Suite("holdout", str(ROOT / "holdout" / "cases.yaml"), (ROOT / "blind" / "corpus",), ROOT / "holdout" / "cassettes"),
    # paraphrase: which-towns evidence in other words, plans and negations, by a helper who never read the code
    "paraphrase": Suite("paraphrase", str(ROOT / "paraphrase" / "cases.yaml"), (ROOT / "paraphrase" / "corpus",),
                        ROOT / "paraphrase" / "cassettes"),
    # a fresh set by a second helper after the fact-sheet fixes, scored once (never tuned on)
    "paraphrase2": Suite("paraphrase2", str(ROOT / "paraphrase2" / "cases.yaml"), (ROOT / "paraphrase2" / "corpus",),
                         ROOT / "paraphrase2" / "cassettes"),
    # questions in new words over three corpora (175, zh/en/mixed, each with its plan), by a helper
    # who never read the code, written after the planner's fixes and scored once
    "questions": Suite("questions", str(ROOT / "questions" / "cases.yaml"),
                       (ROOT / "corpus", ROOT / "blind" / "corpus", ROOT / "digest3" / "corpus"), ROOT / "questions" / "cassettes"),
}
MAIN = SUITES["main"]
CASSETTES = MAIN.cassettes
META = MAIN.meta


def cassette_path(case_id: str, system: str, suite: Suite = MAIN) -> Path:
    return suite.cassettes / (f"{case_id}.yaml" if system == "fazhi" else f"baseline/{case_id}.yaml")


def corpus_files(suite: Suite = MAIN) -> list[Path]:
    return sorted(p for d in suite.corpora for p in d.iterdir() if p.suffix.lower() in REPORT_SUFFIXES)


def build_store(settings: Settings, home: Path, suite: Suite = MAIN) -> Any:
    store = open_store(settings.with_home(home), create=True)
    summary = store.ingest(corpus_files(suite))
    if summary.failed:
        raise RuntimeError(f"eval corpus failed to ingest: {[o.file for o in summary.failed]}")
    return store


def load_meta(suite: Suite = MAIN) -> dict[str, Any]:
    return json.loads(suite.meta.read_text(encoding="utf-8")) if suite.meta.exists() else {}


def _save_meta(meta: dict[str, Any], suite: Suite = MAIN) -> None:
    suite.meta.parent.mkdir(parents=True, exist_ok=True)
    suite.meta.write_text(json.dumps(meta, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")


def _port_busy(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


def retrieval_recall(store: Any, case: Case) -> float | None:
    if not case.cite:
        return None
    files = {h.file for h in store.search(case.question, k=5, county=case.county, year=case.year)}
    return len(files & set(case.cite)) / len(case.cite)


def retrieval_queries_recall(store: Any) -> float | None:
    """Recall@5 of ``eval/retrieval_queries.yaml``: a top-5 chunk of the file holds the expected text."""
    path = ROOT / "retrieval_queries.yaml"
    if not path.exists():
        return None
    queries = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("queries", [])
    hits = 0
    for q in queries:
        found = store.search(q["query"], k=5)
        hits += any(h.file == q["file"] and squash(q["expect"]) in squash(h.text) for h in found)
    return round(hits / len(queries), 4) if queries else None


def _run_one(run: Callable[[], dict[str, Any]], path: Path, record: bool) -> tuple[dict[str, Any] | None, str | None, float]:
    started = time.perf_counter()
    try:
        with cassette(path, record):
            answer = run()
        return answer, None, time.perf_counter() - started
    except Exception as exc:  # one broken case must not stop the suite
        if record:  # never keep a half-recorded cassette
            path.unlink(missing_ok=True)
        if is_replay_mismatch(exc):
            why = (f"replay mismatch: a request is not in {path.relative_to(REPO)} (prompt, pipeline or "
                   "settings changed since recording): re-record this case")
        else:
            why = f"{type(exc).__name__}: {exc}"
        return None, why, time.perf_counter() - started


def _failed(case: Case, error: str, seconds: float) -> CaseScore:
    return CaseScore(
        id=case.id, category=case.category, question=case.question, answer="", gold=case.gold_text(),
        answer_ok=False, citations_ok=False, language_ok=False, refused=False,
        should_refuse=case.should_refuse, problems=[error], error=error, seconds=seconds,
    )


def run_suite(
    cases: list[Case],
    settings: Settings,
    record: bool = False,
    missing_only: bool = False,
    baseline: bool = True,
    progress: Callable[[str], None] | None = None,
    suite: Suite = MAIN,
    baseline_only: bool = False,
) -> dict[str, Any]:
    """Run (record or replay) ``cases`` of ``suite`` and return the scorecard; ``baseline_only``
    with ``record`` re-records only the naive baseline (after a retrieval change) and replays fazhi."""
    say = progress or (lambda _msg: None)
    if record:  # categories interleaved, so a recording cut short still covers every category
        cases = interleave(cases)
    meta = load_meta(suite)
    with ExitStack() as stack, tempfile.TemporaryDirectory(prefix="fazhi-eval-") as tmp:
        started = time.perf_counter()
        store = build_store(settings, Path(tmp), suite)
        say(f"store built: {len(store.reports())} reports in {time.perf_counter() - started:.1f} s")
        docs = Documents(store)
        towns = sorted({r.meta["town"] for r in store.reports() if r.meta.get("town")})
        if record:
            run_settings = settings
            if settings.uses_local_model:
                if _port_busy(RECORD_PORT):
                    raise RuntimeError(f"port {RECORD_PORT} is in use; the recording server needs it (another recording running?)")
                run_settings = settings.model_copy(update={"local_port": RECORD_PORT})
            endpoint = stack.enter_context(open_endpoint(run_settings))
            scan_batch = settings.scan_batch_size(endpoint.local)
            agent_tools = settings.agent_tools_enabled(endpoint.local)
            meta.update({
                "base_url": endpoint.base_url, "model": endpoint.model, "temperature": settings.temperature,
                "scan_batch": scan_batch, "agent_tools": agent_tools, "local": endpoint.local,
            })
            meta.setdefault("cases", {})
            _save_meta(meta, suite)
        else:
            if not meta:
                raise RuntimeError(f"no recording: {suite.meta.relative_to(REPO)} is missing; run `fazhi eval run --record`")
            endpoint = Endpoint(meta["base_url"], meta["model"], LOCAL_API_KEY)
            settings = settings.model_copy(update={"temperature": meta["temperature"], "max_retries": 0})
            scan_batch = int(meta["scan_batch"])
            agent_tools = bool(meta.get("agent_tools", not meta.get("local", True)))
        model = chat_model(settings, endpoint, stream_usage=True)

        from agent.answer.pipeline import answer_question

        results: list[CaseScore] = []
        base_results: list[CaseScore] = []
        skipped: list[str] = []
        for number, case in enumerate(cases, 1):
            fazhi_path, base_path = cassette_path(case.id, "fazhi", suite), cassette_path(case.id, "baseline", suite)
            have = fazhi_path.exists() and (base_path.exists() or not baseline)
            rec = record and not (missing_only and have)  # record this case, or replay it
            if not rec and not fazhi_path.exists():
                skipped.append(case.id)
                continue

            def run_fazhi(case: Case = case) -> dict[str, Any]:
                return answer_question(store, case.question, model, county=case.county, year=case.year,
                                       scan_batch=scan_batch, agent_tools=agent_tools).as_dict()

            def run_base(case: Case = case) -> dict[str, Any]:
                return baseline_answer(store, case.question, model, county=case.county, year=case.year)

            answer, error, seconds = _run_one(run_fazhi, fazhi_path, rec and not baseline_only)
            score = _failed(case, error, seconds) if answer is None else score_case(case, answer, docs, towns)
            score.seconds = round(seconds, 2)
            score.retrieval_recall_at_5 = retrieval_recall(store, case)
            results.append(score)
            entry = meta.setdefault("cases", {}).setdefault(case.id, {}) if rec else None
            if baseline and (rec or base_path.exists()):
                b_answer, b_error, b_seconds = _run_one(run_base, base_path, rec)
                b_score = _failed(case, b_error, b_seconds) if b_answer is None else \
                    score_case(case, b_answer, docs, towns, spans=False)
                b_score.seconds = round(b_seconds, 2)
                base_results.append(b_score)
                if entry is not None and b_error is None:
                    entry["baseline_seconds"] = round(b_seconds, 2)
            if entry is not None and error is None and not baseline_only:
                entry.update({"seconds": round(seconds, 2), "recorded": datetime.now(UTC).isoformat(timespec="seconds")})
            if entry is not None:
                _save_meta(meta, suite)
            mark = "ok " if score.correct else ("ERR" if score.error else "bad")
            say(f"[{number}/{len(cases)}] {mark} {case.id} {seconds:.1f} s" + (f"  {score.error}" if score.error else ""))
        card = scorecard(results, base_results, meta, record)
        card["skipped"] = skipped
        card["suite"] = suite.name
        card["retrieval_queries_recall_at_5"] = retrieval_queries_recall(store)
        return card


def interleave(cases: list[Case]) -> list[Case]:
    by_category: dict[str, list[Case]] = {}
    for case in cases:
        by_category.setdefault(case.category, []).append(case)
    queues = list(by_category.values())
    out: list[Case] = []
    while any(queues):
        for queue in queues:
            if queue:
                out.append(queue.pop(0))
    return out


def _mean(values: list[float]) -> float | None:
    return round(sum(values) / len(values), 4) if values else None


def _usage(scores: list[CaseScore]) -> dict[str, Any]:
    return {
        "llm_calls": sum(int(s.usage.get("llm_calls", 0)) for s in scores),
        "prompt_tokens": sum(int(s.usage.get("prompt_tokens", 0)) for s in scores),
        "completion_tokens": sum(int(s.usage.get("completion_tokens", 0)) for s in scores),
        "seconds": round(sum(s.seconds for s in scores), 1),
    }


def _summary(scores: list[CaseScore]) -> dict[str, Any]:
    citations = [c for s in scores for c in s.citations]
    refuse_cases = [s for s in scores if s.should_refuse]
    return {
        "cases": len(scores),
        "correct": sum(s.correct for s in scores),
        "accuracy": _mean([float(s.correct) for s in scores]),
        "answer_accuracy": _mean([float(s.answer_ok) for s in scores]),
        "citation_validity": _mean([float(c.valid) for c in citations]) if citations else 1.0,
        "citations": len(citations),
        "required_citations_ok": _mean([float(not s.missing_reports) for s in scores]),
        "refusal_accuracy": _mean([float(s.refused == s.should_refuse) for s in scores if not s.error]),
        "unanswerable_numbers_invented": sum(1 for s in refuse_cases if s.invented_numbers),
        "language_accuracy": _mean([float(s.language_ok) for s in scores if not s.error]),
        "errors": [s.id for s in scores if s.error],
        "usage": _usage(scores),
    }


def scorecard(results: list[CaseScore], base: list[CaseScore], meta: dict[str, Any], record: bool) -> dict[str, Any]:
    card = _summary(results)
    per_category: dict[str, Any] = {}
    for category in CATEGORIES:
        mine = [s for s in results if s.category == category]
        theirs = [s for s in base if s.category == category]
        if mine:
            per_category[category] = {
                "cases": len(mine), "accuracy": _mean([float(s.correct) for s in mine]),
                "correct": sum(s.correct for s in mine),
                "baseline_accuracy": _mean([float(s.correct) for s in theirs]),
            }
    card["per_category"] = per_category
    card["retrieval_recall_at_5"] = _mean([s.retrieval_recall_at_5 for s in results if s.retrieval_recall_at_5 is not None])
    recorded = meta.get("cases", {})
    card["usage"]["recorded_seconds"] = round(sum(recorded.get(s.id, {}).get("seconds", 0.0) for s in results), 1)
    base_summary = _summary(base)
    base_summary["usage"]["recorded_seconds"] = round(
        sum(recorded.get(s.id, {}).get("baseline_seconds", 0.0) for s in base), 1)
    card["baseline"] = base_summary
    card["mode"] = "record" if record else "replay"
    card["endpoint"] = {"base_url": meta.get("base_url"), "model": meta.get("model"), "scan_batch": meta.get("scan_batch")}
    card["results"] = [s.as_dict() for s in results]
    card["baseline_results"] = [s.as_dict() for s in base]
    return card


def _cell(text: str, limit: int = 400) -> str:
    text = " ".join(str(text).split())
    text = text if len(text) <= limit else text[:limit] + "…"
    return text.replace("|", "\\|")


def markdown_report(card: dict[str, Any]) -> str:
    base = card["baseline"]
    lines = [
        "# fazhi eval scorecard", "",
        f"Mode: {card['mode']} · model: {card['endpoint'].get('model')} · cases: {card['cases']}"
        + (f" · not recorded (skipped): {len(card.get('skipped', []))}" if card.get("skipped") else ""), "",
        "| metric | fazhi | baseline (top-5 stuffed, 1 call) |", "|---|---|---|",
        f"| accuracy (answer AND citations right) | {card['accuracy']} ({card['correct']}/{card['cases']}) | {base['accuracy']} ({base['correct']}/{base['cases']}) |",
        f"| answer accuracy | {card['answer_accuracy']} | {base['answer_accuracy']} |",
        f"| citation validity (quotes verbatim) | {card['citation_validity']} ({card['citations']} quotes) | {base['citation_validity']} ({base['citations']} quotes) |",
        f"| required reports cited | {card['required_citations_ok']} | {base['required_citations_ok']} |",
        f"| refusal accuracy | {card['refusal_accuracy']} | {base['refusal_accuracy']} |",
        f"| unanswerable cases with a number stated | {card['unanswerable_numbers_invented']} | {base['unanswerable_numbers_invented']} |",
        f"| answer language right | {card['language_accuracy']} | {base['language_accuracy']} |",
        f"| LLM calls | {card['usage']['llm_calls']} | {base['usage']['llm_calls']} |",
        f"| prompt / completion tokens | {card['usage']['prompt_tokens']} / {card['usage']['completion_tokens']} | {base['usage']['prompt_tokens']} / {base['usage']['completion_tokens']} |",
        f"| seconds (this run) | {card['usage']['seconds']} | {base['usage']['seconds']} |",
        f"| seconds (when recorded) | {card['usage']['recorded_seconds']} | {base['usage']['recorded_seconds']} |",
        "",
        f"Retrieval recall@5 (cases' required reports in the question's top 5): {card['retrieval_recall_at_5']}; "
        f"retrieval query set (eval/retrieval_queries.yaml): {card.get('retrieval_queries_recall_at_5')}.", "",
        "## Per category", "", "| category | cases | fazhi | baseline |", "|---|---|---|---|",
    ]
    for category, row in card["per_category"].items():
        lines.append(f"| {category} | {row['cases']} | {row['accuracy']} ({row['correct']}) | {row['baseline_accuracy']} |")
    lines += ["", "## Failures (fazhi)", ""]
    failures = [r for r in card["results"] if not r["correct"]]
    if not failures:
        lines.append("None.")
    for r in failures:
        lines += [
            f"### {r['id']} ({r['category']})", "",
            "| question | answer | gold |", "|---|---|---|",
            f"| {_cell(r['question'])} | {_cell(r['answer'] or '(no answer)')} | {_cell(r['gold'])} |", "",
            "Problems: " + ("; ".join(_cell(p, 200) for p in r["problems"]) or "answer does not match the gold"), "",
        ]
    base_fail = [r for r in card.get("baseline_results", []) if not r["correct"]]
    lines += ["", "## Baseline failures", "", f"{len(base_fail)} of {len(card.get('baseline_results', []))}: "
              + ", ".join(r["id"] for r in base_fail), ""]
    return "\n".join(lines)
