"""Sources to documents: JSON Lines, text files, folders, stdin, HTML."""

from pactgraph.ingest.documents import Document, DocumentError, read_documents

__all__ = ["Document", "DocumentError", "read_documents"]
