"""HTML pages to documents with trafilatura: article text plus title, publication date and canonical URL.

The bytes are decoded first (:func:`pactgraph.ingest.encoding.decode_html`:
HTTP charset, ``<meta charset>``, UTF-8, charset-normalizer), so GBK, GB18030
and Big5 pages read with or without a declaration; trafilatura's metadata
extraction gives the title, the date and the canonical URL (``<link
rel=canonical>``, ``og:url``). The language is detected on the article text.
"""

from __future__ import annotations

from pactgraph import errors
from pactgraph.extract.language import detect_language
from pactgraph.ingest.documents import Document
from pactgraph.ingest.encoding import decode_html


def html_to_document(raw: bytes | str, *, doc_id: str, source: str | None = None, url: str | None = None,
                     content_type: str | None = None, source_url: str | None = None,
                     fetched_at: str | None = None) -> Document:
    """Extract the article of an HTML page; the headline becomes the first line.

    ``url`` is where the page was found; the document's ``url`` is the
    page's canonical URL when it declares one.
    """
    import trafilatura

    html = decode_html(raw, content_type)[0] if isinstance(raw, bytes) else raw
    extracted = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False)
    if not extracted:
        raise errors.EmptyText("no article text found in HTML", source=source, doc_id=doc_id)
    data = extracted if isinstance(extracted, dict) else extracted.as_dict()
    body = (data.get("text") or "").strip()
    if not body:
        raise errors.EmptyText("no article text found in HTML", source=source, doc_id=doc_id)
    title = (data.get("title") or "").strip()
    text = f"{title}\n\n{body}" if title and not body.startswith(title) else body
    return Document(id=doc_id, text=text, url=data.get("url") or url, published=data.get("date"), source=source,
                    title=title or None, language=detect_language(text), source_url=source_url,
                    fetched_at=fetched_at)
