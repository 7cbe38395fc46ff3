"""The ``pactgraph`` command: a thin Typer layer over the library API.

Each command validates its arguments and calls one public function of
:mod:`pactgraph`; errors become clean messages and exit codes (0 all done,
1 some documents failed, 2 usage error).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.text import Text

import pactgraph

if TYPE_CHECKING:
    from pactgraph.store.queries import Filters

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  help="Government-enterprise cooperation in China's energy transition, read from news.")
err_console = Console(stderr=True)
out_console = Console()


def _version(value: bool) -> None:
    if value:
        print(f"pactgraph {pactgraph.__version__}")
        raise typer.Exit(0)


@app.callback()
def _main(version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                                help="Print the version and exit")] = False) -> None:
    """Government-enterprise cooperation in China's energy transition, read from news."""


class RateColumn(ProgressColumn):
    """Items per second, as Rich measures them over the last seconds."""

    def __init__(self, unit: str = "docs") -> None:
        super().__init__()
        self.unit = unit

    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text(f"{speed:,.1f} {self.unit}/s" if speed else f"- {self.unit}/s", style="progress.data.speed")


def _progress(disable: bool, unit: str = "docs") -> Progress:
    """A bar with count, rate and time left (Rich); the total may be unknown (URLs, watch)."""
    return Progress(TextColumn("[progress.description]{task.description}"), BarColumn(), MofNCompleteColumn(),
                    RateColumn(unit), TimeElapsedColumn(), TextColumn("eta"), TimeRemainingColumn(),
                    console=err_console, disable=disable, transient=True)


def _advance(progress: Progress, task: object):  # noqa: ANN202 - a callback for the library's progress
    def advance(done: int, total: int | None) -> None:
        progress.update(task, completed=done, total=total)  # type: ignore[arg-type]

    return advance


def _is_url(item: str) -> bool:
    return item.startswith(("http://", "https://"))


def _fetch_policy(timeout: float, max_mb: float, per_host: float, retries: int) -> object:
    from pactgraph.ingest.fetch import FetchPolicy

    return FetchPolicy(read_timeout=timeout, max_bytes=int(max_mb * 1_000_000), per_host_interval=per_host,
                       retries=retries)


DaskOption = Annotated[str | None, typer.Option("--dask", help="Extract on a Dask cluster: tcp://HOST:PORT of a "
                                                "running scheduler, or 'local' for a LocalCluster here")]
TimeoutOption = Annotated[float, typer.Option("--timeout", min=0.1, help="Read timeout per request (seconds)")]
MaxMbOption = Annotated[float, typer.Option("--max-mb", min=0.01, help="Largest response read (MB)")]
PerHostOption = Annotated[float, typer.Option("--per-host", min=0.0, help="Least seconds between two requests "
                                              "to one host")]
RetriesOption = Annotated[int, typer.Option("--retries", min=0, help="Further tries after a 429, 5xx or timeout")]


def _print_report(report: object, as_json: bool) -> None:
    if as_json:
        out_console.print_json(json.dumps(report.to_dict(), ensure_ascii=False))  # type: ignore[attr-defined]
        return
    for error in report.errors[:20]:  # type: ignore[attr-defined]
        where = error.get("url") or error.get("id") or error.get("source")
        status = f" HTTP {error['status']}" if error.get("status") else ""
        err_console.print(f"error: [{error['code']}] {where}{status}: {error['message']}", highlight=False,
                          markup=False)
    r = report
    err_console.print(f"{r.total} documents: {r.added} added, {r.updated} updated, "  # type: ignore[attr-defined]
                      f"{r.unchanged} unchanged, {r.failed} failed, "  # type: ignore[attr-defined]
                      f"{r.skipped} unreadable ({r.documents_per_second:.1f} documents/s) "  # type: ignore[attr-defined]
                      f"into {r.db}", highlight=False)  # type: ignore[attr-defined]


