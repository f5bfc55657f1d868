"""Which writing system report text is in: the one definition of Chinese (Han ideographs) that
loading, cleaning and reading share.
"""

from __future__ import annotations

import re

HAN = "\u4e00-\u9fff"
"""The CJK unified ideographs, as the body of a regex character class (``f"[{HAN}]"``)."""
HAN_CHAR = re.compile(f"[{HAN}]")


def has_han(text: str) -> bool:
    """Whether ``text`` holds any Chinese character: a report must, and so must a line that can
    be a title, a heading, an issuer or a date."""
    return HAN_CHAR.search(text) is not None
