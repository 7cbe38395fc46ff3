"""Serving hardened by default: stored XSS payloads (in document text, titles, URLs, entity names, change
reasons and JSON islands) on every page type; writes without a token, with a wrong one, without a CSRF
token or from another site refused; oversized bodies and hostile query strings answered with 4xx, never
500, and no traceback ever reaches a client; security headers on every answer."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "samples" / "docs.jsonl"
TOKEN = "security-token"
AUTH = {"Authorization": f"Bearer {TOKEN}", "X-Pactgraph-Author": "mallory"}
PAYLOAD = "</script><script>alert('xss')</script><img src=x onerror=alert(1)>"
XSS_DOC = {
    "id": "xss-doc",
    "url": "javascript:alert(document.cookie)",
    "published": "2023-05-01",
    "title": "Title " + PAYLOAD,
    "text": "Report " + PAYLOAD + "\n\nOn April 28, State Power Investment Corporation (SPIC) and Jilin Provincial "
            "Government signed a cooperation agreement in Changchun. " + PAYLOAD,
}
RAW_MARKERS = ("<script>alert", "<img src=x", "</script><script>")  # unescaped markup; escaped text is fine


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    import pactgraph
    from pactgraph.store.db import close_all

    folder = tmp_path_factory.mktemp("security")
    extra = folder / "xss.jsonl"
    extra.write_text(json.dumps(XSS_DOC) + "\n", encoding="utf-8")
    path = folder / "security.db"
    assert pactgraph.ingest_documents([str(SAMPLES), str(extra)], str(path)).failed == 0
    close_all()
    return str(path)


@pytest.fixture(scope="module")
def client(db: str):
    from fastapi.testclient import TestClient

    from pactgraph.api import create_app

    with TestClient(create_app(db, token=TOKEN), raise_server_exceptions=False) as c:
        yield c


@pytest.fixture(scope="module")
def stored(client) -> dict[str, int]:
    """Payloads stored through curation: a person split off under a hostile name, a hostile reason."""
    person = client.get("/api/people", params={"q": "Li Wenhao"}).json()["items"][0]["id"]
    r = client.post(f"/api/people/{person}/split", headers=AUTH,
                    json={"documents": ["sample-en-001"], "name": "Li " + PAYLOAD, "reason": "why " + PAYLOAD})
    assert r.status_code == 201, r.text
    split = r.json()["entity_id"]
    r = client.post("/api/events/sample-en-001/0/corrections", headers=AUTH,
                    json={"date": "2023-06-11", "reason": "because " + PAYLOAD})
    assert r.status_code == 201, r.text
    org = client.get("/api/organizations", params={"per_page": 1}).json()["items"][0]["id"]
    place = client.get("/api/places", params={"per_page": 1}).json()["items"][0]["id"]
    xss_events = client.get("/api/documents/xss-doc").json()["events"]
    return {"person": person, "split": split, "org": org, "place": place, "xss_events": len(xss_events)}


def _pages(stored: dict[str, int]) -> list[str]:
    pages = ["/", "/events", "/events?q=" + PAYLOAD, "/events/sample-en-001/0", "/documents",
             "/documents/xss-doc", "/documents/sample-en-001", "/search?q=" + PAYLOAD, "/network", "/map",
             "/orgs", f"/orgs/{stored['org']}", "/people", f"/people/{stored['split']}",
             f"/people/{stored['person']}", "/places", f"/places/{stored['place']}", "/curation",
             "/login?next=javascript:alert(1)", "/docs"]
    if stored["xss_events"]:
        pages.append("/events/xss-doc/0")
    return pages


class Page(HTMLParser):
    """Every element as the browser's parser sees it: attribute names, URL attributes, scripts."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.handlers: list[str] = []
        self.urls: list[str] = []
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self._script: dict[str, str | None] | None = None
        self._body: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handlers += [f"{tag} {name}" for name, _ in attrs if name.startswith("on")]
        self.urls += [value or "" for name, value in attrs if name in ("href", "src", "action", "formaction")]
        if tag == "script":
            self._script, self._body = dict(attrs), []

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._body.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            self.scripts.append((self._script, "".join(self._body)))
            self._script = None


def _check_page(path: str, html: str) -> int:
    """Assert the page runs nothing it was sent; the number of JSON islands it holds."""
    for marker in RAW_MARKERS:
        assert marker not in html, (path, marker, html[max(0, html.find(marker) - 200): html.find(marker) + 100])
    page = Page()
    page.feed(html)
    assert page.handlers == [], (path, page.handlers)
    bad = [u for u in page.urls if u.strip().lower().startswith(("javascript:", "vbscript:", "data:text"))]
    assert bad == [], (path, bad)
    for attrs, body in page.scripts:
        if attrs.get("type") == "application/json":  # a JSON island: valid JSON that cannot close its element
            assert "<" not in body and ">" not in body, (path, body[:200])
            json.loads(body)
        else:  # scripts come from this server's static files only, never inline
            assert (attrs.get("src") or "").startswith("/static/") and not body.strip(), (path, attrs, body[:200])
    return sum(attrs.get("type") == "application/json" for attrs, _ in page.scripts)


