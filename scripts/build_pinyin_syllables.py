"""Derive the set of Hanyu Pinyin syllables from pypinyin's dictionary.

Run at build time; the extractor loads the small text file it writes, so that
recognising romanised Chinese names needs no pypinyin import at run time.
"""

from __future__ import annotations

from pathlib import Path

from pypinyin import Style, pinyin

OUT = Path(__file__).resolve().parent.parent / "src/pactgraph/data/en/pinyin_syllables.txt"


def main() -> None:
    syllables: set[str] = set()
    chars = "".join(chr(c) for c in range(0x4E00, 0x9FA6))
    for readings in pinyin(chars, style=Style.NORMAL, heteronym=True, errors="ignore"):
        for r in readings:
            r = r.replace("ü", "v")
            if r.isascii() and r.isalpha():
                syllables.add(r.lower())
    header = "# Hanyu Pinyin syllables, derived from pypinyin by scripts/build_pinyin_syllables.py\n"
    OUT.write_text(header + " ".join(sorted(syllables)) + "\n", encoding="utf-8")
    print(f"{len(syllables)} syllables -> {OUT}")


if __name__ == "__main__":
    main()
