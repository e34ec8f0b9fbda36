"""The run: which files, from the cache or checked (here or in worker processes), merged.

The engine schedules and nothing else: the :class:`~factlint.checker.Checker` turns a
text into findings, rules decide what is wrong, reporters decide how it looks.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any

from factlint import cache as cache_mod
from factlint.checker import Checker
from factlint.config import Config
from factlint.document import Document
from factlint.errors import FactlintError, InputError
from factlint.finding import Finding
from factlint.nlp import NLP
from factlint.parse import read_article
from factlint.registry import CorpusRule, Rule
from factlint.results import FileResult, RunResult, Source
from factlint.sources import collect
from factlint.suppressions import Suppressions

if TYPE_CHECKING:
    from factlint.cache import Cache

__all__ = ["PARALLEL_MIN_CHARS", "Engine", "FileResult", "RunResult", "Source"]

# Below this much text (characters still to parse), an automatic --jobs stays in one
# process: forking and shipping results back would cost more than it saves.
PARALLEL_MIN_CHARS = 200_000


def _cpus() -> int:
    """CPUs this process may use (respects affinity masks, e.g. in containers)."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


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
        self._facts_signatures = cache_mod.FactsSignatures()
        self._in_run = False

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
        self, sources: list[Source], *, progress: Callable[[int, int], None] | None = None
    ) -> RunResult:
        """Check ``sources``: cached files are reused, the others parsed (maybe in parallel).

        ``progress(done, total)`` is called as files complete. The result does not
        depend on the cache, the number of jobs or the order in which files finish.
        """
        # Long-lived objects (rules, packs, the model once loaded) are kept out of the
        # garbage collector's scans for the run: a run allocates many small objects, and
        # full collections re-walking the model cost about a tenth of the throughput.
        gc.freeze()
        self._in_run = True
        try:
            return self._run(sources, progress)
        finally:
            self._in_run = False
            gc.unfreeze()

    def _run(
        self, sources: list[Source], progress: Callable[[int, int], None] | None
    ) -> RunResult:
        result = RunResult()
        checker = self.checker
        # Reference files are validated before any article is linted.
        if self.config.facts:
            checker.facts_for("")
        for src in sources:  # and so are the files found beside the articles
            if src.text is None:
                checker.facts_for(src.path)
        total = len(sources)
        slots: list[FileResult | None] = [None] * total
        todo: list[tuple[int, str, str]] = []
        keys: dict[int, str] = {}
        done = 0
        for i, src in enumerate(sources):
            try:
                text = (src.text if src.text is not None
                        else read_article(src.path, self.config.max_file_size))
            except InputError as exc:
                slots[i] = FileResult(src.path, errors=[str(exc)], checked=False)
                continue
            key = self._cache_key(src.path, text)
            cached = self._from_cache(key, src.path) if key is not None else None
            if cached is not None:
                cached.key = key
                slots[i] = cached
                done += 1
                if progress is not None:
                    progress(done, total)
                continue
            if key is not None:
                keys[i] = key
            todo.append((i, src.path, text))
        for i, file_result in self._check_all(todo):
            slots[i] = file_result
            if i in keys and file_result.checked and not file_result.errors:
                file_result.key = keys[i]
                self._to_cache(keys[i], file_result)
            done += 1
            if progress is not None:
                progress(done, total)
        self._merge([s for s in slots if s is not None], result)
        if self.cache is not None and self.cache.write_error:
            self.warnings.append(self.cache.write_error)
        result.findings.sort(key=Finding.sort_key)
        result.errors.sort()
        result.warnings = list(dict.fromkeys(self.warnings))
        return result

    def _merge(self, files: list[FileResult], result: RunResult) -> None:
        """Combine per-file results (in source order) and run the cross-file rules."""
        corpus: dict[str, list[tuple[str, Any, str | None]]] = {}  # code -> (path, summary, key)
        sups: dict[str, Suppressions] = {}
        for fr in files:
            result.errors += fr.errors
            self.warnings.extend(fr.warnings)
            if not fr.checked:
                continue
            result.files_checked += 1
            result.findings += fr.findings
            if self.keep_documents and fr.document is not None:
                result.documents[fr.path] = fr.document
            sups[fr.path] = Suppressions(ranges=list(fr.suppressed))
            for code, summary in fr.collected.items():
                corpus.setdefault(code, []).append((fr.path, summary, fr.key))
        for rule in self.rules:
            if isinstance(rule, CorpusRule):
                items = sorted(corpus.get(rule.code, []), key=lambda item: item[0])
                try:
                    found = self._corpus_findings(rule, items)
                except FactlintError:
                    raise
                except Exception as exc:  # a bug in a rule must not take the run down
                    result.errors.append(f"internal error in rule {rule.code}: "
                                         f"{type(exc).__name__}: {exc}")
                    continue
                for f in found:
                    result.findings += self.checker.filter([f], sups.get(f.path))

    def _check_all(
        self, items: list[tuple[int, str, str]]
    ) -> Iterator[tuple[int, FileResult]]:
        jobs = self._jobs_for(items)
        if jobs > 1:
            from factlint.parallel import check_parallel

            yield from check_parallel(self.checker, items, jobs)
        else:
            yield from self.check_texts(items)

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
        return max(1, min(_cpus(), len(items)))

    def _corpus_findings(
        self, rule: CorpusRule, items: list[tuple[str, Any, str | None]]
    ) -> list[Finding]:
        """A cross-file rule's findings, reused from the cache when no file changed.

        The cache key of a cross-file result is made of the files' own keys: a file's
        key covers everything its summary depends on, so equal keys mean equal inputs.
        """
        key = None
        label = f"<run {rule.code}>"
        if self.cache is not None and all(k is not None for _, _, k in items):
            key = self.cache.key(label, "\n".join(f"{p}\0{k}" for p, _, k in items), "-")
            payload = self.cache.load(key, label)
            if payload is not None:
                try:
                    return [Finding.from_dict(d) for d in payload["findings"]]
                except (KeyError, TypeError, ValueError):
                    pass  # a damaged entry is a miss
        summaries = [(path, summary) for path, summary, _ in items]
        found = list(rule.finish(summaries))
        if key is not None and self.cache is not None:
            self.cache.store(key, label, {"findings": [f.to_dict() for f in found]})
        return found

    # -- the cache ----------------------------------------------------------------------
    def use_cache(self, directory: str) -> None:
        """Reuse and store per-file results in ``directory`` from now on."""
        self.cache = cache_mod.Cache(directory, self.run_signature())

    def run_signature(self) -> str:
        return cache_mod.run_signature(self.checker)

    def _cache_key(self, path: str, text: str) -> str | None:
        if self.cache is None:
            return None
        facts = self._facts_signatures.of(self.checker.facts_for(path))
        return None if facts is None else self.cache.key(path, text, facts)

    def _from_cache(self, key: str, path: str) -> FileResult | None:
        assert self.cache is not None
        payload = self.cache.load(key, path)
        if payload is None:
            return None
        try:
            return cache_mod.from_payload(path, payload, need_document=self.keep_documents)
        except Exception:  # a foreign or damaged entry is a miss, whatever is wrong with it
            return None

    def _to_cache(self, key: str, file_result: FileResult) -> None:
        assert self.cache is not None
        try:
            payload = cache_mod.to_payload(file_result)
        except cache_mod.Uncacheable:
            return
        self.cache.store(key, file_result.path, payload)
