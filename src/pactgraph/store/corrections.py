"""Curation: reviewers' corrections, stored as their own records and applied over extraction output.

A correction never edits the extraction (``documents.record_json`` stays what
the extractor wrote). It is a row of its own (who, when, old value, new
value) keyed so that it survives re-extraction and re-ingest:

- an event field (``type``, ``agreement_kind``, ``date``, ``place``,
  ``parties``, ``participants``, ``fields``): ``target_kind="event"``,
  ``target_key="<document id>#<event index>"``. The latest correction of a
  field wins;
- a merge of two organizations or two people: ``field="merge"``,
  ``target_key`` the resolution key of the entity merged away
  (``entities.key``: ``kb:spic``, ``person:he xi`` ...), ``other_key`` the key
  of the entity it is merged into;
- a split: ``field="split"``, ``target_key`` the key of the entity split,
  ``other_key`` the key of the new entity (``curated:split:...``), and
  ``new_value`` ``{"name": ..., "documents": [...]}``: the mentions of the
  entity in those documents move to the new entity.

Corrections are *applied* to the derived tables (events, parties,
participants, fields, mentions, positions, entities), so every query and
export sees them, and re-applied whenever a document was written again:
:func:`apply_pending` compares each corrected document's ``seq`` (renewed on
every write by ingest) with the one recorded in ``correction_marks`` when its
corrections were last applied, and finds rows pointing to merged-away
entities. Applying is idempotent: the corrected state is a function of the
extraction and the corrections alone. :func:`corrected_record` gives the
record with the corrections laid over it, for display and export.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Any

from sqlalchemy import JSON, Connection, Integer, String, Text, delete, func, insert, select, update
from sqlalchemy.orm import Mapped, mapped_column

from pactgraph.store import fts, models
from pactgraph.store.codes import event_code
from pactgraph.store.models import Base

T = models

EVENT_FIELDS = ("type", "agreement_kind", "date", "place", "parties", "participants", "fields")
"""Event fields a reviewer may correct."""
ENTITY_KINDS = ("org", "person")
"""Entity types that may be merged or split."""


class Correction(Base):
    __tablename__ = "corrections"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    target_kind: Mapped[str] = mapped_column(String(16))
    """``event``, ``org`` or ``person``."""
    target_key: Mapped[str] = mapped_column(String(400), index=True)
    """``<document id>#<event index>`` for events; the entity's resolution key for merges and splits."""
    document_id: Mapped[str | None] = mapped_column(String(200), index=True)
    event_idx: Mapped[int | None] = mapped_column(Integer)
    field: Mapped[str] = mapped_column(String(32))
    """An event field of :data:`EVENT_FIELDS`, or ``merge`` / ``split``."""
    old_value: Mapped[Any | None] = mapped_column(JSON)
    new_value: Mapped[Any | None] = mapped_column(JSON)
    other_key: Mapped[str | None] = mapped_column(String(400))
    """Merge: the key of the entity merged into. Split: the key of the new entity."""
    author: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[str] = mapped_column(String(32))
    note: Mapped[str | None] = mapped_column(Text)


class CorrectionMark(Base):
    """The version (``documents.seq``) of a document when its corrections were last applied."""

    __tablename__ = "correction_marks"

    document_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    seq: Mapped[int] = mapped_column(Integer)
    applied_at: Mapped[str] = mapped_column(String(32))


C = Correction.__table__
M = CorrectionMark.__table__

_DATE = re.compile(r"^(?:\d{4}|XXXX)-\d{2}-\d{2}$|^\d{4}-\d{2}$")


def now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def event_key(document_id: str, idx: int) -> str:
    return f"{document_id}#{idx}"


# -- reading -----------------------------------------------------------------
def list_corrections(
    conn: Connection,
    *,
    document_id: str | None = None,
    target_kind: str | None = None,
    target_key: str | None = None,
    limit: int = 200,
    offset: int = 0,
) -> list[dict[str, Any]]:
    stmt = select(C)
    if document_id is not None:
        stmt = stmt.where(C.c.document_id == document_id)
    if target_kind is not None:
        stmt = stmt.where(C.c.target_kind == target_kind)
    if target_key is not None:
        stmt = stmt.where((C.c.target_key == target_key) | (C.c.other_key == target_key))
    stmt = stmt.order_by(C.c.id.desc()).limit(limit).offset(offset)
    return [dict(r) for r in conn.execute(stmt).mappings()]


