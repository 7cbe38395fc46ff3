"""Tables of the API over a real SQLite database of the bundled samples and the seed corpus: every filter,
facets, sorting, keyset pages, the streamed CSV/JSON equal to the page, cross-lingual search, relations,
ETags and the data version, and ``pactgraph export`` with the same filters."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "samples" / "docs.jsonl"
SEEDS = REPO.parent / "shared" / "corpus" / "seeds" / "docs.jsonl"


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    import pactgraph
    from pactgraph.store.db import close_all

    path = tmp_path_factory.mktemp("tables") / "tables.db"
    inputs = [str(SAMPLES)] + ([str(SEEDS)] if SEEDS.exists() else [])
    assert pactgraph.ingest_documents(inputs, str(path)).failed == 0
    close_all()
    return str(path)


@pytest.fixture(scope="module")
def client(db: str):
    from fastapi.testclient import TestClient

    from pactgraph.api import create_app

    with TestClient(create_app(db)) as c:
        yield c


def everything(client, path: str, **params) -> list[dict]:
    """Every row of a list, page by page through the ``next`` cursors."""
    out, after = [], None
    while True:
        query = {**params, "per_page": 7, **({"after": after} if after else {})}
        data = client.get(path, params=query).json()
        out += data["items"]
        after = data["next"]
        if not after:
            return out


# (filter, value, check of one event) for every event filter
EVENT_FILTERS = [
    ("type", "agreement", lambda e: e["type"] == "agreement"),
    ("since", "2023", lambda e: e["sort_date"] >= "2023"),
    ("until", "2022-12", lambda e: e["sort_date"] <= "2022-12-31"),
    ("year", "2023", lambda e: e["sort_date"].startswith("2023")),
    ("province", "Shaanxi", lambda e: e["province"] == "Shaanxi"),
    ("province", "610000", lambda e: e["province"] == "Shaanxi"),
    ("sector", "energy_storage", lambda e: "energy_storage" in e["fields"]),
    ("kind", "government", lambda e: any(p["kind"] == "government" for p in e["parties"])),
    ("language", "zh", lambda e: e["language"] == "zh"),
    ("confidence", "high", lambda e: e["confidence"] is not None and e["confidence"] >= 0.8),
    ("min_confidence", "0.75", lambda e: e["confidence"] is not None and e["confidence"] >= 0.75),
    ("reviewed", "false", lambda e: not e["reviewed"]),
    ("org", "Huaneng", lambda e: any("Huaneng" in p["name"] for p in e["parties"])),
    ("person", "Li Wenhao", lambda e: any(p["name"] == "Li Wenhao" for p in e["participants"])),
    ("place", "Yulin", lambda e: e["place_name"] == "Yulin" or e["province"] == "Shaanxi"),
    ("q", "南阳", lambda e: e["document_id"] == "sample-zh-001"),
]


@pytest.mark.parametrize(("name", "value", "check"), EVENT_FILTERS, ids=[f"{n}={v}" for n, v, _ in EVENT_FILTERS])
def test_every_event_filter(client, name: str, value: str, check) -> None:
    all_events = everything(client, "/api/events")
    rows = everything(client, "/api/events", **{name: value})
    assert rows, f"{name}={value} selects nothing"
    assert all(check(e) for e in rows), [e["ref"] for e in rows if not check(e)]
    if name not in ("reviewed", "min_confidence", "confidence"):
        assert len(rows) < len(all_events)
    data = client.get("/api/events", params={name: value, "per_page": 500}).json()
    echoed = {"false": "no"}.get(value, float(value) if "." in value else value)
    assert data["total"] == len(rows) and data["filters"][name] == echoed


def test_policy_filter_and_facet_counts_agree(client) -> None:
    facets = client.get("/api/events/facets").json()["facets"]
    assert set(facets) == {"type", "year", "province", "sector", "policy", "kind", "language", "confidence",
                           "reviewed"}
    for name in ("type", "year", "province", "sector", "policy", "language", "confidence", "kind"):
        for value in facets[name][:3]:
            total = client.get("/api/events", params={name: value["value"]}).json()["total"]
            assert total == value["count"], (name, value)
    reviewed = {v["value"]: v["count"] for v in facets["reviewed"]}
    assert sum(reviewed.values()) == client.get("/api/events").json()["total"]


def test_unknown_codes_list_the_valid_ones(client) -> None:
    for param, value, listed in (("sector", "nuclear_fusion", "energy_storage"), ("policy", "nope", "dual_carbon"),
                                 ("province", "Atlantis", "Shaanxi (610000)"), ("confidence", "great", "high")):
        r = client.get("/api/events", params={param: value})
        assert r.status_code == 400, (param, r.text)
        message = r.json()["error"]["message"]
        assert value in message and listed in message
    assert client.get("/api/events", params={"sort": "colour"}).status_code == 400
    assert client.get("/api/events", params={"after": "garbage!"}).status_code == 400
    assert client.get("/api/events.csv", params={"sector": "x"}).status_code == 400


def test_sort_by_any_column_and_keyset_pages(client) -> None:
    for sort, key in (("date", "sort_date"), ("-date", "sort_date"), ("type", "type"), ("-confidence", "confidence"),
                      ("title", "title"), ("place", "place_name")):
        rows = everything(client, "/api/events", sort=sort)
        values = [(r[key] if r[key] is not None else ("" if key != "confidence" else -1)) for r in rows]
        assert values == sorted(values, reverse=sort.startswith("-")), sort
        assert len({r["ref"] for r in rows}) == len(rows) == client.get("/api/events").json()["total"]
    orgs = everything(client, "/api/organizations", sort="name")
    assert [o["name"] for o in orgs] == sorted(o["name"] for o in orgs)
    docs = everything(client, "/api/documents", sort="-date")
    assert len(docs) == client.get("/api/documents").json()["total"]


def test_entity_and_document_tables_filter_and_facet(client) -> None:
    companies = everything(client, "/api/organizations", kind="company")
    assert companies and all(o["kind"] == "company" for o in companies)
    sichuan = everything(client, "/api/organizations", province="四川")
    assert sichuan and all(o["province"] == "Sichuan" for o in sichuan)
    assert {"kind", "province", "confidence", "reviewed"} <= set(
        client.get("/api/organizations/facets").json()["facets"])
    prefectures = everything(client, "/api/places", kind="prefecture")
    assert prefectures and all(p["kind"] == "prefecture" for p in prefectures)
    people = everything(client, "/api/people", org="Huaneng")
    assert "Li Wenhao" in {p["name"] for p in people}
    zh = everything(client, "/api/documents", language="zh")
    assert zh and all(d["language"] == "zh" for d in zh)
    policy = everything(client, "/api/documents", policy="dual_carbon")
    assert policy and len(policy) < client.get("/api/documents").json()["total"]
    facets = client.get("/api/documents", params={"facets": "true"}).json()["facets"]
    assert {f["value"] for f in facets["language"]} == {"en", "zh"}


@pytest.mark.parametrize("path", ["/api/events", "/api/organizations", "/api/people", "/api/places",
                                  "/api/documents"])
def test_csv_and_json_equal_the_page(client, path: str) -> None:
    params = {"sort": "-date"} if path in ("/api/events", "/api/documents") else {"sort": "name"}
    if path == "/api/events":
        params["type"] = "agreement"
    rows = everything(client, path, **params)
    listing = client.get(path, params=params).json()
    exported = client.get(f"{path}.json", params=params)
    assert exported.status_code == 200 and exported.json() == rows
    assert listing["links"]["json"].startswith(f"{path}.json?")
    lines = client.get(f"{path}.jsonl", params=params).text.splitlines()
    assert [json.loads(line) for line in lines] == rows
    response = client.get(f"{path}.csv", params=params)
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    table = list(csv.DictReader(io.StringIO(response.text)))
    key = "ref" if path == "/api/events" else "id"
    assert [r[key] for r in table] == [str(r[key]) for r in rows]
    if path == "/api/events":
        assert all(r["type"] == "agreement" for r in table)
        assert [r["parties"] for r in table] == ["; ".join(p["name"] for p in e["parties"]) for e in rows]


def test_cross_lingual_search_with_snippets(client) -> None:
    for query in ("华能", "Huaneng", "China Huaneng Group", "中國華能"):
        data = client.get("/api/search", params={"q": query}).json()
        assert data["entities"] and "Huaneng" in data["entities"][0]["name"], query
        assert data["items"][0]["type"] != "document"  # entities first
        assert "sample-en-001" in {d["id"] for d in data["documents"]}, query
    zh = client.get("/api/search", params={"q": "储能"}).json()
    start, end = zh["marks"]
    assert zh["documents"] and all(start + "储能" + end in d["snippet"] for d in zh["documents"][:3])
    ranked = client.get("/api/search", params={"q": "hydrogen"}).json()
    scores = [d["score"] for d in ranked["documents"]]
    assert scores == sorted(scores, reverse=True)
    assert ranked["timeline"] and all(t["events"] > 0 for t in ranked["timeline"])
    # boilerplate is not searched: words only found in share bars and bylines find nothing
    assert client.get("/api/search", params={"q": "WeChat Weibo"}).json()["documents"] == []
    person = client.get("/api/search", params={"q": "Qian Lixin", "type": "person"}).json()
    assert person["entities"] and person["entities"][0]["name"] == "钱立新"  # pinyin of a Chinese name
    exported = client.get("/api/search.json", params={"q": "华能"}).json()
    assert [i["id"] for i in exported][:3] == [i["id"] for i in client.get(
        "/api/search", params={"q": "华能"}).json()["items"]][:3]
    csv_rows = list(csv.DictReader(io.StringIO(client.get("/api/search.csv", params={"q": "储能"}).text)))
    assert csv_rows and "\ue000" not in csv_rows[0]["snippet"]


def test_connects_network_and_points(client) -> None:
    data = client.get("/api/connects", params={"a": "Huaneng", "b": "Yulin Municipal Government"}).json()
    assert data["shared_events"] and data["shared_events"][0]["evidence"]
    path = data["paths"][0]["steps"]
    assert [s["step"] for s in path] == ["entity", "event", "entity"] and path[1]["evidence"]
    assert "Li Wenhao" in {p["name"] for p in data["shared_people"]}
    far = client.get("/api/connects", params={"a": "Huaneng", "b": "LONGi"}).json()
    assert all(p["steps"][0]["id"] == data["a"]["id"] for p in far["paths"])
    g1 = client.get("/api/graph", params={"org": "Huaneng"}).json()
    g2 = client.get("/api/graph", params={"org": "Huaneng"}, headers={"cache-control": "no-cache"}).json()
    assert g1["nodes"] and all("x" in n and "y" in n for n in g1["nodes"])
    from pactgraph.store.db import open_database
    from pactgraph.store.queries import Filters, network

    with open_database(client.app.state.database.url).engine.connect() as conn:
        again = network(conn, Filters(org="Huaneng"))
    assert [(n["id"], n["x"], n["y"]) for n in again["nodes"]] == [(n["id"], n["x"], n["y"]) for n in g2["nodes"]]
    points = client.get("/api/map/points").json()["items"]
    assert points and all(p["lat"] and p["lon"] and p["events"] >= 1 for p in points)
    shaanxi = client.get("/api/map/points", params={"province": "Shaanxi"}).json()["items"]
    assert {p["province"] for p in shaanxi} == {"Shaanxi"}


def test_etag_follows_the_data_version(client, db: str) -> None:
    first = client.get("/api/events", params={"type": "visit"})
    etag = first.headers["etag"]
    assert client.get("/api/events", params={"type": "visit"}, headers={"if-none-match": etag}).status_code == 304
    assert client.get("/api/events", params={"type": "meeting"}).headers["etag"] != etag
    import pactgraph

    extra = Path(db).with_name("extra.jsonl")
    extra.write_text(json.dumps({"id": "etag-1", "published": "2023-02-01", "text": "SPIC and Hubei Provincial "
                                 "Government signed a framework agreement on hydrogen in Wuhan."}) + "\n")
    pactgraph.ingest_documents([str(extra)], db)
    after = client.get("/api/events", params={"type": "visit"}, headers={"if-none-match": etag})
    assert after.status_code == 200 and after.headers["etag"] != etag


def test_profiles_carry_history_confidence_and_evidence(client) -> None:
    huaneng = client.get("/api/search", params={"q": "Huaneng", "type": "org"}).json()["entities"][0]
    org = client.get(f"/api/organizations/{huaneng['id']}").json()
    assert org["events_by_year"] and org["events_total"] >= 1
    assert org["events"][0]["evidence"] and org["events"][0]["confidence_band"] in ("high", "medium", "low",
                                                                                   "unknown")
    assert org["people"] and "confidence" in org["people"][0]["titles"][0]


def test_cli_export_takes_the_same_filters(client, db: str) -> None:
    cli = [sys.executable, "-m", "pactgraph.cli"]
    proc = subprocess.run([*cli, "export", "--table", "events", "--type", "agreement", "--province", "Shaanxi",
                           "-f", "json", "--db", db], capture_output=True, timeout=120)
    assert proc.returncode == 0, proc.stderr.decode()
    assert json.loads(proc.stdout) == everything(client, "/api/events", type="agreement", province="Shaanxi")
    proc = subprocess.run([*cli, "export", "--table", "events", "--min-confidence", "0.75", "--sort", "-confidence",
                           "-f", "json", "--db", db], capture_output=True, timeout=120)
    assert proc.returncode == 0, proc.stderr.decode()
    sure = json.loads(proc.stdout)
    assert sure == everything(client, "/api/events", min_confidence="0.75", sort="-confidence")
    assert sure and all(e["confidence"] >= 0.75 for e in sure)
    proc = subprocess.run([*cli, "export", "--table", "events", "--sector", "not_a_sector", "--db", db],
                          capture_output=True, timeout=120)
    assert proc.returncode == 2 and b"energy_storage" in proc.stderr
    proc = subprocess.run([*cli, "export", "--db", db], capture_output=True, timeout=120)  # no -o: stdout
    assert proc.returncode == 0 and len(proc.stdout.decode().splitlines()) >= 8
    proc = subprocess.run([*cli, "--version"], capture_output=True, timeout=60)
    assert proc.returncode == 0 and proc.stdout.decode().startswith("pactgraph ")
    proc = subprocess.run([*cli, "connects", "Huaneng", "Yulin Municipal Government", "--json", "--db", db],
                          capture_output=True, timeout=120)
    assert proc.returncode == 0 and json.loads(proc.stdout)["paths"]
