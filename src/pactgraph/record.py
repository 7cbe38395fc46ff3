"""The cooperation record of ../spec/RECORD.md as pydantic models.

The JSON of a :class:`Record` is the contract: the keys of RECORD.md keep their
names and order; pactgraph's own additions (evidence offsets, confidence,
pinyin, English names) are extra keys the scorer ignores.
"""

from __future__ import annotations

from typing import Literal, get_args

from pydantic import BaseModel, ConfigDict, Field

Span = tuple[int, int]
"""Character offsets ``[start, end)`` into the document text."""

EventType = Literal["agreement", "visit", "meeting", "project", "other"]
AgreementKind = Literal[
    "strategic cooperation agreement",
    "framework agreement",
    "cooperation agreement",
    "memorandum of understanding",
    "investment agreement",
    "other",
]
Role = Literal["signatory", "witness", "host", "visitor", "speaker", "attendee"]
OrgKind = Literal["company", "government", "party", "association", "other"]
Language = Literal["en", "zh"]
"""Languages with an extraction package (``pactgraph.extract.<lang>``); both Chinese scripts are ``zh``."""

EVENT_TYPES: tuple[str, ...] = get_args(EventType)
AGREEMENT_KINDS: tuple[str, ...] = get_args(AgreementKind)
ROLES: tuple[str, ...] = get_args(Role)
ORG_KINDS: tuple[str, ...] = get_args(OrgKind)
LANGUAGES: tuple[str, ...] = get_args(Language)

ROLE_ORDER: tuple[str, ...] = ("signatory", "witness", "host", "visitor", "speaker", "attendee")
"""Precedence of roles when a person fits several (RECORD.md)."""


class _Model(BaseModel):
    model_config = ConfigDict(extra="allow", populate_by_name=True)


class Place(_Model):
    name: str
    admin1: str | None = None
    country: str | None = None
    code: str | None = Field(default=None, description="Administrative division code (China) or GeoNames id")
    confidence: float = 0.5
    evidence: list[Span] = Field(default_factory=list)


class Participant(_Model):
    person: str
    role: Role
    confidence: float = 0.5
    evidence: list[Span] = Field(default_factory=list)


class Event(_Model):
    type: EventType
    agreement_kind: AgreementKind | None = None
    date: str | None = None
    place: Place | None = None
    parties: list[str] = Field(default_factory=list)
    party_confidence: list[float] = Field(default_factory=list,
                                          description="Confidence of each party, in the order of ``parties``")
    participants: list[Participant] = Field(default_factory=list)
    fields: list[str] = Field(default_factory=list)
    field_evidence: dict[str, list[Span]] = Field(default_factory=dict,
                                                  description="Where the text names each sector of ``fields``")
    confidence: float = 0.5
    evidence: list[Span] = Field(default_factory=list)


class Position(_Model):
    title: str
    org: str | None = None
    confidence: float = 0.5
    evidence: list[Span] = Field(default_factory=list)


class Person(_Model):
    name: str
    positions: list[Position] = Field(default_factory=list)
    confidence: float = 0.5
    evidence: list[Span] = Field(default_factory=list)


class Organization(_Model):
    name: str
    aliases: list[str] = Field(default_factory=list)
    kind: OrgKind = "other"
    confidence: float = 0.5
    evidence: list[Span] = Field(default_factory=list)


class Record(_Model):
    id: str | None = None
    language: Language = "en"
    title: str | None = None
    events: list[Event] = Field(default_factory=list)
    people: list[Person] = Field(default_factory=list)
    organizations: list[Organization] = Field(default_factory=list)
    policies: list[str] = Field(default_factory=list)
    policy_evidence: dict[str, list[Span]] = Field(default_factory=dict,
                                                   description="Where the text names each code of ``policies``")

    def to_json(self) -> str:
        """One JSON line, non-ASCII kept as written."""
        return self.model_dump_json()
