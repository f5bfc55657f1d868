"""Report metadata comes from the text and is null when the report does not state it."""

from __future__ import annotations

import pytest
from store_fixtures import SAMPLES, make_report

from store.metadata import extract_metadata
from store.normalize import normalize


def _meta(text: str):
    return extract_metadata(normalize(text).text)


@pytest.mark.parametrize(
    ("file", "town", "county", "year", "signature_date"),
    [
        ("000_3dc1a203e122848d.txt", "田镇街道", None, 2024, None),
        ("001_d5266a71fd10e627.txt", "建设街道", "德惠市", 2024, "2025-02-24"),
        ("002_a2fffb7c7f62c0d4.txt", "西大沟镇", None, 2024, None),
        ("003_50a6f7728caef717.txt", "陶家镇", None, 2025, None),
        ("004_33eb5ab76e21880d.txt", "城西街道", "黔江区", 2024, None),
    ],
)
def test_samples(file: str, town: str, county: str | None, year: int, signature_date: str | None) -> None:
    meta = _meta((SAMPLES / file).read_text(encoding="utf-8"))
    assert (meta.town, meta.county, meta.year, meta.signature_date) == (town, county, year, signature_date)


def test_issuers_and_addressee_are_read_from_the_header_and_signature() -> None:
    text = (
        "中共云岭县青石乡委员会\n云岭县青石乡人民政府\n关于2023年度法治政府建设情况的报告\n"
        "云岭县人民政府：\n2023年，我乡扎实推进法治政府建设。现将有关情况报告如下：\n一、主要举措和成效\n正文。\n"
        "云岭县青石乡人民政府\n2024年1月20日\n"
    )
    meta = _meta(text)
    assert meta.town == "青石乡" and meta.county == "云岭县"
    assert meta.year == 2023, "the year reported on, not the filing date"
    assert meta.addressee == "云岭县人民政府"
    assert meta.issuers == ["中共云岭县青石乡委员会", "云岭县青石乡人民政府"]
    assert meta.signature_date == "2024-01-20"


def test_a_report_that_names_no_county_has_a_null_county() -> None:
    meta = _meta(make_report(town="白水镇", county=None, signature=None))
    assert meta.town == "白水镇"
    assert meta.county is None and meta.province is None and meta.signature_date is None


def test_province_city_and_county_in_the_opening_sentence() -> None:
    text = "白水镇2024年法治政府建设工作总结\n2024年，在河北省明山市清河县委、县政府的领导下，白水镇依法行政。\n"
    meta = _meta(text)
    assert (meta.province, meta.county, meta.town) == ("河北省", "清河县", "白水镇")


def test_generic_higher_levels_are_not_mistaken_for_names() -> None:
    text = "白水镇2024年法治政府建设工作总结\n2024年，白水镇在市委、市政府及省、市、县的坚强领导下推进法治建设。\n"
    meta = _meta(text)
    assert meta.county is None and meta.province is None


def test_street_office_whose_name_contains_zhen() -> None:
    assert _meta("田镇街道2024年度法治政府建设情况报告\n正文。").town == "田镇街道"


def test_chinese_numeral_signature_date() -> None:
    assert _meta(make_report(signature="二〇二五年二月二十八日")).signature_date == "2025-02-28"
