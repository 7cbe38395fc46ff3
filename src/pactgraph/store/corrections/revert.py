"""Undoing a change: the revert is itself a change, appended, and applied at once.

Reverting an event correction or a position edit brings back the value before
it (the previous change that still holds, else the extraction); reverting a
merge or a split puts the rows it moved back on their entities and applies the
merges and splits that still hold again. A revert can be reverted in turn,
which makes the original change hold again.
"""

from __future__ import annotations

from sqlalchemy import Connection

from pactgraph.store.corrections import validate
from pactgraph.store.corrections.apply import apply_documents
from pactgraph.store.corrections.changes import ENTITY_OPS, Change, get_change, record_change


def _base(conn: Connection, change: Change) -> Change:
    """The change a chain of reverts finally points at."""
    seen = {change.id}
    while change.field == "revert" and change.reverts is not None and change.reverts not in seen:
        change = get_change(conn, change.reverts)
        seen.add(change.id)
    return change


def revert(conn: Connection, change_id: int, *, author: str, reason: str | None = None) -> Change:
    """Append the revert of change ``change_id`` and apply it; the new change.

    LookupError when there is no such change; ValueError when it was already reverted.
    """
    change = get_change(conn, change_id)
    if change.reverted_by is not None:
        raise validate.InvalidChange("revert", f"change #{change.id} was already reverted by #{change.reverted_by}; "
                                               f"revert #{change.reverted_by} to make it hold again")
    base = _base(conn, change)
    new = record_change(conn, target_kind=change.target_kind, target_key=change.target_key, field="revert",
                        author=author, old_value=change.new_value, new_value=change.old_value,
                        document_id=change.document_id, event_idx=change.event_idx, other_key=change.other_key,
                        reason=validate.reason_text(reason), reverts=change.id, target=change.target,
                        content_hash=change.content_hash)
    if base.field in ENTITY_OPS:
        docs = list((base.new_value or {}).get("documents") or []) if base.field == "split" else []
        apply_documents(conn, docs, reset=True)
    elif change.document_id is not None:
        apply_documents(conn, [change.document_id])
    return new
