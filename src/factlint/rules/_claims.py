"""The shared shape of the claim rules FL301-FL305.

Each rule finds candidate claim spans (pack matches, refined by the parse); this base
class then drops the ones the context clears - negated, quoted speech by a named
speaker, supported by evidence (``factlint.evidence``) - and reports one finding per
remaining span with the span as the excerpt.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, ClassVar

from factlint.document import Block, Document, Sentence
from factlint.errors import ConfigError
from factlint.evidence import SCOPES, Evidence, inside, quote_ranges, tokens_in
from factlint.finding import Finding, Severity
from factlint.packs import Entry, EntryMatcher
from factlint.registry import Option, Rule, Setup


def evidence_scope(default: str) -> Option:
    """The claim rules' ``evidence_scope`` option: where a source must be."""
    return Option(default, "where a source must be for the claim to count as sourced",
                  choices=SCOPES)


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


class ClaimRule(Rule):
    """Base for FL301-FL305: find claim spans, clear the supported ones, report the rest."""

    family = "claims"
    needs = frozenset({"tagger", "lemmatizer", "parser", "ner"})
    options: ClassVar[dict[str, Option]] = {"evidence_scope": evidence_scope("paragraph")}
    uses: ClassVar[tuple[str, ...]] = ("evidence",)
    skip_negated: ClassVar[bool] = True
    advice: ClassVar[str] = ""  # what evidence would satisfy the claim

    def prepare(self, setup: Setup) -> None:
        self.evidence_scope = str(setup.options["evidence_scope"])
        self.evidence: Evidence = setup.analysis("evidence")
        self.matcher = EntryMatcher(setup.entries)
        self.words = pack_words(setup.data, self.code)

    def check(self, doc: Document, facts: Any) -> Iterable[Finding]:
        scope = self.evidence_scope
        evidence = self.evidence
        for block in self.blocks(doc):
            if not block.sentences:
                continue
            quotes = quote_ranges(block.text)
            speaker: bool | None = None
            for claim in self.claims(block, evidence):
                tokens = tokens_in(claim.sentence, claim.start, claim.end)
                if self.skip_negated and evidence.negated(tokens):
                    continue
                if inside(quotes, claim.start, claim.end):
                    if speaker is None:
                        speaker = evidence.named_speaker(block)
                    if speaker:
                        continue
                if evidence.supported(claim.sentence, scope):
                    continue
                text = " ".join(block.text[claim.start : claim.end].split())
                yield self.finding(doc, block, claim.start, claim.end,
                                   self.message(text, claim), severity=claim.severity)

    def claims(self, block: Block, evidence: Evidence) -> Iterator[Claim]:
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
