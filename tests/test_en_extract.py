"""English extraction step by step, on small hand-written sentences (invented names)."""

from __future__ import annotations

import datetime as dt

import pytest

from pactgraph.extract.en.dates import find_dates, relative_date, weekday_date
from pactgraph.extract.en.lexicon import Lexicon
from pactgraph.extract.en.text import dateline, headline, is_debris, lines


@pytest.fixture(scope="module")
def en(extractor):
    return lambda text, **kw: extractor.extract(text, **kw)


@pytest.fixture(scope="module")
def lex():
    return Lexicon.load()


def positions(record, name):
    person = next(p for p in record.people if p.name == name)
    return {(x.title.lower(), x.org) for x in person.positions}


def test_pinyin_words(lex):
    assert lex.is_pinyin_word("Zhijun") and lex.is_pinyin_word("Xiaolin")
    assert not lex.is_pinyin_word("Group") and not lex.is_pinyin_word("Hi-speed")


def test_enumerated_titles_each_with_their_organisation(en):
    r = en("Hefei Signs Agreement\n\nOn May 3, 2023, Sun Haoran, Chairman of CPID and Chief Engineer of SPIC, and "
           "Li Mingzhe, Deputy Secretary of the Party Committee and Acting Mayor of Hefei City, witnessed the "
           "signing of a cooperation agreement between CPID and Hefei Municipal Government.")
    assert positions(r, "Sun Haoran") == {("chairman", "CPID"), ("chief engineer", "SPIC")}
    assert ("acting mayor", "Hefei City") in positions(r, "Li Mingzhe")
    assert any(t == "deputy secretary of the party committee" for t, _ in positions(r, "Li Mingzhe"))


def test_shared_title_list_and_lowercase_titles(en):
    r = en("Wang Dapeng, chairman and general manager of CATL, attended the event. "
           "Zhou Lin, Secretary of the Party Committee, Chairman and General Manager of China Energy "
           "Engineering Corporation, delivered a speech.")
    assert positions(r, "Wang Dapeng") == {("chairman", "CATL"), ("general manager", "CATL")}
    assert len(positions(r, "Zhou Lin")) == 3


def test_title_before_name_and_organisation_before_title(en):
    r = en("On June 2, Xiangtan District Executive Chief Hu Jianping and General Manager of SPC Luo Qiang "
           "signed the agreement. Secretary of CPC Xiangtan District Committee Tang Wei held the meeting.")
    assert positions(r, "Luo Qiang") == {("general manager", "SPC")}
    assert positions(r, "Tang Wei") == {("secretary", "CPC Xiangtan District Committee")}
    assert positions(r, "Hu Jianping") == {("executive chief", "Xiangtan District")}
    roles = {p.person: p.role for p in r.events[0].participants}
    assert roles["Luo Qiang"] == roles["Hu Jianping"] == "signatory"
    assert roles["Tang Wei"] == "host"


def test_plural_title_before_several_names(en):
    r = en("The meeting was attended by Vice Presidents Qin Hao and Deng Rui of Beijing Energy International.")
    assert positions(r, "Qin Hao") == {("vice president", "Beijing Energy International")}
    assert positions(r, "Deng Rui") == {("vice president", "Beijing Energy International")}


def test_acronym_defined_in_brackets_is_an_alias(en):
    r = en("State Power Investment Corporation (SPIC) signed a memorandum of understanding with Kazan Energy. "
           "SPIC will build wind farms.")
    org = next(o for o in r.organizations if o.name == "State Power Investment Corporation")
    assert "SPIC" in org.aliases
    assert r.events[0].agreement_kind == "memorandum of understanding"


def test_x_and_y_signed_gives_two_parties(en):
    r = en("CATL and Qingdao Municipal Government signed a strategic cooperation framework agreement in "
           "Qingdao on March 1, 2022.")
    ev = r.events[0]
    assert ev.type == "agreement" and ev.agreement_kind == "strategic cooperation agreement"
    assert set(ev.parties) == {"CATL", "Qingdao Municipal Government"}
    assert ev.date == "2022-03-01"
    assert ev.place.name == "Qingdao" and ev.place.admin1 == "Shandong"


def test_visit_roles_and_place(en):
    r = en("On November 4th, Liu Feng, Vice Mayor of Zibo City, visited the company for research. "
           "General Manager Gao Yuan accompanied the delegation and reported on production.",
           published="2022-11-10")
    ev = r.events[0]
    assert ev.type == "visit" and ev.date == "2022-11-04"
    roles = {p.person: p.role for p in ev.participants}
    assert roles == {"Liu Feng": "visitor", "Gao Yuan": "host"}
    assert ev.place is not None and ev.place.admin1 == "Shandong"


def test_no_event_in_market_news(en):
    r = en("Sinopec says net profit rose\n\nSinopec said its net profit for the first half rose 7 percent.")
    assert r.events == []


def test_web_debris_gives_nothing(en):
    r = en("Prev: Dr. Zhang Wei, President of the Group, visited CMMA\nNext: Li Hua met Sun Bo\n"
           "SEE ALSO: Chen Jun signs MoU with Tang Group\nShare | Print | Email\nHome > News")
    assert r.people == [] and r.events == []


def test_credits_are_not_people(en):
    r = en("A summit opened in Datong. (Xinhua/Mu Yu)\nPhoto by reporter Han Qingli\n"
           "Edited by Zhang Yaru")
    assert r.people == []


def test_debris_lines_and_headline():
    text = "Hydropower\n\nHuadian signed a contract with Shaoguan\nSeetao 2023-02-28 11:00\nShare\nBody text here."
    ls = lines(text)
    assert [ln.debris for ln in ls] == [False, False, True, True, False]
    assert headline(text, ls)[0] == "Huadian signed a contract with Shaoguan"
    assert dateline(text, ls) == dt.date(2023, 2, 28)
    assert is_debris("Prev: Warmly congratulate") and is_debris("Current position:Home Page > Corporate News")


def test_dates():
    pub = dt.date(2023, 2, 28)
    text = "On July 12, 2021 and on 8thDecember and on March 2nd."
    values = [h.value for h in find_dates(text, 0, len(text), None)]
    assert values == ["2021-07-12", "XXXX-12-08", "XXXX-03-02"]
    assert [h.value for h in find_dates("On December 8, they met.", 0, 24, pub)] == ["2022-12-08"]
    assert relative_date("signed a few days ago", 0, 21, pub).value == "2023-02"
    assert relative_date("signed yesterday", 0, 16, pub).value == "2023-02-27"
    anchor = dt.date(2018, 1, 9)  # a Tuesday
    assert weekday_date("signed an agreement Tuesday", 0, 27, anchor).value == "2018-01-09"


def test_evidence_points_at_the_text(en):
    text = "Xu Ming, Chairman of CGN, signed an agreement with Wuhan Municipal Government."
    r = en(text)
    person = r.people[0]
    assert text[person.evidence[0][0]:person.evidence[0][1]] == "Xu Ming"
    start, end = person.positions[0].evidence[0]
    assert text[start:end] == "Chairman"
    assert all(0 <= o.confidence <= 1 for o in r.organizations)
    assert 0 <= r.events[0].confidence <= 1
