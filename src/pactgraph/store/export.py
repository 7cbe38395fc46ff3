"""``export``: the database as JSON Lines records, CSV/Parquet tables, or a GraphML/GEXF graph.

- ``jsonl``: one record per stored document (its extraction as ``record_json``)
  with ``url``, ``published``, ``story_id``, and on every event its ``cameo``
  and ``plover`` codes and the resolved ``entity_id`` of parties.
- ``csv`` / ``parquet``: one table per entity and link type in a folder:
  organizations, people, places, entity_names, documents, stories, events,
  event_parties, event_participants, event_fields, positions, mentions,
  document_policies.
- ``graphml`` / ``gexf``: the organization-event-person graph (networkx), with
  attributes, ready for Gephi. Syndicated copies of an event are one node.

Reviewers' changes are included by default (records carry the corrected
values, tables and graphs the merged entities, and csv/parquet a ``changes``
table with the history); ``changes=False`` exports what the extraction alone
gives, computed on a throwaway copy (SQLite) or in a transaction that is rolled
back (PostgreSQL), so the database itself is never touched.
"""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, func, select, text

from pactgraph.store import models as T
from pactgraph.store.db import Database, StoreError, open_database

Progress = Callable[[int, int | None], None]
"""``progress(done, total)``."""

FORMATS = ("jsonl", "csv", "parquet", "graphml", "gexf")

TABLES: dict[str, tuple[str, str | None]] = {
    "organizations": ("entities", "type = 'org'"),
    "people": ("entities", "type = 'person'"),
    "places": ("entities", "type = 'place'"),
    "entity_names": ("entity_names", None),
    "documents": ("documents", None),
    "stories": ("stories", None),
    "events": ("events", None),
    "event_parties": ("event_parties", None),
    "event_participants": ("event_participants", None),
    "event_fields": ("event_fields", None),
    "positions": ("positions", None),
    "mentions": ("mentions", None),
    "document_policies": ("document_policies", None),
}
CHANGES_TABLE = ("corrections", None)
"""The reviewers' history, exported as ``changes`` when changes are included."""
"""Exported table -> (database table, row filter: a fixed SQL condition, never user input)."""

_DROP_COLUMNS = {
    "documents": {"text", "record_json", "sketch"},
    "organizations": {"context"},
    "places": {"context"},
}


@dataclass
class ExportReport:
    format: str
    path: str
    files: list[str]
    rows: dict[str, int]

    def to_dict(self) -> dict[str, Any]:
        return {"format": self.format, "path": self.path, "files": self.files, "rows": self.rows}


def default_path(fmt: str) -> str:
    return {
        "jsonl": "pactgraph.jsonl",
        "csv": "pactgraph-csv",
        "parquet": "pactgraph-parquet",
        "graphml": "pactgraph.graphml",
        "gexf": "pactgraph.gexf",
    }[fmt]


TABLE_FORMATS = ("csv", "json", "jsonl")


def export_table(name: str, format: str, out: Any, db: str | os.PathLike[str] | Database | None = None, *,
                 filters: Any = None, sort: str | None = None) -> int:
    """Write the filtered rows of one table (``events``, ``organizations``, ``people``, ``places``,
    ``documents``) to the text stream ``out`` as CSV, a JSON array or JSON Lines, a batch at a time: the
    same rows, columns and order as the API's ``/api/<table>.csv`` / ``.json`` and the web page."""
    from pactgraph.store import queries

    fmt = format.lower()
    if fmt not in TABLE_FORMATS:
        raise StoreError(f"unknown table export format {format!r}: use one of {', '.join(TABLE_FORMATS)}")
    table = queries.table(name)
    f = (filters or queries.Filters()).validate(name)
    table.order(sort)
    database = open_database(db, create=False)
    n = 0
    with database.engine.connect() as conn:
        if fmt == "csv":
            writer = csv.writer(out)
            writer.writerow(queries.csv_header(table))
        elif fmt == "json":
            out.write("[")
        for item in queries.rows(conn, table, f, sort=sort):
            if fmt == "csv":
                writer.writerow(queries.csv_row(table, item))
            else:
                line = json.dumps(item, ensure_ascii=False, default=str)
                out.write(("," if n and fmt == "json" else "") + line + ("\n" if fmt == "jsonl" else ""))
            n += 1
        if fmt == "json":
            out.write("]\n")
    return n


