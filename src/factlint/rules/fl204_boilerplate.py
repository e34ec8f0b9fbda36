"""FL204 boilerplate: page debris (comment forms, navigation, share and cookie widgets)."""

from __future__ import annotations

from collections.abc import Iterable

from factlint.document import Block, Document
from factlint.finding import Finding, Severity
from factlint.packrule import PACK_SCOPE, PackRule
from factlint.packs import Match
from factlint.registry import register, scope


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
        "Phrases that also occur in prose are only matched when they make up the whole line."
    )
    bad_example = "Leave a Reply\n\nYour email address will not be published.\n\nBack to top"
    good_example = "(the article ends with its last paragraph)"
    scope = PACK_SCOPE | scope("debris")  # the lines the plain-text parser set aside

    def report(self, doc: Document, block: Block, matches: list[Match]) -> Iterable[Finding]:
        """One finding per block, however many debris phrases it holds."""
        reasons = list(dict.fromkeys(m.entry.reason or "page debris" for m in matches))
        yield self.finding(
            doc, block, matches[0].start, matches[-1].end,
            f"{'; '.join(reasons)}: page debris, not article text; delete it",
        )
