"""The run: which files, from the cache or checked (here or in worker processes), merged.

The engine schedules and nothing else: the :class:`~factlint.checker.Checker` turns a
text into findings, rules decide what is wrong, reporters decide how it looks.
"""

from __future__ import annotations

import dataclasses
import gc
import json
import os
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any

from factlint import __version__
from factlint import cache as cache_mod
from factlint.checker import Checker
from factlint.config import Config
from factlint.document import Document
from factlint.errors import FactlintError, InputError, UsageError
from factlint.finding import Finding
from factlint.nlp import NLP
from factlint.parallel import usable_cpus
from factlint.parse import read_article
from factlint.registry import CorpusRule, Rule
from factlint.results import FileResult, RunResult, Source
from factlint.signature import code_signature, digest
from factlint.sources import collect
from factlint.suppressions import Suppressions

if TYPE_CHECKING:
    from factlint.cache import Cache
    from factlint.dask_executor import DaskExecutor

__all__ = ["PARALLEL_MIN_CHARS", "Engine", "FileResult", "RunResult", "Source"]

# Below this much text (characters still to parse), an automatic --jobs stays in one
# process: forking and shipping results back would cost more than it saves.
PARALLEL_MIN_CHARS = 200_000


class Engine:
    """Runs one :class:`Checker` over articles, reusing cached results, maybe in parallel."""

    def __init__(
        self, config: Config, *, model: str | None = None, keep_documents: bool = False,
        jobs: int | None = None,
    ) -> None:
        self.checker = Checker(config, model=model, keep_documents=keep_documents)
        self.config = config
        self.keep_documents = keep_documents
        self.model = self.checker.model
        self.cache: Cache | None = None  # set by use_cache(); None: every file is parsed
        self.jobs = jobs  # worker processes; None: one per CPU, for runs large enough
        self.executor: DaskExecutor | None = None  # --executor dask: files checked there
        self._facts_signatures = cache_mod.FactsSignatures()
        self._in_run = False
        self._archive: Checker | None = None  # the archive's checker, built when needed
        self._archive_cache: Cache | None = None

    # -- what the checker holds, for callers and tests ------------------------------------
    @property
    def rules(self) -> list[Rule]:
        return self.checker.rules

    @property
    def by_code(self) -> dict[str, type[Rule]]:
        return self.checker.by_code

    @property
    def known_rules(self) -> list[type[Rule]]:
        return self.checker.known_rules

    @property
    def packs(self) -> Any:
        return self.checker.packs

    @property
    def warnings(self) -> list[str]:
        return self.checker.warnings

    @property
    def window_chars(self) -> int | None:
        return self.checker.window_chars

    @window_chars.setter
    def window_chars(self, value: int | None) -> None:
        self.checker.window_chars = value

    def nlp(self) -> NLP:
        return self.checker.nlp()

    def check_document(self, doc: Document) -> FileResult:
        return self.checker.check_document(doc)

    # -- the run ----------------------------------------------------------------------
    def expand(self, paths: list[str]) -> tuple[list[Source], list[str]]:
        collected = collect(paths, self.config.exclude,
                            follow_symlinks=self.config.follow_symlinks)
        errors = [f"{p}: {msg}" for p, msg in collected.errors]
        return [Source(f) for f in collected.files], errors

    def run(
        self, sources: list[Source], *, progress: Callable[[int, int], None] | None = None,
        archive: list[Source] | None = None,
    ) -> RunResult:
        """Check ``sources``: cached files are reused, the others parsed (maybe in parallel).

        ``archive``: files compared with for the cross-file rules but not checked, besides
        the configured archive folders. ``progress(done, total)`` is called as files
        complete. The result does not depend on the cache, the number of jobs or the
        order in which files finish.
        """
        # Long-lived objects (rules, packs, the model once loaded) are kept out of the
        # garbage collector's scans for the run: a run allocates many small objects, and
        # full collections re-walking the model cost about a tenth of the throughput.
        gc.freeze()
        self._in_run = True
        try:
            return self._run(sources, progress, archive or [])
        finally:
            self._in_run = False
            gc.unfreeze()

    def _run(
        self, sources: list[Source], progress: Callable[[int, int], None] | None,
        extra_archive: list[Source],
    ) -> RunResult:
        result = RunResult()
        checker = self.checker
        if self.executor is not None:
            self.executor.forget()
        # Reference files are validated before any article is linted.
        if self.config.facts:
            checker.facts_for("")
        for src in sources:  # and so are the files found beside the articles
            if src.text is None:
                checker.facts_for(src.path)
        archive, archive_errors = self._archive_sources(sources, extra_archive)
        total = len(sources) + (len(archive.sources) if archive is not None else 0)
        counter = _Counter(progress, total)
        files = self._results(checker, self.cache, sources, counter)
        stored = self._archive_results(archive, counter) if archive is not None else []
        self._merge(files, stored, result)
        for fr in stored:  # an archive file that cannot be read is left out, not an error
            self.warnings.extend(f"archive: {e}; it is not compared" for e in fr.errors)
        self.warnings.extend(f"archive: {e}" for e in archive_errors)
        for c in (self.cache, self._archive_cache):
            if c is not None and c.write_error:
                self.warnings.append(c.write_error)
        result.findings.sort(key=Finding.sort_key)
        result.errors.sort()
        result.warnings = list(dict.fromkeys(self.warnings))
        return result

    def _results(
        self, checker: Checker, cache: Cache | None, sources: list[Source], counter: _Counter
    ) -> list[FileResult]:
        """Each source's result, from ``cache`` or checked by ``checker``, in source order."""
        slots: list[FileResult | None] = [None] * len(sources)
        todo: list[tuple[int, str, str]] = []
        keys: dict[int, str] = {}
        for i, src in enumerate(sources):
            try:
                text = (src.text if src.text is not None
                        else read_article(src.path, self.config.max_file_size))
            except InputError as exc:
                slots[i] = FileResult(src.path, errors=[str(exc)], checked=False)
                continue
            key = self._cache_key(checker, cache, src.path, text)
            cached = self._from_cache(cache, key, src.path) if key is not None else None
            if cached is not None:
                cached.key = key
                slots[i] = cached
                counter.step()
                continue
            if key is not None:
                keys[i] = key
            todo.append((i, src.path, text))
        for i, file_result in self._check_all(checker, todo):
            slots[i] = file_result
            if i in keys and file_result.checked and not file_result.errors:
                assert cache is not None
                file_result.key = keys[i]
                self._to_cache(cache, keys[i], file_result)
            counter.step()
        return [s for s in slots if s is not None]

    # -- the archive (--archive) --------------------------------------------------------
    def _archive_sources(
        self, sources: list[Source], extra: list[Source]
    ) -> tuple[_Archive | None, list[str]]:
        """The archive's articles that are not checked in this run (those are compared
        once, as checked files), with their stats, and what could not be listed."""
        for folder in self.config.archive:
            if not os.path.exists(folder):
                raise UsageError(f"archive {folder} does not exist")
        if not any(isinstance(r, CorpusRule) for r in self.rules):
            return None, []
        found, errors = list(extra), []
        if self.config.archive:
            collected = collect(self.config.archive, self.config.exclude,
                                follow_symlinks=self.config.follow_symlinks)
            found += [Source(f) for f in collected.files]
            errors = [f"{p}: {msg}" for p, msg in collected.errors]
        if not found:
            return None, errors
        from factlint.archive import file_stat, stat_all

        # The same file twice (through a link, or checked and archived) is one file: the
        # stats the archive's cache needs anyway name it, without a realpath per file.
        def identity(path: str, st: os.stat_result | None) -> object:
            return (st.st_dev, st.st_ino) if st is not None else os.path.realpath(path)

        seen = {identity(src.path, file_stat(src.path)) for src in sources}
        stamp, stats = stat_all([src.path for src in found])
        unique, unique_stats = [], []
        for src, st in zip(found, stats, strict=True):
            ident = identity(src.path, st)
            if ident not in seen:
                seen.add(ident)
                unique.append(src)
                unique_stats.append(st)
        return _Archive(unique, unique_stats, stamp) if unique else None, errors

    def _archive_results(self, found: _Archive, counter: _Counter) -> list[FileResult]:
        """The archive files' results: from the archive's combined cache entry for every
        file whose size and modification time are those recorded, the others read and
        checked (or found in the per-file cache); the entry is rewritten when anything
        differed. See :mod:`factlint.archive`."""
        checker = self._archive_checker()
        cache = self._archive_cache
        archive, stats = found.sources, found.stats
        if cache is None:
            return self._results(checker, None, archive, counter)
        from factlint import archive as archive_mod

        entry = archive_mod.ArchiveEntry(cache, self.config.archive)
        known = entry.load()
        slots: list[FileResult | None] = [None] * len(archive)
        todo: list[int] = []
        for i, (src, stat) in enumerate(zip(archive, stats, strict=True)):
            rec = known.get(src.path)
            if rec is not None and entry.fresh(rec, stat):
                slots[i] = FileResult(src.path, collected=rec.collected, key=rec.key)
                counter.step()
            else:
                todo.append(i)
        checked = self._results(checker, cache, [archive[i] for i in todo], counter)
        for i, fr in zip(todo, checked, strict=True):
            slots[i] = fr
        results = [fr for fr in slots if fr is not None]
        if todo or len(known) != len(archive):
            records = [archive_mod.Record(fr.path, stat.st_size, stat.st_mtime_ns, fr.key,
                                          fr.collected)
                       for fr, stat in zip(results, stats, strict=True)
                       if stat is not None and fr.key is not None and fr.checked
                       and not fr.errors]
            failed = entry.store(records, found.stamp)
            if failed is not None:
                self.warnings.append(failed)
        return results

    def _archive_checker(self) -> Checker:
        """The run's cross-file rules alone, with the same options and severities: what an
        archive file contributes is their summaries (its own findings are never shown)."""
        if self._archive is None:
            codes = [r.code for r in self.rules if isinstance(r, CorpusRule)]
            config = dataclasses.replace(self.config, select=codes, facts=[], archive=[])
            self._archive = Checker(config, model=self.model, reference_facts=False,
                                    packs=self.checker.packs)
            self._archive.window_chars = self.checker.window_chars
            if self.cache is not None:
                self._archive_cache = cache_mod.Cache(self.cache.root,
                                                      run_signature(self._archive))
        return self._archive

    def _merge(self, files: list[FileResult], archive: list[FileResult],
               result: RunResult) -> None:
        """Combine per-file results (in source order) and run the cross-file rules."""
        corpus: dict[str, list[tuple[str, Any, str | None]]] = {}  # code -> (path, summary, key)
        stored: dict[str, list[tuple[str, Any, str | None]]] = {}  # the same, archive files
        sups: dict[str, Suppressions] = {}
        for fr in files:
            result.errors += fr.errors
            self.warnings.extend(fr.warnings)
            if not fr.checked:
                continue
            result.files_checked += 1
            result.paths.append(fr.path)
            result.findings += fr.findings
            if self.keep_documents and fr.document is not None:
                result.documents[fr.path] = fr.document
            sups[fr.path] = Suppressions(ranges=list(fr.suppressed))
            for code, summary in fr.collected.items():
                corpus.setdefault(code, []).append((fr.path, summary, fr.key))
        for fr in archive:
            for code, summary in fr.collected.items():
                stored.setdefault(code, []).append((fr.path, summary, fr.key))
        for rule in self.rules:
            if isinstance(rule, CorpusRule):
                items = sorted(corpus.get(rule.code, []), key=lambda item: item[0])
                others = sorted(stored.get(rule.code, []), key=lambda item: item[0])
                try:
                    found = self._corpus_findings(rule, items, others)
                except FactlintError:
                    raise
                except Exception as exc:  # a bug in a rule must not take the run down
                    result.errors.append(f"internal error in rule {rule.code}: "
                                         f"{type(exc).__name__}: {exc}")
                    continue
                for f in found:
                    result.findings += self.checker.filter([f], sups.get(f.path))

    def _check_all(
        self, checker: Checker, items: list[tuple[int, str, str]]
    ) -> Iterator[tuple[int, FileResult]]:
        if self.executor is not None:
            yield from self.executor.check(checker, items, join=checker is self.checker)
            return
        jobs = self._jobs_for(items)
        if jobs > 1:
            from factlint.parallel import check_parallel

            yield from check_parallel(checker, items, jobs)
        else:
            yield from checker.check_texts(items, in_run=self._in_run)

    def check_texts(
        self, items: Iterable[tuple[int, str, str]]
    ) -> Iterator[tuple[int, FileResult]]:
        """Check ``(index, path, text)`` items in this process (see Checker.check_texts)."""
        return self.checker.check_texts(items, in_run=self._in_run)

    def _jobs_for(self, items: list[tuple[int, str, str]]) -> int:
        """Worker processes for ``items``: as asked, or automatically for large runs only."""
        if len(items) < 2:
            return 1
        if self.jobs is not None:
            return max(1, min(self.jobs, len(items)))
        if sum(len(text) for _, _, text in items) < PARALLEL_MIN_CHARS:
            return 1
        return max(1, min(usable_cpus(), len(items)))

    def _corpus_findings(
        self, rule: CorpusRule, items: list[tuple[str, Any, str | None]],
        archive: list[tuple[str, Any, str | None]],
    ) -> list[Finding]:
        """A cross-file rule's findings, reused from the cache when no file changed.

        The cache key of a cross-file result is made of the files' own keys: a file's
        key covers everything its summary depends on, so equal keys mean equal inputs.
        """
        key = None
        label = f"<run {rule.code}>"
        if self.cache is not None and all(k is not None for _, _, k in [*items, *archive]):
            names = [f"{p}\0{k}" for p, _, k in items]
            names += [f"archive\0{p}\0{k}" for p, _, k in archive]
            key = self.cache.key(label, "\n".join(names), "-")
            payload = self.cache.load(key, label)
            if payload is not None:
                try:
                    return [Finding.from_dict(d) for d in payload["findings"]]
                except (KeyError, TypeError, ValueError):
                    pass  # a damaged entry is a miss
        summaries = [(path, summary) for path, summary, _ in items]
        extra: dict[str, Any] = {}
        if self.executor is not None and hasattr(rule, "join_records"):
            # the near-duplicate join, distributed: its candidates, checked by finish
            extra["joined"] = self.executor.join(rule, summaries)
        found = list(rule.finish(summaries, [(path, summary) for path, summary, _ in archive],
                                 **extra))
        if key is not None and self.cache is not None:
            self.cache.store(key, label, {"findings": [f.to_dict() for f in found]})
        return found

    # -- the cache ----------------------------------------------------------------------
    def use_cache(self, directory: str) -> None:
        """Reuse and store per-file results in ``directory`` from now on."""
        self.cache = cache_mod.Cache(directory, self.run_signature())
        synonyms = self.checker.analyses.built.get("synonyms")
        if synonyms is not None:  # WordNet's parsed index is kept in the cache too
            synonyms.use_cache(self.cache)

    def run_signature(self) -> str:
        return run_signature(self.checker)

    def _cache_key(self, checker: Checker, cache: Cache | None, path: str,
                   text: str) -> str | None:
        if cache is None:
            return None
        facts = self._facts_signatures.of(checker.facts_for(path))
        return None if facts is None else cache.key(path, text, facts)

    def _from_cache(self, cache: Cache | None, key: str, path: str) -> FileResult | None:
        assert cache is not None
        payload = cache.load(key, path)
        if payload is None:
            return None
        try:
            return cache_mod.from_payload(path, payload, need_document=self.keep_documents)
        except Exception:  # a foreign or damaged entry is a miss, whatever is wrong with it
            return None

    def _to_cache(self, cache: Cache, key: str, file_result: FileResult) -> None:
        try:
            payload = cache_mod.to_payload(file_result)
        except cache_mod.Uncacheable:
            return
        cache.store(key, file_result.path, payload)


