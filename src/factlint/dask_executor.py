"""Checking an archive on a Dask cluster (``--executor dask [--scheduler ADDRESS]``).

The client (the ``factlint check`` process) reads the files, as in any run, and sends
contiguous chunks of ``(index, path, text)`` to the cluster's workers. Each worker process
builds the run's :class:`~factlint.checker.Checker` once from the run's settings (the model
is loaded once per worker, on its first chunk) and checks the chunk exactly as
``--jobs`` workers do. Results carry their file's index and the engine merges them in
input order, so the report is byte-identical to a local run.

FL206 is a distributed join: while a worker has a chunk's paragraph summaries at hand it
emits their MinHash band records (:mod:`factlint.neardup`), split by band key into one
part per shuffle partition, and keeps them. A partition's reducer fetches its part of
every chunk, finds the pairs that share a bucket, and returns them; the client confirms
each candidate with the exact score in FL206's ``finish``, with the same candidates, hence
the same findings, as one process would have.

Without an address a :class:`distributed.LocalCluster` of ``--jobs`` worker processes
(default: one per CPU) runs on this machine. ``distributed`` is the optional extra
``factlint[dask]``.
"""

from __future__ import annotations

import gc
import hashlib
import math
import pickle
import threading
from collections.abc import Iterator, Sequence
from typing import Any

from factlint import neardup
from factlint.checker import Checker
from factlint.errors import UsageError
from factlint.results import FileResult

Item = tuple[int, str, str]  # (index, path, text)
Records = tuple[Any, Any, Any, Any]  # neardup.shuffle_records: bands, keys, following, ids

# Files per task: enough that a chunk streams through nlp.pipe in batches, few enough that
# the cluster's workers share a run's files evenly.
_MAX_CHUNK = 64


def available() -> bool:
    try:
        import distributed  # noqa: F401
    except ImportError:
        return False
    return True


class DaskExecutor:
    """A connection to a Dask cluster (or a LocalCluster of ``workers`` processes) that
    checks chunks of files and runs FL206's join; :meth:`close` ends it."""

    def __init__(self, scheduler: str | None = None, workers: int | None = None) -> None:
        try:
            import distributed as _distributed
        except ImportError:
            raise UsageError("--executor dask needs the 'distributed' package: "
                             "pip install 'factlint[dask]'") from None
        import logging
        import warnings

        # distributed's warnings about its own timing are not the report's business
        warnings.filterwarnings("ignore", module=r"distributed(\.|$)")
        distributed: Any = _distributed  # untyped
        self._cluster: Any = None
        self.client: Any = None
        try:
            if scheduler:
                self.client = distributed.Client(scheduler, timeout="10s",
                                                 set_as_default=True)
            else:
                import dask

                from factlint.parallel import usable_cpus

                # Two of distributed's defaults cost the checks CPU (measured on one worker
                # against one process, same articles): its statistical profiler samples
                # every thread 100 times a second, and MALLOC_TRIM_THRESHOLD_=65536 in the
                # workers' environment makes glibc hand memory back so often that spaCy's
                # parses took 43% more CPU. The workers inherit this configuration.
                dask.config.set({
                    "distributed.worker.profile.enabled": False,
                    "distributed.nanny.pre-spawn-environ": {
                        "OMP_NUM_THREADS": 1, "MKL_NUM_THREADS": 1,
                        "OPENBLAS_NUM_THREADS": 1,
                        # a loaded machine makes distributed warn ("scratch directories
                        # taking a surprisingly long time") on the terminal's stderr
                        "PYTHONWARNINGS": "ignore"}})
                self._cluster = distributed.LocalCluster(
                    n_workers=workers or usable_cpus(), threads_per_worker=1, processes=True,
                    dashboard_address=None, silence_logs=logging.CRITICAL)
                self.client = distributed.Client(self._cluster, set_as_default=True)
        except (OSError, TimeoutError, ValueError) as exc:
            where = f"the Dask scheduler at {scheduler}" if scheduler else "a local Dask cluster"
            detail = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            raise UsageError(f"cannot start or reach {where}: {detail}") from None
        # the parts of the band records each chunk emitted, per rule code, left on the
        # workers until the join asks for them; and the paths they cover
        self._parts: dict[str, list[list[Any]]] = {}
        self._covered: dict[str, set[str]] = {}

    def workers(self) -> int:
        return max(1, len(self.client.scheduler_info().get("workers", {})))

    def close(self) -> None:
        self.client.close()
        if self._cluster is not None:
            self._cluster.close()

    # -- per-file work --------------------------------------------------------------
    def check(self, checker: Checker, items: list[Item], *, join: bool
              ) -> Iterator[tuple[int, FileResult]]:
        """Check ``items`` on the cluster; yields results as chunks finish. With ``join``
        the chunks also emit the band records of the rules that join (FL206)."""
        if not items:
            return
        import distributed

        spec = pickle.dumps((checker.config, checker.model, checker.keep_documents,
                             checker.window_chars, checker.reference_facts))
        codes = tuple(r.code for r in checker.rules if hasattr(r, "join_records")) if join else ()
        partitions = self._partitions()
        workers = self.workers()
        size = max(1, min(_MAX_CHUNK, math.ceil(len(items) / (workers * 4))))
        futures: list[Any] = []
        for first in range(0, len(items), size):
            chunk = items[first : first + size]
            futures.append(self.client.submit(_check_chunk, spec, chunk, codes, partitions,
                                              pure=False))
        for code in codes:
            self._parts.setdefault(code, [])
            self._covered.setdefault(code, set())
        order = {f.key: n for n, f in enumerate(futures)}
        as_completed: Any = distributed.as_completed
        for future in as_completed(list(futures)):
            n = order[future.key]
            results = self.client.submit(_results_of, future, pure=False).result()
            for code in codes:
                self._parts[code].append([self.client.submit(_part_of, future, code, p,
                                                             pure=False)
                                          for p in range(partitions)])
                self._covered[code].update(fr.path for _, fr in results
                                           if code in fr.collected)
            futures[n] = None  # the parts submitted above keep what the join needs
            yield from results

    # -- the distributed join -------------------------------------------------------
    def join(self, rule: Any, items: Sequence[tuple[str, Any]]) -> set[tuple[int, int]]:
        """Candidate pairs of set ids of ``rule``'s summaries ``items``: band records from
        the workers (files they checked) and from here (files from the cache), shuffled
        by band key, bucketed by one task per partition."""
        code = rule.code
        partitions = self._partitions()
        parts = self._parts.pop(code, [])
        covered = self._covered.pop(code, set())
        local = [summary for path, summary in items if path not in covered and summary]
        if local:  # files whose results came from the cache
            keys, ids = rule.join_records([p for summary in local for p in summary])
            records = neardup.shuffle_records(keys, ids, partitions)
            parts.append([self.client.scatter(r) for r in records])
        if not parts:
            return set()
        reducers = [self.client.submit(_bucket, *[chunk[p] for chunk in parts], pure=False)
                    for p in range(partitions)]
        pairs: set[tuple[int, int]] = set()
        for found in self.client.gather(reducers):
            pairs |= found
        return pairs

    def forget(self) -> None:
        """Drop the band records of an earlier run (a cached cross-file result never
        asked for its join)."""
        self._parts.clear()
        self._covered.clear()

    def _partitions(self) -> int:
        return 2 * self.workers()


