"""Rules about the article file itself rather than its prose."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from factlint import suppressions
from factlint.document import Document
from factlint.finding import Finding, Severity
from factlint.registry import DocumentRule, Rule, Setup, register


@register
class InvalidSuppression(DocumentRule):
    code = "FL001"
    name = "invalid-suppression"
    severity = Severity.WARNING
    summary = "An inline suppression is misspelt or names a rule that does not exist."
    explanation = (
        "A `factlint-disable` comment that names an unknown rule, or a directive factlint "
        "does not understand (`factlint-disabel`, `factlint-disable-lin`), silences "
        "nothing: the finding it was meant to allow is still reported and nobody sees why, "
        "and a half-read directive must never silence more than was asked. Spell the "
        "directive as `factlint-disable`, `-enable`, `-disable-line`, `-disable-next-line` "
        "or `-disable-file`, and name rules by code (FL101), code prefix (FL3) or slug "
        "(duplicate-heading) from `factlint rules`."
    )
    bad_example = "<!-- factlint-disable FL999 -->"
    good_example = "<!-- factlint-disable FL101 -->"

    def prepare(self, setup: Setup) -> None:
        self.known: tuple[type[Rule], ...] = setup.rules  # every rule of the run

    def conclude(
        self, doc: Document, observed: Sequence[Any], facts: Any
    ) -> Iterable[Finding]:
        sup = suppressions.of(doc)
        for d in sup.directives:
            if d.problem is not None:
                yield self.finding_at(doc, d.start, d.end, d.problem)
        for directive, sel in suppressions.unknown_selectors(sup, self.known):
            yield self.finding_at(
                doc, directive.start, directive.end,
                f"suppression names unknown rule '{sel}'; use a code such as FL101, a prefix "
                f"such as FL3, or a slug from 'factlint rules'",
            )


@register
class EmptyDocument(DocumentRule):
    code = "FL002"
    name = "empty-document"
    severity = Severity.WARNING
    summary = "The article has no text."
    explanation = (
        "An empty or whitespace-only article is usually a failed export or a placeholder "
        "committed by mistake. Add the article's text or remove the file. A web page in "
        "which extraction finds no article (only menus or forms, or a page whose text a "
        "script builds) is reported the same way."
    )
    bad_example = "(a file with no text)"
    good_example = "# Title\n\nThe article's text."

    def conclude(
        self, doc: Document, observed: Sequence[Any], facts: Any
    ) -> Iterable[Finding]:
        if doc.is_empty and doc.format == "html" and doc.source.strip():
            # The page has text, but none of it reads as an article (menus, a form, a
            # script-built page saved before it ran): say so at the top of the file.
            yield self.finding_at(doc, 0, 0, "no article text found in this page (extraction "
                                  "kept none of it); save the page with its article, or "
                                  "check the text as .md or .txt")
        elif doc.is_empty:
            end = len(doc.source)
            yield self.finding_at(doc, 0, end, "the article is empty; add its text or remove "
                                  "the file")


@register
class InvalidFrontMatter(DocumentRule):
    code = "FL003"
    name = "invalid-front-matter"
    severity = Severity.WARNING
    summary = "The Markdown front matter is not valid YAML."
    explanation = (
        "Front matter between `---` lines must be a YAML mapping (title, date, tags...). "
        "When it cannot be read, the article's title and metadata are lost to every tool "
        "that publishes it. Fix the YAML syntax."
    )
    bad_example = "---\ntitle: [unclosed\n---"
    good_example = "---\ntitle: Oshi no Ko season 2 review\n---"

    def conclude(
        self, doc: Document, observed: Sequence[Any], facts: Any
    ) -> Iterable[Finding]:
        problem = doc.front_matter_error
        if problem:
            line, detail = problem
            start = doc.lines.line_start(min(line, doc.lines.line_count))
            end = doc.lines.line_end(min(line, doc.lines.line_count))
            yield self.finding_at(doc, start, end, f"front matter is not valid YAML ({detail}); "
                                  "fix it so the title and metadata can be read")
