"""Laying the changes over the derived tables, so every query and export sees them.

Applying is idempotent: the corrected state is a function of the extraction and
the changes that hold. For each document it finds every change's target again
(:mod:`~pactgraph.store.corrections.targets`), records where (or that the target
has gone) in ``correction_targets``, writes the corrected value of every field a
change ever touched (the extraction's value once all its changes were reverted)
and rebuilds the positions of documents with position edits; then merges and
splits apply. :func:`apply_pending` finds what needs it again: documents whose
``seq`` moved since ``correction_marks`` saw them (ingest wrote them again) and
rows pointing to merged-away entities.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import Connection, delete, insert, select, update

from pactgraph.store import models
from pactgraph.store.codes import event_code
from pactgraph.store.corrections import entities
from pactgraph.store.corrections.changes import EVENT_FIELDS, TG, C, M, active_rows, now
from pactgraph.store.corrections.overlay import corrected_record, locate

T = models
D = T.Document.__table__


def _published(row: dict[str, Any]) -> str | None:
    try:
        from pactgraph.extract.shared.dates import publication_date

        pub = publication_date(row.get("published"), row.get("url"))
        return pub.isoformat() if pub else None
    except Exception:  # noqa: BLE001 - a malformed date gives no publication date, as in ingest
        return row.get("published")


def _documents(conn: Connection, ids: list[str]) -> list[dict[str, Any]]:
    cols = (D.c.id, D.c.seq, D.c.published, D.c.url, D.c.doc_date, D.c.record_json, D.c.status, D.c.text,
            D.c.content_hash)
    return [dict(r) for r in conn.execute(select(*cols).where(D.c.id.in_(ids))).mappings()]


def _write_targets(conn: Connection, doc: dict[str, Any], rows: list[dict[str, Any]], where: dict[int, Any]) -> None:
    ids = [r["id"] for r in rows]
    conn.execute(delete(TG).where(TG.c.document_id == doc["id"]))
    if ids:
        stamp = now()
        conn.execute(insert(TG), [{"correction_id": r["id"], "document_id": doc["id"], "seq": doc["seq"],
                                   "state": "orphaned" if where.get(r["id"]) is None else "applied",
                                   "resolved": _resolved(where.get(r["id"])), "checked_at": stamp} for r in rows])


def _resolved(located: Any) -> dict[str, Any] | None:
    if located is None:
        return None
    if isinstance(located, tuple):
        return {"person": located[0], "position": located[1]}
    return {"event_idx": located}


def _event_values(conn: Connection, doc: dict[str, Any], row: dict[str, Any], fields: set[str],
                  event: dict[str, Any]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    if fields & {"type", "agreement_kind"}:
        etype = event.get("type") or row["type"]
        kind = event.get("agreement_kind") if etype == "agreement" else None
        code = event_code(etype, kind)
        values.update(type=etype, agreement_kind=kind, cameo=code.cameo, plover=code.plover)
    if "date" in fields:
        from pactgraph.resolve.document import best_date

        sort_date = best_date(event.get("date"), _published(doc)) or doc["doc_date"]
        values.update(date=event.get("date"), sort_date=sort_date)
    if "place" in fields:
        place = event.get("place")
        if not place or not place.get("name"):
            values.update(place_id=None, place_name=None)
        else:
            values.update(place_id=entities.find_place(conn, place, doc["id"]), place_name=place["name"])
    return values


def write_links(conn: Connection, doc_id: str, event_id: int, event: dict[str, Any], fields: set[str],
                curated: set[str]) -> None:
    """Parties, participants and sectors of one event row from the (corrected) record event; names of
    ``curated`` fields may create entities, the extraction's only find them."""
    if "parties" in fields:
        ep = T.EventParty.__table__
        conn.execute(delete(ep).where(ep.c.event_id == event_id))
        rows: list[dict[str, Any]] = []
        for name in event.get("parties") or []:
            entity_id = entities.find_or_create(conn, "org", name, doc_id, create="parties" in curated)
            if entity_id is not None and entity_id not in {r["entity_id"] for r in rows}:
                rows.append({"event_id": event_id, "entity_id": entity_id, "name": name})
        if rows:
            conn.execute(insert(ep), rows)
    if "participants" in fields:
        pp = T.EventParticipant.__table__
        conn.execute(delete(pp).where(pp.c.event_id == event_id))
        rows = []
        for item in event.get("participants") or []:
            entity_id = entities.find_or_create(conn, "person", item["person"], doc_id, create=True)
            if entity_id is not None and entity_id not in {r["entity_id"] for r in rows}:
                rows.append({"event_id": event_id, "entity_id": entity_id, "name": item["person"],
                             "role": item["role"], "evidence": item.get("evidence") or None})
        if rows:
            conn.execute(insert(pp), rows)
    if "fields" in fields:
        ef = T.EventField.__table__
        conn.execute(delete(ef).where(ef.c.event_id == event_id))
        codes = list(dict.fromkeys(event.get("fields") or []))
        if codes:
            conn.execute(insert(ef), [{"event_id": event_id, "document_id": doc_id, "field": f} for f in codes])


