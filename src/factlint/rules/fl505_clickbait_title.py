"""FL505 clickbait-title: the title matches a clickbait pattern from rules/style/clickbait.yaml."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from factlint.document import Document
from factlint.errors import ConfigError
from factlint.finding import Finding, Severity
from factlint.packs import EntryMatcher, Regex, data_regex
from factlint.registry import PARAGRAPHS, Rule, Setup, register


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

    # The title is ``doc.title_block``; the scope is where denials are looked for.
    scope = PARAGRAPHS

    def prepare(self, setup: Setup) -> None:
        self.matcher = EntryMatcher(setup.entries)
        tables = [d for d in setup.data if isinstance(d, dict)]
        self.promises = [(_compile(item.get("regex"), "promises"), str(item.get("what", "news")))
                         for table in tables for item in table.get("promises", []) or []
                         if isinstance(item, dict)]
        self.denials = [_compile(p, "denials") for table in tables
                        for p in table.get("denials", []) or []]

    def check(self, doc: Document, facts: Any) -> Iterable[Finding]:
        block = doc.title_block
        if block is None or not doc.holds(block):
            return
        yield from self._broken_promise(doc)
        for m in self.matcher.find(block):
            text = block.text[m.start : m.end]
            reason = m.entry.reason or "clickbait pattern"
            yield self.finding(
                doc, block, m.start, m.end,
                f"title uses '{text}' ({reason}); say what the article actually reports",
                severity=m.entry.severity,
            )

    def _broken_promise(self, doc: Document) -> Iterable[Finding]:
        """The title promises something the article's prose says does not exist."""
        block = doc.title_block
        if block is None:
            return
        promise = next(((m, what) for rx, what in self.promises
                        for m in [rx.search(block.text)] if m is not None), None)
        if promise is None or not self.denials:
            return
        # Only text is read (no parses), so the whole article's paragraphs may be.
        for other in doc.article.in_scope(self.scope):
            said = next((d for rx in self.denials for d in [rx.search(other.text)] if d), None)
            if said is None:
                continue
            m, what = promise
            yield self.finding(
                doc, block, m.start(), m.end(),
                f"title promises {what} ('{m.group()}'), but line {other.line} says "
                f"'{said.group()}'; make the title say what the article reports",
            )
            return


def _compile(pattern: Any, table: str) -> Regex:
    """A case-insensitive regex of the ``promises`` or ``denials`` table."""
    if not isinstance(pattern, str) or not pattern.strip():
        raise ConfigError(f"FL505 pack data: every '{table}' item needs a regex")
    try:
        return data_regex(pattern, re.IGNORECASE)
    except re.error as exc:
        raise ConfigError(f"FL505 pack data: bad regex in '{table}': {exc}") from None
