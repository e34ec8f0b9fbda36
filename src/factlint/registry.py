"""Rules and the rule registry.

A rule is a class with a code (``FL101``), a slug (``duplicate-heading``), a default
severity, a summary, an explanation with bad and good examples, its options (each an
:class:`Option`, declared once), the blocks it reads (a :class:`Scope`) and the shared
analyses it uses. The :class:`~factlint.checker.Checker` builds every rule once per run
and calls :meth:`Rule.prepare` once with a :class:`Setup` (validated options, the
rule's own pack data, shared analyses); ``check(doc, facts)`` then needs nothing more.
Rule modules in ``factlint.rules`` register themselves with :func:`register`; custom
rules declared in YAML rule packs are registered per run.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

from factlint.document import Block, BlockKind, BlockRole, Document
from factlint.errors import UsageError
from factlint.finding import CODE_RE, Applicability, Edit, Finding, Fix, Severity

# NLP capabilities a rule may need; the loader keeps the components that provide them.
NLP_NEEDS = frozenset({"tagger", "lemmatizer", "parser", "ner"})

__all__ = ["CODE_RE", "NLP_NEEDS", "CorpusRule", "DocumentRule", "Option", "Rule", "Scope",
           "Setup"]


@dataclass(frozen=True)
class Option:
    """One option of a rule: its default, the type a value must have, allowed values.

    Declared once on the rule (``options = {"min_words": Option(3, "...")}``); the
    configuration is checked against it when it is loaded, so a rule's ``prepare`` only
    ever sees valid values.
    """

    default: Any
    help: str = ""
    choices: tuple[Any, ...] | None = None
    signed: bool = False  # a numeric option whose scale goes below zero


    def problem(self, value: Any) -> str | None:
        """Why ``value`` is not acceptable, or None."""
        default = self.default
        if isinstance(default, bool) or isinstance(value, bool):
            ok = isinstance(default, bool) == isinstance(value, bool)
        elif isinstance(default, float):
            ok = isinstance(value, int | float)
        elif default is None:
            ok = True
        else:
            ok = isinstance(value, type(default))
        if not ok:
            return f"must be {type(default).__name__}, not {type(value).__name__}"
        if _bad_number(default, value, signed=self.signed):
            return (f"must be a finite number{'' if self.signed else ' of 0 or more'}, "
                    f"not {value!r}")
        if self.choices is not None and value not in self.choices:
            return f"must be one of {', '.join(str(c) for c in self.choices)}, not '{value}'"
        return None


def _bad_number(default: Any, value: Any, *, signed: bool) -> bool:
    """A numeric option set to NaN, an infinity, or (unless ``signed``) below zero."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    if isinstance(default, bool) or not isinstance(default, int | float):
        return False
    if value != value or value in (float("inf"), float("-inf")):
        return True
    return value < 0 and not signed


# What a block is, for a rule's scope. Every block has exactly one part: a heading, page
# debris or page furniture by its role (factlint.document.BlockRole, read once by the
# parser from the block's shape and neighbours), else by its markup.
PARTS = ("paragraphs", "list_items", "headings", "quoted_headings", "tables", "footnotes",
         "quotes", "debris", "deks", "captions", "credits", "embeds", "menus", "info_boxes",
         "bylines", "labels")


def block_part(block: Block) -> str:
    """The part of the article ``block`` belongs to (one of :data:`PARTS`)."""
    if block.kind is BlockKind.HEADING:
        return "quoted_headings" if block.in_quote else "headings"
    role_part = _ROLE_PART.get(block.page_role)
    if role_part is not None:
        return role_part
    if block.in_quote:
        return "quotes"
    return _KIND_PART[block.kind]


_KIND_PART = {BlockKind.PARAGRAPH: "paragraphs", BlockKind.LIST_ITEM: "list_items",
              BlockKind.TABLE_CELL: "tables", BlockKind.FOOTNOTE: "footnotes"}
# Page furniture and debris: neither headings nor prose, whatever their markup.
_ROLE_PART = {BlockRole.DEBRIS: "debris", BlockRole.DEK: "deks",
              BlockRole.CAPTION: "captions", BlockRole.CREDIT: "credits",
              BlockRole.EMBED: "embeds", BlockRole.MENU: "menus",
              BlockRole.INFO_BOX: "info_boxes", BlockRole.BYLINE: "bylines",
              BlockRole.LABEL: "labels"}


