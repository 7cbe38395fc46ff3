"""Read input documents as RECORD.md specifies, never stopping at a bad one.

:func:`read_documents` yields :class:`Document` objects and, in input order,
:class:`DocumentError` items for what could not be read (malformed JSON, a
line without ``id``, a duplicate id, a file that is not UTF-8), so that a batch
records every failure with its file, line and id and goes on.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from pactgraph import errors

TEXT_SUFFIXES = {".txt", ".text", ".md"}
JSONL_SUFFIXES = {".jsonl", ".ndjson", ".json"}
HTML_SUFFIXES = {".html", ".htm"}


@dataclass
class Document:
    """One article to extract: its id, text and optional metadata."""

    id: str
    text: str
    url: str | None = None
    published: str | None = None
    source: str | None = None
    line: int | None = None
    meta: dict[str, object] = field(default_factory=dict)
    source_url: str | None = None
    """The URL the document was fetched from (``url`` is the page's own, canonical URL)."""
    fetched_at: str | None = None
    """When it was fetched (ISO 8601, UTC)."""
    title: str | None = None
    """The page's title as its metadata gives it (HTML), before extraction."""
    language: str | None = None
    """``en`` or ``zh`` when known before extraction."""


@dataclass
class DocumentError:
    """An input item that could not become a :class:`Document`."""

    error: errors.PactgraphError

    @property
    def id(self) -> str | None:
        return self.error.doc_id


def _expand(inputs: Iterable[str | Path], skip_txt_with_jsonl: bool) -> Iterator[str | Path]:
    for item in inputs:
        if str(item) == "-":
            yield "-"
            continue
        path = Path(item)
        if not path.is_dir():
            yield path
            continue
        children = [c for c in sorted(path.rglob("*"))
                    if c.is_file() and c.suffix.lower() in TEXT_SUFFIXES | JSONL_SUFFIXES | HTML_SUFFIXES]
        # a folder holding docs.jsonl beside text copies of the same documents (the corpus layout):
        # the text files are the same documents, read once from the JSON Lines
        jsonl_dirs = {c.parent for c in children if c.suffix.lower() in JSONL_SUFFIXES}
        for child in children:
            if skip_txt_with_jsonl and child.suffix.lower() in TEXT_SUFFIXES and child.parent in jsonl_dirs:
                continue
            yield child


def _document_from_json(obj: object, source: str, line: int) -> Document:
    if not isinstance(obj, dict):
        raise errors.MalformedJSON("a document must be a JSON object", source=source, line=line)
    doc_id = obj.get("id")
    if doc_id is None or str(doc_id).strip() == "":
        raise errors.MissingId("document has no 'id'", source=source, line=line)
    text = obj.get("text")
    if not isinstance(text, str):
        raise errors.MissingText("document has no 'text' string", source=source, line=line, doc_id=str(doc_id))
    url = obj.get("url") if isinstance(obj.get("url"), str) else None
    published = obj.get("published") if isinstance(obj.get("published"), str) else None
    meta = {k: v for k, v in obj.items() if k not in {"id", "text", "url", "published"}}
    return Document(id=str(doc_id), text=text, url=url, published=published, source=source, line=line, meta=meta)


def _read_jsonl_lines(raw: bytes, source: str) -> Iterator[Document | DocumentError]:
    for number, bline in enumerate(raw.splitlines(), 1):
        if not bline.strip():
            continue
        try:
            sline = bline.decode("utf-8")
        except UnicodeDecodeError as exc:
            yield DocumentError(errors.NotUTF8(f"line is not UTF-8 ({exc.reason} at byte {exc.start})",
                                               source=source, line=number))
            continue
        try:
            obj = json.loads(sline)
        except json.JSONDecodeError as exc:
            yield DocumentError(errors.MalformedJSON(f"not JSON: {exc.msg} at column {exc.colno}",
                                                     source=source, line=number))
            continue
        try:
            yield _document_from_json(obj, source, number)
        except errors.PactgraphError as exc:
            yield DocumentError(exc)


def _read_text_file(raw: bytes, path: Path) -> Document | DocumentError:
    source = str(path)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return DocumentError(errors.NotUTF8(f"file is not UTF-8 ({exc.reason} at byte {exc.start})",
                                            source=source, doc_id=path.stem))
    return Document(id=path.stem, text=text, source=source)


def _read_html_file(raw: bytes, path: Path) -> Document | DocumentError:
    from pactgraph.ingest.html import html_to_document

    try:
        return html_to_document(raw, doc_id=path.stem, source=str(path))
    except errors.PactgraphError as exc:
        return DocumentError(exc)


def _read_source(item: str | Path, stdin: object | None) -> Iterator[Document | DocumentError]:
    if item == "-":
        stream = stdin if stdin is not None else sys.stdin.buffer
        raw = stream.read()  # type: ignore[attr-defined]
        if isinstance(raw, str):
            raw = raw.encode("utf-8")
        if raw.lstrip()[:1] in (b"{", b""):
            yield from _read_jsonl_lines(raw, "<stdin>")
        else:  # plain text on standard input: one document, id "stdin"
            yield _read_text_file(raw, Path("stdin"))
        return
    path = Path(item)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        yield DocumentError(errors.UnreadableSource(f"cannot read: {exc.strerror or exc}", source=str(path)))
        return
    suffix = path.suffix.lower()
    if suffix in JSONL_SUFFIXES:
        yield from _read_jsonl_lines(raw, str(path))
    elif suffix in HTML_SUFFIXES:
        yield _read_html_file(raw, path)
    else:
        yield _read_text_file(raw, path)


def read_documents(inputs: Iterable[str | Path], *, stdin: object | None = None,
                   skip_txt_with_jsonl: bool = True) -> Iterator[Document | DocumentError]:
    """Yield the documents of ``inputs`` (files, folders, ``-``) in order.

    Duplicate ids after the first are reported as errors, never silently
    dropped or overwritten. In a folder given as input that holds JSON Lines
    next to text files, the text files are copies of the same documents and
    are skipped when ``skip_txt_with_jsonl`` is true; files named one by one
    are always read.
    """
    seen: dict[str, str] = {}
    for item in _expand(inputs, skip_txt_with_jsonl):
        for out in _read_source(item, stdin):
            if isinstance(out, Document):
                where = f"{out.source}" + (f":{out.line}" if out.line else "")
                if out.id in seen:
                    yield DocumentError(errors.DuplicateId(f"duplicate id, first seen at {seen[out.id]}",
                                                           source=out.source, line=out.line, doc_id=out.id))
                    continue
                seen[out.id] = where
            yield out
