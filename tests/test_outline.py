"""The outline check: each mandated part present / merged / missing, with the heading that shows it."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from store_fixtures import make_report

from store.document import parse_file, parse_text
from store.outline import check_outline
from store.structure import PARTS

CORPUS = Path(__file__).resolve().parent.parent / "eval" / "corpus"
GOLD = yaml.safe_load((CORPUS / "facts.yaml").read_text(encoding="utf-8"))["files"]


@pytest.mark.parametrize("entry", GOLD, ids=[e["file"] for e in GOLD])
def test_corpus_parts_match_gold(entry: dict) -> None:
    report = parse_file(CORPUS / entry["file"])
    check = check_outline(report.norm, report.meta)
    assert check.parts == entry["parts"]
    stated = {f.item: f.status for f in check.findings}
    assert (stated["signature_date"] == "stated") == bool(entry["signature_date"])
    assert (stated["issuer"] == "stated") == bool(entry["issuer"])


def test_merged_and_missing_parts_point_at_headings() -> None:
    text = make_report(
        sections={
            "一、主要举措和成效": "全镇持证执法人员共18人。",
            "二、存在问题及下步打算": "基层法治力量薄弱。下一步将加强培训。",
            "三、其他需要报告的情况": "无。",
        },
        signature=None,
    )
    report = parse_text(text, "t.txt", "/tmp/t.txt", 400)
    check = check_outline(report.norm, report.meta)
    assert check.parts == {
        "measures": "present",
        "shortcomings": "merged",
        "first_responsible": "missing",
        "plans": "merged",
        "other": "present",
    }
    merged = next(f for f in check.findings if f.item == "shortcomings")
    assert merged.heading == "二、存在问题及下步打算"
    assert text[merged.start : merged.end] == merged.heading
    assert merged.line == text.count("\n", 0, merged.start) + 1
    missing = {f.item for f in check.problems}
    assert missing == {"shortcomings", "first_responsible", "plans", "issuer", "signature_date"}
    assert [f.item for f in check.findings[: len(PARTS)]] == list(PARTS)


def test_headings_set_in_markdown_bold_are_headings() -> None:
    """**3. 党政主要负责人履行推进法治建设第一责任人职责情况** (multipart12): a part, not a missing one."""
    text = make_report(sections={
        "**1. 主要举措和成效**": "全镇持证执法人员共18人。", "**2. 存在的不足和原因**": "执法力量薄弱。",
        "**3. 党政主要负责人履行推进法治建设第一责任人职责情况**": "书记带头学法。",
        "**4. 2025年工作安排**": "持续开展普法宣传。", "**5. 其他需要报告的情况**": "无。"})
    report = parse_text(text, "t.txt", "/tmp/t.txt", 400)
    assert set(check_outline(report.norm, report.meta).parts.values()) == {"present"}
