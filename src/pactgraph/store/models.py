"""The database schema as SQLAlchemy 2 typed ORM models.

Migrations in :mod:`pactgraph.store.migrations` create and upgrade these
tables; the models are the reference for queries and for autogenerate.

Tables:

- ``documents``: one per input document: text, metadata, content hash, status
  (``ok``/``error``), the error, the extraction as ``record_json``, story.
- ``stories``: syndication clusters: the same release on several sites.
- ``entities``: canonical organizations, people and places (``type``), with
  knowledge-base id, parent group, administrative division and coordinates.
- ``entity_names``: every name and alias seen for an entity.
- ``mentions``: which document names which entity, as written, with evidence.
- ``events`` with ``event_parties``, ``event_participants``, ``event_fields``.
- ``positions``: a person's title at an organization seen in a document, dated.
- ``document_policies``: the policy codes of a record.
- ``data_version``: a counter that grows whenever documents or corrections are written.
- ``document_versions``: every text a document has had (hash, fetch time, record); kept for good.
- ``sources`` and ``source_items``: fetched and watched URLs (pages, feeds, sitemaps), their
  ETag/Last-Modified and content hashes, feed item ids, last fetch and last error.
- ``store_state``: the write generation (see :func:`pactgraph.store.db.Database.write`).
- the full-text index (dialect-specific, see :mod:`pactgraph.store.fts`).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, Boolean, Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    """Declarative base of pactgraph's tables; other packages (curation) may add their own models."""


class Story(Base):
    __tablename__ = "stories"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    first_document_id: Mapped[str] = mapped_column(String(200))
    title: Mapped[str | None] = mapped_column(Text)
    n_sources: Mapped[int] = mapped_column(Integer, default=1)


class Document(Base):
    __tablename__ = "documents"

    id: Mapped[str] = mapped_column(String(200), primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, unique=True)
    """Integer surrogate (full-text rowid)."""
    url: Mapped[str | None] = mapped_column(Text)
    published: Mapped[str | None] = mapped_column(String(32))
    title: Mapped[str | None] = mapped_column(Text)
    language: Mapped[str | None] = mapped_column(String(8))
    text: Mapped[str] = mapped_column(Text)
    content_hash: Mapped[str] = mapped_column(String(64))
    sketch: Mapped[list[int] | None] = mapped_column(JSON)
    """Bottom-k shingle sketch of the text, for recognising syndicated copies."""
    status: Mapped[str] = mapped_column(String(16))
    error_code: Mapped[str | None] = mapped_column(String(16))
    error_message: Mapped[str | None] = mapped_column(Text)
    record_json: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    story_id: Mapped[int | None] = mapped_column(ForeignKey("stories.id"), index=True)
    doc_date: Mapped[str | None] = mapped_column(String(10), index=True)
    """Date of the main event, else publication date (ISO, possibly partial), for filters and ordering."""
    source: Mapped[str | None] = mapped_column(Text)
    ingested_at: Mapped[str] = mapped_column(String(32))
    source_url: Mapped[str | None] = mapped_column(Text)
    """The URL the document was fetched from (``url`` is the page's canonical URL)."""
    fetched_at: Mapped[str | None] = mapped_column(String(32))
    version: Mapped[int | None] = mapped_column(Integer)
    """The number of the current version in ``document_versions`` (None: no text was stored)."""