def test_every_page_type_escapes_stored_payloads(client, stored: dict[str, int]) -> None:
    seen_escaped, islands = set(), 0
    for path in _pages(stored):
        r = client.get(path)
        assert r.status_code == 200, (path, r.status_code, r.text[:300])
        assert r.headers["content-type"].startswith("text/html"), path
        islands += _check_page(path, r.text)
        if "&lt;/script&gt;" in r.text or "\\u003c/script\\u003e" in r.text:
            seen_escaped.add(path)
    # the payloads are on the pages, escaped: the document, the split person, the event, the change log
    assert {"/documents/xss-doc", f"/people/{stored['split']}", "/events/sample-en-001/0", "/curation"} <= seen_escaped
    assert islands >= 2  # the checks above did read JSON islands (dashboard, map)
    doc = client.get("/documents/xss-doc").text
    assert 'href="#"' in doc or "javascript" not in doc  # the hostile URL became '#'


def test_json_islands_hold_hostile_strings_without_closing(client) -> None:
    from pactgraph.web.templating import json_island

    value = {"name": PAYLOAD, "list": [PAYLOAD, "a & b", "it's"], "nested": {"k": "<!--", "v": "]]>"}}
    html = str(json_island("data-x", value))
    page = Page()
    page.feed("<body>" + html + "<p>after</p></body>")
    assert len(page.scripts) == 1 and page.handlers == []
    attrs, body = page.scripts[0]
    assert attrs == {"type": "application/json", "id": "data-x"}
    assert json.loads(body) == value  # what the page's script reads back is the data, unchanged
    assert _check_page("island", html) == 1


def test_security_headers_on_every_answer(client) -> None:
    for path in ("/", "/api/events", "/api/nope", "/static/app.js", "/events/none/0"):
        r = client.get(path)
        csp = r.headers.get("content-security-policy", "")
        script_src = next(part for part in csp.split(";") if part.strip().startswith("script-src"))
        assert "'self'" in script_src and "unsafe-inline" not in script_src and "unsafe-eval" not in script_src
        assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
        assert r.headers.get("x-content-type-options") == "nosniff", path
        assert r.headers.get("referrer-policy"), path


def test_api_writes_need_the_token(client) -> None:
    url = "/api/events/sample-en-001/0/corrections"
    assert client.post(url, json={"type": "visit"}).status_code == 401
    assert client.post(url, json={"type": "visit"}, headers={"Authorization": "Bearer wrong"}).status_code == 401
    assert client.post(url, json={"type": "visit"},
                       headers={"Authorization": f"Bearer {TOKEN}x"}).status_code == 401
    assert client.post("/api/changes/1/revert", json={}).status_code == 401
    assert client.post("/api/organizations/1/merge", json={"into": 2}).status_code == 401


def _csrf(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html) or re.search(
        r'<meta name="csrf-token" content="([^"]+)"', html)
    assert match, "no CSRF token on the page"
    return match.group(1)


def test_session_writes_need_the_csrf_token_and_the_same_origin(db: str) -> None:
    from fastapi.testclient import TestClient

    from pactgraph.api import create_app

    with TestClient(create_app(db, token=TOKEN), raise_server_exceptions=False) as browser:
        login = browser.get("/login")
        token = _csrf(login.text)
        # a login form without its CSRF token is refused
        r = browser.post("/login", data={"name": "eve", "token": TOKEN}, follow_redirects=False)
        assert r.status_code == 403
        r = browser.post("/login", data={"name": "rev", "token": TOKEN, "csrf_token": token}, follow_redirects=False)
        assert r.status_code == 303, r.text
        cookie = next(c for c in r.headers.get_list("set-cookie") if "session" in c.lower())
        assert "httponly" in cookie.lower() and "samesite=strict" in cookie.lower()
        assert TOKEN not in cookie  # the cookie is signed session data, not the token
        page = browser.get("/events/sample-en-001/0")
        csrf = _csrf(page.text)
        # every form that posts carries the session's CSRF token, on every page a reviewer writes from
        org = browser.get("/api/organizations", params={"per_page": 1}).json()["items"][0]["id"]
        person = browser.get("/api/people", params={"per_page": 1}).json()["items"][0]["id"]
        for path in ("/events/sample-en-001/0", "/documents/sample-en-001", f"/orgs/{org}", f"/people/{person}",
                     "/curation", "/"):
            html = browser.get(path).text
            forms = re.findall(r"<form\b[^>]*method=\"post\"[^>]*>(.*?)</form>", html, re.S | re.I)
            assert forms or path == "/", path
            for body in forms:
                assert f'name="csrf_token" value="{csrf}"' in body, (path, body[:300])
        form = {"type": "meeting", "note": "x"}
        url = "/events/sample-en-001/0/correct"
        assert browser.post(url, data=form, follow_redirects=False).status_code == 403
        assert browser.post(url, data={**form, "csrf_token": "forged"}, follow_redirects=False).status_code == 403
        r = browser.post(url, data={**form, "csrf_token": csrf}, headers={"Origin": "https://evil.example"},
                         follow_redirects=False)
        assert r.status_code == 403
        # the JSON API with the session cookie needs the X-CSRF-Token header
        api = "/api/events/sample-en-001/0/corrections"
        assert browser.post(api, json={"type": "meeting"}).status_code == 403
        assert browser.post(api, json={"type": "meeting"}, headers={"X-CSRF-Token": "forged"}).status_code == 403
        assert browser.get("/api/events/sample-en-001/0").json()["type"] != "meeting"  # nothing was written
        ok = browser.post(api, json={"type": "meeting"}, headers={"X-CSRF-Token": csrf})
        assert ok.status_code == 201, ok.text


