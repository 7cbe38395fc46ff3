"""A real Dask LocalCluster: a worker killed mid-batch loses no document; a document that keeps killing
workers is recorded with its error; every document is stored once."""

from __future__ import annotations

import os
import signal
import sqlite3
from pathlib import Path

import pytest

from fixtures.dask_tasks import light_chunk
from pactgraph.extract.distributed import DaskExtractor
from pactgraph.ingest.documents import Document
from pactgraph.ingest.orchestrator import Orchestrator
from pactgraph.store.db import close_all

TEXTS = [
    "CATL and Yibin Municipal Government signed a cooperation agreement on battery recycling.",
    "On May 5, Wang Lin, Vice Mayor of Zibo City, visited SPIC to discuss hydrogen projects.",
    "Zhou Hua, Chairman of CGN, met with Li Qiang, Mayor of Fuzhou, in Fuzhou on June 1.",
    "国家电投与南阳市人民政府签署战略合作框架协议，双方将在风电、光伏等领域开展合作。",
]


@pytest.fixture(autouse=True)
def _close_engines():
    yield
    close_all()


def _stored(db: Path) -> list[tuple[str, str]]:
    con = sqlite3.connect(db)
    try:
        return con.execute("SELECT id, status FROM documents ORDER BY id").fetchall()
    finally:
        con.close()


class Killer:
    """Kills one busy worker process once, after the first batch is stored."""

    def __init__(self, extractor: DaskExtractor, after: int) -> None:
        self.extractor = extractor
        self.after = after
        self.killed: list[int] = []

    def __call__(self, done: int, total: int | None) -> None:
        client = self.extractor.client
        if self.killed or done < self.after or client is None:
            return
        busy = [addr for addr, tasks in client.processing().items() if tasks]
        pids = client.run(os.getpid, workers=busy[:1] or None)
        pid = next(iter(pids.values()))
        os.kill(pid, signal.SIGKILL)
        self.killed.append(pid)


def test_worker_killed_mid_batch_loses_no_document(tmp_path: Path) -> None:
    docs = [Document(id=f"d{n:03d}", text=f"{TEXTS[n % len(TEXTS)]} (release {n})") for n in range(160)]
    extractor = DaskExtractor(workers=2, chunk_size=8, batch_size=8)
    killer = Killer(extractor, after=16)
    db = tmp_path / "dask.db"
    report = Orchestrator(db, extractor=extractor, commit_every=8).run(docs, progress=killer)
    assert killer.killed, "no worker was killed"
    assert (report.added, report.failed) == (160, 0), report.errors
    stored = _stored(db)
    assert [i for i, _ in stored] == sorted(d.id for d in docs)  # every document, once
    assert {s for _, s in stored} == {"ok"}


def test_document_that_keeps_killing_workers_is_recorded_with_its_error(tmp_path: Path) -> None:
    import dask

    docs = [Document(id=f"p{n:02d}", text=f"Name{n} signed an agreement.") for n in range(24)]
    docs[13] = Document(id="p13", text="POISON pill that kills its worker")
    db = tmp_path / "poison.db"
    with dask.config.set({"distributed.scheduler.allowed-failures": 1}):
        extractor = DaskExtractor(workers=2, chunk_size=6, task=light_chunk)
        report = Orchestrator(db, extractor=extractor, commit_every=6).run(docs)
    assert (report.added, report.failed) == (23, 1)
    (error,) = report.errors
    assert error["id"] == "p13" and "killed its worker" in error["message"]
    stored = dict(_stored(db))
    assert len(stored) == 24 and stored["p13"] == "error"
    assert sum(1 for s in stored.values() if s == "ok") == 23
