"""Time the style rules (FL501-FL506) alone, after the NLP stage, over the fixture articles.

Prints documents, words, each rule's first pass (one-time loads) and then milliseconds
per pass and per 1,000 words spent in each rule's check. FL501's first pass is dominated by
textstat loading its syllable dictionary (about 2 s, once per process); its repeat passes
are textstat cache hits, so read the first-pass figure for it.
Usage: .venv/bin/python bench/style_rules.py [REPEAT]
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from factlint.config import Config
from factlint.engine import Engine
from factlint.nlp import annotate
from factlint.parse import parse_document, read_article

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    repeat = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    paths = sorted((ROOT / "fixtures").rglob("*.md")) + sorted((ROOT / "fixtures").rglob("*.txt"))
    engine = Engine(Config(select=["FL501", "FL502", "FL503", "FL504", "FL505", "FL506"]))
    nlp = engine.nlp()
    docs = [parse_document(str(p), read_article(str(p))) for p in paths]
    docs = list(annotate(docs, nlp))
    words = sum(d.word_count() for d in docs)
    print(f"{len(docs)} documents, {words} words, {repeat} repeats")
    for rule in engine.rules:
        start = time.perf_counter()
        for doc in docs:  # first pass: one-time loads (textstat's syllable dictionary)
            list(rule.check(doc, None))
        print(f"{rule.code}: first pass {(time.perf_counter() - start) * 1000:.1f} ms")
        start = time.perf_counter()
        for _ in range(repeat):
            for doc in docs:
                list(rule.check(doc, None))
        ms = (time.perf_counter() - start) * 1000 / repeat
        print(f"{rule.code}: {ms:.1f} ms per pass, {ms * 1000 / max(words, 1):.2f} ms per 1k words")


if __name__ == "__main__":
    main()
