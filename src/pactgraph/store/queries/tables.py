"""Every list as a table: sortable columns, keyset pages, facets with counts, and the same rows streamed
for CSV/JSON exports. One implementation under the API, the web pages and ``pactgraph export``.

A page is ``ORDER BY <sort expression>, <id>`` with ``WHERE (<sort>, <id>) < (<last row>)``: the cursor
(``after``) is the last row's key, so page 2,000 costs what page 1 does. Sort expressions are the
indexed ones (``coalesce(sort_date, '')`` ...), never a whole-table sort in Python.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, case, func, literal_column, select, tuple_

from pactgraph.store.db import StoreError
from pactgraph.store.provinces import provinces
from pactgraph.store.queries import links
from pactgraph.store.queries.common import DP, EF, EP, EV, MN, D, E, band_of, taxonomy
from pactgraph.store.queries.filters import (
    C,
    Filters,
    document_conditions,
    entity_conditions,
    event_conditions,
    reviewed_event,
)

EMPTY = literal_column("''")


@dataclass
class Table:
    """One list: its FROM clause, selected columns, sort keys, filters, facets and CSV columns."""

    name: str
    base: Any
    key: Any
    """The unique tie-breaking column (keyset pagination)."""
    select: list[Any]
    sorts: dict[str, Any]
    default_sort: str
    where: Callable[[Connection, Filters], list[Any] | None]
    attach: Callable[[Connection, list[dict[str, Any]]], None]
    csv: list[tuple[str, Callable[[dict[str, Any]], Any]]]
    facets: dict[str, Callable[[Connection, Any, list[Any]], list[dict[str, Any]]]] = field(default_factory=dict)

    def order(self, sort: str | None) -> tuple[Any, bool, str]:
        name = sort or self.default_sort
        desc = name.startswith("-")
        key = name.lstrip("-")
        if key not in self.sorts:
            raise StoreError(f"cannot sort {self.name} by {key!r}: use one of {', '.join(self.sorts)} "
                             "(prefix - for descending)")
        return self.sorts[key], desc, ("-" if desc else "") + key


# -- cursors ----------------------------------------------------------------
def encode_cursor(values: list[Any]) -> str:
    raw = json.dumps(values, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def decode_cursor(cursor: str) -> list[Any]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        values = json.loads(raw)
        if isinstance(values, list) and len(values) == 2:
            return values
    except (ValueError, UnicodeDecodeError):
        pass
    raise StoreError(f"not a page cursor: {cursor!r} (use the 'next' value of a previous page)")


# -- pages and streams --------------------------------------------------------
def _statement(table: Table, where: list[Any], sort: str | None, after: str | None) -> tuple[Any, Any, str]:
    expr, desc, sort_name = table.order(sort)
    stmt = select(*table.select, expr.label("_sort")).select_from(table.base).where(*where)
    if after:
        value, last = decode_cursor(after)
        key = tuple_(expr, table.key)
        stmt = stmt.where(key < tuple_(value, last) if desc else key > tuple_(value, last))
    stmt = stmt.order_by(expr.desc(), table.key.desc()) if desc else stmt.order_by(expr.asc(), table.key.asc())
    return stmt, expr, sort_name


def _cursor(row: dict[str, Any], table: Table) -> str:
    return encode_cursor([row["_sort"], row[table.key.name]])


def page(conn: Connection, table: Table, filters: Filters, *, sort: str | None = None, after: str | None = None,
         page: int = 1, per_page: int = 50, total: bool = True) -> dict[str, Any]:
    """One page of a table: ``items``, ``total``, ``next`` (cursor of the next page, or None), ``sort``.

    ``after`` (a cursor) pages by key; without it ``page`` counts from the start (small page numbers).
    """
    where = table.where(conn, filters)
    stmt = None
    sort_name = table.order(sort)[2]
    if where is not None:
        stmt, _, sort_name = _statement(table, where, sort, after)
        if not after and page > 1:
            stmt = stmt.offset((page - 1) * per_page)
    items: list[dict[str, Any]] = []
    if stmt is not None:
        items = [dict(r) for r in conn.execute(stmt.limit(per_page + 1)).mappings()]
    more = len(items) > per_page
    items = items[:per_page]
    next_cursor = _cursor(items[-1], table) if more and items else None
    for item in items:
        item.pop("_sort", None)
    table.attach(conn, items)
    count = None
    if total:
        count = 0 if where is None else conn.execute(
            select(func.count()).select_from(table.base).where(*where)).scalar_one()
    pages = max(1, -(-(count or 0) // per_page)) if count is not None else None
    return {"items": items, "total": count, "page": page if not after else None, "per_page": per_page,
            "pages": pages, "next": next_cursor, "sort": sort_name, "filters": filters.active()}


def rows(conn: Connection, table: Table, filters: Filters, *, sort: str | None = None,
         batch: int = 500, limit: int | None = None) -> Iterator[dict[str, Any]]:
    """Every row of a filtered table, in order, fetched a batch at a time by key (streamed exports)."""
    where = table.where(conn, filters)
    if where is None:
        return
    after: str | None = None
    sent = 0
    while True:
        size = batch if limit is None else min(batch, limit - sent)
        if size <= 0:
            return
        stmt, _, _ = _statement(table, where, sort, after)
        chunk = [dict(r) for r in conn.execute(stmt.limit(size)).mappings()]
        if not chunk:
            return
        after = _cursor(chunk[-1], table)
        for item in chunk:
            item.pop("_sort", None)
        table.attach(conn, chunk)
        yield from chunk
        sent += len(chunk)
        if len(chunk) < size:
            return


def csv_header(table: Table) -> list[str]:
    return [name for name, _ in table.csv]


def csv_row(table: Table, item: dict[str, Any]) -> list[Any]:
    out = []
    for _, get in table.csv:
        value = get(item)
        out.append("" if value is None else value)
    return out


def facets(conn: Connection, table: Table, filters: Filters, names: list[str] | None = None) -> dict[str, Any]:
    """Counts per value of each facet over the filtered rows: ``{facet: [{value, label, count}]}``."""
    where = table.where(conn, filters)
    out: dict[str, Any] = {}
    for name, compute in table.facets.items():
        if names and name not in names:
            continue
        out[name] = [] if where is None else compute(conn, table.base, where)
    return out


def _group(conn: Connection, base: Any, where: list[Any], value: Any, count_of: Any,
           label: Callable[[Any], str] | None = None, order: str = "count", limit: int = 40) -> list[dict[str, Any]]:
    stmt = (select(value.label("v"), func.count(count_of.distinct()).label("n")).select_from(base).where(*where)
            .group_by(value))
    got = [(r.v, r.n) for r in conn.execute(stmt) if r.v is not None]
    if order == "value":
        got.sort(key=lambda x: str(x[0]), reverse=True)
    else:
        got.sort(key=lambda x: (-x[1], str(x[0])))
    return [{"value": v, "label": label(v) if label else str(v), "count": n} for v, n in got[:limit]]


def _yes_no(value: Any) -> str:
    return "reviewed" if value in (1, True, "yes") else "not reviewed"


def _band_expr(col: Any) -> Any:
    return case((col.is_(None), "unknown"), (col >= 0.8, "high"), (col >= 0.5, "medium"), else_="low")


def _province_label(code: Any) -> str:
    prov = provinces().get(str(code))
    return f"{prov['en']} {prov['zh']}" if prov else str(code)


def _sector_label(code: Any) -> str:
    return taxonomy()["fields"].get(code, {}).get("en", code)


def _policy_label(code: Any) -> str:
    return taxonomy()["policies"].get(code, {}).get("en", code)


def _yes_no_value(value: Any) -> str:
    return "yes" if value in (1, True) else "no"


# -- events -------------------------------------------------------------------
def _event_facets() -> dict[str, Callable[[Connection, Any, list[Any]], list[dict[str, Any]]]]:
    kind_party = E.alias("facet_party")

    def year(conn: Connection, base: Any, where: list[Any]) -> list[dict[str, Any]]:
        return _group(conn, base, where, func.substr(EV.c.sort_date, 1, 4), EV.c.id, order="value")

    def reviewed(conn: Connection, base: Any, where: list[Any]) -> list[dict[str, Any]]:
        got = _group(conn, base, where, case((reviewed_event(), 1), else_=0), EV.c.id)
        return [{**g, "value": _yes_no_value(g["value"]), "label": _yes_no(g["value"])} for g in got]

    return {
        "type": lambda c, b, w: _group(c, b, w, EV.c.type, EV.c.id),
        "year": year,
        "province": lambda c, b, w: _group(c, b, w, EV.c.province_code, EV.c.id, _province_label),
        "sector": lambda c, b, w: _group(c, b.join(EF, EF.c.event_id == EV.c.id), w, EF.c.field, EV.c.id,
                                         _sector_label),
        "policy": lambda c, b, w: _group(c, b.join(DP, DP.c.document_id == EV.c.document_id), w, DP.c.policy,
                                         EV.c.id, _policy_label),
        "kind": lambda c, b, w: _group(c, b.join(EP, EP.c.event_id == EV.c.id)
                                       .join(kind_party, kind_party.c.id == EP.c.entity_id), w, kind_party.c.kind,
                                       EV.c.id),
        "language": lambda c, b, w: _group(c, b, w, D.c.language, EV.c.id),
        "confidence": lambda c, b, w: _group(c, b, w, _band_expr(EV.c.confidence), EV.c.id),
        "reviewed": reviewed,
    }


def _names(items: list[dict[str, Any]]) -> str:
    return "; ".join(p["name"] for p in items)


EVENTS = Table(
    name="events",
    base=EV.join(D, D.c.id == EV.c.document_id),
    key=EV.c.id,
    select=[EV.c.id, EV.c.document_id, EV.c.idx, EV.c.type, EV.c.agreement_kind, EV.c.date, EV.c.sort_date,
            EV.c.place_id, EV.c.place_name, EV.c.place_confidence, EV.c.province_code, EV.c.story_id, EV.c.cameo,
            EV.c.plover, EV.c.confidence, D.c.title, D.c.language, D.c.url],
    sorts={"date": func.coalesce(EV.c.sort_date, EMPTY), "type": EV.c.type,
           "kind": func.coalesce(EV.c.agreement_kind, EMPTY), "title": func.coalesce(D.c.title, EMPTY),
           "place": func.coalesce(EV.c.place_name, EMPTY), "province": func.coalesce(EV.c.province_code, EMPTY),
           "language": func.coalesce(D.c.language, EMPTY), "confidence": func.coalesce(EV.c.confidence, -1.0),
           "document": EV.c.document_id},
    default_sort="-date",
    where=event_conditions,
    attach=links.attach_event_links,
    csv=[("ref", lambda r: r["ref"]), ("date", lambda r: r["sort_date"]), ("date_as_written", lambda r: r["date"]),
         ("type", lambda r: r["type"]), ("agreement_kind", lambda r: r["agreement_kind"]),
         ("title", lambda r: r["title"]), ("parties", lambda r: _names(r["parties"])),
         ("participants", lambda r: "; ".join(f"{p['name']} ({p['role']})" for p in r["participants"])),
         ("place", lambda r: r["place_name"]), ("province", lambda r: r["province"]),
         ("sectors", lambda r: "; ".join(r["fields"])), ("language", lambda r: r["language"]),
         ("confidence", lambda r: r["confidence"]), ("confidence_band", lambda r: r["confidence_band"]),
         ("reviewed", lambda r: "yes" if r["reviewed"] else "no"), ("cameo", lambda r: r["cameo"]),
         ("plover", lambda r: r["plover"]), ("document_id", lambda r: r["document_id"]), ("url", lambda r: r["url"])],
    facets=_event_facets(),
)


# -- documents ----------------------------------------------------------------
def _document_facets() -> dict[str, Callable[[Connection, Any, list[Any]], list[dict[str, Any]]]]:
    def reviewed(conn: Connection, base: Any, where: list[Any]) -> list[dict[str, Any]]:
        from sqlalchemy import exists

        got = _group(conn, base, where, case((exists().where(C.c.document_id == D.c.id), 1), else_=0), D.c.id)
        return [{**g, "value": _yes_no_value(g["value"]), "label": _yes_no(g["value"])} for g in got]

    return {
        "language": lambda c, b, w: _group(c, b, w, D.c.language, D.c.id),
        "status": lambda c, b, w: _group(c, b, w, D.c.status, D.c.id),
        "year": lambda c, b, w: _group(c, b, w, func.substr(D.c.doc_date, 1, 4), D.c.id, order="value"),
        "policy": lambda c, b, w: _group(c, b.join(DP, DP.c.document_id == D.c.id), w, DP.c.policy, D.c.id,
                                         _policy_label),
        "reviewed": reviewed,
    }


DOCUMENTS = Table(
    name="documents",
    base=D,
    key=D.c.id,
    select=[D.c.id, D.c.title, D.c.url, D.c.published, D.c.language, D.c.status, D.c.error_code, D.c.error_message,
            D.c.doc_date, D.c.story_id],
    sorts={"date": func.coalesce(D.c.doc_date, EMPTY), "title": func.coalesce(D.c.title, EMPTY),
           "language": func.coalesce(D.c.language, EMPTY), "status": D.c.status, "id": D.c.id},
    default_sort="-date",
    where=document_conditions,
    attach=links.attach_document_counts,
    csv=[("id", lambda r: r["id"]), ("date", lambda r: r["doc_date"]), ("title", lambda r: r["title"]),
         ("language", lambda r: r["language"]), ("status", lambda r: r["status"]),
         ("events", lambda r: r["n_events"]), ("error_code", lambda r: r["error_code"]),
         ("published", lambda r: r["published"]), ("url", lambda r: r["url"])],
    facets=_document_facets(),
)


# -- entities -----------------------------------------------------------------
def _entity_facets(type_: str) -> dict[str, Callable[[Connection, Any, list[Any]], list[dict[str, Any]]]]:
    def reviewed(conn: Connection, base: Any, where: list[Any]) -> list[dict[str, Any]]:
        from sqlalchemy import exists

        got = _group(conn, base, where, case((exists().where(C.c.target_key == E.c.key), 1), else_=0), E.c.id)
        return [{**g, "value": _yes_no_value(g["value"]), "label": _yes_no(g["value"])} for g in got]

    def confidence(conn: Connection, base: Any, where: list[Any]) -> list[dict[str, Any]]:
        best = select(func.max(MN.c.confidence)).where(MN.c.entity_id == E.c.id).scalar_subquery()
        return _group(conn, base, where, _band_expr(best), E.c.id)

    out: dict[str, Callable[[Connection, Any, list[Any]], list[dict[str, Any]]]] = {}
    if type_ != "person":
        out["kind"] = lambda c, b, w: _group(c, b, w, E.c.kind, E.c.id)
    out["province"] = lambda c, b, w: _group(c, b, w, E.c.province, E.c.id)
    out["confidence"] = confidence
    if type_ != "place":
        out["reviewed"] = reviewed
    return out


def _entity_table(type_: str, name: str) -> Table:
    return Table(
        name=name,
        base=E,
        key=E.c.id,
        select=[E.c.id, E.c.type, E.c.key, E.c.name, E.c.name_en, E.c.name_zh, E.c.kind, E.c.province,
                E.c.province_zh, E.c.code, E.c.n_documents, E.c.parent_id, E.c.lat, E.c.lon, E.c.kb_id],
        sorts={"documents": E.c.n_documents, "name": E.c.name, "kind": func.coalesce(E.c.kind, EMPTY),
               "province": func.coalesce(E.c.province, EMPTY), "id": E.c.id},
        default_sort="-documents",
        where=lambda conn, f: entity_conditions(conn, type_, f),
        attach=lambda conn, items: links.attach_entity_counts(conn, type_, items),
        csv=[("id", lambda r: r["id"]), ("name", lambda r: r["name"]), ("name_en", lambda r: r["name_en"]),
             ("name_zh", lambda r: r["name_zh"]), ("kind", lambda r: r["kind"]),
             ("province", lambda r: r["province"]), ("documents", lambda r: r["n_documents"]),
             ("events", lambda r: r["n_events"]), ("confidence", lambda r: r["confidence"]),
             ("reviewed", lambda r: "yes" if r["reviewed"] else "no"), ("code", lambda r: r["code"]),
             ("lat", lambda r: r["lat"]), ("lon", lambda r: r["lon"]), ("kb_id", lambda r: r["kb_id"])],
        facets=_entity_facets(type_),
    )


ORGANIZATIONS = _entity_table("org", "organizations")
PEOPLE = _entity_table("person", "people")
PLACES = _entity_table("place", "places")

TABLES: dict[str, Table] = {t.name: t for t in (EVENTS, DOCUMENTS, ORGANIZATIONS, PEOPLE, PLACES)}
"""The tables by name (``search`` results are a table too: :mod:`pactgraph.store.queries.search`)."""
ENTITY_TABLES = {"org": ORGANIZATIONS, "person": PEOPLE, "place": PLACES}


def table(name: str) -> Table:
    if name not in TABLES:
        raise StoreError(f"unknown table {name!r}: use one of {', '.join(TABLES)}, search")
    return TABLES[name]


__all__ = ["DOCUMENTS", "EVENTS", "ORGANIZATIONS", "PEOPLE", "PLACES", "TABLES", "Table", "band_of", "csv_header",
           "csv_row", "decode_cursor", "encode_cursor", "facets", "page", "rows", "table"]
