"""Profiles of organizations, people and places: names, group, events (syndicated copies once), partners,
people with titles over time, events by year, and how sure each fact is (confidence, reviewed, evidence).

A profile lists the newest :data:`EVENT_LIMIT` events and counts the rest (``events_total``,
``events_by_year``) in SQL: an organization in 10,000 documents costs what one in 50 does.
"""

from __future__ import annotations

import os
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field
from typing import Any

from sqlalchemy import Connection, bindparam, func, select, text

from pactgraph.resolve.people import name_key
from pactgraph.store.db import Database, open_database
from pactgraph.store.queries.common import EP, PP, E, N, band_of, find_entity
from pactgraph.store.queries.filters import C
from pactgraph.store.queries.links import event_ref

EVENT_LIMIT = 200


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
    ref: str = ""
    confidence: float | None = None
    confidence_band: str = "unknown"
    reviewed: bool = False
    evidence: str | None = None
    """The sentence the event was read from."""
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
    confidence: float | None = None
    confidence_band: str = "unknown"
    document_id: str | None = None
    """A document that states the title (its evidence)."""


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
    confidence: float | None = None
    confidence_band: str = "unknown"
    reviewed: bool = False
    events: list[EventSummary] = field(default_factory=list)
    events_total: int = 0
    events_by_year: list[dict[str, Any]] = field(default_factory=list)
    partners: list[dict[str, Any]] = field(default_factory=list)
    people: list[dict[str, Any]] = field(default_factory=list)
    positions: list[TitleSpan] = field(default_factory=list)
    organizations: list[dict[str, Any]] = field(default_factory=list)
    namesakes: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _entity_row(conn: Connection, entity_id: int) -> dict[str, Any]:
    return dict(conn.execute(select(E).where(E.c.id == entity_id)).mappings().one())


def _brief(row: dict[str, Any] | None) -> dict[str, Any] | None:
    if row is None:
        return None
    return {"id": row["id"], "name": row["name"], "kind": row.get("kind"), "type": row.get("type")}


def _base_profile(conn: Connection, entity_id: int) -> Profile:
    from pactgraph.store.queries.common import MN

    row = _entity_row(conn, entity_id)
    names = [r[0] for r in conn.execute(select(N.c.name).where(N.c.entity_id == entity_id).order_by(N.c.id))]
    best = conn.execute(select(func.max(MN.c.confidence)).where(MN.c.entity_id == entity_id)).scalar()
    reviewed = conn.execute(select(func.count()).select_from(C).where(C.c.target_key == row["key"])).scalar_one()
    profile = Profile(id=row["id"], type=row["type"], name=row["name"], name_en=row["name_en"],
                      name_zh=row["name_zh"], kind=row["kind"], names=names, kb_id=row["kb_id"], code=row["code"],
                      province=row["province"], lat=row["lat"], lon=row["lon"], n_documents=row["n_documents"],
                      confidence=best, confidence_band=band_of(best), reviewed=bool(reviewed))
    if row["parent_id"]:
        profile.parent = _brief(_entity_row(conn, row["parent_id"]))
    profile.children = [
        _brief(dict(r))
        for r in conn.execute(  # type: ignore[misc]
            select(E.c.id, E.c.name, E.c.kind, E.c.type).where(E.c.parent_id == entity_id).order_by(E.c.name)
        ).mappings()
    ]
    if row["place_id"]:
        place = _entity_row(conn, row["place_id"])
        profile.place = {k: place[k] for k in ("id", "name", "code", "province", "lat", "lon")}
    return profile


def evidence_sql(dialect: str) -> str:
    """SQL of the text of an event's first evidence span (``ev`` events, ``d`` documents): a substring taken
    in the database, so a profile never loads whole documents."""
    if dialect == "postgresql":
        start = "((ev.evidence->0->>0)::int)"
        end = "((ev.evidence->0->>1)::int)"
    else:
        start = "json_extract(ev.evidence, '$[0][0]')"
        end = "json_extract(ev.evidence, '$[0][1]')"
    return f"CASE WHEN ev.evidence IS NULL THEN NULL ELSE substr(d.text, {start} + 1, {end} - {start}) END"


