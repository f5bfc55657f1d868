"""Clean text keeps an exact map back to the original file: citations point at real characters."""

from __future__ import annotations

import random

import pytest
from store_fixtures import SAMPLES

from store.normalize import normalize


def _squash(text: str) -> str:
    return "".join(text.split())


def test_cleans_indentation_spacing_bookmarks_and_broken_lines() -> None:
    original = (
        "　　田家镇 2024 年度法治政府建设情况报告\r\n\r\n"
        "　　2024 年，田家镇[bookmark: _Toc123]全年调处矛盾纠纷120件，开展法律宣讲、咨询、矛\n\n"
        "盾调解活动30场次，有效满足了群众需求。\n"
        "一、主要举措和成效\n"
    )
    clean = normalize(original)
    assert clean.text == (
        "田家镇2024年度法治政府建设情况报告\n"
        "2024年，田家镇全年调处矛盾纠纷120件，开展法律宣讲、咨询、矛盾调解活动30场次，有效满足了群众需求。\n"
        "一、主要举措和成效"
    )


def test_headings_keep_their_line_breaks_even_when_long() -> None:
    original = "二、2025年党政主要负责人履行推进法治建设第一责任人职责,加强法治政府建设的有关情况\n镇党政主要负责人切实扛起责任。"
    assert normalize(original).text.count("\n") == 1


def test_span_and_line_map_back_to_the_original() -> None:
    original = "标题\n\n　　第一段，全年调处纠纷 120 件。\n第二段。"
    clean = normalize(original)
    at = clean.text.index("纠纷120件")
    start, end = clean.original_span(at, at + len("纠纷120件"))
    assert original[start:end] == "纠纷 120 件"
    assert clean.line_of(start) == 3


@pytest.mark.parametrize("sample", sorted(SAMPLES.glob("*.txt")), ids=lambda p: p.name)
def test_every_clean_span_matches_the_original_modulo_whitespace(sample) -> None:
    original = sample.read_text(encoding="utf-8")
    clean = normalize(original)
    rng = random.Random(7)
    for _ in range(200):
        a = rng.randrange(len(clean.text))
        b = min(len(clean.text), a + rng.randrange(1, 80))
        start, end = clean.original_span(a, b)
        assert _squash(original[start:end]) == _squash(clean.text[a:b])


def test_find_locates_a_quote_whatever_its_whitespace() -> None:
    clean = normalize("一、举措\n全年调处矛盾纠纷 120 件，调解成功率 98%。")
    span = clean.find("调处矛盾纠纷120件")
    assert span is not None and clean.text[span[0] : span[1]] == "调处矛盾纠纷120件"
    assert clean.find("调处矛盾纠纷121件") is None
    assert clean.find("   ") is None
