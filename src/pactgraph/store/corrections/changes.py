"""The change record: one reviewer's action, stored append-only, read as :class:`Change`.

A change is a correction of an event field, a position edit, a merge, a split,
or the revert of an earlier change. Rows are only ever inserted: a revert is a
new change pointing at the one it undoes (``reverts``), so the history of an
entity or a document reads top to bottom and nothing a reviewer did is lost.
The API, the web pages and the CLI all hand :class:`Change` objects around.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

from sqlalchemy import JSON, Connection, Integer, String, Text, func, insert, or_, select
from sqlalchemy.orm import Mapped, mapped_column

from pactgraph.store.models import Base

EVENT_FIELDS = ("type", "agreement_kind", "date", "place", "parties", "participants", "fields")
"""Event fields a reviewer may correct."""
ENTITY_KINDS = ("org", "person")
"""Entity types that may be merged or split."""
ENTITY_OPS = ("merge", "split")
KINDS = ("event", "position", "merge", "split", "revert")


class Correction(Base):
    """One change (the table keeps its first name, ``corrections``)."""

    __tablename__ = "corrections"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    target_kind: Mapped[str] = mapped_column(String(16))
    """``event``, ``position``, ``org`` or ``person``."""
    target_key: Mapped[str] = mapped_column(String(400), index=True)
    """``<document id>#<event index>`` for events, ``<document id>#person:<name>`` for positions, the entity's
    resolution key for merges and splits."""
    document_id: Mapped[str | None] = mapped_column(String(200), index=True)
    event_idx: Mapped[int | None] = mapped_column(Integer)
    field: Mapped[str] = mapped_column(String(32))
    """An event field of :data:`EVENT_FIELDS`, ``position``, ``merge``, ``split`` or ``revert``."""
    old_value: Mapped[Any | None] = mapped_column(JSON)
    new_value: Mapped[Any | None] = mapped_column(JSON)
    other_key: Mapped[str | None] = mapped_column(String(400), index=True)
    """Merge: the key of the entity merged into. Split: the key of the new entity. Position: the person's key."""
    author: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[str] = mapped_column(String(32))
    note: Mapped[str | None] = mapped_column(Text)
    """The reviewer's reason."""
    evidence: Mapped[list[Any] | None] = mapped_column(JSON)
    """What the reviewer relied on: ``[{"start", "end", "quote"}]`` spans of the document, or ``{"url"}``."""
    reverts: Mapped[int | None] = mapped_column(Integer, index=True)
    target: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    """Where the change points in its document (event index and the text of its evidence, person, title)."""
    content_hash: Mapped[str | None] = mapped_column(String(64))
    """The version of the document the change was made on."""


class CorrectionMark(Base):
    """The version (``documents.seq``) of a document when its corrections were last applied."""

    __tablename__ = "correction_marks"

    document_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    seq: Mapped[int] = mapped_column(Integer)
    applied_at: Mapped[str] = mapped_column(String(32))


class CorrectionTarget(Base):
    """Where a document change was last found in its document's extraction, or that its target has gone."""

    __tablename__ = "correction_targets"

    correction_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[str] = mapped_column(String(200), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    state: Mapped[str] = mapped_column(String(16), index=True)
    """``applied`` or ``orphaned`` (the target has gone: listed for review, never dropped)."""
    resolved: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    checked_at: Mapped[str] = mapped_column(String(32))


C = Correction.__table__
M = CorrectionMark.__table__
TG = CorrectionTarget.__table__


def now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def event_key(document_id: str, idx: int) -> str:
    return f"{document_id}#{idx}"


def kind_of(field_name: str) -> str:
    return "event" if field_name in EVENT_FIELDS else field_name


@dataclass(frozen=True)
class Change:
    """One reviewer's change as the API, the web pages and the CLI show it."""

    id: int
    field: str
    target_kind: str
    target_key: str
    author: str
    created_at: str
    document_id: str | None = None
    event_idx: int | None = None
    old_value: Any = None
    new_value: Any = None
    other_key: str | None = None
    reason: str | None = None
    evidence: list[dict[str, Any]] = field(default_factory=list)
    reverts: int | None = None
    target: dict[str, Any] | None = None
    content_hash: str | None = None
    reverted_by: int | None = None
    """The revert that undid this change (None while it holds)."""
    orphaned: bool = False
    """The change's target is gone from the current extraction of its document (listed for review)."""

    @classmethod
    def from_row(cls, row: Any, *, reverted_by: int | None = None, orphaned: bool = False) -> Change:
        r = dict(row)
        return cls(id=r["id"], field=r["field"], target_kind=r["target_kind"], target_key=r["target_key"],
                   author=r["author"], created_at=r["created_at"], document_id=r.get("document_id"),
                   event_idx=r.get("event_idx"), old_value=r.get("old_value"), new_value=r.get("new_value"),
                   other_key=r.get("other_key"), reason=r.get("note"), evidence=list(r.get("evidence") or []),
                   reverts=r.get("reverts"), target=r.get("target"), content_hash=r.get("content_hash"),
                   reverted_by=reverted_by, orphaned=orphaned)

    @property
    def kind(self) -> str:
        return kind_of(self.field)

    @property
    def note(self) -> str | None:
        """The reason (the name it had before changes had a history)."""
        return self.reason

    @property
    def state(self) -> str:
        """``reverted``, ``orphaned`` (target gone, waiting for review) or ``active``."""
        if self.reverted_by is not None:
            return "reverted"
        return "orphaned" if self.orphaned else "active"

    @property
    def summary(self) -> str:
        from pactgraph.store.corrections.describe import describe

        return describe(self)

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "kind": self.kind, "state": self.state, "note": self.reason,
                "summary": self.summary}

    def __getitem__(self, key: str) -> Any:
        """Dict-style reading (``change["field"]``), as the rows were read before."""
        return getattr(self, key)


