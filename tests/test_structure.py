"""Heading trees in every numbering style, and the mandated part each top-level section is."""

from __future__ import annotations

import pytest

from store.structure import classify_heading, find_headings, parse_blocks, top_sections


@pytest.mark.parametrize(
    ("heading", "parts"),
    [
        ("一、2024年度推进法治政府建设的主要举措和成效", ("measures",)),
        ("一、工作开展情况", ("measures",)),
        ("二、存在问题", ("shortcomings",)),
        ("三、推进法治政府建设存在的不足和原因", ("shortcomings",)),
        ("二、2024年党政主要负责人履行推进法治建设第一责任人职责,加强法治政府建设的有关情况", ("first_responsible",)),
        ("三、2025年工作计划", ("plans",)),
        ("四、2025年推进法治政府建设的工作思路和目标举措", ("plans",)),
        ("四、下一步工作打算", ("plans",)),
        ("五、其他需要报告的情况", ("other",)),
        ("三、存在问题及下一步工作打算", ("shortcomings", "plans")),
        # a part folded into another in brackets is both; a bracket that points elsewhere folds nothing in
        ("一、全年工作推进情况及成绩（包括主要领导履行法治建设职责情况）", ("measures", "first_responsible")),
        ("二、短板弱项（含成因分析）", ("shortcomings",)),
        ("二、强化组织引领", ()),
        # the measures part named by its own name beside another part: both (a merge), not the other alone
        ("壹、主要举措和成效及党政主要负责人履行第一责任人职责情况", ("measures", "first_responsible")),
    ],
)
def test_part_classification(heading: str, parts: tuple[str, ...]) -> None:
    assert classify_heading(heading, report_year=2024) == parts


def test_a_later_year_alone_marks_the_plans_section() -> None:
    assert classify_heading("三、2025年法治政府建设", report_year=2024) == ("plans",)
    assert classify_heading("一、2025年推进法治政府建设的主要举措和成效", report_year=2025) == ("measures",)


def test_levels_follow_the_order_numbering_styles_appear() -> None:
    text = "\n".join(
        [
            "标题",
            "1. 工作开展情况",
            "（一）健全制度",
            "正文，内容。",
            "（二）规范执法",
            "一是严格执法。开展检查。",
            "二是加强监督。",
            "2. 存在问题",
            "（一）力量薄弱",
        ]
    )
    levels = [(h.title, h.level) for h in find_headings(text)]
    assert levels == [
        ("1. 工作开展情况", 1),
        ("（一）健全制度", 2),
        ("（二）规范执法", 2),
        ("一是严格执法", 3),
        ("二是加强监督", 3),
        ("2. 存在问题", 1),
        ("（一）力量薄弱", 2),
    ]


def test_half_width_parentheses_unnumbered_headings_and_implicit_measures() -> None:
    """With no heading naming the measures, the sections before the shortcomings are the measures."""
    text = "\n".join(
        [
            "白水镇2024年工作总结",
            "2024年，白水镇扎实推进法治政府建设，取得了积极成效，现将有关情况报告如下。",
            "(一)健全依法行政制度体系",
            "制定制度3项。",
            "存在问题",
            "执法力量不足。",
            "下一步工作计划",
            "加强培训。",
        ]
    )
    blocks = parse_blocks(text, report_year=2024)
    assert [(b.path, b.part) for b in blocks] == [
        ((), None),
        (("(一)健全依法行政制度体系",), "measures"),
        (("存在问题",), "shortcomings"),
        (("下一步工作计划",), "plans"),
    ]


def test_title_lines_are_never_headings() -> None:
    text = "中共某某区某某街道工作委员会\n关于2024年度法治政府建设情况的报告\n2024年，街道推进法治建设工作，成效明显，具体情况报告如下。\n一、工作成效"
    assert [h.title for h in find_headings(text)] == ["一、工作成效"]


def _chunks(text: str, budget: int):
    from store.document import parse_text

    return parse_text(text, "t.txt", "/t.txt", budget).chunks


def test_no_tiny_chunk_unless_it_is_a_whole_top_level_section() -> None:
    from store.tokens import count_tokens

    long_sentence = "全镇组织开展行政执法人员业务培训和案卷评查工作，覆盖全部执法岗位和执法环节，" * 8 + "成效明显。"
    text = (
        "青石乡2024年度法治政府建设情况报告\n"
        "一、主要举措和成效\n（一）加强执法队伍建设\n" + long_sentence + "\n"
        "（二）化解矛盾纠纷\n全年调处矛盾纠纷120件，" + "调解成功率98%，群众满意度持续提升。" * 5 + "全年无越级上访。\n"
        "二、存在的不足和原因\n基层法治力量薄弱。\n"
        "三、下一年度工作安排\n持续开展普法宣传。\n"
    )
    budget = 120
    chunks = _chunks(text, budget)
    for i, chunk in enumerate(chunks):
        if count_tokens(chunk.text) < budget // 8:
            same_top = [c for c in chunks if c.section[:1] == chunk.section[:1]]
            assert same_top == [chunk], f"tiny chunk {i} {chunk.text!r} has a neighbour in its section"
    assert all(c.section[:1] != ("二、存在的不足和原因",) or c.part == "shortcomings" for c in chunks)
    assert not any(c.text.strip() in ("（一）加强执法队伍建设", "一、主要举措和成效\n（一）加强执法队伍建设") for c in chunks)


def test_capital_bracketed_and_item_numerals_open_part_headings() -> None:
    """壹、 【一】 第一项: part headings numbered in still other ways are top-level sections too
    (before, the last part of such a report was read as missing)."""
    from store.normalize import normalize
    from store.outline import check_outline

    opening = "2024年，本镇坚持以习近平法治思想为指导，扎实推进法治政府建设，现将有关情况报告如下。"
    for numerals in (("壹、", "贰、", "叁、", "肆、", "伍、"), ("【一】", "【二】", "【三】", "【四】", "【五】"),
                     ("第一项　", "第二项　", "第三项　", "第四项　", "第五项　")):
        titles = ("主要举措和成效", "存在的不足和原因", "党政主要负责人履行推进法治建设第一责任人职责情况", "下一年度工作安排",
                  "其他需要报告的情况")
        body = "\n".join(f"{n}{t}\n本部分内容略，全年工作有序推进。" for n, t in zip(numerals, titles, strict=True))
        doc = normalize(f"青苗镇2024年度法治政府建设情况报告\n{opening}\n{body}\n")
        check = check_outline(doc, {"year": 2024, "town": "青苗镇"})
        assert set(check.parts.values()) == {"present"}, (numerals[0], check.parts)
        assert check.numbering not in (None, "bare", "mixed"), numerals[0]


def test_an_unnumbered_heading_of_the_other_matters_part_is_a_heading_though_it_names_a_report() -> None:
    """其他需要报告的情况 on a line of its own closes an unnumbered outline: the word 报告 in it is no
    report title."""
    text = ("桐坳镇2024年度法治政府建设情况报告\n2024年，桐坳镇扎实推进法治政府建设，现将有关情况报告如下。\n"
            "主要举措和成效\n——依法决策机制不断健全。全年审查合同52份。\n存在的不足和原因\n一是执法装备不足。\n"
            "2025年工作安排\n一是拟增配执法记录仪5台。\n其他需要报告的情况\n2024年度无其他需要报告的情况。\n桐坳镇人民政府\n2025年1月15日\n")
    assert [parts for _, parts in top_sections(text, 2024)] == [("measures",), ("shortcomings",), ("plans",), ("other",)]
