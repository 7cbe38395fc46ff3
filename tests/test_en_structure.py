"""English title and organisation structure, on small invented sentences."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="module")
def en(extractor):
    return lambda text, **kw: extractor.extract(text, **kw)


def positions(record, name):
    person = next(p for p in record.people if p.name == name)
    return {(x.title.lower(), x.org) for x in person.positions}


def test_possessive_is_not_part_of_a_name(en):
    r = en("Mayor Zhou Ping visited Hefei. He cited President Tan Wenhao's call for green growth.")
    names = {p.name for p in r.people}
    assert "Tan Wenhao" in names and not any(n.endswith(("'s", "’s")) for n in names)


def test_body_inside_a_company_stands_for_the_company(en):
    r = en("On May 3, Li Ming, President and Deputy Secretary of Leading Party Group of Sinopec Holdings, visited "
           "Hefei and met Chen Yi, Deputy Director of the International Business Department of the Group.")
    assert positions(r, "Li Ming") == {("president", "Sinopec Holdings"),
                                       ("deputy secretary of leading party group", "Sinopec Holdings")}
    orgs = {o.name for o in r.organizations}
    assert "Sinopec Holdings" in orgs and not any("Leading Party Group" in o for o in orgs)
    assert all(o.org != "International Business Department of the Group" for o in
               next(p for p in r.people if p.name == "Chen Yi").positions)


def test_party_committee_of_a_zone_stays_an_organisation(en):
    r = en("Wang Bo, Secretary of the Party Working Committee of the Hexin Economic Development Zone, met "
           "Liu Fang, Chairman of Dongfang Power Co., Ltd.")
    assert ("secretary of the party working committee", "Hexin Economic Development Zone") in positions(r, "Wang Bo")


def test_enumerated_titles_before_a_name_share_the_organisation(en):
    r = en("On June 2, Deputy Secretary of the Provincial Party Committee and Governor Mao Wei met with "
           "Nanfang Grid Party Secretary and Chairman Xin Bao.")
    assert positions(r, "Xin Bao") == {("party secretary", "Nanfang Grid"), ("chairman", "Nanfang Grid")}
    assert ("deputy secretary", "Provincial Party Committee") in positions(r, "Mao Wei")
    assert "Nanfang Grid Party" not in {o.name for o in r.organizations}


def test_titles_written_before_each_name_are_not_shifted(en):
    r = en("Yu Dong, Chairman of Poly Fuel Co., Ltd., visited Donghai Energy Group and met with the Chief "
           "Engineer of Donghai Energy Group, Chai Qiang, and Chief Economist of Donghai Energy Group, Chairman "
           "of Donghai Energy International, Chen Yiqin, and other guests.")
    assert positions(r, "Chai Qiang") == {("chief engineer", "Donghai Energy Group")}
    assert positions(r, "Chen Yiqin") == {("chief economist", "Donghai Energy Group"),
                                          ("chairman", "Donghai Energy International")}


def test_titles_after_each_name_stay_with_it(en):
    r = en("Li Ming, Chairman of Huaxin Power, Wang Wu, President of Dongfang Wind, signed the agreement.")
    assert positions(r, "Li Ming") == {("chairman", "Huaxin Power")}
    assert positions(r, "Wang Wu") == {("president", "Dongfang Wind")}


def test_plural_titles_after_coordinated_names_are_shared(en):
    r = en("Zhang Qiang and Zeng Yu, Deputy General Managers of Sinopec Energy and members of the Party "
           "Committee, attended the meeting.")
    for name in ("Zhang Qiang", "Zeng Yu"):
        assert positions(r, name) == {("deputy general manager", "Sinopec Energy"),
                                      ("member of the party committee", "Sinopec Energy")}


def test_headline_verbs_end_an_organisation_name(en):
    r = en("President Li Ming of Sinopec Holdings Visits Quanzhou and Meets City Leaders\n\n"
           "On June 29, Li Ming, President of Sinopec Holdings, visited Quanzhou.")
    assert {o.name for o in r.organizations} >= {"Sinopec Holdings"}
    assert not any("Visits" in o.name for o in r.organizations)
    assert positions(r, "Li Ming") == {("president", "Sinopec Holdings")}


def test_an_of_part_naming_no_body_belongs_to_the_title(en):
    r = en("On May 3, NEA Deputy Head of Science and Technology Equipment Qi Zhixin and Counsellor to the "
           "State Council Wu Zong gave speeches at the energy storage forum. CERS Operations Director Shi Yubo spoke.")
    assert positions(r, "Qi Zhixin") == {("deputy head of science and technology equipment", "NEA")}
    assert positions(r, "Wu Zong") == {("counsellor", "State Council")}
    assert positions(r, "Shi Yubo") == {("operations director", "CERS")}
    roles = {p.person: p.role for p in r.events[0].participants}
    assert roles["Qi Zhixin"] == roles["Wu Zong"] == "speaker"


def roles_of(record):
    return {p.person: p.role for p in record.events[0].participants}


def test_the_visit_of_names_the_visitor_and_accompanied_by_names_the_host(en):
    r = en("Another Visit of Hexin Power: Governor Zhou Ping Visits Hexin\n\n"
           "On May 8, Governor Zhou Ping visited Hexin Power. Chairman Wang Lei welcomed the visit of Zhou Ping. "
           "Accompanied by Wang Lei, Zhou Ping toured the workshop.")
    roles = roles_of(r)
    assert roles["Zhou Ping"] == "visitor" and roles["Wang Lei"] == "host"


def test_taking_part_in_the_inspection_makes_a_visitor(en):
    r = en("On May 8, the mayor, Tan Ming, made a special trip to Dalian Battery Co., Ltd. to conduct an "
           "investigation. The deputy mayor, Jin Wei, also participated in this investigation.")
    roles = roles_of(r)
    assert roles["Tan Ming"] == "visitor" and roles["Jin Wei"] == "visitor"
    assert positions(r, "Jin Wei") == {("deputy mayor", "Dalian")} or \
        {t for t, _ in positions(r, "Jin Wei")} == {"deputy mayor"}


def test_a_leader_whose_speech_is_cited_is_no_participant(en):
    r = en("On May 8, to implement the spirit of the important speeches given by General Secretary Xi Ping "
           "during his inspection, Mayor Tan Ming visited Dalian Battery Co., Ltd.")
    roles = roles_of(r)
    assert roles.get("Tan Ming") == "visitor" and "Xi Ping" not in roles


def test_research_in_a_name_is_no_visit_and_nav_lines_are_debris(en):
    r = en("Welcome to www.example-news.org\n\n电力\n\nPosition:news > energy > storage\n\n"
           "Storage Committee Holds First Meeting\n\nOn May 8, the Huaxia Energy Research Society held the first "
           "meeting of its storage committee in Beijing. Chairman Wang Lei chaired the meeting.")
    assert r.title == "Storage Committee Holds First Meeting"
    assert r.events[0].type == "meeting"


def test_commercial_operation_is_a_project_milestone(en):
    r = en("Huaxin Wind Farm Connects to the Grid\n\nHuaxin Power Co., Ltd. announced that its first wind farm in "
           "Chubut has reached commercial operation. Chairman Wang Lei attended the ceremony.")
    assert r.events[0].type == "project"


def test_fields_of_the_agreed_project_count(en):
    r = en("Huaxin Power and Panshi Government Sign Framework Agreement\n\nOn December 8, Huaxin Power Co., Ltd. "
           "and Panshi Municipal Government signed a framework agreement in Beijing. The project includes 3 hydro "
           "power stations, a pumped storage power station, mountain photovoltaic and clean heating projects.")
    assert {"hydro", "energy_storage", "solar", "chp"} <= set(r.events[0].fields)


def test_facts_carry_how_they_were_found(extractor):
    from pactgraph.extract.base import PreparedDoc  # noqa: F401 - the contract the drafts follow
    from pactgraph.ingest.documents import Document

    doc = Document(id="t1", text="Huaxin Signs Agreement\n\nOn May 3, Sun Hao, Chairman of Huaxin Power, and Mayor "
                                 "Li Ming signed a cooperation agreement in Hefei.")
    prepared = extractor.prepare(doc)
    draft = extractor.language("en").draft_batch([prepared])[0]
    sun = next(p for p in draft.people if p.name == "Sun Hao")
    assert sun.positions[0].features.get("how_after_of") == 1.0
    assert any(k.startswith("source_") for k in sun.features)
    ev = draft.events[0]
    assert all(any(k.startswith("how_") for k in pa.features) for pa in ev.participants)
    assert ev.place is not None and any(k.startswith("how_") for k in ev.place.features)
    assert "in_lead" in ev.features


def place_of(record):
    return record.events[0].place.name if record.events and record.events[0].place else None


def test_place_rules(en):
    # a news site called "... Online" does not make the signing virtual
    r = en("Province and Grid Sign Agreement\n\nHuaxia Online, June 10 On the 10th, the provincial government "
           "and Nanfang Grid Co., Ltd. signed a framework agreement on strategic cooperation in Changsha.")
    assert place_of(r) == "Changsha"
    # a village written before its county: the county resolves
    r = en("On July 6, President Wang Lei inspected the wind power project site located in Dongcun Village, "
           "Qingyun County, Shandong Province.")
    assert place_of(r) in {"Qingyun", "Qingyun County"}
    # the most specific place beats the country of "a state visit to China"
    r = en("On May 18, President Ivan Petrov, paying a state visit to China, and Chairman Wang Lei of Huaxin "
           "Power met at a roundtable in Xi'an.")
    assert place_of(r) == "Xi'an"
    # a dateline with its country is read as a dateline, not as the event's place
    r = en("Huaxin Power Hosts Delegation\n\nBEIJING, China, Nov. 7, 2024 /PRNewswire/ -- On November 4, "
           "Chairman Wang Lei of Huaxin Power met Minister Ivan Petrov in Shanghai.")
    assert place_of(r) == "Shanghai" and r.events[0].date.endswith("11-04")
    assert "Huaxin Power" in {o.name for o in r.organizations}


def test_legal_words_and_stock_codes_are_no_organisations(en):
    r = en("WKN: B7XQ29 | ISIN: US1234567890 | Huaxin Power GDR Chart\n\nHuaxin Power Signs Agreement\n\nOn May 3, "
           "Huaxin Power Co., Ltd. and Dongfang Grid Co. Ltd signed a cooperation agreement in Hefei. Chairman "
           "Wang Lei of Huaxin Power attended.")
    names = {o.name.rstrip(".") for o in r.organizations}
    assert not names & {"Co", "Ltd", "GDR", "WKN", "B7XQ29"}


def test_the_parties_that_signed_are_those_just_named(en):
    r = en("Three Parties Sign MoU\n\nOn June 24, Yu Dong, Chairman of Poly Fuel Co., Ltd., and Du Nan, General "
           "Manager of Huatong Investment Co., Ltd., visited Donghai Energy Group Co., Ltd. and met its leaders. "
           "Three parties signed an MoU on LNG supply.")
    ev = r.events[0]
    assert ev.type == "agreement"
    assert {"Poly Fuel Co., Ltd.", "Huatong Investment Co., Ltd.", "Donghai Energy Group Co., Ltd."} <= set(ev.parties)
