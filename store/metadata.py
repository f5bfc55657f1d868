"""Who filed a report, where, and for which year: read from the text, never the file name.

Only what the report states is returned; anything it does not state stays ``None``. Names are
taken from the title block, the issuing bodies and the signature, where reports state them, and
not from the body, where "省、市、县" and village names would be mistaken for the filer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from store.scripts import HAN_CHAR, has_han
from store.towns import is_town_name

# The 34 provincial-level divisions: a closed, public list, so a province is only ever reported
# when one of these names is written.
_PROVINCE = (
    r"(?:北京|天津|上海|重庆|河北|山西|辽宁|吉林|黑龙江|江苏|浙江|安徽|福建|江西|山东|河南|湖北|湖南|广东|海南"
    r"|四川|贵州|云南|陕西|甘肃|青海|台湾|内蒙古|广西|西藏|宁夏|新疆|香港|澳门)"
    r"(?:省|市|(?:壮族|回族|维吾尔)?自治区|特别行政区)"
)
_HAN = HAN_CHAR.pattern
# The filer's name opens a title or signature line, down the chain of levels (中共黔江区城西街道工作
# 委员会, 德惠市建设街道关于…, 关于柳港镇2024年度…), and is followed by what follows a filer: a year,
# 关于, its government or committee, or the end of the line. A town-like word inside a sentence
# (…参加联网大会乌镇…, 推进中国城镇化) is never the filer.
_AFTER_TOWN = r"(?=$|\s|\d|二[〇○零]|关于|人民政府|政府|党委|党工委|委员会|工作委员会|办事处|办|年度|法治|依法|[（(])"
# Each level ends at its suffix, but suffix characters occur inside names too (黄旗海镇, 红旗岭镇, 市桥
# 街道, 红旗区, 沙市区), so a boundary is taken only where both sides stay names. A city's name holds
# no county-level suffix (番禺区市桥街道 names no city 番禺区市). A county's name has two characters
# or more before its suffix; one only before 县 or 区 (易县, 城区), and then only ahead of a town of
# two or more (易县西陵镇): 黄旗海镇 is one town, not 海镇 in a county 黄旗.
_CITY_CHAR = r"(?:(?![县区旗市])[\u4e00-\u9fff])"


def _town_name(shortest: int) -> str:
    """A town's own name in the title chain: ``shortest`` or more characters before its suffix."""
    return rf"{_HAN}{{{shortest},6}}?街道|{_HAN}{{{shortest},5}}?(?:镇|乡|苏木)"


_ADMIN_CHAIN = re.compile(
    rf"^(?:关于|中共|中国共产党)?(?:20\d\d\s*年度?)?"
    rf"(?P<province>{_PROVINCE})?"
    rf"(?P<city>{_CITY_CHAR}{{2,5}}?(?:市|州|盟|地区))?"
    rf"(?P<county>{_HAN}{{2,6}}?(?:自治县|县|区|市|旗)|{_HAN}[县区](?=(?:{_town_name(2)}){_AFTER_TOWN}))?"
    rf"(?:人民政府|政府|委员会|党委|党工委|委)?"
    rf"(?P<town>{_town_name(1)}){_AFTER_TOWN}"
)
# "在德惠市委、市政府的领导下": a named county-level party committee in the opening paragraph.
_NAME_CHAR = rf"(?:(?![镇乡街在的和及与对全各省]){_HAN})"
_BODY_COUNTY = re.compile(
    rf"(?:^|[\s，,、。；]|在|经|由|按照|根据|省|市)(?P<county>{_NAME_CHAR}{{2,4}}?(?:自治县|县|区|市|旗))委[、，,和及]"
)
# "中共岚峪县委全面依法治县委员会办公室：": the addressee names the county that receives the report.
_ADDRESSEE_COUNTY = re.compile(rf"^(?:中共)?(?P<county>{_NAME_CHAR}{{2,6}}?(?:自治县|县|区|市|旗))(?:委|人民政府|政府|依法治)")
# "梅垄乡地处芗川县东北部", "根据《芗川县2024年度法治政府建设工作要点》": the county named where the
# report places itself or cites its county's own documents.
_PLACED_IN = re.compile(
    rf"(?:地处|位于|隶属于?|属于)(?:{_PROVINCE})?(?:{_CITY_CHAR}{{2,5}}?(?:市|州|盟|地区))?"
    rf"(?P<county>{_NAME_CHAR}{{2,6}}?(?:自治县|县|区|旗))"
    rf"|《(?P<doc>{_NAME_CHAR}{{2,6}}?(?:自治县|县|区|旗))(?:20\d\d|关于|法治)"
    # 磡头街道作为磐屿县的中心城区街道, 本镇是青岚县下辖的农业大镇: the town placed as one of its county's
    rf"|(?:作为|是|系)(?P<part_of>{_NAME_CHAR}{{2,6}}?(?:自治县|县|区|旗))(?:的|下辖|所辖|唯一|城所在地|城关|政府所在地)"  # 是匜川县城所在地
)
# Words of a rank or a title, not of a county's name (是全省首批法治示范县的…).
_NOT_A_COUNTY = re.compile(r"示范|首批|试点|先进|重点|全国|全省|全市|百强|强县|大县")
# Verbs that open a clause: "认真落实县委…" does not name a county called 认真落实县.
_NOT_A_NAME = re.compile(r"落实|贯彻|认真|按照|根据|全面|坚持|深入|紧扣|围绕|遵照|依照|部署|领导|指导|接受|配合|参加|邀请|组织|协助|争取"
                         r"|会同|联合|报请|报送|年内|全年|积极|主动|提请|年终|年底|年初|每年|定期|按时|及时"
                         r"|立足|结合|聚焦|着眼|面向|依托|对接|融入|助力|服务|统筹|推动")  # 立足旗政府所在地: no 立足旗
