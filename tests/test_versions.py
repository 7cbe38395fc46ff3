"""Document versions: a changed text becomes a new version and every old one is kept (SQLite and PostgreSQL)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import select

from fixtures.pg_server import pg_server, pg_url  # noqa: F401 - fixtures
from fixtures.store_records import RecordsExtractor
from fixtures.store_scenario import D1_TEXT, documents, records
from pactgraph.ingest.documents import Document
from pactgraph.ingest.orchestrator import Orchestrator, ingest
from pactgraph.store import models
from pactgraph.store.db import Database, close_all, open_database
from pactgraph.store.writer import StoreWriter, WriteItem


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return str(tmp_path / "versions.db")
    return request.getfixturevalue("pg_url")


@pytest.fixture(scope="module", autouse=True)
def _close_engines():
    yield
    close_all()


def versions(db: str, doc_id: str) -> list[dict]:
    database = open_database(db)
    v = models.DocumentVersion.__table__
    with database.engine.connect() as conn:
        rows = conn.execute(select(v).where(v.c.document_id == doc_id).order_by(v.c.version)).mappings().all()
    return [dict(r) for r in rows]


def document(db: str, doc_id: str) -> dict:
    database = open_database(db)
    d = models.Document.__table__
    with database.engine.connect() as conn:
        return dict(conn.execute(select(d).where(d.c.id == doc_id)).mappings().one())


def test_changed_text_is_a_new_version_and_old_versions_stay(db_url: str) -> None:
    ingest(documents(), db_url, extractor=RecordsExtractor(records(), fail=("d7",)))
    assert [v["version"] for v in versions(db_url, "d1")] == [1]
    assert document(db_url, "d1")["version"] == 1

    changed = documents()
    changed[0].text = D1_TEXT.replace("carbon peak path", "geothermal heating")
    report = ingest(changed, db_url, extractor=RecordsExtractor(records(), fail=("d7",)))
    assert report.updated == 1
    kept = versions(db_url, "d1")
    assert [v["version"] for v in kept] == [1, 2]
    assert kept[0]["text"] == D1_TEXT and "geothermal heating" in kept[1]["text"]
    assert kept[0]["content_hash"] != kept[1]["content_hash"]
    assert kept[0]["record_json"]["id"] == "d1" and kept[1]["status"] == "ok"
    current = document(db_url, "d1")
    assert current["version"] == 2 and "geothermal" in current["text"]

    # the same text again adds nothing; a forced re-extraction updates its version, adds none
    ingest(changed, db_url, extractor=RecordsExtractor(records(), fail=("d7",)))
    ingest(changed, db_url, extractor=RecordsExtractor(records(), fail=("d7",)), force=True)
    assert [v["version"] for v in versions(db_url, "d1")] == [1, 2]
    # a failed document retried with the same text keeps one version, with its latest outcome
    assert [(v["version"], v["status"]) for v in versions(db_url, "d7")] == [(1, "error")]
    # going back to the first text is a third version: history is never rewritten
    ingest(documents(), db_url, extractor=RecordsExtractor(records(), fail=("d7",)))
    assert [v["version"] for v in versions(db_url, "d1")] == [1, 2, 3]
    assert document(db_url, "d1")["version"] == 3


def test_fetch_provenance_is_stored_with_document_and_version(db_url: str) -> None:
    doc = Document(id="p1", text=D1_TEXT, url="http://a.example/2021/cpid.html",
                   source_url="http://a.example/feed.xml#p1", fetched_at="2026-01-02T03:04:05+00:00",
                   title="CPID and Pingdingshan")
    recs = {"p1": records()["d1"]}
    ingest([doc], db_url, extractor=RecordsExtractor(recs))
    row = document(db_url, "p1")
    assert (row["source_url"], row["fetched_at"]) == ("http://a.example/feed.xml#p1", "2026-01-02T03:04:05+00:00")
    assert row["language"] == "en"
    (version,) = versions(db_url, "p1")
    assert version["fetched_at"] == "2026-01-02T03:04:05+00:00" and version["source_url"].endswith("#p1")


def test_batch_api_writes_in_one_transaction_with_the_callers_rows(tmp_path: Path) -> None:
    database = open_database(tmp_path / "batch.db")
    writer = StoreWriter(database)
    recs = records()
    docs = {d.id: d for d in documents()}
    seen: list[str] = []

    def after(conn, items):
        seen.extend(i.document.id for i in items)
        raise RuntimeError("the caller's part fails")

    with pytest.raises(RuntimeError):
        writer.write_batch([WriteItem(docs["d1"], recs["d1"]), WriteItem(docs["d5"], recs["d5"])], after=after)
    assert seen == ["d1", "d5"]
    assert writer.stored(["d1", "d5"]) == {}  # rolled back together
    writer.write_batch([WriteItem(docs["d1"], recs["d1"]), WriteItem(docs["d5"], recs["d5"])])
    assert set(writer.stored(["d1", "d5", "nope"])) == {"d1", "d5"}
    with pytest.raises(ValueError):
        writer.write_batch([WriteItem(docs["d1"], recs["d1"]), WriteItem(docs["d1"], recs["d1"])])


def test_an_input_error_never_replaces_a_stored_document(tmp_path: Path) -> None:
    from pactgraph import errors
    from pactgraph.ingest.documents import DocumentError

    db = str(tmp_path / "keep.db")
    orchestrator = Orchestrator(db, extractor=RecordsExtractor(records()))
    orchestrator.run([d for d in documents() if d.id == "d1"])
    failed = DocumentError(errors.UnreadableSource("HTTP 500 from server", source="http://a.example/x", doc_id="d1"))
    report = orchestrator.run([failed])
    assert report.skipped == 1 and report.errors[0]["message"] == "HTTP 500 from server"
    assert document(db, "d1")["status"] == "ok"


def test_migration_keeps_existing_documents_as_version_one(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    old = Database("sqlite:///" + str(path))
    old.upgrade("0002_corrections")
    con = sqlite3.connect(path)
    con.execute(
        "INSERT INTO documents (id, seq, text, content_hash, status, ingested_at) "
        "VALUES ('a', 1, 'Some text', 'h1', 'ok', '2025-01-01'), ('b', 2, '', 'h2', 'error', '2025-01-01')"
    )
    con.commit()
    con.close()
    old.upgrade()
    old.close()
    rows = sqlite3.connect(path).execute(
        "SELECT document_id, version, text, content_hash FROM document_versions").fetchall()
    assert rows == [("a", 1, "Some text", "h1")]
    assert sqlite3.connect(path).execute("SELECT id, version FROM documents ORDER BY id").fetchall() == [
        ("a", 1), ("b", None)]
