"""Scan: check EVERY report in scope for a topic and say has / lacks / not_mentioned / unclear.

Code does coverage and citations; the model only judges what code cannot. Evidence is found
lexically in every report (``store.evidence``); a report with no evidence costs no model call and
is ``not_mentioned``; a report whose evidence plainly says 未配备X or 配备X8台 (and nothing about
plans) is decided by rule. The rest are judged by the model in batches, and the model answers with the
number of an evidence sentence, never with its own words, so each quote is verbatim by
construction and always points at its exact place in the file.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field
from functools import cache
from typing import Any

import prompts
from agent.usage import Usage
from store.evidence import Mention, find_mentions, topic_terms
from store.factsheet import SheetQuote, TopicEntry
from store.store import ReportStore

STATUSES = ("has", "lacks", "plans", "not_mentioned", "unclear")
JUDGED = ("has", "lacks", "unclear")
_JUDGEMENT_SCHEMA = {
    "type": "json_schema",
    "json_schema": {
        "name": "judgements",
        "strict": True,
        "schema": {
            "type": "object",
            "properties": {
                "judgements": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "properties": {
                            "report": {"type": "integer"},
                            "status": {"type": "string", "enum": list(JUDGED)},
                            "evidence": {"type": "integer"},
                        },
                        "required": ["report", "status", "evidence"],
                        "additionalProperties": False,
                    },
                }
            },
            "required": ["judgements"],
            "additionalProperties": False,
        },
    },
}
MAX_EVIDENCE_PER_REPORT = 4
JUDGEMENT_TOKENS = 40
"""Tokens one judgement may take. The embedded model writes about 30 (pretty-printed JSON), and
sometimes one per evidence sentence instead of one per report (119 tokens for one report)."""


def judgement_tokens(reports: int) -> int:
    """The longest reply a batch of ``reports`` is allowed: a judgement per evidence sentence shown."""
    return 16 + JUDGEMENT_TOKENS * MAX_EVIDENCE_PER_REPORT * reports
# Sentences a rule must not decide: plans ("计划配备…"), and checks on others or double negatives
# ("杜绝无执法记录仪执法的现象") that a pattern would misread. The model judges those.
_DEFER = re.compile(r"计划|将|拟|争取|力争|推动|下一步|明年|预计|杜绝|避免|防止|发现|检查|整改|现象|要求|督促")
_PLAN_ONLY = re.compile(r"计划|拟|争取|力争|下一步|明年|20\d\d年(?:将|要|计划)")
_DONE = re.compile(r"已|现有|目前有|配有|配备了|新采购|购置了|共有|达到")
_NUMBER_UNIT = r"\d+(?:\.\d+)?\s*(?:台|部|个|套|名|人|家|处|间)"


@cache
def _rules(term: str) -> dict[str, list[re.Pattern[str]]]:
    t = re.escape(term)
    return {
        "lacks": [
            re.compile(rf"(?:未|尚未|没有|缺少|缺乏|无)(?:配备|配置|配齐|购置|安装|建立|设立)?[^，,。；;]{{0,4}}{t}"),
            re.compile(rf"{t}[^，,。；;]{{0,6}}(?:空白|短缺|缺乏|缺口|为零|尚无)"),
        ],
        "has": [
            re.compile(rf"(?:配备|配齐|配置|购置|添置)[^，,。；;]{{0,6}}{t}[^，,。；;]{{0,4}}{_NUMBER_UNIT}"),
            re.compile(rf"{t}[^，,。；;]{{0,4}}(?:总数|共)?(?:达到|达)?{_NUMBER_UNIT}"),
        ],
    }


def rule_verdict(topic: str, mentions: list[Mention]) -> tuple[str, Mention] | None:
    """A verdict code can give without a model: every evidence sentence that decides says the same
    (未配备X / X尚属空白 → lacks; 配备X8台 → has), and none is of a kind rules misread. Else None."""
    verdicts: list[tuple[str, Mention]] = []
    for mention in mentions:
        if _DEFER.search(mention.text):
            return None
        for term in topic_terms(topic):
            for status, patterns in _rules(term).items():
                if any(p.search(mention.text) for p in patterns):
                    verdicts.append((status, mention))
    if not verdicts or len({status for status, _ in verdicts}) > 1:
        return None
    return verdicts[0]


@dataclass
class ScanRow:
    """One report's verdict; ``quote``/``start``/``end``/``line`` cite the deciding sentence."""

    report_id: str
    file: str
    town: str | None
    county: str | None
    year: int | None
    status: str | None
    quote: str | None = None
    start: int | None = None
    end: int | None = None
    line: int | None = None
    evidence: list[dict[str, Any]] = field(default_factory=list)
    ignored_instructions: list[dict[str, Any]] = field(default_factory=list)
    plan: SheetQuote | None = None  # the town's own plan about the topic (fact-sheet scans), whatever its status

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    def cite(self, mention: Mention) -> None:
        self.quote, self.start, self.end, self.line = mention.text, mention.start, mention.end, mention.line


