"""Request bodies of the write endpoints (documented in the OpenAPI schema)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from pactgraph.record import AgreementKind, EventType, Role


class PlaceIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=1, max_length=200)
    admin1: str | None = Field(default=None, max_length=100)
    country: str | None = Field(default=None, max_length=8)


class ParticipantIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    person: str = Field(min_length=1, max_length=200)
    role: Role


class EventCorrectionIn(BaseModel):
    """The fields to correct (only those given); the latest correction of a field wins."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"example": {
        "participants": [{"person": "Li Wenhao", "role": "witness"}], "note": "role from paragraph 2"}})
    type: EventType | None = None
    agreement_kind: AgreementKind | None = None
    date: str | None = Field(default=None, max_length=10, description="YYYY-MM-DD, YYYY-MM or XXXX-MM-DD")
    place: PlaceIn | None = None
    parties: list[str] | None = Field(default=None, max_length=100)
    participants: list[ParticipantIn] | None = Field(default=None, max_length=200)
    fields: list[str] | None = Field(default=None, max_length=50, description="Sector codes (taxonomy)")
    note: str | None = Field(default=None, max_length=2000)

    def changes(self) -> dict[str, object]:
        data = self.model_dump(exclude_unset=True, exclude={"note"})
        if "type" in data and data["type"] is None:
            raise ValueError("type cannot be null")
        for key in ("parties", "participants", "fields"):
            if key in data and data[key] is None:
                data[key] = []
        return data


class MergeIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    into: int = Field(description="Id of the entity to merge this one into")
    note: str | None = Field(default=None, max_length=2000)


class SplitIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    documents: list[str] = Field(min_length=1, max_length=1000,
                                 description="Documents whose mentions become the new entity")
    name: str = Field(min_length=1, max_length=300, description="Name of the new entity")
    note: str | None = Field(default=None, max_length=2000)
