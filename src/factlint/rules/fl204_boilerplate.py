"""FL204 boilerplate: page debris (comment forms, navigation, share and cookie widgets)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from factlint.document import Block, Document
from factlint.finding import Finding, Severity
from factlint.packrule import PACK_SCOPE, PackRule
from factlint.packs import Match
from factlint.registry import register, scope

_MENUS = scope("menus")


@register
class Boilerplate(PackRule):
    code = "FL204"
    name = "boilerplate"
    severity = Severity.WARNING
    family = "structure"
    summary = "Page debris (comment form, 'Back to top', share or cookie widget) in the article."
    explanation = (
        "Text copied from a web page often drags the page's furniture along: the comment "
        "form ('Leave a Reply', 'Your email address will not be published'), navigation "
        "('Back to top'), share buttons, 'Related posts' and cookie notices. None of it is "
        "article text, and published again it looks broken. Delete it. One finding per "
        "line or paragraph, however many phrases it contains. The phrase list is "
        "rules/structure/boilerplate.yaml; add a project pack with `rule: FL204` to extend it. "
        "Phrases that also occur in prose are only matched when they make up the whole line. "
        "Entries written as `line:` match a whole line whatever its punctuation, case and "
        "spacing, and despite a small misspelling ('- Advertisment -'). In plain text, a "
        "menu or index (a stack of eight or more short heading-like lines with no prose "
        "between them, as the reader of the page sees it: `factlint stats --blocks`) is "
        "reported once, on its first line."
    )
    bad_example = "Leave a Reply\n\nYour email address will not be published.\n\nBack to top"
    good_example = "(the article ends with its last paragraph)"
    # The lines the plain-text parser set aside as debris, and the menus it found.
    scope = PACK_SCOPE | scope("debris", "menus")

    def check(self, doc: Document, facts: Any) -> Iterable[Finding]:
        for block in self.blocks(doc):
            if _MENUS.accepts(block):
                yield self.block_finding(
                    doc, block,
                    f"a menu or index of short lines (lines {block.line}-{block.end_line}, "
                    f"{len(block.text.split())} words over {block.end_line - block.line + 1} "
                    f"lines): page navigation, not article text; delete it",
                )
                continue
            matches = self.matcher.find(block) if self.matcher else []
            if matches:
                yield from self.report(doc, block, matches)

    def report(self, doc: Document, block: Block, matches: list[Match]) -> Iterable[Finding]:
        """One finding per block, however many debris phrases it holds."""
        reasons = list(dict.fromkeys(m.entry.reason or "page debris" for m in matches))
        yield self.finding(
            doc, block, matches[0].start, matches[-1].end,
            f"{'; '.join(reasons)}: page debris, not article text; delete it",
        )
