"""Checking many files across processes (``--jobs``).

Each worker runs the same :meth:`Checker.check_texts` as a single-process run, on
contiguous chunks of the files, so documents still go through ``nlp.pipe`` in
batches. On Linux the parent loads the model once and forks: workers share the
loaded pipeline and the prepared checker instead of building them again. Elsewhere
workers are spawned and each rebuilds a Checker from the run's configuration (and
loads the model once). Results carry the index of their file, and the engine merges
them in input order, so the output is byte-identical to ``--jobs 1``.
"""

from __future__ import annotations

import gc
import math
import os
import signal
import sys
from collections.abc import Iterator
from typing import Any

from factlint.checker import Checker
from factlint.results import FileResult


def usable_cpus() -> int:
    """CPUs this process may use (respects affinity masks, e.g. in containers)."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1

Item = tuple[int, str, str]  # (index, path, text)

_CHECKER: Checker | None = None  # the checker of this worker process


def chunked(items: list[Item], jobs: int) -> list[list[Item]]:
    """Contiguous chunks: about four per worker (for balance), at most 64 files each."""
    size = max(1, min(64, math.ceil(len(items) / (jobs * 4))))
    return [items[i : i + size] for i in range(0, len(items), size)]


def check_parallel(checker: Checker, items: list[Item], jobs: int) -> Iterator[tuple[int,
                                                                                    FileResult]]:
    """Check ``items`` with ``jobs`` worker processes; yields results as chunks finish."""
    import multiprocessing

    if sys.platform.startswith("linux"):
        checker.nlp()  # load once here; forked workers inherit the loaded pipeline
        context = multiprocessing.get_context("fork")
        init_args: tuple[Any, ...] = (checker, None)
    else:
        context = multiprocessing.get_context("spawn")
        init_args = (None, (checker.config, checker.model, checker.keep_documents,
                            checker.window_chars, checker.reference_facts))
    with context.Pool(jobs, initializer=_init_worker, initargs=init_args) as pool:
        for batch in pool.imap(_check_chunk, chunked(items, jobs)):
            yield from batch


def _init_worker(checker: Checker | None,
                 spec: tuple[Any, str | None, bool, int | None, bool] | None) -> None:
    global _CHECKER
    # Ctrl-C reaches every process of the terminal's group: the parent alone answers it
    # (exit 130, one line) and ends the pool; a worker would print its own traceback.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if checker is None:
        assert spec is not None
        config, model, keep_documents, window_chars, reference_facts = spec
        checker = Checker(config, model=model, keep_documents=keep_documents,
                          reference_facts=reference_facts)
        checker.window_chars = window_chars
    checker.nlp()
    gc.freeze()  # as Engine.run does: the model is never rescanned by the collector
    _CHECKER = checker


def _check_chunk(chunk: list[Item]) -> list[tuple[int, FileResult]]:
    assert _CHECKER is not None
    return list(_CHECKER.check_texts(chunk))