@app.command()
def extract(
    inputs: Annotated[list[str], typer.Argument(help="JSON Lines files, .txt files, folders, or - for stdin")],
    output: Annotated[Path | None, typer.Option("-o", "--output", help="Write records here (JSON Lines)")] = None,
    batch_size: Annotated[int, typer.Option(help="Documents per NLP batch")] = 32,
    workers: Annotated[int, typer.Option(min=1, help="Worker processes (Dask distributed) for large batches")] = 1,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar")] = False,
) -> None:
    """Extract one cooperation record per document, in input order."""
    from pactgraph.cli_support import ErrorLog

    for item in inputs:
        if item != "-" and not Path(item).exists():
            err_console.print(f"[red]error:[/red] no such file or folder: {item}")
            raise typer.Exit(2)
    out = output.open("w", encoding="utf-8") if output else sys.stdout
    errors_path = output.with_name(output.name.removesuffix(".jsonl") + ".errors.jsonl") if output else None
    log = ErrorLog(errors_path, err_console)
    ok = failed = 0
    docs = list(pactgraph.read_documents(inputs))
    with _progress(quiet or len(docs) < 20) as progress:
        task = progress.add_task("extracting", total=len(docs))
        for result in pactgraph.extract_many(docs, batch_size=batch_size, workers=workers):
            if result.record is not None:
                out.write(result.record.to_json() + "\n")
                ok += 1
            else:
                log.write(result.error)
                failed += 1
            progress.advance(task)
    if output:
        out.close()
    log.close()
    if output:
        err_console.print(f"{ok} records written to {output}" + (f", {failed} failed (see {errors_path})"
                                                                   if failed else ""))
    raise typer.Exit(1 if failed else 0)


@app.command()
def evaluate(
    gold: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="Gold records (JSON Lines)")],
    pred: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="Predicted records (JSON Lines)")],
    docs: Annotated[bool, typer.Option("--docs", help="Show what each document missed or added")] = False,
    split: Annotated[bool, typer.Option("--split", help="Score the two fixed halves (A, B by document id) too")
                     ] = False,
    calibration: Annotated[bool, typer.Option("--calibration", help="Print precision by confidence band")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the figures as JSON")] = False,
) -> None:
    """Score predicted records against gold records (RECORD.md's scoring)."""
    from pactgraph.errors import PactgraphError

    try:
        result = pactgraph.evaluate(str(gold), str(pred))
    except PactgraphError as exc:
        err_console.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from exc
    if as_json:
        out_console.print_json(json.dumps(result.to_dict()))
        return
    from pactgraph.cli_support import render_evaluation

    render_evaluation(result, out_console, docs=docs, split=split, calibration=calibration)


TypeOption = Annotated[str | None, typer.Option("--type", help="Event type (agreement, visit, meeting ...)")]
SinceOption = Annotated[str | None, typer.Option(help="From this date (YYYY, YYYY-MM or YYYY-MM-DD)")]
UntilOption = Annotated[str | None, typer.Option(help="Up to this date")]
ProvinceOption = Annotated[str | None, typer.Option(help="Province: code, English or Chinese name")]
SectorOption = Annotated[str | None, typer.Option("--sector", "--field", help="Sector code (taxonomy fields)")]
PolicyOption = Annotated[str | None, typer.Option(help="Policy code (taxonomy policies)")]
OrgOption = Annotated[str | None, typer.Option(help="Organization (id, name, alias); subsidiaries included")]
PersonOption = Annotated[str | None, typer.Option(help="Person (id or name)")]
KindOption = Annotated[str | None, typer.Option(help="Organization kind; places: level")]
LanguageOption = Annotated[str | None, typer.Option(help="Document language (en, zh)")]
BandOption = Annotated[str | None, typer.Option("--confidence", help="Confidence band: high, medium, low, unknown")]
MinConfOption = Annotated[float | None, typer.Option("--min-confidence", min=0, max=1,
                                                     help="Only facts at least this sure")]
YearOption = Annotated[str | None, typer.Option(help="One year (YYYY)")]


def _filters(**values: object) -> Filters:
    from pactgraph.store.queries import Filters

    return Filters(**{k: v for k, v in values.items() if v not in (None, "")})


DbOption = Annotated[str | None, typer.Option("--db", help="Database path or URL (default: $PACTGRAPH_DB or "
                                                    "./pactgraph.db)")]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of tables")]