@dataclass
class ScanResult:
    topic: str
    rows: list[ScanRow]
    usage: Usage

    def by_status(self, status: str) -> list[ScanRow]:
        return [row for row in self.rows if row.status == status]


def collect_evidence(
    store: ReportStore, topic: str, county: str | None = None, year: int | None = None,
    part: str | None = None, mention_is_verdict: bool = False, towns: list[str] | None = None,
) -> list[tuple[ScanRow, list[Mention]]]:
    """Every report in scope with the sentences that mention ``topic``, in a stable order.
    ``mention_is_verdict``: the question is only whether a report mentions the topic, so a
    sentence holding the topic's words decides ``has`` without rules or a model; a sentence that
    only resembles them (执法人员业务能力不足 for 执法人员不足) is left to the judge."""
    rows = []
    for report in store.reports():
        meta = report.meta
        if not report.in_scope(county, [year] if year else [], towns or []):
            continue
        mentions = find_mentions(store.document(report.id), topic, part, meta.get("year"))
        row = ScanRow(report.id, report.file, meta.get("town"), meta.get("county"), meta.get("year"), None)
        row.ignored_instructions = [asdict(m) for m in mentions if m.suspicious]
        usable = [m for m in mentions if not m.suspicious and m.speaks_for_town]
        row.evidence = [asdict(m) for m in usable]
        if not usable:
            row.status = "not_mentioned"
        elif mention_is_verdict and (literal := [m for m in usable if any(t in m.text for t in topic_terms(topic))]):
            row.status = "has"
            row.cite(literal[0])
        elif verdict := rule_verdict(topic, usable):
            row.status = verdict[0]
            row.cite(verdict[1])
        rows.append((row, usable))
    return rows


def scan_sheets(
    store: ReportStore, topic_key: str, county: str | None = None, year: int | None = None,
    towns: list[str] | None = None, wanted: str | None = None, part: str | None = None,
) -> ScanResult:
    """Every report in scope with its status on a registry topic, read from its fact sheet: no
    model call, and the same status ``facts``, ``table``, ``compare`` and the memo show. A status
    of ``mentioned`` (named, neither had nor lacked) is ``unclear`` here. Asked for plans
    (``wanted="plans"``), a report with a plan of its own about the topic that does not say it has
    it already is ``plans``. Asked within one part (在不足部分提到…), the same reading is made by code
    of that part's labelled sentences alone."""
    from store.sentences import is_instruction
    from store.topics import BY_KEY, topic_status

    topic = BY_KEY[topic_key]
    rows = []
    for report in store.reports():
        if not report.in_scope(county, [year] if year else [], towns or []):
            continue
        meta = report.meta
        sheet = store.fact_sheet(report)
        entry = sheet.topic(topic_key) if part is None else \
            TopicEntry.of(topic, topic_status(topic, [s for s in sheet.statements if s.part == part]))
        status = {"mentioned": "unclear"}.get(entry.status, entry.status)
        row = ScanRow(report.id, report.file, meta.get("town"), meta.get("county"), meta.get("year"), status,
                      entry.quote, entry.start, entry.end, entry.line)
        row.plan = entry.plan
        if wanted == "plans" and entry.plan is not None and entry.status != "has":  # only plans: none yet
            row.status = "plans"
            row.quote, row.start, row.end, row.line = entry.plan.quote, entry.plan.start, entry.plan.end, entry.plan.line
        row.ignored_instructions = [
            {"text": s.text, "start": s.start, "end": s.end, "line": s.line}
            for s in sheet.statements if s.kind == "other" and topic.mentioned_in(s.text) and is_instruction(s.text)
        ]
        rows.append(row)
    return ScanResult(topic=topic.label, rows=rows, usage=Usage())


# Words that ask about a topic's state without narrowing it: 执法记录仪配备情况 is 执法记录仪.
_TOPIC_FILLER = re.compile(r"配备|配置|情况|状况|有无|有没有|是否|的|status|coverage|situation|of|the", re.IGNORECASE)


