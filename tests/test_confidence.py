"""Calibrated confidence: the model, the shared assembly, fact labels and the report by band."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pactgraph.calibration import TRUSTED, calibration_report, half_of, label_facts
from pactgraph.cli import app
from pactgraph.extract.shared import drafts
from pactgraph.extract.shared.assemble import Assembler, facts
from pactgraph.extract.shared.confidence import KINDS, Calibration, Model, calibration
from pactgraph.record import LANGUAGES


def test_model_is_logistic_then_a_monotone_curve() -> None:
    model = Model(weights={"kb": 2.0}, bias=-1.0, curve=((0.2, 0.1), (0.6, 0.5), (0.8, 0.9)))
    assert model.raw({}) == pytest.approx(0.2689, abs=1e-3)
    assert model.raw({"kb": 1.0}) == pytest.approx(0.7311, abs=1e-3)
    assert model.calibrate(0.1) == 0.1 and model.calibrate(0.95) == 0.9  # flat beyond the ends
    assert model.calibrate(0.4) == pytest.approx(0.3)  # linear between points
    assert model({"kb": 1.0}) == pytest.approx(0.5 + 0.4 * (0.7311 - 0.6) / 0.2, abs=1e-3)


def test_kind_without_model_uses_the_package_prior() -> None:
    cal = Calibration.from_json({"models": {"org": {"weights": {"x": 1.0}, "bias": 0.0}}})
    assert cal.confidence("person", {"prior": 0.734}) == 0.73
    assert cal.confidence("person", {}) == 0.5
    assert cal.confidence("org", {"x": 0.0}) == 0.5


@pytest.mark.parametrize("lang", LANGUAGES)
def test_shipped_calibrations_cover_every_kind_and_are_monotone(lang: str) -> None:
    cal = calibration(lang)
    assert set(cal.models) <= set(KINDS) and {"org", "person", "event", "party"} <= set(cal.models)
    for model in cal.models.values():
        ys = [model.calibrate(x / 100) for x in range(101)]
        assert all(0.0 <= y <= 1.0 for y in ys)
        assert ys == sorted(ys)


def _draft() -> drafts.Document:
    cnpc = drafts.Org("PetroChina", kind="company", spans=[(0, 10), (60, 70)], features={"prior": 0.9})
    city = drafts.Org("Daqing Municipal Government", kind="government", spans=[(15, 42)])
    person = drafts.Person("Li Ming", positions=[drafts.Position("Chairman", "PetroChina", spans=[(80, 88)])],
                           spans=[(89, 96)])
    place = drafts.Place("Daqing", admin1="Heilongjiang", country="CN", code="230600", level="city", spans=[(3, 9)])
    signing = drafts.Event("agreement", agreement_kind="strategic cooperation agreement", date="2021-03-02",
                           place=place,
                           parties=[drafts.Party("PetroChina"), drafts.Party("Daqing Municipal Government")],
                           participants=[drafts.Participant("Li Ming", "signatory", spans=[(89, 96)])],
                           fields=["hydrogen", "hydrogen"], field_spans={"hydrogen": [(100, 108), (100, 108)]},
                           spans=[(0, 120)])
    talks = drafts.Event("meeting", agreement_kind="framework agreement", parties=[drafts.Party("PetroChina")])
    return drafts.Document("d1", "en", title="PetroChina and Daqing sign", events=[signing, talks],
                           people=[person], orgs=[cnpc, city], policies=["dual_carbon"],
                           policy_spans={"dual_carbon": [(130, 141)]})


def test_assembly_shapes_the_record_and_gives_every_fact_a_confidence() -> None:
    rec = Assembler("en", Calibration()).record(_draft())
    first, second = rec.events
    assert first.parties == ["PetroChina", "Daqing Municipal Government"]
    assert len(first.party_confidence) == 2
    assert first.fields == ["hydrogen"] and first.field_evidence == {"hydrogen": [(100, 108)]}
    assert first.place is not None and first.place.code == "230600" and first.place.evidence == [(3, 9)]
    assert second.agreement_kind is None  # a kind only on agreements
    assert rec.policy_evidence == {"dual_carbon": [(130, 141)]}
    assert rec.organizations[0].confidence == 0.9  # the package's prior where no model is fitted
    assert all(0.0 <= c <= 1.0 for c in [first.confidence, first.place.confidence,
                                         *first.party_confidence, rec.people[0].positions[0].confidence])


def test_facts_follow_the_record_order_with_shared_features() -> None:
    listed = facts(_draft())
    kinds = [k for k, _, _ in listed]
    assert kinds == ["org", "org", "person", "position", "event", "party", "party", "participant", "place",
                     "event", "party"]
    org_features = listed[0][2]
    assert org_features["party"] == 1.0 and org_features["employer"] == 1.0 and org_features["in_title"] == 1.0
    assert org_features["prior"] == 0.9  # the package's own features are kept


GOLD = {"id": "g", "events": [{"type": "agreement", "parties": ["PetroChina", "Daqing"], "place": {"name": "Daqing"},
                               "participants": [{"person": "Li Ming", "role": "signatory"}]}],
        "people": [{"name": "Li Ming", "positions": [{"title": "Chairman", "org": "PetroChina"}]}],
        "organizations": [{"name": "PetroChina"}, {"name": ["Daqing", "Daqing Municipal Government"]}]}


def test_facts_are_labelled_right_or_wrong_as_the_scorer_reads_them() -> None:
    pred = {"id": "g",
            "events": [{"type": "agreement", "parties": ["PetroChina", "Sinopec"], "party_confidence": [0.9, 0.4],
                        "place": {"name": "Harbin", "confidence": 0.6}, "confidence": 0.95,
                        "participants": [{"person": "Li Ming", "role": "witness", "confidence": 0.7}]},
                       {"type": "visit", "parties": ["Sinopec"], "confidence": 0.3}],
            "people": [{"name": "Li Ming", "confidence": 0.99,
                        "positions": [{"title": "Chairman", "org": "PetroChina", "confidence": 0.85},
                                      {"title": "Chairman", "org": "Sinopec", "confidence": 0.2}]}],
            "organizations": [{"name": "PetroChina", "confidence": 0.97}, {"name": "Sinopec", "confidence": 0.5}]}
    labels = {(f.kind, f.locator): f.right for f in label_facts(GOLD, pred)}
    assert labels == {
        ("org", ("org", 0)): True, ("org", ("org", 1)): False,
        ("person", ("person", 0)): True,
        ("position", ("position", 0, 0)): True, ("position", ("position", 0, 1)): False,
        ("event", ("event", 0)): True, ("event", ("event", 1)): False,
        ("party", ("party", 0, 0)): True, ("party", ("party", 0, 1)): False,
        ("participant", ("participant", 0, 0)): False,  # right person, wrong role
        ("place", ("place", 0)): False,
        ("party", ("party", 1, 0)): False,
    }
    report = calibration_report([GOLD], [pred])
    assert report.trusted["org"].n == 1 and report.trusted["org"].precision == 1.0
    assert report.trusted["position"].n == 1
    band = next(b for b in report.bands["position"] if b.low <= 0.2 < b.high)
    assert (band.n, band.right) == (1, 0)
    assert report.to_dict()["party"]["trusted"]["min_confidence"] == TRUSTED


def test_halves_are_fixed_by_document_id() -> None:
    ids = [f"doc-{i}" for i in range(40)]
    halves = [half_of(i) for i in ids]
    assert halves == [half_of(i) for i in ids]
    assert set(halves) == {"A", "B"} and 10 < halves.count("A") < 30


def test_evaluate_prints_halves_and_calibration(tmp_path: Path) -> None:
    pred = {**GOLD, "events": [{**GOLD["events"][0], "confidence": 0.9, "party_confidence": [0.9, 0.9]}],
            "organizations": [{"name": "PetroChina", "confidence": 0.9}, {"name": "Daqing", "confidence": 0.9}]}
    gold_file, pred_file = tmp_path / "gold.jsonl", tmp_path / "pred.jsonl"
    gold_file.write_text(json.dumps({**GOLD, "language": "en"}) + "\n")
    pred_file.write_text(json.dumps({**pred, "language": "en"}) + "\n")
    result = CliRunner().invoke(app, ["evaluate", str(gold_file), str(pred_file), "--split", "--calibration"])
    assert result.exit_code == 0, result.output
    assert f"half {half_of('g')}" in result.output and "org" in result.output and ">=0.8" in result.output
    as_json = CliRunner().invoke(app, ["evaluate", str(gold_file), str(pred_file), "--json"])
    data = json.loads(as_json.output)
    assert list(data["halves"]) == [half_of("g")]
    assert data["calibration"]["org"]["trusted"]["n"] == 2
