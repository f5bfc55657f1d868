"""has / lacks / mentions: a scan of EVERY report in scope (``agent.scan``).

Each report gets one verdict with the sentence that decides it (verbatim by construction); the
answer keeps the groups apart, so a report that never mentions the topic is said to be silent and
is never counted as lacking it, and the reports that set aside a planted instruction are named.
"""

from __future__ import annotations

import re
from typing import Any

from agent.answer.types import Citation, Claim, Plan, ReportRef, Result, silence_claim
from agent.scan import ScanRow, scan, scan_sheets
from store.catalog import next_year_report
from store.numbers import format_figure
from store.store import ReportStore
from store.structure import PART_LABELS_ZH
from store.topics import BY_KEY as TOPICS
from store.topics import coverage_counts


def _citation(row: ScanRow) -> Citation:
    return Citation.at(ReportRef.of_row(row), row.quote or "", row.start or 0, row.end or 0, row.line or 0)


_HEADINGS = {
    "zh": {
        "lacks": "报告明确表示缺乏或未配备{t}的（{n}）：",
        "has": "报告明确表示已有{t}的（{n}）：",
        "short": "报告表示{t}有但不足的（{n}）：",
        "mentioned": "报告提到{t}的（{n}）：",
        "no_short": "没有报告表示{t}有但不足。",
        "unclear": "提到{t}但看不出有无的（{n}）：",
        "plans": "报告只表示计划或打算{t}、尚未说明已有的（{n}）：",
        "silent": "未提及{t}的（{n}）：{towns}。这些报告没有相关表述，不能据此认定其缺乏。",
        "share": "以上{n}份占所查{all}份报告的{percent}%（由代码计算）。",
        "renamed": "没有用「{word}」这个说法、但写了同一件事的报告（{n}）：",
        "silent_mentions": "未提及{t}的（{n}）：{towns}。",
        "ignored": "注意：所用报告中有像是写给机器读者的指令，已作为数据忽略，未作为依据（原句及出处见答案下方）。",
        "none": "没有符合条件的报告。",
        "own_plan": "  {name}的打算：「{quote}」",
        "no_plan": "  （报告没有写针对这一事项的打算。）",
        "later_has": "  → {name}的报告写明已有：「{quote}」", "later_short": "  → {name}的报告写明有但仍不足：「{quote}」",
        "later_lacks": "  → {name}的报告写明仍然缺乏：「{quote}」", "later_plans": "  → {name}的报告仍只是打算：「{quote}」",
        "later_mentioned": "  → {name}的报告提到：「{quote}」", "later_silent": "  → {name}的报告没有再写到这一事项。",
        "no_later": "  （没有该乡镇下一年度的报告，看不出后来是否补上。）",
        "topic": "「{topic}」",
        "row": "- {name}：「{quote}」",
        "still_without": "（{all}个中已有{covered}个，还差{gap}个，由代码相减）",
        "coverage_total": "合计（{n}份写明村数的报告）：{all}个村（社区）中{covered}个有{t}，还差{gap}个（由代码相加）。",
        "joiner": "、",
        "part": "（只看“{part}”部分）",
        "one_has": "{name}的报告表示已有{t}：「{quote}」",
        "one_lacks": "{name}的报告表示缺乏或未配备{t}：「{quote}」",
        "one_short": "{name}的报告表示{t}有但不足：「{quote}」",
        "one_unclear": "{name}的报告提到{t}，但看不出有无：「{quote}」",
        "one_plans": "{name}的报告只表示计划{t}，未说明已有：「{quote}」",
        "one_silent": "{name}的报告没有提到{t}，不能据此认定其有或没有。",
    },
    "en": {
        "lacks": "Reports stating they lack {t} ({n}):",
        "has": "Reports stating they have {t} ({n}):",
        "short": "Reports stating they have some {t} but not enough ({n}):",
        "mentioned": "Reports mentioning {t} ({n}):",
        "no_short": "No report says it has some {t} but not enough.",
        "unclear": "Reports mentioning {t} without saying either way ({n}):",
        "plans": "Reports that only plan {t}, without saying they have it yet ({n}):",
        "silent": "Reports that never mention {t} ({n}): {towns}. Silence is not evidence that they lack it.",
        "share": "That is {n} of the {all} reports checked, {percent}% (computed by code).",
        "renamed": "Reports that tell of it without the word 「{word}」 ({n}):",
        "silent_mentions": "Reports that never mention {t} ({n}): {towns}.",
        "ignored": "Note: some report text reads like an instruction to a machine reader; it was ignored (each sentence and where it stands are listed below the answer).",
        "none": "No reports in scope.",
        "own_plan": "  What {name} plans: 「{quote}」",
        "no_plan": "  (the report names no plan for it.)",
        "later_has": "  → the report of {name} states it has it: 「{quote}」", "later_short": "  → the report of {name} states some, still short: 「{quote}」",
        "later_lacks": "  → the report of {name} states it still lacks it: 「{quote}」", "later_plans": "  → the report of {name} only plans it: 「{quote}」",
        "later_mentioned": "  → the report of {name} mentions it: 「{quote}」", "later_silent": "  → the report of {name} says nothing more of it.",
        "no_later": "  (no report of the year after from this town: whether the gap was closed cannot be seen.)",
        "topic": "「{topic}」",
        "row": "- {name}: 「{quote}」",
        "still_without": " ({covered} of {all} covered, {gap} still without; subtracted by code)",
        "coverage_total": "Combined over the {n} reports that count their villages: {covered} of {all} villages and communities have {t}, {gap} without (added up by code).",
        "joiner": ", ",
        "part": " (in the “{part}” part only)",
        "one_has": "The report of {name} says it has {t}: 「{quote}」",
        "one_lacks": "The report of {name} says it lacks {t}: 「{quote}」",
        "one_short": "The report of {name} says it has some {t} but not enough: 「{quote}」",
        "one_unclear": "The report of {name} mentions {t} without saying either way: 「{quote}」",
        "one_plans": "The report of {name} only plans {t}, without saying it has it: 「{quote}」",
        "one_silent": "The report of {name} does not mention {t}; that is no evidence either way.",
    },
}


