"""Kill a real ``pactgraph ingest`` process mid-way: the database stays consistent and the rerun completes."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

N_COPIES = 4  # dev corpus (96 documents) x 4 = 384 documents


def _consistency(db: Path) -> dict[str, int]:
    con = sqlite3.connect(db)
    try:
        q = lambda sql: con.execute(sql).fetchone()[0]  # noqa: E731
        docs = q("SELECT count(*) FROM documents")
        ok = q("SELECT count(*) FROM documents WHERE status = 'ok'")
        # every stored document has its record or its error, and its rows
        assert q("SELECT count(*) FROM documents WHERE status = 'ok' AND record_json IS NULL") == 0
        assert q("SELECT count(*) FROM documents WHERE status = 'error' AND error_code IS NULL") == 0
        assert q("SELECT count(*) FROM documents_fts") == ok
        assert q("SELECT count(*) FROM events WHERE document_id NOT IN (SELECT id FROM documents)") == 0
        assert q("SELECT count(*) FROM mentions WHERE document_id NOT IN (SELECT id FROM documents)") == 0
        assert q("SELECT count(*) FROM mentions WHERE entity_id NOT IN (SELECT id FROM entities)") == 0
        assert q("SELECT count(*) FROM event_parties WHERE event_id NOT IN (SELECT id FROM events)") == 0
        assert q("SELECT count(*) FROM entity_names WHERE entity_id NOT IN (SELECT id FROM entities)") == 0
        # events match the stored records one for one
        n_events = sum(
            len(json.loads(r[0])["events"])
            for r in con.execute("SELECT record_json FROM documents WHERE status = 'ok'")
        )
        assert q("SELECT count(*) FROM events") == n_events
        assert q("PRAGMA integrity_check") == "ok"
        return {
            "documents": docs,
            "ok": ok,
            "entities": q("SELECT count(*) FROM entities"),
            "keys": q("SELECT count(DISTINCT key) FROM entities"),
        }
    finally:
        con.close()


@pytest.fixture(scope="module")
def inputs(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int]:
    lines = [
        json.loads(line)
        for line in (corpus / "dev" / "docs.jsonl").read_text("utf-8").splitlines()
        if line.strip()
    ]
    out = tmp_path_factory.mktemp("kill") / "docs.jsonl"
    with out.open("w", encoding="utf-8") as fh:
        for copy in range(N_COPIES):
            for doc in lines:
                fh.write(json.dumps({**doc, "id": f"{doc['id']}-{copy}"}, ensure_ascii=False) + "\n")
    return out, N_COPIES * len(lines)


def test_killed_ingest_leaves_a_consistent_database(inputs: tuple[Path, int], tmp_path: Path) -> None:
    docs, total = inputs
    db = tmp_path / "kill.db"
    cmd = [
        sys.executable,
        "-m",
        "pactgraph.cli",
        "ingest",
        str(docs),
        "--db",
        str(db),
        "--commit-every",
        "8",
        "--batch-size",
        "8",
        "--quiet",
    ]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    stored = 0
    deadline = time.monotonic() + 120
    try:
        while time.monotonic() < deadline and proc.poll() is None:
            if db.exists():
                try:
                    con = sqlite3.connect(db, timeout=1)
                    stored = con.execute("SELECT count(*) FROM documents").fetchone()[0]
                    con.close()
                except sqlite3.Error:
                    stored = 0
                if stored >= 40:
                    break
            time.sleep(0.02)
        assert proc.poll() is None, f"ingest ended before it could be killed: {proc.stderr.read()[-2000:]!r}"
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == -signal.SIGKILL
    after_kill = _consistency(db)
    assert 0 < after_kill["documents"] < total

    rerun = subprocess.run(
        cmd[:-1] + ["--quiet", "--json"], capture_output=True, text=True, env=env, timeout=300
    )
    assert rerun.returncode in (0, 1), rerun.stderr[-2000:]
    report = json.loads(rerun.stdout)
    assert report["unchanged"] == after_kill["ok"]
    final = _consistency(db)
    assert final["documents"] == total
    assert final["entities"] == final["keys"]  # no duplicate entities
    # a third run changes nothing
    third = subprocess.run(
        cmd[:-1] + ["--quiet", "--json"], capture_output=True, text=True, env=env, timeout=300
    )
    assert json.loads(third.stdout)["unchanged"] == final["ok"]
    assert _consistency(db) == final
