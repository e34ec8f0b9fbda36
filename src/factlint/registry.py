"""Rules and the rule registry.

A rule is a class with a code (``FL101``), a slug (``duplicate-heading``), a default
severity, a summary, an explanation with bad and good examples, default options and
a ``check`` method from a document (plus a :class:`RuleContext`) to findings. Rule
modules in ``factlint.rules`` register themselves with :func:`register`; custom rules
declared in YAML rule packs are registered per run.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

from factlint.document import Block, Document
from factlint.errors import UsageError
from factlint.finding import Finding, Severity

if TYPE_CHECKING:
    from factlint.packs import PackSet

CODE_RE = re.compile(r"^[A-Z]{1,10}[0-9]{1,4}$")

# NLP capabilities a rule may need; the loader keeps the components that provide them.
NLP_NEEDS = frozenset({"tagger", "lemmatizer", "parser", "ner"})


@dataclass
class RuleContext:
    """What a rule may use besides the document: its options, reference facts, rule packs."""

    options: dict[str, Any] = field(default_factory=dict)
    facts: Any = None  # factlint.facts reference set, when reference files were given
    packs: PackSet | None = None
    nlp_capabilities: frozenset[str] = frozenset()
    nlp: Any = None  # the loaded spaCy Language, for rules that build matchers
    # Options of every rule enabled in this run, by code: lets related rules (FL201-FL203)
    # leave a problem to the one that reports it best instead of reporting it twice.
    peers: dict[str, dict[str, Any]] = field(default_factory=dict)

    def option(self, name: str, default: Any = None) -> Any:
        return self.options.get(name, default)


class Rule:
    """Base class for every rule. Subclasses set the class attributes and ``check``."""

    code: ClassVar[str]
    name: ClassVar[str]
    severity: ClassVar[Severity] = Severity.WARNING
    summary: ClassVar[str]
    explanation: ClassVar[str] = ""
    bad_example: ClassVar[str] = ""
    good_example: ClassVar[str] = ""
    options: ClassVar[dict[str, Any]] = {}
    needs: ClassVar[frozenset[str]] = frozenset()  # subset of NLP_NEEDS
    family: ClassVar[str] = "core"

    def __init__(self, severity: Severity | None = None) -> None:
        self.effective_severity = severity or self.severity

    def check(self, doc: Document, ctx: RuleContext) -> Iterable[Finding]:
        """Yield the findings of this rule for one document."""
        raise NotImplementedError

    # -- helpers for subclasses ---------------------------------------------------------
    def finding_at(
        self,
        doc: Document,
        source_start: int,
        source_end: int,
        message: str,
        *,
        severity: Severity | None = None,
    ) -> Finding:
        """A finding covering source offsets ``[source_start, source_end)``."""
        source_end = max(source_end, source_start)
        line, col = doc.position(source_start)
        end_line, end_col = doc.position(source_end)
        return Finding(
            path=doc.path,
            line=line,
            column=col,
            end_line=end_line,
            end_column=end_col,
            rule=self.code,
            name=self.name,
            severity=severity or self.effective_severity,
            message=message,
            excerpt=doc.excerpt(source_start, source_end),
        )

    def finding(
        self,
        doc: Document,
        block: Block,
        start: int,
        end: int,
        message: str,
        *,
        severity: Severity | None = None,
    ) -> Finding:
        """A finding covering ``[start, end)`` of ``block.text``."""
        s, e = block.source_span(start, end)
        return self.finding_at(doc, s, e, message, severity=severity)

    def block_finding(
        self, doc: Document, block: Block, message: str, *, severity: Severity | None = None
    ) -> Finding:
        """A finding covering a whole block (trimmed of surrounding whitespace)."""
        text = block.text
        start = len(text) - len(text.lstrip())
        end = len(text.rstrip())
        return self.finding(doc, block, start, max(end, start), message, severity=severity)

    @classmethod
    def describe(cls) -> str:
        """The full explanation printed by ``factlint rule CODE``."""
        parts = [f"{cls.code} {cls.name} ({cls.severity.value})", "", cls.summary]
        if cls.explanation:
            parts += ["", cls.explanation.strip()]
        if cls.bad_example:
            parts += ["", "Bad:", _indent(cls.bad_example)]
        if cls.good_example:
            parts += ["", "Good:", _indent(cls.good_example)]
        if cls.options:
            parts += ["", "Options (set under rules: in .factlint.yaml):"]
            parts += [f"  {k}: {v!r}" for k, v in sorted(cls.options.items())]
        if cls.needs:
            parts += ["", "Needs the NLP model: " + ", ".join(sorted(cls.needs))]
        return "\n".join(parts)


class DocumentRule(Rule):
    """A rule whose findings depend on the whole article, not on one block at a time.

    A plain :class:`Rule` is run on each window of an article (``doc.blocks`` are the
    window's blocks, ``doc.context`` the parsed block before them), and reports on those
    blocks only. Long articles are checked window by window and each window's parses are
    dropped once its rules have run. A document rule instead gets ``observe`` on every
    window, while its parses exist, and keeps what it returns (small: words, counts,
    candidate findings); ``conclude`` then sees the whole article (structure and text,
    no parses) with the observations of its windows in order, and yields the findings.
    """

    def check(self, doc: Document, ctx: RuleContext) -> Iterable[Finding]:
        """The findings for a fully parsed document (one window)."""
        return self.conclude(doc, [self.observe(doc, ctx)], ctx)

    def observe(self, doc: Document, ctx: RuleContext) -> Any:
        """What to remember of one window (default: nothing)."""
        return None

    def conclude(
        self, doc: Document, observed: Sequence[Any], ctx: RuleContext
    ) -> Iterable[Finding]:
        raise NotImplementedError


class CorpusRule(Rule):
    """A rule that compares documents of one run with each other (e.g. cross-file duplicates).

    ``collect`` runs per window of each document and returns a list of small picklable
    items (a document's summary is the concatenation of its windows' lists); ``finish``
    sees every summary of the run (in path order) and yields findings. This keeps the
    rule correct with parallel workers and with cached per-file results.
    """

    def check(self, doc: Document, ctx: RuleContext) -> Iterable[Finding]:
        return ()

    def collect(self, doc: Document, ctx: RuleContext) -> list[Any]:
        raise NotImplementedError

    def finish(self, items: Sequence[tuple[str, Any]], ctx: RuleContext) -> Iterable[Finding]:
        raise NotImplementedError


def _indent(text: str) -> str:
    return "\n".join("    " + line for line in text.strip("\n").splitlines())


_REGISTRY: dict[str, type[Rule]] = {}
_LOADED = False


def register(cls: type[Rule]) -> type[Rule]:
    """Class decorator adding a rule to the registry."""
    if not CODE_RE.match(cls.code):
        raise ValueError(f"bad rule code {cls.code!r}")
    existing = _REGISTRY.get(cls.code)
    if existing is not None and existing is not cls:
        raise ValueError(f"rule code {cls.code} registered twice")
    _REGISTRY[cls.code] = cls
    return cls


def load_builtin_rules() -> None:
    """Import every module of ``factlint.rules`` once so that the rules register."""
    global _LOADED
    if _LOADED:
        return
    import factlint.rules as pkg

    for info in sorted(pkgutil.iter_modules(pkg.__path__), key=lambda m: m.name):
        if not info.name.startswith("_"):
            importlib.import_module(f"{pkg.__name__}.{info.name}")
    _LOADED = True


def all_rules(extra: Iterable[type[Rule]] = ()) -> list[type[Rule]]:
    """Every registered rule (plus ``extra`` custom ones), sorted by code."""
    load_builtin_rules()
    rules = dict(_REGISTRY)
    for cls in extra:
        rules[cls.code] = cls
    return [rules[c] for c in sorted(rules, key=_code_sort_key)]


def _code_sort_key(code: str) -> tuple[str, int]:
    m = re.match(r"([A-Z]+)(\d+)", code)
    return (m.group(1), int(m.group(2))) if m else (code, 0)


def find_rule(ident: str, rules: Sequence[type[Rule]]) -> type[Rule]:
    """Look up a rule by code (case-insensitive) or slug."""
    key = ident.strip()
    for cls in rules:
        if cls.code.lower() == key.lower() or cls.name == key.lower():
            return cls
    raise UsageError(f"unknown rule '{ident}' (see 'factlint rules')")


def matches_selector(cls: type[Rule], selector: str) -> bool:
    """Whether a selector (code, code prefix such as FL3, slug, or ALL) names ``cls``."""
    sel = selector.strip()
    if sel.upper() == "ALL":
        return True
    if sel.lower() == cls.name:
        return True
    return bool(sel) and cls.code.upper().startswith(sel.upper())


def validate_selectors(selectors: Iterable[str], rules: Sequence[type[Rule]], where: str) -> None:
    """Raise UsageError for a selector that names no rule."""
    for sel in selectors:
        if not any(matches_selector(cls, sel) for cls in rules):
            raise UsageError(f"{where}: unknown rule id '{sel}' (see 'factlint rules')")


def select_rules(
    rules: Sequence[type[Rule]], select: Sequence[str] | None, ignore: Sequence[str]
) -> list[type[Rule]]:
    """Rules enabled by ``select`` (None: all) minus those named by ``ignore``."""
    chosen = [
        cls for cls in rules
        if (select is None or any(matches_selector(cls, s) for s in select))
        and not any(matches_selector(cls, s) for s in ignore)
    ]  # fmt: skip
    return chosen


def iter_codes(rules: Iterable[type[Rule]]) -> Iterator[str]:
    for cls in rules:
        yield cls.code
