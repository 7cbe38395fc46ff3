"""Search an analyst can trust: one query finds an entity under any of its names and scripts, and the
documents that match its words or name that entity in another language.

- entities first: names and aliases in English and Chinese (traditional folded to simplified), the
  knowledge base's names and acronyms (``华能`` is China Huaneng Group), people by the pinyin key of
  their names (``He Xi`` is ``何锡``);
- documents ranked by relevance: the text's FTS5 ``bm25`` (title weighted) or PostgreSQL ``ts_rank``,
  fused (reciprocal rank fusion) with the documents that name a matching entity, so an English article
  about Huaneng answers ``华能``; page boilerplate is not indexed (:mod:`pactgraph.store.boilerplate`);
- each document with a snippet, the matched words between :data:`~pactgraph.store.fts.MARK_START` and
  :data:`~pactgraph.store.fts.MARK_END`;
- a timeline of the matching documents' events by month, and facets (language, year, type).
"""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass, field
from typing import Any

from sqlalchemy import Connection, String, column, func, or_, select, text

from pactgraph.resolve.kb import KnowledgeBase
from pactgraph.resolve.names import normalize, to_simplified
from pactgraph.store import fts
from pactgraph.store.db import Database, StoreError, open_database
from pactgraph.store.queries.common import EV, MN, D, E, descendants, name_matches, province_names, terms
from pactgraph.store.queries.filters import Filters, document_conditions

SEARCH_TYPES = ("document", "org", "person", "place")
CANDIDATES = 300
"""Documents taken from each ranking (text, entity mentions) before fusing them."""
RRF_K = 60


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
    score: float | None = None
    matched: str | None = None
    """Documents: ``text`` (its words), ``entity`` (it names a matching entity) or ``both``."""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class SearchResults:
    query: str
    entities: list[SearchHit] = field(default_factory=list)
    documents: list[SearchHit] = field(default_factory=list)
    total_documents: int = 0
    timeline: list[dict[str, Any]] = field(default_factory=list)
    facets: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    filters: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"query": self.query, "entities": [h.to_dict() for h in self.entities],
                "documents": [h.to_dict() for h in self.documents], "total_documents": self.total_documents,
                "timeline": self.timeline, "facets": self.facets, "filters": self.filters}


# -- entities -------------------------------------------------------------------
def matching_entities(conn: Connection, query: str, *, type_: str | None = None, province: str | None = None,
                      limit: int = 12) -> list[SearchHit]:
    """Entities named by ``query`` in any script: exact names first, then by documents."""
    if not query.strip():
        return []
    ids = name_matches(conn, query, type_, limit=limit * 4)
    entry = KnowledgeBase.default().find(query)
    if entry is not None:
        row = conn.execute(select(E.c.id).where(E.c.key == f"kb:{entry.id}")).first()
        if row:
            ids.insert(0, row[0])
    if not ids:
        return []
    stmt = select(E).where(E.c.id.in_(list(dict.fromkeys(ids))), E.c.n_documents > 0)
    if type_:
        stmt = stmt.where(E.c.type == type_)
    if province:
        from pactgraph.store.queries.common import check_province

        names = province_names(check_province(province))
        stmt = stmt.where(or_(E.c.province.in_(names), E.c.province_zh.in_(names)))
    rows = conn.execute(stmt.order_by(E.c.n_documents.desc(), E.c.id).limit(limit * 4)).mappings().all()
    exact = normalize(query)
    kb_key = f"kb:{entry.id}" if entry is not None else None
    from pactgraph.store.queries.common import N

    names: dict[int, set[str]] = {}
    for r in conn.execute(select(N.c.entity_id, N.c.norm).where(N.c.entity_id.in_([r["id"] for r in rows]))):
        names.setdefault(r.entity_id, set()).add(r.norm)

    def rank(r: Any) -> tuple[int, int]:
        first = 0 if r["key"] == kb_key or exact in names.get(r["id"], set()) else 1
        return first, -r["n_documents"]

    return [SearchHit(type=r["type"], id=str(r["id"]), name=r["name"], kind=r["kind"], province=r["province"],
                      n_documents=r["n_documents"], matched="name")
            for r in sorted(rows, key=rank)[:limit]]


# -- documents ------------------------------------------------------------------
def _entity_ids(conn: Connection, query: str, entities: list[SearchHit]) -> list[int]:
    """The entities the query names outright (a knowledge-base name or acronym, or one of their names
    exactly), whose mentions answer it in any language: organizations with their subsidiaries. A word that
    is only part of many names (``电力``) finds those entities, not every document naming them."""
    from pactgraph.resolve.names import place_key
    from pactgraph.resolve.people import name_key
    from pactgraph.store.queries.common import N

    keys = {k for k in (normalize(query), name_key(query), place_key(query)) if k}
    named = {r[0] for r in conn.execute(select(N.c.entity_id).where(
        N.c.entity_id.in_([int(h.id) for h in entities]), N.c.norm.in_(sorted(keys))))} if entities else set()
    entry = KnowledgeBase.default().find(query)
    kb_key = f"kb:{entry.id}" if entry is not None else None
    if kb_key:
        named |= {r[0] for r in conn.execute(select(E.c.id).where(E.c.key == kb_key))}
    ids: list[int] = []
    for hit in entities:
        if int(hit.id) not in named:
            continue
        entity_id = int(hit.id)
        ids.append(entity_id)
        if hit.type == "org":
            ids += descendants(conn, entity_id)[:200]
    return list(dict.fromkeys(ids))


