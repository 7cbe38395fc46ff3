"""Extraction speed: pactgraph against the bare NLP it stands on, in one process.

    .venv/bin/python bench/extract_speed.py [--docs N] [--corpus ../shared/corpus/dev]

English: documents/s of ``pactgraph`` extraction over N documents (the dev set
repeated) next to a bare ``nlp.pipe`` of the full ``en_core_web_sm`` pipeline
over the same texts. Chinese: documents/s next to a bare ``jieba.posseg`` pass.
Prints ratios (targets of issue 9: English >= 0.8, Chinese >= 0.5) and peak RSS. Machines
here are noisy: runs alternate and medians are reported.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def load_texts(corpus: Path) -> dict[str, list[dict]]:
    from pactgraph.extract.language import detect_language

    by_lang: dict[str, list[dict]] = {"en": [], "zh": []}
    for line in (corpus / "docs.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            doc = json.loads(line)
            by_lang[detect_language(doc["text"])].append(doc)
    return by_lang


def repeat(docs: list[dict], n: int) -> list[dict]:
    out = []
    while len(out) < n:
        for d in docs:
            out.append({**d, "id": f"{d['id']}#{len(out)}"})
            if len(out) == n:
                break
    return out


def timed(fn, *args) -> float:  # noqa: ANN001
    start = time.perf_counter()
    fn(*args)
    return time.perf_counter() - start


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=2000, help="English documents per run")
    ap.add_argument("--zh-docs", type=int, default=1000, help="Chinese documents per run")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--corpus", type=Path, default=REPO.parent / "shared" / "corpus" / "dev")
    args = ap.parse_args()

    import spacy  # noqa: F401 - imported before timing

    from pactgraph.extract.en.nlp import PIPELINE_PACKAGE
    from pactgraph.extract.pipeline import Extractor
    from pactgraph.ingest.documents import Document

    by_lang = load_texts(args.corpus)
    extractor = Extractor(batch_size=64)
    import importlib

    full_nlp = importlib.import_module(PIPELINE_PACKAGE).load()

    def run_pactgraph(docs: list[dict]) -> None:
        items = [Document(id=d["id"], text=d["text"], url=d.get("url"), published=d.get("published")) for d in docs]
        for result in extractor.pipe(items):
            if not result.ok:
                raise SystemExit(f"extraction failed: {result.error}")

    def run_bare_spacy(docs: list[dict]) -> None:
        for _ in full_nlp.pipe([d["text"] for d in docs], batch_size=64):
            pass

    def run_bare_jieba(docs: list[dict]) -> None:
        import jieba.posseg

        for d in docs:
            list(jieba.posseg.cut(d["text"]))

    def run_bare_jieba_simplified(docs: list[dict]) -> None:
        # jieba's HMM is slow on traditional characters it does not know and pactgraph folds to
        # simplified first: this is the like-for-like baseline (folding included)
        import jieba.posseg
        import opencc

        t2s = opencc.OpenCC("t2s")
        for d in docs:
            list(jieba.posseg.cut(t2s.convert(d["text"])))

    report = {}
    for lang, n, bare_name, bare in (
        ("en", args.docs, "bare en_core_web_sm nlp.pipe (full pipeline)", run_bare_spacy),
        ("zh", args.zh_docs, "bare jieba.posseg.cut", run_bare_jieba),
        ("zh", args.zh_docs, "bare OpenCC t2s + jieba.posseg.cut", run_bare_jieba_simplified),
    ):
        if not by_lang[lang]:
            continue
        docs = repeat(by_lang[lang], n)
        run_pactgraph(docs[:50])  # warm up: load models and dictionaries outside the timing
        bare(docs[:50])
        ours, theirs = [], []
        for _ in range(args.rounds):
            ours.append(len(docs) / timed(run_pactgraph, docs))
            theirs.append(len(docs) / timed(bare, docs))
        words = sum(len(d["text"].split()) for d in docs) / len(docs)
        key = f"{lang} vs {bare_name}"
        report[key] = {
            "documents": len(docs),
            "pactgraph_docs_per_s": statistics.median(ours),
            "bare_docs_per_s": statistics.median(theirs),
            "ratio": statistics.median(o / t for o, t in zip(ours, theirs, strict=True)),
            "bare": bare_name,
            "mean_words": round(words),
        }
        r = report[key]
        print(
            f"{lang}: {r['documents']} docs x {args.rounds} rounds | pactgraph {r['pactgraph_docs_per_s']:.1f} docs/s"
            f" | {bare_name} {r['bare_docs_per_s']:.1f} docs/s | ratio {r['ratio']:.2f}",
            flush=True,
        )
    print(f"peak RSS {peak_rss_mb():.0f} MB")
    json.dump({**report, "peak_rss_mb": round(peak_rss_mb())}, sys.stderr)
    print(file=sys.stderr)


if __name__ == "__main__":
    main()
