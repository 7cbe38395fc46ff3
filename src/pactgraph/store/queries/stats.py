"""Statistics of the whole database (the dashboard) and the data version that caches are keyed on."""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from sqlalchemy import Connection, func, select, text

from pactgraph.record import EVENT_TYPES
from pactgraph.store import corrections, models
from pactgraph.store.queries.common import EF, EP, EV, D, E, taxonomy
from pactgraph.store.queries.geo import events_per_province

DV = models.DataVersion.__table__


def data_version(conn: Connection) -> int:
    """A number that grows whenever documents or corrections are written (triggers keep it): one
    primary-key look-up, the key of cached responses and of their ETags."""
    value = conn.execute(select(DV.c.version).where(DV.c.id == 1)).scalar()
    return int(value or 0)


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


