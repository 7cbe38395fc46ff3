"""Ingesting URLs from a real HTTP server on 127.0.0.1: pages in UTF-8, GBK and Big5, a feed, a sitemap
index, the bad cases, and watching (incremental rounds, changed pages as new versions)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

import pactgraph
from fixtures.web_pages import PAGES, Page, atom, page_html, rss, sitemap_index, urlset
from fixtures.web_server import Answer, WebServer
from pactgraph.ingest.fetch import FetchPolicy
from pactgraph.store.db import close_all

POLICY = FetchPolicy(per_host_interval=0.0, backoff=0.05, retries=2, read_timeout=2, connect_timeout=2,
                     max_bytes=5_000_000)


@pytest.fixture(autouse=True)
def _close_engines():
    yield
    close_all()


def serve_page(web: WebServer, page: Page, *, charset: str = "utf-8", declare: bool = True,
               etag: str | None = None) -> str:
    body = page_html(page, base=web.base, charset=charset, declare=declare).encode(charset)
    headers = {"ETag": etag} if etag else {}
    return web.route(f"/news/{page.slug}.html", body, content_type="text/html", headers=headers)


def rows(db: Path, sql: str, *args: object) -> list[tuple]:
    con = sqlite3.connect(db)
    try:
        return con.execute(sql, args).fetchall()
    finally:
        con.close()


def people(db: Path, doc_id: str) -> set[str]:
    import json

    (record,) = rows(db, "SELECT record_json FROM documents WHERE id = ?", doc_id)[0]
    return {p["name"] for p in json.loads(record)["people"]}


def test_ten_pages_through_a_feed_then_nothing_new(web: WebServer, tmp_path: Path) -> None:
    urls = [serve_page(web, p, etag=f'"{p.slug}-1"') for p in PAGES]
    feed = web.route("/feed.xml", rss([(f"urn:{p.slug}", u, p.title, "Tue, 05 Mar 2024 09:00:00 GMT")
                                       for p, u in zip(PAGES, urls, strict=True)]),
                     content_type="application/rss+xml", headers={"ETag": '"feed-1"'})
    db = tmp_path / "feed.db"
    report = pactgraph.ingest_documents([feed], str(db), policy=POLICY)
    assert (report.added, report.failed, report.skipped) == (10, 0, 0), report.errors
    for page, url in zip(PAGES, urls, strict=True):
        assert people(db, url) >= set(page.people), page.slug
        ((title, language, canonical, source_url, fetched_at, version),) = rows(
            db, "SELECT title, language, url, source_url, fetched_at, version FROM documents WHERE id = ?", url)
        assert language == page.lang and title == page.title and canonical == url
        assert source_url == url and fetched_at and version == 1
    assert {r[0] for r in rows(db, "SELECT document_id FROM source_items")} == set(urls)

    hits_before = {u: len(web.hits(u.removeprefix(web.base))) for u in urls}
    again = pactgraph.ingest_documents([feed], str(db), policy=POLICY)
    assert (again.added, again.updated, again.failed) == (0, 0, 0)
    assert again.unchanged == 10
    # the feed answered 304 and no page was fetched again
    assert web.hits("/feed.xml")[-1].headers.get("if-none-match") == '"feed-1"'
    assert {u: len(web.hits(u.removeprefix(web.base))) for u in urls} == hits_before
    (source,) = pactgraph.list_sources(str(db))
    assert (source.kind, source.n_items, source.n_documents, source.last_status) == ("feed", 10, 10, 304)


def test_pages_in_utf8_gbk_gb18030_and_big5_with_and_without_meta(web: WebServer, tmp_path: Path) -> None:
    zh = [p for p in PAGES if p.lang == "zh"]
    big5_page = Page("zh-tw-kaohsiung", "台灣電力公司與高雄市政府簽署合作備忘錄", "2024-10-08", (
        "10月8日，台灣電力公司與高雄市政府簽署離岸風電與儲能合作備忘錄。",
        "台電董事長林明、高雄市市長陳華出席簽約儀式並見證簽約。雙方將在離岸風電、太陽光電與儲能等領域深化合作。",
        "高雄市將協助台電推動港區綠能設施建設。",
    ), ("林明", "陳華"), "zh")
    urls = {
        "gbk-meta": serve_page(web, zh[0], charset="gbk"),
        "gbk-bare": serve_page(web, zh[1], charset="gbk", declare=False),
        "gb18030": serve_page(web, zh[2], charset="gb18030", declare=False),
        "utf8": serve_page(web, PAGES[0]),
        "big5-meta": serve_page(web, big5_page, charset="big5"),
    }
    bare = Page("zh-tw-bare", big5_page.title + "（續）", big5_page.date, big5_page.paragraphs, big5_page.people, "zh")
    urls["big5-bare"] = serve_page(web, bare, charset="big5", declare=False)
    db = tmp_path / "enc.db"
    report = pactgraph.ingest_documents(list(urls.values()), str(db), policy=POLICY)
    assert report.added == 6 and report.failed == 0, report.errors
    texts = dict(rows(db, "SELECT id, text FROM documents"))
    assert "国家电力投资集团" in texts[urls["gbk-meta"]]
    assert "中国华能集团" in texts[urls["gbk-bare"]]
    assert "中国石油化工集团" in texts[urls["gb18030"]]
    assert "台灣電力公司" in texts[urls["big5-meta"]] and "台灣電力公司" in texts[urls["big5-bare"]]
    for key in ("gbk-meta", "gbk-bare", "big5-meta", "big5-bare"):
        assert rows(db, "SELECT language FROM documents WHERE id = ?", urls[key]) == [("zh",)]
    assert people(db, urls["big5-meta"]) >= {"林明", "陳華"}
    assert rows(db, "SELECT published FROM documents WHERE id = ?", urls["gbk-meta"]) == [(zh[0].date,)]


def test_sitemap_index_and_atom_feed(web: WebServer, tmp_path: Path) -> None:
    urls = [serve_page(web, p) for p in PAGES[:4]]
    web.route("/sitemap-1.xml", urlset([(urls[0], "2024-03-05"), (urls[1], None)]), content_type="application/xml")
    web.route("/sitemap-2.xml", urlset([(urls[2], "2024-05-09")]), content_type="application/xml")
    index = web.route("/sitemap.xml", sitemap_index([web.url("/sitemap-1.xml"), web.url("/sitemap-2.xml")]),
                      content_type="application/xml")
    feed = web.route("/atom.xml", atom([("urn:x:4", urls[3], PAGES[3].title, "2024-06-12T00:00:00Z"),
                                        ("urn:x:1", urls[0], PAGES[0].title, "2024-03-05T00:00:00Z")]),
                     content_type="application/atom+xml")
    db = tmp_path / "sitemap.db"
    report = pactgraph.ingest_documents([index, feed], str(db), policy=POLICY)
    assert report.added == 4 and report.failed == 0, report.errors
    kinds = {s.url: (s.kind, s.n_items) for s in pactgraph.list_sources(str(db))}
    assert kinds == {index: ("sitemap", 3), feed: ("feed", 2)}
    assert rows(db, "SELECT count(*) FROM documents") == [(4,)]


def test_bad_pages_get_specific_errors_and_the_rest_goes_on(web: WebServer, tmp_path: Path) -> None:
    good = serve_page(web, PAGES[0])
    flaky = web.sequence("/news/flaky.html", [
        Answer(b"oops", 500),
        Answer(page_html(PAGES[1], base=web.base).encode(), 200, {"Content-Type": "text/html"})])
    busy = web.sequence("/news/busy.html", [
        Answer(b"", 429, {"Retry-After": "1"}),
        Answer(page_html(PAGES[2], base=web.base).encode(), 200, {"Content-Type": "text/html"})])
    slow = web.route("/news/slow.html", page_html(PAGES[3], base=web.base), content_type="text/html", delay=4)
    huge = web.route("/news/huge.html", b"<html><body>" + b"<p>energy</p>" * 2_500_000, content_type="text/html")
    image = web.route("/news/chart.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 2000, content_type="image/png")
    web.route("/news/loop-a.html", status=302, headers={"Location": "/news/loop-b.html"})
    web.route("/news/loop-b.html", status=302, headers={"Location": "/news/loop-a.html"})
    loop = web.url("/news/loop-a.html")
    web.route("/robots.txt", "User-agent: *\nDisallow: /private/\n", content_type="text/plain")
    private = serve_page(web, PAGES[4]).replace("/news/", "/private/")
    web.route("/private/" + PAGES[4].slug + ".html", page_html(PAGES[4], base=web.base), content_type="text/html")
    missing = web.url("/news/gone.html")
    feed = web.route("/feed.xml", rss([(u, u, "item", "Tue, 05 Mar 2024 09:00:00 GMT")
                                       for u in (good, flaky, busy, slow, huge, image, loop, private, missing)]),
                     content_type="application/rss+xml")
    db = tmp_path / "bad.db"
    report = pactgraph.ingest_documents([feed], str(db), policy=POLICY)
    assert report.added == 3, report.errors  # good, flaky (500 then 200), busy (429 then 200)
    errors = {e["url"]: e for e in report.errors}
    assert set(errors) == {slow, huge, image, loop, private, missing}
    assert errors[slow]["reason"] == "timeout"
    assert errors[huge]["reason"] == "response too large" and errors[huge]["status"] == 200
    assert errors[image]["reason"].startswith("not HTML (image/png")
    assert errors[loop]["reason"] == "redirect loop"
    assert errors[private]["reason"] == "disallowed by robots.txt"
    assert (errors[missing]["status"], errors[missing]["reason"]) == (404, "Not Found")
    # each failed page is recorded in the database with its error, to be tried again next time
    stored = dict(rows(db, "SELECT id, error_message FROM documents WHERE status = 'error'"))
    assert set(stored) == set(errors) and "HTTP 404" in stored[missing]
    item_errors = dict(rows(db, "SELECT url, last_error FROM source_items WHERE last_error IS NOT NULL"))
    assert set(item_errors) == set(errors) and item_errors[private].startswith("disallowed by robots.txt")
    # a second run tries the failed ones again, and only those
    again = pactgraph.ingest_documents([feed], str(db), policy=POLICY)
    assert again.unchanged == 3 and again.added == 0 and again.failed == 6


def test_a_page_given_directly_that_is_not_html(web: WebServer, tmp_path: Path) -> None:
    pdf = web.route("/report.pdf", b"%PDF-1.4 ...", content_type="application/pdf")
    db = tmp_path / "pdf.db"
    report = pactgraph.ingest_documents([pdf], str(db), policy=POLICY)
    assert report.failed == 1 and report.errors[0]["reason"] == "not HTML (application/pdf)"
    (source,) = pactgraph.list_sources(str(db))
    assert source.last_error.startswith("not HTML")


def test_watch_takes_new_and_changed_items_and_keeps_old_versions(web: WebServer, tmp_path: Path) -> None:
    first, second, third = PAGES[0], PAGES[1], PAGES[6]
    u1 = serve_page(web, first, etag='"a1"')
    u2 = serve_page(web, second, etag='"b1"')
    items = [(f"urn:{first.slug}", u1, first.title, "Tue, 05 Mar 2024 09:00:00 GMT"),
             (f"urn:{second.slug}", u2, second.title, "Thu, 18 Apr 2024 09:00:00 GMT")]
    feed = web.route("/feed.xml", rss(items), content_type="application/rss+xml", headers={"ETag": '"f1"'})
    db = tmp_path / "watch.db"
    rounds: list[tuple[int, int, int]] = []
    pactgraph.watch([feed], str(db), every="1s", rounds=1, policy=POLICY,
                    on_round=lambda n, r: rounds.append((r.added, r.updated, r.unchanged)))
    assert rounds == [(2, 0, 0)]

    # the feed gains an item and the first page changes (its feed stamp too)
    u3 = serve_page(web, third, etag='"c1"')
    changed = Page(first.slug, first.title, first.date, (*first.paragraphs, "The first projects start in May."),
                   first.people, "en")
    serve_page(web, changed, etag='"a2"')
    items[0] = (items[0][0], u1, first.title, "Wed, 06 Mar 2024 09:00:00 GMT")
    web.route("/feed.xml", rss([*items, (f"urn:{third.slug}", u3, third.title, "Thu, 21 Mar 2024 09:00:00 GMT")]),
              content_type="application/rss+xml", headers={"ETag": '"f2"'})
    pactgraph.watch(None, str(db), every="1s", rounds=1, policy=POLICY,
                    on_round=lambda n, r: rounds.append((r.added, r.updated, r.unchanged)))
    assert rounds[-1] == (1, 1, 1)
    assert len(web.hits(u2.removeprefix(web.base))) == 1  # unchanged item not fetched again
    versions = rows(db, "SELECT version, text FROM document_versions WHERE document_id = ? ORDER BY version", u1)
    assert [v for v, _ in versions] == [1, 2]
    assert "start in May" not in versions[0][1] and "start in May" in versions[1][1]
    (source,) = pactgraph.list_sources(str(db))
    assert source.watched and source.every_seconds == 1 and source.n_items == 3


def test_fetch_error_never_replaces_a_stored_page(web: WebServer, tmp_path: Path) -> None:
    url = serve_page(web, PAGES[0])
    db = tmp_path / "keep.db"
    pactgraph.ingest_documents([url], str(db), policy=POLICY)
    web.route(f"/news/{PAGES[0].slug}.html", "down", status=503)
    report = pactgraph.ingest_documents([url], str(db), policy=POLICY)
    assert report.errors[0]["status"] == 503
    assert rows(db, "SELECT status FROM documents WHERE id = ?", url) == [("ok",)]
    (source,) = pactgraph.list_sources(str(db))
    assert source.last_status == 503 and "Service Unavailable" in source.last_error
