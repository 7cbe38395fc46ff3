"""The ``sources`` and ``source_items`` tables: what is fetched or watched, and what was taken from it.

Plain functions over a connection, so the harvester can write an item's
state in the same transaction as the document it gave (see
:meth:`pactgraph.store.writer.StoreWriter.write_batch`'s ``after``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, insert, select, update

from pactgraph.store import models
from pactgraph.store.db import Database

S = models.Source.__table__
I = models.SourceItem.__table__  # noqa: E741 - the items table


def now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


@dataclass
class SourceInfo:
    """A row of ``sources`` with its item counts, as ``pactgraph sources`` lists it."""

    id: int
    url: str
    kind: str | None
    watched: bool
    every_seconds: int | None
    added_at: str
    last_fetched_at: str | None
    last_status: int | None
    last_error: str | None
    last_error_at: str | None
    n_items: int
    n_documents: int = 0
    n_item_errors: int = 0

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def get_or_add(conn: Connection, url: str, *, watched: bool = False, every_seconds: int | None = None) -> dict:
    """The source row of ``url``, added if new; ``watched`` and ``every_seconds`` are updated when given."""
    row = conn.execute(select(S).where(S.c.url == url)).mappings().first()
    if row is None:
        conn.execute(insert(S).values(url=url, watched=watched, every_seconds=every_seconds, added_at=now(),
                                      n_items=0))
        row = conn.execute(select(S).where(S.c.url == url)).mappings().one()
    elif watched and (not row["watched"] or (every_seconds and every_seconds != row["every_seconds"])):
        conn.execute(update(S).where(S.c.id == row["id"]).values(
            watched=True, every_seconds=every_seconds or row["every_seconds"]))
        row = conn.execute(select(S).where(S.c.id == row["id"])).mappings().one()
    return dict(row)


def watched_sources(conn: Connection) -> list[dict]:
    return [dict(r) for r in conn.execute(select(S).where(S.c.watched.is_(True)).order_by(S.c.id)).mappings()]


def record_fetch(conn: Connection, source_id: int, *, kind: str | None = None, status: int | None,
                 etag: str | None = None, last_modified: str | None = None, content_hash: str | None = None,
                 n_items: int | None = None) -> None:
    """A successful fetch of the source itself (a 200 or a 304): its validators, and no error any more."""
    values: dict[str, Any] = {"last_fetched_at": now(), "last_status": status, "last_error": None,
                              "last_error_at": None}
    if status != 304:
        values.update(etag=etag, last_modified=last_modified, content_hash=content_hash)
    if kind:
        values["kind"] = kind
    if n_items is not None:
        values["n_items"] = n_items
    conn.execute(update(S).where(S.c.id == source_id).values(**values))


def record_error(conn: Connection, source_id: int, message: str, status: int | None = None) -> None:
    stamp = now()
    conn.execute(update(S).where(S.c.id == source_id).values(
        last_fetched_at=stamp, last_status=status, last_error=message, last_error_at=stamp))


def items(conn: Connection, source_id: int) -> dict[str, dict]:
    """The items of a source by key."""
    return {r["key"]: dict(r) for r in conn.execute(select(I).where(I.c.source_id == source_id)).mappings()}


def add_items(conn: Connection, source_id: int, listed: list[tuple[str, str, str | None]]) -> None:
    """Remember newly listed items (key, url, updated stamp) as not yet taken."""
    if not listed:
        return
    known = set(items(conn, source_id))
    stamp = now()
    rows: dict[str, dict[str, Any]] = {}
    for key, url, _updated in listed:
        if key not in known and key not in rows:
            rows[key] = {"source_id": source_id, "key": key, "url": url, "first_seen_at": stamp}
    if rows:
        conn.execute(insert(I), list(rows.values()))


def mark_item(conn: Connection, source_id: int, key: str, *, url: str, document_id: str | None,
              updated: str | None, etag: str | None, last_modified: str | None, content_hash: str | None,
              status: int | None, error: str | None = None) -> None:
    """An item taken: its document is stored (in this same transaction) with these validators.

    With an ``error`` (the document is stored with an extraction error) the item is tried again next round.
    """
    values = {"url": url, "document_id": document_id, "updated": updated, "etag": etag,
              "last_modified": last_modified, "content_hash": content_hash, "last_fetched_at": now(),
              "last_status": status, "last_error": error}
    done = conn.execute(update(I).where(I.c.source_id == source_id, I.c.key == key).values(**values))
    if done.rowcount == 0:
        conn.execute(insert(I).values(source_id=source_id, key=key, first_seen_at=now(), **values))


def mark_item_error(conn: Connection, source_id: int, key: str, *, url: str, message: str,
                    status: int | None) -> None:
    values = {"last_fetched_at": now(), "last_status": status, "last_error": message}
    done = conn.execute(update(I).where(I.c.source_id == source_id, I.c.key == key).values(**values))
    if done.rowcount == 0:
        conn.execute(insert(I).values(source_id=source_id, key=key, url=url, first_seen_at=now(), **values))


def list_sources(database: Database) -> list[SourceInfo]:
    """Every source with its counts of items, documents taken and items in error."""
    from sqlalchemy import func

    out = []
    with database.engine.connect() as conn:
        counts = {
            r.source_id: (r.docs, r.errs)
            for r in conn.execute(
                select(I.c.source_id, func.count(I.c.document_id).label("docs"),
                       func.count(I.c.last_error).label("errs")).group_by(I.c.source_id))
        }
        for row in conn.execute(select(S).order_by(S.c.id)).mappings():
            docs, errs = counts.get(row["id"], (0, 0))
            out.append(SourceInfo(
                id=row["id"], url=row["url"], kind=row["kind"], watched=bool(row["watched"]),
                every_seconds=row["every_seconds"], added_at=row["added_at"], last_fetched_at=row["last_fetched_at"],
                last_status=row["last_status"], last_error=row["last_error"], last_error_at=row["last_error_at"],
                n_items=row["n_items"], n_documents=docs, n_item_errors=errs))
    return out
