"""Chinese extraction: simplified and traditional news releases to cooperation records."""

from __future__ import annotations

import re

from pactgraph.extract.base import LanguageSpec

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def detect(sample: str) -> float:
    """Han characters, four Latin letters' worth each; fewer than five is a stray name, not Chinese text."""
    han = len(_HAN.findall(sample))
    return 4.0 * han if han >= 5 else 0.0


LANGUAGE = LanguageSpec(code="zh", name="Chinese", extractor="pactgraph.extract.zh.extractor:ChineseExtractor",
                        detect=detect)


def __getattr__(name: str) -> object:
    if name == "ChineseExtractor":  # heavy: imported only when asked for
        from pactgraph.extract.zh.extractor import ChineseExtractor

        return ChineseExtractor
    raise AttributeError(name)