# -- writing -------------------------------------------------------------------
def record_change(conn: Connection, *, target_kind: str, target_key: str, field: str, author: str,
                  old_value: Any = None, new_value: Any = None, document_id: str | None = None,
                  event_idx: int | None = None, other_key: str | None = None, reason: str | None = None,
                  evidence: list[dict[str, Any]] | None = None, reverts: int | None = None,
                  target: dict[str, Any] | None = None, content_hash: str | None = None,
                  created_at: str | None = None) -> Change:
    """Append one change; the stored :class:`Change`."""
    values = dict(target_kind=target_kind, target_key=target_key[:400], document_id=document_id,
                  event_idx=event_idx, field=field, old_value=old_value, new_value=new_value,
                  other_key=other_key, author=(author.strip() or "reviewer")[:100],
                  created_at=created_at or now(), note=(reason or None), evidence=evidence or None,
                  reverts=reverts, target=target, content_hash=content_hash)
    change_id = conn.execute(insert(C).values(**values)).inserted_primary_key[0]
    return Change.from_row({"id": change_id, **values})


# -- reading -------------------------------------------------------------------
def reverted_by(rows: Iterable[Any]) -> dict[int, int]:
    """Change id -> id of the revert that undoes it, over ``rows`` (changes and their reverts).

    A revert can itself be reverted (the change holds again): newest first, a
    revert counts only while it holds.
    """
    by_target: dict[int, list[int]] = {}
    ids = []
    for r in rows:
        ids.append(r["id"])
        if r["reverts"] is not None:
            by_target.setdefault(r["reverts"], []).append(r["id"])
    out: dict[int, int] = {}
    for change_id in sorted(ids, reverse=True):
        holding = [rv for rv in by_target.get(change_id, []) if rv not in out]
        if holding:
            out[change_id] = max(holding)
    return out


def _orphaned(conn: Connection, ids: list[int]) -> set[int]:
    out: set[int] = set()
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        out |= {r[0] for r in conn.execute(select(TG.c.correction_id).where(TG.c.correction_id.in_(chunk),
                                                                            TG.c.state == "orphaned"))}
    return out


def _reverts_of(conn: Connection, ids: list[int]) -> list[dict[str, Any]]:
    """Every revert (and revert of a revert ...) reaching ``ids``."""
    found: list[dict[str, Any]] = []
    frontier, seen = list(ids), set(ids)
    while frontier:
        rows = []
        for start in range(0, len(frontier), 500):
            rows += [dict(r) for r in conn.execute(select(C.c.id, C.c.reverts)
                                                   .where(C.c.reverts.in_(frontier[start:start + 500]))).mappings()]
        frontier = [r["id"] for r in rows if r["id"] not in seen]
        seen.update(frontier)
        found += rows
    return found


def to_changes(conn: Connection, rows: list[Any]) -> list[Change]:
    """Rows of the table as :class:`Change` objects, with their revert and review state."""
    rows = [dict(r) for r in rows]
    ids = [r["id"] for r in rows]
    if not ids:
        return []
    undo = reverted_by([{"id": r["id"], "reverts": r["reverts"]} for r in rows] + _reverts_of(conn, ids))
    orphans = _orphaned(conn, ids)
    return [Change.from_row(r, reverted_by=undo.get(r["id"]), orphaned=r["id"] in orphans) for r in rows]


