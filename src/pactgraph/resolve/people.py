"""People: one entity per real person, merged on name plus organization context.

Two mentions with the same name key are the same person when their contexts
share an organization, the organization's group (``kb:spic`` for CPID's
chairman) or an administrative division (a mayor and a party secretary of
Changchun). Same name at unrelated organizations: two people. Chinese names
key on their pinyin, so ``何锡`` and ``He Xi`` meet when their organizations do.
"""

from __future__ import annotations

from functools import lru_cache

from pactgraph.resolve.index import EntityIndex
from pactgraph.resolve.names import has_cjk, person_key

_pinyin = None


@lru_cache(maxsize=65536)
def name_key(name: str) -> str:
    """Order-free key of a person's name: ``He Xi``, ``Xi He`` and ``何锡`` share ``he xi``."""
    global _pinyin
    key = person_key(name)
    if not key:
        return ""
    if has_cjk(key):
        if _pinyin is None:
            try:
                from pypinyin import lazy_pinyin

                _pinyin = lazy_pinyin
            except ImportError:
                _pinyin = False  # type: ignore[assignment]
        if not _pinyin:
            return key
        syllables = _pinyin(key)  # type: ignore[operator]
        if len(syllables) < 2:
            return "".join(syllables)
        tokens = [syllables[0], "".join(syllables[1:])]
    else:
        import re
        import unicodedata

        text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
        text = re.sub(r"^(?:mr|mrs|ms|dr|prof)\.?\s+", "", text.strip())
        tokens = [t for t in re.split(r"[^a-z]+", text) if t]
        if not tokens:
            return key
    return " ".join(sorted(tokens))


class PersonResolver:
    """Resolves people to entities of an :class:`EntityIndex` using their organization context."""

    def __init__(self, index: EntityIndex) -> None:
        self.index = index

    def resolve(self, name: str, context: set[str], weak_context: set[str] | None = None) -> int:
        """The entity of a person named ``name`` whose own organizations/divisions are ``context``.

        ``weak_context`` (the document's other organizations) is used only when
        the person has no context of their own.
        """
        key = name_key(name)
        candidates = self.index.ids_for_name("person", key) if key else set()
        own = set(context)
        probe = own or set(weak_context or ())
        best, best_overlap = None, 0
        for entity_id in sorted(candidates):
            overlap = len(self.index.entities[entity_id].context & probe)
            if overlap > best_overlap:
                best, best_overlap = entity_id, overlap
        if best is None and candidates:
            if not own and len(candidates) == 1:
                best = next(iter(candidates))
            else:
                # a namesake nobody has placed yet contradicts nothing
                blank = [i for i in sorted(candidates) if not self.index.entities[i].context]
                if blank:
                    best = blank[0]
        if best is None:
            n = len(candidates) + 1
            base = f"person:{key or name}"[:280]
            ident = base if n == 1 and base not in self.index.by_key else f"{base}#{n}"
            while ident in self.index.by_key:
                n += 1
                ident = f"{base}#{n}"
            state = self.index.create(
                "person",
                ident,
                name.strip(),
                name_en=None if has_cjk(name) else name.strip(),
                name_zh=name.strip() if has_cjk(name) else None,
            )
            best = state.id
        state = self.index.entities[best]
        if own - state.context:
            state.context |= own
            self.index.touch(best)
        if has_cjk(name) and not state.name_zh:
            state.name_zh = name.strip()
            self.index.touch(best)
        elif not has_cjk(name) and not state.name_en:
            state.name_en = name.strip()
            self.index.touch(best)
        self.index.add_name(best, name, key)
        return best
