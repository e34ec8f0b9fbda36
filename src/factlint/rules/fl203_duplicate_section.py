"""FL203 duplicate-section: two sections whose bodies say the same thing."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, ClassVar

from factlint.document import Document
from factlint.duplication import RepetitionRule
from factlint.finding import Finding, Severity
from factlint.registry import Option, register


@register
class DuplicateSection(RepetitionRule):
    code = "FL203"
    name = "duplicate-section"
    severity = Severity.WARNING
    family = "duplication"
    summary = "Two sections have the same or nearly the same body."
    explanation = (
        "Section bodies (the text under a heading, before any sub-heading) are compared as "
        "sets of content-word lemmas, like FL202. When the shorter body shares at least "
        "`threshold` of its content words with the other, has at least `min_words` of them, "
        "and neither is more than `max_length_ratio` times longer, the later section is "
        "reported once at its heading, naming the line of the earlier heading; the "
        "sentences and paragraphs inside the pair are not reported again by FL201/FL202. "
        "Merge the two sections or rewrite one so it covers its own heading."
    )
    bad_example = (
        "## Story\n\nMia joins a rival troupe...\n\n## Plot\n\nMia joins the rival troupe..."
    )
    good_example = "## Story\n\nMia joins a rival troupe...\n\n## Cast\n\nMia is voiced by..."
    options: ClassVar[dict[str, Option]] = {
        "threshold": Option(0.8, "share of the shorter body's content words the other has"),
        "min_words": Option(15, "bodies with fewer content words are not compared"),
        "max_length_ratio": Option(1.5, "bodies more than this many times longer never pair"),
    }
    needs = frozenset({"lemmatizer"})

    def conclude(
        self, doc: Document, observed: Sequence[Any], facts: Any
    ) -> Iterable[Finding]:
        analysis = self.analysis(doc, observed)
        for earlier, later, score in analysis.sections:
            if later.heading is None or earlier.heading is None:
                continue
            yield self.block_finding(
                doc, later.heading,
                f"section repeats the section under the heading on line {earlier.heading.line} "
                f"({score:.0%} of its content words are shared); merge them or rewrite one",
            )