def _store_error(exc: Exception) -> typer.Exit:
    err_console.print(f"[red]error:[/red] {exc}", highlight=False)
    return typer.Exit(2)


@app.command()
def ingest(
    inputs: Annotated[list[str], typer.Argument(help="JSON Lines files, .txt files, folders, or -")],
    db: DbOption = None,
    kb: Annotated[list[Path] | None, typer.Option("--kb", help="Extra knowledge-base YAML file(s)")] = None,
    batch_size: Annotated[int, typer.Option(help="Documents per NLP batch")] = 32,
    commit_every: Annotated[int, typer.Option(help="Documents per database transaction")] = 256,
    force: Annotated[bool, typer.Option("--force", help="Re-extract unchanged documents too")] = False,
    workers: Annotated[int, typer.Option(min=1, help="Worker processes (Dask distributed) for extraction")] = 1,
    dask: DaskOption = None,
    timeout: TimeoutOption = 30.0,
    max_mb: MaxMbOption = 10.0,
    per_host: PerHostOption = 1.0,
    retries: RetriesOption = 3,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar")] = False,
    as_json: JsonOption = False,
) -> None:
    """Extract documents (files, folders, -, or URLs of pages, RSS/Atom feeds and sitemaps) and store them."""
    from pactgraph.errors import PactgraphError

    for item in inputs:
        if item != "-" and not _is_url(item) and not Path(item).exists():
            err_console.print(f"[red]error:[/red] no such file or folder: {item}")
            raise typer.Exit(2)
    if dask and not (dask == "local" or dask.startswith(("tcp://", "tls://", "inproc://", "ucx://"))):
        err_console.print(f"[red]error:[/red] --dask takes tcp://HOST:PORT or 'local', not {dask!r}")
        raise typer.Exit(2)
    with _progress(quiet) as progress:
        task = progress.add_task("ingesting", total=None)
        try:
            report = pactgraph.ingest_documents(inputs, db, kb=[str(k) for k in kb or []], batch_size=batch_size,
                                                commit_every=commit_every, force=force,
                                                progress=_advance(progress, task), workers=workers, dask=dask,
                                                policy=_fetch_policy(timeout, max_mb, per_host, retries))
        except PactgraphError as exc:
            raise _store_error(exc) from exc
        except KeyboardInterrupt:
            err_console.print("interrupted: what was stored stays stored; run again to go on")
            raise typer.Exit(130) from None
    _print_report(report, as_json)
    raise typer.Exit(0 if report.ok else 1)


@app.command()
def watch(
    sources: Annotated[list[str] | None, typer.Argument(help="Page, RSS/Atom feed or sitemap URLs to watch "
                                                        "(none: every watched source)")] = None,
    every: Annotated[str, typer.Option("--every", help="Time between rounds: 90s, 30m, 1h, 2d")] = "1h",
    rounds: Annotated[int | None, typer.Option("--rounds", min=1, help="Stop after this many rounds "
                                               "(default: until interrupted)")] = None,
    db: DbOption = None,
    kb: Annotated[list[Path] | None, typer.Option("--kb", help="Extra knowledge-base YAML file(s)")] = None,
    workers: Annotated[int, typer.Option(min=1, help="Worker processes (Dask distributed) for extraction")] = 1,
    dask: DaskOption = None,
    commit_every: Annotated[int, typer.Option(min=1, help="Documents per database transaction")] = 64,
    timeout: TimeoutOption = 30.0,
    max_mb: MaxMbOption = 10.0,
    per_host: PerHostOption = 1.0,
    retries: RetriesOption = 3,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar")] = False,
    as_json: JsonOption = False,
) -> None:
    """Keep the database up to date with web sources: new and changed items only, round after round."""
    from pactgraph.errors import PactgraphError
    from pactgraph.ingest.orchestrator import parse_interval

    for item in sources or []:
        if not _is_url(item):
            err_console.print(f"[red]error:[/red] not an http(s) URL: {item}")
            raise typer.Exit(2)
    try:
        parse_interval(every)
    except PactgraphError as exc:
        raise _store_error(exc) from exc

    def on_round(n: int, report: object) -> None:
        r = report
        err_console.print(f"round {n}: {r.added} added, {r.updated} updated, "  # type: ignore[attr-defined]
                          f"{r.unchanged} unchanged, {r.failed + r.skipped} failed", highlight=False)  # type: ignore[attr-defined]

    with _progress(quiet) as progress:
        task = progress.add_task("watching", total=None)
        try:
            report = pactgraph.watch(sources, db, every=every, rounds=rounds, kb=[str(k) for k in kb or []],
                                     workers=workers, dask=dask,
                                     policy=_fetch_policy(timeout, max_mb, per_host, retries),  # type: ignore[arg-type]
                                     progress=_advance(progress, task), on_round=on_round,
                                     commit_every=commit_every)
        except PactgraphError as exc:
            raise _store_error(exc) from exc
        except KeyboardInterrupt:
            err_console.print("stopped: what was stored stays stored; watch again to go on")
            raise typer.Exit(130) from None
    _print_report(report, as_json)
    raise typer.Exit(0 if report.ok else 1)


