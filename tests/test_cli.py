"""The ``pactgraph`` command on good and bad input: messages, error files, exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

PACTGRAPH = [sys.executable, "-m", "pactgraph.cli"]


def run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([*PACTGRAPH, *args], input=stdin, capture_output=True, timeout=300)


@pytest.fixture(scope="module")
def bad_inputs(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("bad")
    good = {"id": "good-1", "text": "CATL and Yibin Municipal Government signed a cooperation agreement on "
                                    "battery recycling on March 3, 2022. Zeng Li, Chairman of CATL, witnessed it."}
    lines = [
        json.dumps(good),
        json.dumps({"id": "empty", "text": ""}),
        json.dumps({"id": "binary", "text": "\x00\x01\x02\x03\x04\x05\x06\x07\x08" * 200}),
        json.dumps({"id": "huge", "text": "Energy cooperation. " * 260_000}),
        '{"id": "broken", "text": "unterminated',
        json.dumps({"text": "a document without id"}),
        json.dumps({**good, "text": good["text"] + " Again."}),
        json.dumps({"id": "good-2", "text": good["text"].replace("Yibin", "Suining")}),
    ]
    (d / "mixed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (d / "latin1.txt").write_bytes("Caf\xe9 signing in Z\xfcrich".encode("latin-1"))
    return d


def test_bad_inputs_are_reported_and_the_rest_extracted(bad_inputs, tmp_path):
    out = tmp_path / "out.jsonl"
    proc = run("extract", str(bad_inputs / "mixed.jsonl"), str(bad_inputs / "latin1.txt"), "-o", str(out))
    assert proc.returncode == 1, proc.stderr.decode()
    records = [json.loads(x) for x in out.read_text().splitlines()]
    assert [r["id"] for r in records] == ["good-1", "good-2"]
    errors = [json.loads(x) for x in (tmp_path / "out.errors.jsonl").read_text().splitlines()]
    by_code = {e["code"]: e for e in errors}
    assert by_code["E201"]["id"] == "empty"
    assert by_code["E202"]["id"] == "binary"
    assert by_code["E203"]["id"] == "huge"
    assert by_code["E101"]["line"] == 5
    assert by_code["E102"]["line"] == 6
    assert by_code["E104"]["id"] == "good-1" and by_code["E104"]["line"] == 7
    assert by_code["E105"]["source"].endswith("latin1.txt")
    stderr = proc.stderr.decode()
    for needle in ("mixed.jsonl", "line 5", "id huge", "latin1.txt"):
        assert needle in stderr


def test_all_good_exits_zero_and_keeps_order(tmp_path):
    src = tmp_path / "docs.jsonl"
    docs = [{"id": f"d{i}", "text": f"Document {i}: SPIC and Hefei signed an agreement."} for i in range(5)]
    src.write_text("\n".join(json.dumps(d) for d in docs))
    out = tmp_path / "o.jsonl"
    proc = run("extract", str(src), "-o", str(out))
    assert proc.returncode == 0, proc.stderr.decode()
    assert [json.loads(x)["id"] for x in out.read_text().splitlines()] == [f"d{i}" for i in range(5)]


def test_stdin_and_text_files(tmp_path):
    (tmp_path / "release-7.txt").write_text("CPID Signs Agreement\n\nCPID signed an agreement with Hefei.")
    proc = run("extract", str(tmp_path))
    assert proc.returncode == 0
    assert json.loads(proc.stdout.decode().splitlines()[0])["id"] == "release-7"
    proc = run("extract", "-", stdin=json.dumps({"id": "s1", "text": "SPIC signed an MoU."}).encode())
    assert proc.returncode == 0 and json.loads(proc.stdout)["id"] == "s1"


def test_usage_error_exits_two(tmp_path):
    assert run("extract", str(tmp_path / "missing.jsonl")).returncode == 2
    assert run("extract").returncode == 2


def test_evaluate_command(corpus):
    gold = corpus / "seeds" / "gold.jsonl"
    proc = run("evaluate", str(gold), str(gold), "--json")
    assert proc.returncode == 0
    from pactgraph import evaluate

    assert json.loads(proc.stdout)["scores"] == evaluate(str(gold), str(gold)).scores
    proc = run("evaluate", str(gold), str(gold), "--docs")
    assert proc.returncode == 0 and b"headline" in proc.stdout
