"""Tell English from Chinese (both scripts) by the share of Han characters."""

from __future__ import annotations

import re

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LATIN = re.compile(r"[A-Za-z]")


def detect_language(text: str) -> str:
    """Return ``"zh"`` when Han characters outnumber a fifth of the letters, else ``"en"``.

    Chinese releases carry Latin debris (URLs, pinyin, brand names) and English
    ones carry the odd Chinese name, so a ratio over the whole text is steadier
    than the first characters.
    """
    sample = text[:20000]
    han = len(_HAN.findall(sample))
    latin = len(_LATIN.findall(sample))
    # A Chinese character carries about as much as a 4-5 letter English word.
    return "zh" if han * 4 > latin * 0.5 and han >= 5 else "en"
