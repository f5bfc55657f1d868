"""Everything else: retrieved passages, and the model answers from them.

Retrieval is code's job: hybrid search, per town when towns are named, a comparison split into
one small question per town. A LangChain agent (``create_agent``) answers from the numbered
passages and, on capable endpoints, may call read-only tools for more. Its text is then cut into
sentences and each is tied to the report sentence that supports it (the one holding its figures,
else the one sharing most of its words); the verifier decides what may be shown.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

import prompts
from agent.answer.types import Citation, Claim, Plan, ReportRef, Result, quoted
from agent.answer.verify import Documents, content_pairs
from agent.evidence import Ledger, Passage
from agent.usage import Usage
from store.numbers import claimed_values, values_in
from store.sentences import SENTENCE
from store.statements import speaks_for_its_town
from store.store import ReportStore
from store.towns import town_core

NOT_FOUND = "NOT_FOUND"
PASSAGES_PER_TOWN = 4
PASSAGES_WITHOUT_TOWN = 6
_LANGUAGE_RULE = {"zh": "用中文回答。", "en": "Answer in English. Keep Chinese names of towns as written."}
_TOOLS_RULE = "\n需要更多内容时可以调用工具查询。"
_COMPARISON_WORDS = re.compile(r"比较|对比|相比|区别|差异|分别|compare|comparison|versus|vs\.?|between", re.IGNORECASE)
_LABEL = re.compile(r"\[\s*(S\d+)\s*\]")
_MADE_UP_LABEL = re.compile(r"\[\s*(?!S\d)([A-Za-z]{0,3}\s*\d+)\s*\]")
_FILLER = re.compile(r"^[\s依据根据来源参见见出自报告片段原文第和、及与以上如下,，.。:：;；\-*#]*$")
# Words a line uses to talk about the passages rather than the town ("根据报告片段中的[S1]部分，可以明确这一点"):
# a line made only of them states nothing and is dropped, not shown and not counted as a claim.
_META = re.compile(
    r"根据|依据|按照|报告|片段|原文|资料|材料|内容|信息|部分|中的|其中|可以|可知|明确|看出|得知|找到|相关|以上|上述|如下|这一点|这些|此|该|"
    r"回答|问题|答案|显示|表明|提到|所述|综上|总之|因此|所以|的|了|是|在|和|与|及|有|都|也|为|中|可|以|这|点|其"
)
_QUOTE = re.compile(r"「([^」]{4,})」|“([^”]{4,})”|\"([^\"]{4,})\"")
REMOVED_QUOTE = "〔无法核实的引文已删除〕"
# The model repeating a passage's header, as Passage.render writes it: "（陶家镇 2025年 · 一、…）".
_ECHOED_HEADER = re.compile(r"[（(][^（）()]*?年\s*·\s*[^（）()]*[）)]")
_ANSWER_SENTENCE = re.compile(r"[^。！？!?\n]+(?:[。！？!?]+|\n|$)")
_ONE_FIELD = {"type": "json_schema", "json_schema": {"name": "query", "strict": True, "schema": {
    "type": "object", "properties": {"query": {"type": "string"}}, "required": ["query"], "additionalProperties": False}}}


QUERY_TOKENS = 128
"""The longest Chinese search query asked for (the embedded model's recorded queries: 27 tokens)."""


def search_text(text: str, language: str, model: Any, usage: Usage) -> str:
    """Retrieval works on Chinese text; an English question is first turned into a Chinese query.
    A reply without one leaves the question as asked (a fallback the answer reports)."""
    if language == "zh" or model is None:
        return text
    prompt = prompts.load("search_query.txt").format(question=text)
    message = model.bind(response_format=_ONE_FIELD, max_tokens=QUERY_TOKENS).invoke([("user", prompt)])
    usage.add_message(message)
    try:
        query = str(json.loads(str(message.content)).get("query", "")).strip()
    except (json.JSONDecodeError, AttributeError):
        query = ""
    if re.search(r"[\u4e00-\u9fff]", query):
        return query
    usage.fallbacks.append("the model's Chinese search query could not be read; the question was searched as asked")
    return text


def _per_town_questions(plan: Plan) -> list[tuple[str | None, str]]:
    """A comparison becomes one small question per town; the answers are put side by side."""
    towns = plan.towns
    if len(towns) < 2:
        return [(towns[0] if towns else None, plan.question)]
    focus = _COMPARISON_WORDS.sub("", plan.question)
    for town in towns:
        focus = focus.replace(town, "").replace(town_core(town), "")
    focus = re.sub(r"^[\s和与及、,，的and]+", "", focus).strip(" ？?")
    if plan.language == "zh":
        return [(town, f"{town}的{focus}？") for town in towns]
    return [(town, f"{focus} ({town})?") for town in towns]


def _run_agent(
    store: ReportStore, question: str, plan: Plan, passages: list[Passage], model: Any, ledger: Ledger,
    tools_scope: tuple[int, bool], history: list[tuple[str, str]], on_token: Callable[[str], None] | None,
) -> tuple[str, Usage]:
    """One agent run over the passages already retrieved; it may call tools for more."""
    from langchain.agents import create_agent
    from langchain_core.messages import AIMessage, AIMessageChunk, HumanMessage

    from agent.tools import make_tools

    scan_batch, use_tools = tools_scope
    tools = make_tools(store, ledger, model, plan.county, plan.year, scan_batch) if use_tools else []
    system = prompts.load("answer_system.txt").format(
        language_rule=_LANGUAGE_RULE[plan.language], tools_rule=_TOOLS_RULE if tools else ""
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
        usage.add_tokens(chunk)
        if chunk.content and not chunk.tool_call_chunks:
            final += str(chunk.content)
            if on_token:
                on_token(str(chunk.content))
        finish = chunk.response_metadata.get("finish_reason")
        if finish:
            usage.llm_calls += 1
            if finish == "tool_calls":
                final = ""
            elif finish == "length":  # the checker reads what is there; the answer says it was cut
                usage.fallbacks.append("the model's answer was cut at its token limit (max_tokens)")
    return final.strip(), usage


def _sentences(passage: Passage) -> list[str]:
    return [x.strip() for x in SENTENCE.findall(passage.hit.text) if x.strip() and speaks_for_its_town(x)]


def _cite(docs: Documents, passage: Passage, quote: str) -> Citation | None:
    doc = docs.get(passage.hit.report_id)
    cited = quoted(doc, ReportRef.of_row(passage.hit), doc.find(quote))
    return cited[0] if cited else None


def _best_sentence(claim: str, value: float | None, passages: list[Passage], preferred: list[Passage], echo: set[str]) -> tuple[Passage, str] | None:
    """The sentence a claim rests on: among sentences holding ``value`` (if any), the one sharing
    most of the claim's own words (not those it echoes from the question), then most words;
    passages the model itself cited win ties."""
    pairs = content_pairs(claim)
    own = pairs - echo
    best: tuple[tuple[int, int, bool], Passage, str] | None = None
    for passage in passages:
        for sentence in _sentences(passage):
            if value is not None and value not in values_in(sentence):
                continue
            score = (sum(p in sentence for p in own), sum(p in sentence for p in pairs), passage in preferred)
            if score[1] < 2:
                continue
            if best is None or score > best[0]:
                best = (score, passage, sentence)
    return (best[1], best[2]) if best else None


def _best_sentences(claim: str, passages: list[Passage], preferred: list[Passage], most: int = 4) -> list[tuple[Passage, str]]:
    """Up to ``most`` sentences that together cover most of the claim's words, each adding some."""
    pairs = content_pairs(claim)
    scored = sorted(
        ((sum(p in s for p in pairs), passage in preferred, passage, s) for passage in passages for s in _sentences(passage)),
        key=lambda item: (item[0], item[1]), reverse=True,
    )
    chosen: list[tuple[Passage, str]] = []
    covered: set[str] = set()
    for score, _, passage, sentence in scored:
        new = {p for p in pairs if p in sentence} - covered
        if score >= 2 and len(new) >= 2:
            chosen.append((passage, sentence))
            covered |= new
        if len(chosen) == most:
            break
    return chosen


def claims_from_text(
    text: str, ledger: Ledger, docs: Documents, towns: list[str], problems: list[str], question: str = ""
) -> list[Claim]:
    """The model's answer as lines, each with the report sentences it rests on."""
    echo = content_pairs(question)
    for label in sorted(set(_LABEL.findall(text)) - set(ledger.passages)) + _MADE_UP_LABEL.findall(text):
        problems.append(f"cited unknown source {label}")
    text = _MADE_UP_LABEL.sub("", text)
    everything = list(ledger.passages.values())
    claims: list[Claim] = []
    for sentence in (s for s in _ANSWER_SENTENCE.findall(text) if s.strip()):
        labelled = [ledger.passages[label] for label in _LABEL.findall(sentence) if label in ledger.passages]
        claim = _LABEL.sub("", sentence).strip()
        claim = re.sub(r"^(?:根据|依据)(?:报告)?片段\s*(?:[和、及与]\s*)*[,，]?", "", claim)
        claim = _ECHOED_HEADER.sub("", claim)
        if _FILLER.match(claim) or NOT_FOUND in claim or not re.search(r"[\u4e00-\u9fffA-Za-z0-9]", _META.sub("", claim)):
            continue
        support = [found for v in claimed_values(claim) if (found := _best_sentence(claim, v, everything, labelled, echo))]
        # a line may join several sentences: add those that share most of its other words
        support += [found for found in _best_sentences(claim, everything, labelled) if found not in support]
        citations = [c for passage, sent in support if (c := _cite(docs, passage, sent))]
        for match in list(_QUOTE.finditer(claim)):
            quote = next(group for group in match.groups() if group)
            marks = quote.replace("‘", "“").replace("’", "”")  # the model re-nests quotation marks
            variants = (quote, marks, marks.replace(",", "，"), marks.replace("，", ","))
            cited = next((c for v in variants for p in labelled + everything if (c := _cite(docs, p, v))), None)
            if cited is None:  # a quote that is not in the report is cut out; the rest is checked as usual
                problems.append(f"quote not found verbatim in any report: {quote[:30]}")
                claim = claim.replace(match.group(0), REMOVED_QUOTE)
                continue
            citations.append(cited)
        if not re.search(r"[\u4e00-\u9fffA-Za-z0-9]", _META.sub("", claim.replace(REMOVED_QUOTE, ""))):
            continue
        claims.append(Claim(claim, citations=citations, towns=list(towns)))
    return claims


def _mentioned_by(store: ReportStore, plan: Plan) -> bool:
    """Whether any report of the named towns uses the question's topic words."""
    reports = [r for r in store.reports() if r.meta.get("town") in plan.towns]
    return any(term in store.document(r.id).text for r in reports for term in plan.terms)


def answer_passages(
    store: ReportStore, plan: Plan, model: Any, scan_batch: int, agent_tools: bool,
    history: list[tuple[str, str]], on_token: Callable[[str], None] | None,
) -> Result:
    usage = Usage()
    ledger = Ledger()
    docs = Documents(store)
    result = Result(route="agent", model_text=True, usage=usage)
    if plan.terms and plan.towns and not _mentioned_by(store, plan):
        # 澄泉街道配备了几名公职律师: the reports use the words, this town's report never does
        result.refusal = True
        result.considered = [ReportRef.of(r) for r in store.reports() if r.meta.get("town") in plan.towns]
        names = "、".join(ref.name("zh") for ref in result.considered)
        result.claims = [Claim(f"{names}的报告没有提到「{plan.terms[0]}」。", kind="note")]
        return result
    per_town = _per_town_questions(plan)
    chinese = search_text(plan.question, plan.language, model, usage)
    for town, sub_question in per_town:
        query = chinese if len(per_town) == 1 else search_text(sub_question, plan.language, model, usage)
        hits = store.search(query, k=PASSAGES_PER_TOWN if town else PASSAGES_WITHOUT_TOWN,
                            town=town, county=None if town else plan.county, year=plan.year)
        passages = ledger.add_all(hits)
        if not passages:
            if town and len(per_town) > 1:
                result.claims.append(Claim(f"{town}：" if plan.language == "zh" else f"{town}: ", kind="heading"))
            continue
        raw, used = _run_agent(store, sub_question, plan, passages, model, ledger, (scan_batch, agent_tools), history, on_token)
        usage.add(used)
        towns = [town] if town else [t for t in plan.towns]
        lines = claims_from_text(raw, ledger, docs, towns, result.problems, plan.normalized) if raw and NOT_FOUND not in raw else []
        if town and len(per_town) > 1:
            result.claims.append(Claim(f"{town}：" if plan.language == "zh" else f"{town}: ", kind="heading"))
        result.claims += lines
    result.considered = [ReportRef.of_row(h) for h in ledger.reports()]
    return result
