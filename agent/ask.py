"""Answer one question over the reports, with citations checked before the answer is returned.

Two routes, chosen by code, not by the model:
- coverage questions ("哪些乡镇没有配备X", "which towns lack X") scan EVERY report in scope and
  the answer is written from the scan's verdicts by a template: towns that say they lack X, towns
  that have it, and towns that never mention it, kept apart;
- everything else goes to a LangChain agent that starts from retrieved passages (retrieval is
  code's job) and may call read-only tools for more; its answer is then checked by
  ``agent.citations`` (verbatim quotes, numbers present in cited passages).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import prompts
from agent.citations import CheckedAnswer, Citation, check_answer
from agent.evidence import Ledger
from agent.question import Question, parse_question
from agent.scan import ScanResult, ScanRow, scan
from agent.usage import Usage
from store.store import ReportStore

_NOT_FOUND = "NOT_FOUND"
_TERM_SCHEMA = {
    "type": "json_schema",
    "json_schema": {
        "name": "term",
        "strict": True,
        "schema": {
            "type": "object",
            "properties": {"term": {"type": "string"}},
            "required": ["term"],
            "additionalProperties": False,
        },
    },
}
_LANGUAGE_RULE = {"zh": "用中文回答，简洁。", "en": "Answer in English, concisely. Keep Chinese names of towns as written."}
PASSAGES_PER_TOWN = 4
PASSAGES_WITHOUT_TOWN = 6


@dataclass
class Answer:
    """The CLI contract of ``fazhi ask --json``, plus the checks that were made."""

    answer: str
    language: str
    citations: list[Citation] = field(default_factory=list)
    reports_considered: list[dict[str, Any]] = field(default_factory=list)
    usage: Usage = field(default_factory=Usage)
    route: str = "agent"
    verified: bool = True
    problems: list[str] = field(default_factory=list)
    scan: list[dict[str, Any]] | None = None

    def as_dict(self) -> dict[str, Any]:
        data = {
            "answer": self.answer,
            "language": self.language,
            "citations": [c.as_dict() for c in self.citations],
            "reports_considered": self.reports_considered,
            "usage": self.usage.as_dict(),
            "route": self.route,
            "verified": self.verified,
            "problems": self.problems,
        }
        if self.scan is not None:
            data["scan"] = self.scan
        return data


def _report_ref(report_id: str, file: str, town: str | None, year: int | None) -> dict[str, Any]:
    return {"report_id": report_id, "file": file, "town": town, "year": year}


def _covered(rows: list[dict[str, Any]], language: str) -> str:
    names = "、".join(f"{r['town'] or r['file']}（{r['year'] or '年份不详'}）" for r in rows)
    if language == "en":
        return "Reports checked: " + ", ".join(f"{r['town'] or r['file']} ({r['year'] or 'year n/a'})" for r in rows) + "."
    return f"依据的报告：{names}。"


# ----------------------------------------------------------------------------- coverage route


def _topic_in_chinese(question: Question, model: Any, usage: Usage) -> str:
    """English topics are mapped to the Chinese term the reports use: a one-field JSON job."""
    topic = question.coverage_topic or ""
    if re.search(r"[\u4e00-\u9fff]", topic) or model is None:
        return topic
    prompt = prompts.load("topic_term.txt").format(question=question.text, topic=topic)
    message = model.bind(response_format=_TERM_SCHEMA).invoke([("user", prompt)])
    usage.add_message(message)
    try:
        term = str(json.loads(str(message.content)).get("term", "")).strip()
    except (json.JSONDecodeError, AttributeError):
        term = ""
    return term if re.fullmatch(r"[\u4e00-\u9fff]{2,12}", term) else topic


def _scan_answer(result: ScanResult, question: Question) -> tuple[str, list[Citation]]:
    zh = question.language == "zh"
    topic = result.topic
    citations: list[Citation] = []
    lines: list[str] = []

    def cite(row: ScanRow) -> str:
        citations.append(Citation(row.report_id, row.file, row.town, row.year, row.quote or "", row.start or 0, row.end or 0, row.line or 0))
        return f"「{row.quote}」[{len(citations)}]" if zh else f"\u201c{row.quote}\u201d [{len(citations)}]"

    def name(row: ScanRow) -> str:
        return f"{row.town or row.file}（{row.year}）" if zh else f"{row.town or row.file} ({row.year})"

    groups = {
        "lacks": ("报告明确表示缺乏或未配备{t}的" if zh else "Reports stating they lack {t}"),
        "has": ("报告明确表示已有{t}的" if zh else "Reports stating they have {t}"),
        "unclear": ("提到{t}但看不出有无的" if zh else "Reports mentioning {t} without saying either way"),
    }
    order = ["lacks", "has", "unclear"] if question.coverage_negative else ["has", "lacks", "unclear"]
    for status in order:
        rows = result.by_status(status)
        if not rows:
            continue
        lines.append(groups[status].format(t=f"「{topic}」" if zh else f"“{topic}”") + f"（{len(rows)}）：" if zh
                     else groups[status].format(t=f"“{topic}”") + f" ({len(rows)}):")
        lines.extend(f"- {name(row)}：{cite(row)}" if zh else f"- {name(row)}: {cite(row)}" for row in rows)
    silent = result.by_status("not_mentioned")
    if silent:
        towns = "、".join(name(r) for r in silent) if zh else ", ".join(name(r) for r in silent)
        lines.append(
            f"未提及{topic}的（{len(silent)}）：{towns}。这些报告没有相关表述，不能据此认定其缺乏。"
            if zh
            else f"Reports that never mention “{topic}” ({len(silent)}): {towns}. Silence is not evidence that they lack it."
        )
    ignored = [r for r in result.rows if r.ignored_instructions]
    if ignored:
        names = "、".join(name(r) for r in ignored) if zh else ", ".join(name(r) for r in ignored)
        lines.append(
            f"注意：{names} 的报告中有一句像是给模型的指令，已作为数据忽略。"
            if zh
            else f"Note: the report of {names} contains a sentence that reads like an instruction to the model; it was ignored."
        )
    if not result.rows:
        lines.append("没有符合条件的报告。" if zh else "No reports in scope.")
    return "\n".join(lines), citations


def _answer_by_scan(
    store: ReportStore, question: Question, model: Any, county: str | None, year: int | None, batch_size: int
) -> Answer:
    usage = Usage()
    topic = _topic_in_chinese(question, model, usage)
    year = year or (question.years[0] if question.years else None)
    result = scan(store, topic, model, county=county, year=year, batch_size=batch_size)
    usage.prompt_tokens += result.usage.prompt_tokens
    usage.completion_tokens += result.usage.completion_tokens
    usage.llm_calls += result.usage.llm_calls
    text, citations = _scan_answer(result, question)
    considered = [_report_ref(r.report_id, r.file, r.town, r.year) for r in result.rows]
    return Answer(
        answer=text + "\n" + _covered(considered, question.language),
        language=question.language,
        citations=citations,
        reports_considered=considered,
        usage=usage,
        route="scan",
        scan=[row.as_dict() for row in result.rows],
    )


# ----------------------------------------------------------------------------- agent route


def _retrieve(store: ReportStore, question: Question, towns: list[str], county: str | None, year: int | None, ledger: Ledger) -> None:
    year = year or (question.years[0] if question.years else None)
    if towns:
        for town in towns:
            ledger.add_all(store.search(question.text, k=PASSAGES_PER_TOWN, town=town, county=county, year=year))
    else:
        ledger.add_all(store.search(question.text, k=PASSAGES_WITHOUT_TOWN, county=county, year=year))


def _refusal(question: Question, considered: list[dict[str, Any]]) -> str:
    if question.language == "en":
        return "The reports do not contain an answer to this question. " + _covered(considered, "en")
    return "报告中没有找到能回答这个问题的内容。" + _covered(considered, "zh")


def _run_agent(
    store: ReportStore,
    question: Question,
    model: Any,
    ledger: Ledger,
    county: str | None,
    year: int | None,
    history: list[tuple[str, str]],
    on_token: Callable[[str], None] | None,
    scan_batch: int,
) -> tuple[str, Usage]:
    from langchain.agents import create_agent
    from langchain_core.messages import AIMessage, AIMessageChunk, HumanMessage

    from agent.tools import make_tools

    system = prompts.load("answer_system.txt").format(language_rule=_LANGUAGE_RULE[question.language])
    agent = create_agent(model, tools=make_tools(store, ledger, model, county, year, scan_batch), system_prompt=system)
    passages = "\n\n".join(p.render() for p in ledger.passages.values())
    messages: list[Any] = []
    for asked, answered in history:
        messages += [HumanMessage(asked), AIMessage(answered)]
    messages.append(HumanMessage(f"问题：{question.text}\n\n报告片段：\n{passages}"))
    usage = Usage()
    final = ""
    for chunk, _meta in agent.stream({"messages": messages}, stream_mode="messages"):
        if isinstance(chunk, AIMessageChunk):
            if chunk.usage_metadata:
                usage.prompt_tokens += chunk.usage_metadata.get("input_tokens", 0)
                usage.completion_tokens += chunk.usage_metadata.get("output_tokens", 0)
            if chunk.content and not chunk.tool_call_chunks:
                final += str(chunk.content)
                if on_token:
                    on_token(str(chunk.content))
            if chunk.response_metadata.get("finish_reason"):
                usage.llm_calls += 1
                if chunk.response_metadata.get("finish_reason") == "tool_calls":
                    final = ""
    return final.strip(), usage


def answer_question(
    store: ReportStore,
    text: str,
    model: Any,
    county: str | None = None,
    year: int | None = None,
    history: list[tuple[str, str]] | None = None,
    previous_towns: list[str] | None = None,
    on_token: Callable[[str], None] | None = None,
    scan_batch: int = 1,
) -> Answer:
    """Answer ``text``; ``history`` and ``previous_towns`` carry a chat's earlier turns."""
    known = sorted({r.meta["town"] for r in store.reports() if r.meta.get("town")})
    question = parse_question(text, known)
    if question.is_coverage:
        return _answer_by_scan(store, question, model, county, year, scan_batch)
    towns = question.towns or (previous_towns if question.follow_up and previous_towns else [])
    ledger = Ledger()
    _retrieve(store, question, towns, county, year, ledger)
    considered = [_report_ref(h.report_id, h.file, h.town, h.year) for h in ledger.reports()]
    if not ledger.passages:
        return Answer(_refusal(question, considered), question.language, reports_considered=considered, route="none")
    raw, usage = _run_agent(store, question, model, ledger, county, year, history or [], on_token, scan_batch)
    considered = [_report_ref(h.report_id, h.file, h.town, h.year) for h in ledger.reports()]
    if not raw or _NOT_FOUND in raw:
        return Answer(_refusal(question, considered), question.language, reports_considered=considered, usage=usage)
    checked: CheckedAnswer = check_answer(raw, ledger, store, text, question.language)
    body = checked.text or _refusal(question, considered)
    if checked.problems:
        body += "\n" + ("（部分内容无法在报告中核实，已删除。）" if question.language == "zh" else "(Parts that could not be verified against the reports were removed.)")
    cited_reports = {c.report_id for c in checked.citations}
    covered = [r for r in considered if r["report_id"] in cited_reports] or considered
    return Answer(
        answer=body + "\n" + _covered(covered, question.language),
        language=question.language,
        citations=checked.citations,
        reports_considered=considered,
        usage=usage,
        verified=checked.verified,
        problems=checked.problems,
    )