def _text_ranked(conn: Connection, words: list[str], where: list[Any]) -> list[tuple[str, str | None]]:
    """(document id, snippet) of the best text matches, best first."""
    if not words:
        return []
    params: dict[str, Any] = {"limit": CANDIDATES}
    from_sql, where_sql, order_sql = fts.document_match(conn.dialect.name, words, params)
    snippet = fts.snippet_sql(conn.dialect.name, words, params)
    sql = text(f"SELECT d.id AS id, {snippet or 'NULL'} AS snippet FROM {from_sql} WHERE {where_sql} "
               f"ORDER BY {order_sql} LIMIT :limit").bindparams(**params)
    sub = sql.columns(column("id", String), column("snippet", String)).subquery("ranked")
    stmt = select(sub.c.id, sub.c.snippet).join(D, D.c.id == sub.c.id).where(D.c.status == "ok", *where)
    return [(r.id, r.snippet) for r in conn.execute(stmt)]


def _mention_ranked(conn: Connection, entity_ids: list[int], where: list[Any]) -> list[str]:
    if not entity_ids:
        return []
    docs = select(MN.c.document_id).where(MN.c.entity_id.in_(entity_ids)).distinct().subquery("named")
    stmt = (select(D.c.id).join(docs, docs.c.document_id == D.c.id).where(D.c.status == "ok", *where)
            .order_by(D.c.doc_date.desc(), D.c.id).limit(CANDIDATES))
    return [r[0] for r in conn.execute(stmt)]


def _window(body: str, needles: list[str], width: int = 90) -> str | None:
    simple = to_simplified(body)
    low = simple.lower()
    for needle in needles:
        key = to_simplified(needle).lower()
        pos = low.find(key) if key else -1
        if pos >= 0:
            start = max(0, pos - width)
            end = min(len(body), pos + len(key) + width)
            stop = pos + len(key)
            piece = body[start:pos] + fts.MARK_START + body[pos:stop] + fts.MARK_END + body[stop:end]
            return ("…" if start else "") + " ".join(piece.split()) + ("…" if end < len(body) else "")
    return None


def _document_hits(conn: Connection, ranked: list[tuple[str, float, str, str | None]],
                   needles: list[str], entity_ids: list[int]) -> list[SearchHit]:
    if not ranked:
        return []
    ids = [r[0] for r in ranked]
    meta = {r.id: r for r in conn.execute(select(D.c.id, D.c.title, D.c.url, D.c.doc_date, D.c.language)
                                          .where(D.c.id.in_(ids)))}
    need_text = [doc for doc, _, _, snip in ranked if not snip or fts.MARK_START not in snip]
    bodies = dict(conn.execute(select(D.c.id, func.substr(D.c.text, 1, 20000)).where(D.c.id.in_(need_text))).all()) \
        if need_text else {}
    mention_names: dict[str, list[str]] = {}
    if need_text:
        for r in conn.execute(select(MN.c.document_id, MN.c.name).where(MN.c.document_id.in_(need_text),
                                                                        MN.c.entity_id.in_(entity_ids or [-1]))):
            mention_names.setdefault(r.document_id, []).append(r.name)
    out = []
    for doc, score, matched, snip in ranked:
        row = meta[doc]
        if not snip or fts.MARK_START not in snip:
            body = bodies.get(doc) or ""
            from pactgraph.store.boilerplate import content

            body = content(body)
            snip = _window(body, needles + [n for n in mention_names.get(doc, []) if n]) \
                or " ".join(body[:180].split())
        else:
            snip = " ".join(snip.split())
        out.append(SearchHit(type="document", id=doc, name=row.title or doc, snippet=snip, date=row.doc_date,
                             url=row.url, language=row.language, score=round(score, 5), matched=matched))
    return out


def _matching(conn: Connection, words: list[str], entity_ids: list[int]) -> Any | None:
    """A condition on ``documents`` selecting every match (text or entity), for counts and timelines."""
    parts = []
    if words:
        params: dict[str, Any] = {}
        from_sql, where_sql, _ = fts.document_match(conn.dialect.name, words, params)
        matching = text(f"SELECT d.id AS id FROM {from_sql} WHERE {where_sql}").bindparams(**params)
        sub = matching.columns(column("id", String)).subquery("fts_all")
        parts.append(D.c.id.in_(select(sub.c.id)))
    if entity_ids:
        parts.append(D.c.id.in_(select(MN.c.document_id).where(MN.c.entity_id.in_(entity_ids))))
    return or_(*parts) if parts else None


