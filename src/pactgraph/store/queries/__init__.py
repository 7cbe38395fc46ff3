"""The query layer: every table, facet, profile, search, relation and export row is a function here,
called alike by the API routes, the web pages and the CLI.

- :mod:`.filters`: :class:`Filters`, the one filter of every view, and its SQL conditions;
- :mod:`.tables`: lists as tables (sort, keyset pages, facets, streamed rows for CSV/JSON);
- :mod:`.search`: cross-lingual ranked search with snippets, entities first, a monthly timeline;
- :mod:`.profiles`: organizations, people, places, with history and confidence;
- :mod:`.relations`: the co-signatory network (stable layout) and what connects two entities;
- :mod:`.geo`: events per province and per located place; :mod:`.stats`: the dashboard, the data version;
- :mod:`.records`: one document, one event; :mod:`.entities`: small facts of one entity.
"""

from __future__ import annotations

from pactgraph.store.queries.common import (
    CONFIDENCE_BANDS,
    LOW_CONFIDENCE,
    Ambiguous,
    band_of,
    candidates,
    dumps,
    find_entity,
    taxonomy,
)
from pactgraph.store.queries.entities import entity_brief, entity_documents, merged_into
from pactgraph.store.queries.filters import EventFilter, Filters, event_conditions
from pactgraph.store.queries.geo import event_points, events_per_province
from pactgraph.store.queries.links import event_ref
from pactgraph.store.queries.profiles import (
    EventSummary,
    Profile,
    TitleSpan,
    entity_page,
    profile,
    show_org,
    show_person,
    show_place,
)
from pactgraph.store.queries.records import get_document, get_event
from pactgraph.store.queries.relations import connects, network
from pactgraph.store.queries.search import SEARCH_TYPES, SearchHit, SearchResults, search, search_results
from pactgraph.store.queries.stats import data_version, stats
from pactgraph.store.queries.tables import TABLES, csv_header, csv_row, facets, page, rows, table

__all__ = ["CONFIDENCE_BANDS", "LOW_CONFIDENCE", "SEARCH_TYPES", "TABLES", "Ambiguous", "EventFilter", "EventSummary",
           "Filters", "Profile", "SearchHit", "SearchResults", "TitleSpan", "band_of", "candidates", "connects",
           "csv_header", "csv_row", "data_version", "dumps", "entity_brief", "entity_documents", "entity_page",
           "event_conditions", "event_points", "event_ref", "events_per_province", "facets", "find_entity",
           "get_document", "get_event",
           "merged_into", "network", "page", "profile", "rows", "search", "search_results", "show_org",
           "show_person", "show_place", "stats", "table", "taxonomy"]
