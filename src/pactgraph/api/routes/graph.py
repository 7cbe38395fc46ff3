"""``/api/graph``: the co-signatory network; ``/api/connects``: what connects two entities;
``/api/map/points``: events per located place."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Request

from pactgraph.api.caching import JSONBody, cached
from pactgraph.api.deps import Conn
from pactgraph.api.routes.common import filters
from pactgraph.store import queries
from pactgraph.store.queries import Filters

router = APIRouter(tags=["relations"])


@router.get("/graph", summary="Co-signatory network", response_class=JSONBody)
def get_graph(request: Request, conn: Conn, f: Annotated[Filters, Depends(filters)],
              mode: Annotated[Literal["orgs", "events"], Query(description="orgs: organizations linked by "
                                                               "shared events; events: organizations and "
                                                               "events")] = "orgs",
              limit: Annotated[int, Query(ge=1, le=1000, description="Most organizations (by events)")] = 150,
              min_weight: Annotated[int, Query(ge=1, le=1000, description="orgs mode: fewest shared "
                                                                          "events per edge")] = 1) -> JSONBody:
    """Nodes (``type`` org or event, ``url`` of their page, ``x``/``y`` of a seeded layout: the same
    selection always looks the same) and edges (``source``, ``target``, ``weight``) for the events the
    filters select: ``org=`` gives one organization's co-signatories, ``province=`` one province's."""
    key = ("graph", mode, limit, min_weight, tuple(sorted(f.active().items())))
    data = cached(request, conn, key, lambda: queries.network(conn, f, mode=mode, limit=limit,
                                                              min_weight=min_weight))
    return JSONBody({**data, "filters": f.active()})


@router.get("/connects", summary="What connects A and B", response_class=JSONBody)
def connects(conn: Conn, a: Annotated[str, Query(max_length=300, description="Name, id as org:12 / person:3")],
             b: Annotated[str, Query(max_length=300)],
             paths: Annotated[int, Query(ge=1, le=20, description="Most shortest paths")] = 5) -> JSONBody:
    """Shared events (with the sentence each was read from), people both deal with (participants of their
    events, or titles at both), and the shortest paths through events and positions, each step with its
    evidence."""
    return JSONBody(queries.connects(conn, a, b, max_paths=paths))


@router.get("/map/points", summary="Events per located place", response_class=JSONBody)
def points(request: Request, conn: Conn, f: Annotated[Filters, Depends(filters)]) -> JSONBody:
    """Places with coordinates (from the gazetteer) and the number of the filtered events there."""
    items = cached(request, conn, ("points", tuple(sorted(f.active().items()))),
                   lambda: queries.event_points(conn, f))
    return JSONBody({"items": items, "filters": f.active()})
