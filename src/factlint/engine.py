"""The run: files -> documents -> NLP -> rules -> findings -> suppressions.

The engine owns the order of the pipeline and nothing else: rules decide what is
wrong, reporters decide how it looks.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from factlint import suppressions
from factlint.config import Config
from factlint.document import Document
from factlint.errors import FactlintError, InputError
from factlint.finding import Finding, Severity
from factlint.nlp import NLP, annotate, load_nlp
from factlint.packs import PackSet
from factlint.parse import parse_document, read_article
from factlint.registry import (
    NLP_NEEDS,
    CorpusRule,
    Rule,
    RuleContext,
    all_rules,
    select_rules,
)
from factlint.sources import collect
from factlint.summary import DocumentView, summarise


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


class Engine:
    """Runs the selected rules over articles with one NLP model load per run."""

    def __init__(
        self, config: Config, *, model: str | None = None, keep_documents: bool = False
    ) -> None:
        self.config = config
        self.keep_documents = keep_documents
        self.model = model or config.model
        self.packs = PackSet.load(config.packs)
        builtin = all_rules()
        custom = self.packs.custom_rules(c.code for c in builtin)
        self.known_rules = all_rules(custom)
        config.validate_rules(self.known_rules)
        self.by_code = {cls.code: cls for cls in self.known_rules}
        chosen = select_rules(self.known_rules, config.select, config.ignore)
        self.rules: list[Rule] = [cls(config.severity_for(cls)) for cls in chosen]
        self._nlp: NLP | None = None
        self._facts: dict[tuple[str, ...], Any] = {}
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
            self._nlp = load_nlp(self.needs, self.model)
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

    def run(self, sources: list[Source]) -> RunResult:
        result = RunResult()
        # Reference files are validated before any article is linted.
        if self.config.facts:
            self.facts_for("")
        for src in sources:  # and so are the files found beside the articles
            if src.text is None:
                self.facts_for(src.path)
        documents = self._documents(sources, result)
        corpus: dict[str, list[tuple[str, Any]]] = {}
        sups: dict[str, suppressions.Suppressions] = {}
        for doc in self._annotated(documents):
            result.files_checked += 1
            if self.keep_documents:
                result.documents[doc.path] = summarise(doc)
            sup = suppressions.build(doc)
            sups[doc.path] = sup
            found = list(self._check(doc, result, corpus))
            found += self._suppression_problems(doc, sup)
            result.findings += self._filter(found, sup)
        for rule in self.rules:
            if isinstance(rule, CorpusRule):
                items = sorted(corpus.get(rule.code, []), key=lambda item: item[0])
                try:
                    found = list(rule.finish(items, self.context_for(rule)))
                except FactlintError:
                    raise
                except Exception as exc:  # a bug in a rule must not take the run down
                    result.errors.append(f"internal error in rule {rule.code}: "
                                         f"{type(exc).__name__}: {exc}")
                    continue
                for f in found:
                    result.findings += self._filter([f], sups.get(f.path))
        result.findings.sort(key=Finding.sort_key)
        result.errors.sort()
        result.warnings = list(dict.fromkeys(self.warnings))
        return result

    def _documents(self, sources: list[Source], result: RunResult) -> Iterator[Document]:
        for src in sources:
            try:
                text = src.text if src.text is not None else read_article(src.path)
                yield parse_document(src.path, text)
            except InputError as exc:
                result.errors.append(str(exc))
            except Exception as exc:
                # A parser bug on one odd file must not hide the findings of the others.
                result.errors.append(f"{src.path}: internal error while parsing: "
                                     f"{type(exc).__name__}: {exc}")

    def _annotated(self, documents: Iterable[Document]) -> Iterator[Document]:
        it = iter(documents)
        first = next(it, None)
        if first is None:
            return
        nlp = self.nlp()

        def chain() -> Iterator[Document]:
            yield first
            yield from it

        yield from annotate(chain(), nlp)

    def _check(
        self, doc: Document, result: RunResult, corpus: dict[str, list[tuple[str, Any]]]
    ) -> Iterator[Finding]:
        for rule in self.rules:
            ctx = self.context_for(rule, doc.path)
            try:
                if isinstance(rule, CorpusRule):
                    corpus.setdefault(rule.code, []).append((doc.path, rule.collect(doc, ctx)))
                yield from rule.check(doc, ctx)
            except FactlintError:
                raise
            except Exception as exc:  # a bug in a rule must not take the run down
                result.errors.append(
                    f"{doc.path}: internal error in rule {rule.code}: {type(exc).__name__}: {exc}"
                )

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
