"""What a named town's report itself lists: its problems (with the causes it gives for each), or
its plans (菖岭镇明年有什么打算, what shortcomings does X report and why).

Asked whether the plans were carried out, each plan is followed into the same town's report of the
next year: the sentence there that shares most of its telling words is quoted with its kind (work
done, still a shortcoming, planned again), or the report is said to be silent on it. Code shows
what the later report says; it never calls a plan done on its own.

The items are the memo's items (``agent.digest.items``: enumerated or one paragraph each, lead-ins,
causes and a merged part's other items told apart), each quoted in full and cited, so ``ask`` and
the memo list the same problems and plans for a town. Causes are the fact sheet's cause sentences:
one that stands between a problem and the next is that problem's cause; causes the report gives in
a block of their own, after all its problems, are listed apart and matched to none, since the
report does not say which problem each explains.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from agent.answer.types import Citation, Claim, Plan, ReportRef, Result, silence_claim, where_it_would_be
from agent.answer.verify import content_pairs
from agent.digest.items import Item, items_in_part, with_explanation
from store.catalog import ReportRow, next_year_report
from store.factsheet import FactSheet
from store.statements import Statement
from store.store import ReportStore
from store.structure import PART_LABELS_ZH, find_headings
from store.topics import states_absence, states_holding

_PART_OF = {"problem": "shortcomings", "plan": "plans"}

_SAY = {
    "zh": {
        "problem": "{name}报告写的不足：", "plan": "{name}报告写的下一步工作安排：",
        "cause": "原因：「{quote}」", "no_cause": "（报告没有写这一条的原因）",
        "apart": "{name}报告另写的原因（报告没有说明各对应哪一条不足）：",
        "causes_only": "{name}报告写的原因：",
        "none_problem": "{name}的报告没有写存在的不足。", "none_plan": "{name}的报告没有写下一步工作安排。",
        "part_items": "{name}报告「{part}」部分写的内容：", "none_part": "{name}的报告「{part}」部分没有可以列出的内容。",
        "none_cause": "{name}的报告没有写不足的原因。",
        "no_report": "没有{towns}在所问年度的报告。",
        "no_later": "（没有{town}{year}年度的报告，无法核对这一条是否落实；它是计划，不是已完成的事项。）",
        "seen_measure": "→ {name}报告写了已开展的相关工作：「{quote}」",
        "seen_problem": "→ {name}报告仍把相关事项列为不足：「{quote}」",
        "seen_partly": "→ {name}报告写了已做到的部分，也写了仍有的不足：「{quote}」",
        "seen_plans": "→ {name}报告又把相关事项列入下一步安排：「{quote}」",
        "seen_postponed": "→ {name}报告说这一项推迟了：「{quote}」",
        "unaccounted": "→ {name}报告在「{heading}」中逐项对账，没有写到这一条。",
        "unseen": "→ {name}的报告没有写到这一条。",
        "answered_by": "对应的安排：「{quote}」", "unanswered_problem": "（报告的安排中没有找到与这一条对应的）",
        "plans_unmatched": "{name}的安排中没有对应哪一条不足的：",
    },
    "en": {
        "problem": "Shortcomings the report of {name} states:", "plan": "Plans for the coming year the report of {name} states:",
        "cause": "Cause: 「{quote}」", "no_cause": "(the report gives no cause for this one)",
        "apart": "Causes the report of {name} gives apart (it does not say which shortcoming each explains):",
        "causes_only": "Causes the report of {name} gives:",
        "none_problem": "The report of {name} states no shortcomings.", "none_plan": "The report of {name} states no plans.",
        "part_items": "What the report of {name} states in its part 「{part}」:", "none_part": "The report of {name} states nothing to list in its part 「{part}」.",
        "none_cause": "The report of {name} gives no causes for its shortcomings.",
        "no_report": "There is no report of {towns} for the year asked.",
        "no_later": "(no {year} report of {town} to check this one against: it is a plan, not something done)",
        "seen_measure": "→ the report of {name} states related work done: 「{quote}」",
        "seen_problem": "→ the report of {name} still lists it as a shortcoming: 「{quote}」",
        "seen_partly": "→ the report of {name} states part of it done and a shortcoming left: 「{quote}」",
        "seen_plans": "→ the report of {name} plans it again: 「{quote}」",
        "seen_postponed": "→ the report of {name} says it was put off: 「{quote}」",
        "unaccounted": "→ the report of {name} accounts for last year's plans one by one under 「{heading}」 and does not mention this one.",
        "unseen": "→ the report of {name} says nothing of this one.",
        "answered_by": "Its plan for this: 「{quote}」", "unanswered_problem": "(none of its plans answers this one)", "plans_unmatched": "Plans of {name} that answer none of its shortcomings:",
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
    considered = list(reports)
    for report in reports:
        ref, doc, sheet = ReportRef.of(report), store.document(report.id), store.fact_sheet(report)
        name = ref.name(plan.language)
        if "problem" in plan.listing:
            problems = [with_explanation(item, doc) for item in items_in_part(report, doc, "shortcomings")]
            claims += _problems(store, report, sheet, problems, plan)
        elif "cause" in plan.listing:
            causes = _causes(sheet, ref)
            claims += [_titled(store, sheet, say["causes_only"].format(name=name), "shortcomings"), *causes] if causes else \
                [silence_claim(store, say["none_cause"].format(name=name), [sheet.report])]
        for part in (p for p in plan.listing if p in PART_LABELS_ZH):  # what its 其他需要报告的情况 part says
            items = [item if part == "other" else with_explanation(item, doc)  # the other matters are one sentence each
                     for item in items_in_part(report, doc, part)]
            label = PART_LABELS_ZH[part]
            claims += [_titled(store, sheet, say["part_items"].format(name=name, part=label), part),
                       *(_line(item, None) for item in items)] if items else \
                [silence_claim(store, say["none_part"].format(name=name, part=label), [sheet.report])]
        if "plan" in plan.listing:
            plans = [with_explanation(item, doc) for item in items_in_part(report, doc, "plans")]
            if not plans:
                claims.append(silence_claim(store, say["none_plan"].format(name=name), [sheet.report]))
                continue
            claims.append(_titled(store, sheet, say["plan"].format(name=name), "plans"))
            later = next_year_report(store.reports(), ref.town, ref.year) if plan.checks_plans else None
            seen_in = _later_sentences(store.fact_sheet(later)) if later else []
            account = _account_of_last_year(store.document(later.id).original) if later else None
            closest = _Closest([s.text for s in seen_in])
            for item in plans:
                claims.append(_line(item, "plans"))
                if plan.checks_plans:
                    claims.append(_followed_up(store, item, later, seen_in, closest, plan, account) if later else Claim(say["no_later"].format(
                        town=ref.town or ref.file, year=(ref.year or 0) + 1), kind="note"))
            considered += [later] if later and later not in considered else []
    return Result("statements", claims, [ReportRef.of(r) for r in considered])




# Words nearly every plan and every measure share (推进, 加强, 全面…) say nothing of which plan a later sentence is about.
_COMMON_SHARE = 0.15
_MIN_SHARED = 3


class _Closest:
    """The candidate sharing the most of a text's telling words (at least ``_MIN_SHARED`` pairs);
    words common to many candidates (推进, 加强) do not count. The candidates' words are read once,
    for every text matched against them (each plan against the next year's sentences)."""

    def __init__(self, candidates: list[str]) -> None:
        self._pairs = [content_pairs(c) for c in candidates]
        shared = max(2, _COMMON_SHARE * len(candidates))
        self._common = {p for p in set().union(*self._pairs) if sum(p in ps for ps in self._pairs) > shared}

    def shared(self, text: str) -> list[int]:
        """How many telling word pairs ``text`` shares with each candidate."""
        wanted = content_pairs(text) - self._common
        return [len(wanted & ps) for ps in self._pairs]

    def to(self, text: str, preferred: Callable[[int], bool] | None = None, scores: list[int] | None = None) -> int | None:
        """The index of the closest candidate, or None where none shares enough; a ``preferred``
        candidate nearly as close (one pair fewer at most) is taken before it. ``scores`` are
        ``shared(text)`` where the caller has them already."""
        scored = sorted(((score, -i) for i, score in enumerate(self.shared(text) if scores is None else scores)), reverse=True)
        if not scored or scored[0][0] < _MIN_SHARED:
            return None
        near = [-i for score, i in scored if score >= max(_MIN_SHARED, scored[0][0] - 1)]
        return next((i for i in near if preferred(i)), near[0]) if preferred else near[0]


def _later_sentences(sheet: FactSheet) -> list[Statement]:
    """The sentences of the next year's report a plan may be seen in: its own statements, never a
    section's title (四、法治宣传与法治文化。) or the report's, which say what a part is about."""
    return [s for s in sheet.statements if not s.only_names and s.part and s.kind in _SEEN_AS]


# The title of a section in which a report accounts for last year's plans (去年打算的兑现情况, 上年度工作打算落实情况).
_ACCOUNT_TITLE = re.compile(r"^[^\n]{0,12}(?:去年|上年|上一年|2\d{3}年)[^\n]{0,8}(?:打算|计划|安排|任务)[^\n]{0,6}(?:兑现|落实|完成|推进|执行)[^\n]{0,6}$")
# A plan put off (推迟到明年, 顺延, 暂缓): neither done nor dropped.
_POSTPONED = re.compile(r"推迟|延期|顺延|延后|往后推|推到|暂缓|放到明年")


def _account_of_last_year(text: str) -> tuple[int, int, int] | None:
    """Where the report accounts for last year's plans under a heading of its own: (the heading's start,
    the section's start after it, the next top-level heading), or None where it has no such section."""
    headings = find_headings(text)
    for index, heading in enumerate(headings):
        line_end = text.find("\n", heading.start)
        line_end = len(text) if line_end < 0 else line_end
        if _ACCOUNT_TITLE.search(text[heading.start : line_end].strip()):
            following = next((h.start for h in headings[index + 1 :] if h.level <= heading.level), len(text))
            return heading.start, line_end, following
    return None


def _followed_up(store: ReportStore, item: Item, later: ReportRow, sentences: list[Statement], closest: _Closest,
                 plan: Plan, account: tuple[int, int, int] | None = None) -> Claim:
    """What the next year's report says of one plan: its closest sentence, quoted with what kind of
    sentence it is (a measure done, still a problem, put off, planned again); none close enough is
    said, cited where the report would say it. A sentence of the section that accounts for last year's
    plans is taken before any other nearly as close. Code shows the sentence and its kind; it does not
    judge the plan done."""
    say, ref = _SAY[plan.language], ReportRef.of(later)
    scores = closest.shared(item.citation.quote)
    accounted = [i for i, s in enumerate(sentences) if account and account[1] <= s.start < account[2] and scores[i] >= _MIN_SHARED]
    if account and not accounted:  # the report accounts for last year's plans item by item, and not for this one
        doc = store.document(later.id)
        heading = doc.original[account[0] : account[1]]
        return Claim(say["unaccounted"].format(name=ref.name(plan.language), heading=heading),
                     citations=[Citation.at(ref, heading, account[0], account[1], doc.line_of(account[0]))],
                     towns=[ref.town] if ref.town else [])
    at = max(accounted, key=lambda i: (scores[i], -i)) if accounted \
        else closest.to(item.citation.quote, lambda i: sentences[i].kind != "plan", scores)  # what was done, before what is planned again
    if at is None:
        return silence_claim(store, say["unseen"].format(name=ref.name(plan.language)), [ref])
    found = sentences[at]
    seen = "problem" if found.kind != "plan" and states_absence(found.text) else _SEEN_AS[found.kind]  # 公职律师仍为空白
    shown = "partly" if seen == "problem" and states_holding(found.text) else seen  # 已全部在平台流转，但数据尚未打通
    if found.kind in ("measure", "figure") and _SHORT_OF_THE_PLAN.search(found.text):
        shown = "partly"  # 全年实际新增2台，与计划相比还有差距: done in part
    if _POSTPONED.search(found.text):
        shown = "postponed"  # 因选址冲突，建设推迟到明年
    return Claim(say[f"seen_{shown}"].format(name=ref.name(plan.language), quote=found.text),
                 citations=[Citation.at(ref, found.text, found.start, found.end, found.line)],
                 towns=[ref.town] if ref.town else [], asserts=_SEEN_AS[found.kind])


def _plans_answering(problems: list[str], plans: list[Item]) -> list[int | None]:
    """For each problem (read with the causes the report gives for it), the plan that answers it:
    every pair scored by the telling word pairs it shares, the closest pairs matched first and each
    plan to one problem, so one broad plan does not answer every problem and a problem whose own
    plan is taken by a closer one is not given it; a problem close to no plan left is answered by none."""
    closest = _Closest([p.citation.quote for p in plans])
    scored = sorted(((score, -n, -j) for n, text in enumerate(problems) for j, score in enumerate(closest.shared(text))),
                    reverse=True)
    answering: list[int | None] = [None] * len(problems)
    taken: set[int] = set()
    for score, n, j in scored:
        if score < _MIN_SHARED:
            break
        if answering[-n] is None and -j not in taken:
            answering[-n] = -j
            taken.add(-j)
    return answering


# A result said to fall short of what was planned (与计划相比还有差距, 目标没有完全实现, 只完成了一部分).
_SHORT_OF_THE_PLAN = re.compile(r"(?:与|和|同)(?:计划|目标|预期)[^。，；]{0,4}(?:相比)?[^。，；]{0,4}(?:还有|存在|仍有)?差距|没有完全|未完全|未能全部"
                                r"|(?:只|仅)(?:完成|实现|做到)了?(?:一)?部分|部分(?:完成|实现)"
                                r"|(?:仍|还|尚)(?:有|存在)?[^。，；]{0,6}(?:缺额|缺口|空缺|差距)|(?:仍|还|尚)差|仍缺")


# What a later report's sentence about a plan is, by its fact-sheet label.
_SEEN_AS = {"measure": "measure", "figure": "measure", "problem": "problem", "plan": "plans"}


def _reports(store: ReportStore, plan: Plan) -> list[ReportRow]:
    """The named towns' reports in the years asked; with no year named, each town's latest. With no
    town named, every report in scope."""
    every = store.reports()
    found = [r for r in every if r.in_scope(plan.county, plan.years, plan.towns)]
    if "plan" in plan.listing and plan.years:  # 樨岭乡2025年打算干哪些事: the plans for 2025 are in its 2024 report
        have = {r.meta.get("town") for r in found}
        found += [r for r in every if r.meta.get("town") not in have
                  and r.in_scope(plan.county, [y - 1 for y in plan.years], plan.towns)]
    if not plan.towns:  # in its 'other matters' part, which reports say…: every report in scope, each year
        return sorted(found, key=lambda r: (r.meta.get("town") or r.file, r.meta.get("year") or 0))
    found.sort(key=lambda r: (plan.towns.index(r.meta.get("town")), r.meta.get("year") or 0))
    if plan.checks_plans:  # the plans of the year before the last asked, followed into the year after
        years = {(r.meta.get("town"), r.meta.get("year")) for r in found}
        followed = [r for r in found if (r.meta.get("town"), (r.meta.get("year") or 0) + 1) in years]
        found = followed or found
    if plan.years or plan.all_years:
        return found
    latest = {r.meta.get("town"): r for r in found}
    return [r for r in found if latest[r.meta.get("town")] is r]


def _titled(store: ReportStore, sheet: FactSheet, text: str, part: str) -> Claim:
    """A line heading a report's items (菖岭镇（2024）报告写的不足：): it names the report, so it cites
    the report's own heading of that part (every report an answer names is cited)."""
    citation = where_it_would_be(sheet, store.document(sheet.report.report_id).original, part)
    ref = ReportRef.of_row(sheet.report)
    return Claim(text, citations=[citation], towns=[ref.town] if ref.town else []) if citation else Claim(text, kind="heading")


def _line(item: Item, asserts: str | None, template: str = "{quote}") -> Claim:
    return Claim(template.format(quote=item.citation.quote), citations=[item.citation],
                 towns=[item.report.town] if item.report.town else [], asserts=asserts)


def _causes(sheet: FactSheet, ref: ReportRef) -> list[Claim]:
    return [Claim(s.text, citations=[Citation.at(ref, s.text, s.start, s.end, s.line)], towns=[ref.town] if ref.town else [],
                  asserts="cause") for s in sheet.statements if s.kind == "cause"]


def _problems(store: ReportStore, report: ReportRow, sheet: FactSheet, problems: list[Item], plan: Plan) -> list[Claim]:
    """Each problem, the causes stated right under it (causes asked), and the town's own plan that
    answers it (``plan.matches_plans``)."""
    say, ref = _SAY[plan.language], ReportRef.of(report)
    name = ref.name(plan.language)
    if not problems:
        return [silence_claim(store, say["none_problem"].format(name=name), [ref])]
    claims = [_titled(store, sheet, say["problem"].format(name=name), "shortcomings")]
    with_causes = "cause" in plan.listing
    causes = _causes(sheet, ref) if with_causes else []
    starts = [item.citation.start for item in problems]
    # causes that all come after the last of two problems or more, none under an earlier one, are a block of their own
    after_last = [c for c in causes if c.citations[0].start > starts[-1]]
    apart = after_last if len(problems) >= 2 and len(after_last) == len([c for c in causes if c.citations[0].start > starts[0]]) else []
    doc = store.document(report.id)
    plans = [with_explanation(i, doc) for i in items_in_part(report, doc, "plans")] if plan.matches_plans else []
    every_cause = causes if with_causes else _causes(sheet, ref)

    def own_causes(number: int) -> list[Claim]:
        item, until = problems[number], starts[number + 1] if number + 1 < len(starts) else None
        return [c for c in every_cause if c not in apart and c.citations[0].start > item.citation.start
                and (until is None or c.citations[0].start < until)]

    answering = _plans_answering([f"{p.citation.quote} {' '.join(c.text for c in own_causes(n))}" for n, p in enumerate(problems)],
                                 plans) if plans else []
    for number, item in enumerate(problems):
        claims.append(_line(item, "problem"))
        if with_causes:
            claims += [Claim(say["cause"].format(quote=c.text), citations=c.citations, towns=c.towns, asserts="cause")
                       for c in own_causes(number)] or [Claim(say["no_cause"], kind="note")]
        if plans:
            at = answering[number]
            claims.append(_line(plans[at], "plans", say["answered_by"]) if at is not None
                          else Claim(say["unanswered_problem"], kind="note"))
    if apart:
        claims += [_titled(store, sheet, say["apart"].format(name=name), "shortcomings"), *apart]
    if unmatched := [p for j, p in enumerate(plans) if j not in answering]:  # 有没有哪条安排找不到对应的不足
        claims += [_titled(store, sheet, say["plans_unmatched"].format(name=name), "plans"), *(_line(p, "plans") for p in unmatched)]
    return claims
