"""Benchmark: do the near-duplicate rules stay roughly linear?

Generates deterministic synthetic text (made-up words, no real article text), parses it once
with the run's NLP pipeline (not timed: parsing is the engine's cost, not the rules'), then
times FL201+FL202+FL203 on one document of ~12.5k, 25k and 50k words, and FL206 (collect for
every article, then finish) on runs of 500, 1000 and 2000 articles. Prints the figures; a
linear rule shows ratios close to 2 between consecutive sizes.

    .venv/bin/python bench/bench_duplicates.py
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable

from _synthetic import FUNCTION, vocabulary

from factlint.config import Config
from factlint.document import Document
from factlint.duplication import Repetition
from factlint.engine import Engine
from factlint.finding import Finding
from factlint.parse import parse_document
from factlint.registry import CorpusRule, DocumentRule


def sentence(rng: random.Random, vocab: list[str]) -> str:
    # Zipf-like choice: a few words are common, most are rare, as in real prose.
    words = []
    for _ in range(rng.randint(12, 22)):
        if rng.random() < 0.35:
            words.append(rng.choice(FUNCTION))
        else:
            words.append(vocab[min(int(rng.paretovariate(1.1)) - 1, len(vocab) - 1)
                               if rng.random() < 0.5 else rng.randrange(len(vocab))])
    return words[0].capitalize() + " " + " ".join(words[1:]) + "."


def reword(rng: random.Random, text: str) -> str:
    words = text.rstrip(".").split()
    i = rng.randrange(1, len(words))
    words[i] = words[i] + "ing"
    rng.shuffle(words)
    return " ".join(words).capitalize() + "."


def document(words: int, seed: int = 1) -> str:
    rng = random.Random(seed)
    vocab = vocabulary(rng, 6000)
    out, count, sentences = ["Synthetic Title", ""], 0, []
    while count < words:
        if len(out) % 12 == 2:
            out += [f"Heading {len(out)} {rng.choice(vocab)}", ""]
        para = []
        for _ in range(rng.randint(2, 5)):
            s = reword(rng, rng.choice(sentences)) if sentences and rng.random() < 0.03 else (
                sentence(rng, vocab))
            sentences.append(s)
            para.append(s)
            count += len(s.split())
        out += [" ".join(para), ""]
    return "\n".join(out)


def articles(n: int, seed: int = 2) -> list[str]:
    rng = random.Random(seed)
    vocab = vocabulary(rng, 20000)
    paras: list[str] = []
    out = []
    for k in range(n):
        body = []
        for _ in range(3):
            if paras and rng.random() < 0.05:
                body.append(reword(rng, rng.choice(paras)))
            else:
                p = " ".join(sentence(rng, vocab) for _ in range(2))
                paras.append(p)
                body.append(p)
        out.append(f"Article {k}\n\n" + "\n\n".join(body) + "\n")
    return out


def best_of(times: int, work: Callable[[], list[Finding]], reset: Callable[[], None]
            ) -> tuple[float, list[Finding]]:
    """The fastest of ``times`` runs (less noise from other processes), and its result;
    ``reset`` forgets what the shared analysis kept of the previous run."""
    best, result = float("inf"), []
    for _ in range(times):
        reset()
        t0 = time.perf_counter()
        result = work()
        best = min(best, time.perf_counter() - t0)
    return best, result


def annotated(engine: Engine, texts: list[tuple[str, str]]) -> list[Document]:
    """The documents, parsed whole (their windows are never released here)."""
    windows = engine.checker._annotated((parse_document(path, text) for path, text in texts),
                                        in_run=False)
    return [w.document for w in windows if w.last]


def main() -> None:
    engine = Engine(Config(select=["FL201", "FL202", "FL203", "FL206"]))
    in_doc = [r for r in engine.rules if isinstance(r, DocumentRule)]
    corpus_rule = next(r for r in engine.rules if isinstance(r, CorpusRule))
    repetition: Repetition = engine.checker.analyses.built["repetition"]

    def reset() -> None:
        repetition._window = repetition._article = None

    def rules_on(doc: Document) -> list[Finding]:
        """FL201-FL203 as the checker runs them on a one-window document."""
        return [f for r in in_doc for f in r.conclude(doc, [r.observe(doc, None)], None)]

    print("FL201+FL202+FL203 on one document")
    previous = None
    for words in (12_500, 25_000, 50_000):
        t0 = time.perf_counter()
        [doc] = annotated(engine, [(f"doc{words}.txt", document(words))])
        parse = time.perf_counter() - t0
        took, found = best_of(3, lambda doc=doc: rules_on(doc), reset)  # type: ignore[misc]
        ratio = f"  x{took / previous:.2f}" if previous else ""
        print(f"  {doc.word_count():>6} words: rules {took:6.2f}s ({len(found)} findings)"
              f"{ratio}   [parse {parse:.1f}s, not counted]")
        previous = took
    print("FL206 across a run of articles (collect + finish)")
    texts = articles(2000)
    t0 = time.perf_counter()
    docs = annotated(engine, [(f"post{k:05d}.txt", t) for k, t in enumerate(texts)])
    print(f"  [parse of 2000 articles {time.perf_counter() - t0:.1f}s, not counted]")

    def run(n: int) -> list[Finding]:
        items = [(d.path, corpus_rule.collect(d, None)) for d in docs[:n]]
        return list(corpus_rule.finish(items))

    run(50)  # warm-up: first use imports numpy
    previous = None
    for n in (500, 1000, 2000):
        took, found = best_of(3, lambda n=n: run(n), lambda: None)  # type: ignore[misc]
        ratio = f"  x{took / previous:.2f}" if previous else ""
        print(f"  {n:>6} articles: {took:6.2f}s ({len(found)} findings){ratio}")
        previous = took


if __name__ == "__main__":
    main()
