"""``/api/search``: one query over every name and script; entities first, then ranked documents with
snippets, a monthly timeline of their events, facets; ``/api/search.csv`` / ``.json`` of the documents."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import StreamingResponse

from pactgraph.api.caching import JSONBody
from pactgraph.api.deps import Conn
from pactgraph.api.params import search_filters
from pactgraph.store import fts, queries
from pactgraph.store.queries import Filters

router = APIRouter(tags=["search"])
EXPORT_LIMIT = 5000
CSV_COLUMNS = ("type", "id", "name", "date", "language", "matched", "score", "snippet", "url")

Q = Annotated[str, Query(max_length=300, description="Words or a name, English or Chinese ('' lists by filters)")]


def _result(conn: Any, q: str, f: Filters, type_: str | None, limit: int, offset: int) -> dict[str, Any]:
    if q.strip():
        data = queries.search_results(conn, q, f, limit=limit, offset=offset).to_dict()
    else:  # no words: the documents the filters select, newest first
        data = {"query": q, "entities": [], "timeline": [], "facets": {}, "filters": f.active()}
        page = queries.page(conn, queries.table("documents"), Filters(**{**f.__dict__, "status": "ok"}),
                            per_page=limit, page=1 + offset // max(1, limit))
        data["documents"] = [{"type": "document", "id": d["id"], "name": d["title"] or d["id"], "date": d["doc_date"],
                              "url": d["url"], "language": d["language"], "snippet": None} for d in page["items"]]
        data["total_documents"] = page["total"]
    entities = [e for e in data["entities"] if type_ in (None, e["type"])]
    documents = data["documents"] if type_ in (None, "document") else []
    return {**data, "entities": entities, "documents": documents, "items": entities + documents,
            "total": len(entities) + (data["total_documents"] if type_ in (None, "document") else 0),
            "marks": [fts.MARK_START, fts.MARK_END]}


@router.get("/search", summary="Search entities and documents", response_class=JSONBody)
def search(conn: Conn, q: Q, f: Annotated[Filters, Depends(search_filters)],
           type: Annotated[Literal["document", "org", "person", "place"] | None, Query()] = None,
           limit: Annotated[int, Query(ge=1, le=200)] = 50,
           offset: Annotated[int, Query(ge=0, le=10000)] = 0) -> JSONBody:
    """``entities``: organizations, people and places under any of their names and scripts (华能 / Huaneng /
    China Huaneng Group, traditional or simplified, pinyin of people). ``documents``: ranked (FTS5 bm25 /
    PostgreSQL ts_rank fused with the documents naming a matching entity), each with a ``snippet`` whose
    matched words stand between the two ``marks`` characters; page boilerplate is not searched.
    ``timeline``: the matching documents' events per month. ``items``: entities then documents. The
    filters restrict documents (sector: ``sector``; ``field`` is not a parameter here)."""
    return JSONBody(_result(conn, q, f, type, limit, offset))


def _export(request: Request, q: str, f: Filters, fmt: str) -> StreamingResponse:
    database = request.app.state.database
    f.validate("documents")

    def stream() -> Iterator[bytes]:
        with database.engine.connect() as conn:
            data = _result(conn, q, f, None, EXPORT_LIMIT, 0)
        items = data["items"]
        if fmt == "csv":
            buffer = io.StringIO()
            writer = csv.writer(buffer)
            writer.writerow(CSV_COLUMNS)
            for item in items:
                row = [item.get(c) for c in CSV_COLUMNS]
                row = [("" if v is None else str(v).replace(fts.MARK_START, "").replace(fts.MARK_END, ""))
                       for v in row]
                writer.writerow(row)
            yield buffer.getvalue().encode("utf-8")
        else:
            yield json.dumps(items, ensure_ascii=False, default=str).encode("utf-8")

    media = "text/csv; charset=utf-8" if fmt == "csv" else "application/json"
    headers = {"content-disposition": 'attachment; filename="search.csv"'} if fmt == "csv" else {}
    return StreamingResponse(stream(), media_type=media, headers=headers)


@router.get("/search.csv", summary="Search results as CSV")
def search_csv(request: Request, q: Q, f: Annotated[Filters, Depends(search_filters)]) -> StreamingResponse:
    """The entities and the ranked documents (up to 5,000) of a search, as CSV (snippets without marks)."""
    return _export(request, q, f, "csv")


@router.get("/search.json", summary="Search results as JSON")
def search_json(request: Request, q: Q, f: Annotated[Filters, Depends(search_filters)]) -> StreamingResponse:
    """The ``items`` of a search (up to 5,000 documents), as one JSON array."""
    return _export(request, q, f, "json")