def run_signature(checker: Checker) -> str:
    """Everything besides a file and its reference facts that shapes its results: the
    cache's run key (:class:`factlint.cache.Cache`)."""
    data = {
        "format": cache_mod.CACHE_FORMAT,
        "version": __version__,
        "code": code_signature(),
        "rules": [[r.code, r.effective_severity.value, checker.config.options_for(type(r))]
                  for r in checker.rules],
        "known": [f"{cls.code}:{cls.name}" for cls in checker.known_rules],
        "per_path_ignores": checker.config.per_path_ignores,
        "packs": checker.packs.signature(),
        "model": cache_mod.model_identity(checker.model),
        "needs": sorted(checker.needs),
        # FL206 compares pages only with WordNet installed (factlint[synonyms])
        "synonyms": (checker.analyses.built["synonyms"].identity()
                     if "synonyms" in checker.analyses.built else None),
    }
    return digest(json.dumps(data, sort_keys=True, default=repr))


@dataclasses.dataclass
class _Archive:
    """The archive files of a run, their stats and when the stats were taken."""

    sources: list[Source]
    stats: list[os.stat_result | None]
    stamp: int


class _Counter:
    """Calls a run's ``progress(done, total)`` as each of its files completes."""

    def __init__(self, progress: Callable[[int, int], None] | None, total: int) -> None:
        self.progress = progress
        self.total = total
        self.done = 0

    def step(self) -> None:
        self.done += 1
        if self.progress is not None:
            self.progress(self.done, self.total)
