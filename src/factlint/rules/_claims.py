"""The shared shape of the claim rules FL301-FL305.

Each rule finds candidate claim spans (pack matches, refined by the parse); this base
class then drops the ones the shared analyses clear - not the writer's own flat
assertion (``factlint.assertion``: negated, a question, someone else's words) or
supported by evidence (``factlint.evidence``) - and reports one finding per remaining
span with the span as the excerpt.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from factlint.assertion import SCOPES, Assertions, Clause, Pending, SentenceAssertion
from factlint.document import Block, Document, Sentence
from factlint.errors import ConfigError
from factlint.evidence import Evidence, tokens_in
from factlint.finding import Finding, Severity
from factlint.packs import Entry, EntryMatcher
from factlint.registry import DocumentRule, Option, Setup


def evidence_scope(default: str) -> Option:
    """The claim rules' ``evidence_scope`` option: where a source must be."""
    return Option(default, "where a source must be for the claim to count as sourced: its "
                  "sentence, paragraph or section, or (article) also a news title or lede "
                  "naming who announced it", choices=SCOPES)


@dataclass
class Claim:
    """A candidate claim: a span of a block's text and why it needs a source."""

    sentence: Sentence
    start: int  # offsets in the block text
    end: int
    reason: str
    severity: Severity | None = None  # None: the rule's configured severity
    entry: Entry | None = None  # the pack entry that matched, when there is one
    note: str = ""  # replaces the rule's advice in the message (e.g. for opinion, info)
    negation_clears: bool = True  # a negated clause is no claim ("did not call it ...")
    news_cover: bool = False  # a news article's named source (title, lede) supports it

    @property
    def label(self) -> str | None:
        """The label of the pack entry that matched ("passive", "future", ...), if any."""
        return self.entry.label if self.entry else None


@dataclass
class Scan:
    """What a claim rule sees of one window: the document and the shared analyses."""

    doc: Document
    evidence: Evidence
    assertions: Assertions

    def of(self, sentence: Sentence) -> SentenceAssertion:
        return self.assertions.of(self.doc, sentence)

    def clause(self, claim: Claim) -> Clause:
        tokens = tokens_in(claim.sentence, claim.start, claim.end)
        return self.assertions.clause_of(self.doc, claim.sentence, tokens)


