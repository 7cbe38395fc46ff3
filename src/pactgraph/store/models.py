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
- the full-text index (dialect-specific, see :mod:`pactgraph.store.fts`).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint
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
    confidence: Mapped[float | None] = mapped_column(Float)


class EventParticipant(Base):
    __tablename__ = "event_participants"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id"), index=True)
    entity_id: Mapped[int] = mapped_column(ForeignKey("entities.id"), index=True)
    name: Mapped[str] = mapped_column(Text)
    role: Mapped[str] = mapped_column(String(16))
    evidence: Mapped[list[Any] | None] = mapped_column(JSON)
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
    confidence: Mapped[float | None] = mapped_column(Float)


class DocumentPolicy(Base):
    __tablename__ = "document_policies"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[str] = mapped_column(ForeignKey("documents.id"), index=True)
    policy: Mapped[str] = mapped_column(String(64), index=True)


class DataVersion(Base):
    """One row (id 1); triggers add one to ``version`` on every write of documents or corrections."""

    __tablename__ = "data_version"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version: Mapped[int] = mapped_column(Integer)


DOCUMENT_CHILD_TABLES: tuple[type[Base], ...] = (Mention, EventField, Position, DocumentPolicy)
"""Tables whose rows belong to one document (deleted when the document is re-extracted), besides events."""
