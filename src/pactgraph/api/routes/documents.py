"""``/api/documents``: the stored documents as a table; one document with its text, extraction and record."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from pactgraph.api.deps import Conn
from pactgraph.api.routes.common import add_table_routes
from pactgraph.store import queries

router = APIRouter(tags=["documents"])

add_table_routes(router, "/documents", "documents", "documents",
                 "Documents, newest first, filtered by full text (English or Chinese), language, status, dates, "
                 "policy, sector, event type, province, organization, person or place.")


@router.get("/documents/{document_id:path}", summary="One document")
def get_document(document_id: str, conn: Conn) -> dict[str, Any]:
    """The document's text and metadata; ``extraction`` as the extractor wrote it, ``record`` with the
    reviewers' corrections applied (evidence offsets index ``text``), and the corrections."""
    return queries.get_document(conn, document_id)
