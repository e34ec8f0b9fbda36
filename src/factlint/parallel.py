"""Checking many files across processes (``--jobs``).

Each worker runs the same :meth:`Engine.check_texts` as a single-process run, on
contiguous chunks of the files, so documents still go through ``nlp.pipe`` in
batches. On Linux the parent loads the model once and forks: workers share the
loaded pipeline instead of loading it again. Elsewhere workers are spawned, rebuild
the engine from its configuration and load the model once each. Results carry the
index of their file, and the engine merges them in input order, so the output is
byte-identical to ``--jobs 1``.
"""

from __future__ import annotations

import gc
import math
import signal
import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from factlint.engine import Engine, FileResult

Item = tuple[int, str, str]  # (index, path, text)

_ENGINE: Engine | None = None  # the engine of this worker process


def chunked(items: list[Item], jobs: int) -> list[list[Item]]:
    """Contiguous chunks: about four per worker (for balance), at most 64 files each."""
    size = max(1, min(64, math.ceil(len(items) / (jobs * 4))))
    return [items[i : i + size] for i in range(0, len(items), size)]


def check_parallel(engine: Engine, items: list[Item], jobs: int) -> Iterator[tuple[int,
                                                                                  FileResult]]:
    """Check ``items`` with ``jobs`` worker processes; yields results as chunks finish."""
    import multiprocessing

    if sys.platform.startswith("linux"):
        engine.nlp()  # load once here; forked workers inherit the loaded pipeline
        context = multiprocessing.get_context("fork")
        init_args: tuple[Any, ...] = (engine, None)
    else:
        context = multiprocessing.get_context("spawn")
        init_args = (None, (engine.config, engine.model, engine.keep_documents))
    with context.Pool(jobs, initializer=_init_worker, initargs=init_args) as pool:
        for batch in pool.imap(_check_chunk, chunked(items, jobs)):
            yield from batch


def _init_worker(engine: Engine | None, spec: tuple[Any, str | None, bool] | None) -> None:
    global _ENGINE
    # Ctrl-C reaches every process of the terminal's group: the parent alone answers it
    # (exit 130, one line) and ends the pool; a worker would print its own traceback.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if engine is None:
        from factlint.engine import Engine

        assert spec is not None
        config, model, keep_documents = spec
        engine = Engine(config, model=model, keep_documents=keep_documents, jobs=1)
    engine.cache = None  # only the parent reads and writes the cache
    engine.jobs = 1
    engine.nlp()
    gc.freeze()  # as Engine.run does: the model is never rescanned by the collector
    _ENGINE = engine


def _check_chunk(chunk: list[Item]) -> list[tuple[int, FileResult]]:
    assert _ENGINE is not None
    return list(_ENGINE.check_texts(chunk))
