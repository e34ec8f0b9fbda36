"""How each rule's cost grows with its input: every rule at two sizes, and the ratio.

    .venv/bin/python bench/scaling.py [--sections 150] [--factor 4]

Builds deterministic synthetic input (invented names and sentences; no real text) at two
sizes, ``--factor`` apart: one long article with ``--sections`` headed sections (a few
headings near-duplicates of others), one paragraph of ``3 x sections`` sentences, and
``sections / 10`` short articles beside it (for the cross-file rules). Runs every rule on
both with the NLP stage done once per size, timing each rule's own calls (check, observe,
conclude, collect, finish), and prints per rule the two timings, their ratio and the
growth exponent log(ratio) / log(factor): 1 is linear, 2 quadratic. A rule whose exponent
is well above 1 is a hang waiting for a long enough article (issue 20).

Timings of a few milliseconds are noisy; read the exponent of such rules loosely. Nothing
is asserted here: the figures are for people, the test suite caps the known hot paths.
"""

from __future__ import annotations

import argparse
import math
import random
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench import _HEADINGS, _name, _paragraph

from factlint.config import Config
from factlint.engine import Engine, Source

ROOT = Path(__file__).resolve().parents[1]
FACTS = ROOT / "fixtures" / "oshi-no-ko.facts.yaml"
_WORDS = ["trailer", "teaser", "cast", "story", "ending", "opening", "studio", "voice",
          "review", "finale", "premiere", "soundtrack", "arc", "villain", "rival"]


def inputs(sections: int) -> list[Source]:
    """The long article and its short neighbours at one size (the same on every run)."""
    rng = random.Random(sections)
    people = [_name(rng) for _ in range(8)]
    place, org = f"{_name(rng).split()[1]} City", "Studio Lumen"
    parts = [f"# {people[0].split()[0]} Chronicle: everything we know"]
    for i in range(sections):
        words = rng.sample(_WORDS, 3)
        if i % 7 == 3:  # a near-duplicate of an earlier heading, for FL102
            words = [*words[:2], rng.choice(_WORDS)]
        heading = rng.choice(_HEADINGS) if i % 11 == 0 else " ".join(words).capitalize()
        parts.append(f"## {heading}")
        parts.append(_paragraph(rng, people, place, org))
        if i % 5 == 0:
            parts.append(f"- {_paragraph(rng, people, place, org)}")
    long_paragraph = " ".join(_paragraph(rng, people, place, org)
                              for _ in range(max(1, sections * 3 // 4)))
    parts.append(f"## The long paragraph\n\n{long_paragraph}")
    out = [Source("long.md", "\n\n".join(parts) + "\n")]
    for j in range(max(2, sections // 10)):
        body = _paragraph(rng, people, place, org)
        out.append(Source(f"short-{j:03d}.md", f"# Short {j}\n\n{body}\n\n{body}\n"))
    return out


def timed_run(engine: Engine, sources: list[Source]) -> dict[str, float]:
    """Run ``sources`` once; seconds spent inside each rule's own methods."""
    spent: dict[str, float] = defaultdict(float)
    originals: list[tuple[Any, str, Callable[..., Any]]] = []

    def wrap(rule: Any, name: str) -> None:
        fn = getattr(rule, name)

        def timed(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            result = fn(*args, **kwargs)
            if not isinstance(result, list | dict | tuple) and hasattr(result, "__iter__"):
                result = list(result)  # a generator does its work when consumed
            spent[rule.code] += time.perf_counter() - start
            return result

        originals.append((rule, name, fn))
        setattr(rule, name, timed)

    for rule in engine.rules:
        for name in ("check", "observe", "conclude", "collect", "finish"):
            if callable(getattr(rule, name, None)):
                wrap(rule, name)
    try:
        start = time.perf_counter()
        engine.run(sources)
        spent["(whole run)"] = time.perf_counter() - start
    finally:
        for rule, name, _fn in originals:
            delattr(rule, name)
    return dict(spent)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sections", type=int, default=150)
    parser.add_argument("--factor", type=int, default=4)
    args = parser.parse_args(argv)
    engine = Engine(Config(facts=[str(FACTS)]), jobs=1)  # timings in this process
    engine.nlp()
    engine.run(inputs(10))  # warm-up: one-time loads (word lists, textstat) are not scaling
    small, large = args.sections, args.sections * args.factor
    sizes = {}
    timings = {}
    for n in (small, large):
        sources = inputs(n)
        sizes[n] = sum(len(s.text or "") for s in sources)
        timings[n] = timed_run(engine, sources)
    print(f"sizes: {sizes[small]:,} and {sizes[large]:,} characters "
          f"({sizes[large] / sizes[small]:.2f}x); rule time in ms")
    print(f"{'rule':<12} {'small':>9} {'large':>9} {'ratio':>7} {'exponent':>8}")
    size_ratio = sizes[large] / sizes[small]
    for code in sorted(set(timings[small]) | set(timings[large])):
        a, b = timings[small].get(code, 0.0), timings[large].get(code, 0.0)
        ratio = b / a if a > 0 else float("nan")
        exponent = math.log(ratio) / math.log(size_ratio) if a > 0 and b > 0 else float("nan")
        print(f"{code:<12} {a * 1000:9.1f} {b * 1000:9.1f} {ratio:7.2f} {exponent:8.2f}")


if __name__ == "__main__":
    main()
