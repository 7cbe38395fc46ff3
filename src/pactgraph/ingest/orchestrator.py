"""The one read → extract → resolve → write loop that files, URLs, feeds, watch and Dask share.

Every way of ingesting hands :class:`Orchestrator` a stream of documents (or
read errors); the orchestrator

- skips documents stored with the same content hash and a record (``force``
  re-extracts them), so a re-run resumes where a killed one stopped;
- sends the rest through an extractor with the
  :meth:`~pactgraph.extract.pipeline.Extractor.pipe` interface: the in-process
  pipeline, or :class:`~pactgraph.extract.distributed.DaskExtractor` on a local
  or remote Dask cluster (this process stays the only writer);
- hands the results to :class:`~pactgraph.store.writer.StoreWriter` in
  batches of ``commit_every``, one transaction each, isolating a document the
  store cannot take so the rest of its batch is kept;
- never lets a read or fetch error replace a document stored with a record:
  the error is reported and the stored document stays as it was.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection

from pactgraph import errors
from pactgraph.ingest.documents import Document, DocumentError
from pactgraph.resolve.kb import KnowledgeBase
from pactgraph.store.db import Database, StoreWriteError, open_database
from pactgraph.store.writer import StoredState, StoreWriter, WriteItem, content_hash

ProgressCallback = Callable[[int, int | None], None]
"""``progress(done, total)``; ``total`` is None while the input's length is not known."""

AfterBatch = Callable[[Connection, list[WriteItem]], None]
"""Runs in each batch's transaction after the writer's rows (see :meth:`StoreWriter.write_batch`)."""