def count_corrections(conn: Connection) -> int:
    return int(conn.execute(select(func.count()).select_from(C)).scalar_one())


def corrected_record(record: dict[str, Any] | None, corrections: Iterable[dict[str, Any]]) -> dict[str, Any] | None:
    """The record with event corrections laid over it (oldest first, so the latest wins).

    Each corrected event gets ``"_corrected": {field: correction id}``; a
    corrected participant keeps the evidence of the extracted one of the same
    name.
    """
    if record is None:
        return None
    out = {**record, "events": [dict(e) for e in record.get("events") or []]}
    for corr in sorted(corrections, key=lambda c: c["id"]):
        if corr["target_kind"] != "event" or corr["field"] not in EVENT_FIELDS:
            continue
        idx = corr["event_idx"]
        if idx is None or not 0 <= idx < len(out["events"]):
            continue
        event = out["events"][idx]
        original = (record.get("events") or [])[idx]
        value = corr["new_value"]
        if corr["field"] == "participants":
            evidence = {p.get("person"): p.get("evidence") or [] for p in original.get("participants") or []}
            value = [
                {"person": p["person"], "role": p["role"], "evidence": evidence.get(p["person"], [])}
                for p in value or []
            ]
        elif corr["field"] == "place" and value is not None:
            old_place = original.get("place") or {}
            value = {
                "name": value.get("name"),
                "admin1": value.get("admin1"),
                "country": value.get("country"),
                "evidence": old_place.get("evidence", []) if old_place.get("name") == value.get("name") else [],
            }
        elif corr["field"] == "type" and value != "agreement":
            event["agreement_kind"] = None
        event[corr["field"]] = value
        event["_corrected"] = {**event.get("_corrected", {}), corr["field"]: corr["id"]}
    return out


def document_corrections(conn: Connection, document_id: str) -> list[dict[str, Any]]:
    stmt = select(C).where(C.c.document_id == document_id, C.c.target_kind == "event").order_by(C.c.id)
    return [dict(r) for r in conn.execute(stmt).mappings()]


def merged_keys(conn: Connection) -> dict[str, str]:
    """Entity key merged away -> key merged into (followed to the end of chains)."""
    pairs = {
        r.target_key: r.other_key
        for r in conn.execute(select(C.c.target_key, C.c.other_key).where(C.c.field == "merge").order_by(C.c.id))
    }
    out = {}
    for src in pairs:
        dst, seen = pairs[src], {src}
        while dst in pairs and dst not in seen:
            seen.add(dst)
            dst = pairs[dst]
        out[src] = dst
    return out


# -- writing -----------------------------------------------------------------
def validate_event_value(field: str, value: Any, allowed_fields: set[str] | None = None) -> Any:
    """The normalised value of an event field, or ValueError."""
    from typing import get_args

    from pactgraph.record import ROLE_ORDER, AgreementKind, EventType

    if field == "type":
        if value not in get_args(EventType):
            raise ValueError(f"unknown event type {value!r}")
        return value
    if field == "agreement_kind":
        if value in (None, ""):
            return None
        if value not in get_args(AgreementKind):
            raise ValueError(f"unknown agreement kind {value!r}")
        return value
    if field == "date":
        if value in (None, ""):
            return None
        if not isinstance(value, str) or not _DATE.match(value.strip()):
            raise ValueError(f"not a date: {value!r} (YYYY-MM-DD, YYYY-MM or XXXX-MM-DD)")
        return value.strip()
    if field == "place":
        if value in (None, "", {}):
            return None
        if isinstance(value, str):
            value = {"name": value}
        if not isinstance(value, dict) or not str(value.get("name") or "").strip():
            raise ValueError("a place needs a name")
        return {
            "name": str(value["name"]).strip()[:200],
            "admin1": (value.get("admin1") or None),
            "country": (value.get("country") or None),
        }
    if field == "parties":
        if not isinstance(value, list):
            raise ValueError("parties: a list of organization names")
        names = [str(v).strip()[:300] for v in value if str(v).strip()]
        return list(dict.fromkeys(names))[:100]
    if field == "participants":
        if not isinstance(value, list):
            raise ValueError("participants: a list of {person, role}")
        out, seen = [], set()
        for item in value[:200]:
            if not isinstance(item, dict) or not str(item.get("person") or "").strip():
                raise ValueError("each participant needs a person")
            role = item.get("role")
            if role not in ROLE_ORDER:
                raise ValueError(f"unknown role {role!r} (one of {', '.join(ROLE_ORDER)})")
            person = str(item["person"]).strip()[:200]
            if person not in seen:
                seen.add(person)
                out.append({"person": person, "role": role})
        return out
    if field == "fields":
        if not isinstance(value, list):
            raise ValueError("fields: a list of sector codes")
        codes = list(dict.fromkeys(str(v).strip() for v in value if str(v).strip()))
        if allowed_fields is not None:
            unknown = [c for c in codes if c not in allowed_fields]
            if unknown:
                raise ValueError(f"unknown sector code(s): {', '.join(unknown)}")
        return codes
    raise ValueError(f"field {field!r} cannot be corrected (one of {', '.join(EVENT_FIELDS)})")


