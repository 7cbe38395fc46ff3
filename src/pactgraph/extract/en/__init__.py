"""English extraction: spaCy's parser and NER layered with pactgraph's genre rules and lexicons."""

from __future__ import annotations

import re

from pactgraph.extract.base import LanguageSpec

_LATIN = re.compile(r"[A-Za-z]")


def detect(sample: str) -> float:
    """Latin letters, weighed against Chinese characters (one carries about as much as a 4-5 letter word)."""
    return 0.5 * len(_LATIN.findall(sample))


LANGUAGE = LanguageSpec(code="en", name="English", extractor="pactgraph.extract.en.extractor:EnglishExtractor",
                        detect=detect)


def __getattr__(name: str) -> object:
    if name == "EnglishExtractor":  # heavy: imported only when asked for
        from pactgraph.extract.en.extractor import EnglishExtractor

        return EnglishExtractor
    raise AttributeError(name)