@dataclass
class IngestReport:
    """What one ingest did."""

    db: str
    total: int = 0
    added: int = 0
    updated: int = 0
    """Stored documents written again: a changed text (a new version) or a forced re-extraction."""
    unchanged: int = 0
    failed: int = 0
    retried: int = 0
    skipped: int = 0
    """Input errors that could not be stored (no id, duplicate id, or a stored document kept)."""
    seconds: float = 0.0
    errors: list[dict[str, Any]] = field(default_factory=list)

    @property
    def documents_per_second(self) -> float:
        return self.total / self.seconds if self.seconds > 0 else 0.0

    @property
    def ok(self) -> bool:
        return self.failed == 0 and self.skipped == 0

    def merge(self, other: IngestReport) -> None:
        """Add another report's counts and errors to this one (watch rounds, several sources)."""
        for name in ("total", "added", "updated", "unchanged", "failed", "retried", "skipped"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.seconds += other.seconds
        self.errors.extend(other.errors)

    def to_dict(self) -> dict[str, Any]:
        return {
            "db": self.db,
            "total": self.total,
            "added": self.added,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "failed": self.failed,
            "retried": self.retried,
            "skipped": self.skipped,
            "seconds": round(self.seconds, 3),
            "documents_per_second": round(self.documents_per_second, 1),
            "errors": self.errors,
        }


class Orchestrator:
    """Ingests streams of documents into one database through one writer.

    Reuse one orchestrator for several streams (``watch`` rounds): the
    writer's entity index and the extractor are loaded once.
    """

    def __init__(
        self,
        db: str | os.PathLike[str] | Database | None = None,
        *,
        kb: KnowledgeBase | None = None,
        extractor: Any | None = None,
        batch_size: int = 32,
        commit_every: int = 256,
        force: bool = False,
    ) -> None:
        self.database = open_database(db)
        self.writer = StoreWriter(self.database, kb=kb)
        self.batch_size = batch_size
        self.commit_every = max(1, commit_every)
        self.force = force
        self._extractor = extractor

    @property
    def extractor(self) -> Any:
        if self._extractor is None:
            from pactgraph.extract.pipeline import Extractor, default_extractor

            self._extractor = default_extractor()
            if self._extractor.batch_size != self.batch_size:
                self._extractor = Extractor(batch_size=self.batch_size)
        return self._extractor

    def new_report(self) -> IngestReport:
        return IngestReport(db=self.database.engine.url.render_as_string(hide_password=True))

    def run(
        self,
        items: Iterable[Document | DocumentError],
        *,
        total: int | None = None,
        progress: ProgressCallback | None = None,
        after_batch: AfterBatch | None = None,
        apply_corrections: bool = True,
    ) -> IngestReport:
        """Ingest a stream of documents and read errors; returns what was done.

        The stream is read lazily, a window at a time, so fetching and
        extraction overlap and memory stays flat. ``total`` (default: the
        stream's length when it has one) feeds ``progress``.
        """
        started = time.perf_counter()
        report = self.new_report()
        if total is None and isinstance(items, Sequence):
            total = len(items)
        run = _Run(self, report, total, progress, after_batch)
        run.go(items)
        if apply_corrections:
            self.writer.apply_corrections()
        report.seconds = time.perf_counter() - started
        return report


class _Run:
    """The state of one :meth:`Orchestrator.run`: what is stored, what is pending, the counts."""

    def __init__(self, owner: Orchestrator, report: IngestReport, total: int | None,
                 progress: ProgressCallback | None, after_batch: AfterBatch | None) -> None:
        self.owner = owner
        self.writer = owner.writer
        self.report = report
        self.total = total
        self.progress = progress
        self.after_batch = after_batch
        self.done = 0
        self.stored: dict[str, StoredState] = {}
        self.seen: dict[str, str] = {}
        self.pending: list[WriteItem] = []
        self.side: list[WriteItem] = []
        """Input errors to store, queued by the reading side while the extractor pulls documents."""

    # -- reading side -----------------------------------------------------------
    def _todo(self, items: Iterable[Document | DocumentError]) -> Iterator[Document]:
        """The documents to extract, looking up what is stored one window at a time."""
        window: list[Document | DocumentError] = []
        for item in items:
            window.append(item)
            if len(window) >= self.owner.commit_every:
                yield from self._sift(window)
                window = []
        if window:
            yield from self._sift(window)

    def _sift(self, window: list[Document | DocumentError]) -> Iterator[Document]:
        ids = [i.id for i in window if isinstance(i, Document)]
        ids += [i.error.doc_id for i in window if isinstance(i, DocumentError) and i.error.doc_id]
        self.stored.update(self.writer.stored([i for i in ids if i not in self.stored]))
        report = self.report
        for item in window:
            report.total += 1
            if isinstance(item, DocumentError):
                self._input_error(item.error)
                continue
            digest = content_hash(item)
            if item.id in self.seen:
                if self.seen[item.id] != digest:
                    self._input_error(errors.DuplicateId("duplicate id in this run with another text",
                                                         source=item.source, line=item.line, doc_id=item.id))
                else:  # the same page listed twice (two feeds, feed and sitemap): read once
                    self._count_unchanged()
                continue
            self.seen[item.id] = digest
            previous = self.stored.get(item.id)
            if previous and previous.status == "ok" and previous.content_hash == digest and not self.owner.force:
                self._count_unchanged()
                continue
            yield item

    def _count_unchanged(self) -> None:
        self.report.unchanged += 1
        self.done += 1
        self._tick()

    def _input_error(self, err: errors.PactgraphError) -> None:
        previous = self.stored.get(err.doc_id) if err.doc_id else None
        storable = err.doc_id and not isinstance(err, errors.DuplicateId) and err.doc_id not in self.seen
        if storable and not (previous and previous.status == "ok"):
            self.seen[err.doc_id] = ""  # type: ignore[index]
            doc = Document(id=err.doc_id, text="", source=err.source, line=err.line)  # type: ignore[arg-type]
            self.side.append(WriteItem(doc, None, err))
            return
        # nothing to store, or a stored document is kept rather than replaced by an error
        self.report.skipped += 1
        self.report.errors.append(err.to_dict())
        self.done += 1
        self._tick()

    # -- writing side -----------------------------------------------------------
    def go(self, items: Iterable[Document | DocumentError]) -> None:
        self._tick()
        for result in self.owner.extractor.pipe(self._todo(items)):
            self._take_side()
            if result.document is None:
                continue
            self.pending.append(WriteItem(result.document, result.record, result.error))
            if len(self.pending) >= self.owner.commit_every:
                self._flush()
        self._take_side()
        self._flush()

    def _take_side(self) -> None:
        if self.side:
            self.pending.extend(self.side)
            self.side.clear()

    def _flush(self) -> None:
        if not self.pending:
            return
        batch, self.pending = self.pending, []
        try:
            self.writer.write_batch(batch, after=self.after_batch)
        except Exception:  # noqa: BLE001 - isolate the document the store cannot take
            for one in batch:
                try:
                    self.writer.write_batch([one], after=self.after_batch)
                except Exception as exc_one:  # noqa: BLE001
                    err = StoreWriteError(f"cannot store: {type(exc_one).__name__}: {exc_one}",
                                          doc_id=one.document.id)
                    one = WriteItem(one.document, None, err)
                    self.writer.write_batch([one], after=self.after_batch)
                self._account(one)
        else:
            for one in batch:
                self._account(one)
        self.done += len(batch)
        self._tick()

    def _account(self, item: WriteItem) -> None:
        report = self.report
        previous = self.stored.get(item.document.id)
        if previous and previous.status == "error":
            report.retried += 1
        if item.record is None:
            report.failed += 1
            if item.error is not None:
                report.errors.append(item.error.to_dict())
        elif previous:
            report.updated += 1
        else:
            report.added += 1

    def _tick(self) -> None:
        if self.progress:
            self.progress(self.done, self.total)


def ingest(
    inputs: Iterable[str | os.PathLike[str]] | Iterable[Document | DocumentError],
    db: str | os.PathLike[str] | Database | None = None,
    *,
    kb: KnowledgeBase | None = None,
    batch_size: int = 32,
    commit_every: int = 256,
    force: bool = False,
    progress: ProgressCallback | None = None,
    extractor: Any | None = None,
    policy: Any | None = None,
) -> IngestReport:
    """Extract ``inputs`` and store them in ``db``: paths as for ``extract``, documents, or URLs.

    ``http(s)://`` inputs are pages, RSS/Atom feeds or sitemaps, fetched
    with ``policy`` (a :class:`~pactgraph.ingest.fetch.FetchPolicy`) and
    remembered in the ``sources`` table, so a second run fetches only what
    changed. Unchanged documents already stored are skipped (``force``
    re-extracts them); changed ones become a new version of their document;
    failures are stored with their error and retried next time.
    ``extractor`` is anything with the
    :meth:`~pactgraph.extract.pipeline.Extractor.pipe` method (default: the
    standard pipeline in this process).
    """
    started = time.perf_counter()
    items = list(inputs)
    urls = [str(i) for i in items if isinstance(i, str) and i.startswith(("http://", "https://"))]
    rest = [i for i in items if not (isinstance(i, str) and i.startswith(("http://", "https://")))]
    orchestrator = Orchestrator(db, kb=kb, extractor=extractor, batch_size=batch_size,
                                commit_every=commit_every, force=force)
    report = orchestrator.new_report()
    if rest or not urls:
        report.merge(orchestrator.run(documents_of(rest), progress=progress))
    if urls:
        from pactgraph.ingest.harvest import harvest

        offset = report.total

        def shifted(done: int, total: int | None) -> None:
            if progress:
                progress(offset + done, None)

        report.merge(harvest(urls, orchestrator, policy=policy, progress=shifted if progress else None))
    report.seconds = time.perf_counter() - started
    return report


def documents_of(inputs: Iterable[Any]) -> list[Document | DocumentError]:
    """Documents and read errors of ``inputs``: documents as given, paths read as :func:`read_documents` does.

    Files are read up front so the progress bar knows the total.
    """
    items: list[Document | DocumentError] = []
    paths: list[str] = []
    for item in inputs:
        if isinstance(item, (Document, DocumentError)):
            items.append(item)
        else:
            paths.append(os.fspath(item))
    if paths:
        from pactgraph.ingest.documents import read_documents

        items.extend(read_documents(paths))
    return items


def parse_interval(value: float | str) -> int:
    """Seconds of ``3600``, ``"90s"``, ``"30m"``, ``"1h"``, ``"2d"``; raises ``UsageError`` otherwise."""
    if isinstance(value, (int, float)):
        seconds = float(value)
    else:
        text = value.strip().lower()
        units = {"s": 1, "m": 60, "h": 3600, "d": 86400}
        try:
            seconds = float(text[:-1]) * units[text[-1]] if text and text[-1] in units else float(text)
        except ValueError:
            raise errors.UsageError(f"not an interval: {value!r} (say 90s, 30m, 1h or 2d)") from None
    if seconds <= 0:
        raise errors.UsageError(f"the interval must be positive, not {value!r}")
    return int(seconds)
