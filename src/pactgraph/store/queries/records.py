"""One document or one event as stored: text, extraction, corrected record, evidence, corrections."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, select

from pactgraph.store import corrections
from pactgraph.store.db import NotFound
from pactgraph.store.queries.common import EV, MN, D, E
from pactgraph.store.queries.links import attach_event_links, event_ref


def get_document(conn: Connection, document_id: str) -> dict[str, Any]:
    row = conn.execute(select(D.c.id, D.c.url, D.c.published, D.c.title, D.c.language, D.c.text, D.c.status,
                              D.c.error_code, D.c.error_message, D.c.record_json, D.c.story_id, D.c.doc_date,
                              D.c.source, D.c.ingested_at, D.c.content_hash).where(D.c.id == document_id)
                       ).mappings().first()
    if row is None:
        raise NotFound(f"no document {document_id!r}")
    doc = dict(row)
    extraction = doc.pop("record_json")
    corr = corrections.document_corrections(conn, document_id)
    doc["extraction"] = extraction
    doc["record"] = corrections.corrected_record(extraction, corr, doc["text"], doc.pop("content_hash"))
    doc["corrections"] = corrections.as_dicts(corr)
    doc["events"] = [{"ref": event_ref(document_id, i), "idx": i, "type": e.get("type"), "date": e.get("date"),
                      "confidence": e.get("confidence")}
                     for i, e in enumerate((doc["record"] or {}).get("events") or [])]
    doc["mentions"] = [dict(r) for r in conn.execute(
        select(MN.c.entity_id, MN.c.name, MN.c.confidence, E.c.type, E.c.name.label("canonical"))
        .join(E, E.c.id == MN.c.entity_id).where(MN.c.document_id == document_id).order_by(MN.c.id)).mappings()]
    return doc


def get_event(conn: Connection, document_id: str, idx: int) -> dict[str, Any]:
    """One event with its document, the corrected record event, evidence spans and corrections."""
    row = conn.execute(select(EV.c.id, EV.c.document_id, EV.c.idx, EV.c.type, EV.c.agreement_kind, EV.c.date,
                              EV.c.sort_date, EV.c.place_id, EV.c.place_name, EV.c.place_confidence,
                              EV.c.province_code, EV.c.story_id, EV.c.cameo, EV.c.plover, EV.c.confidence)
                       .where(EV.c.document_id == document_id, EV.c.idx == idx)).mappings().first()
    if row is None:
        raise NotFound(f"no event {idx} in document {document_id!r}")
    event = dict(row)
    attach_event_links(conn, [event])
    if event["place_id"]:
        place = conn.execute(select(E.c.id, E.c.name, E.c.province, E.c.code, E.c.lat, E.c.lon)
                             .where(E.c.id == event["place_id"]))
        event["place"] = dict(place.mappings().one())
    else:
        event["place"] = None
    doc = get_document(conn, document_id)
    event["document"] = doc
    record_events = (doc["record"] or {}).get("events") or []
    event["record"] = record_events[idx] if idx < len(record_events) else None
    extracted = (doc["extraction"] or {}).get("events") or []
    event["extracted"] = extracted[idx] if idx < len(extracted) else None
    event["corrections"] = [c for c in doc["corrections"] if c["event_idx"] == idx]
    event["reviewed"] = bool(event["corrections"])
    event["siblings"] = [{"ref": event_ref(document_id, i), "idx": i, "type": e.get("type")}
                         for i, e in enumerate(record_events) if i != idx]
    if event["story_id"] is not None:
        copies = conn.execute(select(D.c.id, D.c.title, D.c.url).where(D.c.story_id == event["story_id"],
                                                                      D.c.id != document_id).limit(50))
        event["copies"] = [dict(r) for r in copies.mappings()]
    else:
        event["copies"] = []
    return event
