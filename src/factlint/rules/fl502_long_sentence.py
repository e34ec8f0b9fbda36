"""FL502 long-sentence: a prose sentence longer than the configured number of words."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar

from factlint.document import Document
from factlint.finding import Finding, Severity
from factlint.registry import Option, Rule, Setup, register


def word_count(text: str) -> int:
    """Words as an editor counts them: whitespace-separated runs holding a letter or digit."""
    return sum(1 for w in text.split() if any(ch.isalnum() for ch in w))


@register
class LongSentence(Rule):
    code = "FL502"
    name = "long-sentence"
    severity = Severity.WARNING
    family = "style"
    summary = "A sentence is longer than the configured number of words."
    explanation = (
        "Sentences over `max_words` words (default 35) are hard to follow on a screen and are "
        "often two or three thoughts joined by commas, or a run-on left after an edit. Prose "
        "paragraphs and list items are checked; headings, block quotes and code are not. "
        "Words are whitespace-separated runs containing a letter or digit. Split the sentence "
        "where its ideas change. Needs the parser, so that sentence boundaries are the same "
        "whatever other rules run."
    )
    bad_example = (
        "The second season, which the studio announced at a festival panel after months of "
        "rumours that had spread across fan forums and social media, will adapt the theatre "
        "arc, introduce several new characters and, according to the director, lean further "
        "into the darker themes that made the first season stand out."
    )
    good_example = (
        "The studio announced the second season at a festival panel. It will adapt the theatre "
        "arc and introduce several new characters. According to the director, it will also "
        "lean further into the darker themes that made the first season stand out."
    )
    options: ClassVar[dict[str, Option]] = {
        "max_words": Option(35, "longest sentence accepted, in words"),
    }
    needs = frozenset({"parser"})

    def prepare(self, setup: Setup) -> None:
        self.max_words = int(setup.options["max_words"])

    def check(self, doc: Document, facts: Any) -> Iterable[Finding]:
        limit = self.max_words
        for block in self.blocks(doc):
            for sent in block.sentences:
                words = word_count(sent.text)
                if words > limit:
                    yield self.finding(
                        doc, block, sent.start, sent.end,
                        f"sentence has {words} words (limit {limit}); split it where its "
                        f"ideas change so each sentence makes one point",
                    )
