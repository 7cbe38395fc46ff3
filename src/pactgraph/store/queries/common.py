"""What every query needs: table handles, the taxonomy, date bounds, search terms, entity look-up and the
validation of codes (an unknown code is an error that lists the valid ones)."""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import Connection, select

from pactgraph.record import EVENT_TYPES, LANGUAGES, ORG_KINDS
from pactgraph.resolve.kb import KnowledgeBase
from pactgraph.resolve.names import has_cjk, normalize, person_key, place_key, to_simplified
from pactgraph.resolve.people import name_key
from pactgraph.store import fts, models
from pactgraph.store.db import NotFound, StoreError
from pactgraph.store.provinces import find_province, provinces

T = models
D = T.Document.__table__
EV = T.Event.__table__
E = T.Entity.__table__
N = T.EntityName.__table__
EP = T.EventParty.__table__
PP = T.EventParticipant.__table__
EF = T.EventField.__table__
MN = T.Mention.__table__
POS = T.Position.__table__
DP = T.DocumentPolicy.__table__

PLACE_LEVELS = ("province", "prefecture", "county", "country")
CONFIDENCE_BANDS = ("high", "medium", "low", "unknown")
"""Confidence bands of a fact: high >= 0.8, medium >= 0.5, low below, unknown where the record did not say."""
BAND_BOUNDS = {"high": (0.8, None), "medium": (0.5, 0.8), "low": (None, 0.5)}
LOW_CONFIDENCE = 0.8
"""Below this a fact is marked as low-confidence (the server's ``confidence_threshold`` setting)."""


class Ambiguous(StoreError):
    """A name fits several entities: the caller lists :attr:`candidates` instead of picking one."""

    code = "E409"

    def __init__(self, message: str, candidates: list[dict[str, Any]]) -> None:
        super().__init__(message)
        self.candidates = candidates


@functools.cache
def taxonomy() -> dict[str, dict[str, dict[str, str]]]:
    """The sector (``fields``) and ``policies`` codes with their English and Chinese labels."""
    path = Path(__file__).resolve().parents[2] / "data" / "taxonomy.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {k: {code: {"en": v.get("en", code), "zh": v.get("zh", "")} for code, v in (data.get(k) or {}).items()}
            for k in ("fields", "policies")}


def _check(kind: str, value: str, valid: list[str] | tuple[str, ...]) -> str:
    if value not in valid:
        raise StoreError(f"unknown {kind} {value!r}: use one of {', '.join(valid)}")
    return value


def check_sector(code: str) -> str:
    return _check("sector", code, list(taxonomy()["fields"]))


def check_policy(code: str) -> str:
    return _check("policy", code, list(taxonomy()["policies"]))


def check_event_type(value: str) -> str:
    return _check("event type", value, EVENT_TYPES)


def check_language(value: str) -> str:
    return _check("language", value, LANGUAGES)


def check_band(value: str) -> str:
    return _check("confidence band", value, CONFIDENCE_BANDS)


def check_kind(value: str, type_: str | None = None) -> str:
    return _check("place level" if type_ == "place" else "organization kind", value,
                  PLACE_LEVELS if type_ == "place" else ORG_KINDS)


def check_province(value: str) -> str:
    """The division code of a province given by code or name; an unknown one lists the valid ones."""
    code = find_province(value)
    if code is None:
        valid = ", ".join(f"{p['en']} ({c})" for c, p in sorted(provinces().items()))
        raise StoreError(f"unknown province {value!r}: use one of {valid}")
    return code


def province_names(code: str) -> list[str]:
    """Names of a province as entities store them (``entities.province`` / ``province_zh``)."""
    prov = provinces()[code]
    return [prov["en"], prov["zh_full"], prov["zh"]]


def date_bound(value: str | None, end: bool) -> str | None:
    if not value:
        return None
    value = value.strip()
    if not re.match(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$", value):
        raise StoreError(f"not a date: {value!r} (use YYYY, YYYY-MM or YYYY-MM-DD)")
    if end:
        return value + ("-12-31" if len(value) == 4 else "-31" if len(value) == 7 else "")
    return value


def terms(query: str) -> list[str]:
    """Search terms, simplified Chinese (traditional queries find simplified text and back)."""
    return [to_simplified(t) for t in query.split() if t.strip()]


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=str)


def band_of(confidence: float | None) -> str:
    if confidence is None:
        return "unknown"
    return "high" if confidence >= 0.8 else "medium" if confidence >= 0.5 else "low"


# -- entity look-up ----------------------------------------------------------
def descendants(conn: Connection, root: int) -> list[int]:
    """Subsidiaries and units of an organization, all levels down."""
    out: list[int] = []
    frontier = [root]
    while frontier:
        children = [r[0] for r in conn.execute(select(E.c.id).where(E.c.parent_id.in_(frontier)))]
        children = [c for c in children if c not in out and c != root]
        out += children
        frontier = children
    return out


