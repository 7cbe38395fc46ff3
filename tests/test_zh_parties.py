"""Chinese event sides on small invented sentences: committees and governments, bracketed short
names between joined sides."""

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


def run(ex: ChineseExtractor, text: str) -> Record:
    prepared = PreparedDoc(doc=Document(id="t", text=text), lang="zh", pub=dt.date(2023, 5, 2))
    return ex.extract_batch([prepared])[0]


def test_short_name_in_brackets_does_not_break_the_joined_sides(extractor: ChineseExtractor) -> None:
    rec = run(
        extractor,
        "甲能集团与河南省洛阳市签署合作协议\n\n5月1日,甲能集团有限公司(以下简称甲能集团)与河南省洛阳市签订战略合作框架协议。"
        "甲能集团董事长王建国,洛阳市委书记李明华共同见证签约。",
    )
    event = rec.events[0]
    assert event.type == "agreement"
    assert len(event.parties) == 2
    assert "甲能集团有限公司" in event.parties
    assert not any(p.endswith("市委") for p in event.parties)


def test_committee_secretary_signs_for_the_government(extractor: ChineseExtractor) -> None:
    rec = run(
        extractor,
        "乙电公司与开封市签约\n\n5月1日,开封市委书记赵志刚与乙电有限公司董事长孙立新座谈,"
        "并代表双方签署合作协议。",
    )
    event = rec.events[0]
    assert event.type == "agreement"
    assert not any(p.endswith("市委") for p in event.parties)


def test_meeting_keeps_committee_and_adds_the_named_government(extractor: ChineseExtractor) -> None:
    rec = run(
        extractor,
        "丙能集团董事长会见许昌市委书记\n\n5月1日,丙能集团有限公司董事长张一凡在北京会见了许昌市委书记刘建华一行。"
        "张一凡感谢许昌市委、市政府对企业发展的支持。",
    )
    event = rec.events[0]
    assert event.type == "meeting"
    assert "许昌市委" in event.parties
    gov = [o for o in rec.organizations if "市政府" in {o.name, *o.aliases}]
    assert gov and gov[0].name in event.parties
