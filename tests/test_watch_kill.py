"""Kill a real ``pactgraph watch`` with SIGKILL mid-round, and stop one with Ctrl-C (SIGINT): a restart
takes exactly what is missing, every page is stored once, and a further round takes nothing."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from fixtures.web_pages import PAGES, page_html, rss
from fixtures.web_server import WebServer

PACTGRAPH = [sys.executable, "-m", "pactgraph.cli"]


def _count(db: Path, sql: str) -> int:
    if not db.exists():
        return 0
    try:
        con = sqlite3.connect(db, timeout=1)
        try:
            return con.execute(sql).fetchone()[0]
        finally:
            con.close()
    except sqlite3.Error:
        return 0


def _serve(web: WebServer, copies: int) -> tuple[str, list[str]]:
    urls = []
    for n in range(copies):
        for page in PAGES:
            path = f"/news/{n}/{page.slug}.html"
            web.route(path, page_html(page, base=web.base + f"/news/{n}"), content_type="text/html",
                      headers={"ETag": f'"{n}-{page.slug}"'})
            urls.append(web.url(path))
    feed = web.route("/feed.xml", rss([(u, u, "release", "Tue, 05 Mar 2024 09:00:00 GMT") for u in urls]),
                     content_type="application/rss+xml", headers={"ETag": '"f"'})
    return feed, urls


def _watch(feed: str, db: Path) -> list[str]:
    return [*PACTGRAPH, "watch", feed, "--db", str(db), "--rounds", "1", "--every", "1s", "--commit-every", "2",
            "--per-host", "0.05", "--quiet", "--json"]


def _stop_after(proc: subprocess.Popen, db: Path, n: int, sig: int) -> None:
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline and proc.poll() is None:
        if _count(db, "SELECT count(*) FROM documents") >= n:
            break
        time.sleep(0.05)
    assert proc.poll() is None, f"watch ended before it could be stopped: {proc.stderr.read()[-2000:]!r}"
    proc.send_signal(sig)
    proc.wait(timeout=60)


def _check_once(db: Path, urls: list[str]) -> None:
    con = sqlite3.connect(db)
    try:
        ids = [r[0] for r in con.execute("SELECT id FROM documents WHERE status = 'ok'")]
        assert sorted(ids) == sorted(urls)
        assert con.execute("SELECT count(*) FROM document_versions").fetchone()[0] == len(urls)
        taken = con.execute("SELECT count(*) FROM source_items WHERE document_id IS NOT NULL "
                            "AND last_error IS NULL").fetchone()[0]
        assert taken == len(urls)
        # an item is marked taken only with its document
        assert con.execute("SELECT count(*) FROM source_items WHERE document_id IS NOT NULL AND document_id "
                           "NOT IN (SELECT id FROM documents)").fetchone()[0] == 0
    finally:
        con.close()


def test_watch_killed_and_interrupted_then_restarted(web: WebServer, tmp_path: Path) -> None:
    feed, urls = _serve(web, copies=3)
    db = tmp_path / "watch.db"
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(_watch(feed, db), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    _stop_after(proc, db, 4, signal.SIGKILL)
    assert proc.returncode == -signal.SIGKILL
    after_kill = _count(db, "SELECT count(*) FROM documents")
    assert 0 < after_kill < len(urls)
    assert _count(db, "SELECT count(*) FROM source_items WHERE document_id IS NOT NULL") == after_kill

    proc = subprocess.Popen(_watch(feed, db), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    _stop_after(proc, db, after_kill + 4, signal.SIGINT)
    assert proc.returncode == 130, proc.stderr.read()[-2000:]
    after_int = _count(db, "SELECT count(*) FROM documents")
    assert after_kill < after_int

    fetched_before = {u: len(web.hits(u.removeprefix(web.base))) for u in urls}
    done = subprocess.run(_watch(feed, db), capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    report = json.loads(done.stdout)
    assert report["added"] == len(urls) - after_int
    _check_once(db, urls)
    # pages already stored were not fetched again
    refetched = [u for u in urls if len(web.hits(u.removeprefix(web.base))) > fetched_before[u]]
    assert len(refetched) <= len(urls) - after_int + 2  # at most the pages in flight when interrupted

    again = subprocess.run(_watch(feed, db), capture_output=True, text=True, env=env, timeout=300)
    assert json.loads(again.stdout)["added"] == 0 and json.loads(again.stdout)["unchanged"] == len(urls)
    _check_once(db, urls)
