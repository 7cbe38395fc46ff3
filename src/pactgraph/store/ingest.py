"""``ingest``: extract documents and store documents, records, entities and evidence.

Idempotent and loss-free:

- a document whose id and content hash are stored with a record is skipped
  before extraction;
- a changed document replaces its old extraction, and a failed one is stored
  with its error and extracted again on the next ingest;
- documents are written in batches, each batch one transaction holding the
  documents, their rows and the entities they created, so a killed process
  leaves whole documents only and the next run completes the rest.

Store writes are bulk inserts of plain rows (SQLAlchemy Core); resolution
works on an in-memory :class:`~pactgraph.resolve.index.EntityIndex` loaded
once per run and written back in the same transactions.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, bindparam, delete, func, insert, select, text, update

from pactgraph import errors
from pactgraph.ingest.documents import Document, DocumentError
from pactgraph.record import Record
from pactgraph.resolve.document import Resolver, best_date, confidence_of
from pactgraph.resolve.index import EntityIndex, EntityState
from pactgraph.resolve.kb import KnowledgeBase
from pactgraph.resolve.names import to_simplified
from pactgraph.store import fts, models
from pactgraph.store.codes import event_code
from pactgraph.store.db import Database, StoreWriteError, open_database
from pactgraph.store.stories import StoryIndex, sketch

T = models


@dataclass
class IngestReport:
    """What one ingest did."""

    db: str
    total: int = 0
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: int = 0
    retried: int = 0
    skipped: int = 0
    """Input errors that could not be stored (no id, duplicate id)."""
    seconds: float = 0.0
    errors: list[dict[str, Any]] = field(default_factory=list)

    @property
    def documents_per_second(self) -> float:
        return self.total / self.seconds if self.seconds > 0 else 0.0

    @property
    def ok(self) -> bool:
        return self.failed == 0 and self.skipped == 0

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


def content_hash(doc: Document) -> str:
    h = hashlib.sha256()
    for part in (doc.text, doc.url or "", doc.published or ""):
        h.update(part.encode("utf-8", "surrogatepass"))
        h.update(b"\x00")
    return h.hexdigest()


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def load_index(conn: Connection) -> EntityIndex:
    """The entity index as stored."""
    index = EntityIndex()
    e = T.Entity.__table__
    for row in conn.execute(select(e)).mappings():
        attrs = dict(row)
        context = set(attrs.pop("context") or [])
        index.load_entity(EntityState(context=context, **attrs))
    n = T.EntityName.__table__
    for row in conn.execute(select(n.c.id, n.c.entity_id, n.c.name, n.c.norm)):
        index.load_name(row.entity_id, row.name, row.norm, row.id)
    return index


def load_stories(conn: Connection) -> StoryIndex:
    stories = StoryIndex()
    d = T.Document.__table__
    for row in conn.execute(select(d.c.story_id, d.c.sketch).where(d.c.story_id.is_not(None))):
        stories.add(row.story_id, list(row.sketch or []))
    max_story = conn.execute(select(func.max(T.Story.__table__.c.id))).scalar()
    stories.next_id = max(stories.next_id, (max_story or 0) + 1)
    return stories


class StoreWriter:
    """Writes extraction results to a database in batches of one transaction each."""

    def __init__(self, database: Database, *, kb: KnowledgeBase | None = None) -> None:
        self.db = database
        self.kb = kb or KnowledgeBase.default()
        self.resolver = Resolver(EntityIndex(), kb=self.kb)
        self._reload()

    def _reload(self) -> None:
        with self.db.engine.connect() as conn:
            self.resolver.reset(load_index(conn))
            self.stories = load_stories(conn)
            self.next_event = (conn.execute(select(func.max(T.Event.__table__.c.id))).scalar() or 0) + 1
            self.next_seq = (conn.execute(select(func.max(T.Document.__table__.c.seq))).scalar() or 0) + 1

    def existing(self, ids: list[str]) -> dict[str, tuple[str, str, int]]:
        """id -> (content hash, status, seq) of stored documents among ``ids``."""
        d = T.Document.__table__
        out: dict[str, tuple[str, str, int]] = {}
        with self.db.engine.connect() as conn:
            for start in range(0, len(ids), 500):
                chunk = ids[start : start + 500]
                stmt = select(d.c.id, d.c.content_hash, d.c.status, d.c.seq).where(d.c.id.in_(chunk))
                for row in conn.execute(stmt):
                    out[row.id] = (row.content_hash, row.status, row.seq)
        return out

    # -- one batch ------------------------------------------------------------
    def write(self, items: list[tuple[Document, Record | None, errors.PactgraphError | None]]) -> None:
        """Store a batch (document, record or error) in one transaction; replaces stored versions."""
        if not items:
            return
        try:
            with self.db.engine.begin() as conn:
                self._write(conn, items)
        except Exception:
            self._reload()
            raise

    def _write(
        self, conn: Connection, items: list[tuple[Document, Record | None, errors.PactgraphError | None]]
    ) -> None:
        index = self.resolver.index
        ids = [doc.id for doc, _, _ in items]
        self._delete(conn, ids)
        rows: dict[str, list[dict[str, Any]]] = {
            k: []
            for k in (
                "documents",
                "fts",
                "stories",
                "mentions",
                "events",
                "parties",
                "participants",
                "fields",
                "positions",
                "policies",
            )
        }
        touched_stories: set[int] = set()
        now = _now()
        for doc, record, error in items:
            seq = self.next_seq
            self.next_seq += 1
            base = {
                "id": doc.id,
                "seq": seq,
                "url": doc.url,
                "published": doc.published,
                "text": doc.text or "",
                "content_hash": content_hash(doc),
                "source": doc.source,
                "ingested_at": now,
                "title": None,
                "language": None,
                "sketch": None,
                "story_id": None,
                "doc_date": None,
                "record_json": None,
                "error_code": None,
                "error_message": None,
            }
            if record is None:
                err = error or errors.ExtractionError("no record", doc_id=doc.id)
                base.update(status="error", error_code=err.code, error_message=err.message)
                rows["documents"].append(base)
                continue
            resolved = self.resolver.resolve_record(record, doc.id, _published(doc))
            body = to_simplified(doc.text or "")
            sk = sketch(body, simplified=True)
            story_id, new_story = self.stories.assign(sk)
            if new_story:
                rows["stories"].append(
                    {"id": story_id, "first_document_id": doc.id, "title": record.title, "n_sources": 1}
                )
            touched_stories.add(story_id)
            base.update(
                status="ok",
                title=record.title,
                language=record.language,
                sketch=sk or None,
                story_id=story_id,
                doc_date=resolved.doc_date,
                record_json=record.model_dump(mode="json"),
            )
            rows["documents"].append(base)
            rows["fts"].append(
                {
                    "seq": seq,
                    "title": to_simplified(record.title or ""),
                    "body": body,
                }
            )
            for m in resolved.mentions:
                rows["mentions"].append({"document_id": doc.id, **m})
            for n, event in enumerate(record.events):
                event_id = self.next_event
                self.next_event += 1
                code = event_code(event.type, event.agreement_kind)
                rows["events"].append(
                    {
                        "id": event_id,
                        "document_id": doc.id,
                        "story_id": story_id,
                        "idx": n,
                        "type": event.type,
                        "agreement_kind": event.agreement_kind,
                        "date": event.date,
                        "sort_date": best_date(event.date, _published(doc)) or resolved.doc_date,
                        "place_id": resolved.event_places[n],
                        "place_name": event.place.name if event.place is not None else None,
                        "cameo": code.cameo,
                        "plover": code.plover,
                        "confidence": confidence_of(event),
                        "evidence": [list(s) for s in event.evidence] or None,
                        "place_confidence": resolved.event_place_confidence[n],
                        "province_code": None,
                    }
                )
                for (entity_id, name), conf in zip(
                    resolved.event_parties[n], resolved.event_party_confidence[n], strict=True
                ):
                    rows["parties"].append(
                        {"event_id": event_id, "entity_id": entity_id, "name": name, "confidence": conf}
                    )
                for (entity_id, name, role, evidence), conf in zip(
                    resolved.event_participants[n], resolved.event_participant_confidence[n], strict=True
                ):
                    rows["participants"].append(
                        {
                            "event_id": event_id,
                            "entity_id": entity_id,
                            "name": name,
                            "role": role,
                            "evidence": evidence,
                            "confidence": conf,
                        }
                    )
                for f in dict.fromkeys(event.fields):
                    rows["fields"].append({"event_id": event_id, "document_id": doc.id, "field": f})
            for pos in resolved.positions:
                rows["positions"].append({"document_id": doc.id, **pos})
            for policy in dict.fromkeys(record.policies):
                rows["policies"].append({"document_id": doc.id, "policy": policy})

        new, names, changed = index.take_changes()
        if new:
            # parents first is not needed within one INSERT, but FK checks are immediate in SQLite
            conn.execute(insert(T.Entity.__table__), [s.row() for s in sorted(new, key=lambda s: s.id)])
        if names:
            conn.execute(insert(T.EntityName.__table__), names)
            fts.index_names(conn, names)
        if changed:
            e = T.Entity.__table__
            stmt = (
                update(e)
                .where(e.c.id == bindparam("_id"))
                .values(
                    {
                        c: bindparam(c)
                        for c in (
                            "name_en",
                            "name_zh",
                            "kind",
                            "parent_id",
                            "province",
                            "province_zh",
                            "n_documents",
                            "context",
                        )
                    }
                )
            )
            conn.execute(
                stmt,
                [
                    {
                        "_id": s.id,
                        **{
                            k: v
                            for k, v in s.row().items()
                            if k
                            in (
                                "name_en",
                                "name_zh",
                                "kind",
                                "parent_id",
                                "province",
                                "province_zh",
                                "n_documents",
                                "context",
                            )
                        },
                    }
                    for s in changed
                ],
            )
        for table, key in (
            (T.Story, "stories"),
            (T.Document, "documents"),
            (T.Event, "events"),
            (T.EventParty, "parties"),
            (T.EventParticipant, "participants"),
            (T.EventField, "fields"),
            (T.Mention, "mentions"),
            (T.Position, "positions"),
            (T.DocumentPolicy, "policies"),
        ):
            if rows[key]:
                conn.execute(insert(table.__table__), rows[key])
        fts.index_documents(conn, rows["fts"])
        if rows["events"]:
            from pactgraph.store.provinces import refresh_event_provinces

            refresh_event_provinces(conn, [doc.id for doc, record, _ in items if record is not None])
        if touched_stories:
            s, d = T.Story.__table__, T.Document.__table__
            count = select(func.count()).select_from(d).where(d.c.story_id == s.c.id).scalar_subquery()
            conn.execute(update(s).where(s.c.id.in_(sorted(touched_stories))).values(n_sources=count))
        if conn.dialect.name == "postgresql":
            for table in (
                "entities",
                "entity_names",
                "events",
                "stories",
                "mentions",
                "event_parties",
                "event_participants",
                "event_fields",
                "positions",
                "document_policies",
            ):
                conn.execute(
                    text(
                        "SELECT setval(pg_get_serial_sequence(:t, 'id'), "
                        f"coalesce((SELECT max(id) FROM {table}), 0) + 1, false)"
                    ),
                    {"t": table},
                )

    def _delete(self, conn: Connection, ids: list[str]) -> None:
        """Remove the stored versions of ``ids`` (rows, full-text, mention counts)."""
        d = T.Document.__table__
        old = conn.execute(select(d.c.id, d.c.seq, d.c.story_id).where(d.c.id.in_(ids))).all()
        if not old:
            return
        old_ids = [r.id for r in old]
        m = T.Mention.__table__
        index = self.resolver.index
        for _doc_id, entity_ids in _group(
            conn.execute(select(m.c.document_id, m.c.entity_id).where(m.c.document_id.in_(old_ids)))
        ):
            for entity_id in set(entity_ids):
                state = index.entities.get(entity_id)
                if state is not None and state.n_documents > 0:
                    state.n_documents -= 1
                    index.touch(entity_id)
        ev = T.Event.__table__
        event_ids = select(ev.c.id).where(ev.c.document_id.in_(old_ids))
        conn.execute(delete(T.EventParty.__table__).where(T.EventParty.__table__.c.event_id.in_(event_ids)))
        conn.execute(delete(T.EventParticipant.__table__).where(T.EventParticipant.__table__.c.event_id.in_(event_ids)))
        for table in (T.EventField, T.Mention, T.Position, T.DocumentPolicy, T.Event):
            conn.execute(delete(table.__table__).where(table.__table__.c.document_id.in_(old_ids)))
        fts.unindex_documents(conn, [r.seq for r in old])
        conn.execute(delete(d).where(d.c.id.in_(old_ids)))
        # the stories index keeps old sketches: a later copy of the old text still joins the old story


def _group(rows: Iterable[Any]) -> Iterator[tuple[str, list[int]]]:
    out: dict[str, list[int]] = {}
    for doc_id, entity_id in rows:
        out.setdefault(doc_id, []).append(entity_id)
    return iter(out.items())


def _published(doc: Document) -> str | None:
    try:
        from pactgraph.extract.shared.dates import publication_date

        pub = publication_date(doc.published, doc.url)
        return pub.isoformat() if pub else None
    except Exception:  # noqa: BLE001 - a malformed date is no reason to lose a document
        return doc.published


ProgressCallback = Callable[[int, int], None]


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
) -> IngestReport:
    """Extract ``inputs`` (paths as for ``extract``, or documents) and store them in ``db``.

    Unchanged documents already stored are skipped (``force`` re-extracts
    them); changed ones replace their old extraction; failures are stored with
    their error and retried next time. ``progress(done, total)`` is called as
    documents are handled. ``extractor`` is anything with the
    :meth:`~pactgraph.extract.pipeline.Extractor.pipe` method (default: the
    standard pipeline).
    """
    from pactgraph.extract.pipeline import Extractor, default_extractor

    started = time.perf_counter()
    database = open_database(db)
    report = IngestReport(db=database.engine.url.render_as_string(hide_password=True))
    items: list[Document | DocumentError] = []
    paths: list[str] = []
    for item in inputs:  # type: ignore[union-attr]
        if isinstance(item, (Document, DocumentError)):
            items.append(item)
        else:
            paths.append(os.fspath(item))  # type: ignore[arg-type]
    if paths:
        from pactgraph.ingest.documents import read_documents

        items.extend(read_documents(paths))
    report.total = len(items)
    writer = StoreWriter(database, kb=kb)
    stored = writer.existing([i.id for i in items if isinstance(i, Document)])
    done = 0
    todo: list[Document] = []
    failed_inputs: list[tuple[Document, errors.PactgraphError]] = []
    for item in items:
        if isinstance(item, DocumentError):
            err = item.error
            if err.doc_id and not isinstance(err, errors.DuplicateId):
                failed_inputs.append((Document(id=err.doc_id, text="", source=err.source, line=err.line), err))
            else:
                report.skipped += 1
                report.errors.append(err.to_dict())
                done += 1
            continue
        previous = stored.get(item.id)
        if previous and previous[1] == "ok" and previous[0] == content_hash(item) and not force:
            report.unchanged += 1
            done += 1
            continue
        todo.append(item)
    if progress:
        progress(done, report.total)

    def account(doc: Document, ok: bool, err: errors.PactgraphError | None) -> None:
        previous = stored.get(doc.id)
        if previous and previous[1] == "error":
            report.retried += 1
        if not ok:
            report.failed += 1
            if err is not None:
                report.errors.append(err.to_dict())
        elif previous:
            report.updated += 1
        else:
            report.added += 1

    pending: list[tuple[Document, Record | None, errors.PactgraphError | None]] = []

    def flush() -> None:
        nonlocal done
        if not pending:
            return
        try:
            writer.write(pending)
        except Exception:  # noqa: BLE001 - isolate the document the store cannot take
            for one in pending:
                try:
                    writer.write([one])
                except Exception as exc_one:  # noqa: BLE001
                    err = StoreWriteError(f"cannot store: {type(exc_one).__name__}: {exc_one}", doc_id=one[0].id)
                    writer.write([(one[0], None, err)])
                    one = (one[0], None, err)
                account(one[0], one[1] is not None, one[2])
        else:
            for doc, record, err in pending:
                account(doc, record is not None, err)
        done += len(pending)
        pending.clear()
        if progress:
            progress(done, report.total)

    for doc, err in failed_inputs:
        pending.append((doc, None, err))
    if extractor is None:
        extractor = default_extractor()
    if isinstance(extractor, Extractor) and batch_size != extractor.batch_size:
        extractor = Extractor(batch_size=batch_size)
    for result in extractor.pipe(todo):
        doc = result.document
        if doc is None:
            continue
        pending.append((doc, result.record, result.error))
        if len(pending) >= commit_every:
            flush()
    flush()
    # reviewers' corrections lie over the extraction: lay them again over what this run rewrote, once the
    # run's own writes are done (the writer allocates ids in memory while it runs)
    from pactgraph.store import corrections

    with writer.db.engine.begin() as conn:
        corrections.apply_pending(conn)
    report.seconds = time.perf_counter() - started
    return report
