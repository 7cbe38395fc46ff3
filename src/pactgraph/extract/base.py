"""The contract every language package fulfils, and the registry that finds the packages.

A language is one package ``pactgraph.extract.<code>`` (as in spaCy's ``lang/``)
whose ``__init__`` declares :data:`LANGUAGE`, a :class:`LanguageSpec`: how
to recognise its texts, and where its extractor lives. The extractor turns
prepared documents into :class:`~pactgraph.extract.shared.drafts.Document`
drafts; the record itself is assembled once, in shared code. The codes are
declared in :data:`pactgraph.record.LANGUAGES`: a new language is one package
plus one entry there.
"""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache

from pactgraph.extract.shared import drafts
from pactgraph.ingest.documents import Document
from pactgraph.record import LANGUAGES, Record


@dataclass
class PreparedDoc:
    """A document checked, its language known, its publication date resolved."""

    doc: Document
    lang: str
    pub: dt.date | None
    pub_month: tuple[int, int] | None = None

    @property
    def text(self) -> str:
        return self.doc.text


@dataclass(frozen=True)
class LanguageSpec:
    """What the pipeline needs to know of a language before loading any of its tools."""

    code: str
    name: str
    extractor: str
    """``module:Class`` of the language's :class:`LanguageExtractor`, imported on first use."""
    detect: Callable[[str], float]
    """Evidence that a text sample is in this language (comparable across languages; highest wins)."""


class LanguageExtractor:
    """Documents of one language to drafts, in batches, order kept; records through the shared assembly."""

    lang: str

    def draft_batch(self, docs: Sequence[PreparedDoc]) -> list[drafts.Document]:
        raise NotImplementedError

    def extract_batch(self, docs: Sequence[PreparedDoc]) -> list[Record]:
        from pactgraph.extract.shared.assemble import Assembler

        assembler = Assembler(self.lang)
        return [assembler.record(d) for d in self.draft_batch(docs)]


@cache
def language(code: str) -> LanguageSpec:
    """The spec of a declared language (imports only the package's light ``__init__``)."""
    if code not in LANGUAGES:
        raise KeyError(f"unknown language {code!r}; known: {', '.join(LANGUAGES)}")
    return importlib.import_module(f"pactgraph.extract.{code}").LANGUAGE


def load_extractor(code: str) -> LanguageExtractor:
    """A new extractor of a language (its models and lexicons load here or on first batch)."""
    module, _, name = language(code).extractor.partition(":")
    return getattr(importlib.import_module(module), name)()
