"""Peak memory (RSS) of checking long articles, against an ordinary one as the baseline.

    .venv/bin/python bench/bench_memory.py                       # 10 MB of prose
    .venv/bin/python bench/bench_memory.py --sizes 1,2,5 --whole  # also without windows
    .venv/bin/python bench/bench_memory.py --text salad           # a dozen words, repeated

Each measurement runs ``factlint``'s engine (every rule, no cache) in a fresh process on
one generated article and reports that process's own peak RSS
(``getrusage(RUSAGE_SELF).ru_maxrss``), its time and its number of findings. The article
is plain text written to a temporary folder and deleted afterwards:

* ``prose``: made-up words with a Zipf-like vocabulary, a heading every dozen
  paragraphs and a few reworded sentences (what a long archive page looks like to the
  rules); ``salad``: sentences of a dozen common words, which makes every sentence a
  near-duplicate candidate and floods the run with findings (the worst case).
* ``--whole`` also checks each article as one window (``window_chars=None``: every parse
  held until the end), the behaviour before windows, to show what they save.

The baseline is an ordinary 800-word article; "growth" is the peak above it. Nothing is
asserted: the figures are for people and the issue notes.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_duplicates import document  # the same made-up prose

SALAD = [
    "the", "series", "season", "episode", "studio", "animation", "director", "character",
    "story", "fans", "release", "date", "trailer", "premiere", "voice", "cast", "music",
]

MEASURE = """
import json, resource, sys, time
from factlint.config import Config
from factlint.engine import Engine, Source
engine = Engine(Config())
engine.window_chars = None if sys.argv[2] == "whole" else engine.window_chars
engine.nlp()
start = time.perf_counter()
result = engine.run([Source(sys.argv[1])])
print(json.dumps({"seconds": time.perf_counter() - start, "findings": len(result.findings),
                  "errors": result.errors,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def salad(size: int, seed: int = 7) -> str:
    rng = random.Random(seed)
    parts, total, i = ["A long season guide"], 0, 0
    while total < size:
        if i % 20 == 0:
            para = f"Part {i // 20}"
        else:
            para = " ".join(" ".join(rng.choice(SALAD) for _ in range(rng.randint(8, 24)))
                            .capitalize() + "." for _ in range(rng.randint(2, 6)))
        parts.append(para)
        total += len(para) + 2
        i += 1
    return "\n\n".join(parts) + "\n"


def prose(size: int) -> str:
    text = document(max(50, size // 6))  # about six characters a word
    return text[: text.find("\n\n", size) + 1 or None] if len(text) > size else text


def measure(path: Path, mode: str) -> dict[str, float]:
    proc = subprocess.run([sys.executable, "-c", MEASURE, str(path), mode],
                          capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        sys.exit(f"measurement failed:\n{proc.stderr}")
    out: dict[str, float] = json.loads(proc.stdout.strip().splitlines()[-1])
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10", help="article sizes in MB (default: 10)")
    parser.add_argument("--text", choices=["prose", "salad"], default="prose")
    parser.add_argument("--whole", action="store_true",
                        help="also check each article as one window (no parse released)")
    args = parser.parse_args()
    make = prose if args.text == "prose" else salad
    modes = ["windows", "whole"] if args.whole else ["windows"]
    with tempfile.TemporaryDirectory() as tmp:
        base_path = Path(tmp, "baseline.txt")
        base_path.write_text(prose(5000), encoding="utf-8")
        base = measure(base_path, "windows")
        print(f"text: {args.text}; baseline (5 KB article): peak RSS {base['peak_mb']:.0f} MB")
        for size_mb in (float(s) for s in args.sizes.split(",")):
            path = Path(tmp, f"{size_mb:g}mb.txt")
            path.write_text(make(int(size_mb * 1024 * 1024)), encoding="utf-8")
            real_mb = path.stat().st_size / 1024 / 1024
            for mode in modes:
                m = measure(path, mode)
                growth = m["peak_mb"] - base["peak_mb"]
                print(f"{real_mb:5.1f} MB, {mode:7s}: peak RSS {m['peak_mb']:5.0f} MB "
                      f"(+{growth:.0f} MB, {growth / real_mb:.0f} MB per MB of text), "
                      f"{m['seconds']:.0f} s, {m['findings']:.0f} findings")


if __name__ == "__main__":
    main()
