"""Web pages: dashboard, events, event and document pages with evidence, entity pages, network, map,
login and curation. Server-rendered; charts, network and map add JavaScript over data the page carries."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import RedirectResponse, Response

from pactgraph.api import queries
from pactgraph.api.deps import Conn, csrf_token, is_reviewer, session
from pactgraph.api.routes.common import event_filter
from pactgraph.api.routes.entities import profile
from pactgraph.api.routes.stats import cached
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
            "agreement_kinds": queries.AGREEMENT_KINDS, "roles": queries.ROLES}
    response = request.app.state.templates.TemplateResponse(request, template, {**base, **context},
                                                            status_code=status)
    response.headers["Cache-Control"] = "no-store"
    return response


# -- dashboard ---------------------------------------------------------------
@router.get("/")
def dashboard(request: Request, conn: Conn) -> Response:
    data = cached(request, conn, ("stats",), lambda: queries.stats(conn))
    recent, _ = queries.list_events(conn, queries.EventFilter(), limit=8, offset=0)
    return render(request, "dashboard.html", {"stats": data, "recent": recent, "nav": "dashboard"})


# -- events ------------------------------------------------------------------
@router.get("/events")
def events(request: Request, conn: Conn, f: Annotated[queries.EventFilter, Depends(event_filter)],
           page: Annotated[int, Query(ge=1, le=100000)] = 1) -> Response:
    items, total = queries.list_events(conn, f, limit=PER_PAGE, offset=(page - 1) * PER_PAGE)
    provinces = sorted(queries.provinces().values(), key=lambda p: p["en"])
    context = {"items": items, "total": total, "page": page, "pages": max(1, -(-total // PER_PAGE)),
               "filters": f.active(), "provinces": provinces, "nav": "events"}
    template = "events_results.html" if request.headers.get("hx-request") else "events.html"
    return render(request, template, context)


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


# -- documents ---------------------------------------------------------------
@router.get("/documents")
def documents(request: Request, conn: Conn, q: Annotated[str | None, Query(max_length=300)] = None,
              page: Annotated[int, Query(ge=1, le=100000)] = 1) -> Response:
    items, total = queries.list_documents(conn, q=q, status=None, limit=PER_PAGE, offset=(page - 1) * PER_PAGE)
    return render(request, "documents.html", {"items": items, "total": total, "page": page, "q": q or "",
                                              "pages": max(1, -(-total // PER_PAGE)), "nav": "documents"})


@router.get("/documents/{document_id:path}")
def document_page(request: Request, document_id: str, conn: Conn) -> Response:
    doc = queries.get_document(conn, document_id)
    text = doc["text"] or ""
    evidence = highlight.collect(doc["record"], len(text))
    people = [{"person": p, "extracted": _extracted_positions(doc, p.get("name"))}
              for p in (doc["record"] or {}).get("people") or []]
    return render(request, "document.html", {"doc": doc, "record": doc["record"] or {}, "evidence": evidence,
                                             "text_html": highlight.render(text, evidence), "nav": "documents",
                                             "people": people,
                                             "changes": corrections.document_timeline(conn, document_id)})


def _extracted_positions(doc: dict[str, Any], name: str | None) -> list[dict[str, Any]]:
    """A person's positions as extracted (what position edits count from), with their corrected value."""
    for person in (doc["extraction"] or {}).get("people") or []:
        if person.get("name") == name:
            return [{"index": k, "title": p.get("title"), "org": p.get("org")}
                    for k, p in enumerate(person.get("positions") or [])]
    return []


# -- search ------------------------------------------------------------------
@router.get("/search")
def search(request: Request, conn: Conn, q: Annotated[str, Query(max_length=300)] = "") -> Response:
    from pactgraph.store import queries as store_queries

    hits = store_queries.search(q, db=request.app.state.database, limit=60) if q.strip() else []
    events_found, total = queries.list_events(conn, queries.EventFilter(q=q), limit=PER_PAGE, offset=0) \
        if q.strip() else ([], 0)
    entities = [h for h in hits if h.type != "document"]
    return render(request, "search.html", {"q": q, "entities": entities, "events": events_found,
                                           "total": total, "nav": "search"})


# -- entities ----------------------------------------------------------------
def _entity_list(type_: str):  # type: ignore[no-untyped-def]
    slug, title = ENTITY_PAGES[type_]

    def page_(request: Request, conn: Conn, q: Annotated[str | None, Query(max_length=300)] = None,
              kind: Annotated[str | None, Query(max_length=16)] = None,
              province: Annotated[str | None, Query(max_length=50)] = None,
              page: Annotated[int, Query(ge=1, le=100000)] = 1) -> Response:
        items, total = queries.list_entities(conn, type_, q=q, kind=kind, province=province, limit=PER_PAGE,
                                             offset=(page - 1) * PER_PAGE)
        params = {"q": q, "kind": kind, "province": province}
        return render(request, "entities.html", {"items": items, "total": total, "page": page, "type": type_,
                                                 "slug": slug, "title": title, "params": params,
                                                 "pages": max(1, -(-total // PER_PAGE)), "nav": slug})

    return page_


def _entity_page(type_: str):  # type: ignore[no-untyped-def]
    slug, _ = ENTITY_PAGES[type_]

    def page_(request: Request, entity_id: int, conn: Conn) -> Response:
        target = queries.merged_into(conn, entity_id) if type_ != "place" else None
        if target:
            return RedirectResponse(f"/{slug}/{target}?merged_from={entity_id}", status_code=303)
        data = profile(request, conn, type_, entity_id)
        data["timeline"] = corrections.entity_timeline(conn, data["key"])
        return render(request, f"{type_}.html",
                      {"p": data, "type": type_, "slug": slug, "nav": slug,
                       "merged_from": request.query_params.get("merged_from")})

    return page_


for _type, (_slug, _title) in ENTITY_PAGES.items():
    router.add_api_route(f"/{_slug}", _entity_list(_type), methods=["GET"], name=f"page_{_slug}")
    router.add_api_route(f"/{_slug}/{{entity_id:int}}", _entity_page(_type), methods=["GET"],
                         name=f"page_{_slug}_one")


@router.get("/network")
def network(request: Request, conn: Conn, f: Annotated[queries.EventFilter, Depends(event_filter)],
            mode: Annotated[str, Query(pattern="^(orgs|events)$")] = "orgs") -> Response:
    data = queries.graph(conn, f, mode="orgs", limit=60)
    names = {n["id"]: n for n in data["nodes"]}
    links = [{"a": names[e["source"]], "b": names[e["target"]], "weight": e["weight"]} for e in data["edges"][:40]]
    provinces = sorted(queries.provinces().values(), key=lambda p: p["en"])
    return render(request, "network.html", {"filters": f.active(), "mode": mode, "links": links,
                                            "provinces": provinces, "nav": "network"})


@router.get("/map")
def china_map(request: Request, conn: Conn, f: Annotated[queries.EventFilter, Depends(event_filter)]) -> Response:
    rows = queries.events_per_province(conn, f)
    return render(request, "map.html", {"rows": rows, "filters": f.active(), "nav": "map",
                                        "provinces": sorted(queries.provinces().values(), key=lambda p: p["en"])})