def correct_event(
    conn: Connection,
    document_id: str,
    idx: int,
    changes: dict[str, Any],
    *,
    author: str,
    note: str | None = None,
    allowed_fields: set[str] | None = None,
) -> list[dict[str, Any]]:
    """Store corrections of one event (only fields whose value changes) and apply them; the new rows.

    Raises LookupError when the document or event does not exist, ValueError on a bad value.
    """
    d = T.Document.__table__
    row = conn.execute(select(d.c.record_json, d.c.status).where(d.c.id == document_id)).first()
    if row is None or row.record_json is None:
        raise LookupError(f"no extracted document {document_id!r}")
    record = corrected_record(row.record_json, document_corrections(conn, document_id)) or {}
    events = record.get("events") or []
    if not 0 <= idx < len(events):
        raise LookupError(f"document {document_id!r} has no event {idx}")
    current = events[idx]
    values = {f: validate_event_value(f, v, allowed_fields) for f, v in changes.items()}
    created = []
    stamp = now()
    for field_name, value in values.items():
        old = current.get(field_name)
        if field_name == "participants":
            old = [{"person": p.get("person"), "role": p.get("role")} for p in old or []]
        elif field_name == "place" and old is not None:
            old = {"name": old.get("name"), "admin1": old.get("admin1"), "country": old.get("country")}
        if old == value:
            continue
        result = conn.execute(
            insert(C).values(
                target_kind="event",
                target_key=event_key(document_id, idx),
                document_id=document_id,
                event_idx=idx,
                field=field_name,
                old_value=old,
                new_value=value,
                other_key=None,
                author=author[:100],
                created_at=stamp,
                note=note,
            )
        )
        created.append(
            {
                "id": result.inserted_primary_key[0],
                "field": field_name,
                "old_value": old,
                "new_value": value,
                "author": author,
                "created_at": stamp,
            }
        )
    if created:
        apply_documents(conn, [document_id])
    return created


def _entity(conn: Connection, entity_id: int) -> dict[str, Any]:
    e = T.Entity.__table__
    row = conn.execute(select(e).where(e.c.id == entity_id)).mappings().first()
    if row is None:
        raise LookupError(f"no entity {entity_id}")
    return dict(row)


def merge_entities(
    conn: Connection, source_id: int, target_id: int, *, author: str, note: str | None = None
) -> dict[str, Any]:
    """Merge entity ``source_id`` into ``target_id`` (two organizations or two people), and apply it."""
    src, dst = _entity(conn, source_id), _entity(conn, target_id)
    if src["id"] == dst["id"]:
        raise ValueError("an entity cannot be merged into itself")
    if src["type"] != dst["type"] or src["type"] not in ENTITY_KINDS:
        raise ValueError("merge two organizations or two people")
    stamp = now()
    result = _insert_entity_op(conn, src, "merge", {"id": dst["id"], "name": dst["name"]}, dst["key"],
                               author=author, stamp=stamp, note=note)
    _apply_entity_ops(conn, None)
    return {
        "id": result.inserted_primary_key[0],
        "field": "merge",
        "source": src["key"],
        "target": dst["key"],
        "author": author,
        "created_at": stamp,
    }