@dataclass(frozen=True)
class Scope:
    """The blocks a rule reads: a set of :data:`PARTS`. ``Rule.blocks(doc)`` yields them.

    ``PROSE`` (paragraphs and list items outside quotes, not debris nor page furniture)
    is the default.
    """

    parts: frozenset[str]

    def __post_init__(self) -> None:
        unknown = set(self.parts) - set(PARTS)
        if unknown:
            raise ValueError(f"unknown scope parts: {', '.join(sorted(unknown))}")

    def __or__(self, other: Scope) -> Scope:
        return Scope(self.parts | other.parts)

    def accepts(self, block: Block) -> bool:
        return block_part(block) in self.parts

    def describe(self) -> str:
        return ", ".join(p.replace("_", " ") for p in PARTS if p in self.parts)


def scope(*parts: str) -> Scope:
    return Scope(frozenset(parts))


PROSE = scope("paragraphs", "list_items")
HEADINGS = scope("headings")
PARAGRAPHS = scope("paragraphs")
# The page furniture the parsers tell from the article (see factlint.parse.roles).
FURNITURE = scope("deks", "captions", "credits", "embeds", "menus", "info_boxes", "bylines",
                  "labels")
ANY_BLOCK = scope(*PARTS)


@dataclass
class Setup:
    """What the checker hands a rule once per run, in :meth:`Rule.prepare`.

    ``options``: the rule's options, validated, defaults filled in. ``entries`` and
    ``data``: the phrase/regex/pattern entries and the ``data:`` tables of the packs that
    feed this rule (built-in ones first, then the project's). ``analyses``: the shared
    analyses the rule declared in ``uses``, by name. ``nlp``: a function returning the
    run's spaCy pipeline (loading it on first call). ``rules``: every rule class known
    to the run (only FL001 needs it: it judges suppression comments).
    """

    options: dict[str, Any] = field(default_factory=dict)
    entries: list[Any] = field(default_factory=list)  # factlint.packs.Entry
    data: list[Any] = field(default_factory=list)
    analyses: dict[str, Any] = field(default_factory=dict)
    nlp: Any = None
    rules: tuple[type[Rule], ...] = ()

    def analysis(self, name: str) -> Any:
        """A shared analysis the rule declared in ``uses``."""
        try:
            return self.analyses[name]
        except KeyError:
            raise KeyError(f"analysis '{name}' not declared in the rule's 'uses'") from None


