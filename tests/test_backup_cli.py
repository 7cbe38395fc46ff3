"""``pactgraph backup`` (SQLite's online backup while a writer runs; pg_dump guidance for PostgreSQL) and the
curation history from the command line (``pactgraph history``, ``pactgraph revert``), run as real processes."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from fixtures.pg_server import pg_server, pg_url  # noqa: F401 - fixtures

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "samples" / "docs.jsonl"
ENV = {**os.environ, "PYTHONUNBUFFERED": "1"}


def cli(*args: str, timeout: int = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "pactgraph.cli", *args], capture_output=True, text=True,
                          env=ENV, timeout=timeout)


def _whole(path: Path) -> tuple[int, int]:
    """(documents, events) of a backup, after checking it is whole: integrity, records match their rows."""
    con = sqlite3.connect(path)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert con.execute("PRAGMA journal_mode").fetchone()[0] == "delete"  # one self-contained file
        docs = con.execute("SELECT count(*) FROM documents").fetchone()[0]
        events = con.execute("SELECT count(*) FROM events").fetchone()[0]
        in_records = sum(len(json.loads(r)["events"]) for (r,) in
                         con.execute("SELECT record_json FROM documents WHERE status = 'ok'"))
        assert events == in_records
        return docs, events
    finally:
        con.close()


def test_backup_while_a_writer_runs(corpus: Path, tmp_path: Path) -> None:
    db = tmp_path / "live.db"
    writer = subprocess.Popen([sys.executable, "-m", "pactgraph.cli", "ingest", str(corpus / "dev" / "docs.jsonl"),
                               "--db", str(db), "--commit-every", "8", "--batch-size", "8", "--quiet"],
                              env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 300
        stored = 0
        while time.monotonic() < deadline and writer.poll() is None and stored < 16:
            time.sleep(0.2)
            if db.exists():
                try:
                    con = sqlite3.connect(db, timeout=1)
                    stored = con.execute("SELECT count(*) FROM documents").fetchone()[0]
                    con.close()
                except sqlite3.Error:
                    stored = 0
        during = cli("backup", str(tmp_path / "during.db"), "--db", str(db))
        assert during.returncode == 0, during.stderr
        assert "integrity ok" in during.stderr
        running = writer.poll() is None
        _, err = writer.communicate(timeout=600)
        assert writer.returncode == 0, err[-2000:]
    finally:
        if writer.poll() is None:
            writer.kill()
    docs_during, _ = _whole(tmp_path / "during.db")
    assert not (tmp_path / "during.db-wal").exists()
    after = cli("backup", str(tmp_path / "after.db"), "--db", str(db))
    assert after.returncode == 0, after.stderr
    docs_after, _ = _whole(tmp_path / "after.db")
    assert docs_after == 96
    if running:  # the first copy was taken mid-ingest: a consistent prefix of whole documents
        assert 0 < docs_during <= docs_after
    # an existing file is never overwritten
    again = cli("backup", str(tmp_path / "after.db"), "--db", str(db))
    assert again.returncode != 0 and "exists" in again.stderr


def test_backup_of_postgres_says_how_to_pg_dump(pg_url: str, tmp_path: Path) -> None:  # noqa: F811 - fixture
    import pactgraph
    from pactgraph.errors import PactgraphError
    from pactgraph.store.db import close_all, open_database

    open_database(pg_url)
    with pytest.raises(PactgraphError, match="pg_dump --format=custom"):
        pactgraph.backup(str(tmp_path / "pg.dump"), pg_url)
    close_all()
    run = cli("backup", str(tmp_path / "pg.dump"), "--db", pg_url)
    assert run.returncode != 0 and "pg_dump" in run.stderr


def test_history_and_revert_from_the_command_line(tmp_path: Path) -> None:
    import pactgraph
    from pactgraph.store import corrections
    from pactgraph.store.db import close_all, open_database

    db = str(tmp_path / "cli.db")
    assert pactgraph.ingest_documents([str(SAMPLES)], db).failed == 0
    with open_database(db).write() as conn:
        change = corrections.correct_event(conn, "sample-en-001", 0, {"date": "2023-06-11"}, author="carol",
                                           reason="the day before")[0]
    close_all()
    listed = cli("history", "--document", "sample-en-001", "--db", db, "--json")
    assert listed.returncode == 0, listed.stderr
    items = json.loads(listed.stdout)
    assert [(c["id"], c["author"], c["reason"], c["state"]) for c in items] == [
        (change.id, "carol", "the day before", "active")]
    text = cli("history", "--db", db)
    assert text.returncode == 0 and "carol" in text.stdout and "the day before" in text.stdout
    undone = cli("revert", str(change.id), "--author", "dave", "--reason", "checked", "--db", db)
    assert undone.returncode == 0, undone.stderr
    assert f"#{change.id}" in undone.stderr
    reverted = json.loads(cli("history", "--state", "reverted", "--db", db, "--json").stdout)
    assert [c["id"] for c in reverted] == [change.id]
    assert pactgraph.history(document="sample-en-001", db=db)[-1].author == "dave"
    bad = cli("revert", "99999", "--author", "dave", "--db", db)
    assert bad.returncode != 0 and "99999" in bad.stderr
    assert cli("history", "--state", "nonsense", "--db", db).returncode == 2
