"""Per-fact confidence, event provinces, keyset indexes and a data version for caches.

- ``confidence`` on event parties, participants, positions and mentions, and
  ``place_confidence`` on events: NULL where an older record did not say
  (unknown, not 0).
- ``events.province_code``: the province-level division of the event (its
  place, else a government party's place), for facets, filters and maps.
- composite indexes for keyset pagination of events and entities.
- ``data_version``: one row whose ``version`` grows whenever documents or
  corrections are written (triggers), so responses can be cached and
  validated (ETag) with one primary-key look-up.

Revision ID: 0005_i11
Revises: 0004_i12
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005_i11"
down_revision: str | None = "0004_i12"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

VERSIONED = ("documents", "corrections", "correction_marks")

PROVINCE_FROM_PLACE = (
    "UPDATE events SET province_code = (SELECT substr(p.code, 1, 2) || '0000' FROM entities p "
    "WHERE p.id = events.place_id AND p.country = 'CN' AND length(p.code) = 6) WHERE place_id IS NOT NULL"
)
PROVINCE_FROM_PARTY = (
    "UPDATE events SET province_code = (SELECT substr(min(pl.code), 1, 2) || '0000' FROM event_parties ep "
    "JOIN entities g ON g.id = ep.entity_id JOIN entities pl ON pl.id = g.place_id "
    "WHERE ep.event_id = events.id AND pl.country = 'CN' AND length(pl.code) = 6) WHERE province_code IS NULL"
)


def upgrade() -> None:
    for table in ("event_parties", "event_participants", "positions", "mentions"):
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("confidence", sa.Float(), nullable=True))
    with op.batch_alter_table("events") as batch:
        batch.add_column(sa.Column("place_confidence", sa.Float(), nullable=True))
        batch.add_column(sa.Column("province_code", sa.String(length=6), nullable=True))
        batch.create_index("ix_events_province_code", ["province_code"])
        batch.create_index("ix_events_type_sort_date", ["type", "sort_date"])
    with op.batch_alter_table("entities") as batch:
        batch.create_index("ix_entities_type_docs", ["type", "n_documents", "id"])
    # keyset pagination sorts on these expressions (NULL dates sort as ''): indexes on the same expressions
    op.execute("CREATE INDEX ix_events_sort_key ON events (coalesce(sort_date, ''), id)")
    op.execute("CREATE INDEX ix_documents_sort_key ON documents (coalesce(doc_date, ''), id)")
    with op.batch_alter_table("event_fields") as batch:
        batch.create_index("ix_event_fields_field_event", ["field", "event_id"])
    with op.batch_alter_table("event_parties") as batch:
        batch.create_index("ix_event_parties_entity_event", ["entity_id", "event_id"])
    op.execute(PROVINCE_FROM_PLACE)
    op.execute(PROVINCE_FROM_PARTY)
    op.create_table("data_version", sa.Column("id", sa.Integer(), primary_key=True),
                    sa.Column("version", sa.Integer(), nullable=False))
    op.execute("INSERT INTO data_version (id, version) VALUES (1, 1)")
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        op.execute("CREATE OR REPLACE FUNCTION pactgraph_bump_version() RETURNS trigger AS $$ BEGIN "
                   "UPDATE data_version SET version = version + 1 WHERE id = 1; RETURN NULL; END $$ "
                   "LANGUAGE plpgsql")
        for table in VERSIONED:
            op.execute(f"CREATE TRIGGER {table}_bump_version AFTER INSERT OR UPDATE OR DELETE ON {table} "
                       "FOR EACH STATEMENT EXECUTE FUNCTION pactgraph_bump_version()")
    elif dialect == "sqlite":
        for table in VERSIONED:
            for action in ("INSERT", "UPDATE", "DELETE"):
                op.execute(f"CREATE TRIGGER IF NOT EXISTS {table}_{action.lower()}_bump_version AFTER {action} "
                           f"ON {table} BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END")


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    for table in VERSIONED:
        if dialect == "postgresql":
            op.execute(f"DROP TRIGGER IF EXISTS {table}_bump_version ON {table}")
        elif dialect == "sqlite":
            for action in ("insert", "update", "delete"):
                op.execute(f"DROP TRIGGER IF EXISTS {table}_{action}_bump_version")
    if dialect == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS pactgraph_bump_version()")
    op.drop_table("data_version")
    with op.batch_alter_table("event_parties") as batch:
        batch.drop_index("ix_event_parties_entity_event")
    with op.batch_alter_table("event_fields") as batch:
        batch.drop_index("ix_event_fields_field_event")
    op.execute("DROP INDEX IF EXISTS ix_documents_sort_key")
    op.execute("DROP INDEX IF EXISTS ix_events_sort_key")
    with op.batch_alter_table("entities") as batch:
        batch.drop_index("ix_entities_type_docs")
    with op.batch_alter_table("events") as batch:
        batch.drop_index("ix_events_type_sort_date")
        batch.drop_index("ix_events_province_code")
        batch.drop_column("province_code")
        batch.drop_column("place_confidence")
    for table in ("mentions", "positions", "event_participants", "event_parties"):
        with op.batch_alter_table(table) as batch:
            batch.drop_column("confidence")
