"""FL201 duplicate-paragraph: the same paragraph twice in one article."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, ClassVar

from factlint.document import Document
from factlint.duplication import RepetitionRule
from factlint.finding import Finding, Severity
from factlint.registry import Option, register


@register
class DuplicateParagraph(RepetitionRule):
    code = "FL201"
    name = "duplicate-paragraph"
    severity = Severity.WARNING
    family = "duplication"
    summary = "The same paragraph appears twice."
    explanation = (
        "Paragraphs are compared after ignoring case, punctuation and spacing. A paragraph "
        "pasted twice is an editing slip that readers notice at once. Delete the later copy "
        "(the finding points at it and names the line of the first). With `headline` "
        "on, a paragraph or dek that repeats the headline word for word (a scraped page's "
        "title pasted twice) is reported too; one that restates it in other words never is. "
        "It is off by default: on the labelled real articles the headline is pasted twice "
        "on three pages and an editor marked it on one. Paragraphs shorter than "
        "`min_words` words are ignored. Copies inside two sections reported as duplicates "
        "by FL203 are left to that finding."
    )
    bad_example = (
        "The studio confirmed a second season in March.\n\n...\n\n"
        "The studio confirmed a second season in March."
    )
    good_example = "The studio confirmed a second season in March.\n\n(said once)"
    options: ClassVar[dict[str, Option]] = {
        "min_words": Option(5, "paragraphs with fewer words are not compared"),
        "headline": Option(False, "also report a paragraph or dek that copies the headline "
                           "word for word"),
    }
    needs = frozenset({"lemmatizer"})

    def conclude(
        self, doc: Document, observed: Sequence[Any], facts: Any
    ) -> Iterable[Finding]:
        analysis = self.analysis(doc, observed)
        for first, later in analysis.exact_paragraphs:
            if first is doc.title_block:
                yield self.block_finding(
                    doc, later,
                    f"the headline on line {first.line} is repeated word for word; delete "
                    f"the copy (a dek says something the headline does not)",
                )
                continue
            yield self.block_finding(
                doc, later,
                f"paragraph repeats the paragraph on line {first.line} word for word; "
                f"delete one of them",
            )
