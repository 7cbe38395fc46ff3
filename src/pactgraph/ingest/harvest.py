"""URLs to documents, incrementally: pages, RSS/Atom feeds and sitemaps, remembering what was seen.

One :meth:`Harvester.round` fetches each source (conditionally, with the
ETag/Last-Modified it last gave), lists a feed's or sitemap's items, fetches
the items that are new, changed (by the source's own stamp) or not yet taken,
and streams the pages as documents into the shared
:class:`~pactgraph.ingest.orchestrator.Orchestrator`.

Safe to stop at any moment (Ctrl-C, kill -9): a listing is committed before
its items are fetched, and an item is marked taken in the same transaction as
its document, so a restart fetches exactly the items whose documents are not
stored yet. ``pactgraph ingest URL`` is one round; ``pactgraph watch`` repeats
rounds.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from sqlalchemy import Connection

from pactgraph import errors
from pactgraph.ingest.documents import Document, DocumentError
from pactgraph.ingest.fetch import Fetcher, FetchError, FetchPolicy, Response
from pactgraph.ingest.listing import Listed, classify, feed_items, sitemap_entries, url_document_id
from pactgraph.ingest.orchestrator import IngestReport, Orchestrator, ProgressCallback
from pactgraph.store import sources as store_sources
from pactgraph.store.writer import WriteItem

MAX_SITEMAP_DEPTH = 3
MAX_ITEMS = 100_000
"""Most items taken from one source in one round (a runaway sitemap stops there; the rest come next round)."""


def is_url(value: str) -> bool:
    return value.startswith(("http://", "https://"))


@dataclass
class _Taken:
    """What to write for an item once its document is stored (``after`` of the document's batch)."""

    source_id: int
    key: str
    url: str
    updated: str | None
    etag: str | None
    last_modified: str | None
    content_hash: str
    status: int
    source_is_page: bool


def _digest(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


class Harvester:
    """Fetches sources into one database through one orchestrator and one HTTP client."""

    def __init__(self, orchestrator: Orchestrator, fetcher: Fetcher | None = None, *,
                 policy: FetchPolicy | None = None, max_items: int = MAX_ITEMS) -> None:
        self.orchestrator = orchestrator
        self.fetcher = fetcher or Fetcher(policy)
        self.max_items = max_items
        self.engine = orchestrator.database.engine
        self._taken: dict[str, _Taken] = {}
        self.skipped_items = 0
        self._expected = 0
        """Documents this round is expected to yield: one per source not yet listed, one per item to fetch."""

    def close(self) -> None:
        self.fetcher.close()

    # -- one round ----------------------------------------------------------------
    def round(self, urls: list[str] | None = None, *, watched: bool = False, every_seconds: int | None = None,
              progress: ProgressCallback | None = None, log: Callable[[str], None] | None = None) -> IngestReport:
        """Fetch ``urls`` (or every watched source when None) once; returns what was ingested."""
        with self.engine.begin() as conn:
            if urls is None:
                rows = store_sources.watched_sources(conn)
            else:
                rows = [store_sources.get_or_add(conn, u, watched=watched, every_seconds=every_seconds)
                        for u in dict.fromkeys(urls)]
        self._taken.clear()
        self.skipped_items = 0
        self._expected = len(rows)
        self._log = log

        def tick(done: int, total: int | None) -> None:  # a total that grows as feeds and sitemaps are listed
            if progress:
                progress(done, max(done, self._expected))

        report = self.orchestrator.run(self._documents(rows), progress=tick if progress else None,
                                       after_batch=self._after)
        self._sweep()
        report.unchanged += self.skipped_items
        report.total += self.skipped_items
        return report

    def _documents(self, rows: list[dict]) -> Iterator[Document | DocumentError]:
        for row in rows:
            yield from self._source(row)

    def _source(self, row: dict) -> Iterator[Document | DocumentError]:
        url = row["url"]
        source_id = row["id"]
        try:
            response = self.fetcher.get(url, etag=row["etag"], last_modified=row["last_modified"])
        except FetchError as exc:
            with self.engine.begin() as conn:
                store_sources.record_error(conn, source_id, f"{exc.reason}: {exc.message}", exc.status)
            if row["kind"] in (None, "page"):
                yield DocumentError(_with_id(exc, url_document_id(url)))
            else:  # the feed is down: its items listed before and not yet taken still come in
                yield from self._items(row, None)
            return
        if response.not_modified:
            with self.engine.begin() as conn:
                store_sources.record_fetch(conn, source_id, status=304)
            if row["kind"] in ("feed", "sitemap"):
                yield from self._items(row, None)
            else:
                self._skip()
            return
        try:
            kind = classify(response)
        except FetchError as exc:
            with self.engine.begin() as conn:
                store_sources.record_error(conn, source_id, f"{exc.reason}: {exc.message}", exc.status)
            yield DocumentError(_with_id(exc, url_document_id(url)))
            return
        if kind == "page":
            yield from self._page(row, Listed(key=url, url=url), response, source_is_page=True)
            return
        listed = self._listing(response, kind)
        with self.engine.begin() as conn:
            store_sources.add_items(conn, source_id, [(i.key, i.url, i.updated) for i in listed])
            store_sources.record_fetch(conn, source_id, kind=kind, status=response.status, etag=response.etag,
                                       last_modified=response.last_modified, content_hash=_digest(response.content),
                                       n_items=len(listed))
        yield from self._items({**row, "kind": kind}, listed)

    def _listing(self, response: Response, kind: str, depth: int = 0) -> list[Listed]:
        if kind == "feed":
            return feed_items(response)
        sort, entries = sitemap_entries(response)
        if sort != "sitemapindex":
            return entries[: self.max_items]
        out: list[Listed] = []
        for child in entries:
            if depth >= MAX_SITEMAP_DEPTH or len(out) >= self.max_items:
                break
            try:
                child_response = self.fetcher.get(child.url)
                out.extend(self._listing(child_response, "sitemap", depth + 1))
            except FetchError as exc:
                self._note(f"sitemap {child.url}: {exc.reason}")
            except Exception as exc:  # noqa: BLE001 - a broken child sitemap is no reason to drop the others
                self._note(f"sitemap {child.url}: {type(exc).__name__}: {exc}")
        return out[: self.max_items]

    def _items(self, row: dict, listed: list[Listed] | None) -> Iterator[Document | DocumentError]:
        with self.engine.connect() as conn:
            known = store_sources.items(conn, row["id"])
        if listed is None:  # not re-listed this round (304, or down): what was listed and is not taken yet
            listed = [Listed(k["key"], k["url"], k["updated"]) for k in known.values()
                      if k["document_id"] is None or k["last_error"]]
            self.skipped_items += len(known) - len(listed)
        todo = []
        for item in dict((i.key, i) for i in listed).values():
            state = known.get(item.key)
            if state and state["document_id"] and not state["last_error"] and state["updated"] == item.updated:
                self.skipped_items += 1  # taken, and the feed or sitemap says it has not changed
                continue
            todo.append((item, state))
        self._expected += len(todo) - 1  # the source's one expected document becomes its items to fetch
        for item, state in todo:
            try:
                response = self.fetcher.get(item.url, etag=state["etag"] if state else None,
                                            last_modified=state["last_modified"] if state else None)
            except FetchError as exc:
                with self.engine.begin() as conn:
                    store_sources.mark_item_error(conn, row["id"], item.key, url=item.url,
                                                  message=f"{exc.reason}: {exc.message}", status=exc.status)
                yield DocumentError(_with_id(exc, url_document_id(item.url)))
                continue
            if response.not_modified and state and state["document_id"]:
                self._mark_unchanged(row["id"], item, state, response)
                continue
            yield from self._page(row, item, response, source_is_page=False, state=state)

    def _page(self, row: dict, item: Listed, response: Response, *, source_is_page: bool,
              state: dict | None = None) -> Iterator[Document | DocumentError]:
        from pactgraph.ingest.html import html_to_document

        digest = _digest(response.content)
        doc_id = url_document_id(item.url)
        if source_is_page:
            with self.engine.connect() as conn:
                state = store_sources.items(conn, row["id"]).get(item.key)
        if state and state["document_id"] and state["content_hash"] == digest and not state["last_error"]:
            self._mark_unchanged(row["id"], item, state, response, source_is_page=source_is_page)
            return
        try:
            if not source_is_page:
                classify_page(response)
            doc = html_to_document(response.content, doc_id=doc_id, source=row["url"], url=response.final_url,
                                   content_type=response.content_type, source_url=response.final_url,
                                   fetched_at=response.fetched_at)
        except errors.PactgraphError as exc:
            message = f"{getattr(exc, 'reason', exc.code)}: {exc.message}"
            with self.engine.begin() as conn:
                store_sources.mark_item_error(conn, row["id"], item.key, url=item.url, message=message,
                                              status=response.status)
                if source_is_page:
                    store_sources.record_error(conn, row["id"], message, response.status)
            err = exc if exc.doc_id else _with_id(exc, doc_id)
            err.source = err.source or item.url
            yield DocumentError(err)
            return
        self._taken[doc.id] = _Taken(row["id"], item.key, item.url, item.updated, response.etag,
                                     response.last_modified, digest, response.status, source_is_page)
        yield doc

    # -- marking items taken ----------------------------------------------------
    def _after(self, conn: Connection, items: list[WriteItem]) -> None:
        """In the transaction of a batch of documents: their items are taken (or failed, to retry)."""
        for item in items:
            taken = self._taken.pop(item.document.id, None)
            if taken is not None:
                self._mark(conn, taken, item.document.id, None if item.record is not None else item.error)

    def _mark(self, conn: Connection, taken: _Taken, doc_id: str, error: errors.PactgraphError | None) -> None:
        store_sources.mark_item(conn, taken.source_id, taken.key, url=taken.url, document_id=doc_id,
                                updated=taken.updated, etag=taken.etag, last_modified=taken.last_modified,
                                content_hash=taken.content_hash, status=taken.status,
                                error=f"{error.code}: {error.message}" if error else None)
        if taken.source_is_page:
            store_sources.record_fetch(conn, taken.source_id, kind="page", status=taken.status, etag=taken.etag,
                                       last_modified=taken.last_modified, content_hash=taken.content_hash,
                                       n_items=1)

    def _mark_unchanged(self, source_id: int, item: Listed, state: dict, response: Response, *,
                        source_is_page: bool = False) -> None:
        taken = _Taken(source_id, item.key, item.url, item.updated, response.etag or state["etag"],
                       response.last_modified or state["last_modified"], state["content_hash"],
                       response.status, source_is_page)
        with self.engine.begin() as conn:
            self._mark(conn, taken, state["document_id"], None)
        self._skip()

    def _skip(self) -> None:
        """One expected document turned out unchanged: counted as such, not fetched or extracted again."""
        self.skipped_items += 1
        self._expected -= 1

    def _sweep(self) -> None:
        """Items whose document the orchestrator found stored already (same text): taken too."""
        if not self._taken:
            return
        stored = self.orchestrator.writer.stored(list(self._taken))
        with self.engine.begin() as conn:
            for doc_id, taken in list(self._taken.items()):
                state = stored.get(doc_id)
                if state is not None and state.status == "ok":
                    self._mark(conn, taken, doc_id, None)
        self._taken.clear()

    def _note(self, message: str) -> None:
        if self._log:
            self._log(message)


def classify_page(response: Response) -> None:
    """Raise :class:`~pactgraph.ingest.fetch.NotAPage` unless an item's response is an HTML page."""
    kind = classify(response)
    if kind != "page":
        from pactgraph.ingest.fetch import NotAPage

        raise NotAPage(f"a {kind} where a page was expected", url=response.url, status=response.status,
                       reason=f"not HTML ({kind})")


def _with_id(exc: errors.PactgraphError, doc_id: str) -> errors.PactgraphError:
    exc.doc_id = doc_id
    return exc


def harvest(urls: list[str], orchestrator: Orchestrator, *, policy: FetchPolicy | None = None,
            progress: ProgressCallback | None = None) -> IngestReport:
    """One round over ``urls`` (``pactgraph ingest URL...``)."""
    harvester = Harvester(orchestrator, policy=policy)
    try:
        return harvester.round(urls, progress=progress)
    finally:
        harvester.close()


def watch(urls: list[str] | None, orchestrator: Orchestrator, *, every_seconds: int = 3600,
          rounds: int | None = None, policy: FetchPolicy | None = None, progress: ProgressCallback | None = None,
          on_round: Callable[[int, IngestReport], None] | None = None,
          sleep: Callable[[float], None] = time.sleep) -> IngestReport:
    """Rounds over ``urls`` (added as watched) or every watched source, ``every_seconds`` apart.

    Runs ``rounds`` rounds (forever when None); returns the sum of the rounds' reports.
    """
    harvester = Harvester(orchestrator, policy=policy)
    total = orchestrator.new_report()
    n = 0
    try:
        if urls:
            with orchestrator.database.engine.begin() as conn:
                for url in dict.fromkeys(urls):
                    store_sources.get_or_add(conn, url, watched=True, every_seconds=every_seconds)
        while rounds is None or n < rounds:
            started = time.monotonic()
            report = harvester.round(None, progress=progress)
            n += 1
            total.merge(report)
            if on_round:
                on_round(n, report)
            if rounds is not None and n >= rounds:
                break
            sleep(max(0.0, every_seconds - (time.monotonic() - started)))
    finally:
        harvester.close()
    return total
