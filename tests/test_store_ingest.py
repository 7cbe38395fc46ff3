"""The store on a real SQLite file and a real PostgreSQL server: ingest, idempotence, resolution, queries."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select, text

import pactgraph
from fixtures.pg_server import pg_server, pg_url  # noqa: F401 - fixtures
from fixtures.store_records import RecordsExtractor
from fixtures.store_scenario import D1_TEXT, documents, records
from pactgraph.ingest.orchestrator import IngestReport, ingest
from pactgraph.store import models
from pactgraph.store.db import NotFound, StoreError, close_all, current_revision, open_database

TABLES = [
    "documents",
    "stories",
    "entities",
    "entity_names",
    "mentions",
    "events",
    "event_parties",
    "event_participants",
    "event_fields",
    "positions",
    "document_policies",
    "documents_fts",
]


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return str(tmp_path / "store.db")
    return request.getfixturevalue("pg_url")


@pytest.fixture(scope="module", autouse=True)
def _close_engines():
    yield
    close_all()


def counts(db: str) -> dict[str, int]:
    database = open_database(db)
    with database.engine.connect() as conn:
        return {t: conn.execute(text(f"SELECT count(*) FROM {t}")).scalar_one() for t in TABLES}


def run(db: str, fail: tuple[str, ...] = ("d7",)) -> IngestReport:
    return ingest(documents(), db, extractor=RecordsExtractor(records(), fail=fail))


def test_schema_is_migrated_to_head(db_url: str) -> None:
    from alembic.script import ScriptDirectory

    from pactgraph.store.db import alembic_config, head_revision

    database = open_database(db_url)
    assert current_revision(database.engine) == head_revision()
    chain = [rev.revision for rev in ScriptDirectory.from_config(alembic_config()).walk_revisions()]
    assert chain[-1] == "0001_initial"


def test_ingest_is_idempotent_and_keeps_failures(db_url: str) -> None:
    report = run(db_url)
    assert (report.total, report.added, report.failed) == (7, 6, 1)
    before = counts(db_url)
    assert before["documents"] == 7 and before["documents_fts"] == 6
    again = run(db_url, fail=("d7",))
    # unchanged documents are skipped; the failed one is retried (and fails again)
    assert (again.unchanged, again.retried, again.failed, again.added) == (6, 1, 1, 0)
    assert counts(db_url) == before
    database = open_database(db_url)
    with database.engine.connect() as conn:
        row = conn.execute(select(models.Document).where(models.Document.id == "d7")).mappings().one()
    assert row["status"] == "error" and row["error_code"] == "E200" and row["text"].startswith("A document")


def test_failed_document_is_retried_and_changed_document_replaced(db_url: str) -> None:
    run(db_url)
    docs = documents()
    docs[0].text = D1_TEXT.replace("carbon peak path", "geothermal heating")
    recs = records()
    recs["d7"] = recs["d6"].model_copy(deep=True)
    recs["d7"].id = "d7"
    report = ingest(docs, db_url, extractor=RecordsExtractor(recs))
    assert (report.updated, report.retried, report.added, report.failed, report.unchanged) == (2, 1, 0, 0, 5)
    database = open_database(db_url)
    with database.engine.connect() as conn:
        n_events = conn.execute(
            select(func.count()).select_from(models.Event).where(models.Event.document_id == "d1")
        ).scalar_one()
        status = conn.execute(select(models.Document.status).where(models.Document.id == "d7")).scalar_one()
    assert n_events == 1 and status == "ok"
    assert [h.id for h in pactgraph.search("geothermal", db=db_url, type="document")] == ["d1"]
    assert pactgraph.search("carbon peak path", db=db_url, type="document") == []


def test_one_organization_across_documents_and_languages(db_url: str) -> None:
    run(db_url)
    cpid = pactgraph.show_org("CPID", db=db_url)
    assert pactgraph.show_org("中国电力", db=db_url).id == cpid.id
    assert pactgraph.show_org("China Power International Development", db=db_url).id == cpid.id
    assert {"CPID", "中国电力"} <= set(cpid.names)
    assert cpid.kb_id == "cpid" and cpid.parent is not None and cpid.parent["name"].startswith("State Power")
    # d1, d2 (and its syndicated copy, one story), d3: three events in time order
    assert [e.date for e in cpid.events] == ["2021-07-12", "2022-09-17", "2022-09-17"]
    syndicated = [e for e in cpid.events if len(e.documents) == 2]
    assert len(syndicated) == 1 and set(syndicated[0].sources) == {
        "http://a.example/2022/changchun.html",
        "http://b.example/news/2022/0918.html",
    }
    assert all(e.cameo == "057" and e.plover == "AGREE" for e in cpid.events)
    partners = {p["name"]: p["events"] for p in cpid.partners}
    # the Changchun government in English and Chinese is one partner; the copy does not count twice
    assert partners["Pingdingshan Municipal Government"] == 1
    assert partners["Changchun Municipal Government"] == 2
    assert [p["name"] for p in cpid.people] == ["He Xi"]


def test_titles_over_time_and_cross_language_person(db_url: str) -> None:
    run(db_url)
    he = pactgraph.show_person("He Xi", db=db_url)
    assert "何锡" in he.names
    spans = {(s.title, s.org): (s.first_seen, s.last_seen) for s in he.positions}
    cpid = "China Power International Development Limited"
    assert spans[("Chairman", cpid)] == ("2021-07-12", "2022-09-17")
    assert (
        spans[("Chief Engineer (New Energy)", "State Power Investment Corporation Limited")][0]
        == "2021-07-12"
    )
    assert spans[("董事长", cpid)] == ("2022-09-17", "2022-09-17")
    assert pactgraph.show_person("何锡", db=db_url).id == he.id


def test_namesakes_at_unrelated_organizations_stay_apart(db_url: str) -> None:
    run(db_url)
    hits = pactgraph.search("Wang Wei", type="person", db=db_url)
    assert len(hits) == 2
    person = pactgraph.show_person("Wang Wei", db=db_url)
    assert len(person.namesakes) == 1
    other = pactgraph.show_person(str(person.namesakes[0]["id"]), db=db_url)
    titles = {s.title for s in person.positions} | {s.title for s in other.positions}
    assert titles == {"General Manager", "Deputy Mayor"}


def test_search_and_filters(db_url: str) -> None:
    run(db_url)
    docs = {h.id for h in pactgraph.search("Pingdingshan", type="document", db=db_url)}
    assert docs == {"d1"}
    assert {h.id for h in pactgraph.search("长春市", type="document", db=db_url)} == {"d3"}
    # cross-lingual: the Chinese name of CPID finds the English releases naming CPID, words and name first
    cpid = pactgraph.search("中国电力", type="document", db=db_url)
    assert {h.id for h in cpid} == {"d1", "d2", "d2-copy", "d3"}
    assert cpid[0].id == "d3" and cpid[0].matched == "both"
    assert {h.matched for h in cpid[1:]} == {"entity"}
    assert {h.id for h in pactgraph.search("電力", type="document", db=db_url)} == {
        "d3"
    }  # short, traditional
    cpid_2022 = {h.id: h.matched for h in pactgraph.search("CPID", since="2022", type="document", db=db_url)}
    # d3 is the Chinese release of the same signing: it names 中国电力, CPID's Chinese name
    assert cpid_2022 == {"d2": "both", "d2-copy": "both", "d3": "entity"}
    assert {h.id for h in pactgraph.search("", until="2021-12", type="document", db=db_url)} == {"d1"}
    assert {h.id for h in pactgraph.search("", field="smart_energy", db=db_url)} == {"d1"}
    assert {h.id for h in pactgraph.search("", org="SPIC", db=db_url)} == {"d1", "d2", "d2-copy", "d3"}
    assert {h.id for h in pactgraph.search("", province="吉林", type="document", db=db_url)} == {
        "d2",
        "d2-copy",
        "d3",
    }
    orgs = pactgraph.search("Changchun", type="org", db=db_url)
    assert orgs and orgs[0].name == "Changchun Municipal Government"
    assert pactgraph.search("100% _x' OR 1=1 --", db=db_url) == []
    with pytest.raises(StoreError):
        pactgraph.search("x", since="last year", db=db_url)


def test_show_place_and_unknown_names(db_url: str) -> None:
    run(db_url)
    place = pactgraph.show_place("Changchun", db=db_url)
    assert place.code == "220100" and place.province == "Jilin" and place.lat is not None
    assert len(place.events) == 2
    assert pactgraph.show_org("Changchun Municipal Government", db=db_url).place["code"] == "220100"
    with pytest.raises(NotFound):
        pactgraph.show_org("No Such Company", db=db_url)


def test_evidence_and_record_json_are_kept(db_url: str) -> None:
    run(db_url)
    database = open_database(db_url)
    with database.engine.connect() as conn:
        doc = conn.execute(select(models.Document).where(models.Document.id == "d1")).mappings().one()
        spans = (
            conn.execute(select(models.Position.evidence).where(models.Position.document_id == "d1"))
            .scalars()
            .all()
        )
        event = conn.execute(select(models.Event).where(models.Event.document_id == "d1")).mappings().one()
    assert doc["record_json"]["events"][0]["parties"] == ["CPID", "Pingdingshan Municipal Government"]
    assert [117, 133] in [s[0] for s in spans if s]
    assert event["evidence"] == [[62, 140]] and doc["text"][62:140]
