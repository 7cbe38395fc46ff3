"""The read queries of the API and the web pages live in :mod:`pactgraph.store.queries` (one query layer
under the API, the web pages and the CLI); this module keeps the names the curation code imports."""

from __future__ import annotations

from sqlalchemy import select

from pactgraph.record import AGREEMENT_KINDS, EVENT_TYPES, ROLE_ORDER
from pactgraph.store.provinces import province_code, provinces
from pactgraph.store.queries import (
    EventFilter,
    Filters,
    data_version,
    dumps,
    entity_brief,
    entity_documents,
    event_ref,
    events_per_province,
    get_document,
    get_event,
    merged_into,
    stats,
    taxonomy,
)
from pactgraph.store.queries.common import EV

ROLES: tuple[str, ...] = ROLE_ORDER

__all__ = ["AGREEMENT_KINDS", "EV", "EVENT_TYPES", "ROLES", "EventFilter", "Filters", "data_version", "dumps",
           "entity_brief", "entity_documents", "event_ref", "events_per_province", "get_document", "get_event",
           "merged_into", "province_code", "provinces", "select", "stats", "taxonomy"]
