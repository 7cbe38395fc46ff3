"""The filters of every table (one dataclass for the API, the web pages, the CLI and exports) and the SQL
conditions they make. Every value reaches SQL as a bound parameter; codes are validated first."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from typing import Any

from sqlalchemy import Connection, String, and_, column, exists, func, or_, select, text

from pactgraph.store import corrections, fts
from pactgraph.store.queries.common import (
    BAND_BOUNDS,
    DP,
    EF,
    EP,
    EV,
    MN,
    PP,
    D,
    E,
    check_band,
    check_event_type,
    check_kind,
    check_language,
    check_policy,
    check_province,
    check_sector,
    date_bound,
    descendants,
    entity_id_or_none,
    province_names,
    terms,
)

C = corrections.C


@dataclass
class Filters:
    """What a table view selects. Empty fields select everything; see :meth:`validate`."""

    q: str | None = None
    type: str | None = None
    """Event type."""
    since: str | None = None
    until: str | None = None
    year: str | None = None
    province: str | None = None
    """A province by code or name (English or Chinese)."""
    sector: str | None = None
    policy: str | None = None
    org: str | None = None
    """An organization (id, name, alias); its subsidiaries count too."""
    person: str | None = None
    place: str | None = None
    kind: str | None = None
    """Organization kind (events: of a party); place level for places."""
    language: str | None = None
    confidence: str | None = None
    """Confidence band: high, medium, low, unknown."""
    min_confidence: float | None = None
    reviewed: bool | None = None
    status: str | None = None
    """Documents: ok or error."""

    def active(self) -> dict[str, Any]:
        """The set filters, as query parameters (a stable URL of the view)."""
        out: dict[str, Any] = {}
        for key, value in asdict(self).items():
            if value is None or value == "":
                continue
            out[key] = ("yes" if value else "no") if isinstance(value, bool) else value
        return out

    @classmethod
    def from_params(cls, params: dict[str, Any]) -> Filters:
        names = {f.name for f in fields(cls)}
        values: dict[str, Any] = {}
        for key, value in params.items():
            if key not in names or value in (None, ""):
                continue
            if key == "reviewed":
                value = value if isinstance(value, bool) else str(value).lower() in ("1", "yes", "true")
            elif key == "min_confidence":
                value = float(value)
            values[key] = value
        return cls(**values)

    def validate(self, table: str = "events") -> Filters:
        """Check codes and dates (raises :class:`~pactgraph.store.db.StoreError` listing the valid values)."""
        if self.type:
            check_event_type(self.type)
        if self.sector:
            check_sector(self.sector)
        if self.policy:
            check_policy(self.policy)
        if self.province:
            check_province(self.province)
        if self.language:
            check_language(self.language)
        if self.confidence:
            check_band(self.confidence)
        if self.kind:
            check_kind(self.kind, "place" if table == "places" else None)
        if self.year and not (len(self.year) == 4 and self.year.isdigit()):
            from pactgraph.store.db import StoreError

            raise StoreError(f"not a year: {self.year!r} (use YYYY)")
        if self.min_confidence is not None and not 0 <= self.min_confidence <= 1:
            from pactgraph.store.db import StoreError

            raise StoreError(f"min_confidence must be between 0 and 1, not {self.min_confidence}")
        date_bound(self.since, False)
        date_bound(self.until, True)
        return self


EventFilter = Filters
"""The former name of :class:`Filters`."""


def band_condition(col: Any, band: str) -> Any:
    if band == "unknown":
        return col.is_(None)
    low, high = BAND_BOUNDS[band]
    parts = []
    if low is not None:
        parts.append(col >= low)
    if high is not None:
        parts.append(col < high)
    return and_(*parts)


def matching_documents(conn: Connection, query: str) -> Any | None:
    """A SELECT of the ids of documents whose text matches every term (None for an empty query)."""
    words = terms(query or "")
    if not words:
        return None
    params: dict[str, Any] = {}
    from_sql, where_sql, _ = fts.document_match(conn.dialect.name, words, params)
    matching = text(f"SELECT d.id AS id FROM {from_sql} WHERE {where_sql}").bindparams(**params)
    sub = matching.columns(column("id", String)).subquery("fts_match")
    return select(sub.c.id)


def reviewed_event() -> Any:
    return exists().where(C.c.target_kind == "event", C.c.document_id == EV.c.document_id,
                          C.c.event_idx == EV.c.idx)


def event_conditions(conn: Connection, f: Filters) -> list[Any] | None:
    """WHERE conditions on ``events JOIN documents``; None when the filter can select nothing."""
    f.validate("events")
    where: list[Any] = [D.c.status == "ok"]
    if f.type:
        where.append(EV.c.type == f.type)
    since, until = date_bound(f.since, False), date_bound(f.until, True)
    if since:
        where.append(EV.c.sort_date >= since)
    if until:
        where.append(EV.c.sort_date <= until)
    if f.year:
        where += [EV.c.sort_date >= f.year, EV.c.sort_date <= f.year + "-12-31"]
    if f.sector:
        where.append(exists().where(EF.c.event_id == EV.c.id, EF.c.field == f.sector))
    if f.policy:
        where.append(exists().where(DP.c.document_id == EV.c.document_id, DP.c.policy == f.policy))
    if f.province:
        where.append(EV.c.province_code == check_province(f.province))
    if f.language:
        where.append(D.c.language == f.language)
    if f.kind:
        party = E.alias("kp")
        where.append(exists().where(EP.c.event_id == EV.c.id, party.c.id == EP.c.entity_id, party.c.kind == f.kind))
    if f.confidence:
        where.append(band_condition(EV.c.confidence, f.confidence))
    if f.min_confidence is not None:
        where.append(EV.c.confidence >= f.min_confidence)
    if f.reviewed is not None:
        where.append(reviewed_event() if f.reviewed else ~reviewed_event())
    if f.org:
        org_id = entity_id_or_none(conn, "org", f.org)
        if org_id is None:
            return None
        ids = [org_id] + descendants(conn, org_id)
        where.append(exists().where(EP.c.event_id == EV.c.id, EP.c.entity_id.in_(ids)))
    if f.person:
        person_id = entity_id_or_none(conn, "person", f.person)
        if person_id is None:
            return None
        where.append(exists().where(PP.c.event_id == EV.c.id, PP.c.entity_id == person_id))
    if f.place:
        place_id = entity_id_or_none(conn, "place", f.place)
        if place_id is None:
            return None
        govs = select(E.c.id).where(E.c.place_id == place_id)
        where.append(or_(EV.c.place_id == place_id,
                         exists().where(EP.c.event_id == EV.c.id, EP.c.entity_id.in_(govs))))
    docs = matching_documents(conn, f.q or "")
    if docs is not None:
        where.append(EV.c.document_id.in_(docs))
    return where


def document_conditions(conn: Connection, f: Filters) -> list[Any] | None:
    """WHERE conditions on ``documents``."""
    f.validate("documents")
    where: list[Any] = []
    if f.status:
        where.append(D.c.status == f.status)
    if f.language:
        where.append(D.c.language == f.language)
    since, until = date_bound(f.since, False), date_bound(f.until, True)
    if since:
        where.append(D.c.doc_date >= since)
    if until:
        where.append(D.c.doc_date <= until)
    if f.year:
        where += [D.c.doc_date >= f.year, D.c.doc_date <= f.year + "-12-31"]
    if f.policy:
        where.append(exists().where(DP.c.document_id == D.c.id, DP.c.policy == f.policy))
    if f.sector:
        where.append(exists().where(EF.c.document_id == D.c.id, EF.c.field == f.sector))
    if f.type:
        where.append(exists().where(EV.c.document_id == D.c.id, EV.c.type == f.type))
    if f.province:
        code = check_province(f.province)
        where.append(exists().where(EV.c.document_id == D.c.id, EV.c.province_code == code))
    if f.reviewed is not None:
        cond = exists().where(C.c.document_id == D.c.id)
        where.append(cond if f.reviewed else ~cond)
    if f.confidence or f.min_confidence is not None:
        conds = [EV.c.document_id == D.c.id]
        if f.confidence:
            conds.append(band_condition(EV.c.confidence, f.confidence))
        if f.min_confidence is not None:
            conds.append(EV.c.confidence >= f.min_confidence)
        where.append(exists().where(*conds))
    for type_, value in (("org", f.org), ("person", f.person), ("place", f.place)):
        if value:
            entity_id = entity_id_or_none(conn, type_, value)
            if entity_id is None:
                return None
            ids = [entity_id] + (descendants(conn, entity_id) if type_ == "org" else [])
            where.append(exists().where(MN.c.document_id == D.c.id, MN.c.entity_id.in_(ids)))
    docs = matching_documents(conn, f.q or "")
    if docs is not None:
        where.append(D.c.id.in_(docs))
    return where


def entity_conditions(conn: Connection, type_: str, f: Filters) -> list[Any] | None:
    """WHERE conditions on ``entities`` of one type, named in at least one document."""
    from pactgraph.store.corrections import _name_keys
    from pactgraph.store.queries.common import N

    f.validate("places" if type_ == "place" else "entities")
    where: list[Any] = [E.c.type == type_, E.c.n_documents > 0]
    if f.kind:
        where.append(E.c.kind == f.kind)
    if f.province:
        names = province_names(check_province(f.province))
        where.append(or_(E.c.province.in_(names), E.c.province_zh.in_(names)))
    if f.q and f.q.strip():
        keys = _name_keys(type_, f.q)
        pattern = fts.like_pattern(keys[0]) if keys else "%"
        where.append(exists().where(N.c.entity_id == E.c.id,
                                    or_(N.c.norm.in_(keys), N.c.norm.like(pattern, escape="\\"))))
    if f.reviewed is not None:
        cond = exists().where(C.c.target_key == E.c.key)
        where.append(cond if f.reviewed else ~cond)
    if f.confidence or f.min_confidence is not None:
        best = select(func.max(MN.c.confidence)).where(MN.c.entity_id == E.c.id).scalar_subquery()
        if f.confidence:
            where.append(band_condition(best, f.confidence))
        if f.min_confidence is not None:
            where.append(best >= f.min_confidence)
    if f.language:
        where.append(exists().where(MN.c.entity_id == E.c.id, D.c.id == MN.c.document_id,
                                    D.c.language == f.language))
    if f.org and type_ == "person":
        org_id = entity_id_or_none(conn, "org", f.org)
        if org_id is None:
            return None
        from pactgraph.store.queries.common import POS

        where.append(exists().where(POS.c.person_id == E.c.id,
                                    POS.c.org_id.in_([org_id] + descendants(conn, org_id))))
    return where
