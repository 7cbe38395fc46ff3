"""Many writers, many readers: two real ``pactgraph ingest`` processes into one database while a real
``pactgraph serve`` answers reads, on an SQLite file and on a PostgreSQL server (started by the test
setup on a loopback port).

Checked: no read fails, every document is stored once (the two inputs overlap), no entity is created
twice, events match the stored records one for one, SQLite's ``integrity_check`` is ok and no ``-wal``
file is left once every process has exited, and the ``.db`` file copied alone holds everything.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest
from sqlalchemy import create_engine, text

from fixtures.pg_server import pg_server, pg_url  # noqa: F401 - fixtures

READS = ("/api/stats", "/api/events?per_page=50", "/api/organizations?per_page=50", "/api/documents?per_page=50",
         "/api/search?q=energy", "/")


def _inputs(corpus: Path, folder: Path) -> tuple[list[Path], int]:
    """Two input files of the dev corpus that overlap on one copy: A = copies 0, 1; B = copies 1, 2."""
    lines = [json.loads(line) for line in (corpus / "dev" / "docs.jsonl").read_text("utf-8").splitlines()
             if line.strip()]
    files = []
    for name, copies in (("a", (0, 1)), ("b", (1, 2))):
        path = folder / f"{name}.jsonl"
        with path.open("w", encoding="utf-8") as fh:
            for copy in copies:
                for doc in lines:
                    fh.write(json.dumps({**doc, "id": f"{doc['id']}-{copy}"}, ensure_ascii=False) + "\n")
        files.append(path)
    return files, 3 * len(lines)


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "pactgraph.cli", *args]


class Reader(threading.Thread):
    """Reads the served API in a loop and keeps every failure (status >= 400 or no answer)."""

    def __init__(self, base: str) -> None:
        super().__init__(daemon=True)
        self.base, self.stop, self.failures, self.reads = base, threading.Event(), [], 0

    def run(self) -> None:
        with httpx.Client(base_url=self.base, timeout=30) as client:
            while not self.stop.is_set():
                for path in READS:
                    try:
                        r = client.get(path)
                        if r.status_code >= 400:
                            self.failures.append((path, r.status_code, r.text[:300]))
                    except httpx.HTTPError as exc:
                        self.failures.append((path, type(exc).__name__, str(exc)))
                    self.reads += 1


def _run_concurrently(db: str, inputs: list[Path], env: dict[str, str]) -> tuple[Reader, list[dict]]:
    from pactgraph.store.db import close_all, open_database

    open_database(db)  # the schema exists before the server starts reading
    close_all()
    port = _port()
    server = subprocess.Popen(_cli("serve", "--db", db, "--port", str(port)), env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(base + "/api/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        else:
            pytest.fail(f"serve did not start: {server.stderr.read()[-2000:]!r}" if server.poll() is not None
                        else "serve did not answer within 60 s")
        reader = Reader(base)
        reader.start()
        writers = [subprocess.Popen(_cli("ingest", str(path), "--db", db, "--commit-every", "16", "--batch-size",
                                         "8", "--quiet", "--json"), env=env, stdout=subprocess.PIPE,
                                    stderr=subprocess.PIPE, text=True) for path in inputs]
        reports = []
        for proc in writers:
            out, err = proc.communicate(timeout=900)
            assert proc.returncode == 0, err[-3000:]
            reports.append(json.loads(out))
        time.sleep(0.5)  # reads after the last write
        reader.stop.set()
        reader.join(60)
    finally:
        server.send_signal(signal.SIGINT)  # a clean stop: the server checkpoints and closes the store
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
    return reader, reports


def _check_store(url: str, total: int | None) -> set[str]:
    """Assert the store is consistent (and holds ``total`` documents, if given); the stored document ids."""
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            q = lambda sql: conn.execute(text(sql)).scalar()  # noqa: E731
            total = q("SELECT count(*) FROM documents") if total is None else total
            assert q("SELECT count(*) FROM documents") == total
            assert q("SELECT count(DISTINCT id) FROM documents") == total
            assert q("SELECT count(*) FROM documents WHERE status = 'ok'") == total
            assert q("SELECT count(DISTINCT seq) FROM documents") == total
            assert q("SELECT count(*) FROM entities") == q("SELECT count(DISTINCT key) FROM entities")
            assert q("SELECT count(*) FROM mentions WHERE entity_id NOT IN (SELECT id FROM entities)") == 0
            assert q("SELECT count(*) FROM events WHERE document_id NOT IN (SELECT id FROM documents)") == 0
            n_events = 0
            for (record,) in conn.execute(text("SELECT record_json FROM documents")):
                n_events += len((json.loads(record) if isinstance(record, str) else record)["events"])
            assert q("SELECT count(*) FROM events") == n_events
            # one text version per document: the overlapping copy was written twice with the same text
            assert q("SELECT count(*) FROM document_versions") == total
            return {row[0] for row in conn.execute(text("SELECT id FROM documents"))}
    finally:
        engine.dispose()


@pytest.fixture
def env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k != "PACTGRAPH_TOKEN"} | {"PYTHONUNBUFFERED": "1"}


def test_two_writers_and_a_reader_on_sqlite(corpus: Path, tmp_path: Path, env: dict[str, str]) -> None:
    inputs, total = _inputs(corpus, tmp_path)
    path = tmp_path / "shared.db"
    reader, reports = _run_concurrently(str(path), inputs, env)
    assert reader.reads > 0 and reader.failures == [], reader.failures[:5]
    assert sum(r["failed"] for r in reports) == 0
    assert not Path(str(path) + "-wal").exists(), "a -wal file was left after every process exited"
    con = sqlite3.connect(path)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        con.close()
    _check_store(f"sqlite:///{path}", total)
    # the .db file alone, copied elsewhere, is complete
    alone = tmp_path / "copy" / "alone.db"
    alone.parent.mkdir()
    shutil.copyfile(path, alone)
    _check_store(f"sqlite:///{alone}", total)


def test_two_writers_and_a_reader_on_postgres(corpus: Path, tmp_path: Path, env: dict[str, str],
                                              pg_url: str) -> None:  # noqa: F811 - fixture
    inputs, total = _inputs(corpus, tmp_path)
    reader, reports = _run_concurrently(pg_url, inputs, env)
    assert reader.reads > 0 and reader.failures == [], reader.failures[:5]
    assert sum(r["failed"] for r in reports) == 0
    _check_store(pg_url, total)
    # ids are the database's: its sequences are ahead of every stored id
    engine = create_engine(pg_url)
    try:
        with engine.connect() as conn:
            for table in ("entities", "events", "entity_names"):
                top = conn.execute(text(f"SELECT coalesce(max(id), 0) FROM {table}")).scalar()
                seq = conn.execute(text("SELECT pg_get_serial_sequence(:t, 'id')"), {"t": table}).scalar()
                nxt = conn.execute(text(f"SELECT last_value + CASE WHEN is_called THEN 1 ELSE 0 END FROM {seq}")
                                   ).scalar()
                assert nxt > top, (table, nxt, top)
    finally:
        engine.dispose()


def _stored_ids(url: str) -> set[str]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return {row[0] for row in conn.execute(text("SELECT id FROM documents"))}
    except Exception:  # noqa: BLE001 - the schema may not exist yet
        return set()
    finally:
        engine.dispose()


def _kill_one_writer(url: str, inputs: list[Path], total: int, env: dict[str, str]) -> None:
    """Two writers; SIGKILL the first mid-run: what was committed stays, the other finishes, a re-run completes."""
    from pactgraph.store.db import close_all, open_database

    open_database(url)
    close_all()

    def start(path: Path) -> subprocess.Popen[str]:
        return subprocess.Popen(_cli("ingest", str(path), "--db", url, "--commit-every", "8", "--batch-size", "8",
                                     "--quiet", "--json"), env=env, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True)

    victim, other = start(inputs[0]), start(inputs[1])
    try:
        deadline = time.monotonic() + 300
        before: set[str] = set()
        while time.monotonic() < deadline and victim.poll() is None:
            before = _stored_ids(url)
            if len({i for i in before if i.endswith("-0")}) >= 16:  # the victim alone writes copy 0
                break
            time.sleep(0.1)
        assert victim.poll() is None, f"the writer ended before it could be killed: {victim.stderr.read()[-1500:]}"
        victim.send_signal(signal.SIGKILL)
        victim.wait(timeout=30)
        out, err = other.communicate(timeout=900)
        assert other.returncode == 0, err[-2000:]
    finally:
        for proc in (victim, other):
            if proc.poll() is None:
                proc.kill()
    assert victim.returncode == -signal.SIGKILL
    after_kill = _check_store(url, None)
    assert before <= after_kill  # nothing committed before the kill was lost
    assert len(after_kill) < total
    rerun = start(inputs[0])
    out, err = rerun.communicate(timeout=900)
    assert rerun.returncode == 0, err[-2000:]
    assert json.loads(out)["failed"] == 0
    _check_store(url, total)


def test_killed_writer_beside_another_on_sqlite(corpus: Path, tmp_path: Path, env: dict[str, str]) -> None:
    inputs, total = _inputs(corpus, tmp_path)
    path = tmp_path / "killed.db"
    _kill_one_writer(f"sqlite:///{path}", inputs, total, env)
    con = sqlite3.connect(path)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        con.close()
    assert not Path(str(path) + "-wal").exists()


def test_killed_writer_beside_another_on_postgres(corpus: Path, tmp_path: Path, env: dict[str, str],
                                                  pg_url: str) -> None:  # noqa: F811 - fixture
    inputs, total = _inputs(corpus, tmp_path)
    _kill_one_writer(pg_url, inputs, total, env)


def test_terminated_writer_checkpoints_and_closes(corpus: Path, tmp_path: Path, env: dict[str, str]) -> None:
    """SIGTERM (what service managers send) ends an ingest like Ctrl-C: the open batch is rolled back, the
    WAL is checkpointed into the .db file and removed, and the file alone holds what was committed."""
    inputs, _ = _inputs(corpus, tmp_path)
    path = tmp_path / "term.db"
    proc = subprocess.Popen(_cli("ingest", str(inputs[0]), "--db", str(path), "--commit-every", "8", "--batch-size",
                                 "8", "--quiet"), env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            text=True)
    try:
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline and proc.poll() is None and len(_stored_ids(f"sqlite:///{path}")) < 16:
            time.sleep(0.1)
        assert proc.poll() is None, proc.stderr.read()[-1500:]
        before = _stored_ids(f"sqlite:///{path}")
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode != 0 and proc.returncode != -signal.SIGTERM  # it ended itself, cleanly
    assert not Path(str(path) + "-wal").exists(), "the WAL was left behind after SIGTERM"
    alone = tmp_path / "alone.db"
    shutil.copyfile(path, alone)
    assert before <= _check_store(f"sqlite:///{alone}", None)
