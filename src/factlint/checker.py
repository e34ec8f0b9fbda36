"""The checker: the rules of one run, built and prepared once, applied to documents.

A :class:`Checker` is made once per run (and once per worker process) from the
configuration, the rule packs, the reference facts and the NLP model. It validates the
configuration against the rules' declared options, builds the shared analyses the
enabled rules use, and calls every rule's ``prepare`` exactly once. Then it turns
texts into findings: parse -> NLP (window by window) -> rules -> suppressions.
Scheduling (which files, the cache, worker processes) is the engine's business.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from factlint import suppressions
from factlint.analyses import Analyses
from factlint.config import Config
from factlint.document import Document
from factlint.errors import ConfigError, FactlintError, InputError
from factlint.finding import Finding
from factlint.nlp import (
    BATCH_SIZE,
    NLP,
    ON_DEMAND,
    WINDOW_CHARS,
    Window,
    annotate_windows,
    entities_ready,
    load_nlp,
    run_entities,
)
from factlint.packrule import custom_rules
from factlint.packs import PackSet
from factlint.parse import parse_document
from factlint.registry import (
    NLP_NEEDS,
    CorpusRule,
    DocumentRule,
    Rule,
    Setup,
    all_rules,
    select_rules,
)
from factlint.results import FileResult
from factlint.summary import summarise

# NER batches: pieces sent to ``ner.pipe`` at once (the parse's own batch size, for the
# same reason: see factlint.nlp.BATCH_SIZE), and the text of parsed windows held while
# they gather (see Checker.check_texts).
NER_BATCH = BATCH_SIZE
HELD_CHARS = 2 * WINDOW_CHARS


@dataclass
class _Progress:
    """What the checker has gathered for a document whose windows are being checked."""

    result: FileResult
    found: list[Finding] = field(default_factory=list)
    observed: dict[str, list[Any]] = field(default_factory=dict)  # DocumentRule code -> ...
    broken: set[str] = field(default_factory=set)  # rules that failed on this document

    def fail(self, rule: Rule, exc: Exception) -> None:
        """Report a rule's internal error once and stop running it on this document."""
        self.broken.add(rule.code)
        self.result.errors.append(f"{self.result.path}: internal error in rule {rule.code}: "
                                  f"{type(exc).__name__}: {exc}")


