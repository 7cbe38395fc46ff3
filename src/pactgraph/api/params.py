"""Query parameters shared by the API routes and the web pages: the filters of every table."""

from __future__ import annotations

from typing import Annotated

from fastapi import Query

from pactgraph.record import EventType, Language
from pactgraph.store.queries import Filters


def filters(
    q: Annotated[str | None, Query(description="Full-text search (English or Chinese); entity lists: name or "
                                   "alias contains", max_length=300)] = None,
    type: Annotated[EventType | None, Query(description="Event type")] = None,
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
    return Filters(q=q, type=type, since=since, until=until, year=year, province=province, sector=sector,
                   policy=policy, org=org, person=person, place=place, kind=kind, language=language,
                   confidence=confidence, min_confidence=min_confidence, reviewed=reviewed, status=status)
