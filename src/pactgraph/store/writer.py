"""The store's write side: batches of documents with their records (or errors), one transaction each.

:class:`StoreWriter` takes batches (:meth:`StoreWriter.write_batch`) from the
ingest orchestrator (:mod:`pactgraph.ingest.orchestrator`), which reads,
extracts and decides what to write; the writer only stores:

- each batch is one transaction holding the documents, their rows and the
  entities they created, so a killed process leaves whole documents only;
- a document written again replaces its old rows; its text is kept as a
  version in ``document_versions``: a changed text (new content hash) becomes
  a new version and every older version stays, the same text re-extracted
  updates its version's record;
- writes are bulk inserts of plain rows (SQLAlchemy Core); resolution works on
  an in-memory :class:`~pactgraph.resolve.index.EntityIndex` loaded once per
  writer and written back in the same transactions.

Several writers (processes) may share one database. Resolution and id
allocation happen inside the batch's write transaction, which holds the
store's write lock (:meth:`~pactgraph.store.db.Database.write`); if the
store's write generation shows that anyone else wrote since this writer's last
batch, the index, the stories and the next ids are reloaded from the database
under that lock first. So ids are always the database's next ones at the
moment of writing, and two writers never create the same entity twice.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, bindparam, delete, func, insert, select, text, update

from pactgraph import errors
from pactgraph.extract.language import detect_language
from pactgraph.ingest.documents import Document
from pactgraph.record import Record
from pactgraph.resolve.document import Resolver, best_date, confidence_of
from pactgraph.resolve.index import EntityIndex, EntityState
from pactgraph.resolve.kb import KnowledgeBase
from pactgraph.resolve.names import to_simplified
from pactgraph.store import fts, models
from pactgraph.store.codes import event_code
from pactgraph.store.db import Database, generation
from pactgraph.store.stories import StoryIndex, sketch

T = models


@dataclass
class WriteItem:
    """One document to store with its record, or with the error that stopped it."""

    document: Document
    record: Record | None = None
    error: errors.PactgraphError | None = None


@dataclass(frozen=True)
class StoredState:
    """What the store holds for a document id: its current content hash, status, seq and version."""

    content_hash: str
    status: str
    seq: int
    version: int | None


AfterWrite = Callable[[Connection, list[WriteItem]], None]
"""Called inside a batch's transaction after its rows are written (e.g. to mark watched items seen)."""


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
        self.generation = 0
        self.reloads = -1  # times the in-memory state was reloaded because the store changed under it
        self._reload()

    def _reload(self, conn: Connection | None = None) -> None:
        """Load the entity index, the stories and the next ids as the database holds them."""
        if conn is None:
            with self.db.engine.connect() as own:
                self._reload(own)
            return
        self.resolver.reset(load_index(conn))
        self.stories = load_stories(conn)
        self.next_event = (conn.execute(select(func.max(T.Event.__table__.c.id))).scalar() or 0) + 1
        self.next_seq = (conn.execute(select(func.max(T.Document.__table__.c.seq))).scalar() or 0) + 1
        self.generation = generation(conn)
        self.reloads += 1

    def stored(self, ids: Sequence[str]) -> dict[str, StoredState]:
        """The stored state of the documents among ``ids`` (absent ids are not stored)."""
        d = T.Document.__table__
        out: dict[str, StoredState] = {}
        unique = list(dict.fromkeys(ids))
        with self.db.engine.connect() as conn:
            for start in range(0, len(unique), 500):
                chunk = unique[start : start + 500]
                stmt = select(d.c.id, d.c.content_hash, d.c.status, d.c.seq, d.c.version).where(d.c.id.in_(chunk))
                for row in conn.execute(stmt):
                    out[row.id] = StoredState(row.content_hash, row.status, row.seq, row.version)
        return out

    # -- one batch ------------------------------------------------------------
    def write_batch(self, items: Sequence[WriteItem], *, after: AfterWrite | None = None) -> None:
        """Store a batch in one transaction: each document with its record or error.

        A document already stored is replaced (its old rows go, its old text
        versions stay). ``after(conn, items)`` runs in the same transaction,
        so what it writes commits with the documents or not at all. Raises
        if the batch cannot be stored; nothing of it is then written.
        """
        if not items:
            return
        ids = [item.document.id for item in items]
        if len(set(ids)) != len(ids):
            raise ValueError("a batch holds one item per document id")
        try:
            with self.db.write() as conn:
                current = conn.info["generation"]
                if current != self.generation + 1:  # another process wrote since our last batch
                    self._reload(conn)
                self._write(conn, list(items))
                if after is not None:
                    after(conn, list(items))
            self.generation = current
        except Exception:
            self._reload()
            raise

    def apply_corrections(self) -> int:
        """Lay reviewers' corrections again over the documents rewritten since they were applied.

        Run once the run's own writes are done (ids are allocated in memory while a writer runs).
        """
        from pactgraph.store import corrections

        with self.db.write() as conn:
            return corrections.apply_pending(conn)

    def _write(self, conn: Connection, items: list[WriteItem]) -> None:
        index = self.resolver.index
        ids = [item.document.id for item in items]
        versions = self._versions(conn, items)
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
        for item in items:
            doc, record, error = item.document, item.record, item.error
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
                "source_url": doc.source_url,
                "fetched_at": doc.fetched_at,
                "version": versions.get(doc.id),
                "ingested_at": now,
                "title": doc.title,
                "language": doc.language or (detect_language(doc.text) if doc.text and doc.text.strip() else None),
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
                title=record.title or doc.title,
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

            refresh_event_provinces(conn, [item.document.id for item in items if item.record is not None])
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

    def _versions(self, conn: Connection, items: list[WriteItem]) -> dict[str, int]:
        """Keep each document's text as a version; the version number each document is written as.

        A text whose hash is the latest version's updates that version (a retry or a re-extraction);
        any other text is added as the next version, so earlier versions are never lost. A document
        without text (a read or fetch error) has no version.
        """
        v = T.DocumentVersion.__table__
        ids = [item.document.id for item in items if item.document.text]
        latest: dict[str, tuple[int, str, int]] = {}
        if ids:
            rows = conn.execute(select(v.c.id, v.c.document_id, v.c.version, v.c.content_hash)
                                .where(v.c.document_id.in_(ids)))
            for row in rows:
                if row.document_id not in latest or row.version > latest[row.document_id][0]:
                    latest[row.document_id] = (row.version, row.content_hash, row.id)
        now = _now()
        out: dict[str, int] = {}
        new_rows: list[dict[str, Any]] = []
        for item in items:
            doc = item.document
            if not doc.text:
                continue
            digest = content_hash(doc)
            err = None if item.record is not None else (item.error or errors.ExtractionError("no record"))
            outcome = {
                "status": "ok" if item.record is not None else "error",
                "record_json": item.record.model_dump(mode="json") if item.record is not None else None,
                "error_code": err.code if err else None,
                "error_message": err.message if err else None,
                "extracted_at": now,
            }
            previous = latest.get(doc.id)
            if previous is not None and previous[1] == digest:
                conn.execute(update(v).where(v.c.id == previous[2]).values(**outcome))
                out[doc.id] = previous[0]
                continue
            number = previous[0] + 1 if previous else 1
            new_rows.append({
                "document_id": doc.id,
                "version": number,
                "content_hash": digest,
                "text": doc.text,
                "url": doc.url,
                "published": doc.published,
                "title": (item.record.title if item.record is not None else None) or doc.title,
                "source": doc.source,
                "source_url": doc.source_url,
                "fetched_at": doc.fetched_at,
                "created_at": now,
                **outcome,
            })
            out[doc.id] = number
        if new_rows:
            conn.execute(insert(v), new_rows)
        return out

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
