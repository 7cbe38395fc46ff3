"""The extraction pipeline: check, detect language, batch, dispatch, keep order.

Language packages (declared in :data:`pactgraph.record.LANGUAGES`, found by
:mod:`pactgraph.extract.base`) load only when a document of their language
arrives, so English-only runs never import the Chinese tools and vice versa.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from pactgraph import errors
from pactgraph.extract.base import LanguageExtractor, PreparedDoc, load_extractor
from pactgraph.extract.language import detect_language
from pactgraph.extract.shared import dates
from pactgraph.ingest.documents import Document, DocumentError
from pactgraph.record import Record

MAX_CHARS = 1_000_000
"""Longest text extracted; releases are a few thousand characters, so a longer
one is a scraping accident (a whole site dump) and is refused, not truncated."""


@dataclass
class Result:
    """One document's outcome: a record, or the error that stopped it."""

    doc_id: str | None
    record: Record | None = None
    error: errors.PactgraphError | None = None
    document: Document | None = None

    @property
    def ok(self) -> bool:
        return self.record is not None


ErrorHandler = Callable[[Result], None]


def _check_text(doc: Document, max_chars: int) -> None:
    text = doc.text
    where = {"source": doc.source, "line": doc.line, "doc_id": doc.id}
    if not text or not text.strip():
        raise errors.EmptyText("text is empty", **where)
    if len(text) > max_chars:
        raise errors.TextTooLarge(f"text has {len(text):,} characters, more than the limit of {max_chars:,}",
                                  **where)
    sample = text[:4096]
    controls = sum(1 for ch in sample if (ord(ch) < 32 and ch not in "\t\n\r\f\v") or ch == "\ufffd")
    if controls > max(8, len(sample) // 50):
        raise errors.BinaryText(f"text looks binary ({controls} control or replacement characters "
                                f"in the first {len(sample)})", **where)


class Extractor:
    """Holds the loaded language extractors; reuse one for many documents."""

    def __init__(self, *, max_chars: int = MAX_CHARS, batch_size: int = 32) -> None:
        self.max_chars = max_chars
        self.batch_size = batch_size
        self._langs: dict[str, LanguageExtractor] = {}

    def language(self, lang: str) -> LanguageExtractor:
        if lang not in self._langs:
            self._langs[lang] = load_extractor(lang)
        return self._langs[lang]

    def prepare(self, doc: Document) -> PreparedDoc:
        _check_text(doc, self.max_chars)
        return PreparedDoc(doc=doc, lang=detect_language(doc.text),
                           pub=dates.publication_date(doc.published, doc.url),
                           pub_month=dates.year_from_url(doc.url))

    def _run_batch(self, lang: str, batch: list[PreparedDoc]) -> list[Result]:
        extractor = self.language(lang)
        try:
            records = extractor.extract_batch(batch)
            return [Result(p.doc.id, record=r, document=p.doc) for p, r in zip(batch, records, strict=True)]
        except Exception:  # noqa: BLE001 - isolate the failing document below
            if len(batch) == 1:
                raise
        return [self._run_one(p) for p in batch]

    def _run_one(self, prepared: PreparedDoc) -> Result:
        doc = prepared.doc
        try:
            record = self.language(prepared.lang).extract_batch([prepared])[0]
            return Result(doc.id, record=record, document=doc)
        except errors.PactgraphError as exc:
            return Result(doc.id, error=exc, document=doc)
        except Exception as exc:  # noqa: BLE001 - a bug on one document must not stop a batch
            err = errors.ExtractionError(f"extraction failed: {type(exc).__name__}: {exc}",
                                         source=doc.source, line=doc.line, doc_id=doc.id)
            return Result(doc.id, error=err, document=doc)

    def pipe(self, items: Iterable[Document | DocumentError]) -> Iterator[Result]:
        """Extract a stream of documents in batches; results come in input order."""
        pending: list[tuple[int, Result | PreparedDoc]] = []

        def flush() -> Iterator[Result]:
            by_lang: dict[str, list[PreparedDoc]] = {}
            for _, item in pending:
                if isinstance(item, PreparedDoc):
                    by_lang.setdefault(item.lang, []).append(item)
            done: dict[int, Result] = {}
            for lang, batch in by_lang.items():
                try:
                    results = self._run_batch(lang, batch)
                except Exception:  # noqa: BLE001
                    results = [self._run_one(p) for p in batch]
                for prepared, result in zip(batch, results, strict=True):
                    done[id(prepared)] = result
            for _, item in pending:
                yield done[id(item)] if isinstance(item, PreparedDoc) else item
            pending.clear()

        for n, item in enumerate(items):
            if isinstance(item, DocumentError):
                pending.append((n, Result(item.id, error=item.error)))
            else:
                try:
                    pending.append((n, self.prepare(item)))
                except errors.PactgraphError as exc:
                    pending.append((n, Result(item.id, error=exc, document=item)))
            if sum(isinstance(i, PreparedDoc) for _, i in pending) >= self.batch_size:
                yield from flush()
        if pending:
            yield from flush()

    def extract(self, text: str, *, url: str | None = None, published: str | None = None,
                doc_id: str | None = None) -> Record:
        """Extract one text; raises the document's error instead of returning it."""
        doc = Document(id=doc_id or "doc", text=text, url=url, published=published)
        prepared = self.prepare(doc)
        record = self.language(prepared.lang).extract_batch([prepared])[0]
        if doc_id is None:
            record.id = None
        return record


_DEFAULT: Extractor | None = None


def default_extractor() -> Extractor:
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Extractor()
    return _DEFAULT
