"""FL204 boilerplate: page debris (comment forms, navigation, share and cookie widgets)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from factlint.document import Block, BlockKind, Document
from factlint.finding import Applicability, Edit, Finding, Fix, Severity
from factlint.packrule import PACK_SCOPE, PackRule
from factlint.packs import Match
from factlint.registry import register, scope

_MENUS = scope("menus")
_WORDY = re.compile(r"[^\W_]")  # a letter or digit: text that is not only marks
_SETEXT = re.compile(r"[ \t]*(?:=+|-+)[ \t]*")


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
    fixable = Applicability.SAFE
    fix_explanation = (
        "A line or paragraph that is nothing but debris phrases (apart from punctuation) "
        "is deleted with its line break, and a blank line beside it so no double gap "
        "is left: safe. A menu of short lines is deleted only with --unsafe-fixes (telling "
        "a menu from a list is a judgement). Debris inside a sentence, or on a line it "
        "shares with anything else (a table row), is not fixed."
    )

    def check(self, doc: Document, facts: Any) -> Iterable[Finding]:
        for block in self.blocks(doc):
            if _MENUS.accepts(block):
                yield self.block_finding(
                    doc, block,
                    f"a menu or index of short lines (lines {block.line}-{block.end_line}, "
                    f"{len(block.text.split())} words over {block.end_line - block.line + 1} "
                    f"lines): page navigation, not article text; delete it",
                    fix=_delete_block(doc, block, Applicability.UNSAFE),
                )
                continue
            matches = self.matcher.find(block) if self.matcher else []
            if matches:
                yield from self.report(doc, block, matches)

    def report(self, doc: Document, block: Block, matches: list[Match]) -> Iterable[Finding]:
        """One finding per block, however many debris phrases it holds."""
        reasons = list(dict.fromkeys(m.entry.reason or "page debris" for m in matches))
        fix = None
        rest = list(block.text)
        for m in matches:
            rest[m.start:m.end] = [" "] * (m.end - m.start)
        if not _WORDY.search("".join(rest)):
            fix = _delete_block(doc, block, Applicability.SAFE)
        yield self.finding(
            doc, block, matches[0].start, matches[-1].end,
            f"{'; '.join(reasons)}: page debris, not article text; delete it", fix=fix,
        )


def _blank(doc: Document, line: int) -> bool:
    return not doc.line_text(line).strip()


def _delete_block(doc: Document, block: Block, how: Applicability) -> Fix | None:
    """Delete the source lines of ``block`` with their line breaks (and one blank line
    beside them, so no double gap is left), or None when those lines hold anything but
    the block: another block, a table row, a comment or front matter."""
    if block.kind is BlockKind.TABLE_CELL:
        return None
    article = doc.article
    if article.format == "html":
        return None  # a web page's lines hold the markup around the block too
    first, last = block.line, block.end_line
    lines = article.lines
    count = lines.line_count
    if (block.is_heading and last < count
            and _SETEXT.fullmatch(article.source[lines.line_start(last + 1):
                                                 lines.line_end(last + 1)])):
        last += 1  # a setext heading's underline goes with it
    for other in article.blocks:
        if other is not block and other.line <= last and other.end_line >= first:
            return None
    start = lines.line_start(first)
    end = lines.line_start(last + 1) if last < count else len(article.source)
    if any(s < end and e > start for s, e in article.ignored_ranges):
        return None
    before_blank = first == 1 or _blank(article, first - 1)
    if last + 1 < count and _blank(article, last + 1) and before_blank:
        end = lines.line_start(last + 2)  # the blank line after goes too
    elif end == len(article.source) and first > 1 and before_blank:
        while first > 1 and _blank(article, first - 1):
            first -= 1  # at the end of the file: the blank lines before it go
        start = lines.line_start(first)
    if start >= end:
        return None
    line, column = lines.position(start)
    end_line, end_column = lines.position(end)
    what = "menu" if how is Applicability.UNSAFE else "page debris"
    return Fix(f"Delete the {what} (lines {block.line}-{last})" if last > block.line
               else f"Delete the {what} line", (Edit(start, end, "", line, column, end_line,
                                                     end_column),), how)
