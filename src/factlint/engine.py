"""The run: files -> documents -> NLP -> rules -> findings -> suppressions.

The engine owns the order of the pipeline and nothing else: rules decide what is
wrong, reporters decide how it looks.
"""

from __future__ import annotations

import fnmatch
import gc
import json
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from factlint import suppressions
from factlint.config import Config
from factlint.document import Document
from factlint.errors import FactlintError, InputError
from factlint.finding import Finding, Severity
from factlint.nlp import NLP, WINDOW_CHARS, Window, annotate_windows, load_nlp
from factlint.packs import PackSet
from factlint.parse import parse_document, read_article
from factlint.parse.roles import cues_from
from factlint.registry import (
    NLP_NEEDS,
    CorpusRule,
    DocumentRule,
    Rule,
    RuleContext,
    all_rules,
    select_rules,
)
from factlint.sources import collect
from factlint.summary import DocumentView, summarise

if TYPE_CHECKING:
    from factlint.cache import Cache

# Below this much text (characters still to parse), an automatic --jobs stays in one
# process: forking and shipping results back would cost more than it saves.
PARALLEL_MIN_CHARS = 200_000


@dataclass
class Source:
    """An article to check: a path on disk, or text given directly (stdin)."""

    path: str
    text: str | None = None


@dataclass
class RunResult:
    files_checked: int = 0
    findings: list[Finding] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # one-line messages, "path: message"
    warnings: list[str] = field(default_factory=list)
    # Filled only when the engine was asked to keep them (reporters that show the article).
    documents: dict[str, DocumentView] = field(default_factory=dict)

    def counts(self) -> dict[str, int]:
        out = {s.value: 0 for s in (Severity.ERROR, Severity.WARNING, Severity.INFO)}
        for f in self.findings:
            out[f.severity.value] += 1
        return out


@dataclass
class FileResult:
    """Everything the engine learned from one file: the unit of caching and of parallel work.

    ``findings`` are already filtered by the file's suppressions and per-path ignores;
    ``collected`` holds the summaries of cross-file rules and ``suppressed`` the
    suppressed line ranges, so cross-file findings can be made and filtered later.
    """

    path: str
    findings: list[Finding] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    collected: dict[str, Any] = field(default_factory=dict)  # CorpusRule code -> summary
    suppressed: list[tuple[int, int, list[str] | None]] = field(default_factory=list)
    document: DocumentView | None = None
    checked: bool = True  # False when the file could not be read or parsed
    key: str | None = None  # the file's cache key (not stored): names its summaries too

    def to_payload(self) -> dict[str, Any]:
        """JSON-ready form for the cache (raises cache.Uncacheable for odd summaries)."""
        from factlint.cache import encode

        return {
            "findings": [f.to_dict() for f in self.findings],
            "warnings": list(self.warnings),
            "collected": encode(self.collected),
            "suppressed": encode(self.suppressed),
            "document": encode(self.document) if self.document is not None else None,
        }

    @classmethod
    def from_payload(cls, path: str, data: dict[str, Any], *, need_document: bool) -> FileResult:
        """Rebuild a cached result; raises ValueError/KeyError/TypeError on a bad payload."""
        from factlint.cache import decode

        document = decode(data["document"]) if data["document"] is not None else None
        if need_document and not isinstance(document, DocumentView):
            raise ValueError("entry has no document view")
        findings = [Finding.from_dict(d) for d in data["findings"]]
        if any(f.path != path for f in findings):
            raise ValueError("finding for another file")
        warnings = data["warnings"]
        collected = decode(data["collected"])
        suppressed = decode(data["suppressed"])
        if not (isinstance(warnings, list) and all(isinstance(w, str) for w in warnings)
                and isinstance(collected, dict) and isinstance(suppressed, list)):
            raise ValueError("malformed entry")
        for item in suppressed:
            first, last, sels = item
            if not (isinstance(first, int) and isinstance(last, int)
                    and (sels is None or isinstance(sels, list))):
                raise ValueError("malformed suppression range")
        return cls(path, findings, [], warnings, collected, suppressed, document)


@dataclass
class _Progress:
    """What the engine has gathered for a document whose windows are being checked."""

    result: FileResult
    found: list[Finding] = field(default_factory=list)
    observed: dict[str, list[Any]] = field(default_factory=dict)  # DocumentRule code -> ...
    broken: set[str] = field(default_factory=set)  # rules that failed on this document

    def fail(self, rule: Rule, exc: Exception) -> None:
        """Report a rule's internal error once and stop running it on this document."""
        self.broken.add(rule.code)
        self.result.errors.append(f"{self.result.path}: internal error in rule {rule.code}: "
                                  f"{type(exc).__name__}: {exc}")


