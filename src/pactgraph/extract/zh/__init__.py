"""Chinese extraction: simplified and traditional news releases to cooperation records."""

from pactgraph.extract.zh.extractor import ChineseExtractor

__all__ = ["ChineseExtractor"]
