"""Shared pieces of the reference-facts rules (FL401-FL407); not a rule module itself."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, ClassVar

from factlint.registry import Rule

if TYPE_CHECKING:
    from spacy.tokens import Token

    from factlint.document import Block, Document, Sentence
    from factlint.facts.mentions import Analysis
    from factlint.finding import Finding, Severity


class FactsRule(Rule):
    """A rule that checks statements against the reference facts of the article."""

    family: ClassVar[str] = "facts"
    needs: ClassVar[frozenset[str]] = frozenset({"tagger", "lemmatizer", "parser", "ner"})

    def sentences(self, doc: Document, *, headings: bool = False) -> Iterator[Sentence]:
        """Sentences of prose blocks (and headings when asked), outside block quotes."""
        for block in doc.blocks:
            if block.in_quote or not (block.is_prose or (headings and block.is_heading)):
                continue
            yield from block.sentences

    def token_finding(
        self, doc: Document, an: Analysis, first: Token, last: Token, message: str,
        *, severity: Severity | None = None,
    ) -> Finding:
        """A finding covering tokens ``first`` to ``last`` (inclusive) of one block."""
        block: Block = an.sentence_of(first).block
        start = an.offset(first)
        end = an.offset(last) + len(last.text)
        return self.finding(doc, block, start, end, message, severity=severity)
