"""``/api/corrections``: the reviewers' corrections; ``/api/session``: who is asking."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request

from pactgraph.api.deps import Conn, Paging, is_reviewer
from pactgraph.store import corrections

router = APIRouter(tags=["curation"])


@router.get("/corrections", summary="List corrections")
def list_corrections(conn: Conn, paging: Paging,
                     target_kind: Annotated[Literal["event", "org", "person"] | None, Query()] = None,
                     document_id: Annotated[str | None, Query(max_length=200)] = None) -> dict[str, Any]:
    """Corrections newest first: target (``event`` ``<document id>#<index>``, or an entity key), field,
    old and new value, author, time."""
    items = corrections.list_corrections(conn, target_kind=target_kind, document_id=document_id,
                                         limit=paging.per_page, offset=paging.offset)
    total = corrections.count_corrections(conn) if not (target_kind or document_id) else None
    if total is None:
        total = len(corrections.list_corrections(conn, target_kind=target_kind, document_id=document_id,
                                                 limit=100000))
    return paging.wrap(items, total)


@router.get("/session", summary="Read-only or reviewer")
def session(request: Request) -> dict[str, Any]:
    """Whether the server accepts corrections and whether this request carries the token."""
    return {"writable": request.app.state.settings.writable, "reviewer": is_reviewer(request)}
