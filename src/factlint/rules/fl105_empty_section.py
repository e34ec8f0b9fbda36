"""FL105 empty-section: a heading with nothing (or almost nothing) under it."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, ClassVar

from factlint.document import Document
from factlint.finding import Finding, Severity
from factlint.registry import DocumentRule, Option, Setup, register


@register
class EmptySection(DocumentRule):
    code = "FL105"
    name = "empty-section"
    severity = Severity.WARNING
    family = "structure"
    summary = "A heading is followed directly by another heading, or by almost nothing."
    explanation = (
        "A heading promises a section. When the next line is another heading of the same or "
        "a higher level, or the section has fewer than `min_words` words and no sub-sections, "
        "the promise is broken: usually a heading pasted twice, or a section whose text was "
        "lost. Write the section or remove the heading. A heading followed by sub-headings "
        "(a parent section) is fine, and so is the article's title."
    )
    bad_example = "## Release date\n\n## Release date\n\nSeason 2 premieres in July 2024."
    good_example = "## Release date\n\nSeason 2 premieres in July 2024."
    options: ClassVar[dict[str, Option]] = {
        "min_words": Option(3, "a section with fewer words (and no sub-sections) is empty"),
    }

    def prepare(self, setup: Setup) -> None:
        self.min_words = int(setup.options["min_words"])

    def conclude(
        self, doc: Document, observed: Sequence[Any], facts: Any
    ) -> Iterable[Finding]:
        min_words = self.min_words
        for section in doc.sections:
            heading = section.heading
            if heading is None or heading is doc.title_block or section.children:
                continue
            words = sum(len(b.text.split()) for b in section.blocks)
            if words >= min_words:
                continue
            nxt = doc.blocks[heading.index + 1] if heading.index + 1 < len(doc.blocks) else None
            if words == 0 and nxt is not None and nxt.is_heading:
                why = f"is followed directly by the heading on line {nxt.line}"
            elif words == 0:
                why = "has no text under it"
            else:
                why = f"has only {words} word{'s' if words != 1 else ''} under it"
            yield self.block_finding(
                doc, heading,
                f"section {why}; write the section or remove the heading",
            )
