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


def test_a_news_text_has_no_town_even_when_it_mentions_town_words() -> None:
    """A news article's first line is its whole body: 城镇, 乡镇 and 乌镇 inside it name no filer."""
    text = (
        "来源：新华社 2023-08-14，正文：商务部等9部门印发通知，推进中国城镇化与县域商业体系建设，"
        "支持乡镇商贸中心改造；世界互联网大会乌镇峰会将于11月举行。\n"
    )
    assert _meta(text).town is None


@pytest.mark.parametrize(
    "title",
    ["中国城镇2023年发展报告", "乡镇2024年度法治政府建设情况报告", "全镇2024年法治工作总结", "江高镇举办垃圾分类活动的报告"],
)
def test_a_title_that_does_not_open_with_a_town_name_gives_no_town(title: str) -> None:
    assert _meta(f"{title}\n正文。").town is None


def test_the_town_may_follow_the_year_or_a_county_party_committee() -> None:
    assert _meta("2024年白水镇法治政府建设工作总结\n正文。").town == "白水镇"
    meta = _meta("中共清河县委白水街道工作委员会\n关于2024年度法治政府建设情况的报告\n正文。")
    assert (meta.town, meta.county) == ("白水街道", "清河县")


# Real towns whose names hold a character that also ends a county or city (旗, 县, 区, 市, 州, 盟),
# alone and after their real county (a prefecture-level city where there is no county), then real
# towns of banners (旗) and counties whose own name holds such a character (红旗区, 沙市区, 市北区).
_INNER_SUFFIX_TOWNS = [
    "黄旗海镇", "红旗岭镇", "旗下营镇", "红旗镇", "红旗街道", "市桥街道", "新市镇", "新市街道", "东区街道",
    "西区街道", "南区街道", "登州街道", "登州路街道", "古州镇", "会盟镇", "旧县镇", "宁州街道", "易州镇",
    "雄州镇", "赵州镇", "蔚州镇", "霸州镇", "县前街道", "区庄镇",
]
_IN_THEIR_COUNTY = [
    ("察哈尔右翼前旗", "黄旗海镇"), ("磐石市", "红旗岭镇"), ("卓资县", "旗下营镇"), ("番禺区", "市桥街道"),
    ("德清县", "新市镇"), ("中山市", "东区街道"), ("蓬莱区", "登州街道"), ("榕江县", "古州镇"),
    ("孟津区", "会盟镇"), ("栾川县", "旧县镇"), ("华宁县", "宁州街道"), ("白云区", "新市街道"),
    ("易县", "易州镇"), ("雄县", "雄州镇"), ("赵县", "赵州镇"), ("蔚县", "蔚州镇"), ("霸州市", "霸州镇"),
    ("市北区", "登州路街道"), ("红旗区", "渠东街道"), ("沙市区", "岑河镇"), ("市中区", "大观园街道"),
    ("镶黄旗", "新宝拉格镇"), ("正蓝旗", "上都镇"), ("达拉特旗", "树林召镇"), ("四子王旗", "乌兰花镇"),
    ("翁牛特旗", "乌丹镇"), ("杭锦旗", "锡尼镇"), ("准格尔旗", "薛家湾镇"), ("克什克腾旗", "经棚镇"),
    ("巴林左旗", "林东镇"), ("土默特左旗", "察素齐镇"), ("敖汉旗", "新惠镇"),
    ("易县", "西陵镇"), ("桐乡市", "乌镇"),  # a one-character county, a one-character town: still split
]


@pytest.mark.parametrize(
    ("county", "town"), [(None, town) for town in _INNER_SUFFIX_TOWNS] + _IN_THEIR_COUNTY
)
@pytest.mark.parametrize("where", ["title", "signature"])
def test_a_town_whose_name_holds_a_county_suffix_is_read_whole(county: str | None, town: str, where: str) -> None:
    """Issue 23: 黄旗海镇 was read as 海镇 in a county 黄旗, 红旗岭镇 as 岭镇, 番禺区市桥街道 as 桥街道 in
    番禺区市; a level's suffix inside a name is no boundary unless both sides stay names."""
    filer = f"{county or ''}{town}"
    body = "一、主要举措和成效\n全年开展普法宣传活动12场。"
    if where == "title":
        text = f"{filer}2024年度法治政府建设情况报告\n{body}\n"
    else:
        text = f"2024年度法治政府建设情况报告\n{body}\n{filer}人民政府\n2025年1月10日\n"
    meta = _meta(text)
    assert (meta.town, meta.county) == (town, county)


@pytest.mark.parametrize("closing", [
    "枫岭街道党工委　　枫岭街道办事处　　　　2025年1月9日",
    "枫岭街道办事处　二〇二五年一月九日",
    "枫岭街道办事处 2025年1月9日",
])
def test_issuers_and_date_on_one_closing_line(closing: str) -> None:
    """A signature set on one line, issuers and date apart by spaces (gone in the clean text)."""
    text = make_report(town="枫岭街道", signature=None).rstrip() + f"\n\n{closing}\n"
    meta = extract_metadata(normalize(text).text)
    assert meta.signature_date == "2025-01-09"
    assert meta.issuers[-1] == "枫岭街道办事处"


def test_a_county_named_after_its_province_and_city_where_the_report_places_itself() -> None:
    text = ("关于2024年度法治政府建设情况的报告\n\n"
            "栗子坪乡位于川南省泸溪市岩门县北部，辖7个行政村。2024年，乡党委、乡政府扎实推进依法行政，现将有关情况报告如下。\n\n"
            "一、主要举措和成效\n全年调处矛盾纠纷40件。\n\n栗子坪乡人民政府\n2025年1月8日\n")
    meta = extract_metadata(normalize(text).text)
    assert (meta.town, meta.county) == ("栗子坪乡", "岩门县")


