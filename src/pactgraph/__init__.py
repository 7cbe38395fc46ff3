"""pactgraph: government-enterprise cooperation in China's energy transition, from news to a database.

The library API (every CLI command calls one of these)::

    import pactgraph
    record = pactgraph.extract(text, url=..., published=...)
    for result in pactgraph.extract_many(documents): ...
    scores = pactgraph.evaluate("gold.jsonl", "pred.jsonl")
    report = pactgraph.ingest_documents(["docs.jsonl", "https://…/feed.xml"], db="pactgraph.db")  # ingest
    pactgraph.watch(["https://…/sitemap.xml"], every="1h")             # pactgraph watch
    for source in pactgraph.list_sources(): ...                       # pactgraph sources
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

# The subpackage ``pactgraph.extract`` shares its name with the function below: importing it first lets the
# function's ``def`` win for good (the import system sets the attribute only when the package first loads;
# loaded later, by any ``import pactgraph.extract.x``, it would replace the function with the module).
import pactgraph.extract as _extract_package  # noqa: F401
from pactgraph.record import Event, Organization, Person, Place, Position, Record

if TYPE_CHECKING:
    from pactgraph.extract.pipeline import Result
    from pactgraph.ingest.documents import Document, DocumentError
    from pactgraph.ingest.fetch import FetchPolicy
    from pactgraph.ingest.orchestrator import IngestReport
    from pactgraph.scoring import Evaluation
    from pactgraph.store.backup import BackupReport
    from pactgraph.store.corrections import Change
    from pactgraph.store.export import ExportReport
    from pactgraph.store.queries import Filters, Profile, SearchHit
    from pactgraph.store.sources import SourceInfo

__version__ = "0.1.0"
__all__ = ["Event", "Organization", "Person", "Place", "Position", "Record", "backup", "connects", "evaluate",
           "export", "extract", "extract_many", "history", "ingest_documents", "list_sources", "read_documents",
           "revert", "search", "serve", "show_org", "show_person", "show_place", "watch"]


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
                     progress: object | None = None, workers: int = 1, dask: str | None = None,
                     policy: FetchPolicy | None = None) -> IngestReport:
    """Extract documents and store them in the database.

    Inputs are those of :func:`read_documents` (files, folders, ``-``) and
    ``http(s)://`` URLs of pages, RSS/Atom feeds and sitemaps (fetched with
    ``policy``, a :class:`pactgraph.ingest.fetch.FetchPolicy`; remembered in
    the ``sources`` table). ``db`` is a path or SQLAlchemy URL (default
    ``PACTGRAPH_DB`` or ``./pactgraph.db``); ``kb`` extra knowledge-base YAML
    files. Unchanged documents are skipped, changed ones become a new
    version, failed ones are stored with their error and retried next time.
    ``workers > 1`` extracts on that many local Dask worker processes;
    ``dask`` names a running Dask scheduler (``tcp://host:8786``) or
    ``"local"``; either way this process alone writes to the database.
    """
    from pactgraph.extract.distributed import make_extractor
    from pactgraph.ingest.orchestrator import ingest as _ingest
    from pactgraph.resolve.kb import KnowledgeBase

    knowledge = KnowledgeBase.load(list(kb)) if kb else None
    extractor = make_extractor(workers=workers, dask=dask, batch_size=batch_size)
    return _ingest(inputs, db, kb=knowledge, batch_size=batch_size, commit_every=commit_every, force=force,
                   progress=progress, extractor=extractor, policy=policy)  # type: ignore[arg-type]


def watch(sources: Iterable[str] | None = None, db: str | None = None, *, every: float | str = 3600,
          rounds: int | None = None, kb: Iterable[str] | None = None, workers: int = 1, dask: str | None = None,
          policy: FetchPolicy | None = None, progress: object | None = None, commit_every: int = 64,
          on_round: object | None = None) -> IngestReport:
    """Keep the database up to date with web sources: a round every ``every`` (seconds or ``"1h"``, ``"30m"``).

    ``sources`` (page, feed or sitemap URLs) are added to the watched ones;
    with none, every watched source is fetched. Each round fetches
    conditionally (ETag / Last-Modified), takes only new or changed items
    and stores changed pages as new versions. Runs ``rounds`` rounds, or
    until interrupted; safe to stop and restart at any moment.
    """
    from pactgraph.extract.distributed import make_extractor
    from pactgraph.ingest.harvest import watch as _watch
    from pactgraph.ingest.orchestrator import Orchestrator, parse_interval
    from pactgraph.resolve.kb import KnowledgeBase

    knowledge = KnowledgeBase.load(list(kb)) if kb else None
    orchestrator = Orchestrator(db, kb=knowledge, extractor=make_extractor(workers=workers, dask=dask),
                                commit_every=commit_every)
    return _watch(list(sources) if sources else None, orchestrator, every_seconds=parse_interval(every),
                  rounds=rounds, policy=policy, progress=progress, on_round=on_round)  # type: ignore[arg-type]


def list_sources(db: str | None = None) -> list[SourceInfo]:
    """The fetched and watched sources: kind, interval, last fetch, last error, items and documents taken."""
    from pactgraph.store.db import open_database
    from pactgraph.store.sources import list_sources as _list

    return _list(open_database(db, create=False))


def search(text: str, *, type: str | None = None, since: str | None = None, until: str | None = None,
           province: str | None = None, field: str | None = None, org: str | None = None,
           db: str | None = None, limit: int = 50, filters: Filters | None = None) -> list[SearchHit]:
    """Entities under any of their names and scripts, then documents ranked by relevance with snippets
    (English and Chinese); ``filters`` (a :class:`pactgraph.store.queries.Filters`) restrict documents."""
    from pactgraph.store.queries import search as _search

    return _search(text, type=type, since=since, until=until, province=province, field=field, org=org, db=db,
                   limit=limit, filters=filters)


def show_org(name: str, db: str | None = None, *, strict: bool = False) -> Profile:
    """An organization's profile: names, group, events in time order, partners with counts, people.
    ``strict``: a name several organizations fit raises ``Ambiguous`` with the candidates."""
    from pactgraph.store.queries import show_org as _show

    return _show(name, db, strict=strict)


def show_person(name: str, db: str | None = None, *, strict: bool = False) -> Profile:
    """A person's profile: titles over time (title, organization, first/last seen), events."""
    from pactgraph.store.queries import show_person as _show

    return _show(name, db, strict=strict)


def show_place(name: str, db: str | None = None, *, strict: bool = False) -> Profile:
    """A place's profile: events there or with its governments, partners, officials."""
    from pactgraph.store.queries import show_place as _show

    return _show(name, db, strict=strict)


def connects(a: str, b: str, db: str | None = None, *, max_paths: int = 5) -> dict[str, object]:
    """What connects two entities (names or ``org:12`` / ``person:7``): shared events, shared people, the
    shortest paths through events and positions, each step with its evidence."""
    from pactgraph.store.db import open_database
    from pactgraph.store.queries import connects as _connects

    with open_database(db, create=False).engine.connect() as conn:
        return _connects(conn, a, b, max_paths=max_paths)


def export(format: str, path: str | None = None, db: str | None = None, *, changes: bool = True,
           table: str | None = None, filters: Filters | None = None, sort: str | None = None,
           out: object | None = None, progress: object | None = None) -> ExportReport:
    """Export the database as ``jsonl`` records, ``csv``/``parquet`` tables (one per entity and link type),
    or the ``graphml``/``gexf`` organization-event-person graph; or one ``table``'s filtered rows as
    ``csv``/``json``/``jsonl`` (the rows of the web page and of ``/api/<table>.csv``). ``changes=False``
    leaves the reviewers' changes out (the extraction alone); ``out``: a text stream instead of ``path``;
    ``progress(done, total)`` follows it."""
    from pactgraph.store.export import export as _export

    return _export(format, path, db, changes=changes, table=table, filters=filters, sort=sort, out=out,
                   progress=progress)  # type: ignore[arg-type]


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
          token: str | None = None, workers: int | None = None) -> None:
    """Serve the web UI and REST API (``/api``, docs at ``/docs``) with Uvicorn until interrupted.

    Binds ``127.0.0.1:8000`` unless told otherwise. With a ``token`` (or
    ``PACTGRAPH_TOKEN``) reviewers may correct records; without one the server
    is read-only. ``workers`` server processes (default: the number of cores).
    ``pactgraph.api.create_app(db, token)`` gives the ASGI app.
    """
    from pactgraph.api.app import serve as _serve

    _serve(db, host=host, port=port, token=token, workers=workers)
