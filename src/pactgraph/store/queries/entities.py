"""Small facts about one entity: its brief, where a reviewer merged it, the documents naming it."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, func, select

from pactgraph.store import corrections
from pactgraph.store.queries.common import MN, D, E


def entity_brief(conn: Connection, entity_id: int) -> dict[str, Any] | None:
    row = conn.execute(select(E.c.id, E.c.type, E.c.key, E.c.name, E.c.kind, E.c.n_documents)
                       .where(E.c.id == entity_id)).mappings().first()
    return dict(row) if row else None


def merged_into(conn: Connection, entity_id: int) -> int | None:
    """The entity this one was merged into (by a reviewer), if any."""
    row = entity_brief(conn, entity_id)
    if row is None:
        return None
    target = corrections.merged_keys(conn).get(row["key"])
    if target is None:
        return None
    return conn.execute(select(E.c.id).where(E.c.key == target)).scalar()


def entity_documents(conn: Connection, entity_id: int, limit: int = 200) -> list[dict[str, Any]]:
    stmt = (select(D.c.id, D.c.title, D.c.doc_date, func.min(MN.c.name).label("as_written"),
                   func.max(MN.c.confidence).label("confidence"))
            .join(MN, MN.c.document_id == D.c.id).where(MN.c.entity_id == entity_id)
            .group_by(D.c.id, D.c.title, D.c.doc_date).order_by(D.c.doc_date.desc()).limit(limit))
    return [dict(r) for r in conn.execute(stmt).mappings()]