def _insert_entity_op(conn: Connection, entity: dict[str, Any], field: str, new_value: dict[str, Any],
                      other_key: str, *, author: str, stamp: str, note: str | None) -> Any:
    """Store one merge or split as its own correction row (who, when, old and new value)."""
    return conn.execute(
        insert(C).values(
            target_kind=entity["type"],
            target_key=entity["key"],
            document_id=None,
            event_idx=None,
            field=field,
            old_value={"id": entity["id"], "name": entity["name"]},
            new_value=new_value,
            other_key=other_key,
            author=author[:100],
            created_at=stamp,
            note=note,
        )
    )


def split_entity(
    conn: Connection, entity_id: int, documents: list[str], name: str, *, author: str, note: str | None = None
) -> dict[str, Any]:
    """Split the mentions of an entity in ``documents`` off into a new entity called ``name``."""
    ent = _entity(conn, entity_id)
    if ent["type"] not in ENTITY_KINDS:
        raise ValueError("split an organization or a person")
    name = name.strip()[:300]
    docs = list(dict.fromkeys(d for d in documents if d))
    if not name or not docs:
        raise ValueError("a split needs the new entity's name and at least one document")
    m = T.Mention.__table__
    found = {
        r[0] for r in conn.execute(select(m.c.document_id).where(m.c.entity_id == entity_id, m.c.document_id.in_(docs)))
    }
    missing = [d for d in docs if d not in found]
    if missing:
        raise ValueError(f"{ent['name']} is not mentioned in: {', '.join(missing[:5])}")
    from pactgraph.resolve.names import normalize

    n = conn.execute(select(func.count()).select_from(C).where(C.c.field == "split")).scalar_one()
    new_key = f"curated:split:{ent['type']}:{normalize(name)[:200]}:{n + 1}"
    stamp = now()
    result = _insert_entity_op(conn, ent, "split", {"name": name, "documents": docs}, new_key,
                               author=author, stamp=stamp, note=note)
    _apply_entity_ops(conn, set(docs))
    from pactgraph.store.provinces import refresh_event_provinces

    refresh_event_provinces(conn, docs)  # corrected places and parties move events between provinces
    _mark(conn, docs)
    new_id = conn.execute(select(T.Entity.__table__.c.id).where(T.Entity.__table__.c.key == new_key)).scalar()
    return {
        "id": result.inserted_primary_key[0],
        "field": "split",
        "source": ent["key"],
        "target": new_key,
        "entity_id": new_id,
        "author": author,
        "created_at": stamp,
    }


# -- applying ----------------------------------------------------------------
def pending_documents(conn: Connection) -> list[str]:
    """Corrected documents written again since their corrections were last applied."""
    docs = set(r[0] for r in conn.execute(select(C.c.document_id).where(C.c.document_id.is_not(None)).distinct()))
    for (value,) in conn.execute(select(C.c.new_value).where(C.c.field == "split")):
        docs.update((value or {}).get("documents") or [])
    if not docs:
        return []
    d = T.Document.__table__
    out = []
    ids = sorted(docs)
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        stmt = (
            select(d.c.id, d.c.seq, M.c.seq.label("marked"))
            .select_from(d.outerjoin(M, M.c.document_id == d.c.id))
            .where(d.c.id.in_(chunk))
        )
        out += [r.id for r in conn.execute(stmt) if r.marked != r.seq]
    return out


def pending_merges(conn: Connection) -> bool:
    """Whether rows point to an entity that was merged away."""
    keys = list(merged_keys(conn))
    if not keys:
        return False
    e = T.Entity.__table__
    ids = [r[0] for r in conn.execute(select(e.c.id).where(e.c.key.in_(keys)))]
    if not ids:
        return False
    for table, column in _entity_columns():
        if conn.execute(select(table.c.id).where(table.c[column].in_(ids)).limit(1)).first():
            return True
    return False


def apply_pending(conn: Connection) -> int:
    """Re-apply corrections where ingest wrote documents again or re-created merged-away links.

    Returns the number of documents corrected again. Call inside a transaction
    (``engine.begin()``); ingest may call it after each batch.
    """
    docs = pending_documents(conn)
    if docs:
        apply_documents(conn, docs)
    elif pending_merges(conn):
        _apply_entity_ops(conn, None)
    return len(docs)


