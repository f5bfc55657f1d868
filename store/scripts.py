"""Which writing system report text is in: the one definition of Chinese (Han ideographs) that
loading, cleaning and reading share, and of a paragraph written in another script.

Reports from autonomous regions put each paragraph in the local script (traditional Mongolian,
Uyghur or Kazakh in Arabic script, Tibetan, Yi, Korean…) and then in Chinese. fazhi reads the
Chinese: a line with no Han character but letters of another script is that other language's
paragraph, and cleaning leaves it out of the text every reader works on (it stays in the original
file, so offsets into the original do not move). Latin letters are not "another script" here:
Chinese reports carry URLs, acronyms and English lines, and those lines are kept as they were.
"""

from __future__ import annotations

import re
import unicodedata

HAN = "\u4e00-\u9fff"
"""The CJK unified ideographs, as the body of a regex character class (``f"[{HAN}]"``)."""
HAN_CHAR = re.compile(f"[{HAN}]")

# Letters that belong to Chinese text as written in reports: Latin (also full-width) and the
# ideographic letters (々). Python has no script property; a letter's name starts with its script.
_OWN_LETTERS = ("LATIN ", "FULLWIDTH LATIN ", "CJK ", "IDEOGRAPHIC ")


def has_han(text: str) -> bool:
    """Whether ``text`` holds any Chinese character: a report must, and so must a line that can
    be a title, a heading, an issuer or a date."""
    return HAN_CHAR.search(text) is not None


def _other_letter(char: str) -> bool:
    """A letter of neither Latin nor Han: what only a paragraph in another language is made of."""
    return char.isalpha() and not char.isascii() and not unicodedata.name(char, "").startswith(_OWN_LETTERS)


def is_other_script(line: str) -> bool:
    """A line written in another script: no Han character, and letters of a script that is neither
    Han nor Latin. Digits, punctuation and emoji alone do not make a line foreign (page numbers,
    dates and separators stay where they are)."""
    return not has_han(line) and any(map(_other_letter, line))
