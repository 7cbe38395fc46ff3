"""Relations: the co-signatory network of a selection of events (one organization's, one province's ...)
with a stable layout, and "what connects A and B": shared events, shared people and the shortest paths
through events and positions, each step with its evidence.

Neither loads the whole graph: the network reads the newest :data:`NETWORK_EVENTS` selected events, and
paths grow breadth-first from both ends, one indexed query per step, with bounded frontiers.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from sqlalchemy import Connection, select, text, union

from pactgraph.store.db import NotFound, StoreError
from pactgraph.store.queries.common import EP, EV, POS, PP, D, E, find_entity
from pactgraph.store.queries.filters import Filters, event_conditions
from pactgraph.store.queries.links import event_ref
from pactgraph.store.queries.profiles import evidence_sql

NETWORK_EVENTS = 5000
MAX_FRONTIER = 3000
MAX_DEPTH = 6
"""Steps of a path: entity, event, entity ... (6 steps: three events apart)."""
SLUGS = {"org": "orgs", "person": "people", "place": "places"}


def _layout(nodes: list[dict[str, Any]], edges: list[dict[str, Any]]) -> None:
    """Positions in [0, 1000] from a seeded spring layout: the same selection always looks the same."""
    if not nodes:
        return
    import networkx as nx

    g = nx.Graph()
    for n in sorted(nodes, key=lambda n: n["id"]):
        g.add_node(n["id"])
    for e in edges:
        g.add_edge(e["source"], e["target"], weight=e.get("weight", 1))
    pos = nx.spring_layout(g, seed=7, iterations=60, k=1.6 / max(1, len(nodes)) ** 0.5)
    xs = [p[0] for p in pos.values()] or [0]
    ys = [p[1] for p in pos.values()] or [0]
    span = max(max(xs) - min(xs), max(ys) - min(ys)) or 1.0
    for n in nodes:
        x, y = pos[n["id"]]
        n["x"] = round(float((x - min(xs)) / span * 1000), 1)
        n["y"] = round(float((y - min(ys)) / span * 1000), 1)


def network(conn: Connection, f: Filters, *, mode: str = "orgs", limit: int = 150,
            min_weight: int = 1) -> dict[str, Any]:
    """Nodes and edges: ``orgs`` (organizations linked by shared events, weighted) or ``events``
    (organizations and the events they are parties to); each node with ``x``/``y`` of a stable layout."""
    if mode not in ("orgs", "events"):
        raise StoreError(f"unknown network mode {mode!r}: use orgs or events")
    where = event_conditions(conn, f)
    if where is None:
        return {"nodes": [], "edges": [], "mode": mode, "truncated": False, "events": 0}
    base = EV.join(D, D.c.id == EV.c.document_id)
    stmt = (select(EV.c.id, EV.c.document_id, EV.c.idx, EV.c.type, EV.c.sort_date, D.c.title)
            .select_from(base).where(*where).order_by(EV.c.sort_date.desc(), EV.c.id.desc()).limit(NETWORK_EVENTS))
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
    keep = {o for o, _ in sorted(degree.items(), key=lambda x: (-x[1], x[0]))[:limit]}
    truncated = len(degree) > len(keep)
    nodes = [{"id": f"o{o}", "entity_id": o, "type": "org", "label": orgs[o]["name"],
              "short": _short(orgs[o]["name"]), "kind": orgs[o]["kind"], "province": orgs[o]["province"],
              "events": degree[o], "url": f"/orgs/{o}"} for o in sorted(keep)]
    edges: list[dict[str, Any]] = []
    if mode == "events":
        for event_id, ps in sorted(parties.items()):
            members = [o for o in ps if o in keep]
            if not members:
                continue
            ev = events[event_id]
            nodes.append({"id": f"e{event_id}", "type": "event", "event_type": ev["type"],
                          "label": f"{ev['type']} {ev['sort_date'] or ''}".strip(), "short": "",
                          "title": ev["title"], "date": ev["sort_date"],
                          "url": f"/events/{event_ref(ev['document_id'], ev['idx'])}"})
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
                 for (a, b), w in sorted(weights.items(), key=lambda x: (-x[1], x[0])) if w >= min_weight]
    _layout(nodes, edges)
    return {"nodes": nodes, "edges": edges, "mode": mode, "truncated": truncated, "events": len(events)}


def _short(name: str, width: int = 26) -> str:
    return name if len(name) <= width else name[: width - 1] + "…"


# -- what connects A and B -------------------------------------------------------
def resolve_any(conn: Connection, value: str) -> tuple[str, int]:
    """``org:12``, ``person:7``, ``place:3``, or a name tried as an organization, a person, then a place."""
    if ":" in value and value.split(":", 1)[0] in SLUGS:
        type_, rest = value.split(":", 1)
        return type_, find_entity(conn, type_, rest)
    for type_ in ("org", "person", "place"):
        try:
            return type_, find_entity(conn, type_, value)
        except NotFound:
            continue
    raise NotFound(f"no organization, person or place named {value!r}")


def _entity_events(conn: Connection, ids: list[int]) -> dict[int, set[int]]:
    out: dict[int, set[int]] = defaultdict(set)
    q = union(select(EP.c.entity_id, EP.c.event_id).where(EP.c.entity_id.in_(ids)),
              select(PP.c.entity_id, PP.c.event_id).where(PP.c.entity_id.in_(ids)))
    for entity_id, event_id in conn.execute(q):
        out[entity_id].add(event_id)
    return out


def _event_entities(conn: Connection, ids: list[int]) -> dict[int, set[int]]:
    out: dict[int, set[int]] = defaultdict(set)
    q = union(select(EP.c.event_id, EP.c.entity_id).where(EP.c.event_id.in_(ids)),
              select(PP.c.event_id, PP.c.entity_id).where(PP.c.event_id.in_(ids)))
    for event_id, entity_id in conn.execute(q):
        out[event_id].add(entity_id)
    return out


def _position_links(conn: Connection, ids: list[int]) -> dict[int, set[int]]:
    out: dict[int, set[int]] = defaultdict(set)
    for person_id, org_id in conn.execute(select(POS.c.person_id, POS.c.org_id).where(
            POS.c.org_id.is_not(None), (POS.c.person_id.in_(ids)) | (POS.c.org_id.in_(ids))).distinct()):
        out[person_id].add(org_id)
        out[org_id].add(person_id)
    return out


Node = tuple[str, int]
"""``("e", entity id)`` or ``("v", event id)``."""


def _neighbours(conn: Connection, frontier: list[Node]) -> dict[Node, set[Node]]:
    entities = [i for k, i in frontier if k == "e"]
    events = [i for k, i in frontier if k == "v"]
    out: dict[Node, set[Node]] = defaultdict(set)
    for chunk in _chunks(entities):
        for entity_id, evs in _entity_events(conn, chunk).items():
            out[("e", entity_id)] |= {("v", v) for v in list(evs)[:500]}
        links = _position_links(conn, chunk)
        for entity_id in chunk:
            out[("e", entity_id)] |= {("e", o) for o in links.get(entity_id, set())}
    for chunk in _chunks(events):
        for event_id, ents in _event_entities(conn, chunk).items():
            out[("v", event_id)] |= {("e", e) for e in ents}
    return out


def _chunks(items: list[int], size: int = 900) -> list[list[int]]:
    return [items[i:i + size] for i in range(0, len(items), size)]


def _paths(conn: Connection, a: Node, b: Node, max_paths: int) -> list[list[Node]]:
    """Shortest paths from ``a`` to ``b`` (breadth-first from both ends, layer by layer)."""
    parents = {a: {}, b: {}}  # side -> node -> set of parents
    parents[a][a] = set()
    parents[b][b] = set()
    frontiers = {a: [a], b: [b]}
    depth = 0
    meet: set[Node] = set()
    while depth < MAX_DEPTH and frontiers[a] and frontiers[b]:
        side = a if len(frontiers[a]) <= len(frontiers[b]) else b
        seen = parents[side]
        nxt: dict[Node, set[Node]] = defaultdict(set)
        for node, neighbours in _neighbours(conn, frontiers[side][:MAX_FRONTIER]).items():
            for other in neighbours:
                if other not in seen:
                    nxt[other].add(node)
        for node, ps in nxt.items():
            seen[node] = ps
        frontiers[side] = sorted(nxt)
        depth += 1
        meet = set(parents[a]) & set(parents[b])
        if meet:
            break
    if not meet:
        return []

    def walk(side: Node, node: Node) -> list[list[Node]]:
        if node == side:
            return [[node]]
        out = []
        for parent in sorted(parents[side][node]):
            for path in walk(side, parent):
                out.append(path + [node])
                if len(out) >= max_paths:
                    return out
        return out

    paths = []
    for node in sorted(meet):
        for left in walk(a, node):
            for right in walk(b, node):
                paths.append(left + list(reversed(right))[1:])
                if len(paths) >= max_paths:
                    return paths
    return paths


def _event_details(conn: Connection, ids: list[int]) -> dict[int, dict[str, Any]]:
    if not ids:
        return {}
    from sqlalchemy import bindparam

    sql = text(f"SELECT ev.id, ev.document_id, ev.idx, ev.type, ev.sort_date, ev.confidence, d.title, "
               f"{evidence_sql(conn.dialect.name)} AS sentence FROM events ev JOIN documents d "
               "ON d.id = ev.document_id WHERE ev.id IN :ids").bindparams(bindparam("ids", expanding=True))
    out = {}
    for r in conn.execute(sql, {"ids": ids}).mappings():
        out[r["id"]] = {"event_id": r["id"], "ref": event_ref(r["document_id"], r["idx"]), "type": r["type"],
                        "date": r["sort_date"], "title": r["title"], "confidence": r["confidence"],
                        "evidence": " ".join((r["sentence"] or "").split()) or None}
    return out


def _entities(conn: Connection, ids: list[int]) -> dict[int, dict[str, Any]]:
    if not ids:
        return {}
    return {r.id: {"id": r.id, "type": r.type, "name": r.name, "kind": r.kind, "url": f"/{SLUGS[r.type]}/{r.id}"}
            for r in conn.execute(select(E.c.id, E.c.type, E.c.name, E.c.kind).where(E.c.id.in_(ids)))}


def _position_evidence(conn: Connection, person: int, org: int) -> dict[str, Any]:
    a, b = (person, org)
    row = conn.execute(select(POS.c.person_id, POS.c.org_id, POS.c.title, POS.c.document_id, POS.c.seen_date)
                       .where(((POS.c.person_id == a) & (POS.c.org_id == b)) | ((POS.c.person_id == b) &
                                                                                (POS.c.org_id == a)))
                       .order_by(POS.c.seen_date.desc()).limit(1)).first()
    if row is None:
        return {}
    return {"title": row.title, "document_id": row.document_id, "date": row.seen_date}


def connects(conn: Connection, a: str, b: str, *, max_paths: int = 5, limit: int = 50) -> dict[str, Any]:
    """What connects ``a`` and ``b`` (names or ``type:id``): their shared events, the people both deal
    with, and up to ``max_paths`` shortest paths, each step with its evidence (the event's sentence,
    or the title that links a person to an organization)."""
    type_a, id_a = resolve_any(conn, a)
    type_b, id_b = resolve_any(conn, b)
    if id_a == id_b:
        raise StoreError("A and B are the same entity")
    events = _entity_events(conn, [id_a, id_b])
    shared_ids = sorted(events.get(id_a, set()) & events.get(id_b, set()))
    details = _event_details(conn, shared_ids[-limit:])
    shared = sorted(details.values(), key=lambda e: (e["date"] or "", e["event_id"]), reverse=True)
    # people in the events of both, or holding titles at both
    people: dict[int, Counter[str]] = defaultdict(Counter)
    for side, entity_id in (("a", id_a), ("b", id_b)):
        evs = sorted(events.get(entity_id, set()))[-2000:]
        for chunk in _chunks(evs):
            for r in conn.execute(select(PP.c.entity_id).where(PP.c.event_id.in_(chunk)).distinct()):
                people[r.entity_id][side] += 1
        for other in _position_links(conn, [entity_id]).get(entity_id, set()):
            people[other][side] += 1
    both = [p for p, c in people.items() if c["a"] and c["b"] and p not in (id_a, id_b)]
    people_info = _entities(conn, both[:limit])
    shared_people = [{**people_info[p], "with_a": people[p]["a"], "with_b": people[p]["b"]}
                     for p in both[:limit] if p in people_info and people_info[p]["type"] == "person"]
    paths = _paths(conn, ("e", id_a), ("e", id_b), max_paths)
    ent_ids = sorted({i for p in paths for k, i in p if k == "e"} | {id_a, id_b})
    ev_ids = sorted({i for p in paths for k, i in p if k == "v"})
    ents, evs = _entities(conn, ent_ids), _event_details(conn, ev_ids)
    out_paths = []
    for path in paths:
        steps = []
        for n, (kind, node_id) in enumerate(path):
            if kind == "v":
                steps.append({**evs.get(node_id, {"event_id": node_id}), "step": "event"})
            else:
                step = {**ents.get(node_id, {"id": node_id}), "step": "entity"}
                if n and path[n - 1][0] == "e":
                    step["position"] = _position_evidence(conn, path[n - 1][1], node_id)
                steps.append(step)
        out_paths.append({"length": len([s for s in path if s[0] == "v"]) + len(
            [1 for i in range(1, len(path)) if path[i][0] == "e" and path[i - 1][0] == "e"]), "steps": steps})
    return {"a": ents.get(id_a), "b": ents.get(id_b), "shared_events": shared, "shared_events_total": len(shared_ids),
            "shared_people": shared_people, "paths": out_paths}
