"""The throughput benchmark's ceiling: raw ``nlp.pipe`` in a process of its own.

    python bench/_ceiling.py TEXTS.json [--factlint-kernels]

Loads the full pipeline of the installed en_core_web_sm package with plain
``import spacy; spacy.load(...)`` (so spaCy as a user has it, with the matrix kernels
BLIS picks itself), or, with ``--factlint-kernels``, after
:func:`factlint.kernels.use_fast_kernels` (spaCy on the kernels factlint gives it). It
prints ``ready``, then for each line ``N`` read from stdin runs ``nlp.pipe`` over the
texts with ``n_process=N`` and prints ``CPU-SECONDS WALL-SECONDS`` (its own CPU and that
of the workers it waited for). An empty line or end of input ends it.

A process of its own, because factlint's kernels, once chosen, are the whole process's:
a ceiling measured beside factlint would parse with them too.
"""

from __future__ import annotations

import json
import resource
import sys
import time


def _cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + r.ru_utime + r.ru_stime


def main() -> None:
    with open(sys.argv[1], encoding="utf-8") as handle:
        texts = json.load(handle)
    import spacy

    if "--factlint-kernels" in sys.argv[2:]:
        from factlint.kernels import use_fast_kernels

        use_fast_kernels()
    from factlint.nlp import DEFAULT_MODELS

    name = next((n for n in DEFAULT_MODELS if spacy.util.is_package(n)), None)
    if name is None:
        raise SystemExit("no en_core_web_sm package is installed")
    nlp = spacy.load(name)
    print("ready " + ",".join(nlp.pipe_names), flush=True)
    for line in sys.stdin:
        if not line.strip():
            break
        cpu0, wall0 = _cpu(), time.perf_counter()
        for _doc in nlp.pipe(texts, batch_size=64, n_process=int(line)):
            pass
        print(f"{_cpu() - cpu0} {time.perf_counter() - wall0}", flush=True)


if __name__ == "__main__":
    main()
