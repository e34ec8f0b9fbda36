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
  ``n_process`` the same number of processes, in a process of its own
  (``bench/_ceiling.py``): spaCy as installed, on the matrix kernels BLIS picks itself;
* the same ceiling on the kernels factlint gives BLIS (``factlint.kernels``), so the
  part of the ratio that is the kernels and the part that is parsing and linting less
  show apart (``--no-same-kernels`` leaves it out).

Each side's CPU time is this process's ``time.process_time`` plus the CPU of the worker
processes it waited for (``RUSAGE_CHILDREN``), so the ratio holds on a machine busy with
other work; wall time is printed too. The ratio is the median of the rounds' ratios
(factlint words per CPU-second / nlp.pipe words per CPU-second): above 1, factlint lints
the text in less CPU than spaCy's bare pipeline takes to parse it. ``--profile FILE``
writes a cProfile of one extra one-process factlint run instead.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
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


class Ceiling:
    """Raw ``nlp.pipe`` over the texts in a child process (``bench/_ceiling.py``)."""

    def __init__(self, texts_file: Path, factlint_kernels: bool) -> None:
        script = Path(__file__).resolve().parent / "_ceiling.py"
        cmd = [sys.executable, str(script), str(texts_file)]
        if factlint_kernels:
            cmd.append("--factlint-kernels")
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in sys.path if p))
        self._child = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                       text=True, env=env)
        assert self._child.stdout is not None
        ready = self._child.stdout.readline().split()
        if not ready or ready[0] != "ready":
            raise SystemExit("the ceiling process did not start")
        self.pipe_names = ready[1] if len(ready) > 1 else ""

    def run(self, jobs: int) -> tuple[float, float]:
        """(CPU seconds, wall seconds) of one ``nlp.pipe`` over the texts."""
        assert self._child.stdin is not None and self._child.stdout is not None
        self._child.stdin.write(f"{jobs}\n")
        self._child.stdin.flush()
        cpu, wall = self._child.stdout.readline().split()
        return float(cpu), float(wall)

    def close(self) -> None:
        if self._child.stdin is not None:
            self._child.stdin.close()
        self._child.wait()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=100)
    parser.add_argument("--words", type=int, default=1000, help="about this many words each")
    parser.add_argument("--jobs", default="1,2", help="process counts to measure (1,2)")
    parser.add_argument("--repeat", type=int, default=3, help="pairs of runs per count")
    parser.add_argument("--keep", metavar="DIR", help="build the corpus here and keep it")
    parser.add_argument("--profile", metavar="FILE", help="cProfile one factlint run to FILE")
    parser.add_argument("--no-same-kernels", action="store_true",
                        help="leave out the ceiling on factlint's matrix kernels")
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
        texts_file = root / "texts.json"
        texts_file.write_text(json.dumps(texts), encoding="utf-8")
        ceilings = {"spaCy as installed": Ceiling(texts_file, factlint_kernels=False)}
        if not args.no_same_kernels:
            ceilings["spaCy, factlint's kernels"] = Ceiling(texts_file, factlint_kernels=True)
        first = next(iter(ceilings.values()))
        print(f"ceiling pipeline: {first.pipe_names.replace(',', ', ')}")
        for jobs in (int(j) for j in args.jobs.split(",")):
            engine = Engine(config, jobs=jobs)
            nlp = engine.nlp()
            if jobs == 1 and args.profile:
                import cProfile

                prof = cProfile.Profile()
                prof.runcall(engine.run, [Source(f) for f in files])
                prof.dump_stats(args.profile)
                print(f"profile written to {args.profile}")
            from factlint.kernels import use_fast_kernels

            print(f"processes: {jobs}; factlint pipeline: {', '.join(nlp.nlp.pipe_names)}; "
                  f"BLIS kernels: {use_fast_kernels()}")
            ours: list[tuple[float, float]] = []
            theirs: dict[str, list[tuple[float, float]]] = {label: [] for label in ceilings}
            for _ in range(args.repeat):
                ours.append(measure(lambda e=engine: e.run([Source(f) for f in files])))
                for label, ceiling in ceilings.items():
                    theirs[label].append(ceiling.run(jobs))
            if not ours:  # --repeat 0: only the profile was asked for
                continue
            for label, runs in (("factlint check", ours), *theirs.items()):
                cpu = statistics.median(r[0] for r in runs)
                wall = statistics.median(r[1] for r in runs)
                print(f"  {label}: {words / cpu:8.0f} words/CPU-s ({cpu:.2f} CPU-s), "
                      f"{words / wall:8.0f} words/s wall ({wall:.2f} s)")
            for label, runs in theirs.items():
                ratios = [b[0] / a[0] for a, b in zip(ours, runs, strict=True)]
                wall_ratio = statistics.median(b[1] / a[1] for a, b in zip(ours, runs,
                                                                          strict=True))
                print(f"  ratio per CPU-second against {label}: "
                      f"{statistics.median(ratios):.2f} "
                      f"(rounds: {', '.join(f'{r:.2f}' for r in ratios)}); wall {wall_ratio:.2f}")
        for ceiling in ceilings.values():
            ceiling.close()
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