def _positions(conn: Connection, doc: dict[str, Any], record: dict[str, Any]) -> None:
    """The document's positions rebuilt from the corrected record (entities as the resolver gave them)."""
    pos_t = T.Position.__table__
    conn.execute(delete(pos_t).where(pos_t.c.document_id == doc["id"]))
    rows = []
    for person in record.get("people") or []:
        pid = entities.find_or_create(conn, "person", person["name"], doc["id"], create=False)
        if pid is None:
            continue
        for pos in person.get("positions") or []:
            title = str(pos.get("title") or "").strip()
            if not title:
                continue
            org = pos.get("org")
            oid = entities.find_or_create(conn, "org", org, doc["id"], create="_change" in pos) if org else None
            rows.append({"person_id": pid, "org_id": oid, "document_id": doc["id"], "title": title, "org_name": org,
                         "seen_date": doc["doc_date"], "evidence": pos.get("evidence") or None})
    if rows:
        conn.execute(insert(pos_t), rows)


def apply_document(conn: Connection, doc: dict[str, Any], rows: list[dict[str, Any]], *,
                   links_too: bool = False, hold: bool = True) -> None:
    """Lay one document's changes (``rows``: all of them, reverted ones and reverts included) over its rows;
    with ``hold`` false, none of them (the rows as the extraction alone gives them)."""
    record = doc["record_json"]
    if doc["status"] != "ok" or record is None:
        return
    holding = active_rows(conn, select(C).where(C.c.id.in_([r["id"] for r in rows]))) if rows and hold else []
    own = [r for r in rows if r["field"] in EVENT_FIELDS or r["field"] == "position"]
    where = locate(own, record, doc["text"], doc["content_hash"])
    held = {r["id"] for r in holding}
    _write_targets(conn, doc, [r for r in own if r["id"] in held], where)
    reverted = {r["id"]: r for r in rows if r["id"] not in held}
    corrected = corrected_record(record, [r for r in holding if r["field"] != "revert"], doc["text"],
                                 doc["content_hash"]) or {}
    touched: dict[int, set[str]] = {}
    curated: dict[int, set[str]] = {}
    for r in own:
        idx = where.get(r["id"])
        if r["field"] in EVENT_FIELDS and idx is not None:
            touched.setdefault(idx, set()).add(r["field"])
            if r["id"] not in reverted:
                curated.setdefault(idx, set()).add(r["field"])
    ev = T.Event.__table__
    events = {e["idx"]: dict(e) for e in conn.execute(select(ev).where(ev.c.document_id == doc["id"])).mappings()}
    if links_too:
        for idx in events:
            touched.setdefault(idx, set()).update({"parties", "participants"})
    for idx, fields in sorted(touched.items()):
        row = events.get(idx)
        if row is None or idx >= len(corrected.get("events") or []):
            continue
        event = corrected["events"][idx]
        values = _event_values(conn, doc, row, fields, event)
        if values:
            conn.execute(update(ev).where(ev.c.id == row["id"]).values(**values))
        write_links(conn, doc["id"], row["id"], event, fields, curated.get(idx, set()))
    if any(r["field"] == "position" for r in own):
        _positions(conn, doc, corrected)