def export(
    format: str,
    path: str | os.PathLike[str] | None = None,
    db: str | os.PathLike[str] | Database | None = None,
    *,
    changes: bool = True,
    table: str | None = None,
    filters: Any = None,
    sort: str | None = None,
    out: Any = None,
    progress: Progress | None = None,
) -> ExportReport:
    """Write the database in ``format`` to ``path`` (a file, or a folder for csv/parquet), or to the text
    stream ``out`` (``jsonl``, ``graphml``, ``gexf``, or one table); with ``changes`` false, without the
    reviewers' changes.

    With ``table`` (and optionally ``filters``, a :class:`~pactgraph.store.queries.Filters`, and ``sort``)
    only that table's filtered rows are written, as ``csv``, ``json`` or ``jsonl``.
    ``progress(done, total)`` is told of records (jsonl), tables (csv, parquet) or steps (graphs) written.
    """
    fmt = format.lower()
    if table is not None:
        if out is not None:
            n = export_table(table, fmt, out, db, filters=filters, sort=sort)
            return ExportReport(fmt, "-", [], {table: n})
        target = Path(path or f"{table}.{fmt}")
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("w", encoding="utf-8", newline="") as fh:
            n = export_table(table, fmt, fh, db, filters=filters, sort=sort)
        return ExportReport(fmt, str(target), [str(target)], {table: n})
    if filters is not None and any(filters.active().values()):
        raise StoreError("filters apply to one table: give --table events|organizations|people|places|documents")
    if fmt not in FORMATS:
        raise StoreError(f"unknown export format {format!r}: use one of {', '.join(FORMATS)}")
    if out is not None:
        if fmt in ("csv", "parquet"):
            raise StoreError(f"{fmt} of the whole database is a folder of tables: give -o FOLDER, or --table")
        import tempfile

        database = open_database(db, create=False)
        with tempfile.TemporaryDirectory() as tmp:
            report = export(fmt, Path(tmp) / f"out.{fmt}", database, changes=changes, progress=progress)
            with open(report.path, encoding="utf-8") as fh:
                for chunk in iter(lambda: fh.read(1 << 16), ""):
                    out.write(chunk)
        return ExportReport(fmt, "-", [], report.rows)
    out_path = Path(path or default_path(fmt))
    database = open_database(db, create=False)
    if changes:
        with database.engine.connect() as conn:
            return _export(conn, fmt, out_path, changes=True, progress=progress)
    from pactgraph.store.corrections import strip_changes

    if database.dialect == "sqlite":
        from pactgraph.store.backup import scratch_copy

        with scratch_copy(database) as copy:
            with copy.write() as conn:
                strip_changes(conn)
            with copy.engine.connect() as conn:
                return _export(conn, fmt, out_path, changes=False, progress=progress)
    with database.engine.connect() as conn, conn.begin() as trans:
        strip_changes(conn)
        report = _export(conn, fmt, out_path, changes=False, progress=progress)
        trans.rollback()
        return report


def _export(conn: Connection, fmt: str, out_path: Path, *, changes: bool,
            progress: Progress | None) -> ExportReport:
    if fmt == "jsonl":
        n = _export_jsonl(conn, out_path, progress, changes=changes)
        return ExportReport(fmt, str(out_path), [str(out_path)], {"records": n})
    if fmt in ("csv", "parquet"):
        return _export_tables(conn, out_path, fmt, progress, changes=changes)
    if progress:
        progress(0, 2)
    graph = build_graph(conn)
    import networkx as nx

    if progress:
        progress(1, 2)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "graphml":
        nx.write_graphml(graph, out_path)
    else:
        nx.write_gexf(graph, out_path)
    if progress:
        progress(2, 2)
    return ExportReport(fmt, str(out_path), [str(out_path)],
                        {"nodes": graph.number_of_nodes(), "edges": graph.number_of_edges()})


def _rows(conn: Connection, name: str) -> tuple[list[str], list[dict[str, Any]]]:
    table, condition = TABLES.get(name) or CHANGES_TABLE
    tbl = T.Base.metadata.tables[table]
    stmt = select(tbl)
    if condition:
        stmt = stmt.where(text(condition))
    stmt = stmt.order_by(*tbl.primary_key.columns)
    drop = _DROP_COLUMNS.get(name, set())
    columns = [c.name for c in tbl.columns if c.name not in drop]
    rows = [{c: r[c] for c in columns} for r in conn.execute(stmt).mappings()]
    return columns, rows


