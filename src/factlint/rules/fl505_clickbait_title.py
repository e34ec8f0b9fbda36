"""FL505 clickbait-title: the title matches a clickbait pattern from rules/style/clickbait.yaml."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from factlint.document import Document
from factlint.finding import Finding, Severity
from factlint.packs import EntryMatcher
from factlint.registry import Rule, Setup, register


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
        "the article actually reports: \"Oshi no Ko season 2: July 2024 premiere confirmed\"."
    )
    bad_example = "When Will Oshi No Ko Season 2 Come? Release Date, Trailer & More!"
    good_example = "Oshi no Ko season 2 premieres in July 2024"

    def prepare(self, setup: Setup) -> None:
        self.matcher = EntryMatcher(setup.entries)

    def check(self, doc: Document, facts: Any) -> Iterable[Finding]:
        block = doc.title_block
        if block is None or not self.matcher or not doc.holds(block):
            return
        for m in self.matcher.find(block):
            text = block.text[m.start : m.end]
            reason = m.entry.reason or "clickbait pattern"
            yield self.finding(
                doc, block, m.start, m.end,
                f"title uses '{text}' ({reason}); say what the article actually reports",
                severity=m.entry.severity,
            )