def _brief(row: Any) -> dict[str, Any]:
    return {"id": row.id, "type": row.type, "name": row.name, "kind": row.kind, "province": row.province,
            "n_documents": row.n_documents}


def name_matches(conn: Connection, name: str, type_: str | None, limit: int = 40) -> list[int]:
    """Entity ids with a name containing ``name`` (normalised; person names also by their pinyin key)."""
    from sqlalchemy import text

    norm = normalize(name)
    ids: list[int] = []
    if norm:
        params: dict[str, Any] = {"limit": limit * 4}
        from_sql, where_sql = fts.name_match(conn.dialect.name, norm, params)
        ids += [r[0] for r in conn.execute(text(f"SELECT DISTINCT n.entity_id FROM {from_sql} WHERE {where_sql} "
                                                "LIMIT :limit"), params)]
    pkey = name_key(name)
    if pkey and type_ in (None, "person"):
        ids += [r[0] for r in conn.execute(select(N.c.entity_id).where(N.c.norm == pkey).limit(limit))]
    return list(dict.fromkeys(ids))


def candidates(conn: Connection, type_: str, name: str, limit: int = 10) -> list[dict[str, Any]]:
    """Entities of ``type_`` that ``name`` may mean, most documents first: exact names, then partial ones."""
    exact = _exact(conn, type_, name)
    ids = exact or name_matches(conn, name, type_)
    if not ids:
        return []
    rows = conn.execute(select(E.c.id, E.c.type, E.c.name, E.c.kind, E.c.province, E.c.n_documents)
                        .where(E.c.id.in_(ids), E.c.type == type_)
                        .order_by(E.c.n_documents.desc(), E.c.id).limit(limit))
    return [_brief(r) for r in rows]


def _exact(conn: Connection, type_: str, name: str) -> list[int]:
    keys = {normalize(name)}
    if type_ == "person":
        keys = {name_key(name), person_key(name)}
    elif type_ == "place":
        keys.add(place_key(name))
    if type_ == "org":
        entry = KnowledgeBase.default().find(name)
        if entry is not None:
            row = conn.execute(select(E.c.id).where(E.c.key == f"kb:{entry.id}")).first()
            if row:
                return [row[0]]
    rows = conn.execute(select(E.c.id).join(N, N.c.entity_id == E.c.id)
                        .where(E.c.type == type_, N.c.norm.in_(sorted(k for k in keys if k)))
                        .order_by(E.c.n_documents.desc(), E.c.id))
    return list(dict.fromkeys(r[0] for r in rows))


def find_entity(conn: Connection, type_: str, name: str, *, strict: bool = False) -> int:
    """The id of the entity of ``type_`` named ``name`` (a name, an alias, or an id).

    Several entities fit: the one in most documents, or with ``strict`` an :class:`Ambiguous` error
    carrying the candidates (the CLI lists them instead of picking one).
    """
    if name.strip().isdigit():
        row = conn.execute(select(E.c.id).where(E.c.id == int(name), E.c.type == type_)).first()
        if row:
            return row[0]
    exact = _exact(conn, type_, name)
    if len(exact) == 1 or (exact and not strict):
        return exact[0]
    if exact:
        found = candidates(conn, type_, name)
        raise Ambiguous(f"{len(exact)} {type_}s are named {name!r}: give an id", found)
    # a unique-enough partial name: whole words of an English name, or a Chinese substring
    ids = name_matches(conn, name, type_, limit=20)
    words = re.compile(r"(?<![a-z0-9])" + re.escape(name.strip().lower()) + r"(?![a-z0-9])")
    fitting: list[int] = []
    if ids:
        rows = conn.execute(select(E.c.id, N.c.name).join(N, N.c.entity_id == E.c.id)
                            .where(E.c.id.in_(ids), E.c.type == type_).order_by(E.c.n_documents.desc(), E.c.id))
        for entity_id, other in rows:
            simple = to_simplified(other)
            if entity_id not in fitting and (words.search(simple.lower())
                                             or (has_cjk(name) and to_simplified(name) in simple)):
                fitting.append(entity_id)
    if len(fitting) == 1 or (fitting and not strict):
        return fitting[0]
    found = candidates(conn, type_, name)
    if fitting:
        raise Ambiguous(f"{len(fitting)} {type_}s fit {name!r}: give an id or a fuller name", found)
    suggestions = ", ".join(c["name"] for c in found[:5])
    raise NotFound(f"no {type_} named {name!r} in the database"
                   + (f" (did you mean: {suggestions}?)" if suggestions else ""))


def entity_id_or_none(conn: Connection, type_: str, value: str) -> int | None:
    try:
        return find_entity(conn, type_, value)
    except NotFound:
        return None
