"""Parameters shared by several routes."""

from __future__ import annotations

from typing import Annotated

from fastapi import Query

from pactgraph.api.queries import EventFilter
from pactgraph.record import EventType


def event_filter(
    type: Annotated[EventType | None, Query(description="Event type")] = None,
    since: Annotated[str | None, Query(description="From this date (YYYY, YYYY-MM or YYYY-MM-DD)",
                                       max_length=10)] = None,
    until: Annotated[str | None, Query(description="Up to this date", max_length=10)] = None,
    province: Annotated[str | None, Query(description="Province, English or Chinese", max_length=50)] = None,
    sector: Annotated[str | None, Query(description="Sector code (taxonomy fields)", max_length=64)] = None,
    org: Annotated[str | None, Query(description="Organization (id, name or alias); subsidiaries included",
                                     max_length=300)] = None,
    person: Annotated[str | None, Query(description="Person (id or name)", max_length=200)] = None,
    place: Annotated[str | None, Query(description="Place (id or name): events there or with its governments",
                                       max_length=200)] = None,
    q: Annotated[str | None, Query(description="Full-text search, English or Chinese", max_length=300)] = None,
) -> EventFilter:
    return EventFilter(type=type, since=since, until=until, province=province, sector=sector, org=org,
                       person=person, place=place, q=q)