def _scope(stmt: Any, *, document_id: str | None, target_kind: str | None, target_key: str | None,
           field_name: str | None) -> Any:
    if document_id is not None:
        stmt = stmt.where(C.c.document_id == document_id)
    if target_kind is not None:
        stmt = stmt.where(C.c.target_kind == target_kind)
    if target_key is not None:
        stmt = stmt.where(or_(C.c.target_key == target_key, C.c.other_key == target_key))
    if field_name is not None:
        stmt = stmt.where(C.c.field == field_name)
    return stmt


def list_changes(conn: Connection, *, document_id: str | None = None, target_kind: str | None = None,
                 target_key: str | None = None, field: str | None = None, state: str | None = None,
                 limit: int = 200, offset: int = 0, oldest_first: bool = False) -> list[Change]:
    """Changes newest first (or oldest first), filtered by document, target, field and state."""
    stmt = _scope(select(C), document_id=document_id, target_kind=target_kind, target_key=target_key,
                  field_name=field)
    if state == "orphaned":
        stmt = stmt.where(C.c.id.in_(select(TG.c.correction_id).where(TG.c.state == "orphaned")))
    stmt = stmt.order_by(C.c.id if oldest_first else C.c.id.desc())
    if state in ("active", "reverted"):
        changes = [c for c in to_changes(conn, list(conn.execute(stmt).mappings())) if c.state == state]
        return changes[offset:offset + limit]
    return to_changes(conn, list(conn.execute(stmt.limit(limit).offset(offset)).mappings()))


def count_changes(conn: Connection, *, document_id: str | None = None, target_kind: str | None = None,
                  target_key: str | None = None, field: str | None = None, state: str | None = None) -> int:
    if state in ("active", "reverted"):
        return len(list_changes(conn, document_id=document_id, target_kind=target_kind, target_key=target_key,
                                field=field, state=state, limit=10**9))
    stmt = _scope(select(func.count()).select_from(C), document_id=document_id, target_kind=target_kind,
                  target_key=target_key, field_name=field)
    if state == "orphaned":
        stmt = stmt.where(C.c.id.in_(select(TG.c.correction_id).where(TG.c.state == "orphaned")))
    return int(conn.execute(stmt).scalar_one())


def get_change(conn: Connection, change_id: int) -> Change:
    """One change; LookupError when there is none."""
    row = conn.execute(select(C).where(C.c.id == change_id)).mappings().first()
    if row is None:
        raise LookupError(f"no change {change_id}")
    return to_changes(conn, [row])[0]


def document_timeline(conn: Connection, document_id: str) -> list[Change]:
    """Every change made on a document (event fields, positions, reverts) and the splits that name it,
    oldest first."""
    own = list(conn.execute(select(C).where(C.c.document_id == document_id)).mappings())
    splits = [r for r in conn.execute(select(C).where(C.c.field == "split")).mappings()
              if document_id in ((r["new_value"] or {}).get("documents") or [])]
    rows = {r["id"]: r for r in own + splits}
    for r in _reverts_of(conn, list(rows)):
        if r["id"] not in rows:
            rows[r["id"]] = conn.execute(select(C).where(C.c.id == r["id"])).mappings().one()
    return to_changes(conn, [rows[i] for i in sorted(rows)])


def entity_timeline(conn: Connection, key: str) -> list[Change]:
    """Every change of an entity (merges into or out of it, splits, its positions, and their reverts), oldest
    first."""
    rows = {r["id"]: r for r in conn.execute(select(C).where(or_(C.c.target_key == key, C.c.other_key == key)))
            .mappings()}
    for r in _reverts_of(conn, list(rows)):
        if r["id"] not in rows:
            rows[r["id"]] = conn.execute(select(C).where(C.c.id == r["id"])).mappings().one()
    return to_changes(conn, [rows[i] for i in sorted(rows)])


def active_rows(conn: Connection, stmt: Any) -> list[dict[str, Any]]:
    """The rows of ``stmt`` (a select over the table) whose change holds (not reverted), oldest first."""
    rows = [dict(r) for r in conn.execute(stmt).mappings()]
    if not rows:
        return []
    undo = reverted_by([{"id": r["id"], "reverts": r["reverts"]} for r in rows]
                       + _reverts_of(conn, [r["id"] for r in rows]))
    return sorted((r for r in rows if r["id"] not in undo and r["field"] != "revert"), key=lambda r: r["id"])
