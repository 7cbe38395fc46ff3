"""Where: events per province (the province map) and events per place with coordinates (the point map),
both over the same filters as the lists."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, func, select

from pactgraph.store.provinces import provinces
from pactgraph.store.queries.common import EV, D, E
from pactgraph.store.queries.filters import Filters, event_conditions


def events_per_province(conn: Connection, f: Filters | None = None) -> list[dict[str, Any]]:
    """Events per province-level division (``events.province_code``: the event's place, else the place of a
    government party); ``name`` is the short Chinese name the map uses, ``en`` the English name."""
    where = event_conditions(conn, f or Filters())
    if where is None:
        return []
    stmt = (select(EV.c.province_code, func.count().label("n")).select_from(EV.join(D, D.c.id == EV.c.document_id))
            .where(*where, EV.c.province_code.is_not(None)).group_by(EV.c.province_code))
    table = provinces()
    rows = [(r.province_code, r.n) for r in conn.execute(stmt) if r.province_code in table]
    rows.sort(key=lambda x: (-x[1], x[0]))
    return [{"code": c, "name": table[c]["zh"], "en": table[c]["en"], "events": n} for c, n in rows]


def event_points(conn: Connection, f: Filters | None = None, limit: int = 2000) -> list[dict[str, Any]]:
    """Places with coordinates and the number of selected events there (most events first)."""
    where = event_conditions(conn, f or Filters())
    if where is None:
        return []
    place = E.alias("pt")
    n = func.count().label("n")
    stmt = (select(place.c.id, place.c.name, place.c.name_zh, place.c.kind, place.c.province, place.c.lat,
                   place.c.lon, n)
            .select_from(EV.join(D, D.c.id == EV.c.document_id).join(place, place.c.id == EV.c.place_id))
            .where(*where, place.c.lat.is_not(None), place.c.lon.is_not(None))
            .group_by(place.c.id, place.c.name, place.c.name_zh, place.c.kind, place.c.province, place.c.lat,
                      place.c.lon)
            .order_by(n.desc(), place.c.id).limit(limit))
    return [{"id": r.id, "name": r.name, "name_zh": r.name_zh, "level": r.kind, "province": r.province,
             "lat": r.lat, "lon": r.lon, "events": r.n, "url": f"/places/{r.id}"} for r in conn.execute(stmt)]
