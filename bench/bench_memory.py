"""Peak memory (RSS) of checking a large article, against a tiny one as the baseline.

    .venv/bin/python bench/bench_memory.py                    # 10 MB, the rules' own pipeline
    .venv/bin/python bench/bench_memory.py --size-mb 1 --needs tagger,lemmatizer,parser,ner

Each measurement runs in a fresh subprocess; its peak RSS comes from
``resource.getrusage(RUSAGE_CHILDREN)`` after it exits. The article is generated (my own
filler prose, headings every 20 paragraphs) in a temporary folder and deleted afterwards.
Without ``--needs`` the run is ``factlint check --isolated`` (every rule, the pipeline
they need); with ``--needs`` the document is parsed and annotated with exactly those
spaCy capabilities, which shows what the full pipeline costs per megabyte.
"""

from __future__ import annotations

import argparse
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

WORDS = [
    "the", "series", "season", "episode", "studio", "animation", "director", "character",
    "story", "fans", "release", "date", "trailer", "premiere", "voice", "cast", "music",
    "opening", "theme", "arc", "manga", "chapter", "adaptation", "pacing", "soundtrack",
    "finale", "villain", "rival", "idol", "stage", "concert",
]

ANNOTATE = """
import sys
from factlint.nlp import annotate, load_nlp
from factlint.parse import parse_document, read_article
nlp = load_nlp([n for n in sys.argv[2].split(",") if n])
doc = parse_document(sys.argv[1], read_article(sys.argv[1]))
for done in annotate([doc], nlp):
    print(sum(len(p.doc) for b in done.blocks for p in b.pieces), "tokens;",
          "+".join(nlp.nlp.pipe_names))
"""


def make_article(path: Path, size: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    parts = ["# A long season guide"]
    total = 0
    i = 0
    while total < size:
        if i % 20 == 0:
            para = f"## Part {i // 20}"
        else:
            sentences = []
            for _ in range(rng.randint(2, 6)):
                words = [rng.choice(WORDS) for _ in range(rng.randint(8, 24))]
                sentences.append(" ".join(words).capitalize() + ".")
            para = " ".join(sentences)
        parts.append(para)
        total += len(para) + 2
        i += 1
    path.write_text("\n\n".join(parts) + "\n", encoding="utf-8")


def measure(cmd: list[str]) -> tuple[float, float, str]:
    """(peak RSS in MB, seconds, last output line) of running ``cmd`` to completion."""
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        sys.exit(f"failed ({proc.returncode}): {' '.join(cmd)}\n{proc.stderr}")
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # max over children
    lines = (proc.stdout.strip().splitlines() or [""])
    return peak_kb / 1024, elapsed, lines[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size-mb", type=float, default=10.0)
    parser.add_argument("--needs", default=None,
                        help="annotate with these capabilities instead of running the CLI")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        small, big = Path(tmp, "small.md"), Path(tmp, "big.md")
        small.write_text("# Title\n\nOne short paragraph about the season.\n", encoding="utf-8")
        make_article(big, int(args.size_mb * 1024 * 1024))
        size_mb = big.stat().st_size / 1024 / 1024
        if args.needs is None:
            def cmd(p: Path) -> list[str]:
                return [sys.executable, "-m", "factlint", "check", "--isolated", "-q", str(p)]
        else:
            def cmd(p: Path) -> list[str]:
                return [sys.executable, "-c", ANNOTATE, str(p), args.needs]
        # RUSAGE_CHILDREN is a running maximum, so measure the small run first.
        base, base_s, _ = measure(cmd(small))
        peak, secs, last = measure(cmd(big))
        mode = "factlint check" if args.needs is None else f"annotate needs={args.needs}"
        print(f"mode: {mode}")
        print(f"baseline (tiny article): peak RSS {base:.0f} MB, {base_s:.1f} s")
        note = f" ({last})" if last else ""
        print(f"{size_mb:.1f} MB article: peak RSS {peak:.0f} MB, {secs:.1f} s{note}")
        print(f"growth: {peak - base:.0f} MB ({(peak - base) / size_mb:.0f} MB per MB of text)")


if __name__ == "__main__":
    main()