def apply_documents(conn: Connection, document_ids: Iterable[str]) -> None:
    """Apply every correction touching these documents (event fields, then merges and splits in order)."""
    docs = list(dict.fromkeys(document_ids))
    if not docs:
        return
    d = T.Document.__table__
    for start in range(0, len(docs), 200):
        chunk = docs[start : start + 200]
        by_doc: dict[str, list[dict[str, Any]]] = {}
        stmt = select(C).where(C.c.document_id.in_(chunk), C.c.target_kind == "event").order_by(C.c.id)
        for corr in conn.execute(stmt).mappings():
            by_doc.setdefault(corr["document_id"], []).append(dict(corr))
        if by_doc:
            rows = (
                conn.execute(
                    select(d.c.id, d.c.published, d.c.url, d.c.doc_date, d.c.record_json, d.c.status).where(
                        d.c.id.in_(list(by_doc))
                    )
                )
                .mappings()
                .all()
            )
            for row in rows:
                if row["status"] != "ok" or row["record_json"] is None:
                    continue
                _apply_event_corrections(conn, dict(row), by_doc[row["id"]])
    _apply_entity_ops(conn, set(docs))
    from pactgraph.store.provinces import refresh_event_provinces

    refresh_event_provinces(conn, docs)  # corrected places and parties move events between provinces
    _mark(conn, docs)


def _mark(conn: Connection, docs: list[str]) -> None:
    d = T.Document.__table__
    stamp = now()
    for start in range(0, len(docs), 500):
        chunk = docs[start : start + 500]
        seqs = conn.execute(select(d.c.id, d.c.seq).where(d.c.id.in_(chunk))).all()
        conn.execute(delete(M).where(M.c.document_id.in_(chunk)))
        if seqs:
            conn.execute(insert(M), [{"document_id": i, "seq": s, "applied_at": stamp} for i, s in seqs])


def _entity_columns() -> list[tuple[Any, str]]:
    return [
        (T.Mention.__table__, "entity_id"),
        (T.EventParty.__table__, "entity_id"),
        (T.EventParticipant.__table__, "entity_id"),
        (T.Position.__table__, "person_id"),
        (T.Position.__table__, "org_id"),
    ]


def _published(row: dict[str, Any]) -> str | None:
    try:
        from pactgraph.extract.shared.dates import publication_date

        pub = publication_date(row.get("published"), row.get("url"))
        return pub.isoformat() if pub else None
    except Exception:  # noqa: BLE001 - a malformed date gives no publication date, as in ingest
        return row.get("published")


def _apply_event_corrections(conn: Connection, doc: dict[str, Any], corrections: list[dict[str, Any]]) -> None:
    ev = T.Event.__table__
    latest: dict[int, dict[str, Any]] = {}
    for corr in corrections:
        if corr["field"] in EVENT_FIELDS and corr["event_idx"] is not None:
            latest.setdefault(corr["event_idx"], {})[corr["field"]] = corr["new_value"]
    record = doc["record_json"] or {}
    for idx, changes in latest.items():
        event = conn.execute(select(ev).where(ev.c.document_id == doc["id"], ev.c.idx == idx)).mappings().first()
        if event is None:
            continue  # re-extraction found fewer events: the correction waits, listed as unapplied
        extracted = record.get("events") or []
        original = extracted[idx] if idx < len(extracted) else {}
        values: dict[str, Any] = {}
        if "type" in changes or "agreement_kind" in changes:
            etype = changes.get("type", event["type"])
            kind = changes.get("agreement_kind", event["agreement_kind"] if "type" not in changes else None)
            if etype != "agreement":
                kind = None
            code = event_code(etype, kind)
            values.update(type=etype, agreement_kind=kind, cameo=code.cameo, plover=code.plover)
        if "date" in changes:
            from pactgraph.resolve.document import best_date

            values.update(
                date=changes["date"], sort_date=best_date(changes["date"], _published(doc)) or doc["doc_date"]
            )
        if "place" in changes:
            place = changes["place"]
            if place is None:
                values.update(place_id=None, place_name=None)
            else:
                values.update(place_id=_find_place(conn, place), place_name=place["name"])
        if values:
            conn.execute(update(ev).where(ev.c.id == event["id"]).values(**values))
        if "parties" in changes:
            ep = T.EventParty.__table__
            conn.execute(delete(ep).where(ep.c.event_id == event["id"]))
            rows = []
            for name in changes["parties"]:
                entity_id = _find_or_create(conn, "org", name, doc["id"])
                if entity_id not in {r["entity_id"] for r in rows}:
                    rows.append({"event_id": event["id"], "entity_id": entity_id, "name": name})
            if rows:
                conn.execute(insert(ep), rows)
        if "participants" in changes:
            pp = T.EventParticipant.__table__
            old_rows = conn.execute(select(pp.c.name, pp.c.evidence).where(pp.c.event_id == event["id"])).all()
            evidence = {p.get("person"): p.get("evidence") for p in original.get("participants") or []}
            evidence.update({r.name: r.evidence for r in old_rows if r.evidence})
            conn.execute(delete(pp).where(pp.c.event_id == event["id"]))
            rows = []
            for item in changes["participants"]:
                entity_id = _find_or_create(conn, "person", item["person"], doc["id"])
                if entity_id not in {r["entity_id"] for r in rows}:
                    rows.append(
                        {
                            "event_id": event["id"],
                            "entity_id": entity_id,
                            "name": item["person"],
                            "role": item["role"],
                            "evidence": evidence.get(item["person"]) or None,
                        }
                    )
            if rows:
                conn.execute(insert(pp), rows)
        if "fields" in changes:
            ef = T.EventField.__table__
            conn.execute(delete(ef).where(ef.c.event_id == event["id"]))
            if changes["fields"]:
                conn.execute(
                    insert(ef),
                    [{"event_id": event["id"], "document_id": doc["id"], "field": f} for f in changes["fields"]],
                )


