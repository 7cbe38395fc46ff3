"""``/api/organizations``, ``/api/people``, ``/api/places``: lists, profiles, merges and splits."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request

from pactgraph.api import curation, queries
from pactgraph.api.deps import Author, Conn, Paging
from pactgraph.api.errors import ApiError
from pactgraph.api.schemas import MergeIn, SplitIn
from pactgraph.store import corrections
from pactgraph.store import queries as store_queries

router = APIRouter()

RESOURCES = {"org": ("organizations", "organization"), "person": ("people", "person"),
             "place": ("places", "place")}
PROFILES = {"org": store_queries.show_org, "person": store_queries.show_person, "place": store_queries.show_place}


def profile(request: Request, conn: Any, type_: str, entity_id: int) -> dict[str, Any]:
    """The store's profile of an entity plus the documents naming it and its corrections."""
    brief = queries.entity_brief(conn, entity_id)
    if brief is None or brief["type"] != type_:
        raise ApiError(404, f"no {RESOURCES[type_][1]} {entity_id}")
    data = PROFILES[type_](str(entity_id), request.app.state.database).to_dict()
    data["key"] = brief["key"]
    data["merged_into"] = queries.merged_into(conn, entity_id)
    data["documents"] = queries.entity_documents(conn, entity_id)
    merged = corrections.merged_from(conn, brief["key"])
    if merged:  # the names of entities merged into this one are its names too
        data["names"] += [n for n in corrections.names_of(conn, merged) if n not in data["names"]]
    data["merged_from"] = merged
    data["corrections"] = corrections.as_dicts(corrections.entity_timeline(conn, brief["key"]))
    for event in data.get("events", []):
        docs = event.get("documents") or []
        if docs:
            idx = conn.execute(queries.select(queries.EV.c.idx).where(queries.EV.c.id == event["id"])).scalar()
            event["ref"] = queries.event_ref(docs[0], idx if idx is not None else 0)
    return data


def _add(type_: str) -> None:
    plural, singular = RESOURCES[type_]
    tag = [plural]

    @router.get(f"/{plural}", summary=f"List {plural}", tags=tag, name=f"list_{plural}")
    def list_(conn: Conn, paging: Paging,
              q: Annotated[str | None, Query(max_length=300, description="Name or alias contains")] = None,
              kind: Annotated[str | None, Query(max_length=16, description="Kind (company, government ...; "
                                                                          "places: province, prefecture ...)")] = None,
              province: Annotated[str | None, Query(max_length=50)] = None) -> dict[str, Any]:
        items, total = queries.list_entities(conn, type_, q=q, kind=kind, province=province,
                                             limit=paging.per_page, offset=paging.offset)
        return paging.wrap(items, total)

    list_.__doc__ = f"{plural.capitalize()} named in at least one document, most documents first."

    @router.get(f"/{plural}/{{entity_id}}", summary=f"One {singular}", tags=tag, name=f"get_{singular}")
    def get(entity_id: int, request: Request, conn: Conn) -> dict[str, Any]:
        return profile(request, conn, type_, entity_id)

    get.__doc__ = {"org": "Names, group, events in time order, partners with counts, people with titles over "
                          "time, documents, corrections (``merged_into`` when merged by a reviewer).",
                   "person": "Titles over time (title, organization, first and last seen), events, "
                             "organizations, namesakes, documents, corrections.",
                   "place": "Events there or with its governments, partners, officials with titles."}[type_]
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
