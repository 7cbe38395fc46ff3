"""Curation as a history: reasons, evidence, reverts and targets of changes; rows a merge or split moved.

- ``corrections`` gains ``evidence`` (what the reviewer relied on), ``reverts`` (the change a revert
  undoes), ``target`` (where the change points inside its document, to find it again after
  re-extraction) and ``content_hash`` (the version of the document the change was made on).
- ``correction_targets``: where each document change was last found (or that its target has gone).
- ``resolved_entity_id`` (``mentions``, ``event_parties``, ``event_participants``) and
  ``resolved_person_id`` / ``resolved_org_id`` (``positions``): the resolver's entity of a row while a
  reviewer's merge or split points it elsewhere, so that a merge can be undone.
- ``store_state`` with the row ``generation``: bumped by every write transaction, it serialises
  writers on PostgreSQL (row lock) and tells a writer that another process wrote since its last batch.

Revision ID: 0004_i12
Revises: 0003_i10
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004_i12"
down_revision: str | None = "0003_i10"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_MOVED = (("mentions", "resolved_entity_id"), ("event_parties", "resolved_entity_id"),
          ("event_participants", "resolved_entity_id"), ("positions", "resolved_person_id"),
          ("positions", "resolved_org_id"))


def upgrade() -> None:
    state = op.create_table(
        "store_state",
        sa.Column("key", sa.String(length=32), nullable=False),
        sa.Column("value", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )
    op.bulk_insert(state, [{"key": "generation", "value": 0}])
    with op.batch_alter_table("corrections", schema=None) as batch_op:
        batch_op.add_column(sa.Column("evidence", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("reverts", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("target", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("content_hash", sa.String(length=64), nullable=True))
        batch_op.create_index("ix_corrections_reverts", ["reverts"], unique=False)
        batch_op.create_index("ix_corrections_other_key", ["other_key"], unique=False)
    op.create_table(
        "correction_targets",
        sa.Column("correction_id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.String(length=200), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("resolved", sa.JSON(), nullable=True),
        sa.Column("checked_at", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("correction_id"),
    )
    with op.batch_alter_table("correction_targets", schema=None) as batch_op:
        batch_op.create_index("ix_correction_targets_document_id", ["document_id"], unique=False)
        batch_op.create_index("ix_correction_targets_state", ["state"], unique=False)
    for table, column in _MOVED:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column(column, sa.Integer(), nullable=True))
            batch_op.create_index(f"ix_{table}_{column}", [column], unique=False)


def downgrade() -> None:
    for table, column in reversed(_MOVED):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(f"ix_{table}_{column}")
            batch_op.drop_column(column)
    op.drop_table("correction_targets")
    op.drop_table("store_state")
    with op.batch_alter_table("corrections", schema=None) as batch_op:
        batch_op.drop_index("ix_corrections_other_key")
        batch_op.drop_index("ix_corrections_reverts")
        for column in ("content_hash", "target", "reverts", "evidence"):
            batch_op.drop_column(column)