def registry_topic_named(topic: str) -> str | None:
    """The registry topic a user's bare topic names (执法记录仪, 记录仪配备, body cameras): a topic
    with more to it than the name (法律顾问作用发挥) is a question for the judge, not the sheet."""
    from store.topics import topics_asked

    named = _TOPIC_FILLER.sub("", topic).strip()
    for found in topics_asked(topic):
        rest = found.asked.sub("", named, count=1)
        if found.evidence.fullmatch(named) or len(re.findall(r"[\u4e00-\u9fff]|[A-Za-z]+", rest)) <= 2:
            return found.key
    return None


def scan_topic(
    store: ReportStore, topic: str, model: Any | None, county: str | None = None, year: int | None = None,
    towns: list[str] | None = None, **judging: Any,
) -> ScanResult:
    """Every report on a topic a user names (``scan``, ``compare --topic``, the chat tool): a
    registry topic from the fact sheets, as ``ask`` and ``table`` read it, with no model call;
    any other topic judged by the model (``judging``: ``batch_size``, ``progress``)."""
    key = registry_topic_named(topic)
    if key is not None:
        return scan_sheets(store, key, county, year, towns)
    return scan(store, topic, model, county=county, year=year, towns=towns, **judging)


def _batch_prompt(topic: str, batch: list[tuple[ScanRow, list[Mention]]]) -> str:
    blocks = []
    number = 0
    for index, (row, mentions) in enumerate(batch, 1):
        lines = [f"Report {index}: {row.town or '(town not stated)'} {row.year or ''}"]
        for mention in mentions[:MAX_EVIDENCE_PER_REPORT]:
            number += 1
            lines.append(f"[E{number}] {mention.text}")
        blocks.append("\n".join(lines))
    return prompts.load("scan_judge.txt").format(topic=topic, reports="\n\n".join(blocks))


def _apply_judgements(batch: list[tuple[ScanRow, list[Mention]]], content: str) -> list[ScanRow]:
    """Accept a judgement only if it names a report and one of that report's own sentences.
    Returns the rows the reply gave no usable judgement for: they are ``unclear``, by fallback."""
    try:
        judgements = json.loads(content).get("judgements", [])
    except (json.JSONDecodeError, AttributeError):
        judgements = []
    offsets = []
    number = 0
    for _, mentions in batch:
        shown = mentions[:MAX_EVIDENCE_PER_REPORT]
        offsets.append((number + 1, number + len(shown)))
        number += len(shown)
    for judgement in judgements if isinstance(judgements, list) else []:
        if not isinstance(judgement, dict):
            continue
        index, status, evidence = judgement.get("report"), judgement.get("status"), judgement.get("evidence")
        if not isinstance(index, int) or not 1 <= index <= len(batch) or status not in JUDGED:
            continue
        row, mentions = batch[index - 1]
        first, last = offsets[index - 1]
        if row.status is not None or not isinstance(evidence, int) or not first <= evidence <= last:
            continue
        chosen = mentions[evidence - first]
        if status == "has" and _PLAN_ONLY.search(chosen.text) and not _DONE.search(chosen.text):
            status = "unclear"  # 计划2025年采购X: a plan is not having it; the judge's pick is checked like any output
        row.status = status
        row.cite(chosen)
    unjudged = [row for row, _ in batch if row.status is None]
    for row, mentions in batch:
        if row.status is None:
            row.status = "unclear"
            row.cite(mentions[0])
    return unjudged


def scan(
    store: ReportStore,
    topic: str,
    model: Any | None,
    county: str | None = None,
    year: int | None = None,
    batch_size: int = 4,
    part: str | None = None,
    mention_is_verdict: bool = False,
    progress: Any | None = None,
    towns: list[str] | None = None,
) -> ScanResult:
    """Scan every report; with ``model=None`` return evidence only (status null where a judge is
    needed). ``progress(done, total)`` is called as reports are judged."""
    collected = collect_evidence(store, topic, county, year, part, mention_is_verdict, towns)
    usage = Usage()
    pending = [(row, mentions) for row, mentions in collected if row.status is None]
    if model is None:
        for row, mentions in pending:
            row.cite(mentions[0])
    else:
        judge = model.bind(response_format=_JUDGEMENT_SCHEMA)
        for start in range(0, len(pending), batch_size):
            batch = pending[start : start + batch_size]
            message = judge.invoke([("user", _batch_prompt(topic, batch))], max_tokens=judgement_tokens(len(batch)))
            usage.add_message(message)
            for row in _apply_judgements(batch, str(message.content)):
                usage.fallbacks.append(f"the model's judgement of {row.town or row.file} could not be read; "
                                       "it is shown as unclear")
            if progress is not None:
                progress(min(start + batch_size, len(pending)), len(pending))
    return ScanResult(topic=topic, rows=[row for row, _ in collected], usage=usage)
