"""Town names: the one place that says how a question or query names a town of the store.

A town is named in full (田镇街道, 城关街道办事处), by a variant of its suffix (城关街道 for
城关街道办事处), or by its bare name set off by particles (陶家和田镇的…). A bare name inside a
phrase does not count (法治政府建设 does not name 建设街道), and a common word is never a town:
only names that reports' own metadata identified are matched, and ``is_town_name`` is what
metadata and search both accept as one.
"""

from __future__ import annotations

import re
from functools import cache
from itertools import islice, product

from pypinyin import Style, pinyin

SUFFIXES = ("街道办事处", "办事处", "街道", "民族乡", "苏木", "镇", "乡")
# Words that end like a town's name but name no town. Any name ending in 城镇 or 乡镇 is generic
# (中国城镇, 特色小城镇, 各乡镇); the rest are common only as whole words (古城乡 is a real place).
_GENERIC_ENDINGS = ("城镇", "乡镇")
_COMMON_WORDS = frozenset(["村镇", "集镇", "市镇", "小镇", "古镇", "重镇", "城乡", "家乡", "故乡", "老乡", "同乡", "下乡", "返乡", "回乡"])
_DETERMINERS = frozenset("各全本我该每此这那")  # 全镇, 本乡, 该街道
_BARE_BEFORE = r"(?:^|(?<=[\s，,、。？?和与及跟同对比较在把]))"
# 凤鸣、鹤田两个街道 / 鹤田等 / 鹤田各: a bare name followed by a count of towns or a word that sums them
_BARE_AFTER = r"(?=$|[\s，,、。？?和与及跟同的在有是这那等各都\d]|镇|乡|街道|报告|今年|去年|全年|[两二三四五六七八九十几]个|分别)"  # 觚桥2024年, 瓴湖报告


def is_town_name(name: str) -> bool:
    """Whether ``name`` can be a town's own name: a name before a known suffix (镇, 乡, 街道, 苏木…),
    and not a common word that merely ends in one (城镇, 乡镇, 中国城镇, 全镇, 家乡). Only such names
    may restrict a search: a news text that mentions 城镇 has no town, and a query with 乡镇 in it
    is not about one."""
    suffix = next((s for s in SUFFIXES if name.endswith(s)), None)
    if suffix is None or len(name) == len(suffix):
        return False
    core = name[: -len(suffix)]
    return not (name.endswith(_GENERIC_ENDINGS) or name in _COMMON_WORDS or core in _DETERMINERS)


def town_core(town: str) -> str:
    """The name without its suffix (陶家镇 → 陶家), or the name itself when that would leave
    fewer than two characters (田镇 stays)."""
    for suffix in SUFFIXES:
        if town.endswith(suffix) and len(town) - len(suffix) >= 2:
            return town[: -len(suffix)]
    return town


def mention_pattern(towns: list[str]) -> re.Pattern[str] | None:
    """One regex for every town: full names and suffix variants anywhere, bare names only when set
    off by particles. (A loop of per-town searches took 690 ms per query at 1,000 towns.)"""
    cores = {town_core(t) for t in towns}
    names = sorted(set(towns) | {c + s for c in cores if len(c) >= 2 for s in SUFFIXES if s != "办事处"}, key=len, reverse=True)
    bare = sorted({c for c in cores if len(c) >= 2}, key=len, reverse=True)
    alternatives = [f"(?P<full>{'|'.join(map(re.escape, names))})"] if names else []
    if bare:
        alternatives.append(f"{_BARE_BEFORE}(?P<bare>{'|'.join(map(re.escape, bare))}){_BARE_AFTER}")
    return re.compile("|".join(alternatives)) if alternatives else None


@cache
def _cached_pattern(towns: tuple[str, ...]) -> re.Pattern[str] | None:
    """The mention pattern of one list of towns, built once (the verifier asks for every line)."""
    return mention_pattern(list(towns))


