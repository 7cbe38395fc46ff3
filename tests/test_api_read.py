"""REST API reads over a real SQLite database ingested from the bundled samples (FastAPI TestClient)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "samples" / "docs.jsonl"
XSS_TITLE = "<script>alert(1)</script>"
XSS_DOC = {"id": "xss-001", "published": "2023-05-01",
           "text": XSS_TITLE + "\n\nOn April 28, State Power Investment Corporation (SPIC) and Jilin Provincial "
                   "Government signed a cooperation agreement on wind power in Changchun. <img src=x onerror=alert(2)>"}


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    import pactgraph
    from pactgraph.store.db import close_all

    folder = tmp_path_factory.mktemp("api_read")
    extra = folder / "extra.jsonl"
    extra.write_text(json.dumps(XSS_DOC) + "\n", encoding="utf-8")
    path = folder / "read.db"
    report = pactgraph.ingest_documents([str(SAMPLES), str(extra)], str(path))
    assert report.failed == 0, report.errors
    close_all()
    return str(path)


@pytest.fixture(scope="module")
def client(db: str):
    from fastapi.testclient import TestClient

    from pactgraph.api import create_app

    with TestClient(create_app(db)) as c:
        yield c


def error_of(response) -> dict:
    body = response.json()
    assert set(body) == {"error"}, body
    assert {"code", "message"} <= set(body["error"]), body
    return body["error"]


def test_stats(client) -> None:
    r = client.get("/api/stats")
    assert r.status_code == 200
    data = r.json()
    assert data["counts"]["documents"] == 8
    assert data["counts"]["events"] >= 7
    assert data["counts"]["organizations"] > 5
    assert data["events_per_month"] and all("month" in m and "total" in m for m in data["events_per_month"])
    assert sum(m["total"] for m in data["events_per_month"]) <= data["counts"]["events"]
    assert data["top_sectors"] and data["top_partners"]
    assert {p["en"] for p in data["provinces"]} >= {"Shaanxi", "Henan"}


def test_events_pagination_and_filters(client) -> None:
    everything = client.get("/api/events", params={"per_page": 500}).json()
    total = everything["total"]
    assert total == len(everything["items"]) >= 7
    page1 = client.get("/api/events", params={"per_page": 3, "page": 1}).json()
    page2 = client.get("/api/events", params={"per_page": 3, "page": 2}).json()
    assert page1["total"] == total and page1["pages"] == -(-total // 3)
    assert not {e["ref"] for e in page1["items"]} & {e["ref"] for e in page2["items"]}
    dates = [e["sort_date"] for e in everything["items"] if e["sort_date"]]
    assert dates == sorted(dates, reverse=True)

    agreements = client.get("/api/events", params={"type": "agreement"}).json()
    assert agreements["total"] >= 4 and all(e["type"] == "agreement" for e in agreements["items"])
    ranged = client.get("/api/events", params={"since": "2023", "until": "2023-12"}).json()
    assert ranged["items"] and all("2023-01-01" <= e["sort_date"] <= "2023-12-31" for e in ranged["items"])
    shaanxi = client.get("/api/events", params={"province": "陕西"}).json()
    assert [e["document_id"] for e in shaanxi["items"]] == ["sample-en-001"]
    wind = client.get("/api/events", params={"sector": "wind"}).json()
    assert wind["total"] >= 2 and all("wind" in e["fields"] for e in wind["items"])
    huaneng = client.get("/api/events", params={"org": "Huaneng"}).json()
    assert "sample-en-001" in {e["document_id"] for e in huaneng["items"]}
    person = client.get("/api/events", params={"person": "Li Wenhao"}).json()
    assert [e["document_id"] for e in person["items"]] == ["sample-en-001"]
    assert client.get("/api/events", params={"org": "No Such Organization Anywhere"}).json()["total"] == 0


def test_full_text_english_and_chinese(client) -> None:
    en = client.get("/api/events", params={"q": "photovoltaics"}).json()
    assert "sample-en-001" in {e["document_id"] for e in en["items"]}
    zh = client.get("/api/events", params={"q": "南阳"}).json()
    assert {e["document_id"] for e in zh["items"]} == {"sample-zh-001"}
    traditional = client.get("/api/events", params={"q": "南陽"}).json()
    assert {e["document_id"] for e in traditional["items"]} == {"sample-zh-001"}
    search = client.get("/api/search", params={"q": "国家电投"}).json()
    assert search["items"] and any(h["type"] == "org" for h in search["items"])
    docs = client.get("/api/documents", params={"q": "宜宾"}).json()
    assert "sample-zh-003" in {d["id"] for d in docs["items"]}


def test_event_detail_with_evidence(client) -> None:
    r = client.get("/api/events/sample-en-001/0")
    assert r.status_code == 200
    event = r.json()
    text = event["document"]["text"]
    assert event["type"] == "agreement" and event["ref"] == "sample-en-001/0"
    assert {p["name"] for p in event["participants"]} >= {"Li Wenhao", "Wang Qiang"}
    for participant in event["record"]["participants"]:
        for start, end in participant["evidence"]:
            assert text[start:end] == participant["person"]
    assert event["extracted"] == event["record"]
    assert event["corrections"] == []
    assert client.get("/api/documents/sample-en-001").json()["record"]["id"] == "sample-en-001"


def test_entities(client) -> None:
    orgs = client.get("/api/organizations", params={"per_page": 100}).json()
    names = {o["name"] for o in orgs["items"]}
    assert orgs["total"] == len(orgs["items"]) and orgs["items"][0]["n_documents"] >= 1
    huaneng = next(o for o in orgs["items"] if "Huaneng" in o["name"])
    profile = client.get(f"/api/organizations/{huaneng['id']}").json()
    assert profile["events"] and profile["partners"] and profile["documents"]
    assert any(p["name"] == "Yulin Municipal Government" for p in profile["partners"])
    assert "Yulin Municipal Government" in names
    people = client.get("/api/people", params={"q": "Li Wenhao"}).json()
    assert people["items"][0]["name"] == "Li Wenhao"
    person = client.get(f"/api/people/{people['items'][0]['id']}").json()
    assert person["positions"][0]["title"] == "General Manager"
    places = client.get("/api/places", params={"q": "Yulin"}).json()
    place = client.get(f"/api/places/{places['items'][0]['id']}").json()
    assert place["province"] == "Shaanxi" and place["events"]
    assert client.get(f"/api/people/{huaneng['id']}").status_code == 404  # an org is not a person


def test_graph(client) -> None:
    g = client.get("/api/graph").json()
    ids = {n["id"] for n in g["nodes"]}
    assert g["nodes"] and g["edges"]
    assert all(e["source"] in ids and e["target"] in ids and e["weight"] >= 1 for e in g["edges"])
    bipartite = client.get("/api/graph", params={"mode": "events", "type": "agreement"}).json()
    assert {n["type"] for n in bipartite["nodes"]} == {"org", "event"}
    ego = client.get("/api/graph", params={"org": "Huaneng"}).json()
    assert {n["label"] for n in ego["nodes"]} >= {"Yulin Municipal Government"}
    provinces = client.get("/api/stats/provinces", params={"type": "agreement"}).json()
    assert provinces["items"] and all(p["events"] > 0 for p in provinces["items"])


def test_errors_have_one_shape(client) -> None:
    for url, status in (("/api/events/sample-en-001/9", 404), ("/api/documents/nope", 404),
                        ("/api/organizations/999999", 404), ("/api/nothing-here", 404),
                        ("/api/events?type=bogus", 422), ("/api/events?per_page=100000", 422),
                        ("/api/events?since=last-year", 400), ("/api/organizations/abc", 422)):
        r = client.get(url)
        assert r.status_code == status, (url, r.text)
        assert error_of(r)["message"]
    r = client.delete("/api/events")
    assert r.status_code == 405 and error_of(r)["code"] == "method_not_allowed"


def test_sql_stays_data(client) -> None:
    for q in ("'; DROP TABLE documents; --", '" OR 1=1 --', "%", "_", "\\"):
        assert client.get("/api/events", params={"q": q}).status_code == 200
        assert client.get("/api/organizations", params={"q": q}).status_code == 200
        assert client.get("/api/events", params={"org": q}).status_code == 200
    assert client.get("/api/stats").json()["counts"]["documents"] == 8


def test_untrusted_text_is_escaped(client) -> None:
    for url in ("/documents/xss-001", "/events/xss-001/0", "/events?q=SPIC", "/documents", "/"):
        r = client.get(url)
        assert r.status_code == 200, url
        assert XSS_TITLE not in r.text, url
        assert "<img src=x" not in r.text, url
    page = client.get("/documents/xss-001").text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "script-src 'self'" in client.get("/").headers["content-security-policy"]


def test_body_limit_and_docs(client) -> None:
    big = "x" * 1_100_000
    r = client.post("/api/events/sample-en-001/0/corrections", content=big,
                    headers={"content-type": "application/json"})
    assert r.status_code == 413 and error_of(r)["code"] == "payload_too_large"
    spec = client.get("/openapi.json").json()
    for path in ("/api/documents", "/api/events", "/api/organizations", "/api/people", "/api/places", "/api/search",
                 "/api/graph", "/api/stats", "/api/corrections"):
        assert path in spec["paths"], path
    docs = client.get("/docs").text
    assert "/static/vendor/swagger-ui-bundle.js" in docs and "cdn" not in docs.lower()


def test_pages_render(client) -> None:
    for url in ("/", "/events", "/events?type=visit&q=CATL", "/events/sample-zh-001/0", "/documents", "/orgs",
                "/people", "/places", "/network", "/map", "/curation", "/login", "/search?q=国家电投"):
        r = client.get(url)
        assert r.status_code == 200, url
        assert "<nav>" in r.text and "cdn" not in r.text.lower()
    zh = client.get("/events/sample-zh-001/0").text
    assert "国家电投与南阳市人民政府签署战略合作框架协议" in zh and 'class="hl k-' in zh
    missing = client.get("/events/nope/0", headers={"accept": "text/html"})
    assert missing.status_code == 404 and "<nav>" in missing.text


def test_static_assets_are_shipped() -> None:
    vendor = REPO / "src" / "pactgraph" / "web" / "static" / "vendor"
    for name in ("echarts.min.js", "cytoscape.min.js", "htmx.min.js", "china.json", "swagger-ui-bundle.js",
                 "VENDORED.md"):
        assert (vendor / name).is_file(), name
    # the package serves these files itself: no CDN URL in any template
    templates = (REPO / "src" / "pactgraph" / "web" / "templates").glob("*.html")
    assert not [t.name for t in templates if "http://" in t.read_text() or "https://" in t.read_text()]
