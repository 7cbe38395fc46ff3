"""What a table row carries besides its own columns, fetched for a whole page at once (one query per kind of
link, never one per row): an event's parties, participants and sectors, an entity's event count."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, func, select

from pactgraph.store.provinces import provinces
from pactgraph.store.queries.common import EF, EP, EV, MN, PP, E, band_of
from pactgraph.store.queries.filters import C


def event_ref(document_id: str, idx: int) -> str:
    """The stable name of an event: ``<document id>/<index in the record>`` (survives re-ingest)."""
    return f"{document_id}/{idx}"


def attach_event_links(conn: Connection, rows: list[dict[str, Any]]) -> None:
    by_id = {r["id"]: r for r in rows}
    table = provinces()
    for r in rows:
        prov = table.get(r.get("province_code") or "")
        r.update(ref=event_ref(r["document_id"], r["idx"]), parties=[], participants=[], fields=[],
                 province=prov["en"] if prov else None, confidence_band=band_of(r.get("confidence")),
                 reviewed=False)
    if not by_id:
        return
    ids = list(by_id)
    for r in conn.execute(select(EP.c.event_id, EP.c.entity_id, EP.c.name, EP.c.confidence,
                                 E.c.name.label("canonical"), E.c.kind)
                          .join(E, E.c.id == EP.c.entity_id).where(EP.c.event_id.in_(ids)).order_by(EP.c.id)):
        by_id[r.event_id]["parties"].append({"id": r.entity_id, "name": r.canonical, "as_written": r.name,
                                             "kind": r.kind, "confidence": r.confidence})
    for r in conn.execute(select(PP.c.event_id, PP.c.entity_id, PP.c.name, PP.c.role, PP.c.confidence,
                                 E.c.name.label("canonical")).join(E, E.c.id == PP.c.entity_id)
                          .where(PP.c.event_id.in_(ids)).order_by(PP.c.id)):
        by_id[r.event_id]["participants"].append({"id": r.entity_id, "name": r.canonical, "as_written": r.name,
                                                  "role": r.role, "confidence": r.confidence})
    for r in conn.execute(select(EF.c.event_id, EF.c.field).where(EF.c.event_id.in_(ids)).order_by(EF.c.id)):
        by_id[r.event_id]["fields"].append(r.field)
    docs = sorted({r["document_id"] for r in rows})
    reviewed = {(r.document_id, r.event_idx) for r in conn.execute(
        select(C.c.document_id, C.c.event_idx).where(C.c.target_kind == "event", C.c.document_id.in_(docs)))}
    for r in rows:
        r["reviewed"] = (r["document_id"], r["idx"]) in reviewed


def attach_document_counts(conn: Connection, rows: list[dict[str, Any]]) -> None:
    ids = [r["id"] for r in rows]
    counts: dict[str, int] = {}
    reviewed: set[str] = set()
    if ids:
        counts = dict(conn.execute(select(EV.c.document_id, func.count()).where(EV.c.document_id.in_(ids))
                                   .group_by(EV.c.document_id)).all())
        reviewed = {r[0] for r in conn.execute(select(C.c.document_id).where(C.c.document_id.in_(ids)))}
    for r in rows:
        r["n_events"] = counts.get(r["id"], 0)
        r["reviewed"] = r["id"] in reviewed


def attach_entity_counts(conn: Connection, type_: str, rows: list[dict[str, Any]]) -> None:
    ids = [r["id"] for r in rows]
    counts: dict[int, int] = {}
    best: dict[int, float | None] = {}
    reviewed: set[str] = set()
    if ids:
        if type_ == "org":
            counts = dict(conn.execute(select(EP.c.entity_id, func.count(EP.c.event_id.distinct()))
                                       .where(EP.c.entity_id.in_(ids)).group_by(EP.c.entity_id)).all())
        elif type_ == "person":
            counts = dict(conn.execute(select(PP.c.entity_id, func.count(PP.c.event_id.distinct()))
                                       .where(PP.c.entity_id.in_(ids)).group_by(PP.c.entity_id)).all())
        else:
            counts = dict(conn.execute(select(EV.c.place_id, func.count()).where(EV.c.place_id.in_(ids))
                                       .group_by(EV.c.place_id)).all())
        best = dict(conn.execute(select(MN.c.entity_id, func.max(MN.c.confidence)).where(MN.c.entity_id.in_(ids))
                                 .group_by(MN.c.entity_id)).all())
        keys = [r["key"] for r in rows if r.get("key")]
        reviewed = {r[0] for r in conn.execute(select(C.c.target_key).where(C.c.target_key.in_(keys)))}
    for r in rows:
        r["n_events"] = counts.get(r["id"], 0)
        r["confidence"] = best.get(r["id"])
        r["confidence_band"] = band_of(r["confidence"])
        r["reviewed"] = r.get("key") in reviewed