def _cpus() -> int:
    """CPUs this process may use (respects affinity masks, e.g. in containers)."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


class Engine:
    """Runs the selected rules over articles with one NLP model load per run."""

    def __init__(
        self, config: Config, *, model: str | None = None, keep_documents: bool = False,
        jobs: int | None = None,
    ) -> None:
        self.config = config
        self.keep_documents = keep_documents
        self.cache: Cache | None = None  # set by use_cache(); None: every file is parsed
        self.jobs = jobs  # worker processes; None: one per CPU, for runs large enough
        self.window_chars: int | None = WINDOW_CHARS  # see factlint.nlp.WINDOW_CHARS
        self.model = model or config.model
        self.packs = PackSet.load(config.packs)
        # Plain text is read with the run's FL204 entries (built-in and the project's),
        # whether FL204 reports or not: debris is never a heading nor prose.
        self.debris = tuple(self.packs.entries_for("FL204"))
        self.cues = cues_from(self.packs.data_for("FL204"))
        builtin = all_rules()
        custom = self.packs.custom_rules(c.code for c in builtin)
        self.known_rules = all_rules(custom)
        config.validate_rules(self.known_rules)
        self.by_code = {cls.code: cls for cls in self.known_rules}
        chosen = select_rules(self.known_rules, config.select, config.ignore)
        self.rules: list[Rule] = [cls(config.severity_for(cls)) for cls in chosen]
        self._nlp: NLP | None = None
        self._facts: dict[tuple[str, ...], Any] = {}
        self._file_digests: dict[str, str | None] = {}
        self._in_run = False
        self.warnings: list[str] = []

    # -- NLP --------------------------------------------------------------------------
    @property
    def needs(self) -> frozenset[str]:
        wanted: set[str] = set()
        for rule in self.rules:
            wanted |= rule.needs & NLP_NEEDS
        return frozenset(wanted)

    def nlp(self) -> NLP:
        """The run's pipeline, loaded on first use; rules it cannot serve are dropped."""
        if self._nlp is None:
            # Importing spaCy and loading the model build a large heap and no garbage: the
            # collector's hundreds of passes over it were a tenth of a one-file run. The
            # thresholds are raised rather than the collector disabled, because srsly
            # re-enables it after each msgpack read.
            # The loaded model is then moved out of the collector's sight (gc.freeze) before
            # the thresholds come back, or the next allocation would scan it all at once.
            thresholds = gc.get_threshold()
            gc.set_threshold(1_000_000, 1_000, 1_000)
            try:
                self._nlp = load_nlp(self.needs, self.model)
            finally:
                gc.freeze()
                gc.set_threshold(*thresholds)
            if self._nlp.warning:
                self.warnings.append(self._nlp.warning)
            disabled = [r for r in self.rules if not r.needs <= self._nlp.capabilities]
            if disabled:
                codes = ", ".join(r.code for r in disabled)
                self.warnings.append(
                    f"checks disabled because the NLP model lacks what they need: {codes}"
                )
                self.rules = [r for r in self.rules if r not in disabled]
            for rule in self.rules:
                hook = getattr(rule, "configure_nlp", None)
                if hook is not None:
                    hook(self._nlp.nlp, self.context_for(rule))
        return self._nlp

    # -- contexts ---------------------------------------------------------------------
    def facts_for(self, path: str) -> Any:
        """Reference facts that apply to ``path``: configured files plus any found beside it.

        Beside ``posts/s2.md`` the engine looks for ``posts/s2.facts.yaml`` and
        ``posts/facts.yaml``. Each distinct set of files is loaded and validated once.
        """
        from factlint.facts import load_reference
        from factlint.facts.loader import facts_beside

        key = tuple(dict.fromkeys([*self.config.facts, *facts_beside(path)]))
        if not key:
            return None
        if key not in self._facts:
            self._facts[key] = load_reference(list(key))
        return self._facts[key]

    def context_for(self, rule: Rule, path: str | None = None) -> RuleContext:
        nlp = self._nlp
        return RuleContext(
            options=self.config.options_for(type(rule)),
            facts=self.facts_for(path) if path is not None else None,
            packs=self.packs,
            nlp_capabilities=nlp.capabilities if nlp else frozenset(),
            nlp=nlp.nlp if nlp else None,
            peers={r.code: self.config.options_for(type(r)) for r in self.rules},
        )

    # -- the run ----------------------------------------------------------------------
    def expand(self, paths: list[str]) -> tuple[list[Source], list[str]]:
        collected = collect(paths, self.config.exclude)
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
        # Reference files are validated before any article is linted.
        if self.config.facts:
            self.facts_for("")
        for src in sources:  # and so are the files found beside the articles
            if src.text is None:
                self.facts_for(src.path)
        total = len(sources)
        slots: list[FileResult | None] = [None] * total
        todo: list[tuple[int, str, str]] = []
        keys: dict[int, str] = {}
        done = 0
        for i, src in enumerate(sources):
            try:
                text = src.text if src.text is not None else read_article(src.path)
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
        sups: dict[str, suppressions.Suppressions] = {}
        for fr in files:
            result.errors += fr.errors
            self.warnings += fr.warnings
            if not fr.checked:
                continue
            result.files_checked += 1
            result.findings += fr.findings
            if self.keep_documents and fr.document is not None:
                result.documents[fr.path] = fr.document
            sups[fr.path] = suppressions.Suppressions(ranges=list(fr.suppressed))
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
                    result.findings += self._filter([f], sups.get(f.path))

    def _check_all(
        self, items: list[tuple[int, str, str]]
    ) -> Iterator[tuple[int, FileResult]]:
        jobs = self._jobs_for(items)
        if jobs > 1:
            from factlint.parallel import check_parallel

            yield from check_parallel(self, items, jobs)
        else:
            yield from self.check_texts(items)

    def _jobs_for(self, items: list[tuple[int, str, str]]) -> int:
        """Worker processes for ``items``: as asked, or automatically for large runs only."""
        if len(items) < 2:
            return 1
        if self.jobs is not None:
            return max(1, min(self.jobs, len(items)))
        if sum(len(text) for _, _, text in items) < PARALLEL_MIN_CHARS:
            return 1
        return max(1, min(_cpus(), len(items)))

    def check_texts(
        self, items: Iterable[tuple[int, str, str]]
    ) -> Iterator[tuple[int, FileResult]]:
        """Parse, annotate and check ``(index, path, text)`` items in this process.

        Documents stream through one ``nlp.pipe``; results come back tagged with
        their index, in input order.
        """
        failed: list[tuple[int, FileResult]] = []
        index_of: dict[int, int] = {}

        def documents() -> Iterator[Document]:
            for index, path, text in items:
                try:
                    doc = parse_document(path, text, debris=self.debris, cues=self.cues)
                except InputError as exc:
                    failed.append((index, FileResult(path, errors=[str(exc)], checked=False)))
                    continue
                except Exception as exc:
                    # A parser bug on one odd file must not hide the findings of the others.
                    message = f"{path}: internal error while parsing: {type(exc).__name__}: {exc}"
                    failed.append((index, FileResult(path, errors=[message], checked=False)))
                    continue
                index_of[id(doc)] = index
                yield doc

        states: dict[int, _Progress] = {}
        for window in self._annotated(documents()):
            doc = window.document
            state = states.setdefault(id(doc), _Progress(FileResult(doc.path)))
            self._check_window(window, state)
            if not window.last:
                continue
            del states[id(doc)]
            index = index_of.pop(id(doc))
            while failed and failed[0][0] < index:
                yield failed.pop(0)
            yield index, self._conclude(doc, state)
        yield from failed

    def check_document(self, doc: Document) -> FileResult:
        """Rules, suppressions and per-path ignores for one fully annotated document."""
        state = _Progress(FileResult(doc.path))
        self._check_window(Window(doc, 0, len(doc.blocks), True), state, release=False)
        return self._conclude(doc, state)

    def _check_window(self, window: Window, state: _Progress, *, release: bool = True) -> None:
        """Run the rules on one parsed window, then drop its parses (but the last block's,
        which the next window reads as context)."""
        doc = window.document
        whole = window.start == 0 and window.end == len(doc.blocks)
        view = doc if whole else doc.window(window.start, window.end)
        for rule in self.rules:
            if rule.code in state.broken:
                continue
            ctx = self.context_for(rule, doc.path)
            try:
                if isinstance(rule, CorpusRule):
                    state.result.collected.setdefault(rule.code, []).extend(
                        rule.collect(view, ctx))
                elif isinstance(rule, DocumentRule):
                    state.observed.setdefault(rule.code, []).append(rule.observe(view, ctx))
                else:
                    state.found.extend(rule.check(view, ctx))
            except FactlintError:
                raise
            except Exception as exc:  # a bug in a rule must not take the run down
                state.fail(rule, exc)
        if release:
            keep = window.end - 1 if not window.last else window.end
            for block in doc.blocks[max(0, window.start - 1) : keep]:
                block.release()

    def _conclude(self, doc: Document, state: _Progress) -> FileResult:
        """Document rules, suppressions and per-path ignores once every window is checked."""
        fr = state.result
        for rule in self.rules:
            if not isinstance(rule, DocumentRule) or rule.code in state.broken:
                continue
            try:
                state.found.extend(rule.conclude(doc, state.observed.get(rule.code, []),
                                                 self.context_for(rule, doc.path)))
            except FactlintError:
                raise
            except Exception as exc:  # a bug in a rule must not take the run down
                state.fail(rule, exc)
        sup = suppressions.build(doc)
        found = state.found + self._suppression_problems(doc, sup)
        fr.findings = self._filter(found, sup)
        fr.suppressed = sup.ranges
        if self.keep_documents:
            fr.document = summarise(doc)
        fr.warnings = list(self.warnings)
        return fr

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
        found = list(rule.finish(summaries, self.context_for(rule)))
        if key is not None and self.cache is not None:
            self.cache.store(key, label, {"findings": [f.to_dict() for f in found]})
        return found

    # -- the cache ----------------------------------------------------------------------
    def use_cache(self, directory: str) -> None:
        """Reuse and store per-file results in ``directory`` from now on."""
        from factlint.cache import Cache

        self.cache = Cache(directory, self.run_signature())

    def run_signature(self) -> str:
        """Everything besides a file and its reference facts that shapes its results."""
        from factlint import __version__
        from factlint.cache import CACHE_FORMAT, code_signature, digest, model_identity

        data = {
            "format": CACHE_FORMAT,
            "version": __version__,
            "code": code_signature(),
            "rules": [[r.code, r.effective_severity.value, self.config.options_for(type(r))]
                      for r in self.rules],
            "known": [f"{cls.code}:{cls.name}" for cls in self.known_rules],
            "per_path_ignores": self.config.per_path_ignores,
            "packs": self.packs.signature(),
            "model": model_identity(self.model),
            "needs": sorted(self.needs),
        }
        return digest(json.dumps(data, sort_keys=True, default=repr))

    def _cache_key(self, path: str, text: str) -> str | None:
        if self.cache is None:
            return None
        facts = self._facts_signature(path)
        return None if facts is None else self.cache.key(path, text, facts)

    def _facts_signature(self, path: str) -> str | None:
        """Hash of the reference files that apply to ``path``; None if they cannot be named."""
        from factlint.cache import digest

        ref = self.facts_for(path)
        if ref is None:
            return "-"
        paths = getattr(ref, "paths", None)
        if not isinstance(paths, list | tuple):
            return None
        parts: list[str | bytes] = []
        for p in paths:
            if p not in self._file_digests:
                try:
                    with open(p, "rb") as fh:
                        self._file_digests[p] = digest(fh.read())
                except OSError:
                    self._file_digests[p] = None
            sig = self._file_digests[p]
            if sig is None:
                return None
            parts += [str(p), sig]
        return digest(*parts)

    def _from_cache(self, key: str, path: str) -> FileResult | None:
        assert self.cache is not None
        payload = self.cache.load(key, path)
        if payload is None:
            return None
        try:
            return FileResult.from_payload(path, payload, need_document=self.keep_documents)
        except Exception:  # a foreign or damaged entry is a miss, whatever is wrong with it
            return None

    def _to_cache(self, key: str, file_result: FileResult) -> None:
        from factlint.cache import Uncacheable

        assert self.cache is not None
        try:
            payload = file_result.to_payload()
        except Uncacheable:
            return
        self.cache.store(key, file_result.path, payload)

    def _annotated(self, documents: Iterable[Document]) -> Iterator[Window]:
        it = iter(documents)
        first = next(it, None)
        if first is None:
            return
        nlp = self.nlp()
        if self._in_run:
            gc.freeze()  # the freshly loaded model joins the objects the collector skips

        def chain() -> Iterator[Document]:
            yield first
            yield from it

        yield from annotate_windows(chain(), nlp, window_chars=self.window_chars)

    def _suppression_problems(
        self, doc: Document, sup: suppressions.Suppressions
    ) -> list[Finding]:
        from factlint.rules.meta import InvalidSuppression

        rule = next((r for r in self.rules if isinstance(r, InvalidSuppression)), None)
        if rule is None:
            return []
        out = []
        for directive, sel in suppressions.unknown_selectors(sup, self.known_rules):
            out.append(rule.finding_at(
                doc, directive.start, directive.end,
                f"suppression names unknown rule '{sel}'; use a code such as FL101, a prefix "
                f"such as FL3, or a slug from 'factlint rules'",
            ))
        return out

    def _filter(
        self, findings: list[Finding], sup: suppressions.Suppressions | None
    ) -> list[Finding]:
        from factlint.registry import matches_selector

        out = []
        for f in findings:
            if sup is not None and f.rule != "FL001" and sup.covers(f, self.by_code):
                continue
            cls = self.by_code.get(f.rule)
            ignored = False
            for pattern, sels in self.config.per_path_ignores.items():
                if fnmatch.fnmatch(f.path.replace("\\", "/"), pattern) and cls is not None and any(
                    matches_selector(cls, s) for s in sels
                ):
                    ignored = True
            if not ignored:
                out.append(f)
        return out
