"""Curation as a history through the REST API: every kind of change (event correction, position edit,
merge, split) with its author, time, reason and evidence, its revert (a new change), values refused with a
message, re-ingest of a changed document with corrections on it, exports with and without the changes."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "samples" / "docs.jsonl"
TOKEN = "history-token"
AUTH = {"Authorization": f"Bearer {TOKEN}", "X-Pactgraph-Author": "alice"}
REF = "sample-en-001/0"


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    import pactgraph
    from pactgraph.store.db import close_all

    path = tmp_path_factory.mktemp("history") / "template.db"
    assert pactgraph.ingest_documents([str(SAMPLES)], str(path)).failed == 0
    close_all()  # checkpointed: the file alone is the whole store
    return path


@pytest.fixture
def db(template: Path, tmp_path: Path) -> str:
    path = tmp_path / "history.db"
    shutil.copyfile(template, path)
    return str(path)


@pytest.fixture
def client(db: str):
    from fastapi.testclient import TestClient

    from pactgraph.api import create_app
    from pactgraph.store.db import close_all

    with TestClient(create_app(db, token=TOKEN)) as c:
        yield c
    close_all()


def post(client, url: str, body: dict, status: int = 201) -> dict:
    r = client.post(url, json=body, headers=AUTH)
    assert r.status_code == status, r.text
    return r.json()


def revert(client, change_id: int, reason: str = "undo") -> dict:
    return post(client, f"/api/changes/{change_id}/revert", {"reason": reason})


def history(client, **params) -> list[dict]:
    return client.get("/api/changes", params={"per_page": 100, **params}).json()["items"]


def test_invalid_values_are_refused_with_a_message(client) -> None:
    url = f"/api/events/{REF}/corrections"
    cases = [({"date": "2023-13-45"}, "not a real date"), ({"date": "2023-02-30"}, "not a real date"),
             ({"fields": ["not_a_sector"]}, "not_a_sector"),
             ({"participants": [{"person": "Li Wenhao", "role": "boss"}]}, "role"),
             ({"type": "visitt"}, "type"),
             ({"date": "2023-06-11", "evidence": [{"quote": "words that are nowhere"}]}, "not in the document")]
    for body, words in cases:
        r = client.post(url, json=body, headers=AUTH)
        assert r.status_code == 422, (body, r.text)
        assert words in r.json()["error"]["message"], (body, r.text)
    r = client.post("/api/organizations/1/merge", json={"into": 999999}, headers=AUTH)
    assert r.status_code == 404 and "999999" in r.json()["error"]["message"]
    r = client.post("/api/documents/sample-en-001/positions", json={"person": "Nobody Here", "index": 0,
                                                                     "title": "X"}, headers=AUTH)
    assert r.status_code == 404 and "Nobody Here" in r.json()["error"]["message"]
    assert history(client) == []  # nothing refused was stored
    assert client.get(f"/api/events/{REF}").json()["date"] == "2023-06-12"


def test_event_correction_its_revert_and_the_revert_of_the_revert(client) -> None:
    created = post(client, f"/api/events/{REF}/corrections",
                   {"date": "2023-06-11", "reason": "the signing was the day before",
                    "evidence": [{"quote": "On June 12"}, {"url": "https://example.org/other-report"}]})
    change = created["corrections"][0]
    assert (change["author"], change["reason"], change["old_value"], change["new_value"]) == (
        "alice", "the signing was the day before", "2023-06-12", "2023-06-11")
    assert change["created_at"] and change["evidence"][0]["quote"] == "On June 12"
    assert change["evidence"][0]["start"] is not None and change["evidence"][1]["url"].startswith("https://")
    assert client.get(f"/api/events/{REF}").json()["date"] == "2023-06-11"

    undo = revert(client, change["id"], "checked again")
    assert undo["reverts"] == change["id"] and undo["kind"] == "revert" and undo["author"] == "alice"
    assert client.get(f"/api/events/{REF}").json()["date"] == "2023-06-12"
    assert client.get(f"/api/changes/{change['id']}").json()["state"] == "reverted"
    # the history is append-only: both changes are there, newest first, with readable summaries
    items = history(client, document_id="sample-en-001")
    assert [c["id"] for c in items] == [undo["id"], change["id"]]
    assert all(c["summary"] for c in items)

    redo = revert(client, undo["id"], "it was right after all")
    assert redo["reverts"] == undo["id"]
    assert client.get(f"/api/events/{REF}").json()["date"] == "2023-06-11"
    assert client.get(f"/api/changes/{change['id']}").json()["state"] == "active"
    assert len(history(client)) == 3


def test_position_edit_and_its_revert(client) -> None:
    def positions() -> list[dict]:
        person = client.get("/api/people", params={"q": "Li Wenhao"}).json()["items"][0]["id"]
        return client.get(f"/api/people/{person}").json()["positions"]

    before = positions()
    assert [p["title"] for p in before] == ["General Manager"]
    body = post(client, "/api/documents/sample-en-001/positions",
                {"person": "Li Wenhao", "index": 0, "title": "Chairman", "org": "China Huaneng Group Co., Ltd.",
                 "reason": "title as in the byline"})
    change = body["change"]
    assert change["kind"] == "position" and change["old_value"]["title"] == "General Manager"
    assert [p["title"] for p in positions()] == ["Chairman"]
    revert(client, change["id"])
    assert [p["title"] for p in positions()] == ["General Manager"]


def test_merge_can_be_undone(client) -> None:
    orgs = [o for o in client.get("/api/organizations", params={"per_page": 200}).json()["items"] if o["n_events"]]
    target, source = orgs[0]["id"], orgs[-1]["id"]
    source_events = {e["ref"] for e in client.get("/api/events", params={"org": source}).json()["items"]}
    target_events = {e["ref"] for e in client.get("/api/events", params={"org": target}).json()["items"]}
    merge = post(client, f"/api/organizations/{source}/merge", {"into": target, "reason": "same group"})
    change_id = merge.get("id") or merge.get("change", {}).get("id")
    assert change_id, merge
    assert client.get(f"/api/organizations/{source}").json()["merged_into"] == target
    revert(client, change_id, "not the same group")
    profile = client.get(f"/api/organizations/{source}").json()
    assert profile["merged_into"] is None
    assert {e["ref"] for e in client.get("/api/events", params={"org": source}).json()["items"]} == source_events
    assert {e["ref"] for e in client.get("/api/events", params={"org": target}).json()["items"]} == target_events
    ids = {o["id"] for o in client.get("/api/organizations", params={"per_page": 200}).json()["items"]}
    assert {source, target} <= ids
    # the entity's timeline shows the merge and its revert
    timeline = history(client, entity_id=source)
    assert {c["kind"] for c in timeline} >= {"merge", "revert"}


def test_split_can_be_undone(client) -> None:
    person = client.get("/api/people", params={"q": "Li Wenhao"}).json()["items"][0]["id"]
    split = post(client, f"/api/people/{person}/split",
                 {"documents": ["sample-en-001"], "name": "Li Wenhao (Huaneng)", "reason": "two people"})
    new_id = split["entity_id"]
    change_id = split.get("id") or split.get("change", {}).get("id")
    assert change_id, split
    event = client.get(f"/api/events/{REF}").json()
    assert new_id in {p["id"] for p in event["participants"]}
    revert(client, change_id)
    event = client.get(f"/api/events/{REF}").json()
    assert person in {p["id"] for p in event["participants"]}
    assert new_id not in {p["id"] for p in event["participants"]}


def _write_changed(db: str, name: str, text_of_first: str) -> Path:
    docs = [json.loads(line) for line in SAMPLES.read_text(encoding="utf-8").splitlines()]
    docs[0]["text"] = text_of_first
    path = Path(db).with_name(name)
    path.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in docs), encoding="utf-8")
    return path


def test_changed_document_keeps_corrections_lists_lost_ones_and_keeps_old_version(client, db: str) -> None:
    import pactgraph

    original = json.loads(SAMPLES.read_text(encoding="utf-8").splitlines()[0])["text"]
    change = post(client, f"/api/events/{REF}/corrections", {"date": "2023-06-11"})["corrections"][0]
    # 1. the text changes a little: the event is still there, the correction still applies
    edited = _write_changed(db, "edited.jsonl", original.replace("Share | Print", "Share this page | Print"))
    report = pactgraph.ingest_documents([str(edited)], db)
    assert report.updated == 1, report.to_dict()
    assert client.get(f"/api/events/{REF}").json()["date"] == "2023-06-11"
    assert client.get(f"/api/changes/{change['id']}").json()["state"] == "active"
    # 2. the text changes so that the event is gone: the correction is listed for review, not dropped
    gone = _write_changed(db, "gone.jsonl", "Huaneng publishes its annual report.\n\nThe report covers 2022.")
    pactgraph.ingest_documents([str(gone)], db)
    orphaned = history(client, state="orphaned")
    assert [c["id"] for c in orphaned] == [change["id"]]
    assert client.get(f"/api/changes/{change['id']}").json()["orphaned"] is True
    # every text the document had is kept as a version
    from pactgraph.store.db import close_all

    close_all()
    con = sqlite3.connect(db)
    try:
        versions = con.execute("SELECT version, text FROM document_versions WHERE document_id = 'sample-en-001' "
                               "ORDER BY version").fetchall()
    finally:
        con.close()
    assert [v for v, _ in versions] == [1, 2, 3] and versions[0][1] == original


def test_exports_with_and_without_changes(client, db: str, tmp_path: Path) -> None:
    import pactgraph
    from pactgraph.store.db import close_all

    post(client, f"/api/events/{REF}/corrections", {"date": "2023-06-11"})
    close_all()

    def exported(changes: bool) -> dict:
        out = tmp_path / f"records-{changes}.jsonl"
        pactgraph.export("jsonl", str(out), db, changes=changes)
        return {r["id"]: r for r in map(json.loads, out.read_text(encoding="utf-8").splitlines())}

    assert exported(True)["sample-en-001"]["events"][0]["date"] == "2023-06-11"
    assert exported(False)["sample-en-001"]["events"][0]["date"] == "2023-06-12"
