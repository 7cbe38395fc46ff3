"""pactgraph: government-enterprise cooperation in China's energy transition, from news to a database.

The library API (every CLI command calls one of these)::

    import pactgraph
    record = pactgraph.extract(text, url=..., published=...)
    for result in pactgraph.extract_many(documents): ...
    scores = pactgraph.evaluate("gold.jsonl", "pred.jsonl")
    report = pactgraph.ingest_documents(["docs.jsonl"], db="pactgraph.db")  # pactgraph ingest
    # (``pactgraph.ingest`` is the package of input readers, so the store call has its own name)
    hits = pactgraph.search("国家电投", since="2021", org="SPIC")       # pactgraph search
    profile = pactgraph.show_org("CPID")                              # pactgraph show org|person|place
    pactgraph.export("graphml", "graph.graphml")                      # pactgraph export
    changes = pactgraph.history(document="d1")                        # pactgraph history
    pactgraph.revert(12, author="alice", reason="wrong merge")        # pactgraph revert
    pactgraph.backup("copy.db")                                       # pactgraph backup
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from pactgraph.record import Event, Organization, Person, Place, Position, Record

if TYPE_CHECKING:
    from pactgraph.extract.pipeline import Result
    from pactgraph.ingest.documents import Document, DocumentError
    from pactgraph.scoring import Evaluation
    from pactgraph.store.backup import BackupReport
    from pactgraph.store.corrections import Change
    from pactgraph.store.export import ExportReport
    from pactgraph.store.ingest import IngestReport
    from pactgraph.store.queries import Profile, SearchHit

__version__ = "0.1.0"
__all__ = ["Event", "Organization", "Person", "Place", "Position", "Record", "backup", "evaluate", "export",
           "extract", "extract_many", "history", "ingest_documents", "read_documents", "revert", "search", "serve",
           "show_org", "show_person", "show_place"]


def extract(text: str, *, url: str | None = None, published: str | None = None,
            doc_id: str | None = None) -> Record:
    """Extract the cooperation record of one article (English or Chinese)."""
    from pactgraph.extract.pipeline import default_extractor

    return default_extractor().extract(text, url=url, published=published, doc_id=doc_id)


def extract_many(docs: Iterable[Document | DocumentError | dict[str, object]], *,
                 batch_size: int = 32, workers: int = 1) -> Iterator[Result]:
    """Extract a stream of documents in batches; one :class:`Result` per input, in order.

    Items may be :class:`Document` objects, read errors (passed through), or
    dicts in the input format of RECORD.md. Failures come back as results with
    an ``error``, never as exceptions. ``workers > 1`` spreads the batches over
    that many Dask worker processes (order kept).
    """
    from pactgraph.extract.pipeline import Extractor, default_extractor
    from pactgraph.ingest.documents import Document

    def as_docs() -> Iterator[Document | DocumentError]:
        for n, item in enumerate(docs):
            if isinstance(item, dict):
                yield Document(id=str(item.get("id", n)), text=str(item.get("text") or ""),
                               url=item.get("url"), published=item.get("published"))  # type: ignore[arg-type]
            else:
                yield item

    if workers > 1:  # scale out to a local Dask cluster, one extractor per worker process
        from pactgraph.extract.distributed import DaskExtractor

        return DaskExtractor(workers, batch_size=batch_size).pipe(as_docs())
    extractor = default_extractor()
    if batch_size != extractor.batch_size:
        extractor = Extractor(batch_size=batch_size)
    return extractor.pipe(as_docs())


def read_documents(inputs: Iterable[str], **kwargs: object) -> Iterator[Document | DocumentError]:
    """Documents (and read errors) from JSON Lines, text files, folders or ``-``."""
    from pactgraph.ingest.documents import read_documents as _read

    return _read(inputs, **kwargs)  # type: ignore[arg-type]


def evaluate(gold: str, pred: str) -> Evaluation:
    """Score predicted records against gold records (RECORD.md's scoring)."""
    from pactgraph.scoring import evaluate_files

    return evaluate_files(gold, pred)


def ingest_documents(inputs: Iterable[str], db: str | None = None, *, kb: Iterable[str] | None = None,
                     batch_size: int = 32, commit_every: int = 256, force: bool = False,
                     progress: object | None = None, workers: int = 1) -> IngestReport:
    """Extract documents (same inputs as :func:`read_documents`) and store them in the database.

    ``db`` is a path or SQLAlchemy URL (default ``PACTGRAPH_DB`` or
    ``./pactgraph.db``); ``kb`` extra knowledge-base YAML files. Unchanged
    documents are skipped, changed ones replaced, failed ones stored with
    their error and retried next time. ``workers > 1`` extracts on that many
    Dask worker processes; this process alone writes to the database.
    """
    from pactgraph.resolve.kb import KnowledgeBase
    from pactgraph.store.ingest import ingest as _ingest

    knowledge = KnowledgeBase.load(list(kb)) if kb else None
    extractor = None
    if workers > 1:
        from pactgraph.extract.distributed import DaskExtractor

        extractor = DaskExtractor(workers, batch_size=batch_size)
    return _ingest(inputs, db, kb=knowledge, batch_size=batch_size, commit_every=commit_every, force=force,
                   progress=progress, extractor=extractor)  # type: ignore[arg-type]


def search(text: str, *, type: str | None = None, since: str | None = None, until: str | None = None,
           province: str | None = None, field: str | None = None, org: str | None = None,
           db: str | None = None, limit: int = 50) -> list[SearchHit]:
    """Full-text search over documents and entities (English and Chinese), with filters."""
    from pactgraph.store.queries import search as _search

    return _search(text, type=type, since=since, until=until, province=province, field=field, org=org, db=db,
                   limit=limit)


def show_org(name: str, db: str | None = None) -> Profile:
    """An organization's profile: names, group, events in time order, partners with counts, people."""
    from pactgraph.store.queries import show_org as _show

    return _show(name, db)


def show_person(name: str, db: str | None = None) -> Profile:
    """A person's profile: titles over time (title, organization, first/last seen), events."""
    from pactgraph.store.queries import show_person as _show

    return _show(name, db)


def show_place(name: str, db: str | None = None) -> Profile:
    """A place's profile: events there or with its governments, partners, officials."""
    from pactgraph.store.queries import show_place as _show

    return _show(name, db)


def export(format: str, path: str | None = None, db: str | None = None, *, changes: bool = True) -> ExportReport:
    """Export the database as ``jsonl`` records, ``csv``/``parquet`` tables (one per entity and link type),
    or the ``graphml``/``gexf`` organization-event-person graph; ``changes=False`` leaves the reviewers'
    changes out (the extraction alone)."""
    from pactgraph.store.export import export as _export

    return _export(format, path, db, changes=changes)


def history(*, document: str | None = None, entity: int | None = None, state: str | None = None,
            db: str | None = None, limit: int = 200) -> list[Change]:
    """Reviewers' changes, oldest first: of one document, of one entity (id), or all (newest ``limit``);
    ``state`` ``active``, ``reverted`` or ``orphaned`` (target gone after re-extraction, to review)."""
    from pactgraph.store.corrections import history as _history

    return _history(document=document, entity=entity, state=state, db=db, limit=limit)


def revert(change_id: int, *, author: str, reason: str | None = None, db: str | None = None) -> Change:
    """Undo a change (correction, position edit, merge, split or revert) with a new change; the revert."""
    from pactgraph.store.corrections import revert_change

    return revert_change(change_id, author=author, reason=reason, db=db)


def backup(path: str, db: str | None = None) -> BackupReport:
    """Copy the SQLite database to ``path`` with SQLite's online backup API while it stays in use (for
    PostgreSQL: raises with the ``pg_dump`` command to use)."""
    from pactgraph.store.backup import backup as _backup

    return _backup(path, db)


def serve(db: str | None = None, *, host: str | None = None, port: int | None = None,
          token: str | None = None) -> None:
    """Serve the web UI and REST API (``/api``, docs at ``/docs``) with Uvicorn until interrupted.

    Binds ``127.0.0.1:8000`` unless told otherwise. With a ``token`` (or
    ``PACTGRAPH_TOKEN``) reviewers may correct records; without one the server
    is read-only. ``pactgraph.api.create_app(db, token)`` gives the ASGI app.
    """
    from pactgraph.api.app import serve as _serve

    _serve(db, host=host, port=port, token=token)
