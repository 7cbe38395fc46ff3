"""API load: 16 concurrent clients over a fixed mix of read requests against a served database.

The database is built by ``bench/build_db.py`` (the dev documents' records replicated under distinct ids,
dates shifted, entities renamed; written straight to the store, no re-extraction) unless ``--db`` names
one that exists. It is served by ``pactgraph serve --workers N`` on 127.0.0.1 (a subprocess), and
``--concurrency`` client threads send ``--requests`` requests over a fixed mix: lists (events with
filters, keyset pages, organizations, people, places, documents), facets, search, entity pages, graph
(network of one organization or province, connects, point map) and filtered exports. ``/api/health``
(no database work) runs in the same mix as the reference: the floor of the HTTP stack under the same load.

Two passes: ``cold`` sends each distinct URL once (nothing cached yet), ``warm`` the whole mix again,
where the ETag/body cache keyed by the data version answers repeats. Server RSS (the serving processes
together) is printed at start, after the cold pass and at the end.

    .venv/bin/python bench/api_load.py --db /tmp/load.db [--n 100000] [--requests 4000] [--workers 2]
    .venv/bin/python bench/api_load.py --postgres [--n 10000]   # a throwaway PostgreSQL server

Exit status 1 when any request failed.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import quote

import httpx

REPO = Path(__file__).resolve().parents[1]
SEARCHES = ["SPIC", "hydrogen", "wind power", "国家电投", "储能", "电力", "agreement", "华能", "Huaneng", "三峡"]
SECTORS = ["wind", "solar", "hydrogen", "energy_storage", "grid"]
PROVINCES = ["Inner Mongolia", "Sichuan", "Shaanxi", "Henan", "Jiangsu", "四川", "内蒙古"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_mb(pid: int) -> float:
    """Resident memory of a process and its children (the uvicorn workers), in MB."""
    import psutil

    try:
        proc = psutil.Process(pid)
        procs = [proc, *proc.children(recursive=True)]
    except psutil.NoSuchProcess:
        return 0.0
    total = 0
    for p in procs:
        with contextlib.suppress(psutil.NoSuchProcess):
            total += p.memory_info().rss
    return total / 1e6


def targets(client: httpx.Client, rounds: int) -> list[tuple[str, str]]:
    """(endpoint, URL) pairs of the mix, built from what the database holds."""
    events = client.get("/api/events", params={"per_page": 200, "sort": "-date"}).json()
    orgs = client.get("/api/organizations", params={"per_page": 100}).json()["items"]
    people = client.get("/api/people", params={"per_page": 100}).json()["items"]
    places = client.get("/api/places", params={"per_page": 50}).json()["items"]
    docs = client.get("/api/documents", params={"per_page": 200}).json()["items"]
    rng = random.Random(7)
    out: list[tuple[str, str]] = []
    cursor = events["next"]
    for _ in range(rounds):
        e, o, p = rng.choice(events["items"]), rng.choice(orgs), rng.choice(people)
        o2 = rng.choice([x for x in orgs if x['id'] != o['id']] or orgs)  # connects needs two entities
        year = rng.randint(2015, 2027)
        out += [
            ("reference /health", "/api/health"),
            ("list events", f"/api/events?sort={rng.choice(['-date', 'date', 'type', '-confidence'])}"
                            f"&per_page={rng.choice([25, 50, 100])}"),
            ("list events next", f"/api/events?sort=-date&after={cursor}" if cursor else "/api/events"),
            ("list events filtered", f"/api/events?type={rng.choice(['agreement', 'visit', 'meeting'])}"
                                     f"&since={year}&province={quote(rng.choice(PROVINCES))}"),
            ("list events sector", f"/api/events?sector={rng.choice(SECTORS)}&min_confidence=0.5"),
            ("list events org", f"/api/events?org={o['id']}"),
            ("list organizations", f"/api/organizations?sort={rng.choice(['-documents', 'name'])}"
                                   f"&kind={rng.choice(['company', 'government'])}"),
            ("list people", f"/api/people?q={quote(p['name'][:3])}"),
            ("list places", "/api/places?kind=prefecture"),
            ("list documents", f"/api/documents?language={rng.choice(['en', 'zh'])}&year={year}"),
            ("facets events", f"/api/events/facets?year={year}"),
            ("facets organizations", f"/api/organizations/facets?kind={rng.choice(['company', 'government'])}"),
            ("search", f"/api/search?q={quote(rng.choice(SEARCHES))}&limit=20"),
            ("entity event", f"/api/events/{e['ref']}"),
            ("entity document", f"/api/documents/{quote(rng.choice(docs)['id'])}"),
            ("entity organization", f"/api/organizations/{o['id']}"),
            ("entity person", f"/api/people/{p['id']}"),
            ("entity place", f"/api/places/{rng.choice(places)['id']}"),
            ("graph network", f"/api/graph?org={o['id']}" if rng.random() < 0.5
             else f"/api/graph?province={quote(rng.choice(PROVINCES))}"),
            ("graph connects", f"/api/connects?a=org:{o['id']}&b=org:{o2['id']}"),
            ("graph map points", f"/api/map/points?sector={rng.choice(SECTORS)}"),
            ("export events.csv", f"/api/events.csv?org={o['id']}&type=agreement"),
            ("export events.json", f"/api/events.json?org={o['id']}&since={year}"),
        ]
    rng.shuffle(out)
    return out


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def run(base: str, urls: list[tuple[str, str]], concurrency: int) -> tuple[dict[str, list[float]], list[str], float]:
    local = threading.local()
    timings: dict[str, list[float]] = defaultdict(list)
    errors: list[str] = []
    lock = threading.Lock()

    def one(item: tuple[str, str]) -> None:
        client = getattr(local, "client", None)
        if client is None:
            client = local.client = httpx.Client(base_url=base, timeout=60)
        name, url = item
        start = time.perf_counter()
        try:
            response = client.get(url)
            _ = response.content
            ok, detail = response.status_code == 200, f"{response.status_code} {url}"
        except httpx.HTTPError as exc:
            ok, detail = False, f"{type(exc).__name__} {url}"
        elapsed = (time.perf_counter() - start) * 1000
        with lock:
            timings[name].append(elapsed)
            if not ok:
                errors.append(detail)

    started = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        list(pool.map(one, urls))
    return timings, errors, time.perf_counter() - started


def report(label: str, timings: dict[str, list[float]], errors: list[str], wall: float) -> None:
    everything = [t for values in timings.values() for t in values]
    print(f"\n{label}: {len(everything)} requests in {wall:.1f} s = {len(everything) / wall:.0f} requests/s, "
          f"errors {len(errors)}")
    print(f"{'endpoint':<24}{'n':>6}{'p50 ms':>10}{'p99 ms':>10}")
    for name in sorted(timings):
        values = timings[name]
        print(f"{name:<24}{len(values):>6}{statistics.median(values):>10.1f}{percentile(values, 0.99):>10.1f}")
    reads = [t for name, values in timings.items() if not name.startswith(("export", "reference"))
             for t in values]
    if reads:
        print(f"{'all reads but exports':<24}{len(reads):>6}{statistics.median(reads):>10.1f}"
              f"{percentile(reads, 0.99):>10.1f}")
    for detail in errors[:10]:
        print("  error:", detail)


def serve_and_load(db: str, args: argparse.Namespace) -> int:
    port = free_port()
    env = {**os.environ}
    server = subprocess.Popen([sys.executable, "-m", "pactgraph.cli", "serve", "--db", db, "--host", "127.0.0.1",
                               "--port", str(port), "--workers", str(args.workers)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        with httpx.Client(base_url=base, timeout=120) as probe:
            deadline = time.monotonic() + 120
            while True:
                try:
                    if probe.get("/api/health").status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                if time.monotonic() > deadline or server.poll() is not None:
                    print("server did not start:", server.stderr.read() if server.poll() is not None else "")
                    return 1
                time.sleep(0.3)
            urls = targets(probe, args.rounds)
            count = probe.get("/api/stats").json()["counts"]
        distinct = list(dict.fromkeys(urls))
        print(f"serving {count.get('documents')} documents, {count.get('events')} events ({db.split('@')[-1]}) "
              f"with {args.workers} workers; {args.concurrency} concurrent clients; machine shared, 2 cores",
              flush=True)
        rss_start = rss_mb(server.pid)
        timings, errors, wall = run(base, distinct, args.concurrency)
        report(f"cold (each of {len(distinct)} distinct URLs once)", timings, errors, wall)
        rss_mid = rss_mb(server.pid)
        mix = [urls[i % len(urls)] for i in range(args.requests)]
        timings2, errors2, wall2 = run(base, mix, args.concurrency)
        report("warm (the mix again, repeats answered by the version cache)", timings2, errors2, wall2)
        rss_end = rss_mb(server.pid)
        print(f"\nserver RSS: start {rss_start:.0f} MB, after cold {rss_mid:.0f} MB, end {rss_end:.0f} MB")
        return 1 if errors or errors2 else 0
    finally:
        server.terminate()
        try:
            server.wait(20)
        except subprocess.TimeoutExpired:
            server.kill()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default=None, help="SQLite file (built there with --n documents when missing) "
                        "or a SQLAlchemy URL of a built database")
    parser.add_argument("--postgres", action="store_true", help="Build --n documents in a throwaway local "
                        "PostgreSQL server (tests/fixtures/pg_server.py) and load it")
    parser.add_argument("--n", type=int, default=100_000, help="Documents to build when the database is missing")
    parser.add_argument("--requests", type=int, default=4000, help="Requests of the warm pass")
    parser.add_argument("--rounds", type=int, default=60, help="Rounds of the mix (distinct URLs ~ 23 per round)")
    parser.add_argument("--concurrency", type=int, default=16, help="Concurrent client threads")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="Server worker processes")
    parser.add_argument("--records", default="/tmp/pactgraph-dev-records.jsonl",
                        help="Cache of the dev documents' records (bench/build_db.py)")
    args = parser.parse_args()
    sys.path.insert(0, str(REPO / "bench"))
    import build_db

    if args.postgres:
        sys.path.insert(0, str(REPO / "tests"))
        from fixtures.pg_server import PgServer

        pg = PgServer()
        pg.start()
        if pg.skip_reason:
            print(f"PostgreSQL unavailable: {pg.skip_reason}")
            return 2
        try:
            url = pg.new_database()
            started = time.perf_counter()
            build_db.build(url, args.n, Path(args.records), 40, 500)
            print(f"built in {time.perf_counter() - started:.0f} s", flush=True)
            return serve_and_load(url, args)
        finally:
            pg.stop()
    db = args.db or str(Path("/tmp") / f"pactgraph-load-{args.n}.db")
    if "://" not in db and not Path(db).exists():
        build_db.build(db, args.n, Path(args.records), 40, 500)
    return serve_and_load(db, args)


if __name__ == "__main__":
    sys.exit(main())
