"""Read queries of the API and the web pages, over :mod:`pactgraph.store.models` (SQLAlchemy Core).

Every value from a request reaches SQL as a bound parameter. Profiles of
organizations, people and places and the search come from
:mod:`pactgraph.store.queries`; the lists, the event pages, the statistics
and the graph are here. Results are plain dicts, ready for JSON and templates.
"""

from __future__ import annotations

import functools
import json
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any, get_args

import yaml
from sqlalchemy import Connection, String, and_, column, exists, func, or_, select, text

from pactgraph.record import ROLE_ORDER, AgreementKind, EventType
from pactgraph.store import corrections, fts, models
from pactgraph.store.db import NotFound
from pactgraph.store.queries import _date_bound, _province_names, _terms, find_entity

T = models
D = T.Document.__table__
EV = T.Event.__table__
E = T.Entity.__table__
EP = T.EventParty.__table__
PP = T.EventParticipant.__table__
EF = T.EventField.__table__
MN = T.Mention.__table__
POS = T.Position.__table__

EVENT_TYPES: tuple[str, ...] = get_args(EventType)
AGREEMENT_KINDS: tuple[str, ...] = get_args(AgreementKind)
ROLES: tuple[str, ...] = ROLE_ORDER
ENTITY_TYPES = {"org": "org", "person": "person", "place": "place"}


@functools.cache
def taxonomy() -> dict[str, dict[str, dict[str, str]]]:
    """The sector (``fields``) and ``policies`` codes with their English and Chinese labels."""
    path = Path(__file__).resolve().parent.parent / "data" / "taxonomy.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {k: {code: {"en": v.get("en", code), "zh": v.get("zh", "")} for code, v in (data.get(k) or {}).items()}
            for k in ("fields", "policies")}


@functools.cache
def provinces() -> dict[str, dict[str, str]]:
    """Province-level divisions: code -> {code, en, zh (short, as on the map)}."""
    path = Path(__file__).resolve().parent.parent / "data" / "gazetteer" / "cn_divisions.tsv"
    out = {}
    with path.open(encoding="utf-8") as fh:
        header = fh.readline().rstrip("\n").split("\t")
        for line in fh:
            row = dict(zip(header, line.rstrip("\n").split("\t"), strict=False))
            if row.get("level") == "province":
                out[row["adcode"]] = {"code": row["adcode"], "en": row["name_en"], "zh": row["short_zh"]}
    # the map names the autonomous regions and SARs by their short names
    for code, short in (("150000", "内蒙古"), ("450000", "广西"), ("540000", "西藏"), ("640000", "宁夏"),
                        ("650000", "新疆"), ("810000", "香港"), ("820000", "澳门"), ("710000", "台湾")):
        if code in out:
            out[code]["zh"] = short
    return out


def province_code(code: str | None) -> str | None:
    if code and len(code) == 6 and code.isdigit():
        prov = code[:2] + "0000"
        return prov if prov in provinces() else None
    return None


# -- filters -----------------------------------------------------------------
@dataclass
class EventFilter:
    type: str | None = None
    since: str | None = None
    until: str | None = None
    province: str | None = None
    sector: str | None = None
    org: str | None = None
    person: str | None = None
    place: str | None = None
    q: str | None = None

    def active(self) -> dict[str, str]:
        return {k: v for k, v in self.__dict__.items() if v}


def _entity_id(conn: Connection, type_: str, value: str) -> int | None:
    try:
        return find_entity(conn, type_, value)
    except NotFound:
        return None