def test_a_server_without_token_is_read_only(db: str) -> None:
    from fastapi.testclient import TestClient

    from pactgraph.api import create_app

    with TestClient(create_app(db, token=None), raise_server_exceptions=False) as ro:
        r = ro.post("/api/events/sample-en-001/0/corrections", json={"type": "visit"}, headers=AUTH)
        assert r.status_code == 403 and r.json()["error"]["code"] == "read_only"


def test_default_bind_is_loopback() -> None:
    from pactgraph.api.settings import Settings

    assert Settings.load().host == "127.0.0.1"


HOSTILE = [
    ("/api/events", {"q": "x" * 10_000}), ("/api/events", {f"p{i}": "1" for i in range(200)}),
    ("/api/events", {"per_page": "100000"}), ("/api/events", {"per_page": "-5"}), ("/api/events", {"page": "0"}),
    ("/api/events", {"page": "99999999999999999999999"}), ("/api/events", {"since": "2023-13-45"}),
    ("/api/events", {"since": "'; DROP TABLE events; --"}), ("/api/events", {"q": "\x00\x01"}),
    ("/api/search", {"q": '"unbalanced'}), ("/api/search", {"q": "NEAR( * OR AND"}),
    ("/api/search", {"q": "%ff%fe"}), ("/api/search", {"q": ""}), ("/api/events", {"org": "abc"}),
    ("/api/organizations", {"per_page": "1e9"}), ("/api/documents/%2e%2e%2f%2e%2e%2fetc%2fpasswd", {}),
    ("/static/../../../etc/passwd", {}), ("/events", {"q": "x" * 10_000}), ("/events", {"type": "<script>"}),
    ("/search", {"q": '") OR 1=1 --'}), ("/documents", {"page": "-1"}), ("/orgs", {"page": "abc"}),
    ("/api/changes", {"state": "<script>"}), ("/api/graph", {"limit": "-1"}), ("/curation", {"page": "0"}),
]


def test_hostile_query_strings_get_4xx_never_500(client) -> None:
    for path, params in HOSTILE:
        r = client.get(path, params=params)
        assert r.status_code < 500, (path, params, r.status_code, r.text[:300])
        assert "Traceback" not in r.text and 'File "' not in r.text, (path, params)
    assert client.get("/api/events", params={"q": "x" * 10_000}).status_code == 422
    assert client.get("/api/events", params={"q": "a\x00b"}).status_code == 422
    assert client.get("/api/events", params={"per_page": "100000"}).status_code == 422
    assert client.get("/api/events", params={f"p{i}": "1" for i in range(200)}).status_code == 422


def test_oversized_and_malformed_bodies_get_4xx(client) -> None:
    url = "/api/events/sample-en-001/0/corrections"
    big = {"type": "visit", "reason": "x" * 2_000_000}
    r = client.post(url, json=big, headers=AUTH)
    assert r.status_code == 413, r.text[:200]
    for body, ctype in ((b"{not json", "application/json"), (b"\xff\xfe\x00", "application/json"),
                        (b"[]", "application/json"), (b'{"type": 5}', "application/json"),
                        (b"type=visit", "application/x-www-form-urlencoded")):
        r = client.post(url, content=body, headers={**AUTH, "Content-Type": ctype})
        assert 400 <= r.status_code < 500, (body, r.status_code, r.text[:200])
        assert "Traceback" not in r.text
    r = client.post("/login", content=b"a=" + b"x" * 2_000_000,
                    headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert r.status_code == 413