class DocumentVersion(Base):
    """Every text a document has had, with its hash, fetch time and extraction; never deleted.

    ``document_id`` is deliberately not a foreign key: a document is rewritten
    (deleted and inserted in one transaction) when it is re-extracted, and
    its versions must outlive that.
    """

    __tablename__ = "document_versions"
    __table_args__ = (UniqueConstraint("document_id", "version", name="uq_document_versions_document_version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[str] = mapped_column(String(200), index=True)
    version: Mapped[int] = mapped_column(Integer)
    """1, 2, ... in the order the texts were stored."""
    content_hash: Mapped[str] = mapped_column(String(64))
    text: Mapped[str] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(Text)
    published: Mapped[str | None] = mapped_column(String(32))
    title: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str | None] = mapped_column(Text)
    source_url: Mapped[str | None] = mapped_column(Text)
    fetched_at: Mapped[str | None] = mapped_column(String(32))
    created_at: Mapped[str] = mapped_column(String(32))
    """When this version was first stored."""
    status: Mapped[str] = mapped_column(String(16))
    error_code: Mapped[str | None] = mapped_column(String(16))
    error_message: Mapped[str | None] = mapped_column(Text)
    record_json: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    """The extraction of this version's text (the latest one made)."""
    extracted_at: Mapped[str | None] = mapped_column(String(32))


class Source(Base):
    """A URL given to ``ingest`` or ``watch`` (page, feed or sitemap) and what its last fetch gave."""

    __tablename__ = "sources"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    url: Mapped[str] = mapped_column(String(2000), unique=True)
    kind: Mapped[str | None] = mapped_column(String(16))
    """``page``, ``feed`` or ``sitemap`` (as found on the first fetch)."""
    watched: Mapped[bool] = mapped_column(Boolean, default=False)
    every_seconds: Mapped[int | None] = mapped_column(Integer)
    added_at: Mapped[str] = mapped_column(String(32))
    etag: Mapped[str | None] = mapped_column(Text)
    last_modified: Mapped[str | None] = mapped_column(Text)
    content_hash: Mapped[str | None] = mapped_column(String(64))
    """SHA-256 of the last body fetched (a feed or sitemap unchanged since is not read again)."""
    last_fetched_at: Mapped[str | None] = mapped_column(String(32))
    last_status: Mapped[int | None] = mapped_column(Integer)
    last_error: Mapped[str | None] = mapped_column(Text)
    last_error_at: Mapped[str | None] = mapped_column(String(32))
    n_items: Mapped[int] = mapped_column(Integer, default=0)


class SourceItem(Base):
    """One item a source listed (feed entry, sitemap URL, or the page itself) and what was taken from it."""

    __tablename__ = "source_items"
    __table_args__ = (UniqueConstraint("source_id", "key", name="uq_source_items_source_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id"), index=True)
    key: Mapped[str] = mapped_column(String(2000))
    """The feed entry's id (else its link) or the page URL."""
    url: Mapped[str] = mapped_column(Text)
    updated: Mapped[str | None] = mapped_column(String(64))
    """The feed entry's updated/published stamp or the sitemap's ``lastmod``, as given."""
    etag: Mapped[str | None] = mapped_column(Text)
    last_modified: Mapped[str | None] = mapped_column(Text)
    content_hash: Mapped[str | None] = mapped_column(String(64))
    """SHA-256 of the page body last fetched."""
    document_id: Mapped[str | None] = mapped_column(String(200), index=True)
    first_seen_at: Mapped[str] = mapped_column(String(32))
    last_fetched_at: Mapped[str | None] = mapped_column(String(32))
    last_status: Mapped[int | None] = mapped_column(Integer)
    last_error: Mapped[str | None] = mapped_column(Text)


class Entity(Base):
    __tablename__ = "entities"
    __table_args__ = (Index("ix_entities_type_name", "type", "name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    type: Mapped[str] = mapped_column(String(8))
    """``org``, ``person`` or ``place``."""
    key: Mapped[str] = mapped_column(String(300), unique=True)
    """Resolution key: ``kb:spic``, ``gov:<division>:<body>``, ``org:<name>``, ``person:<name>#2``..."""
    name: Mapped[str] = mapped_column(Text)
    name_en: Mapped[str | None] = mapped_column(Text)
    name_zh: Mapped[str | None] = mapped_column(Text)
    kind: Mapped[str | None] = mapped_column(String(16))
    """Organization kind (company, government, party, association, other) or place level."""
    kb_id: Mapped[str | None] = mapped_column(String(100), index=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("entities.id"), index=True)
    place_id: Mapped[int | None] = mapped_column(ForeignKey("entities.id"), index=True)
    """For governments and party committees: their administrative division."""
    code: Mapped[str | None] = mapped_column(String(32))
    province: Mapped[str | None] = mapped_column(Text)
    province_zh: Mapped[str | None] = mapped_column(Text)
    country: Mapped[str | None] = mapped_column(String(8))
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    n_documents: Mapped[int] = mapped_column(Integer, default=0)
    context: Mapped[list[str] | None] = mapped_column(JSON)
    """A person's resolution context: organizations (``e:12``, ``kb:spic``), divisions (``div:220100``)."""


class EntityName(Base):
    __tablename__ = "entity_names"
    __table_args__ = (UniqueConstraint("entity_id", "name", name="uq_entity_names_entity_name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    entity_id: Mapped[int] = mapped_column(ForeignKey("entities.id"), index=True)
    name: Mapped[str] = mapped_column(Text)
    norm: Mapped[str] = mapped_column(String(300), index=True)


class Mention(Base):
    __tablename__ = "mentions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[str] = mapped_column(ForeignKey("documents.id"), index=True)
    entity_id: Mapped[int] = mapped_column(ForeignKey("entities.id"), index=True)
    name: Mapped[str] = mapped_column(Text)
    evidence: Mapped[list[Any] | None] = mapped_column(JSON)
    resolved_entity_id: Mapped[int | None] = mapped_column(Integer, index=True)
    """The resolver's entity while a reviewer's merge or split points ``entity_id`` elsewhere (else null)."""
    confidence: Mapped[float | None] = mapped_column(Float)
    """The record's confidence in this organization, person or place (None: unknown)."""


class Event(Base):
    __tablename__ = "events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[str] = mapped_column(ForeignKey("documents.id"), index=True)
    story_id: Mapped[int | None] = mapped_column(ForeignKey("stories.id"), index=True)
    idx: Mapped[int] = mapped_column(Integer)
    type: Mapped[str] = mapped_column(String(16))
    agreement_kind: Mapped[str | None] = mapped_column(String(64))
    date: Mapped[str | None] = mapped_column(String(10))
    """As extracted: ``YYYY-MM-DD``, ``YYYY-MM``, ``XXXX-MM-DD`` or null."""
    sort_date: Mapped[str | None] = mapped_column(String(10), index=True)
    """Best known date (event date with the publication year filled in, else publication date)."""
    place_id: Mapped[int | None] = mapped_column(ForeignKey("entities.id"), index=True)
    place_name: Mapped[str | None] = mapped_column(Text)
    cameo: Mapped[str] = mapped_column(String(8))
    plover: Mapped[str] = mapped_column(String(16))
    confidence: Mapped[float | None] = mapped_column(Float)
    evidence: Mapped[list[Any] | None] = mapped_column(JSON)
    place_confidence: Mapped[float | None] = mapped_column(Float)
    province_code: Mapped[str | None] = mapped_column(String(6), index=True)
    """Province-level division code of the event: its place, else a government party's place."""


class EventParty(Base):
    __tablename__ = "event_parties"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id"), index=True)
    entity_id: Mapped[int] = mapped_column(ForeignKey("entities.id"), index=True)
    name: Mapped[str] = mapped_column(Text)
    resolved_entity_id: Mapped[int | None] = mapped_column(Integer, index=True)
    """The resolver's entity while a reviewer's merge or split points ``entity_id`` elsewhere (else null)."""
    confidence: Mapped[float | None] = mapped_column(Float)


class EventParticipant(Base):
    __tablename__ = "event_participants"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id"), index=True)
    entity_id: Mapped[int] = mapped_column(ForeignKey("entities.id"), index=True)
    name: Mapped[str] = mapped_column(Text)
    role: Mapped[str] = mapped_column(String(16))
    evidence: Mapped[list[Any] | None] = mapped_column(JSON)
    resolved_entity_id: Mapped[int | None] = mapped_column(Integer, index=True)
    """The resolver's entity while a reviewer's merge or split points ``entity_id`` elsewhere (else null)."""
    confidence: Mapped[float | None] = mapped_column(Float)


class EventField(Base):
    __tablename__ = "event_fields"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id"), index=True)
    document_id: Mapped[str] = mapped_column(ForeignKey("documents.id"), index=True)
    field: Mapped[str] = mapped_column(String(64), index=True)


class Position(Base):
    __tablename__ = "positions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("entities.id"), index=True)
    org_id: Mapped[int | None] = mapped_column(ForeignKey("entities.id"), index=True)
    document_id: Mapped[str] = mapped_column(ForeignKey("documents.id"), index=True)
    title: Mapped[str] = mapped_column(Text)
    org_name: Mapped[str | None] = mapped_column(Text)
    seen_date: Mapped[str | None] = mapped_column(String(10))
    evidence: Mapped[list[Any] | None] = mapped_column(JSON)
    resolved_person_id: Mapped[int | None] = mapped_column(Integer, index=True)
    resolved_org_id: Mapped[int | None] = mapped_column(Integer, index=True)
    """The resolver's person and organization while a reviewer's merge or split moved this row (else null)."""
    confidence: Mapped[float | None] = mapped_column(Float)


class DocumentPolicy(Base):
    __tablename__ = "document_policies"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[str] = mapped_column(ForeignKey("documents.id"), index=True)
    policy: Mapped[str] = mapped_column(String(64), index=True)


class StoreState(Base):
    """Counters of the store itself; ``generation`` grows by one with every write transaction, so that a
    writer holding entities in memory sees that another process wrote since its last batch."""

    __tablename__ = "store_state"

    key: Mapped[str] = mapped_column(String(32), primary_key=True)
    value: Mapped[int] = mapped_column(Integer)


class DataVersion(Base):
    """One row (id 1); triggers add one to ``version`` on every write of documents or corrections."""

    __tablename__ = "data_version"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version: Mapped[int] = mapped_column(Integer)


DOCUMENT_CHILD_TABLES: tuple[type[Base], ...] = (Mention, EventField, Position, DocumentPolicy)
"""Tables whose rows belong to one document (deleted when the document is re-extracted), besides events."""
