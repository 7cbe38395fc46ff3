"""pactgraph.evaluate gives the contract scorer's figures."""

from __future__ import annotations

import json
import subprocess
import sys

from pactgraph.scoring import evaluate_records, norm


def test_norm_matches_contract_rules():
    assert norm("Mr. He Xi") == "hexi"
    assert norm("Pingdingshan City") == "pingdingshan"
    assert norm("平顶山市") == "平顶山"
    assert norm("集團") == "集团"
    assert norm("The Sinopec Group") == "sinopecgroup"


def test_alternatives_and_alias_aware_parties():
    gold = [{"id": "a", "language": "en", "events": [{"type": ["visit", "meeting"], "date": "2021-07-12",
             "place": {"name": ["Xichang", "Liangshan"]}, "parties": ["CPID"], "participants": [],
             "fields": []}], "people": [], "organizations": [{"name": "China Power International Development",
                                                             "aliases": ["CPID"]}], "policies": []}]
    pred = [{"id": "a", "events": [{"type": "meeting", "date": "2021-07-12", "place": {"name": "Liangshan"},
             "parties": ["China Power International Development"], "participants": [], "fields": []}],
             "people": [], "organizations": [{"name": "China Power International Development",
                                              "aliases": ["CPID"]}], "policies": []}]
    scores = evaluate_records(gold, pred).scores["all"]
    assert scores["event_type"] == 1.0 and scores["place"] == 1.0 and scores["parties"] == 1.0
    assert scores["headline"] == 1.0


def test_same_figures_as_shared_scorer(corpus, tmp_path):
    gold = corpus / "seeds" / "gold.jsonl"
    records = [json.loads(line) for line in gold.read_text().splitlines() if line.strip()]
    for rec in records:  # a degraded prediction: first alternative everywhere, some people dropped
        rec["people"] = rec["people"][1:]
        for ev in rec["events"]:
            ev["date"] = ev["date"][0] if isinstance(ev["date"], list) else ev["date"]
    pred = tmp_path / "pred.jsonl"
    pred.write_text("\n".join(json.dumps(r) for r in records))
    ours = evaluate_records([json.loads(x) for x in gold.read_text().splitlines() if x.strip()],
                            records).scores
    out = subprocess.run([sys.executable, str(corpus.parent / "tools" / "score.py"), str(gold), str(pred),
                          "--json"], capture_output=True, text=True, check=True)
    theirs = json.loads(out.stdout)["scores"]
    assert ours == theirs
