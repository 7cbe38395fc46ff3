"""``/api/events``: cooperation events with filters; one event with its evidence; corrections."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from pydantic import ValidationError

from pactgraph.api import curation, queries
from pactgraph.api.deps import Author, Conn, Paging
from pactgraph.api.errors import ApiError
from pactgraph.api.routes.common import event_filter
from pactgraph.api.schemas import EventCorrectionIn

router = APIRouter(tags=["events"])


@router.get("/events", summary="List events")
def list_events(conn: Conn, paging: Paging,
                f: Annotated[queries.EventFilter, Depends(event_filter)]) -> dict[str, Any]:
    """Events newest first, filtered by type, date range, province, sector, organization, person, place
    and full text. Each item's ``ref`` (``<document id>/<event index>``) names it in
    ``/api/events/{ref}``; it survives re-ingest."""
    items, total = queries.list_events(conn, f, limit=paging.per_page, offset=paging.offset)
    return {**paging.wrap(items, total), "filters": f.active()}


@router.get("/events/{document_id:path}/{idx:int}", summary="One event")
def get_event(document_id: str, idx: int, conn: Conn) -> dict[str, Any]:
    """The event (corrections applied) with parties, participants, sectors, its record with evidence
    offsets into ``document.text``, the extraction's original, and its corrections."""
    return queries.get_event(conn, document_id, idx)


@router.post("/events/{document_id:path}/{idx:int}/corrections", status_code=201, summary="Correct an event")
def correct_event(document_id: str, idx: int, body: EventCorrectionIn, request: Request,
                  author: Author) -> dict[str, Any]:
    """Store corrections of the given fields (who, when, why, evidence, old and new value) and apply them.
    Values are checked against the record contract (real dates, taxonomy codes, known roles ...): 422 with
    the field and the reason otherwise. Needs the server's token (``Authorization: Bearer <token>``); a
    server without a token answers 403."""
    try:
        changes = body.changes()
    except (ValueError, ValidationError) as exc:
        raise ApiError(422, str(exc)) from exc
    created = curation.correct_event(request.app.state.database, document_id, idx, changes, author=author,
                                     reason=body.reason, evidence=body.evidence_items())
    with request.app.state.database.engine.connect() as conn:
        event = queries.get_event(conn, document_id, idx)
    return {"corrections": [c.to_dict() for c in created], "event": event}
