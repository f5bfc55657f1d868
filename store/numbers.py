"""Figures as reports write them, read once for every part of fazhi.

Reports write the same number many ways: 12345, 12,345, 1.23万, 三十二, 两名, 300余件, 近200人次.
The indicator table reads figures with :data:`FIGURE`; the verifier asks :func:`values_in` whether
a number an answer states is one the quoted sentence states, in any of those forms. One reader
for both, so a figure the table can read is a figure the verifier can check, and vice versa.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_CN_DIGIT = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_UNIT = {"十": 10, "百": 100, "千": 1000}
_CN_NUMERAL = "[零〇一二两三四五六七八九十百千]+"
DIGITS = r"\d{1,3}(?:,\d{3})+(?:[.．]\d+)?|\d+(?:[.．]\d+)?"
"""Arabic figures, with or without thousands separators (1,236 / 1236 / 96.9), in ASCII or
full-width digits (９９．０, ６．５万元: a digit class takes both, the full-width point is read as one)."""
UNITS = "人次|家次|户次|场次|件次|批次|万元|亿元|元|件|份|起|宗|人|名|位|家|场|期|次|台套|台|部|套|个|条|项|%|％"
_FULL_WIDTH = str.maketrans("０１２３４５６７８９．", "0123456789.")

# 千 multiplies an Arabic figure (6千人次 is 6000); a numeral never starts right after a digit, so
# 6千 is never read as 千 alone.
FIGURE = re.compile(
    rf"(?P<pre>约|近|超过|逾|达)?(?<![\d.])(?P<num>{DIGITS}|{_CN_NUMERAL})(?P<wan>万|亿|(?<=\d)千)?"
    rf"(?P<post>余|多)?(?P<unit>{UNITS})(?P<above>以上)?"
)
"""A figure with its unit, as the indicator table reads it."""

_ANY_NUMBER = re.compile(rf"(?<![\d.])(?P<num>{DIGITS}|{_CN_NUMERAL})(?P<wan>万|亿|(?<=\d)千)?")
_APPROX_PRE = ("约", "近", "超过", "逾")


def chinese_numeral(text: str) -> int | None:
    """三十二 → 32, 两 → 2, 一百零五 → 105, 十二 → 12; None for what is not a numeral."""
    if not text or any(ch not in _CN_DIGIT and ch not in _CN_UNIT for ch in text):
        return None
    total, digit = 0, None
    for ch in text:
        if ch in _CN_DIGIT:
            digit = _CN_DIGIT[ch]
        else:
            total += (1 if digit is None else digit) * _CN_UNIT[ch]
            digit = None
    return total + (digit or 0)


def number_value(raw: str, multiplier: str | None = None) -> float | None:
    """The value of one written number, ``multiplier`` being 万/亿 (or a 万元/亿元 unit)."""
    cleaned = raw.translate(_FULL_WIDTH).replace(",", "")
    value: float | None = float(cleaned) if re.fullmatch(r"\d+(?:\.\d+)?", cleaned) else chinese_numeral(raw)
    if value is None:
        return None
    if multiplier and multiplier.startswith("万"):
        value *= 10_000
    elif multiplier and multiplier.startswith("亿"):
        value *= 100_000_000
    elif multiplier == "千":
        value *= 1_000
    return round(value, 4)


def tidy(value: float) -> float | int:
    """12.0 → 12, 12.5 stays."""
    return int(value) if float(value).is_integer() else value


def format_figure(value: float | int) -> str:
    """A figure as reports write it: 29500, 12.5, 98.2 (never 2.95e+04)."""
    value = tidy(float(value))
    return str(value) if isinstance(value, int) else f"{value:.2f}".rstrip("0").rstrip(".")


@dataclass(frozen=True)
class Figure:
    """One figure of :data:`FIGURE`: value (万 applied), unit and whether it is approximate."""

    value: float
    unit: str
    approx: bool


def read_figure(match: re.Match[str]) -> Figure | None:
    unit = match["unit"].replace("％", "%")
    value = number_value(match["num"], match["wan"] or (unit if unit in ("万元", "亿元") else None))
    if value is None:
        return None
    approx = bool(match["pre"] in _APPROX_PRE or match["post"] or match["above"])
    return Figure(value, "元" if unit in ("万元", "亿元") else unit, approx)


def values_in(text: str) -> set[float]:
    """Every value ``text`` states, in every reading: 2.95万 gives 2.95 and 29500, 1,236 gives 1236,
    三十 gives 30. Used to check that an answer's number is the quote's number."""
    values: set[float] = set()
    for match in _ANY_NUMBER.finditer(text):
        plain = number_value(match["num"])
        if plain is None:
            continue
        values.add(plain)
        if match["wan"]:
            values.add(number_value(match["num"], match["wan"]) or plain)
    if (row := _ROW_IN_WAN.search(text)) is not None:  # 法治保障资金（万元）| 55 | 50: each cell in 万
        for cell in re.findall(DIGITS, text[row.end():]):
            values.add(number_value(cell, row["wan"]) or 0.0)
    return values


# A table row whose label gives its unit in 万 or 亿 (资金（万元） | 55 | 50): its bare numbers are in that unit.
_ROW_IN_WAN = re.compile(r"[（(](?P<wan>万|亿)元?[）)]\s*[|｜]")


_YEAR_LIKE = re.compile(r"(?<![\d.,])(?:19[89]\d|20[0-4]\d)(?=\s*(?:年|）|\)|$))|(?<=[（(])(?:19[89]\d|20[0-4]\d)(?![\d.,])")  # not (200000 yuan)
_CLAIM_NUMBER = re.compile(rf"(?<![\d.,\[])(?P<num>{DIGITS})(?P<wan>万|亿|千)?(?![\d\]])")


def claimed_values(text: str) -> list[float]:
    """The figures a sentence of an answer states (Arabic digits; years and list numbers left
    out): each must be found in the sentence's quotes."""
    text = _YEAR_LIKE.sub(" ", text)
    text = re.sub(r"^\s*\d+[.、)）]\s*", "", text)
    out = []
    for match in _CLAIM_NUMBER.finditer(text):
        value = number_value(match["num"], match["wan"])
        if value is not None:
            out.append(value)
    return out