_PROVINCE_ANYWHERE = re.compile(rf"(?P<province>{_PROVINCE})")
# "落实澜江省、鹤原市、岚峪县关于…", "澜江省委、省政府": named levels in the opening paragraph.
_LEFT = r"(?:^|[\s，,、。；“》]|落实|按照|根据|贯彻|在|和|及)"
_BODY_PROVINCE = re.compile(rf"{_LEFT}(?!按照|根据|落实|贯彻|遵照|依照|认真|全面)(?P<province>{_NAME_CHAR}{{2,3}}?省)")
_BODY_CHAIN = re.compile(
    rf"省、(?P<city>{_NAME_CHAR}{{2,4}}?(?:市|州|盟))、(?P<county>{_NAME_CHAR}{{2,4}}?(?:自治县|县|区|旗))"
)
# "按照青岚县委全面依法治县委员会部署", "认真落实青岚县关于…的要求", "紧紧围绕青岚县委、县政府…": a county
# named as the one whose bodies or documents the town follows, after a punctuation mark or a verb
# that opens a clause, anywhere in the body (the last resort).
_BODY_AUTHORITY = re.compile(
    rf"(?:{_LEFT}|{_NOT_A_NAME.pattern})(?!{_NOT_A_NAME.pattern})(?P<county>{_NAME_CHAR}{{2,3}}?(?:自治县|县|区|旗))"
    r"(?:委(?:全面依法治|依法治|办|、|和)|人民政府|政府|司法局|关于|依法治|法治政府建设|学法用法)"  # 甗丘县法治政府建设工作要点
)
_YEAR = re.compile(r"(20\d\d)\s*年")
_CN_DIGITS = {c: str(i) for i, c in enumerate("〇一二三四五六七八九")} | {"○": "0", "零": "0"}
_DATE = re.compile(
    r"^(?P<y>20\d\d|二[〇○零][一二三四五六七八九〇○零]{2})年"
    r"(?P<m>\d{1,2}|[一二三四五六七八九十]{1,2})月(?P<d>\d{1,2}|[一二三四五六七八九十]{1,3})日$"
)
_ISSUER = re.compile(r"(?:人民政府|办事处|委员会|党委|党工委|政府|办公室|镇|乡|街道|苏木)$")
_TITLE_LINE = re.compile(r"报告|总结|情况")


@dataclass
class ReportMetadata:
    """What a report states about itself; ``None`` or empty where it does not say."""

    title: str | None = None
    town: str | None = None
    county: str | None = None
    city: str | None = None
    province: str | None = None
    year: int | None = None
    issuers: list[str] = field(default_factory=list)
    addressee: str | None = None
    signature_date: str | None = None


def _cn_number(text: str) -> int:
    if text.isdigit():
        return int(text)
    if "十" in text:
        tens, _, ones = text.partition("十")
        return int(_CN_DIGITS.get(tens, "1") if tens else 1) * 10 + (int(_CN_DIGITS[ones]) if ones else 0)
    return int("".join(_CN_DIGITS[c] for c in text))


def _parse_date(line: str) -> str | None:
    match = _DATE.match(line.replace(" ", ""))
    if not match:
        return None
    year = match["y"] if match["y"].isdigit() else "".join(_CN_DIGITS[c] for c in match["y"])
    return f"{int(year):04d}-{_cn_number(match['m']):02d}-{_cn_number(match['d']):02d}"


def _is_heading(line: str | None) -> bool:
    """A line short enough and sentence-free enough to be a title or a signature: the only lines
    that name the filer. (A news text's first line is often its whole body.)"""
    return bool(line) and len(line) <= 60 and "。" not in line


