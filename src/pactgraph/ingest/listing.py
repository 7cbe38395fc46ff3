"""What a fetched URL is (an HTML page, an RSS/Atom feed, a sitemap) and the items a feed or sitemap lists.

Feeds are read with feedparser (RSS 0.9x-2.0, RSS 1.0, Atom); sitemaps and
sitemap indexes with lxml (the sitemaps.org schema is small and fixed, and
no well-kept library reads it without also fetching), gzipped ones too.
"""

from __future__ import annotations

import gzip
import hashlib
from dataclasses import dataclass

from lxml import etree

from pactgraph.ingest.fetch import NotAPage, Response

MAX_ID = 200
"""Longest document id the store keeps (``documents.id``)."""


@dataclass(frozen=True)
class Listed:
    """One item of a feed or sitemap: its stable key, the page URL and the source's own change stamp."""

    key: str
    url: str
    updated: str | None = None
    title: str | None = None


def url_document_id(url: str) -> str:
    """The document id of a page fetched from ``url``: the URL itself, or a digest of it when too long."""
    url = url.strip()
    if len(url) <= MAX_ID:
        return url
    return "url:sha256:" + hashlib.sha256(url.encode("utf-8")).hexdigest()


def _body(response: Response) -> bytes:
    content = response.content
    if content[:2] == b"\x1f\x8b":  # a gzipped sitemap served as a file
        try:
            return gzip.decompress(content)
        except OSError:
            return content
    return content


def _root_tag(content: bytes) -> str | None:
    head = content.lstrip(b"\xef\xbb\xbf \t\r\n")
    if not head.startswith(b"<"):
        return None
    try:
        for _event, element in etree.iterparse(_Reader(content), events=("start",), resolve_entities=False,
                                               no_network=True, recover=True):
            return etree.QName(element).localname.lower()
    except etree.XMLSyntaxError:
        return None
    return None


class _Reader:
    """A file-like wrapper for iterparse over bytes (reads only as far as the root element needs)."""

    def __init__(self, content: bytes) -> None:
        self.content = content
        self.pos = 0

    def read(self, n: int = -1) -> bytes:
        n = len(self.content) if n < 0 else n
        out = self.content[self.pos : self.pos + n]
        self.pos += len(out)
        return out


def classify(response: Response) -> str:
    """``page``, ``feed`` or ``sitemap``; raises :class:`NotAPage` for anything else (PDF, image, JSON...)."""
    ctype = response.content_type.split(";")[0].strip().lower()
    content = _body(response)
    head = content[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if "html" in ctype or head.startswith((b"<!doctype html", b"<html")):
        return "page"
    if not ctype or "xml" in ctype or "rss" in ctype or "atom" in ctype or ctype == "text/plain":
        root = _root_tag(content)
        if root in {"rss", "rdf", "feed", "channel"}:
            return "feed"
        if root in {"urlset", "sitemapindex"}:
            return "sitemap"
        if root == "html":
            return "page"
    raise NotAPage(f"content type {ctype or 'unknown'} is not an HTML page, a feed or a sitemap",
                   url=response.url, status=response.status, reason=f"not HTML ({ctype or 'unknown type'})")


def feed_items(response: Response) -> list[Listed]:
    """The entries of an RSS or Atom feed with a link: key = the entry's id (else its link)."""
    import feedparser

    parsed = feedparser.parse(_body(response), response_headers={"content-location": response.final_url})
    out = []
    for entry in parsed.entries:
        link = entry.get("link")
        if not link:
            continue
        key = entry.get("id") or link
        updated = entry.get("updated") or entry.get("published")
        out.append(Listed(key=str(key)[:2000], url=link, updated=updated, title=entry.get("title")))
    return out


def sitemap_entries(response: Response) -> tuple[str, list[Listed]]:
    """``("urlset", pages)`` or ``("sitemapindex", child sitemaps)`` of a sitemap; key = the URL."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, recover=True, huge_tree=False)
    root = etree.fromstring(_body(response), parser)
    if root is None:
        return "urlset", []
    kind = etree.QName(root).localname.lower()
    out = []
    for child in root:
        if not isinstance(child.tag, str):
            continue
        loc = lastmod = None
        for part in child:
            if not isinstance(part.tag, str):
                continue
            name = etree.QName(part).localname.lower()
            if name == "loc":
                loc = (part.text or "").strip()
            elif name == "lastmod":
                lastmod = (part.text or "").strip() or None
        if loc:
            out.append(Listed(key=loc[:2000], url=loc, updated=lastmod))
    return kind, out
