"""One catalogue of error codes and messages.

The library raises :class:`PactgraphError` subclasses; the CLI turns them into
clean messages and exit codes, and batch runs record them per document.
"""

from __future__ import annotations


class PactgraphError(Exception):
    """Base class: every error pactgraph raises on purpose carries a code."""

    code = "E000"

    def __init__(self, message: str, *, source: str | None = None, line: int | None = None,
                 doc_id: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.source = source
        self.line = line
        self.doc_id = doc_id

    def __reduce__(self) -> tuple[object, ...]:
        # keyword-only context must survive pickling: errors travel back from Dask workers
        return (_rebuild, (type(self), self.message, self.source, self.line, self.doc_id))

    def where(self) -> str:
        parts = [p for p in (self.source, f"line {self.line}" if self.line else None,
                             f"id {self.doc_id}" if self.doc_id else None) if p]
        return ", ".join(parts)

    def __str__(self) -> str:
        where = self.where()
        return f"[{self.code}] {where + ': ' if where else ''}{self.message}"

    def to_dict(self) -> dict[str, object]:
        return {"code": self.code, "error": type(self).__name__, "message": self.message,
                "source": self.source, "line": self.line, "id": self.doc_id}


def _rebuild(cls: type[PactgraphError], message: str, source: str | None, line: int | None,
             doc_id: str | None) -> PactgraphError:
    return cls(message, source=source, line=line, doc_id=doc_id)


class InputError(PactgraphError):
    """A document could not be read from its source."""

    code = "E100"


class MalformedJSON(InputError):
    code = "E101"


class MissingId(InputError):
    code = "E102"


class MissingText(InputError):
    code = "E103"


class DuplicateId(InputError):
    code = "E104"


class NotUTF8(InputError):
    code = "E105"


class UnreadableSource(InputError):
    code = "E106"


class ExtractionError(PactgraphError):
    """A document was read but could not be extracted."""

    code = "E200"


class EmptyText(ExtractionError):
    code = "E201"


class BinaryText(ExtractionError):
    code = "E202"


class TextTooLarge(ExtractionError):
    code = "E203"


class UsageError(PactgraphError):
    code = "E300"
