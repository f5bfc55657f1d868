"""Bilingual reports (issue 25): offices in autonomous regions publish each paragraph in the local
script and then in Chinese, title block line by line. The file is valid UTF-8 and must be read;
fazhi reads its Chinese half (metadata, outline, chunks, indicators) while every offset and quote
still points at the file as published. The local-script lines carry traps of their own: numbered
headings ("1."), Arabic and Tibetan digits, a title line above the Chinese title."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest

from store.document import parse_file
from store.errors import ReportError
from store.indicators import extract
from store.loaders import load_text
from store.normalize import normalize
from store.outline import check_outline
from store.scripts import is_other_script
from store.sentences import SENTENCE
from store.store import ReportStore
from store.structure import find_headings

CHINESE = (
    "{town}人民政府",
    "{town}2024年度法治政府建设情况报告",
    "{county}人民政府：",
    "2024年，{town}在{county}委、{county}政府的领导下，扎实推进法治政府建设。现将有关情况报告如下：",
    "一、主要举措和成效",
    "全年调处矛盾纠纷86件，调解成功率98%。持证执法人员共18人，配备执法记录仪6台。",
    "二、存在的不足和原因",
    "基层法治工作力量仍然薄弱，部分执法人员法律知识更新不够及时。",
    "三、2025年工作计划",
    "力争新增持证执法人员5人，开展普法宣传活动20场次。",
    "{town}人民政府",
    "2025年1月10日",
)
TITLE_BLOCK = 3  # issuer, title, addressee: one line each, no blank line between them


@dataclass(frozen=True)
class Script:
    """One local script: the town and county the report is from, and its lines, one per Chinese line."""

    town: str
    county: str
    lines: tuple[str, ...]
    right_to_left: bool = False

    def chinese(self) -> list[str]:
        return [line.format(town=self.town, county=self.county) for line in CHINESE]


SCRIPTS = {
    "mongolian": Script("巴音苏木", "阿鲁科尔沁旗", (
        "ᠪᠠᠶᠠᠨ ᠰᠤᠮᠤ\u202fᠶᠢᠨ ᠠᠷᠠᠳ\u202fᠤᠨ ᠵᠠᠰᠠᠭ\u202fᠤᠨ ᠭᠠᠵᠠᠷ",
        "ᠪᠠᠶᠠᠨ ᠰᠤᠮᠤ\u202fᠶᠢᠨ 2024 ᠣᠨ\u202fᠤ ᠬᠠᠤᠯᠢ ᠶᠣᠰᠣᠭᠠᠷ ᠵᠠᠰᠠᠬᠤ ᠵᠠᠰᠠᠭ ᠪᠠᠶᠢᠭᠤᠯᠬᠤ ᠠᠵᠢᠯ\u202fᠤᠨ ᠪᠠᠢᠳᠠᠯ\u202fᠤᠨ ᠢᠯᠡᠲᠬᠡᠯ",
        "ᠠᠷᠤ ᠬᠣᠷᠴᠢᠨ ᠬᠣᠰᠢᠭᠤ\u202fᠶᠢᠨ ᠠᠷᠠᠳ\u202fᠤᠨ ᠵᠠᠰᠠᠭ\u202fᠤᠨ ᠭᠠᠵᠠᠷ:",
        "2024 ᠣᠨ\u202fᠳᠤ ᠪᠠᠶᠠᠨ ᠰᠤᠮᠤ ᠬᠣᠰᠢᠭᠤ\u202fᠶᠢᠨ ᠤᠳᠤᠷᠢᠳᠤᠯᠭ\u180eᠠ ᠳᠣᠣᠷ\u180eᠠ ᠬᠠᠤᠯᠢ ᠶᠣᠰᠣᠭᠠᠷ ᠵᠠᠰᠠᠬᠤ ᠵᠠᠰᠠᠭ ᠪᠠᠶᠢᠭᠤᠯᠬᠤ"
        " ᠠᠵᠢᠯ\u202fᠢ ᠳᠡᠯᠭᠡᠷᠡᠩᠭᠦᠢ ᠶᠠᠪᠤᠭᠤᠯᠪᠠ᠃",
        "1. ᠭᠣᠣᠯ ᠠᠷᠭ\u180eᠠ ᠬᠡᠮᠵᠢᠶ\u180eᠡ ᠪᠠ ᠦᠷ\u180eᠡ ᠳᠦᠩ",
        "ᠵᠢᠯ\u202fᠦᠨ ᠳᠣᠲᠣᠷ\u180eᠠ 86 ᠵᠥᠷᠢᠴᠡᠯᠳᠦᠭᠡᠨ\u202fᠢ ᠵᠣᠬᠢᠴᠠᠭᠤᠯᠪᠠ᠂ ᠠᠮᠵᠢᠯᠳᠠ 98% ᠬᠦᠷᠪᠡ᠃"
        " ᠭᠡᠷᠡᠴᠢᠯᠡᠬᠡ ᠲᠠᠢ ᠬᠠᠤᠯᠢ ᠬᠡᠷᠡᠭᠵᠢᠭᠦᠯᠦᠭᠴᠢ 18᠂ ᠪᠢᠴᠢᠯᠭᠡ\u202fᠶᠢᠨ ᠪᠠᠭᠠᠵᠢ 6᠃",
        "2. ᠳᠤᠲᠠᠭᠤ ᠳᠣᠳᠣᠭᠰᠠᠨ ᠪᠠ ᠰᠢᠯᠲᠠᠭᠠᠨ",
        "ᠰᠠᠭᠤᠷᠢ ᠳᠡᠭᠡᠷᠡᠬᠢ ᠬᠠᠤᠯᠢ ᠶᠣᠰᠣᠨ\u202fᠤ ᠠᠵᠢᠯ\u202fᠤᠨ ᠬᠦᠴᠦᠨ ᠰᠤᠯᠠ ᠪᠠᠢᠨ\u180eᠠ᠃",
        "3. 2025 ᠣᠨ\u202fᠤ ᠠᠵᠢᠯ\u202fᠤᠨ ᠲᠥᠯᠥᠪᠯᠡᠭᠡ",
        "ᠬᠠᠤᠯᠢ ᠬᠡᠷᠡᠭᠵᠢᠭᠦᠯᠦᠭᠴᠢ 5\u202fᠢ ᠨᠡᠮᠡᠵᠦ᠂ 20 ᠤᠳᠠᠭ\u180eᠠ ᠬᠠᠤᠯᠢ ᠰᠤᠷᠲᠠᠯᠴᠢᠯᠠᠭ\u180eᠠ ᠶᠠᠪᠤᠭᠤᠯᠬᠤ᠃",
        "ᠪᠠᠶᠠᠨ ᠰᠤᠮᠤ\u202fᠶᠢᠨ ᠠᠷᠠᠳ\u202fᠤᠨ ᠵᠠᠰᠠᠭ\u202fᠤᠨ ᠭᠠᠵᠠᠷ",
        "2025 ᠣᠨ\u202fᠤ 1 ᠰᠠᠷ\u180eᠠ\u202fᠶᠢᠨ 10",
    )),
    "uyghur": Script("托格拉克乡", "墨玉县", (
        "توغراق يېزىلىق خەلق ھۆكۈمىتى",
        "توغراق يېزىسىنىڭ 2024-يىللىق قانۇن بويىچە ھۆكۈمەت قۇرۇلۇشى ئەھۋالى توغرىسىدا دوكلات",
        "قاراقاش ناھىيىلىك خەلق ھۆكۈمىتىگە:",
        "2024-يىلى توغراق يېزىسى ناھىيىلىك پارتكوم ۋە ناھىيىلىك ھۆكۈمەتنىڭ رەھبەرلىكىدە قانۇن بويىچە"
        " ھۆكۈمەت قۇرۇلۇشىنى ئىلگىرى سۈردى.",
        "1. ئاساسلىق تەدبىرلەر ۋە ئۈنۈملەر",
        "يىل بويى 86 جېدەل-ماجىرا بىر تەرەپ قىلىندى، مۇرەسسە قىلىش مۇۋەپپەقىيەت نىسبىتى 98%."
        " گۇۋاھنامىلىك قانۇن ئىجرا قىلغۇچىلار 18 نەپەر، خاتىرىلىگۈچ 6 دانە.",
        "2. مەۋجۇت يېتەرسىزلىكلەر ۋە سەۋەبلەر",
        "ئاساسىي قاتلامدىكى قانۇن خىزمىتى كۈچى يەنىلا ئاجىز.",
        "3. 2025-يىللىق خىزمەت پىلانى",
        "قانۇن ئىجرا قىلغۇچىلارنى 5 نەپەر كۆپەيتىپ، 20 قېتىم قانۇن تەشۋىقاتى ئېلىپ بېرىش.",
        "توغراق يېزىلىق خەلق ھۆكۈمىتى",
        "2025-يىل 1-ئاينىڭ 10-كۈنى",
    ), right_to_left=True),
    "kazakh": Script("喀拉托海乡", "特克斯县", (
        "قاراتوعاي اۋىلدىق حالىق ۇكىمەتى",
        "قاراتوعاي اۋىلىنىڭ 2024-جىلعى زاڭ بويىنشا ۇكىمەت قۇرىلىسى جونىندەگى بايانداماسى",
        "تەكەس اۋداندىق حالىق ۇكىمەتىنە:",
        "2024-جىلى قاراتوعاي اۋىلى اۋداندىق پارتكوم مەن اۋداندىق ۇكىمەتتىڭ باسشىلىعىمەن زاڭ بويىنشا"
        " باسقارۋدى ىلگەرى باستىردى.",
        "1. نەگىزگى شارالار مەن ناتيجەلەر",
        "جىل بويى 86 داۋ-جانجال شەشىلدى، تاتۋلاستىرۋ تابىسى 98%. كۋالىگى بار زاڭ ورىنداۋشىلار 18 ادام،"
        " جازىپ العىش 6 دانا.",
        "2. كەمشىلىكتەر مەن سەبەپتەر",
        "تومەنگى دەڭگەيدەگى زاڭ جۇمىسىنىڭ كۇشى ءالى دە السىز.",
        "3. 2025-جىلعى جۇمىس جوسپارى",
        "زاڭ ورىنداۋشىلاردى 5 ادامعا كوبەيتىپ، 20 رەت زاڭ ناسيحاتىن وتكىزۋ.",
        "قاراتوعاي اۋىلدىق حالىق ۇكىمەتى",
        "2025-جىلى 1-ايدىڭ 10-كۇنى",
    ), right_to_left=True),
    "tibetan": Script("达嘎乡", "曲水县", (
        "སྟག་དཀར་ཤང་མི་དམངས་སྲིད་གཞུང་།",
        "སྟག་དཀར་ཤང་གི་ལོ་༢༠༢༤ ལོའི་ཁྲིམས་ལྟར་སྲིད་གཞུང་འཛུགས་སྐྲུན་གྱི་གནས་ཚུལ་སྙན་ཞུ།",
        "ཆུ་ཤུར་རྫོང་མི་དམངས་སྲིད་གཞུང་ལ།",
        "ལོ་༢༠༢༤ ལོར་སྟག་དཀར་ཤང་གིས་རྫོང་ཏང་ཨུ་ཡོན་ལྷན་ཁང་དང་རྫོང་སྲིད་གཞུང་གི་འགོ་ཁྲིད་འོག་ཁྲིམས་ལྟར་སྲིད་གཞུང་"
        "འཛུགས་སྐྲུན་མདུན་སྐྱོད་བྱས།",
        "༡. གཙོ་བོའི་ཐབས་ཇུས་དང་ནུས་འབྲས།",
        "ལོ་གཅིག་ནང་རྩོད་གཞི་ ༨༦ ཐག་གཅོད་བྱས། ཁྲིམས་སྲུང་ལས་བྱེད་པ་ ༡༨ དང་། ཐོ་འགོད་ཡོ་ཆས་ ༦ ཡོད།",
        "༢. ད་ཡོད་ཀྱི་ཆད་ཡོང་དང་རྒྱུ་རྐྱེན།",
        "གཞི་རིམ་གྱི་ཁྲིམས་ལུགས་ལས་ཀའི་ནུས་ཤུགས་ད་དུང་ཞན་པ།",
        "༣. ལོ་༢༠༢༥ ལོའི་ལས་ཀའི་འཆར་གཞི།",
        "ཁྲིམས་སྲུང་ལས་བྱེད་པ་ ༥ ཁ་སྣོན་དང་ཁྲིམས་ལུགས་དར་སྤེལ་ ༢༠ ཐེངས་སྤེལ་རྒྱུ།",
        "སྟག་དཀར་ཤང་མི་དམངས་སྲིད་གཞུང་།",
        "༢༠༢༥ ལོའི་ཟླ་ ༡ ཚེས་ ༡༠",
    )),
    "yi": Script("四开乡", "昭觉县", (
        "ꌦꈀꑣ ꊿꂱꍔꃔ",
        "ꌦꈀꑣ 2024 ꈎ ꃏꍆꍔꃔ ꐩꌋ ꇬꊨ ꀊꇁ",
        "ꍈꐥꑤ ꊿꂱꍔꃔ:",
        "2024 ꈎ, ꌦꈀꑣ ꆈꌠ ꃏꍆꍔꃔ ꐩꌋ ꂶꐥ ꇬꊨ ꒉꄉ ꅉ.",
        "1. ꀋꁨ ꃅꐥ ꃅꀕ ꅉ",
        "ꈎꄮ 86 ꇬ ꄮꉌ ꌋꆀ, 98% ꅉ. ꃏꍆ ꊿ 18 ꂷ, ꇬꊨ ꀉꄷ 6 ꇬ.",
        "2. ꀋꆿ ꀋꐥ ꇬꊨ",
        "ꃏꍆ ꃅꐥ ꇭꄮ ꀋꆿ ꅉ.",
        "3. 2025 ꈎ ꃅꐥ ꂷꊪ",
        "ꃏꍆ ꊿ 5 ꂷ ꀐꄮ, 20 ꇬ ꃏꍆ ꆈꌠꉙ ꃅ.",
        "ꌦꈀꑣ ꊿꂱꍔꃔ",
        "2025 ꈎ 1 ꆪ 10 ꑍ",
    )),
    "korean": Script("星火朝鲜族乡", "宁安市", (
        "성화조선족향 인민정부",
        "성화조선족향 2024년도 법치정부 건설 상황 보고",
        "녕안시 인민정부:",
        "2024년, 성화조선족향은 녕안시당위원회와 녕안시정부의 령도하에 법치정부 건설을 착실히 추진하였다."
        " 관련 상황을 다음과 같이 보고한다:",
        "1. 주요 조치와 성과",
        "연간 분쟁 86건을 조정하였고 조정 성공률은 98%에 달하였다. 자격증을 소지한 집법인원은 18명이며"
        " 집법기록기 6대를 갖추었다.",
        "2. 존재하는 부족점과 원인",
        "기층 법치사업 력량이 여전히 약하고 일부 집법인원의 법률지식 갱신이 제때에 이루어지지 못하였다.",
        "3. 2025년 사업계획",
        "자격증 소지 집법인원을 5명 늘리고 법률 홍보활동을 20차례 진행한다.",
        "성화조선족향 인민정부",
        "2025년 1월 10일",
    )),
    "latin": Script("双桥镇", "武鸣区", (  # Zhuang (Sawcuengh), written in Latin letters
        "Sanghgyauz Cin Yinzminz Cwngfuj",
        "Sanghgyauz Cin 2024 Nienz Guh Fazci Cwngfuj Gensez Cingzgvang Baugau",
        "Vujmingz Gih Yinzminz Cwngfuj:",
        "2024 nienz, Sanghgyauz Cin youq gih dangjvei caeuq gih cwngfuj lingjdauj baihlaj,"
        " gyaepgaenj doidoengh fazci cwngfuj gensez.",
        "1. Cujyau Cosih Caeuq Cingzyau",
        "Daengx bi diuzcawq 86 gienh doxceng, diuzgaij baenzgoeng 98%. Miz cingq cizfap yinzyenz 18 boux,"
        " boiq geiqloeg gihgi 6 aen.",
        "2. Miz Gij Mbouj Gaeuq Caeuq Yienzaen",
        "Goekgaen fazci hong rengz lij nyieg, mbangj cizfap yinzyenz fapluz cihsiz mbouj gaeuq moq.",
        "3. 2025 Nienz Hong Giva",
        "Caj demgya 5 boux cizfap yinzyenz, guh 20 baez senhconz fazci.",
        "Sanghgyauz Cin Yinzminz Cwngfuj",
        "2025 nienz 1 nyied 10 hauh",
    )),
    "emoji": Script("青石乡", "云岭县", (
        "🏛️🇨🇳🏛️",
        "📜 2024 📜",
        "📨",
        "🌟🌟🌟",
        "1. ✅",
        "👍 86 · 98% · 18 · 6",
        "2. ⚠️",
        "⚠️⚠️",
        "3. 📅 2025",
        "🎯 5 · 20",
        "🏛️",
        "📅 2025.1.10",
    )),
}
FORMATS = ("txt", "docx", "pdf")


def _paragraphs(script: Script, chinese_first: bool = False) -> list[str]:
    """The report as published: each local-script line, then its Chinese line."""
    pairs = zip(script.lines, script.chinese(), strict=True)
    return [line for pair in pairs for line in (reversed(pair) if chinese_first else pair)]


def _txt(script: Script, chinese_first: bool = False) -> str:
    return _layout(_paragraphs(script, chinese_first), per_paragraph=2)


def _layout(lines: list[str], per_paragraph: int) -> str:
    """Title block line by line; the body paragraph by paragraph, a blank line after each (a
    paragraph: a local-script line and its Chinese, or the Chinese alone)."""
    head, body = lines[: per_paragraph * TITLE_BLOCK], lines[per_paragraph * TITLE_BLOCK :]
    paragraphs = ["\n".join(body[i : i + per_paragraph]) for i in range(0, len(body), per_paragraph)]
    return "\n".join(head) + "\n\n" + "\n\n".join(paragraphs) + "\n"


def _write(tmp_path: Path, script: Script, fmt: str) -> Path:
    path = tmp_path / f"report.{fmt}"
    if fmt == "txt":
        path.write_text(_txt(script), encoding="utf-8")
    elif fmt == "docx":
        import docx

        document = docx.Document()
        for line in _paragraphs(script):
            document.add_paragraph(line)
        document.save(str(path))
    else:
        _pdf(path, _paragraphs(script))
    return path


def _pdf(path: Path, lines: list[str]) -> None:
    """One line per text-layer line, in a CJK CID font: its glyphs cover only Chinese, but the
    text layer carries every character of every script, which is what a loader reads."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    pdf = canvas.Canvas(str(path))
    pdf.setFont("STSong-Light", 11)
    for i, line in enumerate(lines):
        pdf.drawString(30, 810 - 18 * i, line)
    pdf.save()


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16"])
@pytest.mark.parametrize("name", SCRIPTS)
def test_a_bilingual_text_file_decodes_as_written(tmp_path: Path, name: str, encoding: str) -> None:
    text = _txt(SCRIPTS[name])
    path = tmp_path / "r.txt"
    path.write_bytes(text.encode(encoding))
    assert load_text(path) == text


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("name", SCRIPTS)
def test_the_loader_keeps_every_line_of_both_scripts(tmp_path: Path, name: str, fmt: str) -> None:
    """.txt and .docx give back every line as written. A PDF's text layer gives back every line
    too, except that pypdf rebuilds right-to-left lines (Uyghur, Kazakh) in its own reading order:
    the same characters, not the same sequence."""
    script = SCRIPTS[name]
    loaded = [line for line in load_text(_write(tmp_path, script, fmt)).split("\n") if line.strip()]
    written = _paragraphs(script)
    assert len(loaded) == len(written)
    for got, line in zip(loaded, written, strict=True):
        if fmt == "pdf" and script.right_to_left and line in script.lines:
            assert Counter(got) == Counter(line)
        else:
            assert got == line


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("name", SCRIPTS)
def test_metadata_and_outline_come_from_the_chinese(tmp_path: Path, name: str, fmt: str) -> None:
    script = SCRIPTS[name]
    chinese = script.chinese()
    report = parse_file(_write(tmp_path, script, fmt))
    meta = report.meta
    assert (meta.town, meta.county, meta.year) == (script.town, script.county, 2024)
    assert meta.title == chinese[1]
    assert meta.issuers == [chinese[0]]
    assert meta.addressee == f"{script.county}人民政府"
    assert meta.signature_date == "2025-01-10"
    assert [h.title for h in find_headings(report.norm.text)] == [chinese[4], chinese[6], chinese[8]]
    outline = check_outline(report.norm, meta)
    assert outline.parts == {
        "measures": "present", "shortcomings": "present", "first_responsible": "missing",
        "plans": "present", "other": "missing",
    }
    for finding in outline.findings[:5]:
        if finding.heading:
            assert report.norm.original[finding.start : finding.end] == finding.heading


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("name", SCRIPTS)
def test_chunks_and_indicators_read_the_chinese_and_quote_the_file_verbatim(tmp_path: Path, name: str, fmt: str) -> None:
    script = SCRIPTS[name]
    report = parse_file(_write(tmp_path, script, fmt))
    doc = report.norm
    assert not any(is_other_script(line) for chunk in report.chunks for line in chunk.text.split("\n"))
    assert "".join("".join(c.text.split()) for c in report.chunks) == "".join(
        "".join(line.split()) for line in doc.text.split("\n")
    )
    for chunk in report.chunks:
        span = doc.original[chunk.start : chunk.end]
        lines = chunk.text.split("\n")
        assert span.startswith(lines[0]) and span.endswith(lines[-1])
        assert "".join(normalize(span).text.split()) == "".join(chunk.text.split())
        assert doc.original.count("\n", 0, chunk.start) + 1 == chunk.line
    found = extract(doc, report.meta.year)
    values = {key: found[key].values[:1] for key in ("disputes_mediated", "certified_officers", "body_cameras")}
    assert values == {"disputes_mediated": [86], "certified_officers": [18], "body_cameras": [6]}
    for key in values:
        start, end, line = found[key].candidates[0].located(doc)
        assert doc.original[start:end] == found[key].candidates[0].quote
        assert doc.original.split("\n")[line - 1] == script.chinese()[5]


