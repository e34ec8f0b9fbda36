"""CPU seconds spent in each rule's methods and in the shared parts they call, on the
varied corpus with its reference file.

    .venv/bin/python bench/rule_methods.py [--articles 40] [--words 1000] [--runs 2]

Lints ``bench/_varied.py``'s corpus in this process (``--jobs 1``, no result cache, the
model loaded first) and times, in CPU seconds (``time.process_time``, no profiler), every
call of every rule's ``check``/``observe``/``conclude``/``collect``/``finish`` and, inside
them, the shared parts named in ``PARTS`` (pack matchers, the mentions analysis, reading
WordNet). ``--runs`` repeats the lint in the same process: the first run pays what a run
pays once (WordNet's table, word lists); the best of the later runs is printed beside it.
A rule's figure includes the shared analyses it is the first to ask for.
"""

from __future__ import annotations

import argparse
import importlib
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _varied import write_varied

# Shared parts timed on their own (module, class, method); their time is also inside the
# rule that called them.
PARTS = [
    ("factlint.packs", "EntryMatcher", "find"),
    ("factlint.facts.mentions", "Mentions", "analyse"),
    ("factlint.synonyms", "Synonyms", "table"),
]


def _timer(spent: dict[str, float], label: str, fn: Callable[..., Any]) -> Callable[..., Any]:
    depth = [0]

    def timed(*args: Any, **kwargs: Any) -> Any:
        if depth[0]:  # a recursive or nested call is inside the outer one's time
            return fn(*args, **kwargs)
        depth[0] += 1
        start = time.process_time()
        try:
            result = fn(*args, **kwargs)
            if not isinstance(result, list | dict | tuple) and hasattr(result, "__iter__") \
                    and not hasattr(result, "keys"):
                result = list(result)  # a generator does its work when consumed
            return result
        finally:
            spent[label] += time.process_time() - start
            depth[0] -= 1

    return timed


def timed_run(engine: Any, files: list[str]) -> dict[str, float]:
    """One lint of ``files``; CPU seconds per rule method and per shared part."""
    from factlint.engine import Source

    spent: dict[str, float] = defaultdict(float)
    restore: list[tuple[Any, str, Any]] = []
    for module, cls_name, method in PARTS:
        cls = getattr(importlib.import_module(module), cls_name)
        original = cls.__dict__[method]
        restore.append((cls, method, original))
        setattr(cls, method, _timer(spent, f"({cls_name}.{method})", original))
    for rule in engine.rules:
        for name in ("check", "observe", "conclude", "collect", "finish"):
            fn = getattr(rule, name, None)
            if callable(fn):
                setattr(rule, name, _timer(spent, f"{rule.code} {name}", fn))
                restore.append((rule, name, None))
    try:
        start = time.process_time()
        engine.run([Source(f) for f in files])
        spent["(whole run)"] = time.process_time() - start
    finally:
        for owner, name, original in restore:
            if original is None:
                delattr(owner, name)
            else:
                setattr(owner, name, original)
    return dict(spent)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=40)
    parser.add_argument("--words", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=2)
    args = parser.parse_args(argv)

    from factlint.config import Config
    from factlint.engine import Engine

    with tempfile.TemporaryDirectory(prefix="factlint-rm-") as tmp:
        corpus = Path(tmp) / "corpus"
        words = write_varied(corpus, args.articles, args.words)
        files = sorted(str(p) for p in corpus.iterdir() if p.name != "facts.yaml")
        engine = Engine(Config(facts=[str(corpus / "facts.yaml")]), jobs=1)
        engine.nlp()
        runs = [timed_run(engine, files) for _ in range(max(1, args.runs))]
    print(f"corpus: {len(files)} articles, {words} words; CPU seconds")
    print(f"{'':<28} {'first run':>9} {'best later':>10}")
    labels = sorted(set().union(*runs), key=lambda k: (k.startswith("("), k))
    rules_total = [sum(v for k, v in r.items() if not k.startswith("(")) for r in runs]
    for label in [*labels, "(every rule method)"]:
        values = rules_total if label == "(every rule method)" else \
            [r.get(label, 0.0) for r in runs]
        later = f"{min(values[1:]):10.3f}" if len(values) > 1 else ""
        print(f"{label:<28} {values[0]:9.3f} {later}")


if __name__ == "__main__":
    main()
