"""FL103 heading-keyword-stuffing: most headings repeat the same long keyword phrase."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any, ClassVar

from factlint.document import Document
from factlint.finding import Finding, Severity
from factlint.registry import DocumentRule, Option, Setup, register
from factlint.structure import SUBJECT_DEFAULTS, SubjectPhrases


@register
class HeadingKeywordStuffing(DocumentRule):
    code = "FL103"
    name = "heading-keyword-stuffing"
    severity = Severity.WARNING
    family = "structure"
    summary = "Most headings repeat the same keyword phrase."
    explanation = (
        "When most headings carry the same phrase of two or more words (usually the show's "
        "name, often with 'Season 2'), the headings are written for search engines, not "
        "readers: the table of contents becomes a list of near-identical lines and says "
        "nothing about what each section covers. The article's title already names the "
        "subject; cut the phrase from the headings and let each one say what its section is "
        "about. Reported once per article, at the first heading with the phrase, listing "
        "the lines of the others. The title counts as a heading (a page whose title and "
        "three headings all carry 'Show Name Season 2' is stuffed), and the finding is "
        "then on the title; when the title is needed to reach `min_headings`, the phrase "
        "must be longer than `min_words` (a show's name alone under a title about it is "
        "not stuffing). Options: `share` is the fraction of headings (the title "
        "included) that must contain the phrase, `min_words` its minimum length in words, "
        "`min_headings` the minimum number of headings containing it."
    )
    bad_example = (
        "## Moonlit Garden Season 2 Release Date\n## Moonlit Garden Season 2 Trailer\n"
        "## Moonlit Garden Season 2 Cast\n## Moonlit Garden Season 2 Plot"
    )
    good_example = "## Release date\n## Trailer\n## Cast\n## Plot"
    options: ClassVar[dict[str, Option]] = {
        "share": Option(SUBJECT_DEFAULTS["share"],
                        "fraction of the headings that must contain the phrase"),
        "min_words": Option(SUBJECT_DEFAULTS["min_words"], "the phrase's minimum length"),
        "min_headings": Option(SUBJECT_DEFAULTS["min_headings"],
                               "minimum number of headings containing it"),
    }
    uses = ("subject",)

    def prepare(self, setup: Setup) -> None:
        # The phrase is a shared analysis: FL102, FL104 and the repetition rules read
        # headings and passages without it, found with these options.
        self.subject: SubjectPhrases = setup.analysis("subject")
        self.subject.configure(setup.options)

    def conclude(
        self, doc: Document, observed: Sequence[Any], facts: Any
    ) -> Iterable[Finding]:
        phrase = self.subject.phrase(doc)
        if phrase is None:
            return
        first, *rest = phrase.headings
        lines = ", ".join(str(h.line) for h in rest)
        found = re.search(r"\W+".join(re.escape(w) for w in phrase.words), first.text,
                          re.IGNORECASE)
        shown = found.group(0) if found else phrase.text
        counted = " (the title included)" if first is doc.title_block else ""
        yield self.block_finding(
            doc, first,
            f"{len(phrase.headings)} of {phrase.total} headings{counted} repeat '{shown}' "
            f"(also on lines {lines}); drop the phrase from the headings and let each say what "
            f"its section covers",
        )
