"""Resolution on hand-made records: organizations, governments, people, places."""

from __future__ import annotations

import pytest

from pactgraph.record import Event, Organization, Person, Position, Record
from pactgraph.resolve.document import Resolver, best_date
from pactgraph.resolve.names import normalize, org_key, place_key
from pactgraph.resolve.orgs import parse_government
from pactgraph.resolve.people import name_key


def test_names() -> None:
    assert normalize("China Huaneng Group Co., Ltd.") == "chinahuanenggroupcoltd"
    assert org_key("China Huaneng Group Co., Ltd.") == org_key("China Huaneng Group") == "chinahuanenggroup"
    assert org_key("中國華能集團有限公司") == "中国华能集团"
    assert place_key("Pingdingshan City") == place_key("平顶山市".replace("平顶山", "Pingdingshan"))
    assert name_key("He Xi") == name_key("Xi He") == name_key("何锡") == name_key("Mr. He Xi")
    assert best_date("XXXX-11-04", "2023-01-10") == "2022-11-04"
    assert best_date("XXXX-09-17", "2022-09-18") == "2022-09-17"
    assert best_date(None, "2022-09-18T08:00") == "2022-09-18"


@pytest.mark.parametrize(
    ("name", "kind", "place", "body"),
    [
        ("Changchun Municipal Party Committee", "party", "Changchun", "party"),
        ("Pingdingshan Municipal Government", "government", "Pingdingshan", "government"),
        (
            "People's Government of Inner Mongolia Autonomous Region",
            "government",
            "Inner Mongolia Autonomous Region",
            "government",
        ),
        ("CPC Xilin Gol League Committee", "party", "Xilin Gol", "party"),
        ("威海市委", "party", "威海市", "party"),
        ("上海市人民政府", "government", "上海市", "government"),
        ("孝感市", "government", "孝感市", "government"),
        ("Municipal Party Committee", "party", None, "party"),
        ("市人大常委会", "government", None, "congress"),
    ],
)
def test_parse_government(name: str, kind: str, place: str | None, body: str) -> None:
    parsed = parse_government(name, kind)
    assert parsed is not None and parsed.place == place and parsed.body == body


def _record(orgs: list[Organization], people: list[Person] = (), events: list[Event] = ()) -> Record:
    return Record(organizations=list(orgs), people=list(people), events=list(events))


def test_organizations_merge_across_documents_languages_and_acronyms() -> None:
    r = Resolver()
    a = r.resolve_record(
        _record([Organization(name="China Power International Development", aliases=["CPID"], kind="company")]),
        "a",
    )
    b = r.resolve_record(_record([Organization(name="中國電力", kind="company")]), "b")
    c = r.resolve_record(
        _record(
            [
                Organization(name="Acme Wind Power Co., Ltd.", kind="company"),
                Organization(name="AWP", kind="company"),
            ]
        ),
        "c",
    )
    d = r.resolve_record(_record([Organization(name="Acme Wind Power", kind="company")]), "d")
    e = r.resolve_record(_record([Organization(name="AWP", kind="company")]), "e")
    assert a.orgs[0] == b.orgs[0]
    assert c.orgs[0] == c.orgs[1] == d.orgs[0] == e.orgs[0]  # acronym defined in c, names normalised in d
    assert r.index.entities[a.orgs[0]].kb_id == "cpid"
    parent = r.index.entities[a.orgs[0]].parent_id
    assert r.index.entities[parent].kb_id == "spic"


def test_governments_resolve_to_divisions_and_generic_names_use_context() -> None:
    r = Resolver()
    a = r.resolve_record(
        _record(
            [
                Organization(name="Changchun Municipal Government", kind="government"),
                Organization(name="Changchun Municipal Party Committee", kind="party"),
            ]
        ),
        "a",
    )
    b = r.resolve_record(
        _record(
            [
                Organization(name="长春市政府", kind="government"),
                Organization(name="Municipal Party Committee", kind="party"),
            ]
        ),
        "b",
    )
    c = r.resolve_record(_record([Organization(name="Energy Bureau", kind="government")]), "c")
    d = r.resolve_record(_record([Organization(name="Energy Bureau", kind="government")]), "d")
    gov = r.index.entities[a.orgs[0]]
    assert gov.code == "220100" and gov.province == "Jilin" and gov.lat is not None
    assert a.orgs[0] == b.orgs[0] and a.orgs[1] == b.orgs[1] and a.orgs[0] != a.orgs[1]
    assert c.orgs[0] != d.orgs[0]  # a bureau of unknown place stays in its document
    place = r.index.entities[gov.place_id]
    assert {"Changchun", "长春市"} <= place.names and place.kind == "prefecture"


def test_people_merge_on_name_and_organization_context() -> None:
    r = Resolver()
    cpid = [Organization(name="CPID", kind="company"), Organization(name="SPIC", kind="company")]
    a = r.resolve_record(_record(cpid, [Person(name="He Xi", positions=[Position(title="Chairman", org="CPID")])]), "a")
    b = r.resolve_record(
        _record(
            cpid[1:],
            [Person(name="He Xi", positions=[Position(title="Chief Engineer (New Energy)", org="SPIC")])],
        ),
        "b",
    )
    c = r.resolve_record(
        _record(
            [Organization(name="Weihai Municipal Government", kind="government")],
            [Person(name="He Xi", positions=[Position(title="Mayor", org="Weihai Municipal Government")])],
        ),
        "c",
    )
    d = r.resolve_record(
        _record(
            [Organization(name="中国电力", kind="company")],
            [Person(name="何锡", positions=[Position(title="董事长", org="中国电力")])],
        ),
        "d",
    )
    assert a.people[0] == b.people[0] == d.people[0]  # CPID belongs to SPIC's group
    assert c.people[0] != a.people[0]  # same name, unrelated organization


def test_event_places_and_positions() -> None:
    r = Resolver()
    from pactgraph.record import Participant, Place

    out = r.resolve_record(
        Record(
            events=[
                Event(
                    type="visit",
                    date="XXXX-05-20",
                    place=Place(name="Chengdu", admin1="Sichuan"),
                    parties=["CATL"],
                    participants=[Participant(person="Robin Zeng", role="visitor")],
                )
            ],
            people=[Person(name="Robin Zeng", positions=[Position(title="Chairman", org="CATL")])],
            organizations=[Organization(name="CATL", kind="company")],
        ),
        "x",
        "2024-06-01",
    )
    place = r.index.entities[out.event_places[0]]
    assert place.code == "510100" and place.province == "Sichuan"
    assert out.positions[0]["seen_date"] == "2024-05-20"
    assert out.event_participants[0][0][0] == out.people[0]
