"""Shared pieces of the reference-facts rules (FL401-FL407); not a rule module itself."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, ClassVar

from factlint.finding import Applicability
from factlint.registry import Rule, Setup

if TYPE_CHECKING:
    from spacy.tokens import Token

    from factlint.document import Block, Document, Piece, Sentence
    from factlint.facts.mentions import Analysis, Mentions
    from factlint.finding import Finding, Fix, Severity


class FactsRule(Rule):
    """A rule that checks statements against the reference facts of the article."""

    family: ClassVar[str] = "facts"
    needs: ClassVar[frozenset[str]] = frozenset({"tagger", "lemmatizer", "parser", "ner"})
    uses: ClassVar[tuple[str, ...]] = ("mentions",)

    def prepare(self, setup: Setup) -> None:
        self.mentions: Mentions = setup.analysis("mentions")

    def entity_pieces(self, doc: Document, facts: object) -> list[Piece]:
        """The pieces whose entities the mentions analysis may read (see there)."""
        return self.mentions.entity_pieces(doc, facts)

    def sentences(self, doc: Document) -> Iterator[Sentence]:
        """Sentences of the blocks in the rule's scope (prose outside quotes by default)."""
        for block in self.blocks(doc):
            yield from block.sentences

    def token_finding(
        self, doc: Document, an: Analysis, first: Token, last: Token, message: str,
        *, severity: Severity | None = None, fix: Fix | None = None,
    ) -> Finding:
        """A finding covering tokens ``first`` to ``last`` (inclusive) of one block."""
        block: Block = an.sentence_of(first).block
        start = an.offset(first)
        end = an.offset(last) + len(last.text)
        return self.finding(doc, block, start, end, message, severity=severity, fix=fix)

    def token_fix(
        self, doc: Document, an: Analysis, first: Token, last: Token, text: str,
        description: str, applicability: Applicability,
    ) -> Fix | None:
        """A fix replacing tokens ``first`` to ``last`` (inclusive) with ``text``."""
        block: Block = an.sentence_of(first).block
        start = an.offset(first)
        end = an.offset(last) + len(last.text)
        return self.make_fix(description, self.edit(doc, block, start, end, text),
                             applicability=applicability)
