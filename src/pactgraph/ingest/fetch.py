"""Polite, bounded HTTP fetching with httpx: timeouts, a size cap, retries, robots.txt, a per-host rate limit.

Every failure is a :class:`FetchError` naming the URL, the HTTP status (when
there was one) and the reason, so a batch records it and goes on. Redirects
are followed here, hop by hop, so that each hop is checked against robots.txt
and the rate limit and a loop ends in a clear error.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import threading
import time
import urllib.robotparser
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import httpx

from pactgraph import __version__, errors

USER_AGENT = f"pactgraph/{__version__} (news ingestion; httpx)"
ROBOTS_AGENT = "pactgraph"
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})


class FetchError(errors.InputError):
    """A URL could not be fetched or read; ``status`` is the HTTP status when the server answered."""

    code = "E110"

    def __init__(self, message: str, *, url: str, status: int | None = None, reason: str | None = None,
                 doc_id: str | None = None) -> None:
        super().__init__(message, source=url, doc_id=doc_id)
        self.url = url
        self.status = status
        self.reason = reason or message

    def __reduce__(self) -> tuple[object, ...]:
        return (_rebuild_fetch, (type(self), self.message, self.url, self.status, self.reason, self.doc_id))

    def to_dict(self) -> dict[str, object]:
        return {**super().to_dict(), "url": self.url, "status": self.status, "reason": self.reason}


def _rebuild_fetch(cls: type[FetchError], message: str, url: str, status: int | None, reason: str | None,
                   doc_id: str | None) -> FetchError:
    return cls(message, url=url, status=status, reason=reason, doc_id=doc_id)


class NetworkError(FetchError):
    code = "E111"


class FetchTimeout(FetchError):
    code = "E112"


class HTTPStatusError(FetchError):
    code = "E113"


class ResponseTooLarge(FetchError):
    code = "E114"


class RobotsDisallowed(FetchError):
    code = "E115"


class TooManyRedirects(FetchError):
    code = "E116"


class NotAPage(FetchError):
    """The response is neither an HTML page, a feed nor a sitemap (an image, a PDF...)."""

    code = "E117"


@dataclass
class FetchPolicy:
    """The limits of fetching; the defaults suit news sites."""

    connect_timeout: float = 10.0
    read_timeout: float = 30.0
    total_timeout: float = 120.0
    """Longest time for one response, however slowly it trickles in."""
    max_bytes: int = 10_000_000
    retries: int = 3
    """Further tries after a 429, a 5xx, a timeout or a network error."""
    backoff: float = 1.0
    """First wait between tries (doubled each time) when the server gives no Retry-After."""
    max_wait: float = 120.0
    """Longest wait between tries, whatever Retry-After asks."""
    per_host_interval: float = 1.0
    """Least time between two requests to one host (a larger robots.txt Crawl-delay wins)."""
    max_redirects: int = 5
    respect_robots: bool = True
    user_agent: str = USER_AGENT


@dataclass
class Response:
    """A fetched URL: ``url`` as asked, ``final_url`` after redirects; ``not_modified`` on a 304."""

    url: str
    final_url: str
    status: int
    headers: dict[str, str]
    content: bytes
    fetched_at: str
    not_modified: bool = False

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "")

    @property
    def etag(self) -> str | None:
        return self.headers.get("etag")

    @property
    def last_modified(self) -> str | None:
        return self.headers.get("last-modified")


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def retry_after_seconds(value: str | None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return max(0.0, (when - dt.datetime.now(dt.UTC)).total_seconds())


@dataclass
class _Host:
    lock: threading.Lock = field(default_factory=threading.Lock)
    last: float = 0.0
    robots: urllib.robotparser.RobotFileParser | None = None
    robots_error: FetchError | None = None
    delay: float = 0.0


class Fetcher:
    """One HTTP client with its per-host state (rate limit, robots.txt); reuse it for a whole run."""

    def __init__(self, policy: FetchPolicy | None = None, *, client: httpx.Client | None = None) -> None:
        self.policy = policy or FetchPolicy()
        p = self.policy
        self.client = client or httpx.Client(
            timeout=httpx.Timeout(p.read_timeout, connect=p.connect_timeout),
            headers={"User-Agent": p.user_agent, "Accept-Encoding": "gzip, deflate"},
            follow_redirects=False,
        )
        self._hosts: dict[str, _Host] = {}
        self._lock = threading.Lock()

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- per host ---------------------------------------------------------------
    def _host(self, url: str) -> _Host:
        parts = urlsplit(url)
        key = f"{parts.scheme}://{parts.netloc}".lower()
        with self._lock:
            return self._hosts.setdefault(key, _Host())

    def _wait_turn(self, host: _Host) -> None:
        with host.lock:
            gap = max(self.policy.per_host_interval, host.delay)
            wait = host.last + gap - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            host.last = time.monotonic()

    def allowed(self, url: str) -> None:
        """Raise :class:`RobotsDisallowed` when the site's robots.txt forbids ``url`` to pactgraph."""
        if not self.policy.respect_robots:
            return
        host = self._host(url)
        if host.robots is None and host.robots_error is None:
            self._load_robots(url, host)
        if host.robots_error is not None:
            err = host.robots_error
            raise RobotsDisallowed(f"robots.txt could not be read ({err.reason}); not fetching", url=url,
                                   status=err.status, reason=f"robots.txt unreachable: {err.reason}")
        assert host.robots is not None
        if not host.robots.can_fetch(ROBOTS_AGENT, url):
            raise RobotsDisallowed("robots.txt forbids this URL", url=url, reason="disallowed by robots.txt")

    def _load_robots(self, url: str, host: _Host) -> None:
        parts = urlsplit(url)
        robots_url = f"{parts.scheme}://{parts.netloc}/robots.txt"
        parser = urllib.robotparser.RobotFileParser(robots_url)
        try:
            response = self._get(robots_url, robots=False, conditional={}, redirects_left=self.policy.max_redirects)
        except HTTPStatusError as exc:
            if exc.status is not None and 400 <= exc.status < 500:  # RFC 9309: no robots.txt, no limits
                parser.parse([])
                host.robots = parser
                return
            host.robots_error = exc  # RFC 9309: an unreachable robots.txt means "disallow all"
            return
        except FetchError as exc:
            host.robots_error = exc
            return
        text = response.content.decode("utf-8", errors="replace")
        parser.parse(text.splitlines())
        delay = parser.crawl_delay(ROBOTS_AGENT)
        host.delay = float(delay) if delay else 0.0
        host.robots = parser

    # -- one URL ------------------------------------------------------------------
    def get(self, url: str, *, etag: str | None = None, last_modified: str | None = None) -> Response:
        """Fetch ``url`` (conditionally when ``etag``/``last_modified`` are given); raises :class:`FetchError`."""
        conditional = {}
        if etag:
            conditional["If-None-Match"] = etag
        if last_modified:
            conditional["If-Modified-Since"] = last_modified
        response = self._get(url, robots=True, conditional=conditional, redirects_left=self.policy.max_redirects)
        response.url = url
        return response

    def _get(self, url: str, *, robots: bool, conditional: dict[str, str], redirects_left: int) -> Response:
        seen: list[str] = []
        current = url
        while True:
            if robots:
                self.allowed(current)
            response = self._get_with_retries(current, conditional)
            if response.status in (301, 302, 303, 307, 308):
                location = response.headers.get("location")
                if not location:
                    raise HTTPStatusError(f"HTTP {response.status} without a Location", url=url,
                                          status=response.status, reason="redirect without Location")
                seen.append(current)
                current = urljoin(current, location)
                if current in seen or len(seen) > redirects_left:
                    loop = "redirect loop" if current in seen else f"more than {redirects_left} redirects"
                    raise TooManyRedirects(f"{loop} ({' -> '.join([*seen, current])[:500]})", url=url,
                                           status=response.status, reason=loop)
                continue
            response.final_url = current
            return response

    def _get_with_retries(self, url: str, conditional: dict[str, str]) -> Response:
        policy = self.policy
        host = self._host(url)
        attempt = 0
        while True:
            self._wait_turn(host)
            try:
                response = self._get_once(url, conditional)
            except (FetchTimeout, NetworkError):
                if attempt >= policy.retries:
                    raise
                wait = min(policy.max_wait, policy.backoff * 2**attempt)
            else:
                if response.status not in RETRY_STATUSES:
                    if response.status >= 400:
                        raise HTTPStatusError(f"HTTP {response.status}", url=url, status=response.status,
                                              reason=_reason(response.status))
                    return response
                if attempt >= policy.retries:
                    raise HTTPStatusError(
                        f"HTTP {response.status} after {attempt + 1} tries", url=url, status=response.status,
                        reason=_reason(response.status))
                asked = retry_after_seconds(response.headers.get("retry-after"))
                wait = min(policy.max_wait, asked if asked is not None else policy.backoff * 2**attempt)
            attempt += 1
            time.sleep(wait)

    def _get_once(self, url: str, conditional: dict[str, str]) -> Response:
        policy = self.policy
        started = time.monotonic()
        try:
            with self.client.stream("GET", url, headers=conditional) as r:
                headers = {k.lower(): v for k, v in r.headers.items()}
                if r.status_code == 304:
                    return Response(url, url, 304, headers, b"", _now(), not_modified=True)
                if r.status_code >= 300:
                    r.close()
                    return Response(url, url, r.status_code, headers, b"", _now())
                declared = headers.get("content-length")
                if declared and declared.isdigit() and int(declared) > policy.max_bytes:
                    raise ResponseTooLarge(
                        f"response of {int(declared):,} bytes is over the limit of {policy.max_bytes:,}",
                        url=url, status=r.status_code, reason="response too large")
                chunks: list[bytes] = []
                size = 0
                for chunk in r.iter_bytes():
                    size += len(chunk)
                    if size > policy.max_bytes:
                        raise ResponseTooLarge(f"response is over the limit of {policy.max_bytes:,} bytes",
                                               url=url, status=r.status_code, reason="response too large")
                    if time.monotonic() - started > policy.total_timeout:
                        raise FetchTimeout(f"response took longer than {policy.total_timeout:g} s", url=url,
                                           status=r.status_code, reason="total timeout")
                    chunks.append(chunk)
                return Response(url, url, r.status_code, headers, b"".join(chunks), _now())
        except httpx.TimeoutException as exc:
            raise FetchTimeout(f"timed out ({type(exc).__name__})", url=url, reason="timeout") from exc
        except httpx.TooManyRedirects as exc:  # pragma: no cover - redirects are followed by hand
            raise TooManyRedirects(str(exc), url=url) from exc
        except httpx.HTTPError as exc:
            raise NetworkError(f"{type(exc).__name__}: {exc}", url=url, reason="network error") from exc


def _reason(status: int) -> str:
    from http import HTTPStatus

    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return f"HTTP {status}"
