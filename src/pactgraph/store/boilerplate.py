"""Page boilerplate out of the full-text index: navigation, share bars, bylines, footers.

The search index holds what an article says, not the site around it. The
line patterns are the extractors' own (``extract.en.text.is_debris`` and the
``line``/``footer`` patterns of ``data/zh/debris.yaml``), so search and
extraction agree on what is debris; the stored document text is untouched.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

import yaml

DEBRIS = Path(__file__).resolve().parent.parent / "data" / "zh" / "debris.yaml"


@functools.cache
def _zh_patterns() -> tuple[re.Pattern[str] | None, re.Pattern[str] | None]:
    data = yaml.safe_load(DEBRIS.read_text(encoding="utf-8")) or {}

    def join(items: list[str]) -> re.Pattern[str] | None:
        return re.compile("|".join(f"(?:{p})" for p in items)) if items else None

    return join(data.get("line") or []), join(data.get("footer") or [])


def content(text: str) -> str:
    """``text`` without its boilerplate lines (and without everything after a Chinese page footer)."""
    from pactgraph.extract.en.text import is_debris

    line_re, footer_re = _zh_patterns()
    kept = []
    for n, raw in enumerate(text.splitlines()):
        line = raw.strip()
        if not line:
            continue
        if n > 0 and footer_re is not None and footer_re.search(line):
            break
        if is_debris(line) or (line_re is not None and line_re.search(line)):
            continue
        kept.append(line)
    return "\n".join(kept)
