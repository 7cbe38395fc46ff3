"""API load: a bounded burst of concurrent requests against the main endpoints of a served database.

Builds (or reuses, with ``--db``) a SQLite database of N ingested documents: the bundled samples and the
corpus beside the repository, repeated under new ids. Each distinct text is extracted once by the real
pipeline and its record replayed for the copies, so the store receives N real records through the real
``ingest`` without N extractions. Then serves it with ``pactgraph serve`` on 127.0.0.1 (a subprocess) and
sends ``--requests`` requests from ``--concurrency`` threads over events (filters, full text, pages),
one event, documents, organizations, people, places, search, graph and stats.

    .venv/bin/python bench/api_load.py [--n 10000] [--requests 3000] [--concurrency 16] [--db PATH]

Prints requests/s, p50/p99 latency overall and per endpoint, and the error count (must be 0: exit 1
otherwise).
"""

from __future__ import annotations

import argparse
import json
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx

REPO = Path(__file__).resolve().parents[1]
SOURCES = [REPO / "samples" / "docs.jsonl", REPO.parent / "shared" / "corpus" / "dev" / "docs.jsonl",
           REPO.parent / "shared" / "corpus" / "seeds" / "docs.jsonl"]
SEARCHES = ["SPIC", "hydrogen", "wind power", "国家电投", "储能", "电力", "agreement", "Changchun", "三峡"]


class ReplayExtractor:
    """Extracts each distinct text once with the real pipeline, then replays the record for its copies."""

    def __init__(self) -> None:
        from pactgraph.extract.pipeline import default_extractor

        self.extractor = default_extractor()
        self.cache: dict[str, Any] = {}

    def pipe(self, docs: Iterable[Any]) -> Iterator[Any]:
        from pactgraph.extract.pipeline import Result

        docs = list(docs)
        todo = {d.text: d for d in docs if d.text not in self.cache}
        for result in self.extractor.pipe(list(todo.values())):
            self.cache[result.document.text] = result
        for doc in docs:
            base = self.cache[doc.text]
            record = base.record.model_copy(update={"id": doc.id}) if base.record is not None else None
            yield Result(doc_id=doc.id, record=record, error=base.error, document=doc)