def _sql(sql: str, expanding: tuple[str, ...] = ()) -> Any:
    stmt = text(sql)
    if expanding:
        stmt = stmt.bindparams(*[bindparam(name, expanding=True) for name in expanding])
    return stmt


def _events(conn: Connection, id_sql: str, params: dict[str, Any], focus: set[int],
            expanding: tuple[str, ...] = ()) -> tuple[list[EventSummary], int, list[dict[str, Any]]]:
    """Events whose ids ``id_sql`` selects: the newest :data:`EVENT_LIMIT` (one per story, sources kept,
    in time order), the total, and the count per year and type."""
    total = conn.execute(_sql(f"SELECT count(*) FROM ({id_sql}) AS x", expanding), params).scalar_one()
    per_year: dict[str, Counter[str]] = defaultdict(Counter)
    year_sql = _sql(f"SELECT substr(ev.sort_date, 1, 4) AS y, ev.type, count(*) AS n FROM events ev "
                    f"WHERE ev.id IN ({id_sql}) GROUP BY substr(ev.sort_date, 1, 4), ev.type", expanding)
    for r in conn.execute(year_sql, params):
        per_year[r.y or "undated"][r.type] = r.n
    by_year = [{"year": y, "total": sum(c.values()), **dict(c)} for y, c in sorted(per_year.items())]
    sql = _sql(
        "SELECT ev.id, ev.story_id, ev.idx, ev.sort_date, ev.type, ev.agreement_kind, ev.cameo, ev.plover, "
        f"ev.place_name, ev.document_id, ev.confidence, d.title, d.url, {evidence_sql(conn.dialect.name)} AS sentence "
        f"FROM events ev JOIN documents d ON d.id = ev.document_id WHERE ev.id IN ({id_sql}) "
        f"ORDER BY ev.sort_date DESC, ev.id DESC LIMIT {EVENT_LIMIT}", expanding)
    rows = conn.execute(sql, params).mappings().all()
    by_story: dict[tuple[Any, ...], EventSummary] = {}
    members: dict[int, EventSummary] = {}
    for r in rows:
        key = (r["story_id"], r["idx"]) if r["story_id"] is not None else ("event", r["id"])
        summary = by_story.get(key)
        if summary is None:
            summary = by_story[key] = EventSummary(
                id=r["id"], story_id=r["story_id"], date=r["sort_date"], type=r["type"],
                agreement_kind=r["agreement_kind"], cameo=r["cameo"], plover=r["plover"], title=r["title"],
                place=r["place_name"], ref=event_ref(r["document_id"], r["idx"]), confidence=r["confidence"],
                confidence_band=band_of(r["confidence"]),
                evidence=" ".join((r["sentence"] or "").split()) or None)
            members[r["id"]] = summary
        summary.documents.append(r["document_id"])
        if r["url"] and r["url"] not in summary.sources:
            summary.sources.append(r["url"])
    firsts = list(members)
    if firsts:
        for r in conn.execute(select(EP.c.event_id, EP.c.entity_id, EP.c.confidence, E.c.name, E.c.kind)
                              .join(E, E.c.id == EP.c.entity_id).where(EP.c.event_id.in_(firsts))).mappings():
            if r["entity_id"] not in focus:
                members[r["event_id"]].partners.append({"id": r["entity_id"], "name": r["name"], "kind": r["kind"],
                                                        "confidence": r["confidence"]})
        for r in conn.execute(select(PP.c.event_id, PP.c.entity_id, PP.c.role, PP.c.confidence, E.c.name)
                              .join(E, E.c.id == PP.c.entity_id).where(PP.c.event_id.in_(firsts))).mappings():
            members[r["event_id"]].participants.append({"id": r["entity_id"], "name": r["name"], "role": r["role"],
                                                        "confidence": r["confidence"]})
        from pactgraph.store.queries.common import EF

        for r in conn.execute(select(EF.c.event_id, EF.c.field).where(EF.c.event_id.in_(firsts))).mappings():
            members[r["event_id"]].fields.append(r["field"])
        docs = sorted({s.documents[0] for s in members.values()})
        reviewed = {(r.document_id, r.event_idx) for r in conn.execute(
            select(C.c.document_id, C.c.event_idx).where(C.c.target_kind == "event", C.c.document_id.in_(docs)))}
        for s in members.values():
            doc, idx = s.ref.rsplit("/", 1)
            s.reviewed = (doc, int(idx)) in reviewed
    events = sorted(by_story.values(), key=lambda s: (s.date or "9999", s.id))
    return events, total, by_year