def _name_keys(type_: str, name: str) -> list[str]:
    from pactgraph.resolve.names import normalize, person_key, place_key

    keys = {normalize(name)}
    if type_ == "person":
        from pactgraph.resolve.people import name_key

        keys |= {person_key(name), name_key(name)}
    elif type_ == "place":
        keys.add(place_key(name))
    return sorted(k for k in keys if k)


def _find_place(conn: Connection, place: dict[str, Any]) -> int | None:
    e, n = T.Entity.__table__, T.EntityName.__table__
    keys = _name_keys("place", place["name"])
    stmt = (
        select(e.c.id)
        .join(n, n.c.entity_id == e.c.id)
        .where(e.c.type == "place", n.c.norm.in_(keys))
        .order_by(e.c.n_documents.desc())
    )
    if place.get("admin1"):
        prov = place["admin1"]
        stmt = stmt.where((e.c.province == prov) | (e.c.province_zh == prov) | e.c.province.is_(None))
    row = conn.execute(stmt.limit(1)).first()
    if row is None:
        names = _name_keys("place", place["name"])
        row = conn.execute(
            select(e.c.id).where(e.c.type == "place", e.c.name.in_([place["name"], *names])).limit(1)
        ).first()
    return row[0] if row else None


def _find_or_create(conn: Connection, type_: str, name: str, document_id: str) -> int:
    """The entity a reviewer means by ``name`` in a document: as mentioned there, else by name, else new."""
    e, n, m = T.Entity.__table__, T.EntityName.__table__, T.Mention.__table__
    row = conn.execute(
        select(m.c.entity_id)
        .join(e, e.c.id == m.c.entity_id)
        .where(m.c.document_id == document_id, m.c.name == name, e.c.type == type_)
        .limit(1)
    ).first()
    if row is None:
        keys = _name_keys(type_, name)
        in_doc = select(m.c.entity_id).where(m.c.document_id == document_id)
        for scope in (in_doc, None):
            stmt = select(e.c.id).join(n, n.c.entity_id == e.c.id).where(e.c.type == type_, n.c.norm.in_(keys))
            if scope is not None:
                stmt = stmt.where(e.c.id.in_(scope))
            row = conn.execute(stmt.order_by(e.c.n_documents.desc()).limit(1)).first()
            if row is not None:
                break
    if row is not None:
        entity_id = row[0]
    else:
        entity_id = _create_entity(conn, type_, name, f"curated:{type_}:{_name_keys(type_, name)[0][:250]}")
    # the document names it: one mention (kept through re-application, recreated after re-ingest)
    if (
        conn.execute(select(m.c.id).where(m.c.document_id == document_id, m.c.entity_id == entity_id).limit(1)).first()
        is None
    ):
        conn.execute(insert(m).values(document_id=document_id, entity_id=entity_id, name=name, evidence=None))
        conn.execute(update(e).where(e.c.id == entity_id).values(n_documents=e.c.n_documents + 1))
    return entity_id