def answer_coverage(store: Any, plan: Plan, model: Any, scan_batch: int, progress: Any = None) -> Result:
    topic = " ".join(plan.terms) or (plan.topic or "")
    if not re.search(r"[\u4e00-\u9fff]", topic):  # nothing in the reports' words to look for
        note = ("没有找到报告中与这个问题对应的说法，无法逐份核对。" if plan.language == "zh"
                else "The question's topic matches no wording used in the reports, so they could not be checked.")
        return Result(route="scan", claims=[Claim(note, kind="note")], refusal=True)
    mentions = plan.intent == "mentions"
    if plan.topic_key:
        found = scan_sheets(store, plan.topic_key, plan.county, plan.year, plan.towns or None, plan.wanted, plan.part)
        if mentions:
            for row in found.rows:
                row.status = "has" if row.status != "not_mentioned" else row.status
    else:
        found = scan(store, topic, model, county=plan.county, year=plan.year,
                     batch_size=scan_batch, part=plan.part, mention_is_verdict=mentions, progress=progress,
                     towns=plan.towns or None)
    say = _HEADINGS[plan.language]
    shown = say["topic"].format(topic=topic) + (say["part"].format(part=PART_LABELS_ZH[plan.part]) if plan.part else "")
    if plan.towns and not plan.every_report:
        return Result(route="scan", claims=_per_town(store, found.rows, plan, shown), considered=[ReportRef.of_row(r) for r in found.rows],
                      usage=found.usage, scan=[row.as_dict() for row in found.rows])
    if plan.other_words:  # which report tells of it without the word: the reports whose deciding sentence lacks it, by code
        word = plan.named_word or (TOPICS[plan.topic_key].label if plan.topic_key else topic)
        renamed = [r for r in found.rows if r.status not in ("not_mentioned",) and r.quote and word not in r.quote]
        claims = [Claim(say["renamed"].format(word=word, n=len(renamed)), kind="group" if renamed else "note")]
        claims += [Claim(say["row"].format(name=ReportRef.of_row(r).name(plan.language), quote=r.quote), citations=[_citation(r)],
                         towns=[r.town] if r.town else []) for r in renamed]
        return Result(route="scan", claims=claims, considered=[ReportRef.of_row(r) for r in found.rows], usage=found.usage,
                      scan=[row.as_dict() for row in found.rows], selected=[r.town or r.file for r in renamed])
    claims: list[Claim] = []
    wanted = ("not_mentioned" if plan.negative else "has") if mentions else (plan.wanted or plan.intent)
    if mentions:
        order = ["has"]
    elif plan.wanted == "plans":
        order = ["plans", "lacks", "short", "has", "unclear"]
    elif plan.intent == "lacks":
        order = ["lacks", "short", "plans", "has", "unclear"]
    else:
        order = ["has", "plans", "short", "lacks", "unclear"]

    def shown_status(row: ScanRow) -> str:
        return _shown_status(row, plan.topic_key)

    silent = found.by_status("not_mentioned")
    silent_first = mentions and plan.negative

    def silent_line() -> None:
        if silent:
            towns = say["joiner"].join(ReportRef.of_row(r).name(plan.language) for r in silent)
            key = "silent_mentions" if mentions else "silent"
            claims.append(silence_claim(store, say[key].format(t=shown, n=len(silent), towns=towns), silent, [len(silent)]))

    if silent_first:
        silent_line()
    for status in order:
        rows = [row for row in found.rows if shown_status(row) == status]
        if not rows:
            continue
        heading = "mentioned" if mentions else status
        claims.append(Claim(say[heading].format(t=shown, n=len(rows)), kind="group"))
        for row in rows:
            text = say["row"].format(name=ReportRef.of_row(row).name(plan.language), quote=row.quote)
            counts = coverage_counts(row.quote or "") if plan.topic_key and TOPICS[plan.topic_key].complete else None
            if counts and counts[1] < counts[0]:  # 11个行政村中已有8个: and 3 still without, by code
                text += say["still_without"].format(all=counts[0], covered=counts[1], gap=counts[0] - counts[1])
            claims.append(Claim(text, citations=[_citation(row)], towns=[row.town] if row.town else [],
                                asserts=None if mentions else row.status, derived=[float(counts[0] - counts[1])] if counts else []))
            if plan.with_plans and (status == wanted or status == "short" and wanted == "lacks") \
                    and not (row.plan and row.plan.start == row.start):
                claims.append(_own_plan(row, plan.language))  # (a sentence stating both is shown once)
            if plan.later and status in ("lacks", "short", "plans"):
                claims.append(_later(store, row, plan))  # whether those gaps were closed later: the next year's report
    if plan.with_total and plan.topic_key and TOPICS[plan.topic_key].complete:
        claims += _coverage_total(found.rows, shown, plan.language)
    if plan.asks_short and plan.topic_key and TOPICS[plan.topic_key].held and not any(shown_status(r) == "short" for r in found.rows):
        claims.append(Claim(say["no_short"].format(t=shown), kind="note"))
    if not silent_first:
        silent_line()
    if plan.share and found.rows:
        claims.append(_share(found.rows, [r for r in found.rows if shown_status(r) == wanted], plan, shown))
    if any(r.ignored_instructions for r in found.rows):
        claims.append(ignored_note(plan.language))
    if not found.rows:
        claims.append(Claim(say["none"], kind="note"))
    return Result(
        route="scan", claims=claims, considered=[ReportRef.of_row(r) for r in found.rows], usage=found.usage,
        scan=[row.as_dict() for row in found.rows],
        selected=[r.town or r.file for r in found.rows
                  if shown_status(r) == wanted or shown_status(r) == "short" and wanted == "lacks" and plan.asks_short],
    )


