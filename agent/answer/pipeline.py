"""One question, top-down: plan → route → verify → render.

    plan_question   (agent/answer/plan.py)       what is asked, validated against the store
    ROUTES[intent]  (agent/answer/routes/*.py)   one handler per intent, returning typed lines
    verify          (agent/answer/verify.py)     the citation invariant, on every route
    render          (agent/answer/render.py)     Chinese or English text

Questions about every report (which towns lack X, which has the most Y, which reports lack part
Z) are answered over every report in scope by code; only free questions reach the model's own
words, and those pass the same verifier as everything else.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from agent.answer.plan import Corpus, plan_question
from agent.answer.render import render, unanswered_line
from agent.answer.routes.comparison import answer_comparison
from agent.answer.routes.coverage import answer_coverage, ignored_note
from agent.answer.routes.figures import (
    answer_disclosure,
    answer_named,
    answer_none_or_some,
    answer_rank,
    answer_total,
)
from agent.answer.routes.outline import answer_outline
from agent.answer.routes.passages import answer_passages
from agent.answer.routes.statements import answer_statements
from agent.answer.types import Citation, Claim, Plan, Result, quoted
from agent.answer.verify import listed, verify
from agent.set_aside import SetAside, set_aside_in
from agent.usage import Usage
from store.indicators import ZERO_READ
from store.store import ReportStore
from store.topics import BY_KEY as TOPICS


@dataclass
class Answer:
    """The CLI contract of ``fazhi ask --json``, plus the plan and the checks that were made."""

    answer: str
    language: str
    citations: list[Citation] = field(default_factory=list)
    reports_considered: list[dict[str, Any]] = field(default_factory=list)
    usage: Usage = field(default_factory=Usage)
    route: str = "agent"
    verified: bool = True
    problems: list[str] = field(default_factory=list)
    scan: list[dict[str, Any]] | None = None
    plan: Plan | None = None
    selected: list[str] | None = None
    set_aside: list[SetAside] = field(default_factory=list)  # planted sentences of the reports considered

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
            "set_aside": [s.as_dict() for s in self.set_aside],
        }
        if self.scan is not None:
            data["scan"] = self.scan
        if self.selected is not None:
            data["selected"] = self.selected
        if self.plan is not None:
            data["plan"] = self.plan.as_dict()
        return data


@dataclass
class Context:
    """What a route may use besides the plan."""

    store: ReportStore
    model: Any
    scan_batch: int = 1
    agent_tools: bool = True
    history: list[tuple[str, str]] = field(default_factory=list)
    on_token: Callable[[str], None] | None = None
    progress: Callable[[int, int], None] | None = None


def _coverage(plan: Plan, ctx: Context) -> Result:
    """Which towns have or lack something: a counted event a report may state as none (no lawsuits)
    from the table; anything else from the fact sheets or a scan of every report."""
    if plan.intent in ("has", "lacks") and plan.indicator in ZERO_READ and plan.every_report and not plan.topic_key:
        return answer_none_or_some(ctx.store, plan, ctx.model)
    return answer_coverage(ctx.store, plan, ctx.model, ctx.scan_batch, ctx.progress)


def _passages(plan: Plan, ctx: Context) -> Result:
    return answer_passages(ctx.store, plan, ctx.model, ctx.scan_batch, ctx.agent_tools, ctx.history, ctx.on_token)


def _named(plan: Plan, ctx: Context) -> Result:
    return answer_named(ctx.store, plan, ctx.model)


ROUTES: dict[str, Callable[[Plan, Context], Result]] = {
    "has": _coverage,
    "lacks": _coverage,
    "mentions": _coverage,
    "lookup": _named,
    "yoy": _named,
    "compare": lambda plan, ctx: (_named(plan, ctx) if plan.indicator
                                  else answer_comparison(ctx.store, plan, ctx.model, ctx.scan_batch)
                                  if plan.topic or plan.overall else _passages(plan, ctx)),
    "total": lambda plan, ctx: answer_total(ctx.store, plan, ctx.model),
    "rank": lambda plan, ctx: answer_rank(ctx.store, plan, ctx.model),
    "disclosure": lambda plan, ctx: answer_disclosure(ctx.store, plan, ctx.model),
    "outline": lambda plan, ctx: answer_outline(ctx.store, plan),
    "statements": lambda plan, ctx: answer_statements(ctx.store, plan),
    "free": _passages,
}


def _further_figures(plan: Plan) -> list[Plan]:
    """The plans of the further indicators a question asks (``Plan.also``) on a route that answers one
    indicator: a total, a ranking, which reports state it, which had none of a counted event. The
    named towns' routes (lookup, yoy, compare) answer every indicator asked in one table."""
    one_figure = plan.intent in ("total", "rank", "disclosure") or plan.intent in ("has", "lacks") and not plan.topic_key
    return [replace(plan, indicator=key, also=[]) for key in plan.also
            if one_figure and (plan.intent not in ("has", "lacks") or key in ZERO_READ)]


