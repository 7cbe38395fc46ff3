"""Fit the confidence models shipped in ``src/pactgraph/data/<lang>/confidence.json``.

    .venv/bin/python scripts/fit_confidence.py [--corpus ../shared/corpus/dev] [--check]

For every fact the extractor predicts on the corpus (organisations, people,
positions, events, parties, participants, places), the features the language
package and the shared assembly give it are paired with whether the gold
record has it (:func:`pactgraph.calibration.label_facts`). Per language and
kind of fact, a logistic model is fitted (L2, Newton steps); its held-out
predictions (fit on one fixed half of the corpus, predict the other) are then
mapped to observed precision by isotonic regression, so the confidence reads
as a probability. Last, a trust threshold keeps the contract's promise that
facts at confidence >= 0.8 are right at least 95% of the time: held-out
predictions below the raw score where that stops holding are capped at 0.79.

Run it again after a change to rules, lexicons or features (``--check`` only
prints the held-out precision by band, writes nothing). numpy comes with spaCy.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections import defaultdict
from pathlib import Path

import numpy as np

from pactgraph.calibration import KINDS, TRUSTED, half_of, label_facts
from pactgraph.extract.pipeline import Extractor
from pactgraph.extract.shared.assemble import Assembler, facts
from pactgraph.extract.shared.confidence import Calibration, Model
from pactgraph.ingest.documents import read_documents
from pactgraph.scoring import load_records

ROOT = Path(__file__).resolve().parents[1]
L2 = 1.0
TRUST_PRECISION = 0.95
MIN_FACTS = 30
"""A kind with fewer labelled facts keeps the package's own prior."""


def collect(corpus: Path) -> dict[tuple[str, str], list[tuple[dict[str, float], bool, str]]]:
    """(lang, kind) -> [(features, right, half)] over the corpus."""
    gold = {str(r["id"]): r for r in load_records(corpus / "gold.jsonl")}
    extractor = Extractor()
    by_lang: dict[str, list] = defaultdict(list)
    for doc in read_documents([corpus / "docs.jsonl"]):
        if doc.id in gold:
            prepared = extractor.prepare(doc)
            by_lang[prepared.lang].append(prepared)
    rows: dict[tuple[str, str], list] = defaultdict(list)
    for lang, docs in by_lang.items():
        assembler = Assembler(lang, Calibration())
        for draft in extractor.language(lang).draft_batch(docs):
            record = json.loads(assembler.record(draft).to_json())
            labels = {f.locator: f.right for f in label_facts(gold[draft.id], record)}
            for kind, locator, features in facts(draft):
                if locator in labels:
                    rows[(lang, kind)].append((features, labels[locator], half_of(draft.id)))
    return rows


def matrix(rows: list, names: list[str]) -> tuple[np.ndarray, np.ndarray]:
    x = np.array([[f.get(n, 0.0) for n in names] for f, _, _ in rows], dtype=float)
    y = np.array([float(r) for _, r, _ in rows])
    return x, y


def fit_logistic(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, float]:
    """L2-penalised logistic regression by Newton's method (the bias is not penalised)."""
    xb = np.hstack([x, np.ones((len(x), 1))])
    w = np.zeros(xb.shape[1])
    penalty = np.full(xb.shape[1], L2)
    penalty[-1] = 1e-6
    for _ in range(100):
        p = 1 / (1 + np.exp(-np.clip(xb @ w, -30, 30)))
        grad = xb.T @ (p - y) + penalty * w
        hess = (xb * (p * (1 - p))[:, None]).T @ xb + np.diag(penalty)
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.max(np.abs(step)) < 1e-8:
            break
    return w[:-1], float(w[-1])


def isotonic(x: np.ndarray, y: np.ndarray) -> list[tuple[float, float]]:
    """Pool-adjacent-violators: a non-decreasing step curve of y over x, as (x, y) corner points."""
    order = np.argsort(x, kind="stable")
    blocks: list[list[float]] = []  # [sum_y, n, x_min, x_max]

    def value(block: list[float]) -> float:
        return (block[0] + 0.5) / (block[1] + 1)  # a little shrinkage: one right fact alone is not a certainty

    for i in order:
        blocks.append([y[i], 1.0, x[i], x[i]])
        # pool violators and ties (so that runs of right facts gather weight), then anything whose shrunk
        # value would still decrease: the curve written out never goes down
        while len(blocks) > 1 and (blocks[-2][0] / blocks[-2][1] >= blocks[-1][0] / blocks[-1][1]
                                   or value(blocks[-2]) > value(blocks[-1])):
            s, n, lo, hi = blocks.pop()
            blocks[-1][0] += s
            blocks[-1][1] += n
            blocks[-1][3] = hi
    curve: list[tuple[float, float]] = []
    for block in blocks:
        lo, hi = block[2], block[3]
        curve.append((float(lo), value(block)))
        if hi > lo:
            curve.append((float(hi), value(block)))
    return curve