def _create_entity(conn: Connection, type_: str, name: str, key: str, kind: str | None = None) -> int:
    e, n = T.Entity.__table__, T.EntityName.__table__
    row = conn.execute(select(e.c.id).where(e.c.key == key)).first()
    if row is not None:
        return row[0]
    from pactgraph.resolve.names import has_cjk

    entity_id = conn.execute(
        insert(e).values(
            type=type_,
            key=key,
            name=name,
            name_en=None if has_cjk(name) else name,
            name_zh=name if has_cjk(name) else None,
            kind=kind,
            n_documents=0,
        )
    ).inserted_primary_key[0]
    names = [{"entity_id": entity_id, "name": name, "norm": k} for k in _name_keys(type_, name)[:1]]
    for row_ in names:
        row_["id"] = conn.execute(insert(n).values(**row_)).inserted_primary_key[0]
    fts.index_names(conn, names)
    return entity_id


def _recount(conn: Connection, entity_ids: Iterable[int]) -> None:
    e, m = T.Entity.__table__, T.Mention.__table__
    for entity_id in set(entity_ids):
        count = conn.execute(select(func.count(m.c.document_id.distinct())).where(m.c.entity_id == entity_id))
        conn.execute(update(e).where(e.c.id == entity_id).values(n_documents=count.scalar_one()))


def _dedupe_event_links(conn: Connection, entity_id: int) -> None:
    for table in (T.EventParty.__table__, T.EventParticipant.__table__):
        keep = select(func.min(table.c.id)).where(table.c.entity_id == entity_id).group_by(table.c.event_id)
        conn.execute(delete(table).where(table.c.entity_id == entity_id, table.c.id.not_in(keep)))


def _apply_entity_ops(conn: Connection, docs: set[str] | None) -> None:
    """Merges (everywhere) and splits (in ``docs``, or everywhere when None), in the order they were made."""
    e = T.Entity.__table__
    ops = conn.execute(select(C).where(C.c.field.in_(["merge", "split"])).order_by(C.c.id)).mappings().all()
    if not ops:
        return
    ids = {
        r.key: r.id
        for r in conn.execute(
            select(e.c.key, e.c.id).where(
                e.c.key.in_(sorted({o["target_key"] for o in ops} | {o["other_key"] for o in ops}))
            )
        )
    }
    touched: set[int] = set()
    for op in ops:
        src = ids.get(op["target_key"])
        if src is None:
            continue
        if op["field"] == "merge":
            dst = ids.get(op["other_key"])
            if dst is None or dst == src:
                continue
            for table, column in _entity_columns():
                conn.execute(update(table).where(table.c[column] == src).values({column: dst}))
            conn.execute(update(e).where(e.c.parent_id == src).values(parent_id=dst))
            n = T.EntityName.__table__
            conn.execute(
                update(n)
                .where(
                    n.c.entity_id == src,
                    n.c.name.not_in(select(n.c.name).where(n.c.entity_id == dst).scalar_subquery()),
                )
                .values(entity_id=dst)
            )
            _dedupe_event_links(conn, dst)
            touched |= {src, dst}
        else:
            split_docs = list((op["new_value"] or {}).get("documents") or [])
            if docs is not None:
                split_docs = [d for d in split_docs if d in docs]
            if not split_docs:
                continue
            dst = ids.get(op["other_key"])
            if dst is None:
                kind = conn.execute(select(e.c.kind).where(e.c.id == src)).scalar()
                dst = ids[op["other_key"]] = _create_entity(
                    conn, op["target_kind"], op["new_value"]["name"], op["other_key"], kind
                )
            ev = T.Event.__table__
            events = select(ev.c.id).where(ev.c.document_id.in_(split_docs))
            for table, column in _entity_columns():
                where = [table.c[column] == src]
                if "document_id" in table.c:
                    where.append(table.c.document_id.in_(split_docs))
                else:
                    where.append(table.c.event_id.in_(events))
                conn.execute(update(table).where(*where).values({column: dst}))
            touched |= {src, dst}
    _recount(conn, touched)
