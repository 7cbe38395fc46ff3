"""Chinese place rules on small invented sentences: common words that are also division names,
a person's given name is not a place, divisions jieba tags as plain nouns."""

from __future__ import annotations

import datetime as dt

import pytest

from pactgraph.extract.base import PreparedDoc
from pactgraph.extract.zh import ChineseExtractor
from pactgraph.extract.zh.places import Places
from pactgraph.extract.zh.resources import load
from pactgraph.ingest.documents import Document
from pactgraph.record import Record


@pytest.fixture(scope="module")
def extractor() -> ChineseExtractor:
    return ChineseExtractor()


def run(ex: ChineseExtractor, text: str) -> Record:
    prepared = PreparedDoc(doc=Document(id="t", text=text), lang="zh", pub=dt.date(2023, 5, 2))
    return ex.extract_batch([prepared])[0]


def test_common_words_are_places_only_with_their_level_word() -> None:
    places = Places(load())
    assert places.lookup("新建") is None
    assert places.lookup("资源") is None
    assert places.lookup("新建区") is not None


def test_project_place_from_a_division_tagged_as_a_noun(extractor: ChineseExtractor) -> None:
    rec = run(
        extractor,
        "甲能集团孝感热电厂新建工程开工\n\n5月1日,甲能集团孝感热电厂新建工程开工。孝感市委书记崔枫林出席。"
        "崔枫林表示,孝感将全力支持项目建设,充分利用资源优势。",
    )
    assert rec.events and rec.events[0].type == "project"
    place = rec.events[0].place
    assert place is not None and place.name.startswith("孝感")


def test_place_before_the_partner_in_a_meeting(extractor: ChineseExtractor) -> None:
    rec = run(
        extractor,
        "甲能集团与河南省座谈\n\n5月1日,甲能集团有限公司董事长王建国在郑州与河南省委书记李明华座谈。",
    )
    place = rec.events[0].place
    assert place is not None and place.name.startswith("郑州")


def test_city_that_holds_the_event_is_its_place(extractor: ChineseExtractor) -> None:
    rec = run(
        extractor,
        "洛阳召开企业家座谈会\n\n5月1日,洛阳市召开企业家座谈会,甲能集团有限公司董事长王建国出席并发言。",
    )
    place = rec.events[0].place
    assert place is not None and place.name.startswith("洛阳")


def test_venue_named_by_level_word_is_the_article_county(extractor: ChineseExtractor) -> None:
    rec = run(
        extractor,
        "甲能集团光伏项目签约\n\n5月1日,甲能集团光伏项目签约仪式在县行政中心举行。射阳县委书记李明华出席。"
        "射阳县与甲能集团有限公司签署投资协议,射阳将全力支持项目落地。",
    )
    place = rec.events[0].place
    assert place is not None and place.name.startswith("射阳")