def search_results(conn: Connection, query: str, filters: Filters | None = None, *, limit: int = 50,
                   offset: int = 0, entity_limit: int = 12, timeline: bool = True,
                   facets: bool = True) -> SearchResults:
    """Entities, ranked documents with snippets, the total, a monthly timeline of their events, facets."""
    f = filters or Filters()
    words = terms(query)
    results = SearchResults(query=query, filters=f.active())
    base = Filters(**{**f.__dict__, "q": None})
    where = document_conditions(conn, base)
    if where is None:
        return results
    results.entities = matching_entities(conn, query, province=f.province, limit=entity_limit)
    entity_ids = _entity_ids(conn, query, results.entities)
    text_hits = _text_ranked(conn, words, where)
    mention_hits = _mention_ranked(conn, entity_ids, where)
    scores: dict[str, float] = {}
    snippets: dict[str, str | None] = {}
    how: dict[str, set[str]] = {}
    for rank, (doc, snip) in enumerate(text_hits):
        scores[doc] = scores.get(doc, 0.0) + 1.0 / (RRF_K + rank)
        snippets[doc] = snip
        how.setdefault(doc, set()).add("text")
    for rank, doc in enumerate(mention_hits):
        scores[doc] = scores.get(doc, 0.0) + 1.0 / (RRF_K + rank)
        how.setdefault(doc, set()).add("entity")
    ordered = sorted(scores, key=lambda d: -scores[d])
    chosen = ordered[offset:offset + limit]
    ranked = [(d, scores[d], "both" if len(how[d]) == 2 else next(iter(how[d])), snippets.get(d)) for d in chosen]
    results.documents = _document_hits(conn, ranked, words, entity_ids)
    match = _matching(conn, words, entity_ids)
    if match is None:
        results.total_documents = 0
        return results
    results.total_documents = conn.execute(select(func.count()).select_from(D)
                                           .where(D.c.status == "ok", match, *where)).scalar_one()
    if timeline:
        month = func.substr(EV.c.sort_date, 1, 7)
        stmt = (select(month.label("m"), func.count().label("n")).select_from(EV.join(D, D.c.id == EV.c.document_id))
                .where(D.c.status == "ok", match, *where, EV.c.sort_date.is_not(None)).group_by(month).order_by(month))
        results.timeline = [{"month": r.m, "events": r.n} for r in conn.execute(stmt) if r.m and r.m[:4].isdigit()]
    if facets:
        types: dict[str, int] = {}
        for hit in results.entities:
            types[hit.type] = types.get(hit.type, 0) + 1
        results.facets["type"] = [{"value": "document", "label": "document", "count": results.total_documents}] + [
            {"value": t, "label": t, "count": n} for t, n in sorted(types.items())]
        for name, expr in (("language", D.c.language), ("year", func.substr(D.c.doc_date, 1, 4))):
            stmt = (select(expr.label("v"), func.count().label("n")).where(D.c.status == "ok", match, *where)
                    .group_by(expr))
            got = [{"value": r.v, "label": r.v, "count": r.n} for r in conn.execute(stmt) if r.v]
            got.sort(key=lambda g: (g["value"] if name == "year" else -g["count"]), reverse=name == "year")
            results.facets[name] = got
    return results


def search(query: str, *, type: str | None = None, since: str | None = None, until: str | None = None,
           province: str | None = None, field: str | None = None, org: str | None = None,
           db: str | os.PathLike[str] | Database | None = None, limit: int = 50,
           filters: Filters | None = None) -> list[SearchHit]:
    """Entities, then documents, matching ``query`` (any name, any script; ranked; with snippets).

    ``type`` keeps one kind of hit (``document``, ``org``, ``person``, ``place``); ``since``/``until``,
    ``province``, ``field`` (sector) and ``org`` (its subsidiaries included) filter documents, and so do
    the other fields of ``filters``. An empty query lists the documents the filters select, newest first.
    """
    if type is not None and type not in SEARCH_TYPES:
        raise StoreError(f"unknown type {type!r}: use one of {', '.join(SEARCH_TYPES)}")
    f = filters or Filters()
    f = Filters(**{**f.__dict__, **{k: v for k, v in {"since": since, "until": until, "province": province,
                                                       "sector": field, "org": org}.items() if v}})
    database = open_database(db, create=False)
    with database.engine.connect() as conn:
        if not query.strip():
            from pactgraph.store.queries import tables

            if type not in (None, "document"):
                return []
            page = tables.page(conn, tables.DOCUMENTS, Filters(**{**f.__dict__, "status": "ok"}), per_page=limit,
                               total=False)
            return [SearchHit(type="document", id=d["id"], name=d["title"] or d["id"], date=d["doc_date"],
                              url=d["url"], language=d["language"]) for d in page["items"]]
        doc_filters = any(v for k, v in f.active().items() if k != "province")
        results = search_results(conn, query, f, limit=limit, timeline=False, facets=False)
    hits: list[SearchHit] = []
    if type in (None, "org", "person", "place") and not (doc_filters and type is None):
        hits += [h for h in results.entities if type is None or h.type == type]
    if type in (None, "document"):
        hits += results.documents
    return hits[:limit]
