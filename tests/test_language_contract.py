"""The language contract: every declared language is one package found by the registry, detection picks it."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest

import pactgraph
from pactgraph.extract.base import LanguageExtractor, LanguageSpec, language
from pactgraph.extract.language import detect_language
from pactgraph.record import EVENT_TYPES, LANGUAGES, Record

SRC = Path(pactgraph.__file__).parent


@pytest.mark.parametrize("code", LANGUAGES)
def test_every_declared_language_has_a_package_and_an_extractor_class(code: str) -> None:
    spec = language(code)
    assert isinstance(spec, LanguageSpec) and spec.code == code and spec.name
    module, _, name = spec.extractor.partition(":")
    cls = getattr(importlib.import_module(module), name)
    assert issubclass(cls, LanguageExtractor)
    assert module.startswith(f"pactgraph.extract.{code}.")


def test_unknown_language_is_refused_with_the_known_ones() -> None:
    with pytest.raises(KeyError, match="known: en, zh"):
        language("fr")


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("State Grid and the provincial government signed a strategic cooperation agreement on Monday.", "en"),
        ("国家电网与省政府签署战略合作协议，双方将在新能源领域深化合作。", "zh"),
        # Chinese releases carry Latin debris: URLs, brand names, pinyin
        ("记者 http://www.example.com.cn/news/2021 报道：中国华能（China Huaneng）与市政府签约 SPIC CNOOC。", "zh"),
        ("Sinopec Chairman Ma Yongsheng (马永生) met the delegation in Beijing to discuss hydrogen projects.", "en"),
        ("中國華能與市政府簽署框架協議", "zh"),
    ],
)
def test_detection_reads_the_whole_sample(text: str, code: str) -> None:
    assert detect_language(text) == code


def test_no_language_branches_outside_the_language_packages() -> None:
    branch = re.compile(r"""\b(lang|language)\w*\s*(==|!=)\s*["'](en|zh)["']""")
    offenders = []
    for path in SRC.rglob("*.py"):
        rel = path.relative_to(SRC).as_posix()
        if rel.startswith(("extract/en/", "extract/zh/")):
            continue
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if branch.search(line):
                offenders.append(f"{rel}:{n}: {line.strip()}")
    assert offenders == []


def test_event_types_and_languages_are_declared_once() -> None:
    """Other modules import the lists from record.py rather than writing them out again."""
    listing = re.compile(r"""["']agreement["']\s*,\s*["']meeting["']""")
    repeats = [p.relative_to(SRC).as_posix() for p in SRC.rglob("*.py")
               if p.name != "record.py" and listing.search(p.read_text(encoding="utf-8"))]
    assert repeats == []
    assert set(EVENT_TYPES) >= {"agreement", "meeting", "visit"}
    assert Record.model_fields["language"].annotation.__args__ == LANGUAGES  # type: ignore[union-attr]
