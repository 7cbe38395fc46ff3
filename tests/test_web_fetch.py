"""The fetcher against a real HTTP server on 127.0.0.1: timeouts, size cap, retries, robots.txt, redirects."""

from __future__ import annotations

import time

import pytest

import pactgraph
from fixtures.web_server import Answer, WebServer
from pactgraph.ingest import fetch
from pactgraph.ingest.encoding import decode_html
from pactgraph.ingest.fetch import Fetcher, FetchPolicy

FAST = FetchPolicy(per_host_interval=0.0, backoff=0.05, retries=2, read_timeout=5, connect_timeout=2)
HTML = "<html><head><title>t</title></head><body><p>hello</p></body></html>"


def fetcher(**changes: object) -> Fetcher:
    return Fetcher(FetchPolicy(**{**FAST.__dict__, **changes}))


def test_user_agent_names_pactgraph_and_its_version(web: WebServer) -> None:
    url = web.route("/page.html", HTML, content_type="text/html")
    with fetcher() as f:
        response = f.get(url)
    assert response.status == 200 and response.content == HTML.encode()
    agent = web.hits("/page.html")[0].headers["user-agent"]
    assert agent.startswith(f"pactgraph/{pactgraph.__version__}")


def test_slow_page_times_out_with_a_specific_error(web: WebServer) -> None:
    url = web.route("/slow.html", HTML, content_type="text/html", delay=3)
    started = time.monotonic()
    with fetcher(read_timeout=0.5, retries=0) as f, pytest.raises(fetch.FetchTimeout) as info:
        f.get(url)
    assert time.monotonic() - started < 2.5
    assert info.value.url == url and info.value.reason == "timeout"


def test_page_that_trickles_in_hits_the_total_timeout(web: WebServer) -> None:
    url = web.route("/trickle.html", "x" * 20_000, content_type="text/html", trickle=0.1)
    with fetcher(total_timeout=0.5, retries=0) as f, pytest.raises(fetch.FetchTimeout) as info:
        f.get(url)
    assert info.value.reason == "total timeout"


def test_30_mb_page_is_refused_by_the_size_cap(web: WebServer) -> None:
    url = web.route("/huge.html", b"<html>" + b"a" * 30_000_000, content_type="text/html")
    with fetcher(max_bytes=10_000_000) as f, pytest.raises(fetch.ResponseTooLarge) as info:
        f.get(url)
    assert info.value.status == 200 and "30,000,006 bytes" in info.value.message


def test_500_then_200_is_retried(web: WebServer) -> None:
    url = web.sequence("/flaky.html", [Answer(b"oops", 500), Answer(HTML.encode(), 200,
                                                                     {"Content-Type": "text/html"})])
    with fetcher() as f:
        assert f.get(url).status == 200
    assert len(web.hits("/flaky.html")) == 2


def test_persistent_500_is_an_error_with_its_status(web: WebServer) -> None:
    url = web.route("/down.html", "oops", status=503)
    with fetcher(retries=2) as f, pytest.raises(fetch.HTTPStatusError) as info:
        f.get(url)
    assert (info.value.status, info.value.reason) == (503, "Service Unavailable")
    assert len(web.hits("/down.html")) == 3  # one try and two retries
    assert info.value.to_dict()["url"] == url


def test_429_waits_as_retry_after_asks(web: WebServer) -> None:
    url = web.sequence("/busy.html", [Answer(b"slow down", 429, {"Retry-After": "1"}),
                                      Answer(HTML.encode(), 200, {"Content-Type": "text/html"})])
    with fetcher(backoff=0.01) as f:
        assert f.get(url).status == 200
    first, second = web.hits("/busy.html")
    assert second.at - first.at >= 0.95


def test_backoff_doubles_without_retry_after(web: WebServer) -> None:
    url = web.sequence("/busy2.html", [Answer(b"", 502), Answer(b"", 502), Answer(HTML.encode(), 200)])
    with fetcher(backoff=0.2, retries=3) as f:
        f.get(url)
    a, b, c = (h.at for h in web.hits("/busy2.html"))
    assert b - a >= 0.19 and c - b >= 0.39


