"""The long commands as a user runs them: real ``pactgraph`` processes on a pseudo-terminal show progress
bars with rate and ETA (ingest, watch, export); ``pactgraph sources`` lists what was fetched and its last
error; ``ingest --dask tcp://...`` extracts on a Dask cluster started outside pactgraph with Dask's own
``dask scheduler`` / ``dask worker`` commands and stores the same records as one process."""

from __future__ import annotations

import json
import os
import pty
import re
import select
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from fixtures.web_pages import PAGES, page_html, rss
from fixtures.web_server import WebServer

PACTGRAPH = [sys.executable, "-m", "pactgraph.cli"]
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07")
TEXTS = [
    "CATL and Yibin Municipal Government signed a cooperation agreement on battery recycling.",
    "On May 5, Wang Lin, Vice Mayor of Zibo City, visited SPIC to discuss hydrogen projects.",
    "Zhou Hua, Chairman of CGN, met with Li Qiang, Mayor of Fuzhou, in Fuzhou on June 1.",
    "国家电投与南阳市人民政府签署战略合作框架协议，双方将在风电、光伏等领域开展合作。",
]


def _docs(path: Path, n: int) -> Path:
    with path.open("w", encoding="utf-8") as out:
        for i in range(n):
            out.write(json.dumps({"id": f"d{i:03d}", "text": f"{TEXTS[i % len(TEXTS)]} (release {i})"},
                                 ensure_ascii=False) + "\n")
    return path


def _on_terminal(args: list[str], timeout: float = 300) -> tuple[int, str]:
    """Run a command with a pseudo-terminal as its stdout and stderr (as a user sees it); its output."""
    master, slave = pty.openpty()
    env = {**os.environ, "COLUMNS": "180", "LINES": "40", "TERM": "xterm"}
    env.pop("NO_COLOR", None)
    proc = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=slave, stderr=slave, env=env, close_fds=True)
    os.close(slave)
    chunks: list[bytes] = []
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 0.5)
            if ready:
                try:
                    data = os.read(master, 65536)
                except OSError:  # the other end closed
                    break
                if not data:
                    break
                chunks.append(data)
            elif proc.poll() is not None:
                break
        code = proc.wait(timeout=max(1.0, deadline - time.monotonic()))
    finally:
        os.close(master)
        if proc.poll() is None:
            proc.kill()
    return code, ANSI.sub("", b"".join(chunks).decode("utf-8", "replace")).replace("\r", "\n")


def test_ingest_and_export_show_progress_with_rate_and_eta(tmp_path: Path) -> None:
    db = tmp_path / "p.db"
    code, out = _on_terminal([*PACTGRAPH, "ingest", str(_docs(tmp_path / "docs.jsonl", 60)), "--db", str(db),
                              "--commit-every", "4", "--batch-size", "4"])
    assert code == 0, out[-3000:]
    bars = [line for line in out.splitlines() if "ingesting" in line]
    assert bars, out[-3000:]
    # count of a known total, a measured rate and a time left
    assert any(re.search(r"\d+/60 .*\d[\d,]*\.\d docs/s .*eta \d+:\d\d:\d\d", line) for line in bars), bars[-5:]
    assert "60 documents: 60 added" in out

    code, out = _on_terminal([*PACTGRAPH, "export", "--format", "jsonl", "-o", str(tmp_path / "out.jsonl"),
                              "--db", str(db)])
    assert code == 0, out[-3000:]
    bars = [line for line in out.splitlines() if "exporting jsonl" in line]
    assert bars and any(re.search(r"/\s*60 .*rows/s .*eta ", line) for line in bars), out[-3000:]
    assert len((tmp_path / "out.jsonl").read_text("utf-8").splitlines()) == 60


