"""What every language package provides: a batch extractor of prepared documents."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from pactgraph.ingest.documents import Document
from pactgraph.record import Record


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


class LanguageExtractor(Protocol):
    """Documents of one language to records, in batches, order kept."""

    lang: str

    def extract_batch(self, docs: Sequence[PreparedDoc]) -> list[Record]: ...
