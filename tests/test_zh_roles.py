"""Chinese participant roles on small invented sentences."""

from __future__ import annotations

import datetime as dt

import pytest

from pactgraph.extract.base import PreparedDoc
from pactgraph.extract.zh import ChineseExtractor
from pactgraph.ingest.documents import Document


@pytest.fixture(scope="module")
def extractor() -> ChineseExtractor:
    return ChineseExtractor()


def roles(ex: ChineseExtractor, text: str) -> dict[str, str]:
    prepared = PreparedDoc(doc=Document(id="t", text=text), lang="zh", pub=dt.date(2023, 5, 2))
    rec = ex.extract_batch([prepared])[0]
    return {p.person: p.role for p in rec.events[0].participants}


def test_enumeration_ending_in_yiji_attends(extractor: ChineseExtractor) -> None:
    got = roles(
        extractor,
        "甲能公司光伏项目签约\n\n5月1日,甲能公司光伏项目签约仪式在县行政中心举行。县长朱兴波与甲能公司董事长张立"
        "分别代表双方签订合作协议。县领导汪辉、刘盾、周建军以及县有关部门负责人参加签约仪式。",
    )
    assert got["朱兴波"] == "signatory"
    assert got["汪辉"] == got["刘盾"] == got["周建军"] == "attendee"
