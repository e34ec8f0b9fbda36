"""FL101 duplicate-heading: the same heading twice in one article."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from factlint.document import Block, Document
from factlint.finding import Finding, Severity
from factlint.registry import DocumentRule, register
from factlint.textutil import normalise


@register
class DuplicateHeading(DocumentRule):
    code = "FL101"
    name = "duplicate-heading"
    severity = Severity.WARNING
    family = "structure"
    summary = "Two headings in one article have the same text."
    explanation = (
        "Headings are compared after ignoring case, punctuation, whitespace and curly versus "
        "straight quotes. A repeated heading is a copy-paste slip or keyword padding: readers "
        "and search engines see two sections promising the same thing. Merge the sections or "
        "give the second one a heading that says what it is about. The finding points at the "
        "later heading and names the line of the first."
    )
    bad_example = "## Release Date\n\n## Release Date\n\nSeason 2 premiered in July 2024."
    good_example = "## Release date\n\nSeason 2 premiered in July 2024.\n\n## Trailer\n\n..."

    def conclude(
        self, doc: Document, observed: Sequence[Any], facts: Any
    ) -> Iterable[Finding]:
        seen: dict[str, Block] = {}
        for block in doc.headings:
            key = normalise(block.text)
            if not key:
                continue
            first = seen.get(key)
            if first is None:
                seen[key] = block
                continue
            yield self.block_finding(
                doc, block,
                f"heading repeats the heading on line {first.line}; merge the two sections or "
                f"give this one a heading that says what it covers",
            )
