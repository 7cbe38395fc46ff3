"""``/api/organizations``, ``/api/people``, ``/api/places``: tables, profiles, merges and splits."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from pactgraph.api import curation
from pactgraph.api.deps import Author, Conn
from pactgraph.api.routes.common import add_table_routes
from pactgraph.api.schemas import MergeIn, SplitIn
from pactgraph.store import queries

router = APIRouter()

RESOURCES = {"org": ("organizations", "organization"), "person": ("people", "person"),
             "place": ("places", "place")}


def _add(type_: str) -> None:
    plural, singular = RESOURCES[type_]
    tag = [plural]
    add_table_routes(router, f"/{plural}", plural, plural,
                     f"{plural.capitalize()} named in at least one document, most documents first (``sort``: "
                     "documents, name, kind, province, id), filtered by name or alias (``q``), kind, province, "
                     "confidence, review" + (" and organization (titles held there)" if type_ == "person" else "")
                     + ".")

    @router.get(f"/{plural}/{{entity_id}}", summary=f"One {singular}", tags=tag, name=f"get_{singular}")
    def get(entity_id: int, conn: Conn) -> dict[str, Any]:
        return queries.entity_page(conn, type_, entity_id)

    get.__doc__ = {"org": "Names, group, events in time order (the newest 200; ``events_total`` and "
                          "``events_by_year`` count all), partners with counts, people with titles over time, "
                          "documents, corrections (``merged_into`` when merged by a reviewer), confidence.",
                   "person": "Titles over time (title, organization, first and last seen), events, events by "
                             "year, organizations, namesakes, documents, corrections, confidence.",
                   "place": "Events there or with its governments, events by year, partners, officials with "
                            "titles."}[type_]
    if type_ == "place":
        return

    @router.post(f"/{plural}/{{entity_id}}/merge", status_code=201, summary=f"Merge two {plural}", tags=tag,
                 name=f"merge_{singular}")
    def merge(entity_id: int, body: MergeIn, request: Request, author: Author) -> dict[str, Any]:
        """Merge this entity into ``into``: its mentions, event links and positions move there (its names
        are listed there), now and after every re-ingest, until the merge is reverted
        (``POST /api/changes/{id}/revert``). Needs the token."""
        change = curation.merge(request.app.state.database, type_, entity_id, body.into, author=author,
                                reason=body.reason, evidence=body.evidence_items())
        return {**change.to_dict(), "source": change.target_key, "target": change.other_key}

    @router.post(f"/{plural}/{{entity_id}}/split", status_code=201, summary=f"Split a{'n' if type_ == 'org' else ''} "
                 f"{singular}", tags=tag, name=f"split_{singular}")
    def split(entity_id: int, body: SplitIn, request: Request, author: Author) -> dict[str, Any]:
        """Move this entity's mentions in ``documents`` to a new entity called ``name`` (two namesakes the
        resolver took for one), now and after every re-ingest. Needs the token."""
        change, new_id = curation.split(request.app.state.database, type_, entity_id, body.documents, body.name,
                                        author=author, reason=body.reason, evidence=body.evidence_items())
        return {**change.to_dict(), "source": change.target_key, "target": change.other_key, "entity_id": new_id}


for _type in RESOURCES:
    _add(_type)
