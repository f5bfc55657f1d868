"""Questions are read by code before any model sees them."""

from __future__ import annotations

import pytest

from agent.aggregate import aggregate_indicator
from agent.question import parse_question

TOWNS = ["田镇街道", "陶家镇", "西大沟镇", "建设街道", "城西街道"]


@pytest.mark.parametrize(
    ("text", "topic", "negative"),
    [
        ("哪些乡镇没有配备执法记录仪？", "执法记录仪", True),
        ("哪些镇尚未建立法律顾问制度", "法律顾问制度", True),
        ("哪些乡镇还缺少执法记录仪", "执法记录仪", True),
        ("还有哪些乡镇的执法队伍没配执法记录仪？", "执法记录仪", True),
        ("哪些乡镇的执法队配备了执法记录仪", "执法记录仪", False),
        ("哪些街道已经聘请了法律顾问？", "法律顾问", False),
        ("哪些乡镇提到了执法记录仪", "执法记录仪", False),
        ("Which towns lack body cameras?", "body cameras", True),
        ("Which townships have legal advisers?", "legal advisers", False),
    ],
)
def test_coverage_questions_are_recognised(text: str, topic: str, negative: bool) -> None:
    question = parse_question(text, TOWNS)
    assert (question.coverage_topic, question.coverage_negative) == (topic, negative)


def test_lookups_are_not_coverage_questions() -> None:
    assert not parse_question("西大沟镇持证执法人员有多少人？", TOWNS).is_coverage


def test_towns_are_found_by_full_or_bare_name_but_not_inside_words() -> None:
    assert parse_question("比较陶家镇和田镇的矛盾纠纷调处情况", TOWNS).towns == ["陶家镇", "田镇街道"]
    assert parse_question("哪些乡镇法治政府建设的情况好", TOWNS).towns == []


def test_language_follows_the_question() -> None:
    assert parse_question("How many petitions did 城西街道 handle?", TOWNS).language == "en"
    assert parse_question("城西街道信访多少件？", TOWNS).language == "zh"


def test_follow_up_pronouns_are_detected_only_without_a_named_town() -> None:
    assert parse_question("那它们的持证执法人员有多少？", TOWNS).follow_up
    assert not parse_question("陶家镇和它的村", TOWNS).follow_up


def test_county_totals_are_routed_to_code() -> None:
    counties = ["岚峪县", "松渚县"]
    assert aggregate_indicator("岚峪县各乡镇共调处矛盾纠纷多少件？", counties) == ("disputes_mediated", "岚峪县")
    assert aggregate_indicator("全县持证执法人员一共多少人", counties)[0] == "certified_officers"
    assert aggregate_indicator("岚峪县青篁镇调处矛盾纠纷多少件？", counties)[0] is None
