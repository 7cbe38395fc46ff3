"""Build a large database for the API load benchmark without re-extracting anything.

The dev documents are extracted once by the real pipeline (their records cached in ``--records``); then
``--n`` documents are written straight to the store through its writer (resolution, stories, full-text
index, the same code as ``ingest``): the dev documents replicated under distinct ids, with their dates
shifted by whole years and, in most replicas, their organizations and people renamed (one of
``--variants`` suffixes), so that the store holds many distinct entities, not 1,000 copies of the same.

    .venv/bin/python bench/build_db.py --db /tmp/load.db [--n 100000] [--records /tmp/dev-records.jsonl]
    .venv/bin/python bench/build_db.py --db postgresql+psycopg://user@127.0.0.1:5432/load --n 100000
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
DEV = REPO.parent / "shared" / "corpus" / "dev" / "docs.jsonl"
DATE = re.compile(r"^(\d{4})(-.*)?$")


def dev_documents() -> list[dict[str, Any]]:
    return [json.loads(line) for line in DEV.read_text("utf-8").splitlines() if line.strip()]


def records(path: Path) -> dict[str, dict[str, Any]]:
    """The dev documents' records, extracted once and cached in ``path``."""
    if path.exists():
        return {r["id"]: r for r in map(json.loads, path.read_text("utf-8").splitlines()) if r}
    import pactgraph

    out = {}
    started = time.perf_counter()
    with path.open("w", encoding="utf-8") as fh:
        for result in pactgraph.extract_many(dev_documents()):
            if result.record is not None:
                data = json.loads(result.record.to_json())
                out[data["id"]] = data
                fh.write(json.dumps(data, ensure_ascii=False) + "\n")
    print(f"extracted {len(out)} dev records in {time.perf_counter() - started:.0f} s -> {path}", flush=True)
    return out


def _shift(value: str | None, years: int) -> str | None:
    if not value:
        return value
    m = DATE.match(value)
    if not m or value.startswith("XXXX"):
        return value
    return f"{int(m.group(1)) + years:04d}{m.group(2) or ''}"


def replicate(record: dict[str, Any], doc: dict[str, Any], copy: int, variants: int) -> tuple[dict, dict]:
    """Copy ``copy`` of a record and its document: new id, dates shifted, names renamed (variant > 0)."""
    years = copy % 7 - 3
    variant = copy % variants
    suffix = f" R{variant}" if variant else ""

    def name(value: str | None) -> str | None:
        return value + suffix if value and suffix else value

    rec = json.loads(json.dumps(record))
    rec["id"] = f"{doc['id']}~{copy}"
    for org in rec.get("organizations") or []:
        org["name"] = name(org["name"])
        org["aliases"] = [name(a) for a in org.get("aliases") or []]
    for person in rec.get("people") or []:
        person["name"] = name(person["name"])
        for pos in person.get("positions") or []:
            pos["org"] = name(pos.get("org"))
    for event in rec.get("events") or []:
        event["date"] = _shift(event.get("date"), years)
        event["parties"] = [name(p) for p in event.get("parties") or []]
        for part in event.get("participants") or []:
            part["person"] = name(part["person"])
    new_doc = {"id": rec["id"], "text": doc["text"], "url": (doc.get("url") or "") + f"#copy{copy}" or None,
               "published": _shift(doc.get("published"), years)}
    return rec, new_doc


def build(db: str, n: int, records_path: Path, variants: int, batch: int) -> None:
    import pactgraph  # noqa: F401 - the package before its ingest subpackage
    from pactgraph.ingest.documents import Document
    from pactgraph.record import Record
    from pactgraph.store.db import open_database
    from pactgraph.store.writer import StoreWriter, WriteItem

    base = records(records_path)
    docs = [d for d in dev_documents() if d["id"] in base]
    database = open_database(db)
    writer = StoreWriter(database)
    started = time.perf_counter()
    pending = []
    for i in range(n):
        doc = docs[i % len(docs)]
        rec, new_doc = replicate(base[doc["id"]], doc, i // len(docs), variants)
        pending.append(WriteItem(Document(**new_doc), Record.model_validate(rec)))
        if len(pending) >= batch or i == n - 1:
            writer.write_batch(pending)
            pending = []
            done = i + 1
            if done % (batch * 10) == 0 or done == n:
                rate = done / (time.perf_counter() - started)
                print(f"{done} documents written ({rate:.0f}/s)", flush=True)
    size = database.size_bytes() or 0
    print(f"built {n} documents from {len(docs)} dev records in {time.perf_counter() - started:.0f} s; "
          f"{size / 1e6:.0f} MB", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, help="SQLite path or SQLAlchemy URL (must be new or empty)")
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--records", type=Path, default=Path("/tmp/pactgraph-dev-records.jsonl"),
                        help="Cache of the dev documents' extracted records")
    parser.add_argument("--variants", type=int, default=40, help="Name variants of each organization and person")
    parser.add_argument("--batch", type=int, default=500, help="Documents per transaction")
    args = parser.parse_args()
    if not DEV.exists():
        print(f"no dev corpus at {DEV}", file=sys.stderr)
        return 2
    build(args.db, args.n, args.records, args.variants, args.batch)
    return 0


if __name__ == "__main__":
    sys.exit(main())