# -- what runs on the workers ------------------------------------------------------------
_CHECKERS: dict[str, Checker] = {}  # this worker process's checkers, by run settings
_LOCK = threading.Lock()


def _checker(spec: bytes) -> Checker:
    """The run's checker in this worker process: built, and its model loaded, once."""
    key = hashlib.sha256(spec).hexdigest()
    with _LOCK:
        checker = _CHECKERS.get(key)
        if checker is None:
            config, model, keep_documents, window_chars, reference_facts = pickle.loads(spec)
            checker = Checker(config, model=model, keep_documents=keep_documents,
                              reference_facts=reference_facts)
            checker.window_chars = window_chars
            checker.nlp()
            gc.freeze()  # as --jobs workers do: the model is never rescanned by the collector
            _CHECKERS[key] = checker
        return checker


def _check_chunk(spec: bytes, chunk: list[Item], codes: tuple[str, ...], partitions: int
                 ) -> tuple[list[tuple[int, FileResult]], dict[str, list[Records]]]:
    checker = _checker(spec)
    with _LOCK:  # a worker with several threads shares one pipeline
        results = list(checker.check_texts(chunk))
    records: dict[str, list[Records]] = {}
    for code in codes:
        rule = next(r for r in checker.rules if r.code == code)
        paragraphs = [p for _, fr in results for p in fr.collected.get(code) or []]
        keys, ids = rule.join_records(paragraphs)  # type: ignore[attr-defined]
        records[code] = neardup.shuffle_records(keys, ids, partitions)
    return results, records


def _results_of(out: tuple[list[tuple[int, FileResult]], Any]) -> list[tuple[int, FileResult]]:
    return out[0]


def _part_of(out: tuple[Any, dict[str, list[Records]]], code: str, p: int) -> Records:
    return out[1][code][p]


def _bucket(*parts: Records) -> set[tuple[int, int]]:
    import numpy as np

    columns = [np.concatenate(c) for c in zip(*parts, strict=True)]
    return neardup.bucket_pairs(columns[0], columns[1], columns[2], columns[3])