def _share(rows: list[ScanRow], chosen: list[ScanRow], plan: Plan, shown: str) -> Claim:
    """What share of the reports in scope the asked group is (what share is that, 占几成), divided by
    code and cited to the group's own sentences."""
    percent = round(len(chosen) / len(rows) * 100, 1)
    text = _HEADINGS[plan.language]["share"].format(n=len(chosen), all=len(rows), percent=format_figure(percent), t=shown)
    return Claim(text, kind="computed", citations=[_citation(r) for r in chosen],
                 derived=[float(len(chosen)), float(len(rows)), percent])


def _coverage_total(rows: list[ScanRow], shown: str, language: str) -> list[Claim]:
    """The coverage of every report that counts its villages, added up by code and cited to each
    count; reports that count none are left out, and the line says over how many reports."""
    counted = [(row, counts) for row in rows if row.quote and (counts := coverage_counts(row.quote))]
    if not counted:
        return []
    every, covered = sum(c[0] for _, c in counted), sum(c[1] for _, c in counted)
    text = _HEADINGS[language]["coverage_total"].format(t=shown, n=len(counted), all=every, covered=covered, gap=every - covered)
    return [Claim(text, kind="computed", citations=[_citation(row) for row, _ in counted],
                  towns=[row.town for row, _ in counted if row.town],
                  derived=[float(every), float(covered), float(every - covered), float(len(counted))])]


