"""``/api/events``: cooperation events as a table (filters, facets, sort, keyset pages, CSV/JSON); one event
with its evidence; corrections."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from pydantic import ValidationError

from pactgraph.api import curation
from pactgraph.api.deps import Author, Conn
from pactgraph.api.errors import ApiError
from pactgraph.api.routes.common import add_table_routes
from pactgraph.api.schemas import EventCorrectionIn
from pactgraph.store import queries

router = APIRouter(tags=["events"])

add_table_routes(router, "/events", "events", "events",
                 "Events newest first (``sort``: any column), filtered by type, dates, province, sector, policy, "
                 "organization (and kind), person, place, language, confidence, review and full text. Each "
                 "item's ``ref`` (``<document id>/<event index>``) names it in ``/api/events/{ref}``; it survives "
                 "re-ingest. ``next`` is the cursor of the next page (``after``).")


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
