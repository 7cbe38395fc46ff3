"""Chinese event fields on small invented sentences."""

from __future__ import annotations

import datetime as dt

import pytest

from pactgraph.extract.base import PreparedDoc
from pactgraph.extract.zh import ChineseExtractor
from pactgraph.ingest.documents import Document
from pactgraph.record import Record


@pytest.fixture(scope="module")
def extractor() -> ChineseExtractor:
    return ChineseExtractor()


def fields(ex: ChineseExtractor, text: str) -> list[str]:
    prepared = PreparedDoc(doc=Document(id="t", text=text), lang="zh", pub=dt.date(2023, 5, 2))
    rec: Record = ex.extract_batch([prepared])[0]
    assert rec.events
    return rec.events[0].fields


def test_sector_inside_a_company_name_is_not_a_field(extractor: ChineseExtractor) -> None:
    got = fields(
        extractor,
        "甲市与乙氢能科技有限公司签约\n\n5月1日,甲州市人民政府与乙氢能科技有限公司签署合作协议,双方将在光伏领域开展合作。",
    )
    assert "solar" in got
    assert "hydrogen" not in got


def test_broad_sector_in_a_background_sentence_is_not_a_field(extractor: ChineseExtractor) -> None:
    got = fields(
        extractor,
        "丙电集团与丁州市签约\n\n5月1日,丙电集团有限公司与丁州市人民政府签署协议,双方将在风电领域开展合作。"
        "丁州市近年来城市建设成效显著。",
    )
    assert "wind" in got
    assert "urban_development" not in got


def test_broad_sector_in_the_cooperation_sentence_is_a_field(extractor: ChineseExtractor) -> None:
    got = fields(
        extractor,
        "丙电集团与丁州市签约\n\n5月1日,丙电集团有限公司与丁州市人民政府签署协议。"
        "根据协议,双方将围绕城市更新和储能开展合作。",
    )
    assert "urban_development" in got
    assert "energy_storage" in got
