"""Ingest speed and query latency at scale.

Ingests N documents (the dev corpus repeated with new ids) into a fresh SQLite
file in chunks, times extraction alone on every other chunk (the same
documents under the same machine load) to compare rates, and measures
``search`` and ``show org`` latency at that size.

    .venv/bin/python bench/ingest_speed.py [--n 10000] [--chunk 1000] [--compare-every 2] [--db PATH]

Targets: ingest at least 0.8x the rate of ``extract`` alone; query p99 under 100 ms.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

import pactgraph
from pactgraph.ingest.documents import Document

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
SEARCHES = [
    "SPIC",
    "Changchun",
    "国家电投",
    "三峡集团",
    "hydrogen",
    "wind power",
    "电力",
    "Sinopec",
    "储能",
    "strategic cooperation agreement",
]
ORGS = ["SPIC", "State Grid", "三峡集团", "CATL", "Sinopec", "China Huaneng Group", "中国电建", "CGN"]


def make_documents(n: int) -> list[Document]:
    base = [
        json.loads(line) for line in (CORPUS / "dev" / "docs.jsonl").read_text("utf-8").splitlines() if line.strip()
    ]
    return [
        Document(id=f"{d['id']}-{i // len(base)}", text=d["text"], url=d.get("url"), published=d.get("published"))
        for i, d in ((i, base[i % len(base)]) for i in range(n))
    ]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def latency(fn, args_list: list[tuple], repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        for args in args_list:
            start = time.perf_counter()
            fn(*args)
            out.append((time.perf_counter() - start) * 1000)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--chunk", type=int, default=1000, help="Documents per ingest call")
    parser.add_argument(
        "--compare-every",
        type=int,
        default=2,
        help="Time extraction alone on every k-th chunk (same documents, same machine load)",
    )
    parser.add_argument("--db", default=None, help="SQLite file (default: a temporary one)")
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()

    docs = make_documents(args.n)
    from pactgraph.extract.pipeline import default_extractor

    extractor = default_extractor()
    list(extractor.pipe(make_documents(64)))  # load models outside the timings
    tmp = tempfile.TemporaryDirectory()
    db = args.db or str(Path(tmp.name) / "bench.db")
    ingest_s = extract_s = compared_ingest_s = 0.0
    compared = added = failed = 0
    for n, start in enumerate(range(0, args.n, args.chunk)):
        chunk = docs[start : start + args.chunk]
        if n % args.compare_every == 0:
            t0 = time.perf_counter()
            for _ in extractor.pipe(chunk):
                pass
            extract_s += time.perf_counter() - t0
        t0 = time.perf_counter()
        report = pactgraph.ingest_documents(chunk, db)  # type: ignore[arg-type]
        elapsed = time.perf_counter() - t0
        ingest_s += elapsed
        added, failed = added + report.added, failed + report.failed
        if n % args.compare_every == 0:
            compared_ingest_s += elapsed
            compared += len(chunk)
        print(f"  {start + len(chunk)} documents, {len(chunk) / elapsed:.1f} documents/s", flush=True)
    extract_rate = compared / extract_s
    compared_rate = compared / compared_ingest_s
    rate = args.n / ingest_s
    from pactgraph.store.db import open_database

    size = open_database(db).size_bytes() or 0
    print(f"extract alone: {extract_rate:.1f} documents/s (on {compared} of the documents)")
    print(
        f"ingest: {args.n} documents ({added} added, {failed} failed) in {ingest_s:.1f} s = {rate:.1f} "
        f"documents/s; on the same documents as extract alone {compared_rate:.1f} documents/s = "
        f"{compared_rate / extract_rate:.2f}x extract alone (target >= 0.8x)"
    )
    print(f"database: {size / 1e6:.1f} MB ({size / args.n / 1e3:.1f} kB per document)")

    search_ms = latency(lambda q: pactgraph.search(q, db=db, limit=20), [(q,) for q in SEARCHES], args.repeat)
    show_ms = latency(lambda o: pactgraph.show_org(o, db=db), [(o,) for o in ORGS], args.repeat)
    for name, values in (("search", search_ms), ("show org", show_ms)):
        print(
            f"{name}: p50 {statistics.median(values):.1f} ms, p99 {percentile(values, 0.99):.1f} ms "
            f"over {len(values)} queries (target p99 < 100 ms)"
        )
    reingest = time.perf_counter()
    again = pactgraph.ingest_documents(docs, db)  # type: ignore[arg-type]
    print(f"re-ingest unchanged: {again.unchanged} skipped in {time.perf_counter() - reingest:.1f} s")
    tmp.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
