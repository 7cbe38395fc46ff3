"""``/api/graph``: the network of organizations and events."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request

from pactgraph.api import queries
from pactgraph.api.deps import Conn
from pactgraph.api.routes.common import event_filter
from pactgraph.api.routes.stats import cached

router = APIRouter(tags=["graph"])


@router.get("/graph", summary="Network of organizations and events")
def get_graph(request: Request, conn: Conn, f: Annotated[queries.EventFilter, Depends(event_filter)],
              mode: Annotated[Literal["orgs", "events"], Query(description="orgs: organizations linked by "
                                                               "shared events; events: organizations and "
                                                               "events")] = "orgs",
              limit: Annotated[int, Query(ge=1, le=1000, description="Most organizations (by events)")] = 150,
              min_weight: Annotated[int, Query(ge=1, le=1000, description="orgs mode: fewest shared "
                                                                          "events per edge")] = 1,
              ) -> dict[str, Any]:
    """Nodes (``type`` org or event, with ``url`` of their page) and edges (``source``, ``target``,
    ``weight``) for the events selected by the filters."""
    key = ("graph", mode, limit, min_weight, tuple(sorted(f.active().items())))
    return {**cached(request, conn, key, lambda: queries.graph(conn, f, mode=mode, limit=limit,
                                                               min_weight=min_weight)),
            "filters": f.active()}