def event_conditions(conn: Connection, f: EventFilter) -> list[Any] | None:
    """WHERE conditions on ``events`` for a filter; None when the filter can select nothing."""
    where: list[Any] = [D.c.status == "ok"]
    if f.type:
        where.append(EV.c.type == f.type)
    since, until = _date_bound(f.since, False), _date_bound(f.until, True)
    if since:
        where.append(EV.c.sort_date >= since)
    if until:
        where.append(EV.c.sort_date <= until)
    if f.sector:
        where.append(exists().where(EF.c.event_id == EV.c.id, EF.c.field == f.sector))
    if f.province:
        names = _province_names(f.province)
        place = E.alias("fp")
        party_ent = E.alias("fpe")
        where.append(or_(
            exists().where(place.c.id == EV.c.place_id,
                           or_(place.c.province.in_(names), place.c.province_zh.in_(names))),
            exists().where(EP.c.event_id == EV.c.id, party_ent.c.id == EP.c.entity_id,
                           or_(party_ent.c.province.in_(names), party_ent.c.province_zh.in_(names)))))
    if f.org:
        org_id = _entity_id(conn, "org", f.org)
        if org_id is None:
            return None
        ids = [org_id] + _descendants(conn, org_id)
        where.append(exists().where(EP.c.event_id == EV.c.id, EP.c.entity_id.in_(ids)))
    if f.person:
        person_id = _entity_id(conn, "person", f.person)
        if person_id is None:
            return None
        where.append(exists().where(PP.c.event_id == EV.c.id, PP.c.entity_id == person_id))
    if f.place:
        place_id = _entity_id(conn, "place", f.place)
        if place_id is None:
            return None
        govs = select(E.c.id).where(E.c.place_id == place_id)
        where.append(or_(EV.c.place_id == place_id,
                         exists().where(EP.c.event_id == EV.c.id, EP.c.entity_id.in_(govs))))
    terms = _terms(f.q or "")
    if terms:
        where.append(EV.c.document_id.in_(_matching_documents(conn, terms)))
    return where


def _matching_documents(conn: Connection, terms: list[str]) -> Any:
    """A SELECT of the ids of documents matching every term (the store's full-text SQL, bound parameters)."""
    params: dict[str, Any] = {}
    from_sql, where_sql, _ = fts.document_match(conn.dialect.name, terms, params)
    matching = text(f"SELECT d.id AS id FROM {from_sql} WHERE {where_sql}").bindparams(**params)
    sub = matching.columns(column("id", String)).subquery("fts_match")
    return select(sub.c.id)


def _descendants(conn: Connection, root: int) -> list[int]:
    out, frontier = [], [root]
    while frontier:
        children = [r[0] for r in conn.execute(select(E.c.id).where(E.c.parent_id.in_(frontier)))]
        children = [c for c in children if c not in out and c != root]
        out += children
        frontier = children
    return out


# -- events ------------------------------------------------------------------
def event_ref(document_id: str, idx: int) -> str:
    return f"{document_id}/{idx}"


def list_events(conn: Connection, f: EventFilter, *, limit: int, offset: int) -> tuple[list[dict[str, Any]], int]:
    """Events matching ``f``, newest first, with parties, participants and sectors; and the total."""
    where = event_conditions(conn, f)
    if where is None:
        return [], 0
    base = EV.join(D, D.c.id == EV.c.document_id)
    total = conn.execute(select(func.count()).select_from(base).where(*where)).scalar_one()
    stmt = (select(EV.c.id, EV.c.document_id, EV.c.idx, EV.c.type, EV.c.agreement_kind, EV.c.date, EV.c.sort_date,
                   EV.c.place_id, EV.c.place_name, EV.c.story_id, EV.c.cameo, D.c.title, D.c.language, D.c.url)
            .select_from(base).where(*where).order_by(EV.c.sort_date.desc(), EV.c.id.desc())
            .limit(limit).offset(offset))
    rows = [dict(r) for r in conn.execute(stmt).mappings()]
    _attach_links(conn, rows)
    return rows, total


def _attach_links(conn: Connection, rows: list[dict[str, Any]]) -> None:
    by_id = {r["id"]: r for r in rows}
    for r in rows:
        r.update(ref=event_ref(r["document_id"], r["idx"]), parties=[], participants=[], fields=[])
    if not by_id:
        return
    ids = list(by_id)
    for r in conn.execute(select(EP.c.event_id, EP.c.entity_id, EP.c.name, E.c.name.label("canonical"), E.c.kind)
                          .join(E, E.c.id == EP.c.entity_id).where(EP.c.event_id.in_(ids)).order_by(EP.c.id)):
        by_id[r.event_id]["parties"].append({"id": r.entity_id, "name": r.canonical, "as_written": r.name,
                                             "kind": r.kind})
    for r in conn.execute(select(PP.c.event_id, PP.c.entity_id, PP.c.name, PP.c.role, PP.c.evidence,
                                 E.c.name.label("canonical")).join(E, E.c.id == PP.c.entity_id)
                          .where(PP.c.event_id.in_(ids)).order_by(PP.c.id)):
        by_id[r.event_id]["participants"].append({"id": r.entity_id, "name": r.canonical, "as_written": r.name,
                                                  "role": r.role})
    for r in conn.execute(select(EF.c.event_id, EF.c.field).where(EF.c.event_id.in_(ids)).order_by(EF.c.id)):
        by_id[r.event_id]["fields"].append(r.field)


