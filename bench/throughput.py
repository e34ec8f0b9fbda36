"""factlint's throughput against raw spaCy on a varied corpus, per CPU-second and wall.

    .venv/bin/python bench/throughput.py [--articles 100] [--words 1000] [--jobs 1,2]
                                         [--repeat 3] [--keep DIR] [--profile FILE]

Builds the varied synthetic corpus of ``bench/_varied.py`` (sentences drawn from a
grammar, quotes, lists, dates, links, headings; a reference file for the invented work,
which ``--no-facts`` leaves out), then, for each number of processes, alternates the two
sides ``--repeat`` times:

* factlint: a full lint of the corpus with every rule and the reference file
  (``Engine.run``, no cache; the model is loaded once, outside the timings);
* the ceiling: raw ``nlp.pipe`` of the *full* ``en_core_web_sm`` pipeline (every
  component the package enables, as ``spacy.load`` gives it) on the same texts, with
  ``n_process`` the same number of processes.

Each side's CPU time is this process's ``time.process_time`` plus the CPU of the worker
processes it waited for (``RUSAGE_CHILDREN``), so the ratio holds on a machine busy with
other work; wall time is printed too. The ratio is the median of the pairs' ratios
(factlint words per CPU-second / nlp.pipe words per CPU-second): above 1, factlint lints
the text in less CPU than spaCy's bare pipeline takes to parse it. ``--profile FILE``
writes a cProfile of one extra one-process factlint run instead.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _varied import write_varied


def _children_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def measure(work: Callable[[], object]) -> tuple[float, float]:
    """(CPU seconds, wall seconds) of ``work()``, its waited-for child processes included."""
    cpu0, child0, wall0 = time.process_time(), _children_cpu(), time.perf_counter()
    work()
    wall = time.perf_counter() - wall0
    return time.process_time() - cpu0 + _children_cpu() - child0, wall


def full_pipeline() -> object:
    """The full pipeline of the installed en_core_web_sm package, as spaCy loads it."""
    import spacy

    from factlint.nlp import DEFAULT_MODELS

    for name in DEFAULT_MODELS:
        if spacy.util.is_package(name):
            return spacy.load(name)
    raise SystemExit("no en_core_web_sm package is installed")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=100)
    parser.add_argument("--words", type=int, default=1000, help="about this many words each")
    parser.add_argument("--jobs", default="1,2", help="process counts to measure (1,2)")
    parser.add_argument("--repeat", type=int, default=3, help="pairs of runs per count")
    parser.add_argument("--keep", metavar="DIR", help="build the corpus here and keep it")
    parser.add_argument("--profile", metavar="FILE", help="cProfile one factlint run to FILE")
    parser.add_argument("--no-facts", action="store_true",
                        help="lint without the reference file (the FL4xx rules stay silent "
                             "and read no entities)")
    args = parser.parse_args(argv)

    from factlint.config import Config
    from factlint.engine import Engine, Source

    root = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="factlint-tp-"))
    try:
        corpus = root / "corpus"
        if corpus.exists():
            shutil.rmtree(corpus)
        words = write_varied(corpus, args.articles, args.words)
        files = sorted(str(p) for p in corpus.iterdir() if p.name != "facts.yaml")
        texts = [Path(f).read_text(encoding="utf-8") for f in files]
        print(f"corpus: {len(files)} varied synthetic articles, {words} words, in {corpus}")
        config = Config()
        if args.no_facts:  # also the one beside the articles, which a check would find
            (corpus / "facts.yaml").rename(root / "facts.yaml")
            print("reference file: none")
        else:
            config.facts = [str(corpus / "facts.yaml")]
        full = full_pipeline()
        print(f"ceiling pipeline: {', '.join(full.pipe_names)}")  # type: ignore[attr-defined]
        for jobs in (int(j) for j in args.jobs.split(",")):
            engine = Engine(config, jobs=jobs)
            nlp = engine.nlp()
            if jobs == 1 and args.profile:
                import cProfile

                prof = cProfile.Profile()
                prof.runcall(engine.run, [Source(f) for f in files])
                prof.dump_stats(args.profile)
                print(f"profile written to {args.profile}")
            print(f"processes: {jobs}; factlint pipeline: {', '.join(nlp.nlp.pipe_names)}")
            ours, theirs, ratios = [], [], []
            for _ in range(args.repeat):
                a = measure(lambda e=engine: e.run([Source(f) for f in files]))
                b = measure(lambda j=jobs: [None for _ in full.pipe(  # type: ignore[attr-defined]
                    texts, batch_size=64, n_process=j)])
                ours.append(a)
                theirs.append(b)
                ratios.append(b[0] / a[0])
            if not ratios:  # --repeat 0: only the profile was asked for
                continue
            for label, runs in (("factlint check", ours), ("spaCy nlp.pipe", theirs)):
                cpu = statistics.median(r[0] for r in runs)
                wall = statistics.median(r[1] for r in runs)
                print(f"  {label}: {words / cpu:8.0f} words/CPU-s ({cpu:.2f} CPU-s), "
                      f"{words / wall:8.0f} words/s wall ({wall:.2f} s)")
            print(f"  ratio per CPU-second: {statistics.median(ratios):.2f} "
                  f"(pairs: {', '.join(f'{r:.2f}' for r in ratios)})")
            wall_ratio = statistics.median(b[1] / a[1] for a, b in zip(ours, theirs,
                                                                      strict=True))
            print(f"  ratio wall: {wall_ratio:.2f}")
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
