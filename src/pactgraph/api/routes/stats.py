"""``/api/stats``: counts, events per month, top sectors and partners, events per province."""

from __future__ import annotations

import os
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request

from pactgraph.api import queries
from pactgraph.api.caching import cached
from pactgraph.api.deps import Conn
from pactgraph.api.routes.common import filters

router = APIRouter(tags=["stats"])


@router.get("/stats", summary="Database statistics")
def get_stats(request: Request, conn: Conn) -> dict[str, Any]:
    """Counts of documents, events, organizations, people, places and corrections; events per month and
    type; top sectors; top partners; events per province."""
    return cached(request, conn, ("stats",), lambda: queries.stats(conn))


@router.get("/stats/provinces", summary="Events per province (filterable)")
def get_provinces(request: Request, conn: Conn,
                  f: Annotated[queries.Filters, Depends(filters)]) -> dict[str, Any]:
    """Events per province-level division, by the event's place or else a government party's place.
    ``name`` is the short Chinese name used by the map, ``en`` the English name."""
    items = cached(request, conn, ("provinces", tuple(sorted(f.active().items()))),
                   lambda: queries.events_per_province(conn, f))
    return {"items": items, "filters": f.active()}


@router.get("/taxonomy", summary="Sector and policy codes")
def get_taxonomy() -> dict[str, Any]:
    """The codes of ``fields`` (sectors) and ``policies`` with English and Chinese labels; event types,
    agreement kinds and participant roles."""
    from pactgraph.store.provinces import provinces

    return {**queries.taxonomy(), "event_types": list(queries.EVENT_TYPES),
            "agreement_kinds": list(queries.AGREEMENT_KINDS), "roles": list(queries.ROLES),
            "provinces": list(provinces().values())}


@router.get("/health", summary="Liveness and mode")
def health(request: Request) -> dict[str, Any]:
    return {"status": "ok", "writable": request.app.state.settings.writable, "pid": os.getpid()}
