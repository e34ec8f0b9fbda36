"""Made-up words for the benchmarks' synthetic articles (no real text), shared by
bench_duplicates.py and archive.py."""

from __future__ import annotations

import random

SYLLABLES = ["ka", "ri", "mo", "ten", "sa", "lu", "vor", "ne", "pi", "dra", "os", "mel", "tu",
             "gan", "shi", "bo", "rel", "quin", "fa", "zu"]
FUNCTION = ["the", "a", "of", "and", "to", "in", "with", "for", "on", "while", "as", "by"]


def vocabulary(rng: random.Random, size: int) -> list[str]:
    """``size`` distinct invented words of two to four syllables, sorted."""
    words: set[str] = set()
    while len(words) < size:
        words.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))))
    return sorted(words)
