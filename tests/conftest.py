"""Shared fixtures: the corpus folder beside the repository and one extractor per session."""

from __future__ import annotations

from pathlib import Path

import pytest

from fixtures.web_server import web  # noqa: F401 - the 127.0.0.1 HTTP server fixture

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
CORPUS = SHARED / "corpus"
OUTPUT = REPO / "test-output"


@pytest.fixture(scope="session")
def corpus() -> Path:
    if not CORPUS.is_dir():
        pytest.skip(f"corpus not found at {CORPUS}")
    return CORPUS


@pytest.fixture(scope="session")
def extractor():
    from pactgraph.extract.pipeline import Extractor

    return Extractor()


@pytest.fixture(scope="session")
def output_dir() -> Path:
    OUTPUT.mkdir(exist_ok=True)
    return OUTPUT
