"""One router per resource, mounted under ``/api``."""

from __future__ import annotations

from fastapi import APIRouter

from pactgraph.api.routes import corrections, documents, entities, events, graph, search, stats


def api_router() -> APIRouter:
    router = APIRouter(prefix="/api")
    for module in (stats, documents, events, entities, search, graph, corrections):
        router.include_router(module.router)
    return router