def build(db: str, n: int) -> None:
    import pactgraph  # noqa: F401 - the package, before its ingest subpackage
    from pactgraph.ingest.documents import Document
    from pactgraph.ingest.orchestrator import ingest

    base = []
    for source in SOURCES:
        if source.exists():
            base += [json.loads(line) for line in source.read_text("utf-8").splitlines() if line.strip()]
    docs = [Document(id=f"{d['id']}-{i // len(base)}", text=d["text"], url=d.get("url"), published=d.get("published"))
            for i, d in ((i, base[i % len(base)]) for i in range(n))]
    started = time.perf_counter()
    report = ingest(docs, db, extractor=ReplayExtractor(), commit_every=500)
    print(f"ingested {report.total} documents ({report.added} added, {report.unchanged} unchanged, "
          f"{report.failed} failed) from {len(base)} distinct texts in {time.perf_counter() - started:.1f} s",
          flush=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def targets(client: httpx.Client) -> list[tuple[str, str]]:
    """(endpoint name, URL) pairs, built from what the database holds."""
    events = client.get("/api/events", params={"per_page": 200}).json()["items"]
    orgs = client.get("/api/organizations", params={"per_page": 50}).json()["items"]
    people = client.get("/api/people", params={"per_page": 50}).json()["items"]
    places = client.get("/api/places", params={"per_page": 20}).json()["items"]
    docs = client.get("/api/documents", params={"per_page": 200}).json()["items"]
    sectors = [s["code"] for s in client.get("/api/stats").json()["top_sectors"]] or ["wind"]
    rng = random.Random(7)
    out: list[tuple[str, str]] = []
    for _ in range(60):
        e, o, p = rng.choice(events), rng.choice(orgs), rng.choice(people)
        out += [
            ("events", f"/api/events?page={rng.randint(1, 20)}"),
            ("events?type", f"/api/events?type={rng.choice(['agreement', 'visit', 'meeting'])}&since=2021"),
            ("events?sector", f"/api/events?sector={rng.choice(sectors)}"),
            ("events?org", f"/api/events?org={o['id']}"),
            ("events?q", f"/api/events?q={rng.choice(SEARCHES)}"),
            ("event", f"/api/events/{e['ref']}"),
            ("document", f"/api/documents/{rng.choice(docs)['id']}"),
            ("organizations", f"/api/organizations?page={rng.randint(1, 5)}"),
            ("organization", f"/api/organizations/{o['id']}"),
            ("people", "/api/people"),
            ("person", f"/api/people/{p['id']}"),
            ("place", f"/api/places/{rng.choice(places)['id']}"),
            ("search", f"/api/search?q={rng.choice(SEARCHES)}&limit=20"),
            ("graph", "/api/graph"),
            ("stats", "/api/stats"),
        ]
    rng.shuffle(out)
    return out


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10_000, help="Documents in the database")
    parser.add_argument("--requests", type=int, default=3000, help="Requests to send (bounded load)")
    parser.add_argument("--concurrency", type=int, default=16, help="Concurrent client threads")
    parser.add_argument("--db", default=None, help="Reuse this SQLite file (built there when missing)")
    args = parser.parse_args()

    tmp = tempfile.TemporaryDirectory()
    db = args.db or str(Path(tmp.name) / "api_load.db")
    if not Path(db).exists():
        build(db, args.n)
    port = free_port()
    server = subprocess.Popen([sys.executable, "-c", "import pactgraph; pactgraph.serve(__import__('sys').argv[1], "
                               "host='127.0.0.1', port=int(__import__('sys').argv[2]))", db, str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        with httpx.Client(base_url=base, timeout=30) as probe:
            deadline = time.monotonic() + 60
            while True:
                try:
                    if probe.get("/api/health").status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                if time.monotonic() > deadline or server.poll() is not None:
                    print("server did not start:", server.stderr.read() if server.poll() is not None else "")
                    return 1
                time.sleep(0.2)
            urls = targets(probe)
            count = probe.get("/api/stats").json()["counts"]["documents"]
        print(f"serving {count} documents on {base}; {args.requests} requests, {args.concurrency} concurrent",
              flush=True)
        local = threading.local()
        timings: dict[str, list[float]] = defaultdict(list)
        errors: list[str] = []
        lock = threading.Lock()

        def one(i: int) -> None:
            client = getattr(local, "client", None)
            if client is None:
                client = local.client = httpx.Client(base_url=base, timeout=30)
            name, url = urls[i % len(urls)]
            start = time.perf_counter()
            try:
                response = client.get(url)
                ok = response.status_code == 200
                detail = f"{response.status_code} {url}"
            except httpx.HTTPError as exc:
                ok, detail = False, f"{type(exc).__name__} {url}"
            elapsed = (time.perf_counter() - start) * 1000
            with lock:
                timings[name].append(elapsed)
                if not ok:
                    errors.append(detail)

        started = time.perf_counter()
        with ThreadPoolExecutor(args.concurrency) as pool:
            list(pool.map(one, range(args.requests)))
        wall = time.perf_counter() - started
    finally:
        server.terminate()
        server.wait(10)
        tmp.cleanup()
    everything = [t for values in timings.values() for t in values]
    print(f"{'endpoint':<16}{'n':>6}{'p50 ms':>10}{'p99 ms':>10}")
    for name in sorted(timings):
        values = timings[name]
        print(f"{name:<16}{len(values):>6}{statistics.median(values):>10.1f}{percentile(values, 0.99):>10.1f}")
    print(f"total: {len(everything)} requests in {wall:.1f} s = {len(everything) / wall:.1f} requests/s; "
          f"p50 {statistics.median(everything):.1f} ms, p99 {percentile(everything, 0.99):.1f} ms; "
          f"errors {len(errors)}")
    for detail in errors[:10]:
        print("  error:", detail)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