_BODY_END = re.compile(r"(?:人民政府|(?<!法治)政府|委员会|党委|党工委|办事处|办公室)$")


def _title_head(block: list[str]) -> str | None:
    """The first line of a title set over two (鹭湾区柳营镇 / 2023年度法治政府建设情况报告; 马鞍山彝族乡
    2023年度法治政府 / 建设情况报告): the line right above the title line, when it is a short bare
    phrase, not a document number, an issuing body or an addressee."""
    if len(block) < 2:
        return None
    above, title = block[-2], block[-1]
    if len(above) > 30 or re.search(r"[。：:，,〔〕\[\]号]", above) or _parse_date(above):
        return None
    if _BODY_END.search(above):  # 杏埠镇人民政府 / 关于2024年度…的报告: the issuer opens a title with no subject of its own
        return above if title.startswith("关于") or title[:1].isdigit() else None
    return above if title[:1].isdigit() or not _TITLE_LINE.search(above) and not title.startswith(("关于", "中共")) else None


def _title_block(lines: list[str]) -> tuple[list[str], int]:
    """Lines up to and including the title (the first line naming a 报告/总结), within the top 6."""
    for i, line in enumerate(lines[:6]):
        if _TITLE_LINE.search(line) and _is_heading(line):
            return lines[: i + 1], i
    return lines[:1], 0


_DATE_AT_END = re.compile(r"(?:20\d\d|二[〇○零][一二三四五六七八九〇○零]{2})年(?:\d{1,2}|[一二三四五六七八九十]{1,2})月"
                          r"(?:\d{1,2}|[一二三四五六七八九十]{1,3})日$")
# One issuer ends at its body's suffix: 市桥街道党工委市桥街道办事处 is two issuers.
_ISSUER_END = re.compile(r".+?(?:人民政府|办事处|工作委员会|委员会|党工委|党委|政府|办公室)")


def _signed_line(line: str) -> tuple[list[str], str, tuple[int, int]] | None:
    """A closing line holding the issuers and the date side by side (宝力格苏木人民政府　二〇二五年一月六日,
    its spaces gone in the clean text): the issuers, the date, and where the date stands in the line."""
    text = line.rstrip()
    date = _DATE_AT_END.search(text)
    head = text[: date.start()].strip() if date else ""
    if not head or len(head) > 60:
        return None
    issuers = issuers_in(head)
    if not issuers:
        return None
    return issuers, _parse_date(date.group()) or "", (date.start(), date.end())


_PLACE = re.compile(r"^中共|镇|乡|街道|苏木|县|区|市|旗")


def issuers_in(text: str) -> list[str]:
    """The issuing bodies a line names side by side (中共筠塘镇委员会筠塘镇人民政府: two), each ending at
    its body's suffix and naming its place; a county government's street office (蘅陂县人民政府橦湾街道
    办事处) is one body. Empty when the line is not wholly issuers."""
    parts = [m.group().strip() for m in _ISSUER_END.finditer(text)]
    if not parts or "".join(parts).replace(" ", "") != text.replace(" ", "").replace("\u3000", ""):
        return []
    merged: list[str] = []
    for part in parts:
        if merged and merged[-1].endswith("人民政府") and part.endswith("办事处"):
            merged[-1] += part  # X县人民政府Y街道办事处: the street office, named with its county
        else:
            merged.append(part)
    return merged if all(_PLACE.search(p) for p in merged) else []


def _signature(lines: list[str]) -> tuple[list[str], str | None]:
    """Issuing bodies and date from the closing lines, if the report is signed."""
    tail = lines[-5:]
    date = None
    issuers: list[str] = []
    for line in reversed(tail):
        if date is None and (parsed := _parse_date(line)):
            date = parsed
            continue
        if date is None and not issuers and (signed := _signed_line(line)):
            issuers, date = signed[0], signed[1]
            continue
        if len(line) <= 30 and _ISSUER.search(line) and "。" not in line:
            side_by_side = issuers_in(line.strip())  # 中共筠塘镇委员会　　筠塘镇人民政府: two issuers on one line
            issuers[0:0] = side_by_side if len(side_by_side) > 1 else [line]
        elif date is not None or issuers:
            break
    return issuers, date


def signature_date_span(text: str) -> tuple[int, int] | None:
    """Where the clean text writes its signature date (the closing line ``signature_date`` was
    read from, in whatever form: 2025年1月10日, 二〇二五年一月十日), so the date can be cited."""
    end = len(text)
    seen = 0
    for line in reversed(text.split("\n")):
        start = end - len(line)
        if has_han(line):
            seen += 1
            if _parse_date(line.strip()):
                lead = len(line) - len(line.lstrip())
                return start + lead, start + lead + len(line.strip())
            if signed := _signed_line(line):
                return start + signed[2][0], start + signed[2][1]
            if seen >= 5:
                return None
        end = start - 1
    return None


