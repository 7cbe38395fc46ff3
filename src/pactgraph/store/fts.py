"""Full-text search: every dialect-specific piece of SQL lives here.

SQLite: FTS5 tables with the ``trigram`` tokenizer (substring search that
works for Chinese without segmentation): ``documents_fts`` (rowid =
``documents.seq``; title and body in simplified Chinese) and ``names_fts``
(rowid = ``entity_names.id``; normalised names). Two-character terms, common
in Chinese (``电力``), which trigrams cannot find, use ``documents_short``: the
distinct Chinese character bigrams and two-letter words of each document.
One-character terms fall back to ``LIKE``.

PostgreSQL: a ``documents_fts`` table searched with
``to_tsvector('simple', ...)`` plus ``ILIKE`` (trigram GIN indexes where
``pg_trgm`` is available) for Chinese and substrings; entity names by
``entity_names.norm LIKE``.

All user input reaches SQL as bound parameters.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, text

SQLITE_DDL = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS documents_fts USING fts5(title, body, tokenize='trigram')",
    "CREATE VIRTUAL TABLE IF NOT EXISTS names_fts USING fts5(norm, tokenize='trigram')",
    "CREATE VIRTUAL TABLE IF NOT EXISTS documents_short USING fts5(grams, tokenize='unicode61')",
]
SQLITE_DROP = [
    "DROP TABLE IF EXISTS documents_short",
    "DROP TABLE IF EXISTS names_fts",
    "DROP TABLE IF EXISTS documents_fts",
]

POSTGRES_DDL = [
    "CREATE TABLE IF NOT EXISTS documents_fts (seq integer PRIMARY KEY, title text, body text NOT NULL)",
    "CREATE INDEX IF NOT EXISTS ix_documents_fts_tsv ON documents_fts "
    "USING gin (to_tsvector('simple', coalesce(title, '') || ' ' || body))",
]
POSTGRES_TRGM_DDL = [
    "CREATE INDEX IF NOT EXISTS ix_documents_fts_body_trgm ON documents_fts USING gin (body gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS ix_documents_fts_title_trgm ON documents_fts USING gin (title gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS ix_entity_names_norm_trgm ON entity_names USING gin (norm gin_trgm_ops)",
]
POSTGRES_DROP = ["DROP TABLE IF EXISTS documents_fts"]


def create(conn: Connection) -> None:
    """Create the full-text objects of the connection's dialect (used by migration 0001)."""
    dialect = conn.dialect.name
    if dialect == "sqlite":
        for ddl in SQLITE_DDL:
            conn.execute(text(ddl))
    elif dialect == "postgresql":
        for ddl in POSTGRES_DDL:
            conn.execute(text(ddl))
        try:
            with conn.begin_nested():
                conn.execute(text("CREATE EXTENSION IF NOT EXISTS pg_trgm"))
                for ddl in POSTGRES_TRGM_DDL:
                    conn.execute(text(ddl))
        except Exception:  # noqa: BLE001 - without pg_trgm, ILIKE still works (unindexed)
            pass
    else:
        conn.execute(
            text("CREATE TABLE IF NOT EXISTS documents_fts (seq integer PRIMARY KEY, title text, body text NOT NULL)")
        )


def drop(conn: Connection) -> None:
    statements = SQLITE_DROP if conn.dialect.name == "sqlite" else POSTGRES_DROP
    for ddl in statements:
        conn.execute(text(ddl))


# -- writing ---------------------------------------------------------------
def index_documents(conn: Connection, rows: Sequence[dict[str, Any]]) -> None:
    """Rows of ``seq``, ``title``, ``body`` (body already simplified); page boilerplate is not indexed."""
    if not rows:
        return
    from pactgraph.store.boilerplate import content

    rows = [{**r, "body": content(r["body"] or "")} for r in rows]
    if conn.dialect.name == "sqlite":
        conn.execute(text("INSERT INTO documents_fts(rowid, title, body) VALUES (:seq, :title, :body)"), rows)
        conn.execute(
            text("INSERT INTO documents_short(rowid, grams) VALUES (:seq, :grams)"),
            [{"seq": r["seq"], "grams": short_grams((r["title"] or "") + "\n" + r["body"])} for r in rows],
        )
    else:
        conn.execute(text("INSERT INTO documents_fts(seq, title, body) VALUES (:seq, :title, :body)"), rows)


def unindex_documents(conn: Connection, seqs: Sequence[int]) -> None:
    if not seqs:
        return
    column = "rowid" if conn.dialect.name == "sqlite" else "seq"
    conn.execute(text(f"DELETE FROM documents_fts WHERE {column} = :seq"), [{"seq": s} for s in seqs])
    if conn.dialect.name == "sqlite":
        conn.execute(text("DELETE FROM documents_short WHERE rowid = :seq"), [{"seq": s} for s in seqs])