class ClaimRule(DocumentRule):
    """Base for FL301-FL305: find claim spans, clear the supported ones, report the rest.

    A claim is cleared when the shared assertion analysis (``factlint.assertion``) says
    its sentence is not the writer's own flat statement - someone else speaks it, its
    clause is negated or asks - or names a source within the rule's evidence scope.
    Some of that rests on other paragraphs (a speaker named in the next one, a source
    elsewhere in the section, a news lede), whose parses a window may not hold: each
    window's candidate findings are kept with what may still clear them
    (:class:`factlint.assertion.Pending`), and ``conclude`` decides once every window
    has been observed.
    """

    family = "claims"
    needs = frozenset({"tagger", "lemmatizer", "parser", "ner"})
    options: ClassVar[dict[str, Option]] = {"evidence_scope": evidence_scope("paragraph")}
    uses: ClassVar[tuple[str, ...]] = ("evidence", "assertion")
    advice: ClassVar[str] = ""  # what evidence would satisfy the claim
    # A sentence crediting a vague source ("according to reports") is FL302's finding;
    # FL303-FL305 leave it rather than report the same sentence again.
    defers_to_attribution: ClassVar[bool] = False
    # The article's "Source: ..." line supports every claim of the rule (FL304's figures).
    source_line_covers: ClassVar[bool] = False
    # The pieces the evidence and assertion analyses may ask about are declared
    # (``entity_pieces``); FL303's and FL305's own few questions (the subject of an
    # "officially", a network named beside a renewal, a company making a prediction) are
    # not: such a piece gets NER when first asked (``factlint.nlp.ent_type``).
    entities_on_demand: ClassVar[bool] = True

    def prepare(self, setup: Setup) -> None:
        self.evidence_scope = str(setup.options["evidence_scope"])
        self.evidence: Evidence = setup.analysis("evidence")
        self.assertions: Assertions = setup.analysis("assertion")
        self.matcher = EntryMatcher(setup.entries)
        self.words = pack_words(setup.data, self.code)

    def entity_pieces(self, doc: Document, facts: Any) -> list[Any]:
        """The window's pieces in which the evidence questions may read entity types
        (:meth:`Evidence.may_ask_entities`); the claim rules share one answer per window."""
        memo = doc.article.memo
        at = doc.blocks[0].index if doc.blocks else -1
        known = memo.get("claims-entity-pieces")  # this window's only: parses are dropped
        if known is None or known[0] != at:
            verbs = self.assertions.cues.announcement_verbs
            known = memo["claims-entity-pieces"] = (at, [
                p for b in [*doc.context, *doc.blocks] for p in b.pieces
                if self.evidence.may_ask_entities(p.doc, verbs)])
        return list(known[1])

    def observe(self, doc: Document, facts: Any) -> list[tuple[Finding, Pending]]:
        scope = self.evidence_scope
        scan = Scan(doc, self.evidence, self.assertions)
        self.assertions.observe(doc, sections=scope in ("section", "article"))
        found: list[tuple[Finding, Pending]] = []
        for block in self.blocks(doc):
            if not block.sentences:
                continue
            for claim in self.claims(block, scan):
                analysis = scan.of(claim.sentence)
                if analysis.speaker is not None or scan.assertions.quoted(
                        doc, block, claim.start, claim.end) == "sure":
                    continue  # quoted speech, a block quote, an interview answer
                if self.defers_to_attribution and analysis.vague_source:
                    continue  # "according to reports, ...": FL302 names the problem
                judged = self.judge(claim, scan.clause(claim), scan)
                if judged is None or analysis.supported(scope):
                    continue
                pending = scan.assertions.pending(
                    doc, block, claim.start, claim.end, analysis, scope=scope,
                    news=scope == "article" or (claim.news_cover and scope != "sentence"),
                    source_line=self.source_line_covers)
                text = " ".join(block.text[judged.start : judged.end].split())
                found.append((self.finding(doc, block, judged.start, judged.end,
                                           self.message(text, judged),
                                           severity=judged.severity), pending))
        return found

    def conclude(self, doc: Document, observed: Sequence[Any], facts: Any
                 ) -> Iterable[Finding]:
        for window in observed:
            for finding, pending in window:
                if not self.assertions.clears(doc, pending):
                    yield finding

    def judge(self, claim: Claim, clause: Clause, scan: Scan) -> Claim | None:
        """The claim as reported, or None when its clause does not assert it: by default
        a negated clause (when negation clears the claim), a question and the goal of a
        verb of aim ("wanted to impress fans") are cleared."""
        if claim.negation_clears and clause.negated:
            return None
        if clause.question or clause.aim:
            return None
        return claim

    def claims(self, block: Block, scan: Scan) -> Iterator[Claim]:
        """Candidate claim spans of one block; by default every pack match."""
        for m in self.matcher.find(block):
            sentence = sentence_at(block, m.start)
            if sentence is None:
                continue
            yield Claim(sentence, m.start, m.end, m.entry.reason, m.entry.severity, m.entry)

    def message(self, text: str, claim: Claim) -> str:
        return f"'{text}': {claim.reason}; {claim.note or self.advice}"


def pack_words(tables: list[Any], code: str) -> dict[str, frozenset[str]]:
    """The word lists under ``data:`` of a claim rule's packs, merged and lower-cased."""
    merged: dict[str, set[str]] = {}
    for data in tables:
        if not isinstance(data, dict):
            continue
        for name, values in data.items():
            if not isinstance(values, list):
                continue
            if any(isinstance(v, bool) for v in values):
                raise ConfigError(f"pack data for {code}: '{name}' has a true/false value; "
                                  "quote words YAML reads as booleans ('on', 'no', 'yes')")
            if all(isinstance(v, str) for v in values):
                merged.setdefault(str(name), set()).update(v.lower() for v in values)
    return {name: frozenset(values) for name, values in merged.items()}


def sentence_at(block: Block, offset: int) -> Sentence | None:
    """The sentence of ``block`` that contains block offset ``offset``."""
    for s in block.sentences:
        if s.start <= offset < s.end:
            return s
    return None
