"""CAMEO and PLOVER codes of pactgraph's event types, so events join GDELT and POLECAT data.

One small table: event type (and, for visits, the side) to the CAMEO code and
its label and the PLOVER event type and mode.
"""

from __future__ import annotations

from typing import NamedTuple


class EventCode(NamedTuple):
    cameo: str
    cameo_label: str
    plover: str
    plover_mode: str | None


EVENT_CODES: dict[str, EventCode] = {
    "agreement": EventCode("057", "Sign formal agreement", "AGREE", None),
    "visit": EventCode("042", "Make a visit", "CONSULT", "visit"),
    "meeting": EventCode("040", "Consult, not specified below", "CONSULT", "meeting"),
    "project": EventCode("061", "Cooperate economically", "COOPERATE", None),
    "other": EventCode("030", "Express intent to cooperate, not specified below", "COOPERATE", None),
}
"""Event type -> codes. Visits are CAMEO 042 from the visitor's side (the host's: :data:`HOST_VISIT`)."""

HOST_VISIT = EventCode("043", "Host a visit", "CONSULT", "visit")
"""The visit as seen from the host (participants with role ``host``)."""

AGREEMENT_KINDS: dict[str, EventCode] = {
    "memorandum of understanding": EventCode("057", "Sign formal agreement", "AGREE", None),
}


def event_code(event_type: str, agreement_kind: str | None = None) -> EventCode:
    """The codes of an event type (``other`` for unknown types)."""
    if event_type == "agreement" and agreement_kind in AGREEMENT_KINDS:
        return AGREEMENT_KINDS[agreement_kind]
    return EVENT_CODES.get(event_type, EVENT_CODES["other"])


def role_code(event_type: str, role: str) -> EventCode:
    """The codes of an event from one participant's side (hosts of a visit: CAMEO 043)."""
    if event_type == "visit" and role == "host":
        return HOST_VISIT
    return event_code(event_type)
