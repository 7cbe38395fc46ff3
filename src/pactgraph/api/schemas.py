"""Request bodies of the write endpoints (documented in the OpenAPI schema)."""

from __future__ import annotations

from typing import Annotated

from pydantic import AliasChoices, BaseModel, ConfigDict, Field

from pactgraph.record import AgreementKind, EventType, Role


class EvidenceIn(BaseModel):
    """A span of the document (``start``/``end`` offsets, or a ``quote`` found in its text) or an outside
    source (``url``)."""

    model_config = ConfigDict(extra="forbid")
    start: int | None = Field(default=None, ge=0)
    end: int | None = Field(default=None, ge=0)
    quote: str | None = Field(default=None, max_length=1000)
    url: str | None = Field(default=None, max_length=2000)

    def item(self) -> dict[str, object]:
        return self.model_dump(exclude_none=True)


Reason = Annotated[str | None, Field(max_length=2000,
                                     validation_alias=AliasChoices("reason", "note"),
                                     description="Why (``note`` is accepted too)")]
EvidenceList = Annotated[list[EvidenceIn], Field(default_factory=list, max_length=20,
                                                 description="What the change relies on")]


class ChangeIn(BaseModel):
    """Reason and evidence, common to every change."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)
    reason: Reason = None
    evidence: EvidenceList

    def evidence_items(self) -> list[dict[str, object]]:
        return [e.item() for e in self.evidence]


class PlaceIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=1, max_length=200)
    admin1: str | None = Field(default=None, max_length=100)
    country: str | None = Field(default=None, max_length=8)


class ParticipantIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    person: str = Field(min_length=1, max_length=200)
    role: Role


class EventCorrectionIn(ChangeIn):
    """The fields to correct (only those given); the latest correction of a field wins."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True, json_schema_extra={"example": {
        "participants": [{"person": "Li Wenhao", "role": "witness"}], "reason": "role from paragraph 2",
        "evidence": [{"quote": "witnessed by Li Wenhao"}]}})
    type: EventType | None = None
    agreement_kind: AgreementKind | None = None
    date: str | None = Field(default=None, max_length=10, description="YYYY-MM-DD, YYYY-MM or XXXX-MM-DD")
    place: PlaceIn | None = None
    parties: list[str] | None = Field(default=None, max_length=100)
    participants: list[ParticipantIn] | None = Field(default=None, max_length=200)
    fields: list[str] | None = Field(default=None, max_length=50, description="Sector codes (taxonomy)")

    def changes(self) -> dict[str, object]:
        data = self.model_dump(exclude_unset=True, exclude={"reason", "evidence"})
        if "type" in data and data["type"] is None:
            raise ValueError("type cannot be null")
        for key in ("parties", "participants", "fields"):
            if key in data and data[key] is None:
                data[key] = []
        return data


class MergeIn(ChangeIn):
    into: int = Field(description="Id of the entity to merge this one into")


class SplitIn(ChangeIn):
    documents: list[str] = Field(min_length=1, max_length=1000,
                                 description="Documents whose mentions become the new entity")
    name: str = Field(min_length=1, max_length=300, description="Name of the new entity")


class PositionIn(ChangeIn):
    """A person's position as a document names them: correct it (``title``, ``org``), remove it
    (``remove``), or add one (no ``index``)."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True, json_schema_extra={"example": {
        "person": "He Xi", "index": 0, "title": "Chairman", "org": "CPID", "reason": "title as in the byline"}})
    person: str = Field(min_length=1, max_length=200, description="The person as the document names them")
    index: int | None = Field(default=None, ge=0, le=200,
                              description="Which extracted position of the person (from 0); none adds one")
    title: str | None = Field(default=None, max_length=300)
    org: str | None = Field(default=None, max_length=300)
    remove: bool = False

    def value(self) -> dict[str, object] | None:
        return None if self.remove else {"title": self.title or "", "org": self.org}


class RevertIn(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)
    reason: Reason = None