def _later(store: ReportStore, row: ScanRow, plan: Plan) -> Claim:
    """Under a town listed for lacking something (or short of it): what its report of the year after
    says of the same topic, from that report's fact sheet, cited; or that it says nothing of it, cited
    where it would; or that there is no later report. Code shows the later statement and its kind;
    it does not judge the gap closed."""
    say = _HEADINGS[plan.language]
    later = next_year_report(store.reports(), row.town, row.year)
    if later is None or plan.topic_key is None:
        return Claim(say["no_later"], kind="note")
    ref = ReportRef.of(later)
    entry = store.fact_sheet(later).topic(plan.topic_key)
    if entry.status == "not_mentioned" or entry.quote is None or entry.start is None or entry.end is None:
        return silence_claim(store, say["later_silent"].format(name=ref.name(plan.language)), [ref])
    status = _held_status(entry.status, entry.quote, plan.topic_key)
    citation = Citation.at(ref, entry.quote, entry.start, entry.end, entry.line)
    return Claim(say[f"later_{status}"].format(name=ref.name(plan.language), quote=entry.quote), citations=[citation],
                 towns=[ref.town] if ref.town else [], asserts=None if status == "mentioned" else entry.status)


def _own_plan(row: ScanRow, language: str) -> Claim:
    """Under a town listed for what it lacks: its own plan about the topic, cited (a plan line is
    verified as a plan), or a line saying its report names none."""
    say = _HEADINGS[language]
    if row.plan is None:
        return Claim(say["no_plan"], kind="note")
    ref = ReportRef.of_row(row)
    citation = Citation.at(ref, row.plan.quote, row.plan.start, row.plan.end, row.plan.line)
    return Claim(say["own_plan"].format(name=ref.name(language), quote=row.plan.quote), citations=[citation],
                 towns=[row.town] if row.town else [], asserts="plans")


def _shown_status(row: ScanRow, topic_key: str | None) -> str:
    """A lack of a thing held is shown apart as "short" when the report says it has some (仅有3台，
    远不能满足, 16个村中已有12个), not none; its status (in ``scan``, the table, the memo) stays ``lacks``.
    A status left open for want of a judge is shown as unclear."""
    if row.status is None:
        return "unclear"  # no judge (--no-llm) where one was needed: the evidence is shown, its verdict not
    return _held_status(str(row.status), row.quote or "", topic_key)


def _held_status(status: str, quote: str, topic_key: str | None) -> str:
    """``lacks`` shown as ``short`` for a thing held whose deciding sentence says some, not none."""
    held = bool(topic_key) and TOPICS[topic_key].held
    return "short" if held and status == "lacks" and not TOPICS[topic_key].says_absent(quote) else status


def _per_town(store: ReportStore, rows: list[ScanRow], plan: Plan, shown: str) -> list[Claim]:
    """A question about named towns ("青篁镇配备执法记录仪了吗？"): one line per report; a report named for
    its silence is cited where it would say it, as in a list of every report."""
    say = _HEADINGS[plan.language]
    claims = []
    for row in rows:
        name = ReportRef.of_row(row).name(plan.language)
        if row.status == "not_mentioned":
            claims.append(silence_claim(store, say["one_silent"].format(name=name, t=shown), [row]))
            continue
        text = say[f"one_{_shown_status(row, plan.topic_key)}"].format(name=name, t=shown, quote=row.quote)
        claims.append(Claim(text, citations=[_citation(row)], towns=[row.town] if row.town else [],
                            asserts=None if plan.intent == "mentions" else row.status))
    if any(r.ignored_instructions for r in rows):
        claims.append(ignored_note(plan.language))
    return claims


def ignored_note(language: str) -> Claim:
    """The line that tells the user that reports held sentences set aside as planted instructions.
    It names no report: the set-aside list under the answer names each one with the sentence, its
    file and line, which is a citation; a name here would be a report named without one."""
    return Claim(_HEADINGS[language]["ignored"], kind="note")