@pytest.mark.parametrize("chinese_first", [False, True], ids=["local-first", "chinese-first"])
@pytest.mark.parametrize("name", SCRIPTS)
def test_every_chinese_sentence_is_quoted_at_its_place_and_no_local_line_is(
    tmp_path: Path, name: str, chinese_first: bool
) -> None:
    script = SCRIPTS[name]
    path = tmp_path / "r.txt"
    path.write_text(_txt(script, chinese_first), encoding="utf-8")
    report = parse_file(path)
    doc = report.norm
    file_lines = doc.original.split("\n")
    for line in script.chinese():
        for sentence in (m.group() for m in SENTENCE.finditer(line)):
            start, end = doc.original_span(*doc.find(sentence))
            assert doc.original[start:end] == sentence
            assert file_lines[doc.line_of(start) - 1] == line
    for line in script.lines:
        if is_other_script(line):
            assert doc.find(line) is None, line
    chinese_only = tmp_path / "zh.txt"
    chinese_only.write_text(_layout(script.chinese(), per_paragraph=1), encoding="utf-8")
    plain = parse_file(chinese_only)
    assert report.meta == plain.meta
    assert [(b.path, b.parts) for b in report.blocks] == [(b.path, b.parts) for b in plain.blocks]


@pytest.mark.parametrize("name", SCRIPTS)
def test_a_file_with_no_chinese_at_all_is_refused_with_one_line(tmp_path: Path, name: str) -> None:
    path = tmp_path / "local.txt"
    path.write_text("\n".join(SCRIPTS[name].lines) + "\n", encoding="utf-8")
    with pytest.raises(ReportError) as caught:
        load_text(path)
    assert caught.value.problem == "no Chinese text found: not a report"
    assert str(caught.value).startswith(str(path)) and "\n" not in str(caught.value)


def test_bilingual_reports_are_ingested_with_their_towns(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for name, script in SCRIPTS.items():
        (folder / f"{name}.txt").write_text(_txt(script), encoding="utf-8")
    store = ReportStore(tmp_path / "store")
    summary = store.ingest([folder])
    assert [(o.status, o.problem) for o in summary.outcomes] == [("added", None)] * len(SCRIPTS)
    towns = {Path(r.file).stem: r.meta["town"] for r in store.reports()}
    assert towns == {name: script.town for name, script in SCRIPTS.items()}
    for report in store.reports():
        assert report.parts == ["measures", "shortcomings", "plans"]
        original = store.document(report.id).original
        sheet = store.fact_sheet(report)
        figures = {key: sheet.indicator(key) for key in ("disputes_mediated", "certified_officers", "body_cameras")}
        assert {key: entry.value for key, entry in figures.items()} == {
            "disputes_mediated": 86, "certified_officers": 18, "body_cameras": 6,
        }
        for entry in figures.values():
            assert original[entry.start : entry.end] == entry.quote
        assert not any(is_other_script(original[s.start : s.end]) for s in sheet.statements)
