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
        "and left alone, and so is a pair with markup between them (\"the *the*\"). Block "
        "quotes are not checked. Delete one of the two words."
    )
    bad_example = "The studio confirmed that the\nthe second season will air in July."
    good_example = "The studio confirmed that the second season will air in July."

    scope = PROSE | HEADINGS
    fixable = Applicability.SAFE
    fix_explanation = "Deletes the second word and the space or line break before it."

    def prepare(self, setup: Setup) -> None:
        tables = [d for d in setup.data if isinstance(d, dict)]
        self.allowed = [phrase_regex(str(item)) for d in tables for item in d.get("allowed", [])
                        if str(item).strip()]
        self.allowed += [_compile(str(item)) for d in tables
                         for item in d.get("allowed_patterns", []) if str(item).strip()]

    def check(self, doc: Document, facts: Any) -> Iterable[Finding]:
        allowed = self.allowed
        for block in self.blocks(doc):
            text = block.text
            spans: list[tuple[int, int]] | None = None
            for m in _DOUBLE.finditer(text):
                second = m.group(2)
                if second[0].isupper():
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
                fix = None
                if doc.source[src_second_start:src_second_end] == second:
                    fix = self.make_fix(f"Delete the repeated '{second}'", self.edit_at(
                        doc, src_first_end, src_second_end, ""))
                yield self.finding(
                    doc, block, m.start(), m.end(),
                    f"'{m.group(1)}' is repeated; delete one of the two words", fix=fix,
                )
