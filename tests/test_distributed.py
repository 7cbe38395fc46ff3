"""Dask scale-out gives the same records, in the same order, as one process."""

from __future__ import annotations

import pickle

from pactgraph import errors
from pactgraph.extract.distributed import DaskExtractor
from pactgraph.ingest.documents import Document, DocumentError


def test_errors_survive_pickling():
    err = errors.EmptyText("text is empty", source="a.jsonl", line=3, doc_id="x")
    back = pickle.loads(pickle.dumps(err))
    assert (type(back), back.source, back.line, back.doc_id) == (errors.EmptyText, "a.jsonl", 3, "x")


def test_dask_workers_match_in_process(extractor):
    texts = [
        "CATL and Yibin Municipal Government signed a cooperation agreement on March 3, 2022.",
        "On May 5, Wang Lin, Vice Mayor of Zibo City, visited SPIC.",
        "",
        "国家电投与南阳市人民政府签署战略合作框架协议。",
        "Zhou Hua, Chairman of CGN, met with Li Qiang, Mayor of Fuzhou, in Fuzhou on June 1.",
    ]
    items = [Document(id=f"d{i}", text=t) for i, t in enumerate(texts)]
    items.insert(2, DocumentError(errors.MissingId("document has no 'id'", source="x.jsonl", line=9)))
    local = list(extractor.pipe(items))
    remote = list(DaskExtractor(workers=2, chunk_size=2).pipe(items))
    assert [r.doc_id for r in remote] == [r.doc_id for r in local]
    assert [r.record.to_json() if r.record else str(r.error) for r in remote] == \
        [r.record.to_json() if r.record else str(r.error) for r in local]
