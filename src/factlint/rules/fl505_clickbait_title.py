"""FL505 clickbait-title: the title matches a clickbait pattern from rules/style/clickbait.yaml."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

from factlint.document import BlockRole, Document
from factlint.finding import Finding, Severity
from factlint.packs import match_block
from factlint.registry import Rule, RuleContext, register


@register
class ClickbaitTitle(Rule):
    code = "FL505"
    name = "clickbait-title"
    severity = Severity.INFO
    family = "style"
    summary = "The title uses a clickbait pattern."
    explanation = (
        "Titles such as \"When Will X Come?\", \"Everything We Know\", \"You Won't Believe\" "
        "or \"Release Date, Trailer & More\" are written for search engines and curiosity "
        "clicks, and readers have learned to distrust them. Only the article's title is "
        "checked (the level-1 heading, or the first line of a plain-text article). The "
        "patterns live in rules/style/clickbait.yaml; add your own under `packs:`. Say what "
        "the article actually reports: \"Oshi no Ko season 2: July 2024 premiere confirmed\". "
        "A title that promises a release date, a new date, news or an exclusive is also "
        "reported when the article's own prose says there is none (\"Release Date "
        "Revealed\" over \"there is no official release date yet\"): the `promises` and "
        "`denials` tables of the same file."
    )
    bad_example = "When Will Oshi No Ko Season 2 Come? Release Date, Trailer & More!"
    good_example = "Oshi no Ko season 2 premieres in July 2024"

    def check(self, doc: Document, ctx: RuleContext) -> Iterable[Finding]:
        block = doc.title_block
        entries = ctx.packs.entries_for(self.code) if ctx.packs else []
        if block is None or not doc.holds(block):
            return
        tables = [d for d in ctx.packs.data_for(self.code) if isinstance(d, dict)] if (
            ctx.packs) else []
        yield from self._broken_promise(doc, tables)
        for m in match_block(block, entries, ctx.nlp):
            text = block.text[m.start : m.end]
            reason = m.entry.reason or "clickbait pattern"
            yield self.finding(
                doc, block, m.start, m.end,
                f"title uses '{text}' ({reason}); say what the article actually reports",
                severity=m.entry.severity,
            )

    def _broken_promise(self, doc: Document, tables: Sequence[dict[str, Any]]
                        ) -> Iterable[Finding]:
        """The title promises something the article's prose says does not exist."""
        block = doc.title_block
        if block is None:
            return
        promise = None
        for table in tables:
            for item in table.get("promises", []) or []:
                if isinstance(item, dict) and item.get("regex"):
                    m = re.search(str(item["regex"]), block.text, re.IGNORECASE)
                    if m is not None:
                        promise = (m, str(item.get("what", "news")))
                        break
            if promise:
                break
        if promise is None:
            return
        denials = [re.compile(str(p), re.IGNORECASE) for table in tables
                   for p in table.get("denials", []) or []]
        for other in doc.article.blocks:
            if other.page_role is not BlockRole.PROSE or other.in_quote:
                continue
            said = next((d for rx in denials for d in [rx.search(other.text)] if d), None)
            if said is None:
                continue
            m, what = promise
            yield self.finding(
                doc, block, m.start(), m.end(),
                f"title promises {what} ('{m.group()}'), but line {other.line} says "
                f"'{said.group()}'; make the title say what the article reports",
            )
            return
