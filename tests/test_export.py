"""Export: JSON Lines records, CSV/Parquet tables, GraphML/GEXF graph with CAMEO/PLOVER codes."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import networkx as nx
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

import pactgraph
from fixtures.store_records import RecordsExtractor
from fixtures.store_scenario import documents, records
from pactgraph.cli import app
from pactgraph.ingest.orchestrator import ingest
from pactgraph.store.codes import event_code, role_code
from pactgraph.store.db import StoreError, close_all


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = str(tmp_path_factory.mktemp("export") / "export.db")
    ingest(documents(), path, extractor=RecordsExtractor(records(), fail=("d7",)))
    yield path
    close_all()


def test_codes_table() -> None:
    assert event_code("agreement") == ("057", "Sign formal agreement", "AGREE", None)
    assert event_code("visit").cameo == "042" and role_code("visit", "host").cameo == "043"
    assert event_code("meeting").cameo.startswith("04") and event_code("meeting").plover == "CONSULT"
    assert event_code("unknown").plover == "COOPERATE"


def test_jsonl_records_carry_codes(db: str, tmp_path: Path) -> None:
    report = pactgraph.export("jsonl", str(tmp_path / "r.jsonl"), db=db)
    lines = [json.loads(x) for x in (tmp_path / "r.jsonl").read_text("utf-8").splitlines()]
    assert report.rows["records"] == len(lines) == 6
    d1 = next(r for r in lines if r["id"] == "d1")
    assert d1["events"][0]["cameo"] == "057" and d1["events"][0]["plover"] == "AGREE"
    assert d1["url"] == "http://a.example/2021/cpid.html" and len(d1["events"][0]["party_ids"]) == 2


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_tables(db: str, tmp_path: Path, fmt: str) -> None:
    report = pactgraph.export(fmt, str(tmp_path / fmt), db=db)
    names = {Path(f).stem for f in report.files}
    assert {
        "organizations",
        "people",
        "places",
        "events",
        "event_parties",
        "event_participants",
        "positions",
        "entity_names",
        "documents",
        "stories",
    } <= names
    if fmt == "csv":
        with (tmp_path / fmt / "events.csv").open(encoding="utf-8") as fh:
            rows = list(csv.DictReader(fh))
    else:
        rows = pq.read_table(tmp_path / fmt / "events.parquet").to_pylist()
    assert len(rows) == report.rows["events"] == 6
    assert {r["cameo"] for r in rows} == {"057", "042", "040"}
    people = pq.read_table(tmp_path / fmt / "people.parquet").to_pylist() if fmt == "parquet" else None
    if people is not None:
        assert any(p["name"] == "He Xi" for p in people)


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_graph(db: str, tmp_path: Path, fmt: str) -> None:
    path = tmp_path / f"g.{fmt}"
    pactgraph.export(fmt, str(path), db=db)
    graph = nx.read_graphml(path) if fmt == "graphml" else nx.read_gexf(path)
    events = {n: a for n, a in graph.nodes(data=True) if a.get("type") == "event"}
    # six event rows, the syndicated copy is one node with two sources
    assert len(events) == 5
    assert sorted(int(a["sources"]) for a in events.values()) == [1, 1, 1, 1, 2]
    assert {a["cameo"] for a in events.values()} == {"057", "042", "040"}
    labels = {a.get("label") for _, a in graph.nodes(data=True)}
    assert {"He Xi", "China Power International Development Limited"} <= labels
    relations = {a.get("relation") for _, _, a in graph.edges(data=True)}
    assert {"party", "participant", "position", "subsidiary_of"} <= relations


def test_unknown_format(db: str) -> None:
    with pytest.raises(StoreError):
        pactgraph.export("xlsx", db=db)


def test_cli_commands(db: str, tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["show", "org", "CPID", "--db", db, "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["kb_id"] == "cpid"
    result = runner.invoke(app, ["search", "Pingdingshan", "--db", db, "--type", "document", "--json"])
    assert result.exit_code == 0 and [h["id"] for h in json.loads(result.stdout)] == ["d1"]
    result = runner.invoke(app, ["show", "person", "He Xi", "--db", db])
    assert result.exit_code == 0 and "Chief Engineer" in result.stdout
    result = runner.invoke(app, ["show", "place", "Pingdingshan", "--db", db])
    assert result.exit_code == 0
    result = runner.invoke(app, ["show", "org", "Nobody Inc", "--db", db])
    assert result.exit_code == 2
    result = runner.invoke(app, ["export", "--format", "gexf", "-o", str(tmp_path / "x.gexf"), "--db", db])
    assert result.exit_code == 0 and (tmp_path / "x.gexf").exists()
    result = runner.invoke(app, ["search", "x", "--db", str(tmp_path / "missing.db")])
    assert result.exit_code == 2


def test_default_database_from_environment(db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PACTGRAPH_DB", db)
    assert [h.id for h in pactgraph.search("Pingdingshan", type="document")] == ["d1"]
    result = CliRunner().invoke(app, ["show", "org", "SPIC", "--json"])
    assert result.exit_code == 0 and json.loads(result.stdout)["kb_id"] == "spic"
