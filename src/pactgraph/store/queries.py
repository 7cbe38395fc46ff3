"""Queries: full-text search and profiles of organizations, people and places.

Syndicated copies count once: events are grouped by story (the same release
on several sites), keeping every source URL.
"""

from __future__ import annotations

import os
import re
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field
from typing import Any

from sqlalchemy import Connection, bindparam, select, text

from pactgraph.resolve.kb import KnowledgeBase
from pactgraph.resolve.names import has_cjk, normalize, person_key, place_key, to_simplified
from pactgraph.resolve.people import name_key
from pactgraph.store import fts, models
from pactgraph.store.db import Database, NotFound, StoreError, open_database

T = models
SEARCH_TYPES = ("document", "org", "person", "place")


@dataclass
class SearchHit:
    type: str
    id: str
    name: str
    snippet: str | None = None
    date: str | None = None
    url: str | None = None
    language: str | None = None
    kind: str | None = None
    province: str | None = None
    n_documents: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _date_bound(value: str | None, end: bool) -> str | None:
    if not value:
        return None
    value = value.strip()
    if not re.match(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$", value):
        raise StoreError(f"not a date: {value!r} (use YYYY, YYYY-MM or YYYY-MM-DD)")
    if end:
        return value + ("-12-31" if len(value) == 4 else "-31" if len(value) == 7 else "")
    return value


def _terms(query: str) -> list[str]:
    return [to_simplified(t) for t in query.split() if t.strip()]


def _province_names(province: str) -> list[str]:
    kb = KnowledgeBase.default()
    key = place_key(province)
    for prov in getattr(kb, "_provinces", []):
        if key in (place_key(prov["en"]), place_key(prov["zh"]), place_key(prov.get("zh_full", ""))):
            return [prov["en"], prov.get("zh_full", prov["zh"]), prov["zh"]]
    return [province]


def search(
    query: str,
    *,
    type: str | None = None,
    since: str | None = None,
    until: str | None = None,
    province: str | None = None,
    field: str | None = None,
    org: str | None = None,
    db: str | os.PathLike[str] | Database | None = None,
    limit: int = 50,
) -> list[SearchHit]:
    """Full-text search over documents and entity names (English and Chinese).

    ``type`` restricts hits to ``document``, ``org``, ``person`` or ``place``.
    ``since``/``until`` (ISO dates or prefixes), ``field`` (a sector code) and
    ``org`` (an organization, its subsidiaries included) filter documents;
    ``province`` filters documents and entities. An empty query lists what
    the filters select, newest first.
    """
    if type is not None and type not in SEARCH_TYPES:
        raise StoreError(f"unknown type {type!r}: use one of {', '.join(SEARCH_TYPES)}")
    database = open_database(db, create=False)
    doc_filters = since or until or field or org
    hits: list[SearchHit] = []
    with database.engine.connect() as conn:
        if type in (None, "document"):
            hits.extend(
                _search_documents(
                    conn,
                    query,
                    since=_date_bound(since, False),
                    until=_date_bound(until, True),
                    province=province,
                    field=field,
                    org=org,
                    limit=limit,
                )
            )
        if type != "document" and not (doc_filters and type is None) and query.strip():
            hits.extend(_search_entities(conn, query, type=type, province=province, limit=limit))
    if type is None:
        # entities first when the query names one exactly, else documents and entities by their own order
        exact = normalize(query)
        hits.sort(key=lambda h: 0 if h.type != "document" and normalize(h.name) == exact else 1)
    return hits[:limit]


def _search_documents(
    conn: Connection,
    query: str,
    *,
    since: str | None,
    until: str | None,
    province: str | None,
    field: str | None,
    org: str | None,
    limit: int,
) -> list[SearchHit]:
    params: dict[str, Any] = {"limit": limit}
    terms = _terms(query)
    dialect = conn.dialect.name
    if terms:
        from_sql, where_sql, order_sql = fts.document_match(dialect, terms, params)
    else:
        from_sql, where_sql, order_sql = "documents d", "1=1", "d.doc_date DESC"
    where = [where_sql, "d.status = 'ok'"]
    expanding: list[str] = []
    if since:
        where.append("d.doc_date >= :since")
        params["since"] = since
    if until:
        where.append("d.doc_date <= :until")
        params["until"] = until
    if field:
        where.append("EXISTS (SELECT 1 FROM event_fields ef WHERE ef.document_id = d.id AND ef.field = :field)")
        params["field"] = field
    if province:
        where.append(
            "EXISTS (SELECT 1 FROM mentions pm JOIN entities pe ON pe.id = pm.entity_id "
            "WHERE pm.document_id = d.id AND (pe.province IN :provinces OR pe.province_zh IN :provinces))"
        )
        params["provinces"] = _province_names(province)
        expanding.append("provinces")
    if org:
        org_ids = _org_and_descendants(conn, org)
        if not org_ids:
            return []
        where.append("EXISTS (SELECT 1 FROM mentions om WHERE om.document_id = d.id AND om.entity_id IN :org_ids)")
        params["org_ids"] = org_ids
        expanding.append("org_ids")
    sql = (
        f"SELECT d.id, d.title, d.url, d.doc_date, d.language, substr(d.text, 1, 4000) AS head "
        f"FROM {from_sql} WHERE {' AND '.join(where)} ORDER BY {order_sql} LIMIT :limit"
    )
    stmt = text(sql)
    if expanding:
        stmt = stmt.bindparams(*[bindparam(name, expanding=True) for name in expanding])
    hits = []
    for row in conn.execute(stmt, params):
        hits.append(
            SearchHit(
                type="document",
                id=row.id,
                name=row.title or row.id,
                snippet=_snippet(row.head or "", terms),
                date=row.doc_date,
                url=row.url,
                language=row.language,
            )
        )
    return hits


def _snippet(body: str, terms: list[str], width: int = 80) -> str:
    simplified = to_simplified(body)
    low = simplified.lower()
    for term in terms:
        pos = low.find(term.lower())
        if pos >= 0:
            start = max(0, pos - width // 2)
            return ("…" if start else "") + body[start : pos + len(term) + width // 2].replace("\n", " ") + "…"
    return body[:width].replace("\n", " ")


def _search_entities(
    conn: Connection, query: str, *, type: str | None, province: str | None, limit: int
) -> list[SearchHit]:
    norm = normalize(query)
    if not norm:
        return []
    params: dict[str, Any] = {"limit": limit * 4}
    from_sql, where_sql = fts.name_match(conn.dialect.name, norm, params)
    where = [where_sql]
    # person names are indexed by their order-free key: also match that
    sql = f"SELECT DISTINCT n.entity_id FROM {from_sql} WHERE {' AND '.join(where)} LIMIT :limit"
    ids = [r[0] for r in conn.execute(text(sql), params)]
    pkey = name_key(query)
    if pkey and type in (None, "person"):
        e = T.EntityName.__table__
        ids += [r[0] for r in conn.execute(select(e.c.entity_id).where(e.c.norm == pkey).limit(limit))]
    if not ids:
        return []
    e = T.Entity.__table__
    stmt = select(e).where(e.c.id.in_(list(dict.fromkeys(ids))))
    if type:
        stmt = stmt.where(e.c.type == type)
    if province:
        names = _province_names(province)
        stmt = stmt.where(e.c.province.in_(names) | e.c.province_zh.in_(names))
    rows = conn.execute(stmt.order_by(e.c.n_documents.desc()).limit(limit)).mappings().all()
    return [
        SearchHit(
            type=r["type"],
            id=str(r["id"]),
            name=r["name"],
            kind=r["kind"],
            province=r["province"],
            n_documents=r["n_documents"],
        )
        for r in rows
    ]


# -- entity lookup -----------------------------------------------------------
def _org_and_descendants(conn: Connection, name: str) -> list[int]:
    try:
        root = find_entity(conn, "org", name)
    except NotFound:
        return []
    e = T.Entity.__table__
    ids = [root]
    frontier = [root]
    while frontier:
        children = [r[0] for r in conn.execute(select(e.c.id).where(e.c.parent_id.in_(frontier)))]
        children = [c for c in children if c not in ids]
        ids.extend(children)
        frontier = children
    return ids


def find_entity(conn: Connection, type_: str, name: str) -> int:
    """The id of the entity of ``type_`` best named by ``name`` (a name, an alias, or an id)."""
    e, n = T.Entity.__table__, T.EntityName.__table__
    if name.strip().isdigit():
        row = conn.execute(select(e.c.id).where(e.c.id == int(name), e.c.type == type_)).first()
        if row:
            return row[0]
    keys = {normalize(name)}
    if type_ == "person":
        keys = {name_key(name), person_key(name)}
    elif type_ == "place":
        keys.add(place_key(name))
    if type_ == "org":
        entry = KnowledgeBase.default().find(name)
        if entry is not None:
            row = conn.execute(select(e.c.id).where(e.c.key == f"kb:{entry.id}")).first()
            if row:
                return row[0]
    rows = conn.execute(
        select(e.c.id, e.c.n_documents)
        .join(n, n.c.entity_id == e.c.id)
        .where(e.c.type == type_, n.c.norm.in_(sorted(k for k in keys if k)))
        .order_by(e.c.n_documents.desc())
    ).first()
    if rows:
        return rows[0]
    # a unique-enough partial name: whole words of an English name, or a Chinese substring
    hits = _search_entities(conn, name, type=type_, province=None, limit=20)
    words = re.compile(r"(?<![a-z0-9])" + re.escape(name.strip().lower()) + r"(?![a-z0-9])")
    for hit in hits:
        names = [r[0] for r in conn.execute(select(n.c.name).where(n.c.entity_id == int(hit.id)))]
        if any(
            words.search(to_simplified(x).lower()) or (has_cjk(name) and to_simplified(name) in to_simplified(x))
            for x in names
        ):
            return int(hit.id)
    suggestions = ", ".join(h.name for h in hits[:5])
    raise NotFound(
        f"no {type_} named {name!r} in the database" + (f" (did you mean: {suggestions}?)" if suggestions else "")
    )


# -- profiles ----------------------------------------------------------------
@dataclass
class EventSummary:
    id: int
    story_id: int | None
    date: str | None
    type: str
    agreement_kind: str | None
    cameo: str
    plover: str
    title: str | None
    place: str | None
    partners: list[dict[str, Any]] = field(default_factory=list)
    participants: list[dict[str, Any]] = field(default_factory=list)
    fields: list[str] = field(default_factory=list)
    documents: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)


@dataclass
class TitleSpan:
    title: str
    org: str | None
    org_id: int | None
    first_seen: str | None
    last_seen: str | None
    documents: int


@dataclass
class Profile:
    """What the database knows about one entity."""

    id: int
    type: str
    name: str
    name_en: str | None
    name_zh: str | None
    kind: str | None
    names: list[str]
    kb_id: str | None = None
    parent: dict[str, Any] | None = None
    children: list[dict[str, Any]] = field(default_factory=list)
    place: dict[str, Any] | None = None
    code: str | None = None
    province: str | None = None
    lat: float | None = None
    lon: float | None = None
    n_documents: int = 0
    events: list[EventSummary] = field(default_factory=list)
    partners: list[dict[str, Any]] = field(default_factory=list)
    people: list[dict[str, Any]] = field(default_factory=list)
    positions: list[TitleSpan] = field(default_factory=list)
    organizations: list[dict[str, Any]] = field(default_factory=list)
    namesakes: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _entity_row(conn: Connection, entity_id: int) -> dict[str, Any]:
    e = T.Entity.__table__
    return dict(conn.execute(select(e).where(e.c.id == entity_id)).mappings().one())


def _brief(row: dict[str, Any] | None) -> dict[str, Any] | None:
    if row is None:
        return None
    return {"id": row["id"], "name": row["name"], "kind": row.get("kind"), "type": row.get("type")}


def _base_profile(conn: Connection, entity_id: int) -> Profile:
    row = _entity_row(conn, entity_id)
    n = T.EntityName.__table__
    names = [r[0] for r in conn.execute(select(n.c.name).where(n.c.entity_id == entity_id).order_by(n.c.id))]
    profile = Profile(
        id=row["id"],
        type=row["type"],
        name=row["name"],
        name_en=row["name_en"],
        name_zh=row["name_zh"],
        kind=row["kind"],
        names=names,
        kb_id=row["kb_id"],
        code=row["code"],
        province=row["province"],
        lat=row["lat"],
        lon=row["lon"],
        n_documents=row["n_documents"],
    )
    if row["parent_id"]:
        profile.parent = _brief(_entity_row(conn, row["parent_id"]))
    e = T.Entity.__table__
    profile.children = [
        _brief(dict(r))
        for r in conn.execute(  # type: ignore[misc]
            select(e.c.id, e.c.name, e.c.kind, e.c.type).where(e.c.parent_id == entity_id).order_by(e.c.name)
        ).mappings()
    ]
    if row["place_id"]:
        place = _entity_row(conn, row["place_id"])
        profile.place = {
            "id": place["id"],
            "name": place["name"],
            "code": place["code"],
            "province": place["province"],
            "lat": place["lat"],
            "lon": place["lon"],
        }
    return profile


def _events(conn: Connection, event_ids: list[int], focus: set[int]) -> list[EventSummary]:
    """Events by id, one per story (syndicated copies merged, sources kept), in time order."""
    if not event_ids:
        return []
    sql = text(
        "SELECT ev.id, ev.story_id, ev.idx, ev.sort_date, ev.type, ev.agreement_kind, ev.cameo, ev.plover, "
        "ev.place_name, ev.document_id, d.title, d.url FROM events ev JOIN documents d "
        "ON d.id = ev.document_id WHERE ev.id IN :ids ORDER BY ev.sort_date, ev.id"
    ).bindparams(bindparam("ids", expanding=True))
    rows = conn.execute(sql, {"ids": event_ids}).mappings().all()
    by_story: dict[tuple[Any, ...], EventSummary] = {}
    members: dict[int, EventSummary] = {}
    for r in rows:
        key = (r["story_id"], r["idx"]) if r["story_id"] is not None else ("event", r["id"])
        summary = by_story.get(key)
        if summary is None:
            summary = by_story[key] = EventSummary(
                id=r["id"],
                story_id=r["story_id"],
                date=r["sort_date"],
                type=r["type"],
                agreement_kind=r["agreement_kind"],
                cameo=r["cameo"],
                plover=r["plover"],
                title=r["title"],
                place=r["place_name"],
            )
            members[r["id"]] = summary
        summary.documents.append(r["document_id"])
        if r["url"] and r["url"] not in summary.sources:
            summary.sources.append(r["url"])
    firsts = list(members)
    if firsts:
        p = text(
            "SELECT ep.event_id, ep.entity_id, e.name, e.kind FROM event_parties ep JOIN entities e "
            "ON e.id = ep.entity_id WHERE ep.event_id IN :ids"
        ).bindparams(bindparam("ids", expanding=True))
        for r in conn.execute(p, {"ids": firsts}).mappings():
            if r["entity_id"] not in focus:
                members[r["event_id"]].partners.append({"id": r["entity_id"], "name": r["name"], "kind": r["kind"]})
        q = text(
            "SELECT pp.event_id, pp.entity_id, e.name, pp.role FROM event_participants pp JOIN entities e "
            "ON e.id = pp.entity_id WHERE pp.event_id IN :ids"
        ).bindparams(bindparam("ids", expanding=True))
        for r in conn.execute(q, {"ids": firsts}).mappings():
            members[r["event_id"]].participants.append({"id": r["entity_id"], "name": r["name"], "role": r["role"]})
        f = text("SELECT event_id, field FROM event_fields WHERE event_id IN :ids").bindparams(
            bindparam("ids", expanding=True)
        )
        for r in conn.execute(f, {"ids": firsts}).mappings():
            members[r["event_id"]].fields.append(r["field"])
    return sorted(by_story.values(), key=lambda s: (s.date or "9999", s.id))


def _partners(events: list[EventSummary]) -> list[dict[str, Any]]:
    counts: Counter[int] = Counter()
    names: dict[int, dict[str, Any]] = {}
    for event in events:
        for partner in {p["id"]: p for p in event.partners}.values():
            counts[partner["id"]] += 1
            names[partner["id"]] = partner
    return [{**names[i], "events": c} for i, c in counts.most_common()]


def _title_spans(
    conn: Connection, where_sql: str, params: dict[str, Any], expanding: tuple[str, ...] = ()
) -> list[tuple[int, TitleSpan]]:
    """(person id, title span) rows: each (title, organization) with first and last seen dates."""
    sql = text(
        "SELECT p.person_id, p.title, p.org_id, coalesce(e.name, p.org_name) AS org, "
        "min(p.seen_date) AS first_seen, max(p.seen_date) AS last_seen, "
        "count(DISTINCT p.document_id) AS docs FROM positions p LEFT JOIN entities e ON e.id = p.org_id "
        f"WHERE {where_sql} GROUP BY p.person_id, p.title, p.org_id, coalesce(e.name, p.org_name) "
        "ORDER BY min(p.seen_date), p.title"
    )
    if expanding:
        sql = sql.bindparams(*[bindparam(name, expanding=True) for name in expanding])
    out = []
    for r in conn.execute(sql, params).mappings():
        out.append(
            (
                r["person_id"],
                TitleSpan(
                    title=r["title"],
                    org=r["org"],
                    org_id=r["org_id"],
                    first_seen=r["first_seen"],
                    last_seen=r["last_seen"],
                    documents=r["docs"],
                ),
            )
        )
    return out


def show_org(name: str, db: str | os.PathLike[str] | Database | None = None) -> Profile:
    """An organization: names, group, events in time order, partners with counts, people with titles."""
    database = open_database(db, create=False)
    with database.engine.connect() as conn:
        entity_id = find_entity(conn, "org", name)
        profile = _base_profile(conn, entity_id)
        ids = [
            r[0]
            for r in conn.execute(text("SELECT event_id FROM event_parties WHERE entity_id = :id"), {"id": entity_id})
        ]
        profile.events = _events(conn, ids, {entity_id})
        profile.partners = _partners(profile.events)
        people: dict[int, list[TitleSpan]] = defaultdict(list)
        for person_id, span in _title_spans(conn, "p.org_id = :id", {"id": entity_id}):
            people[person_id].append(span)
        if people:
            e = T.Entity.__table__
            pnames = dict(conn.execute(select(e.c.id, e.c.name).where(e.c.id.in_(list(people)))).all())
            profile.people = [
                {"id": pid, "name": pnames.get(pid), "titles": [asdict(s) for s in spans]}
                for pid, spans in people.items()
            ]
    return profile


def show_person(name: str, db: str | os.PathLike[str] | Database | None = None) -> Profile:
    """A person: titles over time (title, organization, first and last seen), events, organizations."""
    database = open_database(db, create=False)
    with database.engine.connect() as conn:
        entity_id = find_entity(conn, "person", name)
        profile = _base_profile(conn, entity_id)
        profile.positions = [span for _, span in _title_spans(conn, "p.person_id = :id", {"id": entity_id})]
        ids = [
            r[0]
            for r in conn.execute(
                text("SELECT event_id FROM event_participants WHERE entity_id = :id"), {"id": entity_id}
            )
        ]
        profile.events = _events(conn, ids, set())
        orgs = Counter(p["id"] for ev in profile.events for p in ev.partners)
        seen = {}
        for ev in profile.events:
            for p in ev.partners:
                seen[p["id"]] = p
        profile.organizations = [{**seen[i], "events": c} for i, c in orgs.most_common()]
        e, n = T.Entity.__table__, T.EntityName.__table__
        key = name_key(profile.name)
        profile.namesakes = [
            dict(r)
            for r in conn.execute(
                select(e.c.id, e.c.name, e.c.n_documents)
                .join(n, n.c.entity_id == e.c.id)
                .where(e.c.type == "person", n.c.norm == key, e.c.id != entity_id)
                .distinct()
            ).mappings()
        ]
    return profile


def show_place(name: str, db: str | os.PathLike[str] | Database | None = None) -> Profile:
    """A place: events there or with its governments, partners with counts, its officials."""
    database = open_database(db, create=False)
    with database.engine.connect() as conn:
        entity_id = find_entity(conn, "place", name)
        profile = _base_profile(conn, entity_id)
        e = T.Entity.__table__
        govs = [r[0] for r in conn.execute(select(e.c.id).where(e.c.place_id == entity_id))]
        profile.organizations = [
            _brief(dict(r))
            for r in conn.execute(  # type: ignore[misc]
                select(e.c.id, e.c.name, e.c.kind, e.c.type).where(e.c.place_id == entity_id)
            ).mappings()
        ]
        sql = text("SELECT id FROM events WHERE place_id = :id")
        ids = {r[0] for r in conn.execute(sql, {"id": entity_id})}
        if govs:
            q = text("SELECT event_id FROM event_parties WHERE entity_id IN :ids").bindparams(
                bindparam("ids", expanding=True)
            )
            ids |= {r[0] for r in conn.execute(q, {"ids": govs})}
        profile.events = _events(conn, sorted(ids), set(govs))
        profile.partners = _partners(profile.events)
        if govs:
            sql_spans = _title_spans(conn, "p.org_id IN :ids", {"ids": govs}, ("ids",))
            people: dict[int, list[TitleSpan]] = defaultdict(list)
            for person_id, span in sql_spans:
                people[person_id].append(span)
            pnames = dict(conn.execute(select(e.c.id, e.c.name).where(e.c.id.in_(list(people)))).all())
            profile.people = [
                {"id": pid, "name": pnames.get(pid), "titles": [asdict(s) for s in spans]}
                for pid, spans in people.items()
            ]
    return profile