def scores(x: np.ndarray, w: np.ndarray, b: float) -> np.ndarray:
    """Raw logistic scores of a fitted model."""
    return 1 / (1 + np.exp(-np.clip(x @ w + b, -30, 30)))


def held_out(rows: list, names: list[str]) -> np.ndarray:
    """Each fact's raw score from a model fitted on the other half of the corpus."""
    x, y = matrix(rows, names)
    halves = np.array([h for _, _, h in rows])
    out = np.zeros(len(rows))
    for half in "AB":
        train, test = halves != half, halves == half
        if not test.any():
            continue
        if train.sum() < 5 or len(set(y[train])) < 2:
            out[test] = y[train].mean() if train.any() else 0.5
            continue
        w, b = fit_logistic(x[train], y[train])
        out[test] = scores(x[test], w, b)
    return out


def trust_cap(raw: np.ndarray, y: np.ndarray, calibrated: np.ndarray) -> float:
    """The lowest raw score above which facts calibrated >= TRUSTED are right >= 95% of the time."""
    trusted = calibrated >= TRUSTED
    for threshold in sorted(set(raw[trusted])):
        keep = trusted & (raw >= threshold)
        if keep.any() and y[keep].mean() >= TRUST_PRECISION:
            return float(threshold)
    return float("inf")


def fit_kind(rows: list) -> tuple[dict, dict]:
    names = sorted({n for f, _, _ in rows for n in f})
    x, y = matrix(rows, names)
    w, b = fit_logistic(x, y)
    raw = held_out(rows, names)
    curve = isotonic(raw, y)
    model = Model(dict(zip(names, (float(v) for v in w), strict=True)), b, tuple(curve))
    calibrated = np.array([model.calibrate(p) for p in raw])
    # the cap must hold for the held-out scores and for the shipped model's own scores on the same facts
    fitted = scores(x, w, b)
    cap = max(trust_cap(raw, y, calibrated), trust_cap(fitted, y, np.array([model.calibrate(p) for p in fitted])))
    curve = [(cx, min(cy, TRUSTED - 0.01) if cx < cap else cy) for cx, cy in curve]
    if cap != float("inf"):
        # a pooled block may straddle the cap, and the curve is linear between points: break it at the cap
        # so that nothing below the cap reaches TRUSTED
        at_cap = model.calibrate(cap)
        curve = sorted([*(p for p in curve if abs(p[0] - cap) > 1e-6),
                        (cap - 1e-6, min(at_cap, TRUSTED - 0.01)), (cap, at_cap)])
    final = Model(model.weights, b, tuple(curve))
    shown = np.array([final.calibrate(p) for p in raw])
    report = {"facts": len(rows), "right": int(y.sum()),
              "held_out_trusted": int((shown >= TRUSTED).sum()),
              "held_out_trusted_right": int(y[shown >= TRUSTED].sum())}
    data = {"weights": {k: round(v, 5) for k, v in final.weights.items() if abs(v) > 1e-6},
            "bias": round(b, 5), "curve": [[round(cx, 5), round(cy, 4)] for cx, cy in curve],
            "fitted_on": report}
    return data, report


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus" / "dev")
    ap.add_argument("--check", action="store_true", help="print the held-out figures, write nothing")
    args = ap.parse_args()
    rows = collect(args.corpus)
    out: dict[str, dict] = defaultdict(dict)
    for (lang, kind), kind_rows in sorted(rows.items()):
        pooled = ""
        if len(kind_rows) < MIN_FACTS or len({r for _, r, _ in kind_rows}) < 2:
            # few facts of this kind in one language (event places): fit on every language's facts of the
            # kind together, each language's own features being zero for the others
            kind_rows = [row for (_, k), rs in sorted(rows.items()) if k == kind for row in rs]
            pooled = " (all languages pooled)"
            if len(kind_rows) < MIN_FACTS or len({r for _, r, _ in kind_rows}) < 2:
                print(f"{lang} {kind:12} {len(kind_rows):5} facts: too few to fit, the prior stays")
                continue
        data, report = fit_kind(kind_rows)
        out[lang][kind] = data
        n, right = report["held_out_trusted"], report["held_out_trusted_right"]
        print(f"{lang} {kind:12} {report['facts']:5} facts, {report['right'] / report['facts']:.2f} right; "
              f"held out >= {TRUSTED}: {n} facts, {right / n if n else float('nan'):.3f} right{pooled}")
    if args.check:
        return 0
    for lang, models in out.items():
        path = ROOT / "src" / "pactgraph" / "data" / lang / "confidence.json"
        meta = {"corpus": args.corpus.name, "fitted": dt.date.today().isoformat(), "kinds": list(KINDS),
                "note": "written by scripts/fit_confidence.py; do not edit by hand"}
        path.write_text(json.dumps({"about": meta, "models": models}, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
