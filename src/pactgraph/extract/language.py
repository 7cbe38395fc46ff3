"""Which language a text is in: each declared language scores a sample, the highest wins.

Chinese releases carry Latin debris (URLs, pinyin, brand names) and English
ones carry the odd Chinese name, so each package scores the whole sample
rather than its first characters. Ties go to the language declared first.
"""

from __future__ import annotations

from pactgraph.extract.base import language
from pactgraph.record import LANGUAGES

SAMPLE = 20000
"""Characters of a text that detection reads."""


def detect_language(text: str) -> str:
    sample = text[:SAMPLE]
    best, best_score = LANGUAGES[0], float("-inf")
    for code in LANGUAGES:
        score = language(code).detect(sample)
        if score > best_score:
            best, best_score = code, score
    return best
