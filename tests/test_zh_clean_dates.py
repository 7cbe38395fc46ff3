"""Chinese cleaning (debris, pinyin in brackets, script folding) and date expressions."""

from __future__ import annotations

import datetime as dt

import pytest

from pactgraph.extract.zh import dates as zh_dates
from pactgraph.extract.zh.clean import Cleaner
from pactgraph.extract.zh.resources import load


@pytest.fixture(scope="module")
def cleaner() -> Cleaner:
    return Cleaner(load())


def test_pinyin_in_brackets_removed_with_offsets(cleaner: Cleaner) -> None:
    text = "某某集團(tuán)與某市簽署戰(zhàn)略協議"
    ct = cleaner.clean(text)
    assert ct.text == "某某集團與某市簽署戰略協議"
    assert ct.folded == "某某集团与某市签署战略协议"
    start = ct.text.index("與")
    a, b = ct.span(start, start + 1)
    assert text[a:b] == "與"
    a, b = ct.span(ct.text.index("略"), ct.text.index("略") + 1)
    assert text[a:b] == "略"


def test_spam_word_and_navigation_removed(cleaner: Cleaner) -> None:
    text = "首页 | 新闻中心\n某省长赴某某公司调研-k8凯发官网\n与博体育app电建签署协议。"
    ct = cleaner.clean(text)
    assert "首页" not in ct.text
    assert "凯发" not in ct.text and "k8" not in ct.text
    assert "与电建签署协议" in ct.text


def test_folding_keeps_length(cleaner: Cleaner) -> None:
    ct = cleaner.clean("黨委書記、董事長⻓")
    assert len(ct.folded) == len(ct.text)
    assert ct.folded.startswith("党委书记、董事长")


def test_full_and_partial_dates() -> None:
    pub = dt.date(2021, 8, 1)
    assert zh_dates.find_dates("2021年7月12日,双方签署", None, None)[0].value == "2021-07-12"
    assert zh_dates.find_dates("6月8日,双方签署", pub, None)[0].value == "2021-06-08"
    # a month after publication belongs to the year before
    assert zh_dates.find_dates("9月3日,双方签署", pub, None)[0].value == "2020-09-03"
    assert zh_dates.find_dates("6月8日,双方签署", None, None)[0].value == "XXXX-06-08"


def test_relative_and_compact_dates() -> None:
    pub = dt.date(2022, 11, 24)
    assert zh_dates.find_dates("昨天,大会在某市举行", pub, None)[0].value == "2022-11-23"
    assert zh_dates.find_dates("今天,双方会谈", pub, None)[0].value == "2022-11-24"
    # 711日: the separator between month and day lost in scraping
    assert zh_dates.find_dates("记者讯 711日,双方签署协议", pub, None)[0].value == "2022-07-11"


def test_datelines() -> None:
    assert zh_dates.dateline("首页\n日期:2025-11-17 来源:某网")[0] == dt.date(2025, 11, 17)
    assert zh_dates.dateline("2022-11-24 13:19:19\n昨天")[0] == dt.date(2022, 11, 24)
    assert zh_dates.dateline("某某网湖北新闻5月26日电(某记者)")[1] == (5, 26)