@pytest.mark.parametrize(("opening", "county"), [("2024年，栗子坪乡作为岩门县的中心城区街道，坚持依法行政。", "岩门县"),
                                                ("栗子坪乡是岩门县下辖的农业大乡。", "岩门县"),
                                                ("栗子坪乡是全省首批法治示范县的重点乡。", None)])
def test_a_county_named_where_the_body_places_the_town_as_one_of_its_own(opening: str, county: str | None) -> None:
    text = ("关于2024年度法治政府建设情况的报告\n\n" + opening + "现将有关情况报告如下。\n\n"
            "一、主要举措和成效\n全年调处矛盾纠纷40件。\n\n栗子坪乡人民政府\n2025年1月8日\n")
    meta = extract_metadata(normalize(text).text)
    assert (meta.town, meta.county) == ("栗子坪乡", county)


@pytest.mark.parametrize(("first", "second"), [("岩门县栗子坪乡", "2024年度法治政府建设情况报告"),
                                                ("栗子坪乡2024年度法治政府", "建设情况报告"),
                                                # the issuing body opens a title whose own line has no subject
                                                ("栗子坪乡人民政府", "关于2024年度法治政府建设情况的报告"),
                                                ("岩门县栗子坪乡人民政府", "2024年度法治政府建设情况报告")])
def test_a_title_set_over_two_lines_is_one_title(first: str, second: str) -> None:
    text = (f"{first}\n{second}\n2024年，栗子坪乡扎实推进依法行政工作，取得积极成效，现将有关情况报告如下。\n"
            "一、主要举措和成效\n全年调处矛盾纠纷40件。\n栗子坪乡人民政府\n2025年1月8日\n")
    meta = extract_metadata(normalize(text).text)
    assert meta.title == first + second
    assert meta.issuers == ["栗子坪乡人民政府"]


def test_a_county_is_never_read_from_a_time_word_before_the_county_committee() -> None:
    """年终向县委依法治县办报送…: 年终向县 is no county."""
    text = ("栗子坪乡2024年度法治政府建设情况报告\n2024年，栗子坪乡扎实推进依法行政工作。\n一、主要举措和成效\n"
            "全年调处矛盾纠纷40件。年终向县委、县政府报送述法报告。\n栗子坪乡人民政府\n2025年1月8日\n")
    assert extract_metadata(normalize(text).text).county is None


def test_a_street_office_that_is_its_county_seat_names_its_county() -> None:
    """multipart14: 瓴湖街道是匜川县城所在地: the county the body places the office in as its seat."""
    text = ("栎湖街道2024年度法治政府建设情况报告\n栎湖街道是榆川县城所在地，辖8个社区。\n一、主要举措和成效\n"
            "全年调处矛盾纠纷40件。\n栎湖街道办事处\n2025年1月8日\n")
    assert extract_metadata(normalize(text).text).county == "榆川县"


def test_a_county_is_never_read_from_a_verb_before_the_banner_government() -> None:
    """blind: …，立足旗政府所在地城镇和周边农牧区并存的镇情实际: 立足旗 is no banner; the report names none."""
    text = ("巴彦淖镇2024年度法治政府建设情况报告\n旗委依法治旗办：\n2024年，巴彦淖镇在旗委、旗政府领导下，"
            "立足旗政府所在地城镇和周边牧区并存的实际，统筹推进依法行政。\n一、主要举措和成效\n全年调处矛盾纠纷40件。\n"
            "巴彦淖镇人民政府\n2025年1月8日\n")
    assert extract_metadata(normalize(text).text).county is None


def test_issuers_side_by_side_and_a_street_office_named_with_its_county() -> None:
    from store.metadata import issuers_in

    assert issuers_in("中共筠塘镇委员会筠塘镇人民政府") == ["中共筠塘镇委员会", "筠塘镇人民政府"]
    assert issuers_in("中共蘅陂县橦湾街道工作委员会蘅陂县人民政府橦湾街道办事处") == [
        "中共蘅陂县橦湾街道工作委员会", "蘅陂县人民政府橦湾街道办事处"]
    assert issuers_in("筠塘镇人民政府办公室") == []  # an office of one body is not two bodies


def test_a_title_in_markdown_bold_and_a_county_named_by_its_work_plan_in_the_body() -> None:
    """multipart13: **云岭县松溪镇人民政府关于…的报告** names its county in a bold title; a report whose
    county appears only as the maker of a plan it follows (认真落实云岭县法治政府建设工作要点) or an exam its
    cadres sat (参加云岭县学法用法考试) still belongs to that county."""
    bold = extract_metadata(normalize("**云岭县松溪镇人民政府关于2024年度法治政府建设情况的报告**\n\n2024年，松溪镇……\n").text)
    assert (bold.town, bold.county) == ("松溪镇", "云岭县")
    body = extract_metadata(normalize(
        "中共枫桥镇委员会  枫桥镇人民政府\n关于2024年度法治政府建设情况的报告\n\n县委全面依法治县委员会：\n"
        "2024年，枫桥镇认真落实云岭县法治政府建设工作要点，组织干部参加云岭县学法用法考试。\n").text)
    assert (body.town, body.county) == ("枫桥镇", "云岭县")


def test_a_bold_title_keeps_its_own_line_after_normalizing() -> None:
    """multipart13: a title set in markdown bold (**…的报告**) is no half of the body sentence after it."""
    text = "**云岭县松溪镇人民政府关于2024年度法治政府建设情况的报告**\n\n2024年，松溪镇以创建市级法治政府建设示范镇为抓手，全面推进依法行政。\n"
    meta = extract_metadata(normalize(text).text)
    assert (meta.town, meta.county, meta.year) == ("松溪镇", "云岭县", 2024)