def _export_tables(conn: Connection, folder: Path, fmt: str, progress: Progress | None = None, *,
                   changes: bool = True) -> ExportReport:
    folder.mkdir(parents=True, exist_ok=True)
    files, counts = [], {}
    names = [*TABLES, *(["changes"] if changes else [])]
    for done, name in enumerate(names):
        if progress:
            progress(done, len(names))
        columns, rows = _rows(conn, name)
        for row in rows:
            for key, value in row.items():
                if isinstance(value, (list, dict)):
                    row[key] = json.dumps(value, ensure_ascii=False)
        target = folder / f"{name}.{fmt}"
        if fmt == "csv":
            with target.open("w", encoding="utf-8", newline="") as fh:
                writer = csv.DictWriter(fh, fieldnames=columns)
                writer.writeheader()
                writer.writerows(rows)
        else:
            import pyarrow as pa
            import pyarrow.parquet as pq

            tbl = T.Base.metadata.tables[(TABLES.get(name) or CHANGES_TABLE)[0]]
            schema = pa.schema([(c, _arrow_type(tbl.columns[c].type)) for c in columns])
            pq.write_table(pa.Table.from_pylist(rows, schema=schema), target)
        files.append(str(target))
        counts[name] = len(rows)
    if progress:
        progress(len(names), len(names))
    return ExportReport(fmt, str(folder), files, counts)


def _arrow_type(sqltype: Any) -> Any:
    import pyarrow as pa
    from sqlalchemy import Float, Integer

    if isinstance(sqltype, Integer):
        return pa.int64()
    if isinstance(sqltype, Float):
        return pa.float64()
    return pa.string()


def _export_jsonl(conn: Connection, out: Path, progress: Progress | None = None, *, changes: bool = True) -> int:
    d, ev, ep = T.Document.__table__, T.Event.__table__, T.EventParty.__table__
    codes: dict[tuple[str, int], dict[str, Any]] = {}
    for r in conn.execute(select(ev.c.id, ev.c.document_id, ev.c.idx, ev.c.cameo, ev.c.plover, ev.c.story_id)):
        codes[(r.document_id, r.idx)] = {"event_id": r.id, "cameo": r.cameo, "plover": r.plover}
    parties: dict[int, list[int]] = {}
    for r in conn.execute(select(ep.c.event_id, ep.c.entity_id).order_by(ep.c.id)):
        parties.setdefault(r.event_id, []).append(r.entity_id)
    # reviewers' changes lie over the extraction in the exported records too (latest wins, reverts undo)
    from pactgraph.store import corrections

    C = corrections.C
    fixes: dict[str, list[Any]] = {}
    if changes:
        rows = list(conn.execute(select(C).where(C.c.target_kind.in_(["event", "position"])).order_by(C.c.id))
                    .mappings())
        for change in corrections.to_changes(conn, rows):
            fixes.setdefault(change.document_id or "", []).append(change)
    texts = {r.id: (r.text, r.content_hash) for r in conn.execute(
        select(d.c.id, d.c.text, d.c.content_hash).where(d.c.id.in_(list(fixes))))} if fixes else {}
    n = 0
    total = conn.execute(select(func.count()).select_from(d).where(d.c.status == "ok")).scalar_one()
    if progress:
        progress(0, total)
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8") as fh:
        stmt = (
            select(d.c.id, d.c.url, d.c.published, d.c.story_id, d.c.record_json)
            .where(d.c.status == "ok")
            .order_by(d.c.seq)
        )
        for r in conn.execute(stmt):
            record = dict(r.record_json or {})
            if r.id in fixes:
                record = corrections.corrected_record(record, fixes[r.id], *texts.get(r.id, (None, None))) or record
            record["url"] = r.url
            record["published"] = r.published
            record["story_id"] = r.story_id
            for i, event in enumerate(record.get("events") or []):
                extra = codes.get((r.id, i))
                if extra:
                    event["cameo"] = extra["cameo"]
                    event["plover"] = extra["plover"]
                    event["party_ids"] = parties.get(extra["event_id"], [])
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
            n += 1
            if progress and n % 200 == 0:
                progress(n, total)
    if progress:
        progress(n, total)
    return n


