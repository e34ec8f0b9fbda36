"""Benchmark: ``--executor dask`` with one and two local workers against a local run.

    .venv/bin/python bench/dask_scaling.py [--articles 400] [--words 400]

Writes ``--articles`` synthetic articles (bench.py's generator: invented names, no real
text, a few paragraphs copied between articles so FL206's join has pairs to confirm) to a
temporary folder and runs, each as a new ``factlint check --no-cache`` process:

- ``--jobs 1`` (one process, the reference report);
- ``--executor dask --jobs 1`` and ``--jobs 2`` (a LocalCluster of one or two worker
  processes);
- the same two on 2 articles: the fixed cost (cluster start, one model load per worker).

Prints wall seconds and CPU seconds (this process's children: the client and the
cluster's workers), and whether each report is byte-identical to the local one. Nothing is
asserted; the machine's other load is printed with the figures, read them with it.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench import article

ROOT = Path(__file__).resolve().parents[1]
FACTLINT = [sys.executable, "-m", "factlint", "check", "--no-cache"]


def write_corpus(folder: Path, count: int, words: int) -> None:
    rng = random.Random(5)
    texts = [article(i, words) for i in range(count)]
    for i, (name, text) in enumerate(texts):
        if i and rng.random() < 0.1:  # a paragraph recycled from an earlier article
            earlier = texts[rng.randrange(i)][1].split("\n\n")
            text += "\n\n" + max(earlier, key=len) + "\n"
        (folder / f"{i // 100:02d}").mkdir(exist_ok=True)
        (folder / f"{i // 100:02d}" / name).write_text(text, encoding="utf-8")


def timed(args: list[str]) -> tuple[float, float, str]:
    """Wall and CPU seconds of one run (CPU of every process it waited for), its stdout."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    run = subprocess.run([*FACTLINT, *args], cwd=ROOT, capture_output=True, text=True,
                         check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if run.returncode not in (0, 1):
        sys.exit(f"factlint {' '.join(args)} failed:\n{run.stderr}")
    return wall, cpu, run.stdout


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=400)
    parser.add_argument("--words", type=int, default=400)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        big, small = Path(tmp) / "archive", Path(tmp) / "two"
        big.mkdir()
        small.mkdir()
        write_corpus(big, args.articles, args.words)
        write_corpus(small, 2, args.words)
        print(f"{args.articles} articles of about {args.words} words; load average "
              f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
        print(f"{'run':<34} {'wall s':>8} {'CPU s':>8}  same report")
        reference = None
        runs = [("local, --jobs 1", ["--jobs", "1"], big),
                ("dask, 1 worker", ["--executor", "dask", "--jobs", "1"], big),
                ("dask, 2 workers", ["--executor", "dask", "--jobs", "2"], big),
                ("dask, 1 worker, 2 articles", ["--executor", "dask", "--jobs", "1"], small),
                ("dask, 2 workers, 2 articles", ["--executor", "dask", "--jobs", "2"], small)]
        for label, extra, folder in runs:
            wall, cpu, out = timed([*extra, str(folder)])
            if folder is big and reference is None:
                reference = out
            same = "" if folder is not big else ("yes" if out == reference else "NO")
            print(f"{label:<34} {wall:8.1f} {cpu:8.1f}  {same}", flush=True)
        print(f"load average after: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