@app.command()
def sources(db: DbOption = None, as_json: JsonOption = False) -> None:
    """List fetched and watched sources: kind, interval, last fetch, items taken and the last error."""
    from pactgraph.errors import PactgraphError

    try:
        listed = pactgraph.list_sources(db)
    except PactgraphError as exc:
        raise _store_error(exc) from exc
    if as_json:
        out_console.print_json(json.dumps([s.to_dict() for s in listed], ensure_ascii=False))
        return
    from pactgraph.cli_support import render_sources

    render_sources(listed, out_console)


@app.command()
def search(
    text: Annotated[str, typer.Argument(help="Words to find (English or Chinese); '' lists by filters")],
    type: Annotated[str | None, typer.Option("--type", help="document, org, person or place")] = None,
    since: SinceOption = None,
    until: UntilOption = None,
    province: ProvinceOption = None,
    field: SectorOption = None,
    org: OrgOption = None,
    policy: PolicyOption = None,
    language: LanguageOption = None,
    event_type: Annotated[str | None, typer.Option("--event-type", help="Documents with an event of this type")]
    = None,
    min_confidence: MinConfOption = None,
    limit: Annotated[int, typer.Option(help="Most hits")] = 50,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Search entities under any of their names and scripts, then documents ranked with snippets."""
    from pactgraph.errors import PactgraphError

    try:
        hits = pactgraph.search(text, type=type, since=since, until=until, province=province, field=field,
                                org=org, db=db, limit=limit,
                                filters=_filters(policy=policy, language=language, type=event_type,
                                                 min_confidence=min_confidence))
    except PactgraphError as exc:
        raise _store_error(exc) from exc
    if as_json:
        out_console.print_json(json.dumps([h.to_dict() for h in hits], ensure_ascii=False))
        return
    from pactgraph.store.render import render_hits

    render_hits(hits, out_console)


show_app = typer.Typer(no_args_is_help=True, help="Profiles of organizations, people and places.")
app.add_typer(show_app, name="show")


def _show(kind: str, name: str, db: str | None, as_json: bool) -> None:
    from pactgraph.errors import PactgraphError
    from pactgraph.store.queries import Ambiguous

    func = {"org": pactgraph.show_org, "person": pactgraph.show_person, "place": pactgraph.show_place}[kind]
    try:
        profile = func(name, db, strict=True)
    except Ambiguous as exc:
        if as_json:
            out_console.print_json(json.dumps({"error": exc.message, "candidates": exc.candidates},
                                              ensure_ascii=False))
        else:
            from pactgraph.store.render import render_candidates

            err_console.print(f"{exc.message}; candidates:", highlight=False)
            render_candidates(exc.candidates, out_console)
        raise typer.Exit(2) from exc
    except PactgraphError as exc:
        raise _store_error(exc) from exc
    if as_json:
        out_console.print_json(json.dumps(profile.to_dict(), ensure_ascii=False))
        return
    from pactgraph.store.render import render_profile

    render_profile(profile, out_console)


@show_app.command("org")
def show_org(name: Annotated[str, typer.Argument(help="A name, alias or acronym")], db: DbOption = None,
             as_json: JsonOption = False) -> None:
    """An organization: events in time order, partners with counts, people with titles over time."""
    _show("org", name, db, as_json)


@show_app.command("person")
def show_person(name: Annotated[str, typer.Argument(help="A person's name")], db: DbOption = None,
                as_json: JsonOption = False) -> None:
    """A person: titles over time, events, organizations."""
    _show("person", name, db, as_json)


@show_app.command("place")
def show_place(name: Annotated[str, typer.Argument(help="A place name")], db: DbOption = None,
               as_json: JsonOption = False) -> None:
    """A place: events there or with its governments, partners, officials."""
    _show("place", name, db, as_json)


@app.command()
def export(
    format: Annotated[str, typer.Option("--format", "-f", help="jsonl|csv|parquet|graphml|gexf; with --table: "
                                        "csv|json|jsonl")] = "jsonl",
    output: Annotated[Path | None, typer.Option("-o", "--output", help="File (csv/parquet of the whole "
                                                "database: folder); default standard output")] = None,
    table: Annotated[str | None, typer.Option("--table", help="One table's filtered rows: events, "
                                              "organizations, people, places, documents")] = None,
    sort: Annotated[str | None, typer.Option(help="Sort column of --table, - for descending")] = None,
    q: Annotated[str | None, typer.Option("--text", help="Full text (entities: name contains)")] = None,
    type: TypeOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    year: YearOption = None,
    province: ProvinceOption = None,
    sector: SectorOption = None,
    policy: PolicyOption = None,
    org: OrgOption = None,
    person: PersonOption = None,
    kind: KindOption = None,
    language: LanguageOption = None,
    confidence: BandOption = None,
    min_confidence: MinConfOption = None,
    db: DbOption = None,
    changes: Annotated[bool, typer.Option("--changes/--without-changes",
                                          help="Include the reviewers' changes, or export the extraction alone")
                       ] = True,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar")] = False,
) -> None:
    """Export records (JSON Lines), tables (CSV/Parquet), the organization-event-person graph, or one table's
    filtered rows (the same filters as the web pages and the API)."""
    from pactgraph.errors import PactgraphError

    filters = _filters(q=q, type=type, since=since, until=until, year=year, province=province, sector=sector,
                       policy=policy, org=org, person=person, kind=kind, language=language, confidence=confidence,
                       min_confidence=min_confidence)
    if table is None and output is None and format.lower() == "csv" and filters.active():
        table = "events"
    with _progress(quiet or table is not None, unit="rows") as progress:
        task = progress.add_task(f"exporting {format}", total=None)
        try:
            report = pactgraph.export(format, str(output) if output else None, db, changes=changes, table=table,
                                      filters=filters, sort=sort, out=None if output else sys.stdout,
                                      progress=_advance(progress, task))
        except PactgraphError as exc:
            raise _store_error(exc) from exc
    sys.stdout.flush()
    counts = ", ".join(f"{v} {k}" for k, v in report.rows.items())
    err_console.print(f"{report.format}: {counts} -> {report.path if output else 'standard output'}",
                      highlight=False)


@app.command()
def connects(
    a: Annotated[str, typer.Argument(help="A name, or org:ID / person:ID / place:ID")],
    b: Annotated[str, typer.Argument(help="Another")],
    paths: Annotated[int, typer.Option(min=1, max=20, help="Most shortest paths")] = 5,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """What connects A and B: shared events, shared people, shortest paths with the evidence of each step."""
    from pactgraph.errors import PactgraphError

    try:
        result = pactgraph.connects(a, b, db, max_paths=paths)
    except PactgraphError as exc:
        raise _store_error(exc) from exc
    if as_json:
        out_console.print_json(json.dumps(result, ensure_ascii=False, default=str))
        return
    from pactgraph.store.render import render_connects

    render_connects(result, out_console)


@app.command()
def history(
    document: Annotated[str | None, typer.Option(help="The changes of this document")] = None,
    entity: Annotated[int | None, typer.Option(min=1, help="The changes of this entity (id)")] = None,
    state: Annotated[str | None, typer.Option(help="active, reverted or orphaned (target gone: to review)")] = None,
    limit: Annotated[int, typer.Option(min=1, help="Most changes")] = 200,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """The reviewers' changes as a timeline: who changed what, when, why, and whether it still holds."""
    from pactgraph.errors import PactgraphError

    if state not in (None, "active", "reverted", "orphaned"):
        err_console.print("[red]error:[/red] --state is active, reverted or orphaned")
        raise typer.Exit(2)
    try:
        changes = pactgraph.history(document=document, entity=entity, state=state, db=db, limit=limit)
    except PactgraphError as exc:
        raise _store_error(exc) from exc
    if as_json:
        out_console.print_json(json.dumps([c.to_dict() for c in changes], ensure_ascii=False))
        return
    from pactgraph.cli_support import render_history

    render_history(changes, out_console)


@app.command()
def revert(
    change: Annotated[int, typer.Argument(min=1, help="Id of the change to undo")],
    author: Annotated[str, typer.Option(help="Your name, kept with the revert")],
    reason: Annotated[str | None, typer.Option(help="Why")] = None,
    db: DbOption = None,
) -> None:
    """Undo a change (correction, position edit, merge, split or revert) with a new change."""
    from pactgraph.errors import PactgraphError

    try:
        done = pactgraph.revert(change, author=author, reason=reason, db=db)
    except PactgraphError as exc:
        raise _store_error(exc) from exc
    err_console.print(f"#{done.id}: {done.summary}", highlight=False, markup=False)


@app.command()
def backup(
    path: Annotated[Path, typer.Argument(help="The new file to write the copy to")],
    db: DbOption = None,
) -> None:
    """Copy the database while it is in use (SQLite online backup; for PostgreSQL, says how to pg_dump)."""
    from pactgraph.errors import PactgraphError

    try:
        report = pactgraph.backup(str(path), db)
    except PactgraphError as exc:
        raise _store_error(exc) from exc
    err_console.print(f"{report.source} -> {report.path}: {report.bytes:,} bytes, integrity {report.integrity}",
                      highlight=False)


def _setting_help(name: str) -> str:
    from pactgraph.api.settings import SETTING_HELP

    return SETTING_HELP[name]


@app.command()
def serve(
    db: DbOption = None,
    host: Annotated[str, typer.Option(help=_setting_help("host"))] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help=_setting_help("port"))] = 8000,
    token: Annotated[str | None, typer.Option(help=_setting_help("token") + " [env: PACTGRAPH_TOKEN]",
                                              show_default=False)] = None,
    workers: Annotated[int | None, typer.Option(min=1, max=64, help=_setting_help("workers"))] = None,
) -> None:
    """Serve the web UI and the REST API (/api, docs at /docs)."""
    from pactgraph.errors import PactgraphError

    try:
        pactgraph.serve(db, host=host, port=port, token=token, workers=workers)
    except PactgraphError as exc:
        raise _store_error(exc) from exc


