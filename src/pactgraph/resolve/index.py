"""The in-memory entity index that resolution reads and grows.

The store loads it from the database before an ingest and writes back what
changed (:attr:`EntityIndex.new_ids`, :attr:`EntityIndex.new_names`,
:attr:`EntityIndex.dirty`) in the same transaction as the documents; after a
rollback the store reloads it, so it never runs ahead of the database.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class EntityState:
    id: int
    type: str
    key: str
    name: str
    name_en: str | None = None
    name_zh: str | None = None
    kind: str | None = None
    kb_id: str | None = None
    parent_id: int | None = None
    place_id: int | None = None
    code: str | None = None
    province: str | None = None
    province_zh: str | None = None
    country: str | None = None
    lat: float | None = None
    lon: float | None = None
    n_documents: int = 0
    context: set[str] = field(default_factory=set)
    names: set[str] = field(default_factory=set)

    def row(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "type": self.type,
            "key": self.key,
            "name": self.name,
            "name_en": self.name_en,
            "name_zh": self.name_zh,
            "kind": self.kind,
            "kb_id": self.kb_id,
            "parent_id": self.parent_id,
            "place_id": self.place_id,
            "code": self.code,
            "province": self.province,
            "province_zh": self.province_zh,
            "country": self.country,
            "lat": self.lat,
            "lon": self.lon,
            "n_documents": self.n_documents,
            "context": sorted(self.context) if self.context else None,
        }


class EntityIndex:
    """Entities by id, by resolution key and by normalised name."""

    def __init__(self, next_id: int = 1, next_name_id: int = 1) -> None:
        self.entities: dict[int, EntityState] = {}
        self.by_key: dict[str, int] = {}
        self.by_name: dict[tuple[str, str], set[int]] = {}
        self.next_id = next_id
        self.next_name_id = next_name_id
        self.new_ids: list[int] = []
        self.new_names: list[dict[str, Any]] = []
        self.dirty: set[int] = set()

    # -- loading ----------------------------------------------------------
    def load_entity(self, state: EntityState) -> None:
        self.entities[state.id] = state
        self.by_key[state.key] = state.id
        self.next_id = max(self.next_id, state.id + 1)

    def load_name(self, entity_id: int, name: str, norm: str, name_id: int) -> None:
        state = self.entities.get(entity_id)
        if state is None:
            return
        state.names.add(name)
        if norm:
            self.by_name.setdefault((state.type, norm), set()).add(entity_id)
        self.next_name_id = max(self.next_name_id, name_id + 1)

    # -- growing ----------------------------------------------------------
    def create(self, type_: str, key: str, name: str, **attrs: Any) -> EntityState:
        state = EntityState(id=self.next_id, type=type_, key=key, name=name, **attrs)
        self.next_id += 1
        self.load_entity(state)
        self.new_ids.append(state.id)
        return state

    def add_name(self, entity_id: int, name: str, norm: str) -> None:
        """Record a name (as written) for an entity; new names are queued for the store."""
        state = self.entities[entity_id]
        name = name.strip()
        if not name or name in state.names:
            return
        state.names.add(name)
        if norm:
            self.by_name.setdefault((state.type, norm), set()).add(entity_id)
        self.new_names.append({"id": self.next_name_id, "entity_id": entity_id, "name": name, "norm": norm[:300]})
        self.next_name_id += 1

    def touch(self, entity_id: int) -> None:
        if entity_id not in self.new_ids:
            self.dirty.add(entity_id)

    def ids_for_name(self, type_: str, norm: str) -> set[int]:
        return self.by_name.get((type_, norm), set())

    def take_changes(self) -> tuple[list[EntityState], list[dict[str, Any]], list[EntityState]]:
        """New entities, new names and changed entities since the last call; clears the queues."""
        new = [self.entities[i] for i in self.new_ids]
        names = self.new_names
        changed = [self.entities[i] for i in self.dirty if i in self.entities and i not in set(self.new_ids)]
        self.new_ids, self.new_names, self.dirty = [], [], set()
        return new, names, changed
