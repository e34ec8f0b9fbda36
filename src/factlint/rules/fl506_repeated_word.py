"""FL506 repeated-word: the same word twice in a row ("the the"), across line breaks too."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from factlint.document import Document
from factlint.errors import ConfigError
from factlint.finding import Applicability, Finding, Severity
from factlint.packs import phrase_regex
from factlint.registry import HEADINGS, PROSE, Rule, Setup, register

_DOUBLE = re.compile(
    r"(?<![\w'’-])([^\W\d_]+(?:['’][^\W\d_]+)*)\s+(\1)(?![\w'’-])", re.IGNORECASE
)
# Only whitespace (line breaks too) may separate the two words in the source; markup
# between them ("The *the* in the credits") usually marks a word being mentioned.
_GAP = re.compile(r"\s+")


def _compile(pattern: str) -> re.Pattern[str]:
    try:
        return re.compile(pattern, re.IGNORECASE)
    except re.error as exc:
        raise ConfigError(f"FL506 allowed_patterns: invalid regex {pattern!r}: {exc}") from None


@register
class RepeatedWord(Rule):
    code = "FL506"
    name = "repeated-word"
    severity = Severity.WARNING
    family = "style"
    summary = "The same word appears twice in a row."
    explanation = (
        "\"the the\" or \"is is\" is almost always an editing slip, and easy to miss when the "
        "two words sit on different lines. Doubles that are correct English or deliberate "
        "(\"had had\", \"that that\", \"what the show is is\", \"bye bye\") are listed "
        "in rules/style/repeated-word.yaml (phrases under `allowed`, regexes under "
        "`allowed_patterns`); add your own under `packs:`. A repeat whose second "
        "word is capitalised is taken for a name or title (\"Duran Duran\", \"Talk Talk\") "
        "and left alone, unless the first is a lower-case article (`title_articles` in the "
        "same file: the, a, an) before a title that starts with the same article (\"the "
        "The Boys finale\"): drop the article or reword (\"the finale of The Boys\"). A "
        "pair with markup between them (\"the *the*\") is left alone. Block quotes are not "
        "checked. Delete one of the two words."
    )
    bad_example = "The studio confirmed that the\nthe second season will air in July."
    good_example = "The studio confirmed that the second season will air in July."

    scope = PROSE | HEADINGS
    fixable = Applicability.SAFE
    fix_explanation = (
        "Deletes the second word and the space or line break before it. An article before a "
        "title that starts with it (\"the The Boys\") is deleted only with --unsafe-fixes: "
        "rewording around the title may read better."
    )

    def prepare(self, setup: Setup) -> None:
        tables = [d for d in setup.data if isinstance(d, dict)]
        self.allowed = [phrase_regex(str(item)) for d in tables for item in d.get("allowed", [])
                        if str(item).strip()]
        self.allowed += [_compile(str(item)) for d in tables
                         for item in d.get("allowed_patterns", []) if str(item).strip()]
        # An article doubled by the title after it ("the The Boys finale").
        self.title_articles = frozenset(str(item).strip().lower() for d in tables
                                        for item in d.get("title_articles", []))

    def check(self, doc: Document, facts: Any) -> Iterable[Finding]:
        allowed = self.allowed
        for block in self.blocks(doc):
            text = block.text
            spans: list[tuple[int, int]] | None = None
            for m in _DOUBLE.finditer(text):
                first, second = m.group(1), m.group(2)
                before_title = (second[0].isupper() and first.islower()
                                and first in self.title_articles)
                if second[0].isupper() and not before_title:
                    continue
                src_first_end = block.source_span(m.start(1), m.end(1))[1]
                src_second_start = block.source_span(m.start(2), m.end(2))[0]
                if not _GAP.fullmatch(doc.source[src_first_end:src_second_start]):
                    continue  # something (code, a link target) separates them in the source
                if spans is None:
                    spans = [(a.start(), a.end()) for rx in allowed for a in rx.finditer(text)]
                if any(s <= m.start() and m.end() <= e for s, e in spans):
                    continue
                src_second_end = block.source_span(m.start(2), m.end(2))[1]
                if before_title:
                    src_first_start = block.source_span(m.start(1), m.end(1))[0]
                    yield self.finding(
                        doc, block, m.start(), m.end(),
                        f"'{first}' before a title that starts with '{second}' reads as the "
                        f"same word twice; drop '{first}' or reword around the title",
                        fix=self.make_fix(f"Delete '{first}' before the title", self.edit_at(
                            doc, src_first_start, src_second_start, ""),
                            applicability=Applicability.UNSAFE),
                    )
                    continue
                fix = None
                if doc.source[src_second_start:src_second_end] == second:
                    fix = self.make_fix(f"Delete the repeated '{second}'", self.edit_at(
                        doc, src_first_end, src_second_end, ""))
                yield self.finding(
                    doc, block, m.start(), m.end(),
                    f"'{m.group(1)}' is repeated; delete one of the two words", fix=fix,
                )
