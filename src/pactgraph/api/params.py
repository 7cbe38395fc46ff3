"""Query parameters shared by the API routes and the web pages: the filters of every table."""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated

from fastapi import Depends, Query

from pactgraph.record import EventType, Language
from pactgraph.store.queries import Filters


def filters_but_type(
    q: Annotated[str | None, Query(description="Full-text search (English or Chinese); entity lists: name or "
                                   "alias contains", max_length=300)] = None,
    since: Annotated[str | None, Query(description="From this date (YYYY, YYYY-MM or YYYY-MM-DD)",
                                       max_length=10)] = None,
    until: Annotated[str | None, Query(description="Up to this date", max_length=10)] = None,
    year: Annotated[str | None, Query(description="One year (YYYY)", max_length=4)] = None,
    province: Annotated[str | None, Query(description="Province: code, English or Chinese name",
                                          max_length=50)] = None,
    sector: Annotated[str | None, Query(description="Sector code (taxonomy fields)", max_length=64)] = None,
    policy: Annotated[str | None, Query(description="Policy code (taxonomy policies)", max_length=64)] = None,
    org: Annotated[str | None, Query(description="Organization (id, name or alias); subsidiaries included",
                                     max_length=300)] = None,
    person: Annotated[str | None, Query(description="Person (id or name)", max_length=200)] = None,
    place: Annotated[str | None, Query(description="Place (id or name): events there or with its governments",
                                       max_length=200)] = None,
    kind: Annotated[str | None, Query(description="Organization kind (events: of a party); places: level",
                                      max_length=16)] = None,
    language: Annotated[Language | None, Query(description="Document language")] = None,
    confidence: Annotated[str | None, Query(description="Confidence band: high, medium, low, unknown",
                                            max_length=8)] = None,
    min_confidence: Annotated[float | None, Query(ge=0, le=1, description="Only facts at least this sure "
                                                  "(unknown confidence excluded)")] = None,
    reviewed: Annotated[bool | None, Query(description="Reviewed by a curator (corrected) or not")] = None,
    status: Annotated[str | None, Query(description="Documents: ok or error", pattern="^(ok|error)$")] = None,
) -> Filters:
    return Filters(q=q, since=since, until=until, year=year, province=province, sector=sector,
                   policy=policy, org=org, person=person, place=place, kind=kind, language=language,
                   confidence=confidence, min_confidence=min_confidence, reviewed=reviewed, status=status)


def filters(f: Annotated[Filters, Depends(filters_but_type)],
            type: Annotated[EventType | None, Query(description="Event type")] = None) -> Filters:
    """The filters of a table (``type``: the event type)."""
    return replace(f, type=type) if type else f


def search_filters(f: Annotated[Filters, Depends(filters_but_type)],
                   event_type: Annotated[EventType | None, Query(description="Documents with an event of this "
                                                                 "type")] = None) -> Filters:
    """The filters of a search: there ``type`` is the kind of hit, so the event type is ``event_type``."""
    return replace(f, type=event_type) if event_type else f


def search_params(f: Filters) -> dict[str, object]:
    """The query parameters of a search's filters (the inverse of :func:`search_filters`)."""
    params = f.active()
    if "type" in params:
        params["event_type"] = params.pop("type")
    return params
