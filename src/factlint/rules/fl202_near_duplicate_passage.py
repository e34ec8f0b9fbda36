"""FL202 near-duplicate-passage: a sentence or paragraph said twice in other words."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar

from factlint.document import Document
from factlint.duplication import (
    PAIR_DEFAULTS,
    PARAGRAPH_DEFAULTS,
    cached_analysis,
    peers_for,
)
from factlint.finding import Finding, Severity
from factlint.registry import Rule, RuleContext, register


@register
class NearDuplicatePassage(Rule):
    code = "FL202"
    name = "near-duplicate-passage"
    severity = Severity.WARNING
    family = "duplication"
    summary = "A sentence or paragraph repeats an earlier one with a few words changed."
    explanation = (
        "Padding often restates a sentence with a word or two swapped ('takes an unexpected "
        "turn' / 'takes an exciting turn') or the same words in another order. Passages are "
        "compared as sets of content-word lemmas: a pair is reported when the shorter one "
        "shares at least `threshold` of its content words with the other, it has at least "
        "`min_words` content words (`paragraph_min_words` for whole paragraphs), and neither "
        "is more than `max_length_ratio` times longer. The words of the heading keyword "
        "phrase (see FL103) do not count, so sentences that merely share the show's name "
        "are not paired. The later passage is reported, naming the line of the earlier one; "
        "a repeated paragraph is reported once, not sentence by sentence, and repeats that "
        "FL201 or FL203 report are left to them. Keep the better sentence and delete or "
        "rewrite the other so that it adds something new."
    )
    bad_example = (
        "Mia joins a rival theatre troupe after a disastrous audition.\n\n...\n\n"
        "After a disastrous audition, Mia joins the rival theatre troupe."
    )
    good_example = (
        "Mia joins a rival theatre troupe after a disastrous audition.\n\n...\n\n"
        "The troupe's director casts her as an understudy."
    )
    options: ClassVar[dict[str, Any]] = {**PAIR_DEFAULTS, **PARAGRAPH_DEFAULTS}
    needs = frozenset({"lemmatizer"})

    def check(self, doc: Document, ctx: RuleContext) -> Iterable[Finding]:
        analysis = cached_analysis(doc, peers_for(self.code, ctx.options, ctx.peers))
        for earlier, later, score in analysis.near_passages:
            what = "paragraph" if later.start == 0 and later.end >= len(
                later.block.text.rstrip()) and len(later.block.sentences) > 1 else "sentence"
            place = (f"line {earlier.block.line}" if earlier.block is not later.block
                     else "earlier in this paragraph")
            yield self.finding(
                doc, later.block, later.start, later.end,
                f"{what} repeats the one on {place} in other words ({score:.0%} of its content "
                f"words are shared); delete it or make it say something new",
            )
