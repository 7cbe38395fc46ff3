"""HTML pages to documents with trafilatura (main text, title, date, url)."""

from __future__ import annotations

from pactgraph import errors
from pactgraph.ingest.documents import Document


def html_to_document(raw: bytes | str, *, doc_id: str, source: str | None = None,
                     url: str | None = None) -> Document:
    """Extract the article of an HTML page; the headline becomes the first line."""
    import trafilatura

    html = raw.decode("utf-8", errors="replace") if isinstance(raw, bytes) else raw
    extracted = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False)
    if not extracted:
        raise errors.EmptyText("no article text found in HTML", source=source, doc_id=doc_id)
    data = extracted if isinstance(extracted, dict) else extracted.as_dict()
    body = (data.get("text") or "").strip()
    if not body:
        raise errors.EmptyText("no article text found in HTML", source=source, doc_id=doc_id)
    title = (data.get("title") or "").strip()
    text = f"{title}\n\n{body}" if title and not body.startswith(title) else body
    return Document(id=doc_id, text=text, url=url or data.get("url"), published=data.get("date"), source=source)
