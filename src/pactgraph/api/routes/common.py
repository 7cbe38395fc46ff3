"""Parameters shared by the routes: the filters of every table, sorting and keyset pages, and the streamed
CSV / JSON of a table's filtered rows."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from typing import Annotated, Any

from fastapi import Depends, Query, Request
from fastapi.responses import StreamingResponse

from pactgraph.api.caching import JSONBody, cached
from pactgraph.api.deps import Conn, Paging
from pactgraph.api.params import filters
from pactgraph.store import queries
from pactgraph.store.queries import Filters

EventFilter = Filters
event_filter = filters
"""The former names."""


Sort = Annotated[str | None, Query(max_length=32, description="Column to sort by, prefixed with - for "
                                   "descending (events: date, type, kind, title, place, province, language, "
                                   "confidence, document; entities: documents, name, kind, province, id; "
                                   "documents: date, title, language, status, id)")]
After = Annotated[str | None, Query(max_length=400, description="Cursor: the 'next' of the previous page")]
TableFilters = Annotated[Filters, Depends(filters)]


def table_page(request: Request, conn: Any, name: str, f: Filters, *, sort: str | None, after: str | None,
               page: int, per_page: int, with_facets: bool) -> dict[str, Any]:
    """A table page as the API answers it, with links to the next page and to the CSV/JSON of the view."""
    from urllib.parse import urlencode

    table = queries.table(name)
    data = queries.page(conn, table, f, sort=sort, after=after, page=page, per_page=per_page)
    if with_facets:
        data["facets"] = queries.facets(conn, table, f)
    params = {**f.active(), **({"sort": sort} if sort else {})}
    base = request.url.path.rstrip("/")
    data["links"] = {"csv": f"{base}.csv?{urlencode(params)}", "json": f"{base}.json?{urlencode(params)}",
                     "next": f"{base}?{urlencode({**params, 'after': data['next'], 'per_page': per_page})}"
                     if data["next"] else None}
    return data


def export_response(request: Request, name: str, f: Filters, sort: str | None, fmt: str) -> StreamingResponse:
    """The filtered rows of a table, streamed a batch at a time (never built in memory)."""
    database = request.app.state.database
    table = queries.table(name)
    f.validate(name)  # check the filters and sort before the first byte
    table.order(sort)

    def stream() -> Iterator[bytes]:
        with database.engine.connect() as conn:
            if fmt == "csv":
                buffer = io.StringIO()
                writer = csv.writer(buffer)
                writer.writerow(queries.csv_header(table))
                for n, item in enumerate(queries.rows(conn, table, f, sort=sort)):
                    writer.writerow(queries.csv_row(table, item))
                    if n % 200 == 199:
                        yield buffer.getvalue().encode("utf-8")
                        buffer.seek(0)
                        buffer.truncate()
                yield buffer.getvalue().encode("utf-8")
            elif fmt == "jsonl":
                for item in queries.rows(conn, table, f, sort=sort):
                    yield (json.dumps(item, ensure_ascii=False, default=str) + "\n").encode("utf-8")
            else:
                yield b"["
                for n, item in enumerate(queries.rows(conn, table, f, sort=sort)):
                    yield ((b"," if n else b"") + json.dumps(item, ensure_ascii=False, default=str).encode("utf-8"))
                yield b"]"

    media = {"csv": "text/csv; charset=utf-8", "jsonl": "application/x-ndjson", "json": "application/json"}[fmt]
    headers = {"content-disposition": f'attachment; filename="{name}.{fmt}"'} if fmt == "csv" else {}
    return StreamingResponse(stream(), media_type=media, headers=headers)


def add_table_routes(router: Any, path: str, name: str, tag: str, doc: str) -> None:
    """``GET {path}`` (a page, ``facets=true`` for counts), ``GET {path}/facets`` and ``GET {path}.csv`` /
    ``.json`` / ``.jsonl`` (the same filtered rows, streamed) for one table."""
    def list_(request: Request, conn: Conn, paging: Paging, f: TableFilters,
              sort: Sort = None, after: After = None,
              facets: Annotated[bool, Query(description="Add counts per facet value")] = False) -> JSONBody:
        return JSONBody(table_page(request, conn, name, f, sort=sort, after=after, page=paging.page,
                                   per_page=paging.per_page, with_facets=facets))

    list_.__doc__ = doc
    router.add_api_route(path, list_, methods=["GET"], summary=f"List {name}", tags=[tag], name=f"list_{name}",
                         response_class=JSONBody)

    def facets_(request: Request, conn: Conn, f: TableFilters) -> JSONBody:
        key = ("facets", name, tuple(sorted(f.active().items())))
        data = cached(request, conn, key, lambda: queries.facets(conn, queries.table(name), f))
        return JSONBody({"facets": data, "filters": f.active()})

    facets_.__doc__ = f"Counts of the filtered {name} per value of each facet."
    router.add_api_route(f"{path}/facets", facets_, methods=["GET"], summary=f"Facets of {name}", tags=[tag],
                         name=f"facets_{name}", response_class=JSONBody)

    for fmt in ("csv", "json", "jsonl"):
        def export(request: Request, f: TableFilters, sort: Sort = None,
                   _fmt: str = fmt) -> StreamingResponse:
            request.app.state.curation.check()
            return export_response(request, name, f, sort, _fmt)

        export.__doc__ = f"Every filtered row of {name} as {fmt.upper()}, streamed (same filters and sort as the list)."
        router.add_api_route(f"{path}.{fmt}", export, methods=["GET"], summary=f"Export {name} ({fmt})",
                             tags=[tag], name=f"export_{name}_{fmt}", response_class=StreamingResponse)
