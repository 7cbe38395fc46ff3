"""The reviewer's edits: correct an event, correct a position, merge two entities, split one.

Each edit checks its values (:mod:`~pactgraph.store.corrections.validate`),
appends its change with author, time, reason and evidence, and applies it at
once, in the caller's transaction. LookupError: the target does not exist;
ValueError (:class:`~pactgraph.store.corrections.validate.InvalidChange`): a
value the record contract does not allow.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import Connection, select

from pactgraph.store import models
from pactgraph.store.corrections import entities, validate
from pactgraph.store.corrections.apply import _document_rows, apply_documents
from pactgraph.store.corrections.changes import ENTITY_KINDS, Change, event_key, record_change, to_changes
from pactgraph.store.corrections.entities import merged_keys
from pactgraph.store.corrections.overlay import corrected_record
from pactgraph.store.corrections.targets import event_target, position_target

T = models


def _document(conn: Connection, document_id: str) -> dict[str, Any]:
    d = T.Document.__table__
    row = conn.execute(select(d.c.id, d.c.record_json, d.c.text, d.c.content_hash, d.c.status)
                       .where(d.c.id == document_id)).mappings().first()
    if row is None or row["record_json"] is None:
        raise LookupError(f"no extracted document {document_id!r}")
    doc = dict(row)
    doc["changes"] = to_changes(conn, _document_rows(conn, [document_id]).get(document_id, []))
    doc["corrected"] = corrected_record(doc["record_json"], doc["changes"], doc["text"], doc["content_hash"]) or {}
    return doc


def _comparable(field: str, value: Any) -> Any:
    if field == "participants":
        return [{"person": p.get("person"), "role": p.get("role")} for p in value or []]
    if field == "place" and value is not None:
        return {"name": value.get("name"), "admin1": value.get("admin1"), "country": value.get("country")}
    if field in ("parties", "fields"):
        return list(value or [])
    return value


def correct_event(conn: Connection, document_id: str, idx: int, changes: dict[str, Any], *, author: str,
                  reason: str | None = None, evidence: Any = None, note: str | None = None) -> list[Change]:
    """Store corrections of one event (only fields whose value changes) and apply them; the new changes."""
    doc = _document(conn, document_id)
    events = doc["corrected"].get("events") or []
    if not 0 <= idx < len(events):
        raise LookupError(f"document {document_id!r} has no event {idx}")
    current = events[idx]
    values = validate.event_changes(changes, current)
    why = validate.reason_text(reason if reason is not None else note)
    proof = validate.evidence_items(evidence, doc["text"])
    target = event_target(doc["record_json"], idx, doc["text"])
    created = []
    for field_name, value in values.items():
        old = _comparable(field_name, current.get(field_name))
        if old == value:
            continue
        created.append(record_change(conn, target_kind="event", target_key=event_key(document_id, idx),
                                     field=field_name, author=author, old_value=old, new_value=value,
                                     document_id=document_id, event_idx=idx, reason=why, evidence=proof,
                                     target=target, content_hash=doc["content_hash"]))
    if created:
        apply_documents(conn, [document_id])
    return created


def _person_key(conn: Connection, document_id: str, person: str) -> str | None:
    e = T.Entity.__table__
    entity_id = entities.find_or_create(conn, "person", person, document_id, create=False)
    return conn.execute(select(e.c.key).where(e.c.id == entity_id)).scalar() if entity_id else None


def correct_position(conn: Connection, document_id: str, person: str, index: int | None, value: Any, *,
                     author: str, reason: str | None = None, evidence: Any = None) -> Change | None:
    """Correct (``value`` ``{"title", "org"}``), remove (``value`` None) or, with ``index`` None, add a
    position of ``person`` as the document names them; ``index`` counts the extracted positions. The new
    change, or None when the value is already that."""
    doc = _document(conn, document_id)
    people = {p.get("name"): p for p in doc["record_json"].get("people") or []}
    if person not in people:
        raise LookupError(f"document {document_id!r} names no person {person!r}")
    extracted = people[person].get("positions") or []
    if index is not None and not 0 <= index < len(extracted):
        raise LookupError(f"{person} has no position {index} in {document_id!r}")
    new = validate.position_value(value)
    if index is None and new is None:
        raise validate.InvalidChange("position", "give the title of the position to add")
    target = position_target(doc["record_json"], person, index)
    old: Any = None
    if index is not None:
        old = {"title": extracted[index].get("title"), "org": extracted[index].get("org") or None}
        for change in doc["changes"]:
            if change.field == "position" and change.reverted_by is None and change.target == target:
                old = change.new_value
    if index is not None and old == new:
        return None
    change = record_change(conn, target_kind="position", target_key=f"{document_id}#person:{person}"[:400],
                           field="position", author=author, old_value=old, new_value=new, document_id=document_id,
                           other_key=_person_key(conn, document_id, person), reason=validate.reason_text(reason),
                           evidence=validate.evidence_items(evidence, doc["text"]), target=target,
                           content_hash=doc["content_hash"])
    apply_documents(conn, [document_id])
    return change


def entity(conn: Connection, entity_id: int) -> dict[str, Any]:
    e = T.Entity.__table__
    row = conn.execute(select(e).where(e.c.id == entity_id)).mappings().first()
    if row is None:
        raise LookupError(f"no entity {entity_id}")
    return dict(row)


def merge_entities(conn: Connection, source_id: int, target_id: int, *, author: str, reason: str | None = None,
                   evidence: Any = None, note: str | None = None) -> Change:
    """Merge entity ``source_id`` into ``target_id`` (two organizations or two people), and apply it."""
    src, dst = entity(conn, source_id), entity(conn, target_id)
    if src["id"] == dst["id"]:
        raise validate.InvalidChange("into", "an entity cannot be merged into itself")
    if src["type"] != dst["type"] or src["type"] not in ENTITY_KINDS:
        raise validate.InvalidChange("into", "merge two organizations or two people")
    merged = merged_keys(conn)
    if src["key"] in merged:
        raise validate.InvalidChange("into", f"{src['name']} is already merged into another entity: revert that "
                                             "merge first")
    if dst["key"] in merged:
        raise validate.InvalidChange("into", f"{dst['name']} was merged into another entity: merge into that one")
    return _entity_change(conn, src, "merge", {"id": dst["id"], "name": dst["name"]}, dst["key"], author=author,
                          reason=reason if reason is not None else note, evidence=evidence, docs=None)


def split_entity(conn: Connection, entity_id: int, documents: list[str], name: str, *, author: str,
                 reason: str | None = None, evidence: Any = None, note: str | None = None) -> Change:
    """Split the mentions of an entity in ``documents`` off into a new entity called ``name``."""
    ent = entity(conn, entity_id)
    if ent["type"] not in ENTITY_KINDS:
        raise validate.InvalidChange("split", "split an organization or a person")
    name = name.strip()[:300]
    docs = list(dict.fromkeys(d for d in documents if d))
    if not name or not docs:
        raise validate.InvalidChange("split", "a split needs the new entity's name and at least one document")
    m = T.Mention.__table__
    found = {r[0] for r in conn.execute(select(m.c.document_id)
                                        .where(m.c.entity_id == entity_id, m.c.document_id.in_(docs)))}
    missing = [d for d in docs if d not in found]
    if missing:
        raise validate.InvalidChange("documents", f"{ent['name']} is not mentioned in: {', '.join(missing[:5])}")
    from pactgraph.resolve.names import normalize

    new_key = f"curated:split:{ent['type']}:{normalize(name)[:200]}:{uuid.uuid4().hex[:10]}"
    return _entity_change(conn, ent, "split", {"name": name, "documents": docs}, new_key, author=author,
                          reason=reason if reason is not None else note, evidence=evidence, docs=docs)


def _entity_change(conn: Connection, ent: dict[str, Any], field: str, new_value: dict[str, Any], other_key: str,
                   *, author: str, reason: str | None, evidence: Any, docs: list[str] | None) -> Change:
    proof = validate.evidence_items(evidence, None)
    change = record_change(conn, target_kind=ent["type"], target_key=ent["key"], field=field, author=author,
                           old_value={"id": ent["id"], "name": ent["name"]}, new_value=new_value,
                           other_key=other_key, reason=validate.reason_text(reason), evidence=proof)
    if docs is None:
        entities.apply_entity_ops(conn, None)
    else:
        apply_documents(conn, docs)
    return change


def entity_id_of(conn: Connection, key: str) -> int | None:
    e = T.Entity.__table__
    return conn.execute(select(e.c.id).where(e.c.key == key)).scalar()
