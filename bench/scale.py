"""Scale-out benchmark: extraction of N documents in one process, with ``--workers 2`` (a LocalCluster
started by pactgraph) and on a 2-worker Dask cluster started outside pactgraph (``dask scheduler`` and
``dask worker`` processes, reached as ``--dask tcp://...``), in one run.

Prints documents/s of each path, the ratio to one process (target: at least 1.7x with 2 workers on 2
cores) and whether every path gave the same records. Each figure includes loading the models, as a
real run does. Documents are the corpus's dev and seed texts, read where they are, repeated with new ids.

    python bench/scale.py [--docs 5000]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

from pactgraph.extract.distributed import make_extractor
from pactgraph.extract.pipeline import Extractor
from pactgraph.ingest.documents import Document

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"


def documents(n: int) -> list[Document]:
    base = []
    for name in ("dev", "seeds"):
        path = CORPUS / name / "docs.jsonl"
        if path.exists():
            for line in path.read_text("utf-8").splitlines():
                if line.strip():
                    d = json.loads(line)
                    base.append(d)
    if not base:
        sys.exit(f"no corpus at {CORPUS}")
    return [Document(id=f"{base[i % len(base)]['id']}-{i // len(base)}", text=base[i % len(base)]["text"],
                     url=base[i % len(base)].get("url"), published=base[i % len(base)].get("published"))
            for i in range(n)]


def run(label: str, extractor: object, docs: list[Document]) -> tuple[float, list[str]]:
    started = time.perf_counter()
    out = [r.record.to_json() if r.record else f"error:{r.error}" for r in extractor.pipe(docs)]  # type: ignore[attr-defined]
    seconds = time.perf_counter() - started
    print(f"{label:<34} {len(docs) / seconds:8.1f} docs/s  ({seconds:.1f} s)", flush=True)
    return len(docs) / seconds, out


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def external_cluster(workers: int) -> tuple[str, list[subprocess.Popen]]:
    """A scheduler and workers started as separate processes with Dask's own command line."""
    dask_cli = shutil.which("dask", path=os.path.dirname(sys.executable)) or shutil.which("dask")
    if not dask_cli:
        sys.exit("the 'dask' command is not installed")
    port = free_port()
    address = f"tcp://127.0.0.1:{port}"
    procs = [subprocess.Popen([dask_cli, "scheduler", "--host", "127.0.0.1", "--port", str(port),
                               "--dashboard-address", ":0", "--no-show"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)]
    time.sleep(3)
    for _ in range(workers):
        procs.append(subprocess.Popen([dask_cli, "worker", address, "--nthreads", "1", "--nworkers", "1",
                                       "--no-dashboard"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
    from dask.distributed import Client

    with Client(address, timeout=60) as client:
        client.wait_for_workers(workers, timeout=120)
    return address, procs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=5000)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    docs = documents(args.docs)
    print(f"{len(docs)} documents, {os.cpu_count()} cores (machine shared with other work: figures are noisy)")
    single, ref = run("one process", Extractor(), docs)
    local, out_local = run(f"--workers {args.workers} (LocalCluster)", make_extractor(workers=args.workers), docs)
    address, procs = external_cluster(args.workers)
    try:
        remote, out_remote = run(f"--dask {address}", make_extractor(workers=args.workers, dask=address), docs)
    finally:
        for proc in reversed(procs):
            proc.terminate()
        for proc in procs:
            proc.wait(timeout=30)
    print(f"ratio to one process: --workers {local / single:.2f}x, --dask {remote / single:.2f}x (target 1.7x)")
    same = out_local == ref and out_remote == ref
    print(f"same records from every path: {'yes' if same else 'NO'}")
    if not same:
        sys.exit(1)


if __name__ == "__main__":
    main()
