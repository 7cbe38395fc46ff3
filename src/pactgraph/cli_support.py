"""Rendering helpers of the CLI (kept out of cli.py so commands stay one call each)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console
from rich.table import Table

from pactgraph.errors import PactgraphError

if TYPE_CHECKING:
    from pactgraph.calibration import Band, CalibrationReport
    from pactgraph.scoring import Evaluation
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


def render_evaluation(result: Evaluation, console: Console, *, docs: bool = False, split: bool = False,
                      calibration: bool = False) -> None:
    """The scorer's table; optionally the per-document misses, the two halves, the calibration bands."""
    if docs:
        for doc in result.documents:
            console.print(f"== {doc.doc_id}" + ("  (no record)" if doc.missing else ""), markup=False)
            for line in doc.lines():
                console.print("   " + line, markup=False, highlight=False)
    groups = [(f"{result.n_documents} documents", result.scores)]
    if split:
        groups += [(f"half {half} of the documents (by id)", scores) for half, scores in sorted(result.halves.items())]
    for title, scores in groups:
        keys = ["all", *[k for k in scores if k != "all"]]
        table = Table(title=title)
        table.add_column("component")
        for key in keys:
            table.add_column(key, justify="right")
        for comp in [*result.components, *result.extras, "headline"]:
            table.add_row(comp, *[f"{scores[k][comp]:.3f}" for k in keys])
        console.print(table)
    if calibration and result.calibration is not None:
        render_calibration(result.calibration, console)
    if result.missing:
        console.print(f"missing records: {len(result.missing)} of {result.n_documents}: {result.missing[:10]}")


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


def render_calibration(report: CalibrationReport, console: Console) -> None:
    """Precision of predicted facts by confidence band: one row per kind of fact, one column per band."""
    from rich import box

    from pactgraph.calibration import TRUSTED

    kinds = list(report.bands)
    if not console.is_terminal:  # a pipe or a file has no width of its own: do not cut the cells
        console.width = max(console.width, 110)
    table = Table(title="precision of predicted facts by confidence band (precision/facts)", box=box.SIMPLE)
    table.add_column("fact")
    for band in report.bands[kinds[0]]:
        table.add_column(f"{band.low:.1f}-{min(band.high, 1.0):.1f}", justify="right")
    table.add_column(f">={TRUSTED}", justify="right", style="bold")

    def cell(band: Band) -> str:
        return f"{band.precision:.2f}/{band.n}" if band.n else "-"

    for kind in kinds:
        table.add_row(kind, *[cell(b) for b in report.bands[kind]], cell(report.trusted[kind]))
    console.print(table)
