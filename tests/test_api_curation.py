"""Curation through the REST API: tokens, corrections kept through re-extraction and re-ingest, merges, splits."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "samples" / "docs.jsonl"
TOKEN = "test-token-123"
AUTH = {"Authorization": f"Bearer {TOKEN}", "X-Pactgraph-Author": "alice"}


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    import pactgraph
    from pactgraph.store.db import close_all

    path = tmp_path_factory.mktemp("api_curation") / "curation.db"
    assert pactgraph.ingest_documents([str(SAMPLES)], str(path)).failed == 0
    close_all()
    return str(path)


@pytest.fixture(scope="module")
def client(db: str):
    from fastapi.testclient import TestClient

    from pactgraph.api import create_app

    with TestClient(create_app(db, token=TOKEN)) as c:
        yield c


def roles(client, ref: str) -> dict[str, str]:
    event = client.get(f"/api/events/{ref}").json()
    return {p["as_written"]: p["role"] for p in event["participants"]}


def reingest(db: str, *, change: str | None = None) -> None:
    """Ingest the samples again, forcing re-extraction; ``change`` edits sample-en-001's text first."""
    import pactgraph

    if change is None:
        report = pactgraph.ingest_documents([str(SAMPLES)], db, force=True)
        assert report.updated == 7, report.to_dict()
        return
    docs = [json.loads(line) for line in SAMPLES.read_text(encoding="utf-8").splitlines()]
    docs[0]["text"] = docs[0]["text"].replace("Share | Print", change)
    changed = Path(db).with_name("changed.jsonl")
    changed.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in docs), encoding="utf-8")
    report = pactgraph.ingest_documents([str(changed)], db)
    assert report.updated == 1 and report.unchanged == 6, report.to_dict()


def test_read_only_server_refuses_writes(db: str) -> None:
    from fastapi.testclient import TestClient

    from pactgraph.api import create_app

    with TestClient(create_app(db, token=None)) as ro:
        r = ro.post("/api/events/sample-en-001/0/corrections", json={"type": "meeting"}, headers=AUTH)
        assert r.status_code == 403 and r.json()["error"]["code"] == "read_only"
        assert ro.get("/api/session").json() == {"writable": False, "reviewer": False}
        assert ro.post("/api/organizations/1/merge", json={"into": 2}).status_code == 403


def test_token_is_required(client) -> None:
    body = {"type": "meeting"}
    r = client.post("/api/events/sample-en-001/0/corrections", json=body)
    assert r.status_code == 401 and r.json()["error"]["code"] == "unauthorized"
    r = client.post("/api/events/sample-en-001/0/corrections", json=body, headers={"Authorization": "Bearer nope"})
    assert r.status_code == 401
    assert client.get("/api/session", headers=AUTH).json() == {"writable": True, "reviewer": True}


def test_bad_corrections_are_refused(client) -> None:
    url = "/api/events/sample-en-001/0/corrections"
    for body in ({"participants": [{"person": "Li Wenhao", "role": "boss"}]}, {"date": "June 12"},
                 {"fields": ["not_a_sector"]}, {"type": None}, {"colour": "red"}):
        r = client.post(url, json=body, headers=AUTH)
        assert r.status_code == 422, (body, r.text)
        assert set(r.json()) == {"error"}
    assert client.post("/api/events/sample-en-001/7/corrections", json={"type": "visit"},
                       headers=AUTH).status_code == 404
    assert client.post("/api/events/nope/0/corrections", json={"type": "visit"}, headers=AUTH).status_code == 404


