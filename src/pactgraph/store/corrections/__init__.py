"""Curation: reviewers' changes, kept as an append-only history and laid over the extraction.

A change never edits the extraction (``documents.record_json`` stays what the
extractor wrote). It is a row of its own, read as :class:`Change` (who, when,
why, the evidence relied on, old and new value), keyed so that it survives
re-extraction and re-ingest:

- an event field (``type``, ``agreement_kind``, ``date``, ``place``,
  ``parties``, ``participants``, ``fields``) of ``<document id>#<event index>``,
  found again after re-extraction by the text of the event's evidence;
- a position of a person as a document names them (corrected, removed, added);
- a merge of two organizations or two people (``target_key`` the resolution
  key of the entity merged away, ``other_key`` the one it is merged into);
- a split (``other_key`` the key of the new entity, ``new_value``
  ``{"name", "documents"}``: the entity's rows in those documents move there);
- a revert of any of these (``reverts``), itself a change that can be reverted.

The parts: :mod:`.changes` (the table and the :class:`Change` record, reading),
:mod:`.validate` (values against the record contract), :mod:`.edits` (making
changes), :mod:`.revert`, :mod:`.apply` and :mod:`.entities` (laying changes
over the derived tables, idempotently), :mod:`.overlay` (the corrected record),
:mod:`.targets` (finding a target again), :mod:`.describe` (readable sentences).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection

from pactgraph.store.corrections.apply import (
    apply_documents,
    apply_pending,
    changed_documents,
    pending_documents,
    strip_changes,
)
from pactgraph.store.corrections.changes import (
    ENTITY_KINDS,
    EVENT_FIELDS,
    TG,
    C,
    Change,
    Correction,
    CorrectionMark,
    CorrectionTarget,
    M,
    count_changes,
    document_timeline,
    entity_timeline,
    event_key,
    get_change,
    list_changes,
    now,
    to_changes,
)
from pactgraph.store.corrections.edits import (
    correct_event,
    correct_position,
    entity_id_of,
    merge_entities,
    split_entity,
)
from pactgraph.store.corrections.entities import merged_keys, name_keys, pending_merges
from pactgraph.store.corrections.overlay import corrected_record
from pactgraph.store.corrections.revert import revert
from pactgraph.store.corrections.validate import InvalidChange

_name_keys = name_keys  # the name other modules imported before the package


def list_corrections(conn: Connection, *, document_id: str | None = None, target_kind: str | None = None,
                     target_key: str | None = None, limit: int = 200, offset: int = 0) -> list[Change]:
    """Changes newest first (see :func:`list_changes`)."""
    return list_changes(conn, document_id=document_id, target_kind=target_kind, target_key=target_key,
                        limit=limit, offset=offset)


def count_corrections(conn: Connection) -> int:
    return count_changes(conn)


def document_corrections(conn: Connection, document_id: str) -> list[Change]:
    """A document's own changes (event fields, positions, their reverts), oldest first."""
    return list_changes(conn, document_id=document_id, limit=10**9, oldest_first=True)


def merged_from(conn: Connection, key: str) -> list[str]:
    """Keys of the entities merged (by merges that hold) into the entity of ``key``."""
    return sorted(src for src, dst in merged_keys(conn).items() if dst == key)


def names_of(conn: Connection, keys: list[str]) -> list[str]:
    """Every name of the entities with these keys."""
    from sqlalchemy import select

    from pactgraph.store.models import Entity, EntityName

    e, n = Entity.__table__, EntityName.__table__
    stmt = select(n.c.name).join(e, e.c.id == n.c.entity_id).where(e.c.key.in_(keys)).order_by(n.c.id)
    return list(dict.fromkeys(r[0] for r in conn.execute(stmt)))


def history(*, document: str | None = None, entity: int | None = None, state: str | None = None,
            db: Any = None, limit: int = 200) -> list[Change]:
    """The changes of a document, of an entity (by id), or all of them (the newest ``limit``), oldest first."""
    from pactgraph.store.db import NotFound, open_database

    database = open_database(db, create=False)
    with database.engine.connect() as conn:
        if entity is not None:
            from pactgraph.store.models import Entity

            e = Entity.__table__
            from sqlalchemy import select

            key = conn.execute(select(e.c.key).where(e.c.id == entity)).scalar()
            if key is None:
                raise NotFound(f"no entity {entity}")
            changes = entity_timeline(conn, key)
        elif document is not None:
            changes = document_timeline(conn, document)
        else:
            changes = list_changes(conn, state=state, limit=limit)[::-1]
    if state is not None:
        changes = [c for c in changes if c.state == state]
    return changes[-limit:]


def revert_change(change_id: int, *, author: str, reason: str | None = None, db: Any = None) -> Change:
    """Revert change ``change_id`` in its own write transaction (see :func:`revert`)."""
    from pactgraph.store.db import NotFound, StoreError, open_database

    database = open_database(db, create=False)
    try:
        with database.write() as conn:
            return revert(conn, change_id, author=author, reason=reason)
    except LookupError as exc:
        raise NotFound(str(exc)) from exc
    except ValueError as exc:
        raise StoreError(str(exc)) from exc


def as_dicts(changes: list[Change]) -> list[dict[str, Any]]:
    return [c.to_dict() for c in changes]


__all__ = [
    "ENTITY_KINDS",
    "EVENT_FIELDS",
    "TG",
    "C",
    "Change",
    "Correction",
    "CorrectionMark",
    "CorrectionTarget",
    "InvalidChange",
    "M",
    "apply_documents",
    "apply_pending",
    "as_dicts",
    "changed_documents",
    "corrected_record",
    "correct_event",
    "correct_position",
    "count_changes",
    "count_corrections",
    "document_corrections",
    "document_timeline",
    "history",
    "entity_id_of",
    "entity_timeline",
    "event_key",
    "get_change",
    "list_changes",
    "list_corrections",
    "merge_entities",
    "merged_from",
    "merged_keys",
    "name_keys",
    "names_of",
    "now",
    "pending_documents",
    "pending_merges",
    "revert",
    "revert_change",
    "split_entity",
    "strip_changes",
    "to_changes",
]
