"""Benchmark: the pre-commit hook's run on one new article against a large ``--archive``.

Generates a deterministic archive of synthetic articles (made-up words, no real article
text) and one new article that copies a paragraph of one of them, then times, each in a
new ``factlint check`` process as the hook starts it (every rule, default options):

- cold: empty cache; every archive article is parsed for FL206's paragraph summaries;
- warm: the archive unchanged, a new article: only the article is parsed;
- warm, one archive article edited: that article and the new one are parsed;
- the same one-file check without an archive, for the archive's share of the warm run.

The warm and no-archive checks are each run ``--repeat`` times (a new article each time,
as a hook sees it) and their median is shown; the archive's share of a warm run is the
difference of the two medians (on a loaded machine, compare it with their spread).

    .venv/bin/python bench/archive.py [--articles 2000] [--repeat 3] [--jobs N] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _synthetic import FUNCTION, vocabulary


def sentence(rng: random.Random, vocab: list[str]) -> str:
    """12-22 words, a third of them function words; content words Zipf-like, as in prose."""
    words = []
    for _ in range(rng.randint(12, 22)):
        if rng.random() < 0.35:
            words.append(rng.choice(FUNCTION))
        elif rng.random() < 0.5:
            words.append(vocab[min(int(rng.paretovariate(1.1)) - 1, len(vocab) - 1)])
        else:
            words.append(rng.choice(vocab))
    return words[0].capitalize() + " " + " ".join(words[1:]) + "."


def paragraph(rng: random.Random, vocab: list[str]) -> str:
    return " ".join(sentence(rng, vocab) for _ in range(rng.randint(2, 3)))


def write_archive(folder: Path, count: int, seed: int = 7) -> list[list[str]]:
    """``count`` articles of a title, two headings and five paragraphs; their paragraphs."""
    rng = random.Random(seed)
    vocab = vocabulary(rng, 20000)
    all_paragraphs: list[list[str]] = []
    for k in range(count):
        paras = [paragraph(rng, vocab) for _ in range(5)]
        all_paragraphs.append(paras)
        body = (f"# Archive article {k}\n\n{paras[0]}\n\n## Story\n\n{paras[1]}\n\n{paras[2]}\n\n"
                f"## Reception\n\n{paras[3]}\n\n{paras[4]}\n")
        (folder / f"{k // 100:02}").mkdir(exist_ok=True)
        (folder / f"{k // 100:02}" / f"article-{k:05}.md").write_text(body, encoding="utf-8")
    return all_paragraphs


def new_article(rng: random.Random, vocab: list[str], copied: str, n: int) -> str:
    return (f"# New article {n}\n\n{paragraph(rng, vocab)}\n\n## Story\n\n{copied}\n\n"
            f"{paragraph(rng, vocab)}\n")


def timed(cmd: list[str], cwd: Path) -> tuple[float, dict[str, object]]:
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - t0
    if proc.returncode not in (0, 1):
        sys.exit(f"factlint failed ({proc.returncode}): {proc.stderr.strip()}")
    return elapsed, json.loads(proc.stdout)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=2000)
    ap.add_argument("--repeat", type=int, default=3, help="runs of each warm check (median)")
    ap.add_argument("--jobs", type=int, default=None, help="factlint --jobs (default: auto)")
    ap.add_argument("--keep", metavar="DIR", help="build the project here and keep it")
    args = ap.parse_args()
    factlint = str(Path(sys.executable).parent / "factlint")
    root = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="factlint-archive-"))
    try:
        (root / "posts").mkdir(parents=True, exist_ok=True)
        paragraphs = write_archive(root / "posts", args.articles)
        words = sum(len(p.split()) for paras in paragraphs for p in paras)
        print(f"archive: {args.articles} synthetic articles, {words} words, "
              f"{5 * args.articles} paragraphs")
        rng = random.Random(11)
        vocab = vocabulary(rng, 20000)
        target = root / "posts" / "new-article.md"  # staged into the archive, as in a hook
        base = [factlint, "check", "--isolated", "--format", "json", "--fail-on", "never",
                "--cache-dir", str(root / "cache")]
        if args.jobs:
            base += ["--jobs", str(args.jobs)]
        hook = [*base, "--archive", "posts", "posts/new-article.md"]

        articles = iter(range(1, 10_000))

        def check(label: str, cmd: list[str], runs: int = 1) -> float:
            """The median of ``runs`` checks, each of a new article copying another paragraph."""
            times, found = [], []
            for _ in range(runs):
                n = next(articles)
                copied_from = (n * 613) % args.articles
                target.write_text(new_article(rng, vocab, paragraphs[copied_from][n % 5], n),
                                  "utf-8")
                elapsed, report = timed(cmd, root)
                findings = report["findings"]
                assert isinstance(findings, list)
                source = f"article-{copied_from:05}.md"
                found.append(any(f["rule"] == "FL206" and source in f["message"]
                                 for f in findings))
                times.append(elapsed)
            verdict = ("not compared" if "--archive" not in cmd
                       else "found" if all(found) else "MISSED")
            spread = f"  [{min(times):.2f}-{max(times):.2f}, {runs} runs]" if runs > 1 else ""
            median = statistics.median(times)
            print(f"  {label:<34} {median:7.2f} s   (copy {verdict}){spread}")
            return median

        print("one-file check (new process, every rule):")
        check("cold (empty cache)", hook)
        warm = check("warm (archive unchanged)", hook, args.repeat)
        edited = root / "posts" / "00" / "article-00005.md"
        edited.write_text(edited.read_text("utf-8") + "\nOne more line of reception.\n",
                          encoding="utf-8")
        check("warm (one archive article edited)", hook)
        alone = check("no archive (for comparison)", [*base, "posts/new-article.md"],
                      args.repeat)
        print(f"  {'archive share of a warm run':<34} {warm - alone:7.2f} s")
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
