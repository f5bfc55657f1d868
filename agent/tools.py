"""Read-only LangChain tools over the store, for the question-answering agent.

Every passage a tool returns is entered in the answer's ``Ledger`` under a label (S1, S2, …), so
whatever the model cites can be traced to a report, a span and a line.
"""

from __future__ import annotations

from typing import Any

from langchain_core.tools import BaseTool, tool

from agent.evidence import Ledger
from agent.scan import scan_topic
from store.store import ReportStore
from store.structure import PARTS

_NO_RESULTS = "没有找到相关内容。"


def make_tools(
    store: ReportStore, ledger: Ledger, model: Any, county: str | None, year: int | None, scan_batch: int
) -> list[BaseTool]:
    """Tools bound to one store, one answer's ledger, and the question's county/year scope."""

    @tool
    def search_reports(query: str, town: str | None = None, k: int = 4) -> str:
        """Search the reports for passages about `query` (Chinese keywords work best); optionally only one town."""
        hits = store.search(query, k=min(k, 8), town=town, county=county, year=year)
        return "\n\n".join(p.render() for p in ledger.add_all(hits)) or _NO_RESULTS

    @tool
    def read_section(town: str, part: str) -> str:
        """Read one mandated part of a town's report. part is one of: measures, shortcomings, first_responsible, plans, other."""
        if part not in PARTS:
            return f"part must be one of {', '.join(PARTS)}"
        hits = store.browse(town=town, county=county, year=year, part=part)[:8]
        return "\n\n".join(p.render() for p in ledger.add_all(hits)) or _NO_RESULTS

    @tool
    def list_reports() -> str:
        """List the reports available: town, county, year."""
        rows = [
            r for r in store.reports()
            if (not county or r.meta.get("county") == county) and (not year or r.meta.get("year") == year)
        ]
        return "\n".join(f"{r.meta.get('town')} {r.meta.get('county') or ''} {r.meta.get('year')}年" for r in rows)

    @tool
    def scan_reports(topic: str) -> str:
        """Check EVERY report for a topic (e.g. 执法记录仪): which towns have it, lack it, or never mention it."""
        result = scan_topic(store, topic, model, county=county, year=year, batch_size=scan_batch)
        lines = []
        for row in result.rows:
            lines.append(f"{row.town} {row.year}: {row.status}" + (f" 「{row.quote}」" if row.quote else ""))
        return "\n".join(lines)

    return [search_reports, read_section, list_reports, scan_reports]