# 县前办发〔2025〕2号, 龙政发[2023]5号, 旗委（2024）31号: an issuing body's abbreviation, the year in
# brackets and a serial number, on a line of its own above the title.
_DOCUMENT_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,12}\s*[〔［\[（(]\s*(?:19|20)\d\d\s*[〕］\]）)]\s*第?\s*\d{1,5}\s*号")


def document_number_span(text: str) -> tuple[int, int] | None:
    """Where the clean text writes its document number (文号): a line of its first ten with Chinese
    that begins with it (a number cited in a sentence is another document's)."""
    start = 0
    seen = 0
    for line in text.split("\n"):
        if has_han(line):
            seen += 1
            match = _DOCUMENT_NUMBER.search(line)
            rest = line[match.end():].strip() if match else ""
            if match and not line[:match.start()].strip() and len(rest) <= 12 and not re.search(r"[，。,；;]", rest):
                return start + match.start(), start + match.end()
            if seen >= 10:
                return None
        start += len(line) + 1
    return None


def _chinese_lines(text: str) -> list[str]:
    """The stripped lines that hold Chinese: only they can be a title, an issuer, an addressee or
    a date (a bilingual report's Latin-letter title above the Chinese one is none of those)."""
    return [line.strip().strip("*#_ ").strip() for line in text.split("\n") if has_han(line)]  # **title** set in markdown bold


def _issuer_under_title(lines: list[str]) -> list[str]:
    """An issuer set in brackets on the line under the title (（青岚县石门乡人民政府）)."""
    bracketed = [re.fullmatch(r"[（(【〔](.{4,30})[）)】〕]", line) for line in lines]
    return [m.group(1) for m in bracketed if m and _ISSUER.search(m.group(1))]


def extract_metadata(text: str) -> ReportMetadata:
    """Metadata from clean report text (one paragraph per line)."""
    lines = _chinese_lines(text)
    if not lines:
        return ReportMetadata()
    block, title_index = _title_block(lines)
    head = _title_head(block)
    meta = ReportMetadata(title=(head or "") + block[-1])
    meta.issuers = [line for line in block[:-1] if _ISSUER.search(line) and len(line) <= 30 and line != head]
    meta.issuers += _issuer_under_title(lines[title_index + 1 : title_index + 2])
    closing_issuers, meta.signature_date = _signature(lines[title_index + 1 :])
    meta.issuers += [issuer for issuer in closing_issuers if issuer not in meta.issuers]

    for line in [meta.title, *meta.issuers]:
        match = _ADMIN_CHAIN.match(line or "") if _is_heading(line) else None
        if not match or not is_town_name(match["town"]):
            continue
        meta.town = meta.town or match["town"]
        meta.county = meta.county or match["county"] or (match["city"] if match["town"] else None)
        if match["county"] and match["city"]:
            meta.city = meta.city or match["city"]
        meta.province = meta.province or match["province"]

    following = lines[title_index + 1 : title_index + 4]
    for line in following:
        if len(line) <= 40 and line.endswith(("：", ":")) and "现将" not in line:
            meta.addressee = line.rstrip("：:")
            break
    opening = " ".join(following)
    if meta.county is None and meta.addressee and (match := _ADDRESSEE_COUNTY.search(meta.addressee)):
        meta.county = match["county"]
    if meta.county is None and (match := _BODY_COUNTY.search(opening)) and not _NOT_A_NAME.search(match["county"]):
        meta.county = match["county"]
    if meta.county is None and (chain := _BODY_CHAIN.search(opening)):
        meta.county = chain["county"]
    if meta.county is None and (placed := _PLACED_IN.search(" ".join(lines[title_index + 1 : title_index + 8]))):
        named = placed["county"] or placed["doc"] or placed["part_of"]
        meta.county = None if _NOT_A_COUNTY.search(named) else named
    if meta.county is None:
        meta.county = next((m["county"] for m in _BODY_AUTHORITY.finditer(text) if not _NOT_A_NAME.search(m["county"])), None)
    if meta.province is None:
        header = " ".join([*block, *meta.issuers, opening])
        match = _PROVINCE_ANYWHERE.search(header) or _BODY_PROVINCE.search(opening)
        meta.province = match["province"] if match else None
    years = _YEAR.findall(" ".join(block)) or _YEAR.findall(opening[:80])
    meta.year = int(years[0]) if years else None
    return meta
