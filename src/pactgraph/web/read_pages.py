"""The read pages: the dashboard, every list as a filterable, sortable table with facets and links to its
CSV/JSON, search, entity pages, "what connects A and B", the network and the maps.

Each page calls the query layer (:mod:`pactgraph.store.queries`) as the API routes do; the URL of a page
is its filters, sort and page size, so every view can be bookmarked and shared, and its data links carry
the same parameters to ``/api/<table>.csv`` / ``.json``.
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import RedirectResponse, Response

from pactgraph.api.caching import cached
from pactgraph.api.deps import Conn
from pactgraph.api.params import filters, search_filters, search_params
from pactgraph.store import corrections, queries
from pactgraph.store.db import NotFound, StoreError
from pactgraph.store.provinces import provinces
from pactgraph.store.queries import Filters
from pactgraph.web.pages import render

router = APIRouter(include_in_schema=False)
PAGE_SIZES = (10, 25, 50, 100, 200)
DEFAULT_SIZE = 25

ListFilters = Annotated[Filters, Depends(filters)]
Sort = Annotated[str | None, Query(max_length=32)]
After = Annotated[str | None, Query(max_length=400)]
Size = Annotated[int, Query(ge=1, le=500)]
PageNo = Annotated[int, Query(ge=1, le=100000)]

# the columns of each table on its page: (header, sort key or None)
COLUMNS: dict[str, list[tuple[str, str | None]]] = {
    "events": [("Date", "date"), ("Type", "type"), ("Event", "title"), ("Parties", None), ("Place", "place"),
               ("Province", "province"), ("Sectors", None), ("Confidence", "confidence")],
    "documents": [("Date", "date"), ("Title", "title"), ("Language", "language"), ("Events", None),
                  ("Status", "status")],
    "organizations": [("Name", "name"), ("Kind", "kind"), ("Province", "province"), ("Documents", "documents"),
                      ("Events", None), ("Confidence", None)],
    "people": [("Name", "name"), ("Province", "province"), ("Documents", "documents"), ("Events", None),
               ("Confidence", None)],
    "places": [("Name", "name"), ("Level", "kind"), ("Province", "province"), ("Documents", "documents"),
               ("Events", None)],
}
PAGES = {"events": ("events", "Events", "/api/events"), "documents": ("documents", "Documents", "/api/documents"),
         "organizations": ("orgs", "Organizations", "/api/organizations"),
         "people": ("people", "People", "/api/people"), "places": ("places", "Places", "/api/places")}
FACET_TITLES = {"type": "Event type", "year": "Year", "province": "Province", "sector": "Sector",
                "policy": "Policy", "kind": "Kind", "language": "Language", "confidence": "Confidence",
                "reviewed": "Reviewed", "status": "Status"}
ENTITY_TYPES = {"org": "organizations", "person": "people", "place": "places"}


def _provinces() -> list[dict[str, str]]:
    return sorted(provinces().values(), key=lambda p: p["en"])


def _table_page(request: Request, conn: Any, name: str, f: Filters, sort: str | None, after: str | None,
                page: int, per_page: int) -> Response:
    slug, title, api = PAGES[name]
    table = queries.table(name)
    data = queries.page(conn, table, f, sort=sort, after=after, page=page, per_page=per_page)
    facet_counts = cached(request, conn, ("facets", name, tuple(sorted(f.active().items()))),
                          lambda: queries.facets(conn, table, f))
    params = {**f.active(), **({"sort": sort} if sort else {}), **({"per_page": per_page}
                                                                    if per_page != DEFAULT_SIZE else {})}
    data_params = {**f.active(), **({"sort": sort} if sort else {})}
    context = {
        "name": name, "slug": slug, "title": title, "items": data["items"], "total": data["total"],
        "next": data["next"], "page": data["page"], "pages": data["pages"], "per_page": per_page,
        "sort": data["sort"], "params": params, "filters": f.active(), "columns": COLUMNS[name],
        "facets": facet_counts, "facet_titles": FACET_TITLES, "page_sizes": PAGE_SIZES,
        "csv_url": f"{api}.csv?{urlencode(data_params)}", "json_url": f"{api}.json?{urlencode(data_params)}",
        "api_url": f"{api}?{urlencode(params)}", "provinces": _provinces(), "nav": slug, "after": after,
    }
    template = "table_results.html" if request.headers.get("hx-request") else "table.html"
    return render(request, template, context)


# -- dashboard ---------------------------------------------------------------
@router.get("/")
def dashboard(request: Request, conn: Conn) -> Response:
    data = cached(request, conn, ("stats",), lambda: queries.stats(conn))
    recent = queries.page(conn, queries.table("events"), Filters(), per_page=8, total=False)["items"]
    return render(request, "dashboard.html", {"stats": data, "recent": recent, "nav": "dashboard"})


# -- tables -------------------------------------------------------------------
@router.get("/events")
def events(request: Request, conn: Conn, f: ListFilters, sort: Sort = None, after: After = None,
           page: PageNo = 1, per_page: Size = DEFAULT_SIZE) -> Response:
    return _table_page(request, conn, "events", f, sort, after, page, per_page)


@router.get("/documents")
def documents(request: Request, conn: Conn, f: ListFilters, sort: Sort = None, after: After = None,
              page: PageNo = 1, per_page: Size = DEFAULT_SIZE) -> Response:
    return _table_page(request, conn, "documents", f, sort, after, page, per_page)


def _entity_list(name: str):  # type: ignore[no-untyped-def]
    def page_(request: Request, conn: Conn, f: ListFilters, sort: Sort = None, after: After = None,
              page: PageNo = 1, per_page: Size = DEFAULT_SIZE) -> Response:
        return _table_page(request, conn, name, f, sort, after, page, per_page)

    return page_


def _entity_page(type_: str):  # type: ignore[no-untyped-def]
    slug = PAGES[ENTITY_TYPES[type_]][0]

    def page_(request: Request, entity_id: int, conn: Conn) -> Response:
        target = queries.merged_into(conn, entity_id) if type_ != "place" else None
        if target:
            return RedirectResponse(f"/{slug}/{target}?merged_from={entity_id}", status_code=303)
        data = queries.entity_page(conn, type_, entity_id)
        data["timeline"] = corrections.entity_timeline(conn, data["key"])
        return render(request, f"{type_}.html", {"p": data, "type": type_, "slug": slug, "nav": slug,
                                                 "merged_from": request.query_params.get("merged_from")})

    return page_


for _type, _name in ENTITY_TYPES.items():
    _slug = PAGES[_name][0]
    router.add_api_route(f"/{_slug}", _entity_list(_name), methods=["GET"], name=f"page_{_slug}")
    router.add_api_route(f"/{_slug}/{{entity_id:int}}", _entity_page(_type), methods=["GET"],
                         name=f"page_{_slug}_one")


@router.get("/documents/{document_id:path}")
def document_page(request: Request, document_id: str, conn: Conn) -> Response:
    from pactgraph.web import highlight

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
def search(request: Request, conn: Conn, f: Annotated[Filters, Depends(search_filters)],
           offset: Annotated[int, Query(ge=0, le=10000)] = 0,
           per_page: Size = DEFAULT_SIZE) -> Response:
    q = f.q or ""
    rest = Filters(**{**f.__dict__, "q": None})
    results = queries.search_results(conn, q, rest, limit=per_page, offset=offset) if q.strip() else None
    params = search_params(f)
    return render(request, "search.html", {
        "q": q, "results": results, "params": params, "filters": search_params(rest), "event_params": f.active(),
        "offset": offset,
        "per_page": per_page, "facet_titles": FACET_TITLES, "provinces": _provinces(), "nav": "search",
        "csv_url": f"/api/search.csv?{urlencode(params)}", "json_url": f"/api/search.json?{urlencode(params)}"})


# -- relations and maps --------------------------------------------------------
@router.get("/connects")
def connects(request: Request, conn: Conn, a: Annotated[str, Query(max_length=300)] = "",
             b: Annotated[str, Query(max_length=300)] = "") -> Response:
    result, error = None, None
    if a.strip() and b.strip():
        try:
            result = queries.connects(conn, a, b)
        except (NotFound, StoreError) as exc:
            error = exc.message
    return render(request, "connects.html", {"a": a, "b": b, "result": result, "error": error,
                                             "nav": "connects"})


@router.get("/network")
def network(request: Request, conn: Conn, f: ListFilters,
            mode: Annotated[str, Query(pattern="^(orgs|events)$")] = "orgs") -> Response:
    key = ("graph", "orgs", 60, 1, tuple(sorted(f.active().items())))
    data = cached(request, conn, key, lambda: queries.network(conn, f, mode="orgs", limit=60))
    names = {n["id"]: n for n in data["nodes"]}
    links = [{"a": names[e["source"]], "b": names[e["target"]], "weight": e["weight"]} for e in data["edges"][:40]]
    return render(request, "network.html", {"filters": f.active(), "mode": mode, "links": links,
                                            "provinces": _provinces(), "nav": "network"})


@router.get("/map")
def china_map(request: Request, conn: Conn, f: ListFilters) -> Response:
    rows = cached(request, conn, ("provinces", tuple(sorted(f.active().items()))),
                  lambda: queries.events_per_province(conn, f))
    points = cached(request, conn, ("points", tuple(sorted(f.active().items()))),
                    lambda: queries.event_points(conn, f))
    return render(request, "map.html", {"rows": rows, "points": points, "filters": f.active(), "nav": "map",
                                        "provinces": _provinces()})
