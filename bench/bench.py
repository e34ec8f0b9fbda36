"""factlint benchmark: throughput against the bare spaCy ceiling, cold start, cached re-run.

    .venv/bin/python bench/bench.py [--articles 1000] [--jobs N]

Generates a deterministic corpus of synthetic articles (invented titles, names and
sentences; no real text) in a temporary folder, then prints:

* words/second of a factlint run over the corpus (no cache, model already loaded);
* words/second of spaCy ``nlp.pipe`` alone on the same texts, with the very pipeline
  factlint loaded for its rules and the same number of processes (the ceiling);
* their ratio;
* the cold start of ``factlint check`` on one file (a fresh process, no cache);
* the time of a fully cached re-run of ``factlint check`` over 1,000 articles.

Each timing is the best of ``--repeat`` runs (the least disturbed by other work on the
machine). Nothing here is asserted: the figures are for people (and the issue notes),
not for the test suite.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# -- a deterministic corpus -------------------------------------------------------------
_SYLLABLES = ["ka", "ri", "mo", "ten", "sa", "lo", "vek", "dra", "mi", "zu", "no", "bel",
              "ta", "ren", "shi", "ko", "val", "ea", "or", "lin"]
_TITLES = ["Academy", "Chronicle", "Frontier", "Requiem", "Harbor", "Signal", "Garden"]
_ROLES = ["pilot", "archivist", "rival", "captain", "student council president", "detective",
          "mechanic", "songwriter"]
_ORGS = ["Studio Lumen", "Northwind Pictures", "Atelier Quill", "Paper Moon Works"]
_MONTHS = ["January", "March", "April", "July", "October", "December"]
_SENTENCES = [
    "{a} returns as the {role}, and the script gives the character room to grow.",
    "The second season adapts volumes {n} to {m} of the light novel.",
    "{org} animates the series again, with {b} directing the first cour.",
    "Episode {n} moves the story to {place}, where {a} meets {b} for the first time.",
    "According to the official site, the premiere is set for {month} {year}.",
    "Critics praised the soundtrack, which mixes strings with synthesizers.",
    "The opening theme is performed by {b}, who also wrote the lyrics.",
    "{a} and {b} spend most of the arc arguing about the {role}'s plan.",
    "Fans noticed that the pacing slows down after episode {n}.",
    "The finale leaves the fate of {place} open for a third season.",
    "A new trailer shows {a} in a uniform from the {org} archives.",
    "Streaming rights went to three platforms in {year}, which widened the audience.",
]
_HEADINGS = ["Release date", "Plot", "Characters", "Cast and crew", "Trailer", "Music",
             "Reception", "Where to watch", "What to expect"]


def _name(rng: random.Random) -> str:
    first = "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()
    last = "".join(rng.choice(_SYLLABLES) for _ in range(2)).capitalize()
    return f"{first} {last}"


def _paragraph(rng: random.Random, people: list[str], place: str, org: str) -> str:
    out = []
    for _ in range(rng.randint(3, 6)):
        n = rng.randint(1, 11)
        out.append(rng.choice(_SENTENCES).format(
            a=rng.choice(people), b=rng.choice(people), role=rng.choice(_ROLES), n=n,
            m=n + rng.randint(1, 4), org=org, place=place, month=rng.choice(_MONTHS),
            year=rng.randint(2019, 2026)))
    return " ".join(out)


def article(index: int, target_words: int) -> tuple[str, str]:
    """(file name, text) of synthetic article ``index``; the same on every run."""
    rng = random.Random(index)
    show = f"{_name(rng).split()[0]} {rng.choice(_TITLES)}"
    people = [_name(rng) for _ in range(5)]
    place = f"{_name(rng).split()[1]} City"
    org = rng.choice(_ORGS)
    markdown = index % 3 != 0
    headings = rng.sample(_HEADINGS, 5)
    if index % 5 == 0:
        headings.append(headings[1])  # a repeated heading: something for FL101 to find
    parts: list[str] = []
    words = 0
    title = f"{show} Season {rng.randint(2, 4)}: Everything We Know"
    parts.append(f"# {title}" if markdown else title)
    for heading in headings:
        parts.append(f"## {heading}" if markdown else heading)
        for _ in range(rng.randint(1, 3)):
            para = _paragraph(rng, people, place, org)
            if markdown and rng.random() < 0.3:
                para += f" ([source](https://example.com/{index}/{rng.randint(1, 99)}))"
            parts.append(para)
            words += len(para.split())
        if words >= target_words:
            break
    suffix = ".md" if markdown else ".txt"
    return f"article-{index:05d}{suffix}", "\n\n".join(parts) + "\n"


def write_corpus(folder: Path, count: int, target_words: int) -> int:
    """Write ``count`` articles into ``folder``; returns the number of words."""
    folder.mkdir(parents=True, exist_ok=True)
    total = 0
    for i in range(count):
        name, text = article(i, target_words)
        (folder / name).write_text(text, encoding="utf-8")
        total += len(text.split())
    return total


# -- measurements -----------------------------------------------------------------------
def _factlint_cmd() -> list[str]:
    return [sys.executable, "-m", "factlint"]


def _wall(cmd: list[str], cwd: Path, env: dict[str, str] | None = None) -> float:
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, check=False, env=env)
    elapsed = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{proc.stderr}")
    return elapsed


def throughput(corpus: Path, jobs: int, repeat: int) -> tuple[float, float, int, str]:
    """(factlint seconds, nlp.pipe seconds, words, pipeline description), warm model."""
    from factlint.config import Config
    from factlint.engine import Engine, Source

    config = Config()
    files = sorted(str(p) for p in corpus.iterdir())
    texts = [Path(f).read_text(encoding="utf-8") for f in files]
    words = sum(len(t.split()) for t in texts)
    engine = Engine(config, jobs=jobs)
    nlp = engine.nlp()  # loaded once, outside the timings, for both sides
    described = f"{nlp.name} {nlp.version}: {', '.join(nlp.nlp.pipe_names)}"
    ours, ceiling = [], []
    for _ in range(repeat):
        start = time.perf_counter()
        engine.run([Source(f) for f in files])
        ours.append(time.perf_counter() - start)
        start = time.perf_counter()
        for _doc in nlp.nlp.pipe(texts, batch_size=64, n_process=jobs):
            pass
        ceiling.append(time.perf_counter() - start)
    return min(ours), min(ceiling), words, described


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=1000,
                        help="articles in the throughput corpus (default 1000)")
    parser.add_argument("--words", type=int, default=600, help="about this many words each")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1,
                        help="processes for both factlint and nlp.pipe (default: CPUs)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per timing (best of)")
    parser.add_argument("--keep", metavar="DIR", help="build the corpus here and keep it")
    args = parser.parse_args(argv)

    root = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="factlint-bench-"))
    try:
        corpus = root / "corpus"
        if corpus.exists():
            shutil.rmtree(corpus)
        words = write_corpus(corpus, args.articles, args.words)
        print(f"corpus: {args.articles} synthetic articles, {words} words, in {corpus}")

        for jobs in dict.fromkeys([args.jobs, 1]):
            ours, ceiling, counted, pipeline = throughput(corpus, jobs, args.repeat)
            print(f"pipeline: {pipeline}; processes: {jobs}")
            print(f"  factlint check:   {counted / ours:10.0f} words/s ({ours:.2f} s)")
            print(f"  spaCy nlp.pipe:   {counted / ceiling:10.0f} words/s ({ceiling:.2f} s)")
            print(f"  ratio:            {ceiling / ours:10.2f} (factlint / nlp.pipe throughput)")

        one = corpus / sorted(os.listdir(corpus))[1]
        cold = min(
            _wall([*_factlint_cmd(), "check", "--isolated", "--no-cache", str(one)], root)
            for _ in range(args.repeat)
        )
        print(f"cold start:       {cold:10.2f} s (one file, new process, no cache)")

        cached_corpus = root / "cached"
        if cached_corpus.exists():
            shutil.rmtree(cached_corpus)
        write_corpus(cached_corpus, 1000, args.words)
        cache_dir = root / "cache"
        shutil.rmtree(cache_dir, ignore_errors=True)
        cmd = [*_factlint_cmd(), "check", "--isolated", "--cache-dir", str(cache_dir),
               "--format", "json", str(cached_corpus)]
        fill = _wall(cmd, root)
        warm = min(_wall(cmd, root) for _ in range(args.repeat))
        print(f"cached re-run:    {warm:10.2f} s (1000 articles; first run {fill:.2f} s)")
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
