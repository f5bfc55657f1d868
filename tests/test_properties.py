"""Properties of loading and normalising, over generated text (hypothesis) rather than a few
hand-picked files: what every citation and every report id relies on."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from store.loaders import decode_bytes
from store.normalize import normalize

# The characters reports are made of (store.loaders._is_expected_char), plus the debris that
# normalising removes or rewrites: CRLF, full-width and no-break spaces, zero-width characters,
# Word bookmarks, blank lines and heading numbers.
_CJK = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)
_REPORT_CHAR = st.one_of(
    _CJK,
    st.characters(min_codepoint=0x20, max_codepoint=0x7E),
    st.sampled_from(list("，。、；：？！“”（）《》【】—…·０１２３％①\n\t　")),
)
_DEBRIS = st.sampled_from(
    ["\r\n", "\n\n", "\u3000\u3000", "\u00a0", "\u200b", "\ufeff", "[bookmark: _Toc12]", "一、", "（二）", "3.", " 年 "]
)
REPORT_TEXT = st.text(_REPORT_CHAR, min_size=1, max_size=400)
# For encoding detection: the 3,755 common hanzi (GB2312 level 1, what reports are written in) and
# at least a sentence's worth of text. Two rare ideographs alone are valid in several encodings at
# once (GBK 鎬丂 is also a plausible 态@), which no detector can settle and no report is.
_COMMON_HANZI = st.sampled_from([bytes([hi, lo]).decode("gb2312") for hi in range(0xB0, 0xD8)
                                 for lo in range(0xA1, 0xFF) if (hi, lo) < (0xD7, 0xFA)])
ENCODED_TEXT = st.text(st.one_of(_COMMON_HANZI, _COMMON_HANZI, _REPORT_CHAR), min_size=12, max_size=400)
RAW_TEXT = st.lists(st.one_of(_REPORT_CHAR, _DEBRIS, st.text(_CJK, min_size=20, max_size=40)), max_size=120).map("".join)

_SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@_SETTINGS
@given(ENCODED_TEXT, st.sampled_from(["utf-8", "utf-8-sig", "gb18030", "utf-16"]))
def test_report_text_round_trips_through_every_common_encoding(text: str, encoding: str) -> None:
    """UTF-16 here carries its BOM, as Notepad writes it. Without one the byte order is a guess
    that short texts make ambiguous (LE "0一" read as BE is "\u3000N", as plausible), so BOM-less
    UTF-16 is checked on whole reports in test_loaders instead."""
    assert decode_bytes(text.encode(encoding), "r.txt") == text


@_SETTINGS
@given(ENCODED_TEXT)
def test_gbk_text_round_trips(text: str) -> None:
    try:
        data = text.encode("gbk")
    except UnicodeEncodeError:  # GBK lacks some ideographs GB18030 has
        return
    assert decode_bytes(data, "r.txt") == text


_WHITESPACE_FOR = {" ": " \u3000\u00a0\t\f\v\u2002\u2003\u2009", "\n": "\r\n"}


@_SETTINGS
@given(RAW_TEXT)
def test_every_clean_character_maps_to_its_own_character_in_the_original(original: str) -> None:
    """The offset map is strictly increasing and each clean character is the original character
    at its offset, or the space / line break that replaced original whitespace: so every span
    and line number points at the file as the user has it."""
    clean = normalize(original)
    assert len(clean.offsets) == len(clean.text)
    assert all(a < b for a, b in zip(clean.offsets[:-1], clean.offsets[1:], strict=True))
    for char, at in zip(clean.text, clean.offsets, strict=True):
        source = original[int(at)]
        assert char == source or source in _WHITESPACE_FOR.get(char, ""), (char, source)


@_SETTINGS
@given(RAW_TEXT, st.data())
def test_any_clean_passage_is_found_again_and_maps_to_a_line_of_the_original(original: str, data) -> None:
    clean = normalize(original)
    if not clean.text.strip():
        return
    a = data.draw(st.integers(0, len(clean.text) - 1))
    b = data.draw(st.integers(a + 1, len(clean.text)))
    quote = clean.text[a:b]
    if not quote.strip():
        return
    start, end = clean.find(quote)
    assert "".join(clean.text[start:end].split()) == "".join(quote.split())
    first, _ = clean.original_span(start, end)
    assert clean.line_of(first) == original.count("\n", 0, first) + 1


@_SETTINGS
@given(RAW_TEXT)
def test_normalising_clean_text_again_only_joins_lines(original: str) -> None:
    """Not strictly idempotent, by design: whether a line break is a stray one (a sentence cut in
    two) is decided from the original's blank lines and line lengths, which the clean text no
    longer has. eval/corpus/r02.txt is the real case: its title is kept apart from the opening
    paragraph by two blank lines; in the clean text one break is left, and a second pass would
    join them. What does hold: a second pass changes no character, it can only remove breaks."""
    once = normalize(original).text
    twice = normalize(once).text
    assert twice.replace("\n", "") == once.replace("\n", "")
    assert normalize(twice).text.count("\n") <= twice.count("\n")