def get_event(conn: Connection, document_id: str, idx: int) -> dict[str, Any]:
    """One event with its document, the corrected record event, evidence spans and corrections."""
    row = conn.execute(select(EV.c.id, EV.c.document_id, EV.c.idx, EV.c.type, EV.c.agreement_kind, EV.c.date,
                              EV.c.sort_date, EV.c.place_id, EV.c.place_name, EV.c.story_id, EV.c.cameo,
                              EV.c.plover, EV.c.confidence)
                       .where(EV.c.document_id == document_id, EV.c.idx == idx)).mappings().first()
    if row is None:
        raise NotFound(f"no event {idx} in document {document_id!r}")
    event = dict(row)
    _attach_links(conn, [event])
    if event["place_id"]:
        place = conn.execute(select(E.c.id, E.c.name, E.c.province, E.c.code).where(E.c.id == event["place_id"]))
        event["place"] = dict(place.mappings().one())
    else:
        event["place"] = None
    doc = get_document(conn, document_id)
    event["document"] = doc
    record_events = (doc["record"] or {}).get("events") or []
    event["record"] = record_events[idx] if idx < len(record_events) else None
    event["extracted"] = ((doc["extraction"] or {}).get("events") or [None] * (idx + 1))[idx] \
        if idx < len((doc["extraction"] or {}).get("events") or []) else None
    event["corrections"] = [c for c in doc["corrections"] if c["event_idx"] == idx]
    event["siblings"] = [{"ref": event_ref(document_id, i), "idx": i, "type": e.get("type")}
                         for i, e in enumerate(record_events) if i != idx]
    if event["story_id"] is not None:
        copies = conn.execute(select(D.c.id, D.c.title, D.c.url).where(D.c.story_id == event["story_id"],
                                                                      D.c.id != document_id).limit(50))
        event["copies"] = [dict(r) for r in copies.mappings()]
    else:
        event["copies"] = []
    return event


# -- documents ---------------------------------------------------------------
def list_documents(conn: Connection, *, q: str | None, status: str | None, limit: int,
                   offset: int) -> tuple[list[dict[str, Any]], int]:
    where: list[Any] = []
    if status:
        where.append(D.c.status == status)
    terms = _terms(q or "")
    if terms:
        where.append(D.c.id.in_(_matching_documents(conn, terms)))
    total = conn.execute(select(func.count()).select_from(D).where(*where)).scalar_one()
    n_events = select(func.count()).select_from(EV).where(EV.c.document_id == D.c.id).scalar_subquery()
    stmt = (select(D.c.id, D.c.title, D.c.url, D.c.published, D.c.language, D.c.status, D.c.error_code,
                   D.c.error_message, D.c.doc_date, D.c.story_id, n_events.label("n_events"))
            .where(*where).order_by(D.c.doc_date.desc(), D.c.id).limit(limit).offset(offset))
    return [dict(r) for r in conn.execute(stmt).mappings()], total


def get_document(conn: Connection, document_id: str) -> dict[str, Any]:
    row = conn.execute(select(D.c.id, D.c.url, D.c.published, D.c.title, D.c.language, D.c.text, D.c.status,
                              D.c.error_code, D.c.error_message, D.c.record_json, D.c.story_id, D.c.doc_date,
                              D.c.source, D.c.ingested_at, D.c.content_hash).where(D.c.id == document_id)
                       ).mappings().first()
    if row is None:
        raise NotFound(f"no document {document_id!r}")
    doc = dict(row)
    extraction = doc.pop("record_json")
    corr = corrections.document_corrections(conn, document_id)
    doc["extraction"] = extraction
    doc["record"] = corrections.corrected_record(extraction, corr, doc["text"], doc.pop("content_hash"))
    doc["corrections"] = corrections.as_dicts(corr)
    doc["events"] = [{"ref": event_ref(document_id, i), "idx": i, "type": e.get("type"), "date": e.get("date")}
                     for i, e in enumerate((doc["record"] or {}).get("events") or [])]
    doc["mentions"] = [dict(r) for r in conn.execute(
        select(MN.c.entity_id, MN.c.name, E.c.type, E.c.name.label("canonical")).join(E, E.c.id == MN.c.entity_id)
        .where(MN.c.document_id == document_id).order_by(MN.c.id)).mappings()]
    return doc