def test_watch_shows_progress_and_sources_lists_fetches_and_errors(web: WebServer, tmp_path: Path) -> None:
    urls = [web.route(f"/news/{p.slug}.html", page_html(p, base=web.base + "/news"), content_type="text/html")
            for p in PAGES]
    feed = web.route("/feed.xml", rss([(u, u, "release", "Tue, 05 Mar 2024 09:00:00 GMT") for u in urls]),
                     content_type="application/rss+xml")
    broken = web.route("/broken.xml", "down for maintenance", status=503, content_type="text/plain")
    db = tmp_path / "w.db"
    code, out = _on_terminal([*PACTGRAPH, "watch", feed, broken, "--db", str(db), "--rounds", "1", "--every",
                              "1h", "--per-host", "0.2", "--retries", "0", "--commit-every", "2"])
    assert code == 1, out[-3000:]  # one source failed
    bars = [line for line in out.splitlines() if "watching" in line]
    # the total grows as the feed is listed: the bar has a count of a total, a rate and a time left
    assert any(re.search(r"\d+/\d+ .*\d[\d,]*\.\d docs/s .*eta \d+:\d\d:\d\d", line) for line in bars), \
        out[-3000:]
    assert f"{len(PAGES)} added" in out

    listed = subprocess.run([*PACTGRAPH, "sources", "--db", str(db), "--json"], capture_output=True, text=True,
                            timeout=120)
    assert listed.returncode == 0, listed.stderr
    by_url = {s["url"]: s for s in json.loads(listed.stdout)}
    assert set(by_url) == {feed, broken}
    assert by_url[feed]["kind"] == "feed" and by_url[feed]["watched"] and by_url[feed]["every_seconds"] == 3600
    assert by_url[feed]["last_fetched_at"] and by_url[feed]["last_status"] == 200
    assert by_url[feed]["n_items"] == len(PAGES) and not by_url[feed]["last_error"]
    assert by_url[broken]["last_status"] == 503 and "503" in by_url[broken]["last_error"]

    table = subprocess.run([*PACTGRAPH, "sources", "--db", str(db)], capture_output=True, text=True, timeout=120,
                           env={**os.environ, "COLUMNS": "250"})
    assert table.returncode == 0, table.stderr
    assert "2 sources" in table.stdout and "/feed.xml" in table.stdout and "503" in table.stdout
    assert "1h" in table.stdout


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _records(db: Path) -> dict[str, tuple[str, str]]:
    con = sqlite3.connect(db)
    try:
        return {i: (s, r) for i, s, r in con.execute("SELECT id, status, record_json FROM documents")}
    finally:
        con.close()


def test_ingest_on_a_dask_cluster_started_outside_pactgraph(tmp_path: Path) -> None:
    dask_cli = shutil.which("dask", path=os.path.dirname(sys.executable))
    if not dask_cli:
        pytest.skip("the 'dask' command is not installed next to this Python")
    docs = _docs(tmp_path / "docs.jsonl", 40)
    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    procs = [subprocess.Popen([dask_cli, "scheduler", "--host", "127.0.0.1", "--port", str(port),
                               "--dashboard-address", ":0", "--no-show"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)]
    try:
        for _ in range(2):
            procs.append(subprocess.Popen([dask_cli, "worker", address, "--nthreads", "1", "--no-dashboard"],
                                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        from dask.distributed import Client

        with Client(address, timeout=60) as client:
            client.wait_for_workers(2, timeout=120)
        on_cluster = subprocess.run([*PACTGRAPH, "ingest", str(docs), "--db", str(tmp_path / "dask.db"),
                                     "--dask", address, "--commit-every", "8", "--quiet"],
                                    capture_output=True, text=True, timeout=600)
        assert on_cluster.returncode == 0, on_cluster.stderr[-3000:]
        with Client(address, timeout=60) as client:  # the work ran on the cluster's workers
            assert len(client.scheduler_info()["workers"]) == 2
            loaded = client.run(lambda: getattr(sys.modules.get("pactgraph.extract.distributed"),
                                                "_WORKER_EXTRACTOR", None) is not None)
            assert any(loaded.values()), loaded
    finally:
        for proc in reversed(procs):
            proc.terminate()
        for proc in procs:
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
    here = subprocess.run([*PACTGRAPH, "ingest", str(docs), "--db", str(tmp_path / "one.db"), "--quiet"],
                          capture_output=True, text=True, timeout=600)
    assert here.returncode == 0, here.stderr[-3000:]
    clustered, single = _records(tmp_path / "dask.db"), _records(tmp_path / "one.db")
    assert len(clustered) == 40 and {s for s, _ in clustered.values()} == {"ok"}
    assert clustered == single  # the same records, each document once
