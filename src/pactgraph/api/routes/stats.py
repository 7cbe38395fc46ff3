"""``/api/stats``: counts, events per month, top sectors and partners, events per province."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request

from pactgraph.api import queries
from pactgraph.api.deps import Conn
from pactgraph.api.routes.common import event_filter

router = APIRouter(tags=["stats"])


def cached(request: Request, conn: Any, key: tuple[Any, ...], compute: Any) -> Any:
    cache: dict[Any, Any] = request.app.state.cache
    full = (key, queries.data_version(conn))
    if full not in cache:
        if len(cache) > 256:
            cache.clear()
        cache[full] = compute()
    return cache[full]


@router.get("/stats", summary="Database statistics")
def get_stats(request: Request, conn: Conn) -> dict[str, Any]:
    """Counts of documents, events, organizations, people, places and corrections; events per month and
    type; top sectors; top partners; events per province."""
    return cached(request, conn, ("stats",), lambda: queries.stats(conn))


@router.get("/stats/provinces", summary="Events per province (filterable)")
def get_provinces(request: Request, conn: Conn,
                  f: Annotated[queries.EventFilter, Depends(event_filter)]) -> dict[str, Any]:
    """Events per province-level division, by the event's place or else a government party's place.
    ``name`` is the short Chinese name used by the map, ``en`` the English name."""
    items = cached(request, conn, ("provinces", tuple(sorted(f.active().items()))),
                   lambda: queries.events_per_province(conn, f))
    return {"items": items, "filters": f.active()}


@router.get("/taxonomy", summary="Sector and policy codes")
def get_taxonomy() -> dict[str, Any]:
    """The codes of ``fields`` (sectors) and ``policies`` with English and Chinese labels; event types,
    agreement kinds and participant roles."""
    return {**queries.taxonomy(), "event_types": list(queries.EVENT_TYPES),
            "agreement_kinds": list(queries.AGREEMENT_KINDS), "roles": list(queries.ROLES)}


@router.get("/health", summary="Liveness and mode")
def health(request: Request) -> dict[str, Any]:
    return {"status": "ok", "writable": request.app.state.settings.writable}
