"""Calibrated confidence: a fact's features to the probability that it is right.

Each language ships ``data/<lang>/confidence.json``, fitted on the development
set by ``scripts/fit_confidence.py``: per kind of fact (``org``, ``person``,
``position``, ``event``, ``party``, ``participant``, ``place``) a logistic
model over the fact's features, followed by a monotone curve (isotonic
regression of held-out predictions against right/wrong) so that a confidence
of 0.9 means "nine in ten such facts were right". A kind without a model uses
the package's own ``prior`` feature.

The model is a dot product and a table lookup, a few microseconds a fact:
writing it by hand avoids a machine-learning dependency at run time.
"""

from __future__ import annotations

import bisect
import json
import math
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from pactgraph.extract.shared.drafts import Features

KINDS = ("org", "person", "position", "event", "party", "participant", "place")


@dataclass(frozen=True)
class Model:
    """Logistic weights then a monotone curve of ``(raw, calibrated)`` points."""

    weights: dict[str, float]
    bias: float
    curve: tuple[tuple[float, float], ...] = ()

    def raw(self, features: Features) -> float:
        z = self.bias + sum(w * features.get(name, 0.0) for name, w in self.weights.items())
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def __call__(self, features: Features) -> float:
        return self.calibrate(self.raw(features))

    def calibrate(self, p: float) -> float:
        """The curve at a raw score (linear between its points, flat beyond its ends)."""
        if not self.curve:
            return p
        xs = [x for x, _ in self.curve]
        i = bisect.bisect_left(xs, p)
        if i <= 0:
            return self.curve[0][1]
        if i >= len(self.curve):
            return self.curve[-1][1]
        (x0, y0), (x1, y1) = self.curve[i - 1], self.curve[i]
        return y0 if x1 == x0 else y0 + (y1 - y0) * (p - x0) / (x1 - x0)


class Calibration:
    """The fitted models of one language (empty where none is shipped)."""

    def __init__(self, models: dict[str, Model] | None = None) -> None:
        self.models = models or {}

    @classmethod
    def from_json(cls, data: dict) -> Calibration:
        models = {kind: Model(weights=dict(m["weights"]), bias=float(m["bias"]),
                              curve=tuple((float(x), float(y)) for x, y in m.get("curve", [])))
                  for kind, m in (data.get("models") or {}).items()}
        return cls(models)

    def confidence(self, kind: str, features: Features) -> float:
        model = self.models.get(kind)
        if model is None:
            return round(float(features.get("prior", 0.5)), 2)
        return round(model(features), 2)


@lru_cache(maxsize=8)
def calibration(lang: str) -> Calibration:
    """The shipped calibration of a language, loaded once per process."""
    path = resources.files("pactgraph.data").joinpath(lang, "confidence.json")
    if not path.is_file():
        return Calibration()
    return Calibration.from_json(json.loads(path.read_text(encoding="utf-8")))
