"""Benchmark: FL206's cost across 500 to 8,000 articles, per doubling.

Generates the deterministic synthetic run of bench_duplicates.py (made-up words, no real
text; about one paragraph in twenty a reworded copy of an earlier one), parses it once with
the run's NLP pipeline (not timed), then times FL206's own work on the first 500, 1,000,
2,000, 4,000 and 8,000 articles: ``collect`` on every article and ``finish`` on all of
them (the best of ``--repeat`` runs), in CPU seconds of this process (a busy machine
stretches wall time, not CPU time). A linear rule shows x2.0 per doubling.

    .venv/bin/python bench/fl206_scaling.py [--max 8000] [--repeat 3] [--items FILE]

``--items FILE`` keeps the collected paragraphs (pickled) so a second run skips the
parse and times ``finish`` alone on them as well.
"""

from __future__ import annotations

import argparse
import os
import pickle
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_duplicates import annotated, articles

from factlint.config import Config
from factlint.engine import Engine
from factlint.registry import CorpusRule


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--max", type=int, default=8000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--items", help="pickle of the collected paragraphs (kept between runs)")
    args = parser.parse_args(argv)
    sizes = [n for n in (500, 1000, 2000, 4000, 8000, 16000) if n <= args.max]
    engine = Engine(Config(select=["FL206"]))
    rule = next(r for r in engine.rules if isinstance(r, CorpusRule))
    collect_time: dict[int, float] = {}
    if args.items and os.path.exists(args.items):
        with open(args.items, "rb") as fh:
            items: list[tuple[str, Any]] = pickle.load(fh)
        print(f"[{len(items)} articles' paragraphs from {args.items}; collect not timed]")
    else:
        texts = articles(sizes[-1])
        t0 = time.perf_counter()
        docs = annotated(engine, [(f"post{k:05d}.txt", t) for k, t in enumerate(texts)])
        print(f"[parse of {len(docs)} articles {time.perf_counter() - t0:.1f}s, not counted]")
        items = []
        mark = 0
        t0 = time.process_time()
        for k, d in enumerate(docs, 1):
            items.append((d.path, rule.collect(d, None)))
            if k in sizes:  # collect is per article: its cost is the running total
                collect_time[k] = time.process_time() - t0
                mark = k
        assert mark == sizes[-1]
        if args.items:
            with open(args.items, "wb") as fh:
                pickle.dump(items, fh)
    list(rule.finish(items[:50]))  # warm-up: first use imports numpy
    previous = None
    print(f"CPU seconds\n{'articles':>8} {'collect':>8} {'finish':>8} {'total':>8} "
          f"{'per doubling':>12} findings")
    for n in sizes:
        best = float("inf")
        found = 0
        for _ in range(args.repeat):
            t0 = time.process_time()
            found = len(list(rule.finish(items[:n])))
            best = min(best, time.process_time() - t0)
        total = best + collect_time.get(n, 0.0)
        ratio = f"x{total / previous:.2f}" if previous else ""
        print(f"{n:>8} {collect_time.get(n, float('nan')):8.2f} {best:8.2f} {total:8.2f} "
              f"{ratio:>12} {found}")
        previous = total


if __name__ == "__main__":
    main()
