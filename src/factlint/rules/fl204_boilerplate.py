"""FL204 boilerplate: page debris (comment forms, navigation, share and cookie widgets)."""

from __future__ import annotations

from collections.abc import Iterable

from factlint.document import Block, BlockRole, Document
from factlint.finding import Finding, Severity
from factlint.packs import Match, PackRule
from factlint.registry import RuleContext, register


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
    include_debris = True  # the lines the plain-text parser set aside as debris are its own

    def check(self, doc: Document, ctx: RuleContext) -> Iterable[Finding]:
        for block in doc.blocks:
            if block.page_role is BlockRole.MENU:
                count = block.end_line - block.line + 1
                text = block.text
                yield self.finding(
                    doc, block, 0, len(text.rstrip()),
                    f"a menu or index of short lines (lines {block.line}-{block.end_line}, "
                    f"{len(text.split())} words over {count} lines): page navigation, not "
                    f"article text; delete it",
                )
        yield from super().check(doc, ctx)

    def accepts(self, block: Block) -> bool:
        return block.page_role is not BlockRole.MENU and super().accepts(block)

    def report(self, doc: Document, block: Block, matches: list[Match]) -> Iterable[Finding]:
        """One finding per block, however many debris phrases it holds."""
        reasons = list(dict.fromkeys(m.entry.reason or "page debris" for m in matches))
        yield self.finding(
            doc, block, matches[0].start, matches[-1].end,
            f"{'; '.join(reasons)}: page debris, not article text; delete it",
        )
