"""The county digest memo over the digest test county (eval/digest, written by a helper who never
read the code): structure, citations verbatim and from the right town, figures from the table,
years never mixed, counts computed, Word layout."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from store_fixtures import ROOT

from agent.digest.build import Digest, build_digest
from agent.digest.write import to_markdown, write_docx
from agent.tables.build import build_rows, collect
from store.indicators import BY_KEY
from store.store import ReportStore

HEADINGS = ["一、基本情况", "二、主要做法和成效", "三、主要指标对比", "四、存在的共性问题", "五、报告规范性", "六、下一步工作建议",
            "附：方法说明"]


@pytest.fixture(scope="module")
def county_store(tmp_path_factory: pytest.TempPathFactory) -> ReportStore:
    store = ReportStore(tmp_path_factory.mktemp("digest-store"))
    store.ingest([ROOT / "eval" / "digest" / "corpus"])
    return store


@pytest.fixture(scope="module")
def memo(county_store: ReportStore) -> Digest:
    return build_digest(county_store, county="澄岭县")


def test_sections_in_the_conventional_order(memo: Digest) -> None:
    assert memo.title == "关于2024年度澄岭县乡镇（街道）法治政府建设情况的报告"
    assert [s.heading for s in memo.sections] == HEADINGS
    assert memo.usage.llm_calls == 0


def test_one_year_only_and_the_other_years_named(memo: Digest) -> None:
    assert {r.year for r in memo.reports} == {2024}
    basics = memo.sections[0].paragraphs[0].text
    assert "另有其他年度的报告1份（双溪镇（2023））" in basics
    assert all(c.year == 2024 for c in memo.citations)


def test_every_citation_is_verbatim_in_its_own_town_report(memo: Digest, county_store: ReportStore) -> None:
    assert memo.citations and not memo.problems
    for citation in memo.citations:
        original = county_store.document(citation.report_id).original
        assert "".join(original[citation.start : citation.end].split()) == "".join(citation.quote.split())
    for section in memo.sections:
        for paragraph in section.paragraphs:
            for line in re.split(r"(?<=\])；|\n", paragraph.text):
                for marker in re.findall(r"\[(\d+)\]", line):
                    town = memo.citations[int(marker) - 1].town
                    assert town and town in line, (town, line)


def test_county_totals_are_the_sums_of_the_table_figures(memo: Digest, county_store: ReportStore) -> None:
    reports = [r for r in county_store.reports() if r.meta.get("year") == 2024]
    rows = build_rows([collect(county_store.document(r.id), r.meta, r.id, r.file) for r in reports], None)
    totals = re.findall(r"(\d+)个乡镇（街道）写明了(\S+?)数，合计(\d+)", next(p.text for p in memo.sections[0].paragraphs if p.text.startswith("从报告写明的数字看")))
    assert totals
    for count, label, total in totals:
        key = next(k for k, ind in BY_KEY.items() if ind.label == label)
        stated = [row.cells[key] for row in rows if row.cells.get(key) and isinstance(row.cells[key].value, int | float)
                  and not row.cells[key].approx]
        assert (int(count), int(total)) == (len(stated), sum(c.value for c in stated))
    assert memo.sections[2].table[0][0] == "镇（街道）" and len(memo.sections[2].table) == len(reports) + 1


def test_practices_are_the_towns_measures_under_their_themes(memo: Digest, county_store: ReportStore) -> None:
    """二 quotes what towns did, theme by theme, from their measures parts: no figure lists, no plan,
    problem or requirement, and every town a theme counts is quoted under it."""
    statements = {(r.id, s.start): s for r in county_store.reports() for s in county_store.fact_sheet(r).statements}
    for paragraph in memo.sections[1].paragraphs:
        assert "写明了数字" not in paragraph.text
        count = int(re.search(r"。(\d+)个乡镇（街道）报告了这方面的做法", paragraph.text).group(1))
        assert count == len({c.town for c in paragraph.citations})
        for citation in paragraph.citations:
            statement = statements[(citation.report_id, citation.start)]
            assert statement.part == "measures" and statement.kind in ("measure", "figure"), citation.quote


def test_the_leaders_first_duty_is_each_towns_own_statement_of_it(memo: Digest, county_store: ReportStore) -> None:
    """一 says how the towns' leaders carried their duty as first persons responsible: one quote per
    town from its 第一责任人 part (a measure, never a heading or plan), as many as the count says."""
    statements = {(r.id, s.start): s for r in county_store.reports() for s in county_store.fact_sheet(r).statements}
    [duty] = [p for p in memo.sections[0].paragraphs if p.text.startswith("党政主要负责人履行推进法治建设第一责任人职责方面")]
    count = int(re.search(r"(\d+)份报告写明了具体做法", duty.text).group(1))
    assert count == len(duty.citations) == len({c.town for c in duty.citations}) >= 2
    for citation in duty.citations:
        statement = statements[(citation.report_id, citation.start)]
        assert statement.part == "first_responsible" and statement.kind in ("measure", "figure") and not statement.heading


def test_recommendations_are_the_countys_and_cite_each_town_they_count(memo: Digest) -> None:
    paragraphs = memo.sections[5].paragraphs
    assert paragraphs
    for paragraph in paragraphs:
        lead = paragraph.text.split("相关情况：", 1)[0]
        assert re.match(r"（[一二三四五六七八九十]+）针对.+的问题（\d+个乡镇（街道）报告），建议", lead) and "「" not in lead
        assert paragraph.citations and all(c.town and c.town in paragraph.text for c in paragraph.citations)


def test_shared_problems_name_as_many_towns_as_they_count(memo: Digest) -> None:
    paragraphs = memo.sections[3].paragraphs
    rest = next(p for p in paragraphs if "其他问题，各由一个乡镇（街道）提出" in p.text)
    shared = [p for p in paragraphs if p is not rest]
    assert shared
    for paragraph in shared:
        count = int(re.search(r"等(\d+)个乡镇", paragraph.text).group(1))
        cited = {c.town for c in paragraph.citations}
        assert count == len(cited) >= 2
    assert int(re.search(r"（(\d+)条）", rest.text).group(1)) == len(rest.citations)


def test_every_problem_a_report_states_is_in_the_memo_once(memo: Digest, county_store: ReportStore) -> None:
    """Grouping may miss a paraphrase, but no stated problem is dropped: the ones not grouped are listed."""
    from agent.digest.items import items_in_part

    reports = [r for r in county_store.reports() if r.meta.get("year") == 2024]
    stated = sorted((i.citation.report_id, i.citation.start) for r in reports
                    for i in items_in_part(r, county_store.document(r.id), "shortcomings"))
    in_memo = sorted((c.report_id, c.start) for p in memo.sections[3].paragraphs for c in p.citations)
    assert stated and in_memo == stated


def test_outline_section_names_the_reports_that_fall_short(memo: Digest) -> None:
    text = memo.sections[4].paragraphs[0].text
    assert "（由代码检查）" in text and "落款没有日期" in text
    merged = [line for line in text.splitlines() if "合并写在" in line]
    assert merged and all(re.search(r"\[\d+\]$", line) for line in merged)  # cited by the heading it sits under
    assert all("[" not in line for line in text.splitlines() if "缺少" in line or "没有日期" in line)


def test_the_chart_shows_only_table_figures_in_a_font_that_draws_every_label(memo: Digest) -> None:
    from agent.digest.chart import cjk_font, missing_glyphs

    section = memo.sections[2]
    header, *body = section.table
    table = {(row[0], column): value for row in body for column, value in zip(header[1:], row[1:], strict=True)}
    chart = section.chart
    assert chart is not None and chart.png.startswith(b"\x89PNG") and 2 <= len(chart.panels) <= 3
    for panel in chart.panels:
        assert len(panel.bars) >= 3
        for bar in panel.bars:
            written = table[(bar.town, panel.title)].lstrip("≈")
            assert float(written) == bar.value and table[(bar.town, panel.title)].startswith("≈") == bar.approx
        assert not missing_glyphs(panel.title + "".join(b.town for b in panel.bars), cjk_font())
    assert missing_glyphs("镇\U0001f600", cjk_font()) == {"\U0001f600"}  # the check can fail


def test_no_chart_below_three_towns(memo: Digest, county_store: ReportStore) -> None:
    from agent.digest.build import TABLE_KEYS
    from agent.digest.chart import bar_chart

    reports = [r for r in county_store.reports() if r.meta.get("year") == 2024][:2]
    rows = build_rows([collect(county_store.document(r.id), r.meta, r.id, r.file) for r in reports], None)
    assert bar_chart(rows, TABLE_KEYS) is None


def test_a_rerun_writes_the_same_memo(county_store: ReportStore, memo: Digest) -> None:
    again = build_digest(county_store, county="澄岭县", today=None)
    assert to_markdown(again) == to_markdown(memo) and again.usage.llm_calls == 0


def test_word_output_follows_the_official_layout(memo: Digest, tmp_path: Path) -> None:
    from docx import Document
    from docx.oxml.ns import qn

    path = tmp_path / "memo.docx"
    write_docx(memo, path)
    document = Document(str(path))
    section = document.sections[0]
    assert (round(section.top_margin.mm), round(section.bottom_margin.mm)) == (37, 35)
    assert (round(section.left_margin.mm), round(section.right_margin.mm)) == (28, 26)
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings[:7] == HEADINGS
    fonts = {r._element.rPr.rFonts.get(qn("w:eastAsia")) for p in document.paragraphs for r in p.runs if r.text}
    assert {"仿宋_GB2312", "黑体"} <= fonts
    assert len(document.tables) == 1
    assert len(document.inline_shapes) == 1  # the chart
    footer = section.footer.paragraphs[0]._element.xml
    assert "PAGE" in footer and "—" in section.footer.paragraphs[0].text


def test_compare_keeps_not_mentioned_apart_from_lacks(sample_store: ReportStore) -> None:
    from agent.digest.compare import compare_towns

    result = compare_towns(sample_store, ["西大沟镇", "陶家镇"], topic="执法记录仪")
    [row] = result.rows
    assert row.cells["西大沟镇（2024）"].status == "lacks" and "未配备执法记录仪" in row.cells["西大沟镇（2024）"].quote
    assert row.cells["陶家镇（2025）"].status == "not_mentioned" and row.cells["陶家镇（2025）"].quote is None


def test_compare_overall_quotes_each_figure_and_part_verbatim(sample_store: ReportStore) -> None:
    from agent.digest.compare import compare_towns, to_markdown

    result = compare_towns(sample_store, ["陶家镇", "田镇街道"])
    disputes = next(r for r in result.rows if r.item.startswith("矛盾纠纷调处"))
    assert disputes.cells["陶家镇（2025）"].value == "125件" and disputes.cells["田镇街道（2024）"].value == "806件"
    other = next(r for r in result.rows if r.item == "其他需要报告的情况")
    assert other.cells["田镇街道（2024）"].status == "missing"
    by_file = {r.file: r.report_id for r in result.reports}
    for row in result.rows:
        for cell in row.cells.values():
            if cell.quote and cell.status in ("stated", "lacks"):
                text = sample_store.document(by_file[cell.file]).original
                assert "".join(text[cell.start : cell.end].split()) == "".join(cell.quote.split())
    assert "| 项目 | 陶家镇（2025） | 田镇街道（2024） |" in to_markdown(result)


def test_a_rerun_with_no_new_report_makes_no_model_call(county_store: ReportStore, tmp_path: Path) -> None:
    from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
    from langchain_core.messages import AIMessage

    from agent.tables.cache import PickCache

    class CountingPicker(GenericFakeChatModel):
        """A scripted picker (a fake, not a recording): always option 1, counting its calls."""

        calls: int = 0

        def bind(self, **kwargs):  # noqa: ANN003, ANN201
            return self

        def invoke(self, messages, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN201
            self.calls += 1
            return AIMessage(content='{"choice": 1}')

    cache_file = tmp_path / "picks.json"
    first, second = CountingPicker(messages=iter([])), CountingPicker(messages=iter([]))
    memo = build_digest(county_store, county="澄岭县", model=first, cache=PickCache(cache_file))
    again = build_digest(county_store, county="澄岭县", model=second, cache=PickCache(cache_file))
    assert first.calls > 0 and second.calls == 0
    assert again.cache_hits == first.calls and to_markdown(again) == to_markdown(memo)


def test_a_practice_is_filed_under_the_theme_its_town_gave_it() -> None:
    """The report's own grouping decides a practice's theme: the headline it stands under (a
    sub-heading, a short numbered line, or a lead such as 在基层治理上，), unless the practice's own
    words name another theme and not the headline's; then its first clause speaks first."""
    from agent.digest.practices import _themed
    from store.statements import Statement

    def said(text: str, heading: bool = False) -> Statement:
        return Statement("measure", text, 0, len(text), 1, "measures", heading)

    court = said("联合镇中心小学举办模拟庭审活动，邀请法官现场点评，全年开展8期，覆盖师生900余人次。")
    adviser = said("二是与两家律所签订常年法律顾问协议，镇、村两级法律顾问全覆盖，全年出具意见31份。")
    review = said("组建由法律顾问和公职律师参加的合法性审查小组，全年审查各类事项44件，无一遗漏。")
    posted = said("落实行政执法公示制度，执法主体、依据和结果统一在镇政务公开栏和公众号公示，接受群众监督。")
    evening = said("在基层治理上，坚持每周一次「院坝夜谈」，干部进院落听取意见，全年开展48场，收集建议90余条。")
    themes = dict((s.text, t.name if t else None) for s, t in _themed([
        said("（一）普法宣传形式多样", heading=True), court,
        said("（二）依法决策机制不断健全。"), adviser, review,
        said("（三）执法规范化水平提升", heading=True), posted, evening]))
    assert themes[court.text] == "法治宣传教育"
    assert themes[adviser.text] == "法律顾问与公共法律服务" and themes[review.text] == "依法决策与合法性审查"
    assert themes[posted.text] == "行政执法" and themes[evening.text] == "基层依法治理"
    [(_, alone)] = _themed([posted])  # under no headline: its first clause names enforcement, the rest publicity
    assert alone is not None and alone.name == "行政执法"


def test_the_overall_view_counts_what_the_cited_sections_show(memo: Digest) -> None:
    """总体看 quotes nothing itself: its themes are those of 二 with the most towns, its count of
    shared problems is the number of groups 四 lists."""
    overall = memo.sections[0].paragraphs[-1]
    assert overall.text.startswith("总体看，") and not overall.citations
    counts = {re.search(r"）(.+?)。", p.text).group(1): int(re.search(r"。(\d+)个乡镇", p.text).group(1))
              for p in memo.sections[1].paragraphs}
    named = re.findall(r"([^、（在]+)（(\d+)个）", overall.text)
    assert named and all(counts[theme] == int(n) for theme, n in named)
    assert sorted((int(n) for _, n in named), reverse=True) == sorted(counts.values(), reverse=True)[:len(named)]
    shared = [p for p in memo.sections[3].paragraphs if re.search(r"等\d+个乡镇（街道）报告了这一问题", p.text)]
    assert f"{len(shared)}个问题由两个以上乡镇（街道）共同提出" in overall.text