def _document_rows(conn: Connection, ids: list[str]) -> dict[str, list[dict[str, Any]]]:
    by_doc: dict[str, list[dict[str, Any]]] = {}
    stmt = select(C).where(C.c.document_id.in_(ids), C.c.target_kind.in_(["event", "position"])).order_by(C.c.id)
    for r in conn.execute(stmt).mappings():
        by_doc.setdefault(r["document_id"], []).append(dict(r))
    return by_doc


def apply_documents(conn: Connection, document_ids: Iterable[str], *, reset: bool = False) -> None:
    """Apply every change touching these documents: their own, then merges and splits in order.

    ``reset`` first puts every row a merge or split moved back (after one of
    them was reverted) and rebuilds the event links of those documents.
    """
    docs = list(dict.fromkeys(document_ids))
    relink: set[str] = set()
    if reset:
        relink = entities.moved_documents(conn)
        entities.recount(conn, entities.reset_moves(conn))
        docs = list(dict.fromkeys([*docs, *sorted(relink)]))
    for start in range(0, len(docs), 200):
        chunk = docs[start:start + 200]
        by_doc = _document_rows(conn, chunk)
        for doc in _documents(conn, [d for d in chunk if d in by_doc or d in relink]):
            apply_document(conn, doc, by_doc.get(doc["id"], []), links_too=doc["id"] in relink)
    entities.apply_entity_ops(conn, None if reset else set(docs))
    from pactgraph.store.provinces import refresh_event_provinces

    refresh_event_provinces(conn, docs)  # corrected places and parties move events between provinces
    _mark(conn, docs)


def strip_changes(conn: Connection) -> None:
    """Put the derived tables back as the extraction alone gives them (exports without reviewers' changes:
    run it on a copy, or in a transaction that is rolled back)."""
    relink = entities.moved_documents(conn)
    entities.recount(conn, entities.reset_moves(conn))
    docs = sorted(changed_documents(conn) | relink)
    for start in range(0, len(docs), 200):
        chunk = docs[start:start + 200]
        by_doc = _document_rows(conn, chunk)
        for doc in _documents(conn, chunk):
            apply_document(conn, doc, by_doc.get(doc["id"], []), links_too=doc["id"] in relink, hold=False)
    from pactgraph.store.provinces import refresh_event_provinces

    refresh_event_provinces(conn, docs)


def _mark(conn: Connection, docs: list[str]) -> None:
    stamp = now()
    for start in range(0, len(docs), 500):
        chunk = docs[start:start + 500]
        seqs = conn.execute(select(D.c.id, D.c.seq).where(D.c.id.in_(chunk))).all()
        conn.execute(delete(M).where(M.c.document_id.in_(chunk)))
        if seqs:
            conn.execute(insert(M), [{"document_id": i, "seq": s, "applied_at": stamp} for i, s in seqs])


def changed_documents(conn: Connection) -> set[str]:
    """Documents some change names (document changes, splits)."""
    docs = {r[0] for r in conn.execute(select(C.c.document_id).where(C.c.document_id.is_not(None)).distinct())}
    for (value,) in conn.execute(select(C.c.new_value).where(C.c.field == "split")):
        docs.update((value or {}).get("documents") or [])
    return docs


def pending_documents(conn: Connection) -> list[str]:
    """Changed documents written again since their changes were last applied."""
    ids = sorted(changed_documents(conn))
    out = []
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        stmt = (select(D.c.id, D.c.seq, M.c.seq.label("marked")).select_from(D.outerjoin(M, M.c.document_id == D.c.id))
                .where(D.c.id.in_(chunk)))
        out += [r.id for r in conn.execute(stmt) if r.marked != r.seq]
    return out


def apply_pending(conn: Connection) -> int:
    """Re-apply changes where ingest wrote documents again or re-created links to merged-away entities.

    Returns the number of documents corrected again. Call inside a transaction
    (``Database.write()``); ingest calls it after it wrote documents.
    """
    docs = pending_documents(conn)
    if docs:
        apply_documents(conn, docs)
    elif entities.pending_merges(conn):
        entities.apply_entity_ops(conn, None)
    return len(docs)