# -- entities ----------------------------------------------------------------
def list_entities(conn: Connection, type_: str, *, q: str | None, kind: str | None, province: str | None,
                  limit: int, offset: int) -> tuple[list[dict[str, Any]], int]:
    where: list[Any] = [E.c.type == type_, E.c.n_documents > 0]
    if kind:
        where.append(E.c.kind == kind)
    if province:
        names = _province_names(province)
        where.append(or_(E.c.province.in_(names), E.c.province_zh.in_(names)))
    if q and q.strip():
        from pactgraph.store.corrections import _name_keys

        N = T.EntityName.__table__
        keys = _name_keys(type_, q)
        pattern = fts.like_pattern(keys[0]) if keys else "%"
        where.append(exists().where(N.c.entity_id == E.c.id,
                                    or_(N.c.norm.in_(keys), N.c.norm.like(pattern, escape="\\"))))
    total = conn.execute(select(func.count()).select_from(E).where(*where)).scalar_one()
    stmt = (select(E.c.id, E.c.type, E.c.key, E.c.name, E.c.name_en, E.c.name_zh, E.c.kind, E.c.province,
                   E.c.province_zh, E.c.code, E.c.n_documents, E.c.parent_id, E.c.lat, E.c.lon)
            .where(*where).order_by(E.c.n_documents.desc(), E.c.name).limit(limit).offset(offset))
    rows = [dict(r) for r in conn.execute(stmt).mappings()]
    if rows and type_ in ("org", "person", "place"):
        ids = [r["id"] for r in rows]
        if type_ == "org":
            counts = dict(conn.execute(select(EP.c.entity_id, func.count(EP.c.event_id.distinct()))
                                       .where(EP.c.entity_id.in_(ids)).group_by(EP.c.entity_id)).all())
        elif type_ == "person":
            counts = dict(conn.execute(select(PP.c.entity_id, func.count(PP.c.event_id.distinct()))
                                       .where(PP.c.entity_id.in_(ids)).group_by(PP.c.entity_id)).all())
        else:
            counts = dict(conn.execute(select(EV.c.place_id, func.count()).where(EV.c.place_id.in_(ids))
                                       .group_by(EV.c.place_id)).all())
        for r in rows:
            r["n_events"] = counts.get(r["id"], 0)
    return rows, total


def entity_brief(conn: Connection, entity_id: int) -> dict[str, Any] | None:
    row = conn.execute(select(E.c.id, E.c.type, E.c.key, E.c.name, E.c.kind, E.c.n_documents)
                       .where(E.c.id == entity_id)).mappings().first()
    return dict(row) if row else None


def merged_into(conn: Connection, entity_id: int) -> int | None:
    """The entity this one was merged into (by a reviewer), if any."""
    row = entity_brief(conn, entity_id)
    if row is None:
        return None
    target = corrections.merged_keys(conn).get(row["key"])
    if target is None:
        return None
    return conn.execute(select(E.c.id).where(E.c.key == target)).scalar()


def entity_documents(conn: Connection, entity_id: int, limit: int = 200) -> list[dict[str, Any]]:
    stmt = (select(D.c.id, D.c.title, D.c.doc_date, func.min(MN.c.name).label("as_written"))
            .join(MN, MN.c.document_id == D.c.id).where(MN.c.entity_id == entity_id)
            .group_by(D.c.id, D.c.title, D.c.doc_date).order_by(D.c.doc_date.desc()).limit(limit))
    return [dict(r) for r in conn.execute(stmt).mappings()]