def _clean(attrs: dict[str, Any]) -> dict[str, Any]:
    """GraphML/GEXF attributes: scalars only, no None."""
    out = {}
    for key, value in attrs.items():
        if value is None:
            continue
        if isinstance(value, (list, dict)):
            value = json.dumps(value, ensure_ascii=False)
        out[key] = value
    return out


def build_graph(conn: Connection) -> Any:
    """The organization-event-person graph: nodes ``org:ID``, ``person:ID``, ``event:ID`` (one per story)."""
    import networkx as nx

    graph = nx.MultiDiGraph()
    e = T.Entity.__table__
    for r in conn.execute(select(e).where(e.c.type.in_(["org", "person"]))).mappings():
        graph.add_node(
            f"{r['type']}:{r['id']}",
            **_clean(
                {
                    "label": r["name"],
                    "type": r["type"],
                    "name_en": r["name_en"],
                    "name_zh": r["name_zh"],
                    "kind": r["kind"],
                    "kb_id": r["kb_id"],
                    "province": r["province"],
                    "code": r["code"],
                    "lat": r["lat"],
                    "lon": r["lon"],
                    "documents": r["n_documents"],
                }
            ),
        )
    # one node per (story, event index); copies add their documents and sources
    ev, d = T.Event.__table__, T.Document.__table__
    canonical: dict[int, str] = {}
    for r in conn.execute(
        select(ev, d.c.url, d.c.title).join(d, d.c.id == ev.c.document_id).order_by(ev.c.sort_date, ev.c.id)
    ).mappings():
        node = f"event:{r['story_id']}-{r['idx']}" if r["story_id"] is not None else f"event:e{r['id']}"
        canonical[r["id"]] = node
        if node in graph:
            attrs = graph.nodes[node]
            attrs["sources"] = attrs.get("sources", 1) + 1
            if r["url"]:
                attrs["urls"] = (attrs.get("urls", "") + " " + r["url"]).strip()
            continue
        graph.add_node(
            node,
            **_clean(
                {
                    "label": r["title"] or r["type"],
                    "type": "event",
                    "event_type": r["type"],
                    "agreement_kind": r["agreement_kind"],
                    "date": r["sort_date"],
                    "cameo": r["cameo"],
                    "plover": r["plover"],
                    "place": r["place_name"],
                    "document": r["document_id"],
                    "story": r["story_id"],
                    "sources": 1,
                    "urls": r["url"],
                }
            ),
        )
    done: set[tuple[str, str, str]] = set()
    ep = T.EventParty.__table__
    for r in conn.execute(select(ep.c.event_id, ep.c.entity_id)):
        src, dst = f"org:{r.entity_id}", canonical.get(r.event_id)
        if dst and (src, dst, "party") not in done:
            done.add((src, dst, "party"))
            graph.add_edge(src, dst, key="party", relation="party")
    pp = T.EventParticipant.__table__
    for r in conn.execute(select(pp.c.event_id, pp.c.entity_id, pp.c.role)):
        src, dst = f"person:{r.entity_id}", canonical.get(r.event_id)
        if dst and (src, dst, r.role) not in done:
            done.add((src, dst, r.role))
            graph.add_edge(src, dst, key=r.role, relation="participant", role=r.role)
    po = T.Position.__table__
    spans: dict[tuple[int, int, str], list[str | None]] = {}
    for r in conn.execute(
        select(po.c.person_id, po.c.org_id, po.c.title, po.c.seen_date).where(po.c.org_id.is_not(None))
    ):
        span = spans.setdefault((r.person_id, r.org_id, r.title), [r.seen_date, r.seen_date])
        if r.seen_date:
            span[0] = min(filter(None, [span[0], r.seen_date]))
            span[1] = max(filter(None, [span[1], r.seen_date]))
    for (person_id, org_id, title), (first, last) in spans.items():
        graph.add_edge(
            f"person:{person_id}",
            f"org:{org_id}",
            key=f"position:{title}",
            **_clean({"relation": "position", "title": title, "first_seen": first, "last_seen": last}),
        )
    for r in conn.execute(select(e.c.id, e.c.parent_id).where(e.c.type == "org", e.c.parent_id.is_not(None))):
        graph.add_edge(f"org:{r.id}", f"org:{r.parent_id}", key="subsidiary", relation="subsidiary_of")
    return graph
