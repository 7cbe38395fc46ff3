"""Web pages that write or sit beside writing: the event page with its correction form, merges and splits,
login and the curation log. The read pages (tables, search, entities, relations, maps) are in
:mod:`pactgraph.web.read_pages`. Server-rendered; scripts add interaction over data the page carries."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from pactgraph.api import queries
from pactgraph.api.deps import Conn, csrf_token, is_reviewer, session
from pactgraph.store import corrections
from pactgraph.web import highlight

router = APIRouter(include_in_schema=False)
PER_PAGE = 25
ENTITY_PAGES = {"org": ("orgs", "Organizations"), "person": ("people", "People"), "place": ("places", "Places")}


def render(request: Request, template: str, context: dict[str, Any], status: int = 200) -> Response:
    """A page, with what every template may use: the session (reviewer, author, CSRF token), taxonomy."""
    settings = request.app.state.settings
    author = session(request).get("author")
    base = {"writable": settings.writable, "reviewer": is_reviewer(request), "csrf_token": csrf_token(request),
            "author": author if isinstance(author, str) else "", "path": request.url.path,
            "taxonomy": queries.taxonomy(), "event_types": queries.EVENT_TYPES,
            "agreement_kinds": queries.AGREEMENT_KINDS, "roles": queries.ROLES,
            "threshold": getattr(settings, "confidence_threshold", 0.8)}
    response = request.app.state.templates.TemplateResponse(request, template, {**base, **context},
                                                            status_code=status)
    response.headers["Cache-Control"] = "no-store"
    return response


# -- events ------------------------------------------------------------------
def _event_context(request: Request, conn: Any, document_id: str, idx: int) -> dict[str, Any]:
    event = queries.get_event(conn, document_id, idx)
    doc = event["document"]
    text = doc["text"] or ""
    evidence = highlight.collect(doc["record"], len(text), idx)
    return {"event": event, "doc": doc, "record": event["record"] or {}, "evidence": evidence,
            "text_html": highlight.render(text, evidence), "nav": "events",
            "changes": [c for c in corrections.document_timeline(conn, document_id)
                        if c.kind == "event" and c.event_idx == idx]}


@router.get("/events/{document_id:path}/{idx:int}")
def event_page(request: Request, document_id: str, idx: int, conn: Conn) -> Response:
    return render(request, "event.html", _event_context(request, conn, document_id, idx))


def highlight_path(document_id: str) -> str:
    from pactgraph.web.templating import url_path

    return url_path(document_id)


