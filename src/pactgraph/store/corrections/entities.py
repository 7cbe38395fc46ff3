"""Entities as reviewers shape them: the entity a corrected name means, and merges and splits applied.

A merge or split moves rows (mentions, event parties and participants,
positions) from one entity to another; each moved row keeps the resolver's
entity in its ``resolved_*`` column, so that undoing a merge is putting rows
back and applying the merges and splits that still hold again
(:func:`reset_moves` then :func:`apply_entity_ops`). Entity names are never
moved: the resolver keeps seeing what it resolved, and the curated state stays
a function of the extraction and the changes.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import Connection, delete, func, insert, select, update

from pactgraph.store import fts, models
from pactgraph.store.corrections.changes import C, active_rows

T = models
MOVED = (
    (T.Mention.__table__, "entity_id", "resolved_entity_id"),
    (T.EventParty.__table__, "entity_id", "resolved_entity_id"),
    (T.EventParticipant.__table__, "entity_id", "resolved_entity_id"),
    (T.Position.__table__, "person_id", "resolved_person_id"),
    (T.Position.__table__, "org_id", "resolved_org_id"),
)
"""Rows a merge or split moves: (table, entity column, column keeping the resolver's entity)."""


def name_keys(type_: str, name: str) -> list[str]:
    """The normalised keys a name is indexed under in ``entity_names.norm``."""
    from pactgraph.resolve.names import normalize, person_key, place_key

    keys = {normalize(name)}
    if type_ == "person":
        from pactgraph.resolve.people import name_key

        keys |= {person_key(name), name_key(name)}
    elif type_ == "place":
        keys.add(place_key(name))
    return sorted(k for k in keys if k)


def _base(m: Any) -> Any:
    """A mention's entity as the resolver gave it (before any merge or split)."""
    return func.coalesce(m.c.resolved_entity_id, m.c.entity_id)


def find_place(conn: Connection, place: dict[str, Any], document_id: str | None = None) -> int | None:
    e, n, m = T.Entity.__table__, T.EntityName.__table__, T.Mention.__table__
    if document_id is not None:
        row = conn.execute(select(_base(m)).join(e, e.c.id == m.c.entity_id)
                           .where(m.c.document_id == document_id, m.c.name == place["name"], e.c.type == "place")
                           .limit(1)).first()
        if row is not None:
            return row[0]
    keys = name_keys("place", place["name"])
    stmt = (select(e.c.id).join(n, n.c.entity_id == e.c.id).where(e.c.type == "place", n.c.norm.in_(keys))
            .order_by(e.c.n_documents.desc()))
    if place.get("admin1"):
        prov = place["admin1"]
        stmt = stmt.where((e.c.province == prov) | (e.c.province_zh == prov) | e.c.province.is_(None))
    row = conn.execute(stmt.limit(1)).first()
    if row is None:
        row = conn.execute(select(e.c.id).where(e.c.type == "place", e.c.name.in_([place["name"], *keys]))
                           .limit(1)).first()
    return row[0] if row else None


def find_or_create(conn: Connection, type_: str, name: str, document_id: str, *, create: bool = True) -> int | None:
    """The entity a reviewer means by ``name`` in a document: as mentioned there, else by name, else a new one
    (``create``). The resolver's entity is returned: merges and splits apply afterwards."""
    e, n, m = T.Entity.__table__, T.EntityName.__table__, T.Mention.__table__
    row = conn.execute(select(_base(m)).join(e, e.c.id == m.c.entity_id)
                       .where(m.c.document_id == document_id, m.c.name == name, e.c.type == type_).limit(1)).first()
    if row is None:
        keys = name_keys(type_, name)
        in_doc = select(_base(m)).where(m.c.document_id == document_id)
        for scope in (in_doc, None):
            stmt = select(e.c.id).join(n, n.c.entity_id == e.c.id).where(e.c.type == type_, n.c.norm.in_(keys))
            if scope is not None:
                stmt = stmt.where(e.c.id.in_(scope))
            row = conn.execute(stmt.order_by(e.c.n_documents.desc()).limit(1)).first()
            if row is not None:
                break
    if row is not None:
        entity_id = row[0]
    elif not create:
        return None
    else:
        entity_id = create_entity(conn, type_, name, f"curated:{type_}:{name_keys(type_, name)[0][:250]}")
    # the document names it: one mention (kept through re-application, recreated after re-ingest)
    named = conn.execute(select(m.c.id).where(m.c.document_id == document_id, _base(m) == entity_id).limit(1))
    if named.first() is None:
        conn.execute(insert(m).values(document_id=document_id, entity_id=entity_id, name=name, evidence=None))
        recount(conn, [entity_id])
    return entity_id


def create_entity(conn: Connection, type_: str, name: str, key: str, kind: str | None = None) -> int:
    e, n = T.Entity.__table__, T.EntityName.__table__
    row = conn.execute(select(e.c.id).where(e.c.key == key)).first()
    if row is not None:
        return row[0]
    from pactgraph.resolve.names import has_cjk

    entity_id = conn.execute(insert(e).values(type=type_, key=key, name=name,
                                              name_en=None if has_cjk(name) else name,
                                              name_zh=name if has_cjk(name) else None, kind=kind,
                                              n_documents=0)).inserted_primary_key[0]
    names = [{"entity_id": entity_id, "name": name, "norm": k} for k in name_keys(type_, name)[:1]]
    for row_ in names:
        row_["id"] = conn.execute(insert(n).values(**row_)).inserted_primary_key[0]
    fts.index_names(conn, names)
    return entity_id


def recount(conn: Connection, entity_ids: Iterable[int]) -> None:
    """``entities.n_documents`` counted again from the mentions."""
    e, m = T.Entity.__table__, T.Mention.__table__
    for entity_id in sorted(set(entity_ids)):
        count = conn.execute(select(func.count(m.c.document_id.distinct())).where(m.c.entity_id == entity_id))
        conn.execute(update(e).where(e.c.id == entity_id).values(n_documents=count.scalar_one()))


def _move(conn: Connection, src: int, dst: int, *where: Any, table: Any, column: str, kept: str) -> None:
    conn.execute(update(table).where(table.c[column] == src, *where)
                 .values({kept: func.coalesce(table.c[kept], table.c[column]), column: dst}))


def _dedupe_event_links(conn: Connection, entity_id: int) -> None:
    for table in (T.EventParty.__table__, T.EventParticipant.__table__):
        keep = select(func.min(table.c.id)).where(table.c.entity_id == entity_id).group_by(table.c.event_id)
        conn.execute(delete(table).where(table.c.entity_id == entity_id, table.c.id.not_in(keep)))


def entity_ops(conn: Connection) -> list[dict[str, Any]]:
    """The merges and splits that hold, in the order they were made."""
    return active_rows(conn, select(C).where(C.c.field.in_(["merge", "split"])))


def merged_keys(conn: Connection) -> dict[str, str]:
    """Entity key merged away -> key merged into (followed to the end of chains), merges that hold only."""
    pairs = {r["target_key"]: r["other_key"] for r in entity_ops(conn) if r["field"] == "merge"}
    out = {}
    for src in pairs:
        dst, seen = pairs[src], {src}
        while dst in pairs and dst not in seen:
            seen.add(dst)
            dst = pairs[dst]
        out[src] = dst
    return out


def moved_documents(conn: Connection) -> set[str]:
    """Documents with rows a merge or split moved."""
    m = T.Mention.__table__
    return {r[0] for r in conn.execute(select(m.c.document_id).where(m.c.resolved_entity_id.is_not(None)).distinct())}


def reset_moves(conn: Connection) -> set[int]:
    """Every moved row back on the resolver's entity; the entities touched."""
    touched: set[int] = set()
    for table, column, kept in MOVED:
        for a, b in conn.execute(select(table.c[column], table.c[kept]).where(table.c[kept].is_not(None))):
            touched |= {x for x in (a, b) if x is not None}
        conn.execute(update(table).where(table.c[kept].is_not(None)).values({column: table.c[kept], kept: None}))
    return touched


def apply_entity_ops(conn: Connection, docs: set[str] | None) -> set[int]:
    """Merges (everywhere) and splits (in ``docs``, or everywhere when None) that hold, in the order they
    were made; the entities touched (their document counts are recounted)."""
    e, ev = T.Entity.__table__, T.Event.__table__
    ops = entity_ops(conn)
    if not ops:
        return set()
    keys = sorted({o["target_key"] for o in ops} | {o["other_key"] for o in ops if o["other_key"]})
    ids = {r.key: r.id for r in conn.execute(select(e.c.key, e.c.id).where(e.c.key.in_(keys)))}
    touched: set[int] = set()
    for op in ops:
        src = ids.get(op["target_key"])
        if src is None:
            continue
        if op["field"] == "merge":
            dst = ids.get(op["other_key"])
            if dst is None or dst == src:
                continue
            for table, column, kept in MOVED:
                _move(conn, src, dst, table=table, column=column, kept=kept)
            _dedupe_event_links(conn, dst)
            touched |= {src, dst}
            continue
        split_docs = list((op["new_value"] or {}).get("documents") or [])
        if docs is not None:
            split_docs = [d for d in split_docs if d in docs]
        if not split_docs:
            continue
        dst = ids.get(op["other_key"])
        if dst is None:
            kind = conn.execute(select(e.c.kind).where(e.c.id == src)).scalar()
            dst = ids[op["other_key"]] = create_entity(conn, op["target_kind"], op["new_value"]["name"],
                                                       op["other_key"], kind)
        events = select(ev.c.id).where(ev.c.document_id.in_(split_docs))
        for table, column, kept in MOVED:
            scope = table.c.document_id.in_(split_docs) if "document_id" in table.c else table.c.event_id.in_(events)
            _move(conn, src, dst, scope, table=table, column=column, kept=kept)
        touched |= {src, dst}
    for table, column, kept in MOVED:  # rows a later change put back on their own entity
        conn.execute(update(table).where(table.c[kept] == table.c[column]).values({kept: None}))
    recount(conn, touched)
    return touched


def pending_merges(conn: Connection) -> bool:
    """Whether rows point to an entity merged away by a merge that holds (ingest wrote them since)."""
    keys = list(merged_keys(conn))
    if not keys:
        return False
    e = T.Entity.__table__
    ids = [r[0] for r in conn.execute(select(e.c.id).where(e.c.key.in_(keys)))]
    if not ids:
        return False
    for table, column, _kept in MOVED:
        if conn.execute(select(table.c.id).where(table.c[column].in_(ids)).limit(1)).first():
            return True
    return False