def _set_aside_note(set_aside: list[SetAside], language: str) -> list[Claim]:
    """Every route tells the user when the reports it used hold sentences set aside as planted
    instructions (they were never shown to the model, counted or cited)."""
    return [ignored_note(language)] if set_aside else []


def _county_unknown(corpus: Corpus, plan: Plan) -> list[Claim]:
    """Reports that do not state their county are outside any county's scope; say which, each cited
    to its title, where a report states its county (a report named must be cited)."""
    unknown = corpus.without_county(plan.years)
    if not unknown:
        return []
    names = ("、" if plan.language == "zh" else ", ").join(r.name(plan.language) for r in unknown)
    text = (f"注意：{names}的报告未标明所属县（区），未计入{plan.county}的范围。" if plan.language == "zh"
            else f"Note: the reports of {names} give no county and are not counted in {plan.county}.")
    titles = {row.id: row.meta.get("title") for row in corpus.reports}
    cited: list[Citation] = []
    for ref in unknown:
        doc, title = corpus.store.document(ref.report_id), titles.get(ref.report_id)
        cited += quoted(doc, ref, doc.find(title) if title else None)
    return [Claim(text, kind="fact" if cited else "note", citations=cited, towns=[r.town for r in unknown if r.town],
                  derived=[float(r.year) for r in unknown if r.year])]


def _append(result: Result, part: Result) -> None:
    """One answer of a question's further part, after the first part's lines."""
    notes = {c.text for c in result.claims if c.kind == "note"}
    claims = [replace(c, by_model=True) if part.model_text and c.kind not in ("note", "heading", "group") else c for c in part.claims]
    result.claims += [c for c in claims if c.kind != "note" or c.text not in notes]  # a note once
    result.considered += [r for r in part.considered if r not in result.considered]
    result.usage.add(part.usage)


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
    progress: Callable[[int, int], None] | None = None,
) -> Answer:
    """Answer ``text``; ``county``/``year`` narrow the scope; ``history`` and ``previous_towns``
    carry a chat's earlier turns. ``agent_tools=False`` gives the model the retrieved passages and
    no tools: the 1.5B local model answers far more often from passages alone."""
    corpus = Corpus(store)
    usage = Usage()
    plan = plan_question(text, corpus, model, usage, previous_towns)
    if county:
        plan.county = county
    if year and not plan.years:
        plan.years = [year]
    ctx = Context(store, model, scan_batch, agent_tools, history or [], on_token, progress)
    if plan.unknown_towns and not plan.towns:
        # a refusal, not a failed check: the answer says so in its language, the JSON plan names them
        result = Result(route="plan", refusal=True)
    else:
        result = ROUTES[plan.intent](plan, ctx)
        for further in _further_figures(plan):  # 哪些乡镇败诉了？一共多少件行政诉讼？: each figure asked
            _append(result, ROUTES[further.intent](further, ctx))
        for key in plan.also_topics:  # 有没有执法记录仪和法律顾问: every topic asked is answered
            label = TOPICS[key].label
            _append(result, ROUTES[plan.intent](replace(plan, topic_key=key, topic=label, terms=[label], also_topics=[]), ctx))
        unanswered = list(plan.unanswered)
        for part in plan.parts:  # 合计多少台？哪些没有配备？: every sentence asked is answered
            answered = ROUTES[part.intent](part, ctx)
            if answered.model_text and not verify(answered, store, part, corpus.towns).facts:
                unanswered.append(part.question)  # the model found nothing the reports support: say so
                result.usage.add(answered.usage)
            else:
                _append(result, answered)
        result.claims += [Claim(unanswered_line(unanswered, plan.language), kind="note")] if unanswered else []
    result.usage.add(usage)
    result.problems += result.usage.fallbacks  # an answer resting on a reply code could not use is not verified
    set_aside = set_aside_in(store, result.considered)
    if result.route != "scan":  # the scan route names the reports whose evidence held one
        result.claims += _set_aside_note(set_aside, plan.language)
    if plan.county and not plan.towns:
        result.claims += _county_unknown(corpus, plan)
    checked = verify(result, store, plan, corpus.towns)
    return Answer(
        answer=render(result, checked, plan),
        language=plan.language,
        citations=checked.citations,
        reports_considered=[r.as_dict() for r in result.considered],
        usage=result.usage,
        route=result.route,
        verified=not checked.problems,
        problems=listed(checked.problems),
        scan=result.scan,
        plan=plan,
        selected=result.selected,
        set_aside=set_aside,
    )
