"""What counts as a town's name: the one rule metadata and search share (store.towns)."""

from __future__ import annotations

import pytest

from store.towns import is_town_name, towns_in


@pytest.mark.parametrize("name", ["西大沟镇", "田镇街道", "城关街道办事处", "宝力根苏木", "青冈坪彝族乡", "古城乡", "乌镇"])
def test_names_with_a_known_suffix_are_towns(name: str) -> None:
    assert is_town_name(name)


@pytest.mark.parametrize("name", ["城镇", "乡镇", "中国城镇", "特色小城镇", "全镇", "本乡", "该街道", "家乡", "下乡", "小镇", "镇", "街道", "德惠市"])
def test_common_words_and_bare_suffixes_are_not_towns(name: str) -> None:
    assert not is_town_name(name)


def test_a_town_is_found_in_a_question_only_by_its_name() -> None:
    towns = ["西大沟镇", "建设街道"]
    assert towns_in("西大沟镇和乡镇的执法装备", towns) == ["西大沟镇"]
    assert towns_in("法治政府建设中乡镇的短板", towns) == []


def test_bare_names_before_a_count_of_towns_are_towns() -> None:
    """凤鸣、鹤田两个街道: a short name set off by what counts or sums the towns names each of them."""
    towns = ["青苔街道", "石臼街道", "青苔湾镇"]
    assert towns_in("青苔、石臼两个街道的调解成功率各是多少？", towns) == ["青苔街道", "石臼街道"]
    assert towns_in("石臼等地", towns) == ["石臼街道"]
    assert towns_in("石臼路两侧", towns) == []


def test_a_name_read_in_any_reading_of_its_characters() -> None:
    """鹄 reads gu or hu: Huchuan County and Guchuan County both name 鹄川县."""
    from store.towns import romanized_county

    assert romanized_county("In Huchuan County's 2024 reports, which towns…", ["芷岚县", "鹄川县"]) == "鹄川县"
    assert romanized_county("Which towns of Zhilan County…", ["芷岚县", "鹄川县"]) == "芷岚县"
    # a county named alone as a name (over on the Zhilan side) is the county; in lower case or before
    # a town's level it is not
    assert romanized_county("And over on the Zhilan side, which town spent most?", ["芷岚县", "鹄川县"]) == "芷岚县"
    assert romanized_county("the zhilan reports", ["芷岚县"]) is None
    assert romanized_county("Zhilan Town's report", ["芷岚县"]) is None
    assert romanized_county("Rank the Zhilan towns by funding", ["芷岚县"]) == "芷岚县"
    assert towns_in("Weidu Township and Tanya Township are small.", ["苇渡乡", "檀垭乡"]) == ["苇渡乡", "檀垭乡"]