# -- statistics --------------------------------------------------------------
def stats(conn: Connection) -> dict[str, Any]:
    """Counts, events per month and type, top sectors, top partners, events per province."""
    ok = D.c.status == "ok"
    counts = {
        "documents": conn.execute(select(func.count()).select_from(D).where(ok)).scalar_one(),
        "failed_documents": conn.execute(select(func.count()).select_from(D).where(D.c.status != "ok")).scalar_one(),
        "events": conn.execute(select(func.count()).select_from(EV)).scalar_one(),
        "stories": conn.execute(select(func.count(D.c.story_id.distinct())).where(ok)).scalar_one(),
        "corrections": corrections.count_corrections(conn),
    }
    for type_, key in (("org", "organizations"), ("person", "people"), ("place", "places")):
        counts[key] = conn.execute(select(func.count()).select_from(E)
                                   .where(E.c.type == type_, E.c.n_documents > 0)).scalar_one()
    month = func.substr(EV.c.sort_date, 1, 7)
    per_month: dict[str, Counter[str]] = defaultdict(Counter)
    for r in conn.execute(select(month.label("m"), EV.c.type, func.count()).where(EV.c.sort_date.is_not(None))
                          .group_by(month, EV.c.type)):
        if r.m and r.m[:4].isdigit():
            per_month[r.m][r.type] = r[2]
    months = _month_range(sorted(per_month))
    by_type = dict(conn.execute(select(EV.c.type, func.count()).group_by(EV.c.type)).all())
    labels = taxonomy()["fields"]
    sectors = [{"code": r.field, "label": labels.get(r.field, {}).get("en", r.field),
                "label_zh": labels.get(r.field, {}).get("zh", ""), "events": r.n}
               for r in conn.execute(select(EF.c.field, func.count(EF.c.event_id.distinct()).label("n"))
                                     .group_by(EF.c.field).order_by(text("n DESC"), EF.c.field).limit(15))]
    partners = [{"id": r.id, "name": r.name, "kind": r.kind, "events": r.n}
                for r in conn.execute(select(E.c.id, E.c.name, E.c.kind, func.count(EP.c.event_id.distinct())
                                             .label("n")).join(EP, EP.c.entity_id == E.c.id)
                                      .group_by(E.c.id, E.c.name, E.c.kind).order_by(text("n DESC"), E.c.name)
                                      .limit(15))]
    return {
        "counts": counts,
        "months": months,
        "events_per_month": [{"month": m, "total": sum(per_month[m].values()),
                              **{t: per_month[m].get(t, 0) for t in EVENT_TYPES}} for m in months],
        "event_types": [{"type": t, "events": by_type.get(t, 0)} for t in EVENT_TYPES],
        "top_sectors": sectors,
        "top_partners": partners,
        "provinces": events_per_province(conn),
    }


def _month_range(months: list[str]) -> list[str]:
    if not months:
        return []
    first, last = months[0], months[-1]
    y, m = int(first[:4]), int(first[5:7])
    out = []
    while f"{y:04d}-{m:02d}" <= last and len(out) < 600:
        out.append(f"{y:04d}-{m:02d}")
        m += 1
        if m > 12:
            y, m = y + 1, 1
    return out


def events_per_province(conn: Connection, f: EventFilter | None = None) -> list[dict[str, Any]]:
    """Events per province: the event's place, else the place of a government party."""
    where = event_conditions(conn, f) if f else [D.c.status == "ok"]
    if where is None:
        return []
    place = E.alias("pl")
    base = EV.join(D, D.c.id == EV.c.document_id).outerjoin(place, place.c.id == EV.c.place_id)
    event_prov: dict[int, str] = {}
    for r in conn.execute(select(EV.c.id, place.c.code).select_from(base).where(*where)):
        code = province_code(r.code)
        event_prov[r.id] = code or ""
    missing = [i for i, c in event_prov.items() if not c]
    gov, gplace = E.alias("gov"), E.alias("gpl")
    for start in range(0, len(missing), 900):
        chunk = missing[start:start + 900]
        stmt = (select(EP.c.event_id, gplace.c.code).join(gov, gov.c.id == EP.c.entity_id)
                .join(gplace, gplace.c.id == gov.c.place_id).where(EP.c.event_id.in_(chunk)).order_by(EP.c.id))
        for r in conn.execute(stmt):
            if not event_prov.get(r.event_id):
                event_prov[r.event_id] = province_code(r.code) or ""
    counts = Counter(c for c in event_prov.values() if c)
    table = provinces()
    return [{"code": c, "name": table[c]["zh"], "en": table[c]["en"], "events": n}
            for c, n in counts.most_common()]


