"""Verified lines → the text a user reads, in Chinese or English.

Each kept fact ends with the numbers of its citations; a heading with nothing verified under it
becomes a line saying it was not answered (a claim that a report is silent would name a report
without citing it); a group of reports shows the count of its rows kept, or nothing when none is; an answer with no verified fact is a clean refusal, never a fragment; the reports an
answer rests on close it.
"""

from __future__ import annotations

import re

from agent.answer.types import Claim, Plan, ReportRef, Result
from agent.answer.verify import Verified

_SAY = {
    "zh": {
        "refuse": "报告中没有找到能回答这个问题的内容。",
        "unknown": "库中没有{towns}的报告。",
        "removed": "（有{n}处内容无法在报告中核实，已删除。）",
        "covered": "依据的报告：{reports}。",
        "joiner": "、",
    },
    "en": {
        "refuse": "No answer to this question was found that could be verified in the reports.",
        "unknown": "There is no report of {towns} in the store.",
        "removed": "({n} part(s) that could not be verified against the reports were removed.)",
        "covered": "Reports checked: {reports}.",
        "joiner": ", ",
    },
}


# Says what fazhi did not find, not what the reports lack: a part left unanswered may well be in them.
UNANSWERED = {"zh": "以下问题未能回答（没有找到可在报告中核实的依据）：{asks}。",
              "en": "Not answered (nothing found that could be verified in the reports): {asks}."}
UNANSWERED_MARKS = tuple(line.split("（")[0].split(" (")[0] for line in UNANSWERED.values())


def unanswered_line(asks: list[str], language: str) -> str:
    """The line naming the parts of a question no answer was found for, so none is dropped unsaid."""
    quoted = "、".join(f"「{a}」" for a in asks) if language == "zh" else "; ".join(f"“{a}”" for a in asks)
    return UNANSWERED[language].format(asks=quoted)


COVERED_MARKS = tuple(say["covered"].split("{")[0] for say in _SAY.values())
# An answer refused whole names every part of its question as unanswered.
REFUSAL_MARKS = tuple(say["refuse"] for say in _SAY.values())


def covered_line(refs: list[ReportRef], language: str) -> str:
    say = _SAY[language]
    return say["covered"].format(reports=say["joiner"].join(r.name(language) for r in refs))


_COUNT = re.compile(r"[（(](\d+)[）)]")


def _rows_under(items: list[tuple[Claim, list[int]]], index: int) -> int:
    """How many of a group's rows (the ``- `` lines right after it, with their indented lines) were
    kept: the count the group's heading shows."""
    kept = 0
    for other, _ in items[index + 1 :]:
        if other.kind in ("heading", "group") or not other.text.startswith(("- ", "  ")):
            break
        kept += other.text.startswith("- ") and other.kind in ("fact", "computed")
    return kept


def render(result: Result, checked: Verified, plan: Plan) -> str:
    say = _SAY[plan.language]
    if plan.unknown_towns and not plan.towns:
        return say["unknown"].format(towns=say["joiner"].join(plan.unknown_towns)) + " " + say["refuse"]
    if result.refusal or (result.model_text and checked.facts == 0) or not checked.claims:
        reasons = "".join(c.text for c in checked.claims if c.kind == "note") if result.refusal else ""
        if reasons:
            return reasons + " " + say["refuse"]
        if not result.considered:
            return say["refuse"]
        return say["refuse"] + (" " if plan.language == "en" else "") + covered_line(result.considered, plan.language)
    lines: list[str] = []
    items = list(zip(checked.claims, checked.markers, strict=True))
    heading = ""
    for index, (claim, markers) in enumerate(items):
        if claim.kind == "group":
            kept = _rows_under(items, index)
            if kept:
                count = _COUNT.search(claim.text)
                lines.append(claim.text[:count.start(1)] + str(kept) + claim.text[count.end(1):] if count else claim.text)
            continue
        if claim.kind == "heading":
            section = []
            for other, _ in items[index + 1 :]:
                if other.kind in ("heading", "group"):
                    break
                section.append(other)
            if any(c.kind in ("fact", "computed") for c in section):
                heading = claim.text if claim.text.endswith(("：", ": ")) else ""
                if not heading:
                    lines.append(claim.text)
            else:  # nothing verified under it: not answered, never "the report does not say" uncited
                lines.append(unanswered_line([claim.text.rstrip("：: ")], plan.language))
            continue
        if heading and claim.text.startswith("- "):  # a list under its heading starts on the next line
            lines.append(heading.rstrip())
            heading = ""
        lines.append(heading + claim.text + "".join(f"[{n}]" for n in markers))
        heading = ""
    removed = sum(1 for p in checked.problems if "removed" in p)
    if removed and result.model_text:
        lines.append(say["removed"].format(n=removed))
    cited = {c.report_id for c in checked.citations}
    # an answer about every report names every report it checked; otherwise the ones it rests on
    refs = result.considered if plan.every_report else [r for r in result.considered if r.report_id in cited] or result.considered
    if refs:
        lines.append(covered_line(refs, plan.language))
    return "\n".join(lines)
