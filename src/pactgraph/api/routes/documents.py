"""``/api/documents``: the stored documents, their text, extraction and corrected record."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query

from pactgraph.api import queries
from pactgraph.api.deps import Conn, Paging

router = APIRouter(tags=["documents"])


@router.get("/documents", summary="List documents")
def list_documents(conn: Conn, paging: Paging,
                   q: Annotated[str | None, Query(max_length=300, description="Full-text search")] = None,
                   status: Annotated[Literal["ok", "error"] | None, Query()] = None) -> dict[str, Any]:
    """Documents, newest first, optionally matching a full-text query (English or Chinese)."""
    items, total = queries.list_documents(conn, q=q, status=status, limit=paging.per_page, offset=paging.offset)
    return paging.wrap(items, total)


@router.get("/documents/{document_id:path}", summary="One document")
def get_document(document_id: str, conn: Conn) -> dict[str, Any]:
    """The document's text and metadata; ``extraction`` as the extractor wrote it, ``record`` with the
    reviewers' corrections applied (evidence offsets index ``text``), and the corrections."""
    return queries.get_document(conn, document_id)