# -- graph -------------------------------------------------------------------
def graph(conn: Connection, f: EventFilter, *, mode: str = "orgs", limit: int = 150,
          min_weight: int = 1) -> dict[str, Any]:
    """Nodes and edges: ``orgs`` (organizations linked by shared events, weighted) or ``events``
    (organizations and the events they are parties to)."""
    where = event_conditions(conn, f)
    if where is None:
        return {"nodes": [], "edges": [], "mode": mode, "truncated": False}
    base = EV.join(D, D.c.id == EV.c.document_id)
    stmt = (select(EV.c.id, EV.c.document_id, EV.c.idx, EV.c.type, EV.c.sort_date, D.c.title)
            .select_from(base).where(*where).order_by(EV.c.sort_date.desc()).limit(5000))
    events = {r.id: dict(r._mapping) for r in conn.execute(stmt)}
    parties: dict[int, list[int]] = defaultdict(list)
    orgs: dict[int, dict[str, Any]] = {}
    ids = list(events)
    for start in range(0, len(ids), 900):
        chunk = ids[start:start + 900]
        for r in conn.execute(select(EP.c.event_id, E.c.id, E.c.name, E.c.kind, E.c.province)
                              .join(E, E.c.id == EP.c.entity_id).where(EP.c.event_id.in_(chunk))):
            if r.id not in parties[r.event_id]:
                parties[r.event_id].append(r.id)
            orgs[r.id] = {"id": r.id, "name": r.name, "kind": r.kind, "province": r.province}
    degree: Counter[int] = Counter(o for ps in parties.values() for o in ps)
    keep = {o for o, _ in degree.most_common(limit)}
    truncated = len(degree) > len(keep)
    nodes = [{"id": f"o{o}", "entity_id": o, "type": "org", "label": orgs[o]["name"], "kind": orgs[o]["kind"],
              "province": orgs[o]["province"], "events": degree[o], "url": f"/orgs/{o}"} for o in keep]
    edges: list[dict[str, Any]] = []
    if mode == "events":
        for event_id, ps in parties.items():
            members = [o for o in ps if o in keep]
            if not members:
                continue
            ev = events[event_id]
            nodes.append({"id": f"e{event_id}", "type": "event", "event_type": ev["type"],
                          "label": f"{ev['type']} {ev['sort_date'] or ''}".strip(), "title": ev["title"],
                          "date": ev["sort_date"], "url": f"/events/{event_ref(ev['document_id'], ev['idx'])}"})
            edges += [{"id": f"e{event_id}-o{o}", "source": f"o{o}", "target": f"e{event_id}", "weight": 1}
                      for o in members]
    else:
        weights: Counter[tuple[int, int]] = Counter()
        for ps in parties.values():
            members = sorted(o for o in ps if o in keep)
            for i, a in enumerate(members):
                for b in members[i + 1:]:
                    weights[(a, b)] += 1
        edges = [{"id": f"o{a}-o{b}", "source": f"o{a}", "target": f"o{b}", "weight": w}
                 for (a, b), w in weights.most_common() if w >= min_weight]
    return {"nodes": nodes, "edges": edges, "mode": mode, "truncated": truncated,
            "events": len(events)}


def data_version(conn: Connection) -> tuple[Any, ...]:
    """Changes whenever documents are written or corrections made (for caching aggregates)."""
    doc = conn.execute(select(func.max(D.c.seq), func.count()).select_from(D)).one()
    corr = conn.execute(select(func.max(corrections.C.c.id))).scalar()
    marks = conn.execute(select(func.count()).select_from(corrections.M)).scalar()
    return (doc[0], doc[1], corr, marks)


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=str)


__all__ = ["AGREEMENT_KINDS", "ENTITY_TYPES", "EVENT_TYPES", "ROLES", "EventFilter", "and_", "dumps",
           "entity_brief", "entity_documents", "event_conditions", "get_document", "get_event", "graph",
           "list_documents", "list_entities", "list_events", "merged_into", "stats", "taxonomy"]
