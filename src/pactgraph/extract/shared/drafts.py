"""What a language package hands to the shared assembly: facts with evidence and features.

A language package reads its text its own way (spaCy for English, jieba and
lexicons for Chinese) but reports what it found in these few shapes. The
record of RECORD.md is then built once, in :mod:`pactgraph.extract.shared.assemble`,
which also turns each fact's ``features`` into a calibrated confidence. Names
here are as written in the text; spans are ``(start, end)`` offsets into the
document's original text.

``features`` are numbers describing how a fact was found (``"source_kb": 1``,
``"mentions": 3``); the calibration file of the language weighs them. A
feature missing from a fact counts as 0. ``prior`` is the package's own guess
(0..1), used where no calibration has been fitted yet.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

Span = tuple[int, int]
Features = dict[str, float]


@dataclass
class Org:
    name: str
    kind: str = "other"
    aliases: list[str] = field(default_factory=list)
    spans: list[Span] = field(default_factory=list)
    features: Features = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)
    """Keys of the package's own for the record (``name_en``)."""


@dataclass
class Position:
    title: str
    org: str | None = None
    spans: list[Span] = field(default_factory=list)
    features: Features = field(default_factory=dict)


@dataclass
class Person:
    name: str
    positions: list[Position] = field(default_factory=list)
    spans: list[Span] = field(default_factory=list)
    features: Features = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)
    """Keys of the package's own for the record (``name_latn``)."""


@dataclass
class Place:
    name: str
    admin1: str | None = None
    country: str | None = None
    code: str | None = None
    level: str | None = None
    spans: list[Span] = field(default_factory=list)
    features: Features = field(default_factory=dict)


@dataclass
class Party:
    name: str
    """The name of an :class:`Org` of the same document."""
    features: Features = field(default_factory=dict)


@dataclass
class Participant:
    person: str
    role: str
    spans: list[Span] = field(default_factory=list)
    features: Features = field(default_factory=dict)


@dataclass
class Event:
    type: str
    agreement_kind: str | None = None
    date: str | None = None
    place: Place | None = None
    parties: list[Party] = field(default_factory=list)
    participants: list[Participant] = field(default_factory=list)
    fields: list[str] = field(default_factory=list)
    field_spans: dict[str, list[Span]] = field(default_factory=dict)
    """Where the text names each code of ``fields`` (the evidence a reader checks)."""
    spans: list[Span] = field(default_factory=list)
    """The trigger sentence first, then the date's span if any."""
    features: Features = field(default_factory=dict)


@dataclass
class Document:
    """Everything one document gave, before assembly into a record."""

    id: str | None
    language: str
    title: str | None = None
    events: list[Event] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)
    orgs: list[Org] = field(default_factory=list)
    policies: list[str] = field(default_factory=list)
    policy_spans: dict[str, list[Span]] = field(default_factory=dict)