class Rule:
    """Base class for every rule. Subclasses set the class attributes, ``prepare`` and
    ``check``."""

    code: ClassVar[str]
    name: ClassVar[str]
    severity: ClassVar[Severity] = Severity.WARNING
    summary: ClassVar[str]
    explanation: ClassVar[str] = ""
    bad_example: ClassVar[str] = ""
    good_example: ClassVar[str] = ""
    options: ClassVar[dict[str, Option]] = {}
    needs: ClassVar[frozenset[str]] = frozenset()  # subset of NLP_NEEDS
    scope: ClassVar[Scope] = PROSE  # the blocks ``blocks(doc)`` yields
    uses: ClassVar[tuple[str, ...]] = ()  # shared analyses (factlint.analyses.ANALYSES)
    family: ClassVar[str] = "core"
    # Whether the rule suggests fixes: "safe" (some applied by --fix), "unsafe" (only with
    # --unsafe-fixes), or None. A rule with safe fixes may also offer unsafe ones.
    fixable: ClassVar[Applicability | None] = None
    fix_explanation: ClassVar[str] = ""  # what the fix does, for the rule's docs

    def __init__(self, severity: Severity | None = None) -> None:
        self.effective_severity = severity or self.severity

    @classmethod
    def defaults(cls) -> dict[str, Any]:
        """The options' default values."""
        return {name: opt.default for name, opt in cls.options.items()}

    def prepare(self, setup: Setup) -> None:
        """Read options and pack data once per run and keep what ``check`` needs on self."""

    def check(self, doc: Document, facts: Any) -> Iterable[Finding]:
        """Yield the findings of this rule for one document (``facts``: its reference
        set, or None)."""
        raise NotImplementedError

    def blocks(self, doc: Document) -> list[Block]:
        """The blocks of ``doc`` (a window) in the rule's scope."""
        return doc.in_scope(self.scope)

    # -- helpers for subclasses ---------------------------------------------------------
    def finding_at(
        self,
        doc: Document,
        source_start: int,
        source_end: int,
        message: str,
        *,
        severity: Severity | None = None,
        fix: Fix | None = None,
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
            fix=fix,
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
        fix: Fix | None = None,
    ) -> Finding:
        """A finding covering ``[start, end)`` of ``block.text``."""
        s, e = block.source_span(start, end)
        return self.finding_at(doc, s, e, message, severity=severity, fix=fix)

    @staticmethod
    def edit_at(doc: Document, source_start: int, source_end: int, text: str) -> Edit:
        """An edit replacing source offsets ``[source_start, source_end)`` with ``text``."""
        line, col = doc.position(source_start)
        end_line, end_col = doc.position(source_end)
        return Edit(source_start, source_end, text, line, col, end_line, end_col)

    @classmethod
    def edit(cls, doc: Document, block: Block, start: int, end: int, text: str) -> Edit | None:
        """An edit replacing ``[start, end)`` of ``block.text`` with ``text``, or None
        when the source of that stretch is not the block's text as it stands (markup,
        an entity or a soft line break in between): a fix never rewrites markup."""
        s, e = block.source_span(start, end)
        if doc.source[s:e] != block.text[start:end]:
            return None
        return cls.edit_at(doc, s, e, text)

    @staticmethod
    def make_fix(description: str, *edits: Edit | None,
                 applicability: Applicability = Applicability.SAFE) -> Fix | None:
        """A fix of ``edits``, or None when any of them could not be made."""
        if not edits or any(e is None for e in edits):
            return None
        return Fix(description, tuple(e for e in edits if e is not None), applicability)

    def block_finding(
        self, doc: Document, block: Block, message: str, *, severity: Severity | None = None,
        fix: Fix | None = None,
    ) -> Finding:
        """A finding covering a whole block (trimmed of surrounding whitespace)."""
        text = block.text
        start = len(text) - len(text.lstrip())
        end = len(text.rstrip())
        return self.finding(doc, block, start, max(end, start), message, severity=severity,
                            fix=fix)

    @classmethod
    def fix_text(cls) -> str:
        """Whether and how the rule fixes what it flags, for its docs."""
        how = " ".join(cls.fix_explanation.split())
        if cls.fixable is None:
            return "None: the rule suggests no replacement; fix it by hand."
        if cls.fixable.value == "safe":
            return f"Safe: `factlint check --fix` applies it. {how}".rstrip()
        return f"Unsafe: only `factlint check --fix --unsafe-fixes` applies it. {how}".rstrip()

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
        parts += ["", "Fix:", _indent(cls.fix_text().replace("`", ""))]
        if cls.options:
            parts += ["", "Options (set under rules: in .factlint.yaml):"]
            for k, v in sorted(cls.options.items()):
                allowed = f"; one of {', '.join(map(str, v.choices))}" if v.choices else ""
                parts.append(f"  {k}: {v.default!r}" + (f"  ({v.help}{allowed})" if v.help
                                                       else ""))
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

    def check(self, doc: Document, facts: Any) -> Iterable[Finding]:
        """The findings for a fully parsed document (one window)."""
        return self.conclude(doc, [self.observe(doc, facts)], facts)

    def observe(self, doc: Document, facts: Any) -> Any:
        """What to remember of one window (default: nothing)."""
        return None

    def conclude(
        self, doc: Document, observed: Sequence[Any], facts: Any
    ) -> Iterable[Finding]:
        raise NotImplementedError


class CorpusRule(Rule):
    """A rule that compares documents of one run with each other (e.g. cross-file duplicates).

    ``collect`` runs per window of each document and returns a list of small picklable
    items (a document's summary is the concatenation of its windows' lists); ``finish``
    sees every summary of the run (in path order) and yields findings. This keeps the
    rule correct with parallel workers and with cached per-file results.

    ``archive`` (``--archive``) holds the summaries of articles that are compared with
    but not checked: a finding never lands on one of them.
    """

    def check(self, doc: Document, facts: Any) -> Iterable[Finding]:
        return ()

    def collect(self, doc: Document, facts: Any) -> list[Any]:
        raise NotImplementedError

    def finish(
        self, items: Sequence[tuple[str, Any]], archive: Sequence[tuple[str, Any]] = ()
    ) -> Iterable[Finding]:
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
