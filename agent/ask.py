"""Answer one question over the reports, with citations checked before the answer is returned.

Routes, chosen by code, not by the model; each gives the model only a small job, if any:
- coverage questions ("哪些乡镇没有配备X", "which towns lack X") scan EVERY report in scope and the
  answer is written from the verdicts by a template, keeping "lacks", "has" and "never mentions"
  apart;
- outline questions about one town's report come from the five-part check;
- quantities of a standard indicator for named towns (lookups, comparisons, year-over-year) and
  county totals come from the indicator table, with the arithmetic done here;
- everything else goes to a LangChain agent that starts from retrieved passages (retrieval is
  code's job) and, on capable endpoints, may call read-only tools for more; its answer is checked
  by ``agent.citations`` (verbatim quotes, numbers present in the cited sentences).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import prompts
from agent.aggregate import aggregate_indicator, answer_total
from agent.citations import Citation, check_answer, report_ref
from agent.evidence import Ledger, Passage
from agent.indicator_answer import answer_indicator, indicator_asked
from agent.outline_answer import answer_outline, outline_topic
from agent.question import Question, parse_question
from agent.scan import ScanResult, ScanRow, scan
from agent.usage import Usage
from store.store import ReportStore

_NOT_FOUND = "NOT_FOUND"
_COMPARISON_WORDS = re.compile(r"比较|对比|相比|区别|差异|分别|compare|comparison|versus|vs\.?|between", re.IGNORECASE)


def _one_field_schema(name: str) -> dict[str, Any]:
    return {
        "type": "json_schema",
        "json_schema": {
            "name": name,
            "strict": True,
            "schema": {
                "type": "object",
                "properties": {name: {"type": "string"}},
                "required": [name],
                "additionalProperties": False,
            },
        },
    }


def _one_field(model: Any, usage: Usage, prompt: str, name: str) -> str:
    """A tiny JSON job for the model: fill one string field (a term, a query)."""
    message = model.bind(response_format=_one_field_schema(name)).invoke([("user", prompt)])
    usage.add_message(message)
    try:
        return str(json.loads(str(message.content)).get(name, "")).strip()
    except (json.JSONDecodeError, AttributeError):
        return ""
_LANGUAGE_RULE = {"zh": "用中文回答。", "en": "Answer in English. Keep Chinese names of towns as written."}
_TOOLS_RULE = "\n需要更多内容时可以调用工具查询。"
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
    term = _one_field(model, usage, prompts.load("topic_term.txt").format(question=question.text, topic=topic), "term")
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
    def names(rows: list[ScanRow]) -> str:
        return ("、" if zh else ", ").join(name(row) for row in rows)

    silent = result.by_status("not_mentioned")
    if silent:
        towns = names(silent)
        lines.append(
            f"未提及{topic}的（{len(silent)}）：{towns}。这些报告没有相关表述，不能据此认定其缺乏。"
            if zh
            else f"Reports that never mention “{topic}” ({len(silent)}): {towns}. Silence is not evidence that they lack it."
        )
    ignored = [r for r in result.rows if r.ignored_instructions]
    if ignored:
        lines.append(
            f"注意：{names(ignored)} 的报告中有一句像是给模型的指令，已作为数据忽略。"
            if zh
            else f"Note: the report of {names(ignored)} contains a sentence that reads like an instruction to the model; it was ignored."
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
    usage.add(result.usage)
    text, citations = _scan_answer(result, question)
    considered = [report_ref(r.report_id, r.file, r.town, r.year) for r in result.rows]
    answer = _coded_answer(text, question, citations, considered, usage, "scan")
    answer.scan = [row.as_dict() for row in result.rows]
    return answer


def _answer_total(
    store: ReportStore, question: Question, key: str, county: str | None, year: int | None, model: Any, usage: Usage
) -> Answer:
    year = year or (question.years[0] if question.years else None)
    text, citations, considered = answer_total(store, key, county, year, question.language, model, usage)
    return _coded_answer(text, question, citations, considered, usage, "table")


def _coded_answer(
    text: str, question: Question, citations: list[Citation], considered: list[dict[str, Any]], usage: Usage, route: str
) -> Answer:
    """An answer written by code from verified data, closed by the list of reports it covers."""
    return Answer(
        answer=text + "\n" + _covered(considered, question.language),
        language=question.language,
        citations=citations,
        reports_considered=considered,
        usage=usage,
        route=route,
    )


# ----------------------------------------------------------------------------- agent route


def _search_text(text: str, language: str, model: Any, usage: Usage) -> str:
    """Retrieval works on Chinese text; an English question is first turned into a Chinese query."""
    if language == "zh":
        return text
    query = _one_field(model, usage, prompts.load("search_query.txt").format(question=text), "query")
    return query if re.search(r"[\u4e00-\u9fff]", query) else text


def _per_town_questions(question: Question, towns: list[str]) -> list[tuple[str | None, str]]:
    """A comparison becomes one small question per town; the answers are put side by side."""
    if len(towns) < 2:
        return [(towns[0] if towns else None, question.text)]
    focus = _COMPARISON_WORDS.sub("", question.text)
    for town in towns:
        focus = focus.replace(town, "").replace(re.sub(r"(街道|镇|乡)$", "", town), "")
    focus = re.sub(r"^[\s和与及、,，的and]+", "", focus).strip(" ？?")
    if question.language == "zh":
        return [(town, f"{town}的{focus}？") for town in towns]
    return [(town, f"{focus} ({town})?") for town in towns]


_NOT_FOUND_TEXT = {"zh": "报告中没有找到相关内容", "en": "the reports do not say"}
_UNVERIFIED_NOTE = {
    "zh": "（部分内容无法在报告中核实，已删除。）",
    "en": "(Parts that could not be verified against the reports were removed.)",
}


def _not_found(language: str) -> str:
    return _NOT_FOUND_TEXT[language] + ("。" if language == "zh" else ".")


def _refusal(question: Question, considered: list[dict[str, Any]]) -> str:
    if question.language == "en":
        return "The reports do not contain an answer to this question. " + _covered(considered, "en")
    return "报告中没有找到能回答这个问题的内容。" + _covered(considered, "zh")


def _run_agent(
    store: ReportStore,
    question: str,
    language: str,
    passages: list[Passage],
    model: Any,
    ledger: Ledger,
    scope: tuple[str | None, int | None, int, bool],
    history: list[tuple[str, str]],
    on_token: Callable[[str], None] | None,
) -> tuple[str, Usage]:
    """One agent run over the passages already retrieved; it may call tools for more."""
    from langchain.agents import create_agent
    from langchain_core.messages import AIMessage, AIMessageChunk, HumanMessage

    from agent.tools import make_tools

    county, year, scan_batch, use_tools = scope
    tools = make_tools(store, ledger, model, county, year, scan_batch) if use_tools else []
    system = prompts.load("answer_system.txt").format(
        language_rule=_LANGUAGE_RULE[language], tools_rule=_TOOLS_RULE if tools else ""
    )
    agent = create_agent(model, tools=tools, system_prompt=system)
    shown = "\n\n".join(p.render() for p in passages)
    messages: list[Any] = []
    for asked, answered in history:
        messages += [HumanMessage(asked), AIMessage(answered)]
    messages.append(HumanMessage(f"问题：{question}\n\n报告片段：\n{shown}"))
    usage = Usage()
    final = ""
    for chunk, _meta in agent.stream({"messages": messages}, stream_mode="messages"):
        if not isinstance(chunk, AIMessageChunk):
            continue
        if chunk.usage_metadata:
            usage.prompt_tokens += chunk.usage_metadata.get("input_tokens", 0)
            usage.completion_tokens += chunk.usage_metadata.get("output_tokens", 0)
        if chunk.content and not chunk.tool_call_chunks:
            final += str(chunk.content)
            if on_token:
                on_token(str(chunk.content))
        finish = chunk.response_metadata.get("finish_reason")
        if finish:
            usage.llm_calls += 1
            if finish == "tool_calls":
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
    agent_tools: bool = True,
) -> Answer:
    """Answer ``text``; ``history`` and ``previous_towns`` carry a chat's earlier turns.

    ``agent_tools=False`` gives the model the retrieved passages and no tools: the 1.5B local
    model answers far more often from passages alone than when a tool list fills its prompt."""
    reports = store.reports()
    question = parse_question(text, sorted({r.meta["town"] for r in reports if r.meta.get("town")}))
    if question.is_coverage:
        return _answer_by_scan(store, question, model, county, year, scan_batch)
    towns = question.towns or (previous_towns if question.follow_up and previous_towns else [])
    usage = Usage()
    if question.language == "zh" and (topic := outline_topic(text, towns)):
        body, citations, considered = answer_outline(store, towns[0], topic)
        return _coded_answer(body, question, citations, considered, usage, "outline")
    chinese = _search_text(text, question.language, model, usage) if towns else text
    english = text if question.language == "en" else None
    if towns and (indicator := indicator_asked(chinese, english)):
        years = question.years or ([year] if year else [])
        found = answer_indicator(store, chinese, towns, indicator, years, model, usage, question.language)
        if found is not None:
            body, citations, considered = found
            return _coded_answer(body, question, citations, considered, usage, "table")
    counties = sorted({r.meta["county"] for r in reports if r.meta.get("county")})
    key, named_county = aggregate_indicator(text, counties)
    if key is None and question.language == "en" and named_county:
        term = _one_field(model, usage, prompts.load("topic_term.txt").format(question=text, topic=text), "term")
        key, named_county = aggregate_indicator(text, counties, term)
    if key is not None:
        return _answer_total(store, question, key, county or named_county, year, model, usage)
    year = year or (question.years[0] if question.years else None)
    ledger = Ledger()
    citations: list[Citation] = []
    problems: list[str] = []
    lines: list[str] = []
    for town, sub_question in _per_town_questions(question, towns):
        hits = store.search(
            chinese if sub_question == text else _search_text(sub_question, question.language, model, usage),
            k=PASSAGES_PER_TOWN if town else PASSAGES_WITHOUT_TOWN,
            town=town, county=county, year=year,
        )
        passages = ledger.add_all(hits)
        raw = ""
        if passages:
            raw, used = _run_agent(
                store, sub_question, question.language, passages, model, ledger,
                (county, year, scan_batch, agent_tools), history or [], on_token,
            )
            usage.add(used)
        checked = check_answer(raw, ledger, store, text, question.language, citations) if raw and _NOT_FOUND not in raw else None
        body = checked.text if checked and checked.text else _not_found(question.language)
        if checked:
            problems += checked.problems
        lines.append(f"{town}：{body}" if len(towns) >= 2 else body)
    considered = [report_ref(h.report_id, h.file, h.town, h.year) for h in ledger.reports()]
    if not citations and all(_NOT_FOUND_TEXT[question.language] in line for line in lines):
        return Answer(_refusal(question, considered), question.language, reports_considered=considered, usage=usage)
    if problems:
        lines.append(_UNVERIFIED_NOTE[question.language])
    cited = {c.report_id for c in citations}
    covered = [r for r in considered if r["report_id"] in cited] or considered
    return Answer(
        answer="\n".join(lines) + "\n" + _covered(covered, question.language),
        language=question.language,
        citations=citations,
        reports_considered=considered,
        usage=usage,
        verified=not problems,
        problems=problems,
    )
