"""What a named town's report itself lists: its problems (with the causes it gives for each), or
its plans (菖岭镇明年有什么打算, what shortcomings does X report and why).

The items are the memo's items (``agent.digest.items``: enumerated or one paragraph each, lead-ins,
causes and a merged part's other items told apart), each quoted in full and cited, so ``ask`` and
the memo list the same problems and plans for a town. Causes are the fact sheet's cause sentences:
one that stands between a problem and the next is that problem's cause; causes the report gives in
a block of their own, after all its problems, are listed apart and matched to none, since the
report does not say which problem each explains.
"""

from __future__ import annotations

from agent.answer.types import Citation, Claim, Plan, ReportRef, Result, silence_claim
from agent.digest.items import Item, items_in_part, with_explanation
from store.catalog import ReportRow
from store.factsheet import FactSheet
from store.store import ReportStore

_PART_OF = {"problem": "shortcomings", "plan": "plans"}

_SAY = {
    "zh": {
        "problem": "{name}报告写的不足：", "plan": "{name}报告写的下一步工作安排：",
        "cause": "原因：「{quote}」", "no_cause": "（报告没有写这一条的原因）",
        "apart": "{name}报告另写的原因（报告没有说明各对应哪一条不足）：",
        "causes_only": "{name}报告写的原因：",
        "none_problem": "{name}的报告没有写存在的不足。", "none_plan": "{name}的报告没有写下一步工作安排。",
        "none_cause": "{name}的报告没有写不足的原因。",
        "no_report": "没有{towns}在所问年度的报告。",
    },
    "en": {
        "problem": "Shortcomings the report of {name} states:", "plan": "Plans for the coming year the report of {name} states:",
        "cause": "Cause: 「{quote}」", "no_cause": "(the report gives no cause for this one)",
        "apart": "Causes the report of {name} gives apart (it does not say which shortcoming each explains):",
        "causes_only": "Causes the report of {name} gives:",
        "none_problem": "The report of {name} states no shortcomings.", "none_plan": "The report of {name} states no plans.",
        "none_cause": "The report of {name} gives no causes for its shortcomings.",
        "no_report": "There is no report of {towns} for the year asked.",
    },
}


def answer_statements(store: ReportStore, plan: Plan) -> Result:
    """For each named town's report in scope (its latest where no year is named): the items of each
    kind asked, in the report's order, each a verbatim quote."""
    say = _SAY[plan.language]
    reports = _reports(store, plan)
    if not reports:
        return Result("statements", [Claim(say["no_report"].format(towns="、".join(plan.towns)), kind="note")], refusal=True)
    claims: list[Claim] = []
    for report in reports:
        ref, doc, sheet = ReportRef.of(report), store.document(report.id), store.fact_sheet(report)
        name = ref.name(plan.language)
        problems = [with_explanation(item, doc) for item in items_in_part(report, doc, "shortcomings")]
        if "problem" in plan.listing:
            claims += _problems(store, report, problems, sheet if "cause" in plan.listing else None, plan)
        elif "cause" in plan.listing:
            causes = _causes(sheet, ref)
            claims += [Claim(say["causes_only"].format(name=name), kind="heading"), *causes] if causes else \
                [silence_claim(store, say["none_cause"].format(name=name), [sheet.report])]
        if "plan" in plan.listing:
            plans = [with_explanation(item, doc) for item in items_in_part(report, doc, "plans")]
            claims += [Claim(say["plan"].format(name=name), kind="heading"), *(_line(i, "plans") for i in plans)] if plans else \
                [silence_claim(store, say["none_plan"].format(name=name), [sheet.report])]
    return Result("statements", claims, [ReportRef.of(r) for r in reports])


def _reports(store: ReportStore, plan: Plan) -> list[ReportRow]:
    """The named towns' reports in the years asked; with no year named, each town's latest."""
    found = sorted((r for r in store.reports() if r.in_scope(plan.county, plan.years, plan.towns)),
                   key=lambda r: (plan.towns.index(r.meta.get("town")), r.meta.get("year") or 0))
    if plan.years or plan.all_years:
        return found
    latest = {r.meta.get("town"): r for r in found}
    return [r for r in found if latest[r.meta.get("town")] is r]


def _line(item: Item, asserts: str, template: str = "{quote}") -> Claim:
    return Claim(template.format(quote=item.citation.quote), citations=[item.citation],
                 towns=[item.report.town] if item.report.town else [], asserts=asserts)


def _causes(sheet: FactSheet, ref: ReportRef) -> list[Claim]:
    return [Claim(s.text, citations=[Citation.at(ref, s.text, s.start, s.end, s.line)], towns=[ref.town] if ref.town else [],
                  asserts="cause") for s in sheet.statements if s.kind == "cause"]


def _problems(store: ReportStore, report: ReportRow, problems: list[Item], sheet: FactSheet | None, plan: Plan) -> list[Claim]:
    """Each problem, and (``sheet`` given: causes asked) the causes stated right under it."""
    say, ref = _SAY[plan.language], ReportRef.of(report)
    name = ref.name(plan.language)
    if not problems:
        return [silence_claim(store, say["none_problem"].format(name=name), [store.fact_sheet(report).report])]
    claims = [Claim(say["problem"].format(name=name), kind="heading")]
    causes = _causes(sheet, ref) if sheet is not None else []
    starts = [item.citation.start for item in problems]
    # causes that all come after the last of two problems or more, none under an earlier one, are a block of their own
    after_last = [c for c in causes if c.citations[0].start > starts[-1]]
    apart = after_last if len(problems) >= 2 and len(after_last) == len([c for c in causes if c.citations[0].start > starts[0]]) else []
    for number, item in enumerate(problems):
        claims.append(_line(item, "problem"))
        if sheet is None:
            continue
        until = starts[number + 1] if number + 1 < len(starts) else None
        own = [c for c in causes if c not in apart and c.citations[0].start > item.citation.start
               and (until is None or c.citations[0].start < until)]
        claims += [Claim(say["cause"].format(quote=c.text), citations=c.citations, towns=c.towns, asserts="cause") for c in own] \
            or [Claim(say["no_cause"], kind="note")]
    if apart:
        claims += [Claim(say["apart"].format(name=name), kind="heading"), *apart]
    return claims