def test_redirect_loop_ends_in_a_clear_error(web: WebServer) -> None:
    web.route("/a", status=302, headers={"Location": "/b"})
    web.route("/b", status=301, headers={"Location": "/a"})
    with fetcher() as f, pytest.raises(fetch.TooManyRedirects) as info:
        f.get(web.url("/a"))
    assert info.value.reason == "redirect loop" and "/b" in info.value.message


def test_redirects_are_followed(web: WebServer) -> None:
    web.route("/old", status=301, headers={"Location": "/new.html"})
    web.route("/new.html", HTML, content_type="text/html")
    with fetcher() as f:
        response = f.get(web.url("/old"))
    assert response.final_url == web.url("/new.html") and response.url == web.url("/old")


def test_robots_txt_forbids_a_path_and_sets_the_pace(web: WebServer) -> None:
    web.route("/robots.txt", "User-agent: pactgraph\nDisallow: /private/\nCrawl-delay: 1\n",
              content_type="text/plain")
    web.route("/private/secret.html", HTML, content_type="text/html")
    web.route("/public.html", HTML, content_type="text/html")
    web.route("/public2.html", HTML, content_type="text/html")
    with fetcher() as f:
        with pytest.raises(fetch.RobotsDisallowed) as info:
            f.get(web.url("/private/secret.html"))
        f.get(web.url("/public.html"))
        f.get(web.url("/public2.html"))
    assert info.value.reason == "disallowed by robots.txt"
    assert web.hits("/private/secret.html") == []
    assert len(web.hits("/robots.txt")) == 1
    assert web.hits("/public2.html")[0].at - web.hits("/public.html")[0].at >= 0.95


def test_per_host_rate_limit(web: WebServer) -> None:
    web.route("/1.html", HTML, content_type="text/html")
    web.route("/2.html", HTML, content_type="text/html")
    with fetcher(per_host_interval=0.4) as f:
        f.get(web.url("/1.html"))
        f.get(web.url("/2.html"))
    assert web.hits("/2.html")[0].at - web.hits("/1.html")[0].at >= 0.38


def test_conditional_get_gives_not_modified(web: WebServer) -> None:
    url = web.route("/feed.xml", "<rss/>", content_type="application/rss+xml", headers={"ETag": '"v1"'})
    with fetcher() as f:
        first = f.get(url)
        again = f.get(url, etag=first.etag)
    assert first.etag == '"v1"' and again.not_modified and again.status == 304


def test_retry_after_as_a_date() -> None:
    import email.utils

    when = email.utils.formatdate(time.time() + 30, usegmt=True)
    assert 25 <= fetch.retry_after_seconds(when) <= 31
    assert fetch.retry_after_seconds("7") == 7 and fetch.retry_after_seconds("soon") is None


@pytest.mark.parametrize("encoding, declare", [("gbk", True), ("gbk", False), ("gb18030", True),
                                               ("gb18030", False), ("big5", True), ("big5", False),
                                               ("utf-8", False)])
def test_chinese_encodings_decode_with_or_without_meta(encoding: str, declare: bool) -> None:
    simplified = "国家电投与南阳市人民政府签署战略合作框架协议，双方将在风电、光伏、储能和氢能等领域开展全面合作。" * 3
    traditional = "台灣電力公司與高雄市政府簽署合作備忘錄，雙方將在離岸風電、太陽光電與儲能等領域深化合作。" * 3
    text = traditional if encoding == "big5" else simplified
    meta = f'<meta charset="{encoding}">' if declare else ""
    title = "新聞" if encoding == "big5" else "新闻"
    raw = f"<html><head>{meta}<title>{title}</title></head><body><p>{text}</p></body></html>".encode(encoding)
    decoded, used = decode_html(raw)
    assert text in decoded, used


def test_http_charset_wins_and_a_wrong_meta_is_ignored() -> None:
    text = "中国华能集团与长春市人民政府签署清洁供热合作协议。" * 4
    raw = f'<html><head><meta charset="utf-8"></head><body>{text}</body></html>'.encode("gbk")
    assert text in decode_html(raw)[0]  # declared UTF-8, but the bytes are GBK
    assert text in decode_html(raw, "text/html; charset=GB2312")[0]