class Checker:
    """The prepared rules of one run and the pipeline they need."""

    def __init__(
        self, config: Config, *, model: str | None = None, keep_documents: bool = False,
        reference_facts: bool = True, packs: PackSet | None = None,
    ) -> None:
        self.config = config
        self.keep_documents = keep_documents
        # False for the archive's checker: its files feed cross-file rules only, and their
        # reference files (one beside each article, perhaps) are not read for that.
        self.reference_facts = reference_facts
        self.window_chars: int | None = WINDOW_CHARS  # see factlint.nlp.WINDOW_CHARS
        # NER only on the pieces the entity readers declare (``entity_pieces``); False
        # runs it on every piece inside the pipeline, as before (for comparisons).
        self.lazy_entities = True
        self.model = model or config.model
        # ``packs``: those of another checker of the run, loaded from ``config.packs``.
        self.packs = packs if packs is not None else PackSet.load(config.packs)
        builtin = all_rules()
        self.known_rules = all_rules(custom_rules(self.packs, (c.code for c in builtin)))
        config.validate_rules(self.known_rules)
        self.by_code = {cls.code: cls for cls in self.known_rules}
        chosen = select_rules(self.known_rules, config.select, config.ignore)
        self.rules: list[Rule] = [cls(config.severity_for(cls)) for cls in chosen]
        self.options = {cls.code: config.options_for(cls) for cls in chosen}
        self._nlp: NLP | None = None
        self._facts: dict[tuple[str, ...], Any] = {}
        self._facts_of_path: dict[str, Any] = {}  # each path's files are looked up once
        self.warnings: list[str] = []
        self.analyses = Analyses(self.packs, self.pipeline)
        # The plain-text parser reads page debris with the run's FL204 phrases (built-in
        # and the project's), whether FL204 reports them or not; both parsers read block
        # roles with the furniture cues of the same packs.
        page = self.analyses.get("debris")
        self.debris, self.cues = page.entries, page.cues
        for rule in self.rules:
            rule.prepare(self.setup_for(rule))

    def setup_for(self, rule: Rule) -> Setup:
        """What ``rule.prepare`` gets: its options, its packs' entries and data, the
        shared analyses it declared in ``uses``, the pipeline and the run's rules."""
        code = rule.code
        return Setup(
            options=dict(self.options.get(code) or self.config.options_for(type(rule))),
            entries=self.packs.entries_for(code),
            data=self.packs.data_for(code),
            analyses=self.analyses.select(type(rule).uses),
            nlp=self.pipeline,
            rules=tuple(self.known_rules),
        )

    # -- NLP --------------------------------------------------------------------------
    @property
    def needs(self) -> frozenset[str]:
        wanted: set[str] = set()
        for rule in self.rules:
            wanted |= rule.needs & NLP_NEEDS
        return frozenset(wanted)

    def pipeline(self) -> Any:
        """The run's spaCy ``Language`` (loaded on first call)."""
        return self.nlp().nlp

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
        return self._nlp

    # -- reference facts --------------------------------------------------------------
    def facts_for(self, path: str) -> Any:
        """Reference facts that apply to ``path``: configured files plus any found beside it.

        Beside ``posts/s2.md`` the checker looks for ``posts/s2.facts.yaml`` and
        ``posts/facts.yaml``. Each distinct set of files is loaded and validated once.
        """
        if not self.reference_facts:
            return None
        if path in self._facts_of_path:  # every window and the conclusion of a file ask
            return self._facts_of_path[path]
        from factlint.facts import load_reference
        from factlint.facts.loader import facts_beside

        key = tuple(dict.fromkeys([*self.config.facts, *facts_beside(path)]))
        if key and key not in self._facts:
            self._facts[key] = load_reference(list(key))
        found = self._facts[key] if key else None
        self._facts_of_path[path] = found
        return found

    # -- checking -----------------------------------------------------------------------
    def check_texts(
        self, items: Iterable[tuple[int, str, str]], *, in_run: bool = False
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
                except ConfigError:  # a pack's entry (a runaway regex): the run stops
                    raise
                except Exception as exc:
                    # A parser bug on one odd file must not hide the findings of the others.
                    message = f"{path}: internal error while parsing: {type(exc).__name__}: {exc}"
                    failed.append((index, FileResult(path, errors=[message], checked=False)))
                    continue
                index_of[id(doc)] = index
                yield doc

        states: dict[int, _Progress] = {}
        # With lazy entities, parsed articles (one window each) are held until their
        # declared pieces make a batch worth sending to NER (the transition parser pays per
        # step whatever the batch, so an article's handful of pieces alone would cost
        # twice as much), or until they hold HELD_CHARS of text; then NER runs once on all
        # of them and their rules run in order. A long article's windows are not held:
        # within an article only the window being checked and its context hold parses.
        held: list[tuple[Window, _Progress]] = []
        declared: list[Any] = []
        size = 0

        def release() -> Iterator[tuple[int, FileResult]]:
            run_entities(declared, batch_size=NER_BATCH)
            declared.clear()
            for window, state in held:
                self._check_window(window, state, declared=True)
                if not window.last:
                    continue
                doc = window.document
                del states[id(doc)]
                index = index_of.pop(id(doc))
                while failed and failed[0][0] < index:
                    yield failed.pop(0)
                yield index, self._conclude(doc, state)
            held.clear()

        lazy = self._lazy()
        for window in self._annotated(documents(), in_run=in_run):
            doc = window.document
            state = states.setdefault(id(doc), _Progress(FileResult(doc.path)))
            held.append((window, state))
            if lazy:
                declared.extend(self._entity_pieces(self._view(window), self.facts_for(doc.path),
                                                    state.broken))
                if window.last and window.start == 0:  # a whole article may wait
                    size += sum(len(b.text) for b in doc.blocks)
                    if len(declared) < NER_BATCH and size < HELD_CHARS:
                        continue
                size = 0
            yield from release()
        yield from release()
        yield from failed

    def check_document(self, doc: Document) -> FileResult:
        """Rules, suppressions and per-path ignores for one fully annotated document."""
        state = _Progress(FileResult(doc.path))
        self._check_window(Window(doc, 0, len(doc.blocks), True), state, release=False)
        return self._conclude(doc, state)

    def _annotated(self, documents: Iterable[Document], *, in_run: bool) -> Iterator[Window]:
        it = iter(documents)
        first = next(it, None)
        if first is None:
            return
        nlp = self.nlp()
        if in_run:
            gc.freeze()  # the freshly loaded model joins the objects the collector skips

        def chain() -> Iterator[Document]:
            yield first
            yield from it

        yield from annotate_windows(chain(), nlp, window_chars=self.window_chars,
                                    entities=not self._lazy())

    def _lazy(self) -> bool:
        """Whether NER is left to the declared pieces. Not when every piece of every file
        is declared anyway: a reference file for the whole run with a rule on the
        ``mentions`` analysis (its entity layer reads every piece), or an entity reader
        that declares nothing. NER then runs inside the pipeline, batch by batch, which
        costs less than the same work done afterwards."""
        if not self.lazy_entities:
            return False
        for rule in self.rules:
            if "ner" not in rule.needs:
                continue
            if self.config.facts and self.reference_facts and "mentions" in type(rule).uses:
                return False
            if not hasattr(rule, "entity_pieces") and not getattr(
                    rule, "entities_on_demand", False):
                return False
        return True

    def _entity_pieces(self, view: Document, facts: Any, broken: set[str]) -> Iterator[Any]:
        """The spaCy docs of the pieces some enabled entity reader may query in this window.

        A rule that needs ``ner`` declares them with ``entity_pieces(doc, facts)``, or says
        ``entities_on_demand = True`` when its queries are too few and too scattered to
        foresee cheaply (each piece then gets NER when first asked); with neither, every
        piece of the window and its context block is taken.
        """
        everything = False
        for rule in self.rules:
            if "ner" not in rule.needs or rule.code in broken:
                continue
            declare = getattr(rule, "entity_pieces", None)
            if declare is not None:
                for piece in declare(view, facts):
                    yield piece.doc
            elif not getattr(rule, "entities_on_demand", False):
                everything = True
        if everything:
            for block in [*view.context, *view.blocks]:
                for piece in block.pieces:
                    yield piece.doc

    @staticmethod
    def _view(window: Window) -> Document:
        doc = window.document
        whole = window.start == 0 and window.end == len(doc.blocks)
        return doc if whole else doc.window(window.start, window.end)

    def _check_window(self, window: Window, state: _Progress, *, release: bool = True,
                      declared: bool = False) -> None:
        """Run the rules on one parsed window, then drop its parses (but the last block's,
        which the next window reads as context). ``declared``: NER has already run on the
        pieces the entity readers declared for it."""
        doc = window.document
        view = self._view(window)
        facts = self.facts_for(doc.path)
        if not declared and any(
                not entities_ready(p.doc) for b in view.blocks for p in b.pieces):
            run_entities(self._entity_pieces(view, facts, state.broken))
        for rule in self.rules:
            if rule.code in state.broken:
                continue
            ON_DEMAND[0] = getattr(rule, "entities_on_demand", False)
            try:
                if isinstance(rule, CorpusRule):
                    state.result.collected.setdefault(rule.code, []).extend(
                        rule.collect(view, facts))
                elif isinstance(rule, DocumentRule):
                    state.observed.setdefault(rule.code, []).append(rule.observe(view, facts))
                else:
                    state.found.extend(rule.check(view, facts))
            except FactlintError:
                raise
            except Exception as exc:  # a bug in a rule must not take the run down
                state.fail(rule, exc)
        ON_DEMAND[0] = False
        if release:
            keep = window.end - 1 if not window.last else window.end
            for block in doc.blocks[max(0, window.start - 1) : keep]:
                block.release()

    def _conclude(self, doc: Document, state: _Progress) -> FileResult:
        """Document rules, suppressions and per-path ignores once every window is checked."""
        fr = state.result
        facts = self.facts_for(doc.path)
        for rule in self.rules:
            if not isinstance(rule, DocumentRule) or rule.code in state.broken:
                continue
            ON_DEMAND[0] = getattr(rule, "entities_on_demand", False)
            try:
                state.found.extend(rule.conclude(doc, state.observed.get(rule.code, []), facts))
            except FactlintError:
                raise
            except Exception as exc:  # a bug in a rule must not take the run down
                state.fail(rule, exc)
        ON_DEMAND[0] = False
        sup = suppressions.of(doc)
        fr.findings = self.filter(state.found, sup)
        fr.suppressed = sup.ranges
        if self.keep_documents:
            fr.document = summarise(doc)
        fr.warnings = list(self.warnings)
        return fr

    def filter(
        self, findings: list[Finding], sup: suppressions.Suppressions | None
    ) -> list[Finding]:
        """``findings`` minus the suppressed ones and the configured per-path ignores."""
        return suppressions.apply(findings, sup, self.by_code, self.config.per_path_ignores)
