"""The seeds and dev documents through the real extractor into a real SQLite file: the linked graph."""

from __future__ import annotations

from pathlib import Path

import pytest

import pactgraph
from pactgraph.store.db import close_all


@pytest.fixture(scope="module")
def corpus_db(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    db = str(tmp_path_factory.mktemp("corpus") / "corpus.db")
    inputs = [corpus / "seeds" / "docs.jsonl", corpus / "dev" / "docs.jsonl"]
    n_docs = sum(1 for path in inputs for line in path.read_text("utf-8").splitlines() if line.strip())
    report = pactgraph.ingest_documents([str(path) for path in inputs], db)
    assert report.total == n_docs and report.added + report.failed == n_docs
    yield db
    close_all()


def test_cpid_is_one_organization_with_both_seed_agreements(corpus_db: str) -> None:
    cpid = pactgraph.show_org("CPID", db=corpus_db)
    assert pactgraph.show_org("中国电力", db=corpus_db).id == cpid.id
    agreements = {(e.date, tuple(e.documents)) for e in cpid.events if e.type == "agreement"}
    assert ("2021-07-12", ("000_318a39c9eb6d099b",)) in agreements
    assert ("2022-09-17", ("001_615b71828a99fe9b",)) in agreements
    partners = {p["name"] for p in cpid.partners}
    assert {"Pingdingshan Municipal Government", "Changchun Municipal Government"} <= partners
    assert cpid.parent is not None and cpid.parent["name"] == "State Power Investment Corporation Limited"


def test_he_xi_is_one_person_with_both_titles(corpus_db: str) -> None:
    he = pactgraph.show_person("He Xi", db=corpus_db)
    titles = {(s.title, s.org) for s in he.positions}
    assert ("Chairman", "China Power International Development Limited") in titles
    assert any(
        t.startswith("Chief Engineer") and o == "State Power Investment Corporation Limited"
        for t, o in titles
    )
    assert not he.namesakes
    chairman = next(s for s in he.positions if s.title == "Chairman")
    assert (chairman.first_seen, chairman.last_seen) == ("2021-07-12", "2022-09-17")


def test_knowledge_base_links_chinese_and_english_documents(corpus_db: str) -> None:
    ctg = pactgraph.show_org("三峡集团", db=corpus_db)
    assert ctg.kb_id == "ctg"
    spic = pactgraph.show_org("国家电投", db=corpus_db)
    assert spic.id == pactgraph.show_org("SPIC", db=corpus_db).id
    assert len({d for e in spic.events for d in e.documents}) >= 2
