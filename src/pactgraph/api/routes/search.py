"""``/api/search``: full-text search over documents and entity names."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request

from pactgraph.store import queries as store_queries

router = APIRouter(tags=["search"])


@router.get("/search", summary="Search documents and entities")
def search(request: Request,
           q: Annotated[str, Query(max_length=300, description="Words, English or Chinese ('' lists by filters)")],
           type: Annotated[Literal["document", "org", "person", "place"] | None, Query()] = None,
           since: Annotated[str | None, Query(max_length=10)] = None,
           until: Annotated[str | None, Query(max_length=10)] = None,
           province: Annotated[str | None, Query(max_length=50)] = None,
           sector: Annotated[str | None, Query(max_length=64, description="Sector code")] = None,
           org: Annotated[str | None, Query(max_length=300)] = None,
           limit: Annotated[int, Query(ge=1, le=200)] = 50) -> dict[str, Any]:
    """Documents (title and text, traditional and simplified Chinese alike) and organizations, people and
    places (names and aliases). Filters restrict documents."""
    request.app.state.curation.check()
    hits = store_queries.search(q, type=type, since=since, until=until, province=province, field=sector,
                                org=org, db=request.app.state.database, limit=limit)
    return {"items": [h.to_dict() for h in hits], "total": len(hits), "query": q}