def test_correct_an_event_and_keep_it_through_reingest(client, db: str) -> None:
    ref = "sample-en-001/0"
    assert roles(client, ref)["Li Wenhao"] == "witness"
    participants = [{"person": "Li Wenhao", "role": "host"}, {"person": "Zhou Minglei", "role": "witness"},
                    {"person": "Wang Qiang", "role": "signatory"}, {"person": "Chen Lifang", "role": "signatory"},
                    {"person": "Gao Feng", "role": "attendee"}]
    r = client.post(f"/api/events/{ref}/corrections", headers=AUTH, json={
        "participants": participants, "date": "2023-06-11", "fields": ["wind", "solar", "hydrogen"],
        "parties": ["China Huaneng Group Co., Ltd.", "Yulin Municipal Government", "Shaanxi Provincial Government"],
        "note": "checked against paragraph 2"})
    assert r.status_code == 201, r.text
    created = r.json()["corrections"]
    assert {c["field"] for c in created} == {"participants", "date", "fields", "parties"}
    by_field = {c["field"]: c for c in created}
    assert by_field["date"]["old_value"] == "2023-06-12" and by_field["date"]["new_value"] == "2023-06-11"
    assert by_field["participants"]["author"] == "alice"

    def check() -> None:
        event = client.get(f"/api/events/{ref}").json()
        assert {p["as_written"]: p["role"] for p in event["participants"]}["Li Wenhao"] == "host"
        assert "Gao Feng" in {p["name"] for p in event["participants"]}
        assert event["date"] == "2023-06-11" and event["sort_date"] == "2023-06-11"
        assert event["fields"] == ["wind", "solar", "hydrogen"]
        assert "Shaanxi Provincial Government" in {p["as_written"] for p in event["parties"]}
        assert event["record"]["participants"][0] == {"person": "Li Wenhao", "role": "host",
                                                      "evidence": event["extracted"]["participants"][0]["evidence"]}
        assert event["extracted"]["participants"][0]["role"] == "witness"  # the extraction itself is kept
        assert set(event["record"]["_corrected"]) == {"participants", "date", "fields", "parties"}
        # filters and aggregates see the correction
        assert ref in {e["ref"] for e in client.get("/api/events", params={"person": "Gao Feng"}).json()["items"]}
        energy = client.get("/api/events", params={"sector": "energy_storage"}).json()["items"]
        assert ref not in {e["ref"] for e in energy}

    check()
    # the same correction again stores nothing
    again = client.post(f"/api/events/{ref}/corrections", headers=AUTH, json={"date": "2023-06-11"})
    assert again.status_code == 201 and again.json()["corrections"] == []
    reingest(db)  # re-extraction of unchanged documents
    check()
    reingest(db, change="Share this page | Print")  # a changed document replaces its extraction
    check()
    log = client.get("/api/corrections", params={"document_id": "sample-en-001"}).json()
    assert log["total"] == 4 and {c["author"] for c in log["items"]} == {"alice"}


def test_change_event_type(client, db: str) -> None:
    ref = "sample-en-003/0"
    r = client.post(f"/api/events/{ref}/corrections", headers=AUTH,
                    json={"type": "agreement", "agreement_kind": "framework agreement"})
    assert r.status_code == 201
    event = client.get(f"/api/events/{ref}").json()
    assert (event["type"], event["agreement_kind"], event["cameo"]) == ("agreement", "framework agreement", "057")
    reingest(db)
    event = client.get(f"/api/events/{ref}").json()
    assert (event["type"], event["agreement_kind"]) == ("agreement", "framework agreement")


def test_merge_and_split(client, db: str) -> None:
    orgs = [o for o in client.get("/api/organizations", params={"per_page": 200}).json()["items"] if o["n_events"]]
    target, source = orgs[0]["id"], orgs[-1]["id"]
    source_name = orgs[-1]["name"]
    source_events = {e["ref"] for e in client.get("/api/events", params={"org": source}).json()["items"]}
    r = client.post(f"/api/organizations/{source}/merge", json={"into": target, "note": "same group"}, headers=AUTH)
    assert r.status_code == 201, r.text

    def merged() -> None:
        profile = client.get(f"/api/organizations/{source}").json()
        assert profile["merged_into"] == target and profile["events"] == []
        assert source_name in client.get(f"/api/organizations/{target}").json()["names"]
        assert source_events <= {e["ref"] for e in client.get("/api/events", params={"org": target}).json()["items"]}
        ids = {o["id"] for o in client.get("/api/organizations", params={"per_page": 200}).json()["items"]}
        assert source not in ids and target in ids

    merged()
    reingest(db)
    merged()
    assert client.post(f"/api/organizations/{target}/merge", json={"into": target}, headers=AUTH).status_code == 422

    people = client.get("/api/people", params={"q": "Li Wenhao"}).json()["items"]
    person = people[0]["id"]
    r = client.post(f"/api/people/{person}/split", headers=AUTH,
                    json={"documents": ["sample-en-001"], "name": "Li Wenhao (Huaneng)"})
    assert r.status_code == 201, r.text
    new_id = r.json()["entity_id"]
    assert client.get(f"/api/people/{new_id}").json()["name"] == "Li Wenhao (Huaneng)"
    reingest(db)
    event = client.get("/api/events/sample-en-001/0").json()
    assert new_id in {p["id"] for p in event["participants"]}
    assert client.post(f"/api/people/{person}/split", headers=AUTH,
                       json={"documents": ["sample-zh-001"], "name": "x"}).status_code == 422


def test_exported_records_carry_corrections(db: str, tmp_path: Path) -> None:
    import pactgraph
    from pactgraph.store import corrections
    from pactgraph.store.db import close_all, open_database

    database = open_database(db)
    with database.engine.begin() as conn:
        corrections.correct_event(conn, "sample-en-003", 0, {"type": "visit"}, author="bob")
    close_all()
    out = tmp_path / "records.jsonl"
    pactgraph.export("jsonl", str(out), db)
    records = {r["id"]: r for r in map(json.loads, out.read_text(encoding="utf-8").splitlines())}
    assert records["sample-en-003"]["events"][0]["type"] == "visit"
