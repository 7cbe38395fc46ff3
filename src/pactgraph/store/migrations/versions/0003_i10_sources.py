"""Document versions, fetch provenance, and watched sources.

- ``documents`` gains ``source_url`` (where it was fetched), ``fetched_at`` and
  ``version`` (its current version);
- ``document_versions`` keeps every text a document has had, with its hash,
  fetch time and extraction; existing documents become their version 1;
- ``sources`` and ``source_items``: URLs given to ``ingest``/``watch`` with their
  ETag/Last-Modified, content hashes, feed item ids, last fetch and last error.

Revision ID: 0003_i10
Revises: 0002_corrections
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003_i10"
down_revision: str | None = "0002_corrections"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.add_column(sa.Column("source_url", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("fetched_at", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("version", sa.Integer(), nullable=True))
    op.create_table(
        "document_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.String(length=200), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("published", sa.String(length=32), nullable=True),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("source", sa.Text(), nullable=True),
        sa.Column("source_url", sa.Text(), nullable=True),
        sa.Column("fetched_at", sa.String(length=32), nullable=True),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("error_code", sa.String(length=16), nullable=True),
        sa.Column("error_message", sa.Text(), nullable=True),
        sa.Column("record_json", sa.JSON(), nullable=True),
        sa.Column("extracted_at", sa.String(length=32), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("document_id", "version", name="uq_document_versions_document_version"),
    )
    with op.batch_alter_table("document_versions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_document_versions_document_id"), ["document_id"], unique=False)
    # what is stored today becomes version 1 of each document that has a text
    op.execute(
        "INSERT INTO document_versions (document_id, version, content_hash, text, url, published, title, source, "
        "created_at, status, error_code, error_message, record_json, extracted_at) "
        "SELECT id, 1, content_hash, text, url, published, title, source, ingested_at, status, error_code, "
        "error_message, record_json, ingested_at FROM documents WHERE text <> ''"
    )
    op.execute("UPDATE documents SET version = 1 WHERE text <> ''")
    op.create_table(
        "sources",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("url", sa.String(length=2000), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=True),
        sa.Column("watched", sa.Boolean(), nullable=False),
        sa.Column("every_seconds", sa.Integer(), nullable=True),
        sa.Column("added_at", sa.String(length=32), nullable=False),
        sa.Column("etag", sa.Text(), nullable=True),
        sa.Column("last_modified", sa.Text(), nullable=True),
        sa.Column("content_hash", sa.String(length=64), nullable=True),
        sa.Column("last_fetched_at", sa.String(length=32), nullable=True),
        sa.Column("last_status", sa.Integer(), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("last_error_at", sa.String(length=32), nullable=True),
        sa.Column("n_items", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("url"),
    )
    op.create_table(
        "source_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=2000), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("updated", sa.String(length=64), nullable=True),
        sa.Column("etag", sa.Text(), nullable=True),
        sa.Column("last_modified", sa.Text(), nullable=True),
        sa.Column("content_hash", sa.String(length=64), nullable=True),
        sa.Column("document_id", sa.String(length=200), nullable=True),
        sa.Column("first_seen_at", sa.String(length=32), nullable=False),
        sa.Column("last_fetched_at", sa.String(length=32), nullable=True),
        sa.Column("last_status", sa.Integer(), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["source_id"], ["sources.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("source_id", "key", name="uq_source_items_source_key"),
    )
    with op.batch_alter_table("source_items", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_source_items_source_id"), ["source_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_source_items_document_id"), ["document_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("source_items", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_source_items_document_id"))
        batch_op.drop_index(batch_op.f("ix_source_items_source_id"))
    op.drop_table("source_items")
    op.drop_table("sources")
    with op.batch_alter_table("document_versions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_document_versions_document_id"))
    op.drop_table("document_versions")
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.drop_column("version")
        batch_op.drop_column("fetched_at")
        batch_op.drop_column("source_url")