def towns_in(text: str, towns: list[str], pattern: re.Pattern[str] | None = None) -> list[str]:
    """The towns of ``towns`` that ``text`` names, in the order it names them."""
    pattern = pattern if pattern is not None else _cached_pattern(tuple(towns))
    if pattern is None:
        return []
    by_core: dict[str, list[str]] = {}
    for town in towns:
        by_core.setdefault(town_core(town), []).append(town)
    found: list[str] = []
    for match in pattern.finditer(text):
        name = match["full"] or match["bare"]
        if name in towns:
            found.append(name)
        else:
            core = town_core(name) if match["full"] else name
            found.extend(by_core.get(core, []))
    found = list(dict.fromkeys(found + _romanized_in(text, towns)))
    return [town for town in found if not any(town != other and town in other for other in found)]


# How English text calls a town: its name in pinyin (Liuwan, Liu Wan, Liu-wan), then a word for its
# level (Liuwan Town, Shiqiao Township, Dongcheng Subdistrict); a pinyin word alone (Xinhua) is not
# a town, since English prose uses the same words for other things.
_LATIN_LEVEL = r"(?:[\s-]*(?:town(?:ship)?|subdistrict|sub[- ]?district|street(?:\s+office)?|jiedao|zhen|xiang|sumu))"


_LATIN_COUNTY = r"(?:[\s-]*(?:county|district|banner|xian|qu))"
# A county's name written alone and capitalised (on the Mouyang side, Yanqiu's towns) is the county
# unless a town level follows it.
_NOT_A_TOWN = rf"(?!{_LATIN_LEVEL}\b)"


@cache
def _romanized_pattern(town: str) -> re.Pattern[str]:
    """Pinyin and a level word in any case (liuwan town), or a name of two or more syllables alone
    when capitalised as a name (Tongao's funding, Jiaoping, Liupo and Yanchi): a town of the store
    named without its level, which English prose seldom writes otherwise."""
    readings = _readings(town_core(town))
    names = [r"[\s'’-]?".join(syllables) for syllables in readings]
    bares = _capitalised(readings)
    alone = rf"|(?-i:{bares})(?![A-Za-z])" if bares else ""
    return re.compile(rf"\b(?:(?:{'|'.join(names)}){_LATIN_LEVEL}\b{alone})", re.IGNORECASE)


def _capitalised(readings: list[list[str]]) -> str:
    """A name of two or more syllables written as a name (Tongao, Tong'ao, Tong Ao), as a pattern
    to match case-sensitively: a pinyin word in lower case is ordinary English."""
    return "|".join(syllables[0].capitalize() + "".join(rf"[\s'’-]?[{s[0]}{s[0].upper()}]{s[1:]}" for s in syllables[1:] if s)
                    for syllables in readings if len(syllables) >= 2)


def _readings(name: str, most: int = 8) -> list[list[str]]:
    """The name's pinyin in each reading of its characters (鹄川: gu chuan and hu chuan), the
    commonest first, at most ``most`` of them."""
    syllables = pinyin(name, style=Style.NORMAL, heteronym=True)
    return [list(combination) for combination in islice(product(*syllables), most)]


def romanized_county(text: str, counties: list[str]) -> str | None:
    """The county of ``counties`` that English ``text`` names in pinyin with its level (Qinglan
    County → 青岚县) or alone as a name (on the Qinglan side)."""
    if not re.search(r"[A-Za-z]{3}", text):
        return None
    for county in counties:
        core = re.sub(r"(?:自治县|县|区|市|旗)$", "", county)
        readings = _readings(core)
        names = "|".join(r"[\s'’-]?".join(syllables) for syllables in readings)
        bares = _capitalised(readings)
        alone = rf"|(?-i:{bares})(?![A-Za-z]){_NOT_A_TOWN}" if bares else ""
        if core and re.search(rf"\b(?:(?:{names}){_LATIN_COUNTY}\b{alone})", text, re.IGNORECASE):
            return county
    return None


def _romanized_in(text: str, towns: list[str]) -> list[str]:
    """The towns ``text`` names in pinyin, in the order it names them (English questions)."""
    if not re.search(r"[A-Za-z]{3}", text):
        return []
    named = [(match.start(), town) for town in towns if (match := _romanized_pattern(town).search(text))]
    return [town for _, town in sorted(named)]
