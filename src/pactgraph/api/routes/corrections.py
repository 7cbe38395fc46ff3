"""``/api/changes``: the reviewers' history (``/api/corrections`` is its older name); reverts; position
edits; ``/api/session``: who is asking."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request

from pactgraph.api import curation, queries
from pactgraph.api.deps import Author, Conn, Paging, is_reviewer
from pactgraph.api.errors import ApiError
from pactgraph.api.schemas import PositionIn, RevertIn
from pactgraph.store import corrections

router = APIRouter(tags=["curation"])

TargetKind = Literal["event", "position", "org", "person"]
State = Literal["active", "reverted", "orphaned"]


def _entity_key(conn: Any, entity_id: int) -> str:
    brief = queries.entity_brief(conn, entity_id)
    if brief is None:
        raise ApiError(404, f"no entity {entity_id}")
    return brief["key"]


def _list(conn: Any, paging: Any, target_kind: str | None, document_id: str | None, entity_id: int | None,
          state: str | None) -> dict[str, Any]:
    key = _entity_key(conn, entity_id) if entity_id is not None else None
    scope = {"document_id": document_id, "target_kind": target_kind, "target_key": key, "state": state}
    items = corrections.list_changes(conn, limit=paging.per_page, offset=paging.offset, **scope)
    return paging.wrap(corrections.as_dicts(items), corrections.count_changes(conn, **scope))


@router.get("/changes", summary="The history of reviewers' changes")
def list_changes(conn: Conn, paging: Paging, target_kind: Annotated[TargetKind | None, Query()] = None,
                 document_id: Annotated[str | None, Query(max_length=200)] = None,
                 entity_id: Annotated[int | None, Query(ge=1, description="Changes of this entity")] = None,
                 state: Annotated[State | None, Query(description="active, reverted, or orphaned (its target "
                                                                  "has gone after re-extraction: to review)")] = None
                 ) -> dict[str, Any]:
    """Changes newest first: what (``summary``, field, old and new value), who, when, why (``reason``), the
    evidence relied on, and whether it holds (``state``, ``reverted_by``)."""
    return _list(conn, paging, target_kind, document_id, entity_id, state)


@router.get("/corrections", summary="List corrections (older name of /changes)")
def list_corrections(conn: Conn, paging: Paging, target_kind: Annotated[TargetKind | None, Query()] = None,
                     document_id: Annotated[str | None, Query(max_length=200)] = None) -> dict[str, Any]:
    """Changes newest first, as ``/api/changes``."""
    return _list(conn, paging, target_kind, document_id, None, None)


@router.get("/changes/{change_id}", summary="One change")
def get_change(change_id: int, conn: Conn) -> dict[str, Any]:
    try:
        return corrections.get_change(conn, change_id).to_dict()
    except LookupError as exc:
        raise ApiError(404, str(exc)) from exc


@router.post("/changes/{change_id}/revert", status_code=201, summary="Revert a change")
def revert_change(change_id: int, body: RevertIn, request: Request, author: Author) -> dict[str, Any]:
    """Undo a change (an event correction, a position edit, a merge, a split, or a revert) with a new change
    that points at it; the history keeps both. Needs the token."""
    return curation.revert(request.app.state.database, change_id, author=author, reason=body.reason).to_dict()


@router.post("/documents/{document_id:path}/positions", status_code=201, summary="Correct a position")
def correct_position(document_id: str, body: PositionIn, request: Request, author: Author) -> dict[str, Any]:
    """Correct (``title``, ``org``), remove (``remove``) or add (no ``index``) a person's position as the
    document names them. Kept through re-ingest. Needs the token."""
    change = curation.correct_position(request.app.state.database, document_id, body.person, body.index,
                                       body.value(), author=author, reason=body.reason,
                                       evidence=body.evidence_items())
    return {"change": change.to_dict() if change else None}


@router.get("/session", summary="Read-only or reviewer")
def session(request: Request) -> dict[str, Any]:
    """Whether the server accepts corrections and whether this request carries the token."""
    return {"writable": request.app.state.settings.writable, "reviewer": is_reviewer(request)}