def _partners(events: list[EventSummary]) -> list[dict[str, Any]]:
    counts: Counter[int] = Counter()
    names: dict[int, dict[str, Any]] = {}
    for event in events:
        for partner in {p["id"]: p for p in event.partners}.values():
            counts[partner["id"]] += 1
            names[partner["id"]] = {k: partner[k] for k in ("id", "name", "kind")}
    return [{**names[i], "events": c} for i, c in counts.most_common()]


def _title_spans(conn: Connection, where_sql: str, params: dict[str, Any],
                 expanding: tuple[str, ...] = ()) -> list[tuple[int, TitleSpan]]:
    """(person id, title span) rows: each (title, organization) with first and last seen dates."""
    sql = text(
        "SELECT p.person_id, p.title, p.org_id, coalesce(e.name, p.org_name) AS org, "
        "min(p.seen_date) AS first_seen, max(p.seen_date) AS last_seen, max(p.confidence) AS confidence, "
        "min(p.document_id) AS document_id, "
        "count(DISTINCT p.document_id) AS docs FROM positions p LEFT JOIN entities e ON e.id = p.org_id "
        f"WHERE {where_sql} GROUP BY p.person_id, p.title, p.org_id, coalesce(e.name, p.org_name) "
        "ORDER BY min(p.seen_date), p.title LIMIT 500"
    )
    if expanding:
        sql = sql.bindparams(*[bindparam(name, expanding=True) for name in expanding])
    return [(r["person_id"], TitleSpan(title=r["title"], org=r["org"], org_id=r["org_id"],
                                       first_seen=r["first_seen"], last_seen=r["last_seen"], documents=r["docs"],
                                       confidence=r["confidence"], confidence_band=band_of(r["confidence"]),
                                       document_id=r["document_id"]))
            for r in conn.execute(sql, params).mappings()]


def _people(conn: Connection, spans: list[tuple[int, TitleSpan]]) -> list[dict[str, Any]]:
    people: dict[int, list[TitleSpan]] = defaultdict(list)
    for person_id, span in spans:
        people[person_id].append(span)
    if not people:
        return []
    pnames = dict(conn.execute(select(E.c.id, E.c.name).where(E.c.id.in_(list(people)))).all())
    return [{"id": pid, "name": pnames.get(pid), "titles": [asdict(s) for s in items]}
            for pid, items in people.items()]


def org_profile(conn: Connection, entity_id: int) -> Profile:
    profile = _base_profile(conn, entity_id)
    profile.events, profile.events_total, profile.events_by_year = _events(
        conn, "SELECT event_id FROM event_parties WHERE entity_id = :id", {"id": entity_id}, {entity_id})
    profile.partners = _partners(profile.events)
    profile.people = _people(conn, _title_spans(conn, "p.org_id = :id", {"id": entity_id}))
    return profile