_CJK_RUN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]{2,}")
_SHORT_WORD = re.compile(r"(?<![^\W\d_])[^\W\d_]{2}(?![^\W\d_])|(?<!\w)\w{2}(?!\w)")


def short_grams(body: str) -> str:
    """The distinct Chinese character bigrams and two-character words of a text, space-separated."""
    grams: set[str] = set()
    for run in _CJK_RUN.findall(body):
        grams.update(run[i : i + 2] for i in range(len(run) - 1))
    grams.update(w.lower() for w in _SHORT_WORD.findall(body) if not _CJK_RUN.match(w))
    return " ".join(sorted(grams))


def index_names(conn: Connection, rows: Sequence[dict[str, Any]]) -> None:
    """Rows of entity_names ``id`` and ``norm`` (SQLite only: PostgreSQL indexes the column itself)."""
    if rows and conn.dialect.name == "sqlite":
        conn.execute(
            text("INSERT INTO names_fts(rowid, norm) VALUES (:id, :norm)"),
            [{"id": r["id"], "norm": r["norm"]} for r in rows],
        )


# -- querying --------------------------------------------------------------
def like_pattern(value: str) -> str:
    """``%value%`` with LIKE wildcards in ``value`` escaped (use with ``ESCAPE '\\'``)."""
    escaped = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _fts5_query(terms: list[str]) -> str:
    return " ".join('"' + t.replace('"', '""') + '"' for t in terms)


def document_match(dialect: str, terms: list[str], params: dict[str, Any]) -> tuple[str, str, str]:
    """SQL pieces (from, where, order) matching documents with every term; fills ``params``.

    The FROM piece joins ``documents d``; ORDER BY puts the best matches first.
    """
    if dialect == "sqlite":
        long = [t for t in terms if len(t) >= 3]
        where = []
        if long:
            params["fts_q"] = _fts5_query(long)
            where.append("documents_fts MATCH :fts_q")
        short = [t.lower() for t in terms if len(t) == 2]
        if short:
            params["short_q"] = _fts5_query(short)
            where.append("f.rowid IN (SELECT rowid FROM documents_short WHERE documents_short MATCH :short_q)")
        for n, term in enumerate(t for t in terms if len(t) < 2):
            params[f"like_{n}"] = like_pattern(term)
            where.append(f"(f.title LIKE :like_{n} ESCAPE '\\' OR f.body LIKE :like_{n} ESCAPE '\\')")
        return (
            "documents_fts f JOIN documents d ON d.seq = f.rowid",
            " AND ".join(where) or "1=1",
            "bm25(documents_fts, 4.0, 1.0)" if long else "d.doc_date DESC",
        )
    where = []
    for n, term in enumerate(terms):
        params[f"like_{n}"] = like_pattern(term)
        where.append(f"(f.title ILIKE :like_{n} OR f.body ILIKE :like_{n})")
    params["ts_q"] = " ".join(terms)
    tsv = "to_tsvector('simple', coalesce(f.title, '') || ' ' || f.body)"
    match = f"({tsv} @@ plainto_tsquery('simple', :ts_q) OR ({' AND '.join(where) or 'TRUE'}))"
    return (
        "documents_fts f JOIN documents d ON d.seq = f.seq",
        match,
        f"ts_rank({tsv}, plainto_tsquery('simple', :ts_q)) DESC",
    )


def name_match(dialect: str, norm: str, params: dict[str, Any]) -> tuple[str, str]:
    """SQL pieces (from, where) matching entity names containing ``norm``; joins ``entity_names n``."""
    if dialect == "sqlite" and len(norm) >= 3:
        params["name_q"] = _fts5_query([norm])
        return "names_fts nf JOIN entity_names n ON n.id = nf.rowid", "names_fts MATCH :name_q"
    params["name_like"] = like_pattern(norm)
    return "entity_names n", "n.norm LIKE :name_like ESCAPE '\\'"


MARK_START, MARK_END = "\ue000", "\ue001"
"""Private-use characters around matched terms in snippets; :func:`pactgraph.web.templating` turns them
into ``<mark>`` after escaping the text (a raw tag in untrusted text could never be told from ours)."""


def snippet_sql(dialect: str, terms: list[str], params: dict[str, Any]) -> str | None:
    """A SELECT expression giving a highlighted snippet of the matching body, or None (computed in Python)."""
    long = [t for t in terms if len(t) >= 3]
    if dialect == "sqlite" and long:
        return f"snippet(documents_fts, 1, '{MARK_START}', '{MARK_END}', '…', 24)"
    if dialect == "postgresql" and terms:
        params.setdefault("ts_q", " ".join(terms))
        return (f"ts_headline('simple', f.body, plainto_tsquery('simple', :ts_q), "
                f"'StartSel={MARK_START}, StopSel={MARK_END}, MaxWords=30, MinWords=12, MaxFragments=1')")
    return None
