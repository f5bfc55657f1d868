"""County memos drafted with the real local model (it picks among ambiguous table figures),
replayed from recorded cassettes. Re-record with ``scripts/record-cassettes tests/test_digest_recorded.py``."""

from __future__ import annotations

import re

import pytest
from store_fixtures import ROOT

from agent.digest.build import build_digest
from agent.digest.write import to_markdown
from agent.llm.client import chat_model
from store.numbers import values_in
from store.store import ReportStore


def _memo_checks(store: ReportStore, memo) -> None:  # noqa: ANN001
    assert [s.heading[:2] for s in memo.sections] == ["一、", "二、", "三、", "四、", "五、", "六、", "附："]
    assert memo.citations and not memo.problems
    for citation in memo.citations:
        original = store.document(citation.report_id).original
        assert "".join(original[citation.start : citation.end].split()) == "".join(citation.quote.split())
    for paragraph in memo.sections[1].paragraphs:  # 二 writes no figure of its own: figures stand in quotes
        assert not values_in(re.sub(r"「[^」]*」|\[\d+\]|（[一二三四五六七八九十]+）|\d+个乡镇", "", paragraph.text)), paragraph.text


@pytest.mark.vcr
def test_county_memo_with_the_local_model(tmp_path, llm_settings, llm_endpoint) -> None:  # noqa: ANN001
    store = ReportStore(tmp_path / "store")
    store.ingest([ROOT / "eval" / "digest" / "corpus"])
    model = chat_model(llm_settings, llm_endpoint)
    memo = build_digest(store, county="澄岭县", model=model)
    _memo_checks(store, memo)
    again = build_digest(store, county="澄岭县", model=model)
    assert again.usage.llm_calls == 0 and again.cache_hits == memo.usage.llm_calls
    assert to_markdown(again) == to_markdown(memo)


@pytest.mark.vcr
def test_samples_memo_with_the_local_model(tmp_path, llm_settings, llm_endpoint) -> None:  # noqa: ANN001
    store = ReportStore(tmp_path / "store")
    store.ingest([ROOT / "samples"])
    memo = build_digest(store, model=chat_model(llm_settings, llm_endpoint))
    _memo_checks(store, memo)
    assert memo.year == 2024 and "陶家镇（2025）" in memo.sections[0].paragraphs[0].text  # other years named