def person_profile(conn: Connection, entity_id: int) -> Profile:
    profile = _base_profile(conn, entity_id)
    profile.positions = [span for _, span in _title_spans(conn, "p.person_id = :id", {"id": entity_id})]
    profile.events, profile.events_total, profile.events_by_year = _events(
        conn, "SELECT event_id FROM event_participants WHERE entity_id = :id", {"id": entity_id}, set())
    orgs = Counter(p["id"] for ev in profile.events for p in ev.partners)
    seen = {p["id"]: {k: p[k] for k in ("id", "name", "kind")} for ev in profile.events for p in ev.partners}
    profile.organizations = [{**seen[i], "events": c} for i, c in orgs.most_common()]
    key = name_key(profile.name)
    profile.namesakes = [dict(r) for r in conn.execute(
        select(E.c.id, E.c.name, E.c.n_documents).join(N, N.c.entity_id == E.c.id)
        .where(E.c.type == "person", N.c.norm == key, E.c.id != entity_id).distinct()).mappings()]
    return profile


def place_profile(conn: Connection, entity_id: int) -> Profile:
    profile = _base_profile(conn, entity_id)
    govs = [r[0] for r in conn.execute(select(E.c.id).where(E.c.place_id == entity_id))]
    profile.organizations = [_brief(dict(r)) for r in conn.execute(  # type: ignore[misc]
        select(E.c.id, E.c.name, E.c.kind, E.c.type).where(E.c.place_id == entity_id)).mappings()]
    params: dict[str, Any] = {"id": entity_id, "govs": govs or [-1]}
    profile.events, profile.events_total, profile.events_by_year = _events(
        conn, "SELECT id FROM events WHERE place_id = :id UNION SELECT event_id FROM event_parties "
        "WHERE entity_id IN :govs", params, set(govs), ("govs",))
    profile.partners = _partners(profile.events)
    if govs:
        profile.people = _people(conn, _title_spans(conn, "p.org_id IN :ids", {"ids": govs}, ("ids",)))
    return profile


PROFILES = {"org": org_profile, "person": person_profile, "place": place_profile}


def profile(conn: Connection, type_: str, entity_id: int) -> Profile:
    return PROFILES[type_](conn, entity_id)


def _show(type_: str, name: str, db: str | os.PathLike[str] | Database | None, strict: bool) -> Profile:
    database = open_database(db, create=False)
    with database.engine.connect() as conn:
        return PROFILES[type_](conn, find_entity(conn, type_, name, strict=strict))


def show_org(name: str, db: str | os.PathLike[str] | Database | None = None, *, strict: bool = False) -> Profile:
    """An organization: names, group, events in time order, partners with counts, people with titles.

    Several organizations fit ``name``: the one in most documents, or with ``strict`` an
    :class:`~pactgraph.store.queries.common.Ambiguous` error listing the candidates."""
    return _show("org", name, db, strict)


def show_person(name: str, db: str | os.PathLike[str] | Database | None = None, *, strict: bool = False) -> Profile:
    """A person: titles over time (title, organization, first and last seen), events, organizations."""
    return _show("person", name, db, strict)


def show_place(name: str, db: str | os.PathLike[str] | Database | None = None, *, strict: bool = False) -> Profile:
    """A place: events there or with its governments, partners with counts, its officials."""
    return _show("place", name, db, strict)


def entity_page(conn: Connection, type_: str, entity_id: int) -> dict[str, Any]:
    """What an entity's page and ``/api/{organizations|people|places}/{id}`` show: the profile plus its key,
    where a reviewer merged it, the documents naming it and its corrections."""
    from pactgraph.store import corrections
    from pactgraph.store.db import NotFound
    from pactgraph.store.queries.entities import entity_brief, entity_documents, merged_into

    brief = entity_brief(conn, entity_id)
    if brief is None or brief["type"] != type_:
        label = {"org": "organization"}.get(type_, type_)
        raise NotFound(f"no {label} {entity_id}")
    data = PROFILES[type_](conn, entity_id).to_dict()
    data["key"] = brief["key"]
    data["merged_into"] = merged_into(conn, entity_id)
    data["documents"] = entity_documents(conn, entity_id)
    merged = corrections.merged_from(conn, brief["key"])
    if merged:  # the names of entities merged into this one are its names too
        data["names"] += [n for n in corrections.names_of(conn, merged) if n not in data["names"]]
    data["merged_from"] = merged
    data["corrections"] = corrections.as_dicts(corrections.entity_timeline(conn, brief["key"]))
    return data