@app.command()
def demo(
    db: DbOption = None,
    samples: Annotated[Path, typer.Option(help="Sample corpus (JSON Lines or folder)")] = Path("samples"),
    host: Annotated[str, typer.Option(help=_setting_help("host"))] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help=_setting_help("port"))] = 8000,
    token: Annotated[str | None, typer.Option(help=_setting_help("token") + " [env: PACTGRAPH_TOKEN]",
                                              show_default=False)] = None,
) -> None:
    """Ingest the bundled sample corpus, then serve the web UI on it."""
    from pactgraph.errors import PactgraphError

    if not samples.exists():
        err_console.print(f"[red]error:[/red] no sample corpus at {samples} (run from the repository, or give "
                          "--samples)")
        raise typer.Exit(2)
    try:
        report = pactgraph.ingest_documents([str(samples)], db)
        err_console.print(f"{report.total} sample documents: {report.added} added, {report.updated} updated, "
                          f"{report.unchanged} unchanged, {report.failed} failed", highlight=False)
        pactgraph.serve(db, host=host, port=port, token=token, workers=1)
    except PactgraphError as exc:
        raise _store_error(exc) from exc


def main() -> None:
    """Console script entry point; SIGTERM ends the command like Ctrl-C (transactions rolled back, the
    database checkpointed and closed)."""
    import signal

    def _terminate(signum: int, _frame: object) -> None:
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, _terminate)
    app()


if __name__ == "__main__":
    main()
