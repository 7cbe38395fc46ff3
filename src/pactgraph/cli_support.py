"""Rendering helpers of the CLI (kept out of cli.py so commands stay one call each)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console
from rich.table import Table
from rich.text import Text

from pactgraph.errors import PactgraphError

if TYPE_CHECKING:
    from pactgraph.scoring import Evaluation
    from pactgraph.store.corrections import Change
    from pactgraph.store.sources import SourceInfo


class ErrorLog:
    """Writes each failed document's error to stderr and to ``OUT.errors.jsonl``."""

    def __init__(self, path: Path | None, console: Console) -> None:
        self.path = path
        self.console = console
        self._fh = None

    def write(self, error: PactgraphError | None) -> None:
        if error is None:
            return
        self.console.print(f"error: {error}", highlight=False, markup=False, soft_wrap=True)
        if self.path is not None:
            if self._fh is None:
                self._fh = self.path.open("w", encoding="utf-8")
            self._fh.write(json.dumps(error.to_dict(), ensure_ascii=False) + "\n")

    def close(self) -> None:
        if self._fh is not None:
            self._fh.close()


def render_evaluation(result: Evaluation, console: Console, *, docs: bool = False) -> None:
    """The scorer's table, then optionally the per-document misses."""
    if docs:
        for doc in result.documents:
            console.print(f"== {doc.doc_id}" + ("  (no record)" if doc.missing else ""), markup=False)
            for line in doc.lines():
                console.print("   " + line, markup=False, highlight=False)
    langs = [k for k in result.scores if k != "all"]
    table = Table(title=f"{result.n_documents} documents")
    table.add_column("component")
    for key in ["all", *langs]:
        table.add_column(key, justify="right")
    for comp in [*result.components, *result.extras, "headline"]:
        table.add_row(comp, *[f"{result.scores[k][comp]:.3f}" for k in ["all", *langs]])
    console.print(table)
    if result.missing:
        console.print(f"missing records: {len(result.missing)} of {result.n_documents}: {result.missing[:10]}")


def render_history(changes: list[Change], console: Console) -> None:
    """One row per change: id, time, author, what, why, state."""
    table = Table(title=f"{len(changes)} change{'s' if len(changes) != 1 else ''}")
    for column in ("#", "when", "who", "change", "reason", "state"):
        table.add_column(column, overflow="fold")
    for c in changes:
        state = c.state + (f" by #{c.reverted_by}" if c.reverted_by else "")
        table.add_row(*(Text(v) for v in (str(c.id), c.created_at, c.author, c.summary, c.reason or "", state)))


def _every(seconds: int | None) -> str:
    if not seconds:
        return ""
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds % size == 0:
            return f"{seconds // size}{unit}"
    return f"{seconds}s"


def render_sources(sources: list[SourceInfo], console: Console) -> None:
    """The sources table of ``pactgraph sources``."""
    table = Table(title=f"{len(sources)} sources")
    for column in ("url", "kind", "watched", "every", "last fetched", "status", "items", "documents",
                   "last error"):
        table.add_column(column, overflow="fold")
    for s in sources:
        error = f"{s.last_error} ({s.last_error_at})" if s.last_error else ""
        if s.n_item_errors:
            error = (error + "; " if error else "") + f"{s.n_item_errors} item(s) in error"
        table.add_row(s.url, s.kind or "?", "yes" if s.watched else "no", _every(s.every_seconds),
                      s.last_fetched_at or "never", str(s.last_status or ""), str(s.n_items), str(s.n_documents),
                      error)
    console.print(table)
