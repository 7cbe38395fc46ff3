"""The knowledge base of China's energy-sector groups and their common subsidiaries.

Shipped as ``pactgraph/data/kb/energy_groups.yaml``; users extend it with files
of their own (``PACTGRAPH_KB``, a path list separated by ``os.pathsep``, or the
CLI's ``--kb`` option). A user entry with an existing ``id`` replaces the
shipped one. Data files are read when :meth:`KnowledgeBase.default` or
:meth:`KnowledgeBase.load` is first called, never at import.

File format (YAML)::

    provinces:            # used by patterns
      - {en: Jiangsu, zh: 江苏, zh_full: 江苏省}
    entities:
      - id: spic
        name_en: State Power Investment Corporation Limited
        name_zh: 国家电力投资集团有限公司
        aliases: [SPIC, 国家电投, State Power Investment Corporation]
        kind: company
        parent: null
    patterns:             # one entity per province, {en} {zh} {zh_full} filled in
      - id: "sgcc-{slug}"
        parent: sgcc
        name_en: "State Grid {en} Electric Power Company"
        name_zh: "国网{zh_full}电力有限公司"
        aliases: ["State Grid {en}", "国网{zh}电力"]
        only: [...]       # optional province list (English names); default all
        exclude: [...]    # optional
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from pactgraph import errors
from pactgraph.resolve.names import normalize, org_key

ENV_VAR = "PACTGRAPH_KB"


class KnowledgeBaseError(errors.UsageError):
    code = "E310"


@dataclass
class KBEntry:
    """One organization of the knowledge base."""

    id: str
    name_en: str
    name_zh: str | None = None
    aliases: list[str] = field(default_factory=list)
    kind: str = "company"
    parent: str | None = None
    province: str | None = None
    """English province name, for per-province entities (grid companies, branches)."""

    @property
    def names(self) -> list[str]:
        """Every name of the entry: English, Chinese, aliases (no duplicates, in that order)."""
        out: list[str] = []
        for name in [self.name_en, self.name_zh, *self.aliases]:
            if name and name not in out:
                out.append(name)
        return out

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name_en": self.name_en,
            "name_zh": self.name_zh,
            "aliases": list(self.aliases),
            "kind": self.kind,
            "parent": self.parent,
            "province": self.province,
        }


def _slug(text: str) -> str:
    return "".join(ch.lower() if ch.isalnum() else "-" for ch in text).strip("-")


class KnowledgeBase:
    """Entries by id and a name index (exact normalised names, then names without legal-form words)."""

    def __init__(self, entries: Iterable[KBEntry] = ()) -> None:
        self.entries: dict[str, KBEntry] = {}
        self._exact: dict[str, str] = {}
        self._loose: dict[str, str] = {}
        self._ambiguous: set[str] = set()
        for entry in entries:
            self.add(entry)

    # -- building -------------------------------------------------------
    def add(self, entry: KBEntry) -> None:
        """Add (or replace, by id) one entry and index its names."""
        if entry.id in self.entries:
            self._unindex(self.entries[entry.id])
        self.entries[entry.id] = entry
        for name in entry.names:
            for index, key in ((self._exact, normalize(name)), (self._loose, org_key(name))):
                if not key:
                    continue
                other = index.get(key)
                if other is not None and other != entry.id and other in self.entries:
                    # a name shared by a group and its own subsidiary belongs to the group
                    if self._is_ancestor(other, entry.id):
                        continue
                    if not self._is_ancestor(entry.id, other):
                        self._ambiguous.add(key)
                index[key] = entry.id

    def _unindex(self, entry: KBEntry) -> None:
        for index in (self._exact, self._loose):
            for key in [k for k, v in index.items() if v == entry.id]:
                del index[key]

    def _is_ancestor(self, maybe_parent: str, child: str) -> bool:
        seen: set[str] = set()
        current = self.entries.get(child)
        while current is not None and current.parent and current.parent not in seen:
            if current.parent == maybe_parent:
                return True
            seen.add(current.parent)
            current = self.entries.get(current.parent)
        return False

    # -- queries --------------------------------------------------------
    def find(self, name: str) -> KBEntry | None:
        """The entry one of whose names equals ``name`` after normalisation, or None.

        Exact normalised match first, then a match ignoring legal-form words
        (``Co., Ltd.``, ``有限公司``). Names claimed by two unrelated entries
        match neither.
        """
        if not name or not name.strip():
            return None
        for index, key in ((self._exact, normalize(name)), (self._loose, org_key(name))):
            if key and key in index and key not in self._ambiguous:
                return self.entries.get(index[key])
        return None

    def get(self, entry_id: str) -> KBEntry | None:
        return self.entries.get(entry_id)

    def parent_of(self, entry: KBEntry) -> KBEntry | None:
        return self.entries.get(entry.parent) if entry.parent else None

    def root_of(self, entry: KBEntry) -> KBEntry:
        """The top group of an entry (itself when it has no parent)."""
        seen = {entry.id}
        while entry.parent and entry.parent in self.entries and entry.parent not in seen:
            entry = self.entries[entry.parent]
            seen.add(entry.id)
        return entry

    def prefix_entry(self, name: str, *, min_len: int = 2) -> KBEntry | None:
        """The entry whose name is the longest prefix of ``name`` (``PowerChina Chengdu`` -> PowerChina).

        For guessing the group of a subsidiary not in the knowledge base; the
        caller decides whether to trust it. Needs at least ``min_len``
        characters of key after the prefix to differ from :meth:`find`.
        """
        key = normalize(name)
        best: tuple[int, str] | None = None
        for n in range(len(key) - 1, min_len - 1, -1):
            prefix = key[:n]
            if prefix in self._exact and prefix not in self._ambiguous and len(prefix) >= min_len:
                best = (n, self._exact[prefix])
                break
        return self.entries.get(best[1]) if best else None

    def __iter__(self) -> Iterator[KBEntry]:
        return iter(self.entries.values())

    def __len__(self) -> int:
        return len(self.entries)

    def __contains__(self, entry_id: object) -> bool:
        return entry_id in self.entries

    # -- loading --------------------------------------------------------
    @classmethod
    def from_data(
        cls,
        data: dict[str, Any],
        *,
        source: str = "<data>",
        base: KnowledgeBase | None = None,
    ) -> KnowledgeBase:
        kb = base if base is not None else cls()
        if not isinstance(data, dict):
            raise KnowledgeBaseError("a knowledge base file must be a YAML mapping", source=source)
        provinces = data.get("provinces") or []
        if base is not None and not provinces:
            provinces = getattr(base, "_provinces", [])
        kb._provinces = list(provinces) or getattr(kb, "_provinces", [])  # type: ignore[attr-defined]
        for n, item in enumerate(data.get("entities") or []):
            kb.add(_entry(item, source, n))
        for n, pattern in enumerate(data.get("patterns") or []):
            for entry in _expand_pattern(pattern, kb._provinces, source, n):  # type: ignore[attr-defined]
                kb.add(entry)
        return kb

    @classmethod
    def load(
        cls,
        extra_paths: Iterable[str | os.PathLike[str]] = (),
        *,
        include_default: bool = True,
    ) -> KnowledgeBase:
        """The shipped knowledge base (unless ``include_default`` is false) extended by ``extra_paths``."""
        kb = cls()
        kb._provinces = []  # type: ignore[attr-defined]
        if include_default:
            ref = resources.files("pactgraph").joinpath("data/kb")
            for child in sorted(ref.iterdir(), key=lambda p: p.name):
                if child.name.endswith((".yaml", ".yml")):
                    kb = cls.from_data(yaml.safe_load(child.read_text("utf-8")), source=child.name, base=kb)
        for path in extra_paths:
            p = Path(path)
            try:
                text = p.read_text("utf-8")
            except OSError as exc:
                raise KnowledgeBaseError(
                    f"cannot read knowledge base file: {exc.strerror or exc}", source=str(p)
                ) from exc
            try:
                data = yaml.safe_load(text) or {}
            except yaml.YAMLError as exc:
                raise KnowledgeBaseError(f"not valid YAML: {exc}", source=str(p)) from exc
            kb = cls.from_data(data, source=str(p), base=kb)
        return kb

    @classmethod
    def default(cls) -> KnowledgeBase:
        """The shipped knowledge base plus the files named in ``PACTGRAPH_KB`` (cached per value)."""
        env = os.environ.get(ENV_VAR, "")
        cached = _DEFAULTS.get(env)
        if cached is None:
            paths = [p for p in env.split(os.pathsep) if p.strip()]
            cached = _DEFAULTS[env] = cls.load(paths)
        return cached


_DEFAULTS: dict[str, KnowledgeBase] = {}


def _entry(item: Any, source: str, n: int) -> KBEntry:
    if not isinstance(item, dict) or not item.get("id") or not (item.get("name_en") or item.get("name_zh")):
        raise KnowledgeBaseError(f"entity #{n + 1} needs an 'id' and a 'name_en' or 'name_zh'", source=source)
    aliases = item.get("aliases") or []
    if isinstance(aliases, str):
        aliases = [aliases]
    return KBEntry(
        id=str(item["id"]),
        name_en=str(item.get("name_en") or item.get("name_zh")),
        name_zh=item.get("name_zh"),
        aliases=[str(a) for a in aliases],
        kind=str(item.get("kind") or "company"),
        parent=item.get("parent"),
        province=item.get("province"),
    )


def _expand_pattern(pattern: Any, provinces: list[dict[str, str]], source: str, n: int) -> Iterator[KBEntry]:
    if not isinstance(pattern, dict) or not pattern.get("id"):
        raise KnowledgeBaseError(f"pattern #{n + 1} needs an 'id'", source=source)
    only = set(pattern.get("only") or [])
    exclude = set(pattern.get("exclude") or [])
    for prov in provinces:
        if (only and prov["en"] not in only) or prov["en"] in exclude:
            continue
        values = {
            "en": prov["en"],
            "zh": prov["zh"],
            "zh_full": prov.get("zh_full", prov["zh"]),
            "slug": _slug(prov["en"]),
        }
        try:
            yield KBEntry(
                id=pattern["id"].format(**values),
                name_en=pattern["name_en"].format(**values),
                name_zh=(pattern.get("name_zh") or "").format(**values) or None,
                aliases=[a.format(**values) for a in pattern.get("aliases") or []],
                kind=pattern.get("kind", "company"),
                parent=pattern.get("parent"),
                province=prov["en"],
            )
        except (KeyError, IndexError) as exc:
            raise KnowledgeBaseError(f"pattern #{n + 1} uses an unknown placeholder {exc}", source=source) from exc
