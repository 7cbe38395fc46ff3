"""English extraction: spaCy NER layered with pactgraph's genre rules and lexicons."""

from pactgraph.extract.en.extractor import EnglishExtractor

__all__ = ["EnglishExtractor"]
